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

/// The party groups shipped with the app: `description, party`.
const SHIPPED_GROUPS: &str = include_str!("../../assets/party-groups.csv");

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
#[derive(Debug, Clone, Default)]
pub struct PartyGroups {
    /// [`party_key`] of the description -> the party it counts for.
    by_description: HashMap<String, String>,
}

/// A row of a party groups table that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRowError {
    /// 1-based row number, counting the header as row 1.
    pub line: u64,
    pub problem: String,
}

impl PartyGroups {
    /// The table shipped with the app (`assets/party-groups.csv`).
    pub fn shipped() -> Self {
        let mut groups = PartyGroups::default();
        // The shipped table is checked by a test; were it unreadable, nothing is grouped.
        let _ = groups.add_csv(SHIPPED_GROUPS);
        groups
    }

    /// Adds (or overrides) rows from `description,party` text: a header row naming the
    /// two columns (in either order; `counts_for` for the party is read too), then
    /// one description a line. Returns how many rows were read. Refused, at its line:
    /// a header without the two columns, a row without both, text that is not text
    /// (a replacement or control character: a file saved in another encoding), and
    /// a description that counts for a party which itself counts for another.
    pub fn add_csv(&mut self, text: &str) -> Result<usize, GroupRowError> {
        let text = text.trim_start_matches('\u{feff}');
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let header = match records.next() {
            Some(Ok(h)) => h,
            _ => {
                return Err(GroupRowError {
                    line: 1,
                    problem: "there is no header row".into(),
                });
            }
        };
        let key = |h: &str| h.trim().to_lowercase().replace([' ', '-'], "_");
        let find = |names: &[&str]| header.iter().position(|h| names.contains(&key(h).as_str()));
        let (Some(c_description), Some(c_party)) = (
            find(&["description", "ballot_description"]),
            find(&["party", "counts_for", "party_group"]),
        ) else {
            return Err(GroupRowError {
                line: 1,
                problem: format!(
                    "the header must name a \"description\" and a \"party\" column; it has {}",
                    header
                        .iter()
                        .map(|h| format!("\"{}\"", h.escape_default()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        };
        let mut rows: Vec<(u64, String, String)> = Vec::new();
        for record in records {
            let line_of = |byte: u64| {
                let at = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
                let before = &text.as_bytes()[..at];
                let ends = before
                    .iter()
                    .enumerate()
                    .filter(|&(i, &b)| {
                        b == b'\n' || (b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'))
                    })
                    .count() as u64;
                ends + 1
            };
            let record = record.map_err(|e| GroupRowError {
                line: e.position().map_or(0, |p| line_of(p.byte())),
                problem: format!("the row cannot be read ({e})"),
            })?;
            let line = record.position().map_or(0, |p| line_of(p.byte()));
            let description = record.get(c_description).unwrap_or_default().trim();
            let party = record.get(c_party).unwrap_or_default().trim();
            if description.is_empty() && party.is_empty() {
                continue;
            }
            if description.is_empty() || party.is_empty() {
                return Err(GroupRowError {
                    line,
                    problem: "each row needs a description and the party it counts for".into(),
                });
            }
            if let Some(bad) = [description, party]
                .iter()
                .find(|t| t.chars().any(|c| c == '\u{fffd}' || c.is_control()))
            {
                return Err(GroupRowError {
                    line,
                    problem: format!(
                        "\"{}\" is not text as written (a character lost in another encoding, or a control character); save the file as UTF-8",
                        bad.escape_default()
                    ),
                });
            }
            rows.push((line, description.to_string(), party.to_string()));
        }
        // A party that counts for another: a cycle, or a chain one step would not follow.
        for (line, description, party) in &rows {
            if let Some((_, _, further)) = rows
                .iter()
                .find(|(_, d, _)| {
                    party_key(d) == party_key(party) && party_key(d) != party_key(description)
                })
                .filter(|(_, _, p)| party_key(p) != party_key(party))
            {
                return Err(GroupRowError {
                    line: *line,
                    problem: format!(
                        "\"{description}\" counts for \"{party}\", which itself counts for \"{further}\"; say the party each description counts for in the end"
                    ),
                });
            }
        }
        let read = rows.len();
        for (_, description, party) in rows {
            self.insert(&description, &party);
        }
        Ok(read)
    }

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

#[cfg(test)]
mod shipped_tests {
    use super::*;

    #[test]
    fn the_shipped_groups_read_whole() {
        let mut groups = PartyGroups::default();
        let read = groups
            .add_csv(SHIPPED_GROUPS)
            .expect("the shipped table reads");
        assert!(read > 10, "{read} rows");
        assert_eq!(
            groups.counts_for("Labour and Co-operative Party"),
            Some("Labour")
        );
    }
}
