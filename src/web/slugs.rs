//! File names for the site's pages: plain lower-case letters, digits and hyphens, so
//! that every web server serves them as they are, and each one once.

use std::collections::HashSet;

/// A name as a file name: "Burnley Central East" → "burnley-central-east"; letters
/// beyond ASCII (Welsh ŵ, ŷ) lose their accent where they have a plain form, and
/// anything else becomes a hyphen.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let plain = match c {
            'a'..='z' | '0'..='9' => Some(c),
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' => Some('a'),
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => Some('e'),
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => Some('i'),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' => Some('o'),
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => Some('u'),
            'ŵ' | 'Ŵ' | 'ẁ' | 'ẃ' | 'ẅ' | 'Ẁ' | 'Ẃ' | 'Ẅ' => Some('w'),
            'ŷ' | 'Ŷ' | 'ỳ' | 'ý' | 'ÿ' | 'Ỳ' | 'Ý' | 'Ÿ' => Some('y'),
            'ç' | 'Ç' => Some('c'),
            'ñ' | 'Ñ' => Some('n'),
            '\'' | '’' => None,
            _ => Some('-'),
        };
        match plain {
            Some('-') if out.is_empty() || out.ends_with('-') => {}
            Some(c) => out.push(c),
            None => {}
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("page");
    }
    out
}

/// Hands out file names, each once: a second "Park" becomes "park-2".
#[derive(Default)]
pub struct Slugs {
    taken: HashSet<String>,
}

impl Slugs {
    pub fn take(&mut self, name: &str) -> String {
        let base = slug(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_plain_file_names() {
        assert_eq!(slug("Burnley Central East"), "burnley-central-east");
        assert_eq!(slug("Ynys Môn"), "ynys-mon");
        assert_eq!(slug("St. Helens North & South"), "st-helens-north-south");
        assert_eq!(slug("Bro Ŵyr"), "bro-wyr");
        assert_eq!(slug("ẄEST Ỳnys"), "west-ynys");
        assert_eq!(slug("King's Lynn"), "kings-lynn");
        assert_eq!(slug("../../etc"), "etc");
        assert_eq!(slug("東京"), "page");
    }

    #[test]
    fn each_name_is_given_once() {
        let mut slugs = Slugs::default();
        assert_eq!(slugs.take("Park"), "park");
        assert_eq!(slugs.take("park"), "park-2");
        assert_eq!(slugs.take("Park!"), "park-3");
    }
}
