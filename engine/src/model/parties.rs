//! Parties: interned once per election, matched however a source spells them, and
//! grouped as results services count them (a joint description counts for its main
//! party: "Labour and Co-operative Party" candidates are Labour).

use std::collections::HashMap;

use super::PartyIx;

/// The name every candidate without a party stands under. All of them are grouped
/// under it on party tables, as results services do.
pub const INDEPENDENT: &str = "Independent";

/// Independents and small parties lumped together by a composition source.
pub const OTHERS: &str = "Others";

/// Key under which two spellings of one party name are the same party: case, spacing,
/// punctuation, "&" for "and", a leading "The" and a trailing "Party" do not count
/// ("The Brexit Party" = "Brexit Party" = "brexit"; "Labour & Co-operative" =
/// "Labour and Co-operative Party").
pub fn party_key(name: &str) -> String {
    let lower = name.trim().to_lowercase().replace('&', " and ");
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut words = words.as_slice();
    if words.len() > 1 && words[0] == "the" {
        words = &words[1..];
    }
    if words.len() > 1 && words[words.len() - 1] == "party" {
        words = &words[..words.len() - 1];
    }
    if words.is_empty() {
        return INDEPENDENT.to_lowercase();
    }
    words.join(" ")
}

/// Interned party names.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Parties {
    names: Vec<String>,
    by_key: HashMap<String, PartyIx>,
}

impl Parties {
    /// The index for `name`, adding it if it is new. Spellings with the same
    /// [`party_key`] are one party, named as first seen; a blank name is [`INDEPENDENT`].
    pub fn intern(&mut self, name: &str) -> PartyIx {
        let display = display_name(name);
        let key = party_key(display);
        if let Some(&ix) = self.by_key.get(&key) {
            return ix;
        }
        let ix = PartyIx(u32::try_from(self.names.len()).unwrap_or(u32::MAX));
        self.names.push(display.to_string());
        self.by_key.insert(key, ix);
        ix
    }

    pub fn find(&self, name: &str) -> Option<PartyIx> {
        self.by_key.get(&party_key(display_name(name))).copied()
    }

    pub fn name(&self, ix: PartyIx) -> &str {
        &self.names[ix.index()]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (PartyIx, &str)> {
        self.names
            .iter()
            .enumerate()
            .map(|(i, n)| (PartyIx(i as u32), n.as_str()))
    }

    /// Independents are not a party: they are grouped for tables but cannot hold control.
    pub fn is_independent(&self, ix: PartyIx) -> bool {
        self.names[ix.index()].eq_ignore_ascii_case(INDEPENDENT)
    }

    /// Whether a "party" is one group of many members standing apart (independents,
    /// or a composition's "others"): it never holds control.
    pub fn cannot_hold_control(&self, ix: PartyIx) -> bool {
        self.is_independent(ix) || self.names[ix.index()].eq_ignore_ascii_case(OTHERS)
    }
}

/// A party name as it is shown: trimmed, and [`INDEPENDENT`] when blank (an
/// independent may stand with no description at all).
pub fn display_name(name: &str) -> &str {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        INDEPENDENT
    } else {
        trimmed
    }
}

/// Which party a ballot description counts for, when it is not a party of its own:
/// joint descriptions and other spellings results services count with a main party.
/// The table shipped with the app, and tables a user gives, are read by
/// `formats::party_groups`.
#[derive(Debug, Clone, Default)]
pub struct PartyGroups {
    /// [`party_key`] of the description -> the party it counts for.
    by_description: HashMap<String, String>,
}

impl PartyGroups {
    pub fn insert(&mut self, description: &str, party: &str) {
        self.by_description
            .insert(party_key(description), party.trim().to_string());
    }

    /// The party `description` counts for, if the table groups it.
    pub fn counts_for(&self, description: &str) -> Option<&str> {
        self.by_description
            .get(&party_key(description))
            .map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.by_description.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_description.is_empty()
    }
}

/// Works out, for a source that marks which descriptions belong to one party (the
/// Commons Library's party abbreviation, Democracy Club's registered party id), the
/// party each description counts for. Rows are (mark, description, whether the row is
/// the party's own and not a joint description). The party is named by its own
/// description where a row says which that is, else by the most used one.
/// Returns description -> party, only for descriptions that are grouped.
pub fn groups_by_mark<'a>(
    rows: impl Iterator<Item = (&'a str, &'a str, bool)>,
) -> HashMap<String, String> {
    // mark -> [(description, rows, own)], in the order first seen
    let mut by_mark: HashMap<&str, Vec<(&str, usize, bool)>> = HashMap::new();
    for (mark, description, own) in rows {
        let mark = mark.trim();
        if mark.is_empty() {
            continue;
        }
        let names = by_mark.entry(mark).or_default();
        match names.iter_mut().find(|(d, _, _)| *d == description) {
            Some((_, n, o)) => {
                *n += 1;
                *o |= own;
            }
            None => names.push((description, 1, own)),
        }
    }
    let mut out = HashMap::new();
    for names in by_mark.values() {
        if names.len() < 2 {
            continue;
        }
        // The first of the most used: max_by_key keeps the last of equals, so reverse.
        let Some(&(main, _, _)) = names.iter().rev().max_by_key(|(_, n, own)| (*own, *n)) else {
            continue;
        };
        for &(description, _, _) in names {
            if party_key(description) != party_key(main) {
                out.insert(description.to_string(), main.to_string());
            }
        }
    }
    out
}
