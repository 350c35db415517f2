//! Party groups tables (`description, party`): the one shipped with the app and any a
//! user gives with `--party-groups`, read into the engine's [`PartyGroups`].

use crate::model::{PartyGroups, party_key};

/// The party groups shipped with the app: `description, party`.
const SHIPPED_GROUPS: &str = include_str!("../../assets/party-groups.csv");

/// The table shipped with the app (`assets/party-groups.csv`).
pub fn shipped() -> PartyGroups {
    let mut groups = PartyGroups::default();
    // The shipped table is checked by a test; were it unreadable, nothing is grouped.
    let _ = add_csv(&mut groups, SHIPPED_GROUPS);
    groups
}

/// A row of a party groups table that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRowError {
    /// 1-based row number, counting the header as row 1.
    pub line: u64,
    pub problem: String,
}

/// Adds (or overrides) rows from `description,party` text: a header row naming the
/// two columns (in either order; `counts_for` for the party is read too), then
/// one description a line. Returns how many rows were read. Refused, at its line:
/// a header without the two columns, a row without both, text that is not text
/// (a replacement or control character: a file saved in another encoding), and
/// a description that counts for a party which itself counts for another.
///
/// Long: One pass over the rows: each field is checked in the file's order against what
/// earlier rows set (the division being read, fields that must agree); split, the pieces
/// would hand that state back and forth.
pub fn add_csv(groups: &mut PartyGroups, text: &str) -> Result<usize, GroupRowError> {
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
        groups.insert(&description, &party);
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_groups_read_whole() {
        let mut groups = PartyGroups::default();
        let read = add_csv(&mut groups, SHIPPED_GROUPS).expect("the shipped table reads");
        assert!(read > 10, "{read} rows");
        assert_eq!(
            groups.counts_for("Labour and Co-operative Party"),
            Some("Labour")
        );
    }
}
