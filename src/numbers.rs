//! Numbers as people write them on a results sheet: thousands separated by commas
//! (117,707), and one true minus sign (−) for a fall.

/// A count with thousands separators: 117707 → "117,707".
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A change with its sign: "+3", "−2" (the minus sign, not a hyphen), "0".
pub fn change(n: i64) -> String {
    match n {
        0 => "0".into(),
        n if n > 0 => format!("+{}", count(n.unsigned_abs())),
        n => format!("\u{2212}{}", count(n.unsigned_abs())),
    }
}

/// A figure with `decimals` places and its sign: "+1.5", "−0.3".
pub fn change_f(x: f64, decimals: usize) -> String {
    let text = format!("{:.decimals$}", x.abs());
    // A change that rounds to zero has no sign.
    if text.chars().all(|c| c == '0' || c == '.') {
        return text;
    }
    if x > 0.0 {
        format!("+{text}")
    } else {
        format!("\u{2212}{text}")
    }
}

/// A share in percent to one decimal place, never rounded to nothing: a majority of
/// 1 vote in 4,000 is "< 0.1%", not "0.0%".
pub fn percent(p: f64) -> String {
    if p > 0.0 && p < 0.05 {
        "< 0.1%".into()
    } else {
        format!("{p:.1}%")
    }
}

/// A projection's chance, as a percentage it can stand behind: never "100%" or "0%",
/// which only a result can say ("> 99%", "< 1%").
pub fn chance(p: f64) -> String {
    let percent = 100.0 * p;
    if percent >= 99.5 {
        "> 99%".into()
    } else if percent < 0.5 {
        "< 1%".into()
    } else {
        format!("{percent:.0}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_changes_read_as_written() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(117_707), "117,707");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(change(3), "+3");
        assert_eq!(change(-2), "\u{2212}2");
        assert_eq!(change(-1500), "\u{2212}1,500");
        assert_eq!(change_f(-0.04, 1), "0.0");
        assert_eq!(change_f(-1.25, 1), "\u{2212}1.2");
        assert_eq!(change_f(2.0, 1), "+2.0");
        assert_eq!(chance(1.0), "> 99%");
        assert_eq!(chance(0.0), "< 1%");
        assert_eq!(chance(0.42), "42%");
        assert_eq!(percent(0.025), "< 0.1%");
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(percent(22.34), "22.3%");
    }
}
