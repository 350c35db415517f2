//! The CSV every export writes, safe to open in a spreadsheet. A text cell that a
//! spreadsheet would take for a formula (it begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return: a candidate named `=HYPERLINK(…)` on a council laptop) is written
//! with an apostrophe in front, which spreadsheets show as text (OWASP's advice).
//! Numbers ("-3", "+1.5") are never touched. The app's own readers take the
//! apostrophe off again ([`unprotect`]), so an export read back gives the names as
//! they were.

use std::borrow::Cow;
use std::io::Write;

/// The first characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written: with an apostrophe in front where it would read as a formula.
pub fn protect(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(FORMULA_STARTS)
        || (cell.starts_with('\'') && cell[1..].starts_with(FORMULA_STARTS));
    if risky && cell.trim().parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A cell as read: the apostrophe an export put in front of a would-be formula taken
/// off; any other cell as it is.
pub fn unprotect(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) || rest.starts_with('\'') => {
            if rest.starts_with('\'') && !rest[1..].starts_with(FORMULA_STARTS) {
                cell
            } else {
                rest
            }
        }
        _ => cell,
    }
}

/// A CSV writer whose every cell goes through [`protect`].
pub struct Writer<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> Writer<W> {
    pub fn from_writer(out: W) -> Self {
        Writer {
            inner: csv::Writer::from_writer(out),
        }
    }

    pub fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.inner.write_record(
            record
                .into_iter()
                .map(|cell| protect(cell.as_ref()).into_owned()),
        )
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_written_as_text_and_read_back_as_they_were() {
        for name in [
            "=HYPERLINK(\"http://x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1:A2)",
            "\tTab",
            "\rReturn",
            "'=already quoted",
        ] {
            let written = protect(name);
            assert!(written.starts_with('\''), "{name}");
            assert_eq!(unprotect(&written), name);
        }
        for plain in ["-3", "+1.5", "Labour", "O'Brien", "'quoted'", ""] {
            assert_eq!(protect(plain), plain);
            assert_eq!(unprotect(plain), plain);
        }
    }
}
