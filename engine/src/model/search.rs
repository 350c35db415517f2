//! Finding a division from what a volunteer types in a hurry: the words in any order,
//! "&" or "and" or neither, and, when nothing matches, the nearest name to suggest
//! (a typo or two), never opened without asking.

use super::division_key;

/// Whether a division's name (as its [`division_key`]) holds every word typed, each
/// as part of one of its words, in any order; "and" typed or not.
pub fn name_matches(name_key: &str, wanted_key: &str) -> bool {
    wanted_key
        .split(' ')
        .filter(|w| !w.is_empty() && *w != "and")
        .all(|w| name_key.split(' ').any(|n| n.contains(w)))
}

/// The name nearest to what was typed, when it is near enough to be a slip of the
/// fingers: each word typed against the closest word of the name (or its start, for a
/// word not finished), allowing about one wrong letter in four. Returns its place
/// among `names`.
pub fn nearest<'a>(typed: &str, names: impl Iterator<Item = &'a str>) -> Option<usize> {
    let wanted = division_key(typed);
    let words: Vec<&str> = wanted
        .split(' ')
        .filter(|w| !w.is_empty() && *w != "and")
        .collect();
    if words.is_empty() {
        return None;
    }
    let letters: usize = words.iter().map(|w| w.chars().count()).sum();
    let allowed = (letters / 4).max(1);
    let mut best: Option<((usize, usize), usize)> = None;
    for (i, name) in names.enumerate() {
        let key = division_key(name);
        let name_words: Vec<&str> = key.split(' ').filter(|w| *w != "and").collect();
        let cost: usize = words
            .iter()
            .map(|w| {
                name_words
                    .iter()
                    .map(|n| word_distance(w, n))
                    .min()
                    .unwrap_or(w.chars().count())
            })
            .sum();
        // Of names as near, the one with fewest other words: "oswaldtwistel" means
        // Oswaldtwistle rather than Accrington West & Oswaldtwistle Central.
        let rank = (cost, name_words.len());
        if cost <= allowed && best.is_none_or(|(b, _)| rank < b) {
            best = Some((rank, i));
        }
    }
    best.map(|(_, i)| i)
}

/// Edits from a typed word to a word of the name, or to its start when the word typed
/// is shorter (still being typed).
fn word_distance(typed: &str, word: &str) -> usize {
    let t: Vec<char> = typed.chars().collect();
    let w: Vec<char> = word.chars().collect();
    let whole = levenshtein(&t, &w);
    if t.len() < w.len() {
        whole.min(levenshtein(&t, &w[..t.len()]))
    } else {
        whole
    }
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = if ca == cb {
                previous
            } else {
                1 + previous.min(row[j]).min(row[j + 1])
            };
            previous = here;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 6] = [
        "Preston East",
        "Preston West",
        "Burnley Central East",
        "Chorley Rural East & Rural West",
        "Accrington West & Oswaldtwistle Central",
        "Oswaldtwistle",
    ];

    #[test]
    fn words_in_any_order_and_without_the_ampersand_match() {
        let key = division_key("Chorley Rural East & Rural West");
        assert!(name_matches(&key, &division_key("east chorley")));
        assert!(name_matches(
            &key,
            &division_key("chorley rural east rural west")
        ));
        assert!(name_matches(
            &key,
            &division_key("chorley rural east and rural west")
        ));
        assert!(!name_matches(&key, &division_key("preston")));
    }

    #[test]
    fn a_typo_is_suggested_and_nonsense_is_not() {
        assert_eq!(nearest("prestn east", NAMES.into_iter()), Some(0));
        assert_eq!(nearest("east prestom", NAMES.into_iter()), Some(0));
        assert_eq!(nearest("burnly", NAMES.into_iter()), Some(2));
        assert_eq!(nearest("oswaldtwistel", NAMES.into_iter()), Some(5));
        assert_eq!(nearest("lancaster", NAMES.into_iter()), None);
    }
}
