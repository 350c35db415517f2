//! The Commons Library's results by constituency read as a baseline
//! (`docs/formats.md`, "Other formats"): one row a constituency and one column of
//! votes a party ("Con", "Lab", … "All other candidates"), no candidates. Notional
//! results on new boundaries — the only baseline a general election after a boundary
//! review has — come in this shape. Each party's column becomes one candidate of that
//! party, named after it (the winner by the member's name where the file gives it), so
//! that the tally reads the last election's shares and winners as from any other file.
//!
//! The file is read in two steps: every row's figures first, then, once it is known
//! whether they are votes or shares in per cent ([`figures::Scale`]), each row
//! settled into candidates ([`row::settle`]).

mod columns;
mod figures;
mod row;

use std::collections::HashMap;

use crate::formats::FileError;
use crate::formats::commons_library::{repair_mojibake, uk_time};
use crate::formats::csv_table::CsvTable;
use crate::formats::native::{RawCandidate, RawDivision, RawResults};
use crate::model::{CandidateSetup, DivisionSetup, OTHERS, PollKind};
use crate::tally::checks::CountText;

pub use columns::known_party;
pub use columns::looks_like;
use columns::{
    ALL_OTHER, CONSTITUENCY, DECLARATION_TIME, ELECTORATE, FIRST_PARTY, INVALID, MEMBER_FIRST_NAME,
    MEMBER_SURNAME, ONS_ID, OTHER_WINNER, REGION, VALID, party_columns, unread_columns,
};
use figures::{Scale, figure_of, looks_like_shares};
use row::{Columns, RowRead, Settled, settle};

/// Reads the file as a baseline; notes say what was worked out (figures rounded,
/// shares read as shares, votes the parties' columns leave out counted as others).
pub fn read_raw(file: &str, bytes: &[u8]) -> Result<(RawResults, Vec<String>), FileError> {
    let mut table = CsvTable::new(file, bytes)?;
    let c_id = table.require(&ONS_ID)?;
    let c_name = table.require(&CONSTITUENCY)?;
    let headers = table.headers_as_written().to_vec();
    let cols = Columns {
        parties: party_columns(&table),
        first: table.column(&FIRST_PARTY),
        all_other: table.column(&ALL_OTHER),
        other_winner: table.column(&OTHER_WINNER),
        valid: table.column(&VALID),
        electorate: table.column(&ELECTORATE),
        headers: headers.clone(),
    };
    if cols.parties.is_empty() {
        return Err(FileError::new(
            file,
            "no column of votes by party (the Library's are headed Con, Lab, LD and so on)",
        )
        .at_line(table.header_line())
        .hint("Give the results by constituency as the Commons Library publishes them"));
    }
    let (c_region, c_invalid, c_time) = (
        table.column(&REGION),
        table.column(&INVALID),
        table.column(&DECLARATION_TIME),
    );
    let c_member = (
        table.column(&MEMBER_FIRST_NAME),
        table.column(&MEMBER_SURNAME),
    );
    let fix = |text: &str| repair_mojibake(text).unwrap_or_else(|| text.to_string());
    // Each row's division as set up, its member's name, and its figures.
    let mut rows: Vec<(RawDivision, String, RowRead)> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    while let Some(row) = table.next_row() {
        let row = row?;
        let line = row.line;
        let at = |c: usize, problem: String, hint: &str| {
            FileError::in_cell(file, line, c, &headers, problem).hint(hint)
        };
        let id = row.get(Some(c_id));
        if id.is_empty() {
            return Err(at(
                c_id,
                "the ONS ID is blank".into(),
                "Every row needs its constituency's ONS ID",
            ));
        }
        if let Some(first) = seen.insert(id.to_string(), line) {
            return Err(at(
                c_id,
                format!("constituency {id} is given twice (first on line {first})"),
                "Keep one row per constituency",
            ));
        }
        if row.get(Some(c_name)).is_empty() {
            return Err(at(
                c_name,
                format!("the constituency name of {id} is blank"),
                "Every row needs its constituency's name",
            ));
        }
        let figure = |c: Option<usize>| -> Result<Option<f64>, FileError> {
            match c {
                Some(c) => figure_of(row.get(Some(c)))
                    .map(Some)
                    .map_err(|p| at(c, p, "Correct the figure or leave it blank")),
                None => Ok(None),
            }
        };
        let parties = cols
            .parties
            .iter()
            .map(|pc| figure(Some(pc.index)).map(Option::unwrap_or_default))
            .collect::<Result<Vec<f64>, FileError>>()?;
        let electorate = match row.get(cols.electorate) {
            "" => None,
            text => crate::formats::electorate(text).map_err(|p| {
                at(
                    cols.electorate.unwrap_or_default(),
                    p,
                    "Correct it or leave it blank",
                )
            })?,
        };
        let read = RowRead {
            line,
            first: Some(row.get(cols.first).trim().to_string()).filter(|t| !t.is_empty()),
            parties,
            others: figure(cols.all_other)?,
            other_winner: figure(cols.other_winner)?,
            valid: figure(cols.valid)?.filter(|&v| v > 0.0),
            electorate,
        };
        let member = format!("{} {}", row.get(c_member.0), row.get(c_member.1));
        let mut division = RawDivision::named(
            DivisionSetup {
                name: fix(row.get(Some(c_name))),
                code: Some(id.to_string()),
                area: Some(row.get(c_region).to_string()).filter(|a| !a.is_empty()),
                seats: 1,
                electorate,
                ..DivisionSetup::default()
            },
            line,
        );
        division.rejected = CountText::new(row.get(c_invalid));
        division.declared_at = match row.get(c_time) {
            "" => None,
            text => uk_time(text),
        };
        rows.push((division, fix(member.trim()), read));
    }
    if rows.is_empty() {
        return Err(
            FileError::new(file, "the file has a header but no constituencies")
                .hint("Give one row per constituency under the header"),
        );
    }
    let scale = scale_of(file, &rows)?;
    let mut said = Said {
        unread: unread_columns(&table, &cols.parties),
        ..Said::default()
    };
    let mut divisions = Vec::with_capacity(rows.len());
    for (mut division, member, read) in rows {
        let settled = settle(file, &read, &cols, scale)?;
        said.add(&read, &settled, scale);
        candidates_of(&mut division, &settled, &member);
        divisions.push(division);
    }
    let notes = said.notes(file, &cols, scale);
    let votes_column = cols.parties[0].index;
    Ok((
        RawResults {
            poll: PollKind::Parliament,
            ..RawResults::votes_only(file, divisions, votes_column, headers)
        },
        notes,
    ))
}

/// Whether the file's figures are votes or shares, told row by row: a file is one or
/// the other throughout, and one that mixes them is refused at the first row that
/// differs from the first.
fn scale_of(file: &str, rows: &[(RawDivision, String, RowRead)]) -> Result<Scale, FileError> {
    let kind = |r: &RowRead| {
        if looks_like_shares(r.sum()) {
            "shares in per cent"
        } else {
            "votes"
        }
    };
    let first = &rows[0].2;
    if let Some((_, _, other)) = rows.iter().find(|(_, _, r)| kind(r) != kind(first)) {
        return Err(FileError::new(
            file,
            format!(
                "the figures of line {} add up to {} ({}) but those of line {} to {} ({})",
                first.line,
                figures::shown(first.sum()),
                kind(first),
                other.line,
                figures::shown(other.sum()),
                kind(other)
            ),
        )
        .at_line(other.line)
        .hint("Give every constituency's figures the same way: votes, or shares in per cent"));
    }
    Ok(if kind(first) == "votes" {
        Scale::Votes
    } else if rows.iter().all(|(_, _, r)| r.valid.is_some()) {
        Scale::SharesOfValid
    } else {
        Scale::SharesOf10000
    })
}

/// The division's candidates from its settled figures: each party one candidate
/// named after it, the winner by the member's name where the file gives one, and
/// the other candidates as one or more candidates of "Others".
fn candidates_of(division: &mut RawDivision, settled: &Settled, member: &str) {
    let line = division.line;
    if settled.votes_unknown {
        // The winner alone, with no votes: the seat is known, the shares are not.
        let party = settled.votes[0].0.as_str();
        let name = if member.is_empty() { party } else { member };
        division.setup.candidates = vec![CandidateSetup::new(name, party)];
        division.candidates = vec![RawCandidate {
            votes: CountText::Blank,
            elected: None,
            won_by_lot: None,
            line,
        }];
        return;
    }
    let parts = settled.votes.iter().filter(|(p, _)| p == OTHERS).count();
    let mut part = 0;
    division.setup.candidates = settled
        .votes
        .iter()
        .enumerate()
        .map(|(i, (party, _))| {
            let name = if i == settled.winner && !member.is_empty() {
                member.to_string()
            } else if party == OTHERS {
                part += 1;
                if parts > 1 {
                    format!("All other candidates ({part} of {parts})")
                } else {
                    "All other candidates".to_string()
                }
            } else {
                party.clone()
            };
            CandidateSetup::new(name, party.as_str())
        })
        .collect();
    division.candidates = settled
        .votes
        .iter()
        .enumerate()
        .map(|(i, &(_, v))| RawCandidate {
            votes: CountText::Digits(v),
            elected: None,
            won_by_lot: (settled.tied && i == settled.winner).then_some(true),
            line,
        })
        .collect();
}

/// What reading the rows found, for the notes.
#[derive(Default)]
struct Said {
    rounded: usize,
    filled: Vec<u64>,
    tied: Vec<u64>,
    votes_unknown: Vec<u64>,
    unknown_winners: Vec<(String, u64)>,
    unread: Vec<String>,
}

/// "N constituencies (line a, b and c)", the lines cut at twelve.
fn constituencies_at(lines: &[u64]) -> String {
    let shown: Vec<String> = lines.iter().take(12).map(u64::to_string).collect();
    let more = match lines.len().saturating_sub(12) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let (noun, line) = if lines.len() == 1 {
        ("constituency", "line")
    } else {
        ("constituencies", "lines")
    };
    format!("{} {noun} ({line} {}{more})", lines.len(), shown.join(", "))
}

impl Said {
    fn add(&mut self, read: &RowRead, settled: &Settled, scale: Scale) {
        if scale == Scale::Votes {
            self.rounded += read.with_decimals();
        }
        for (happened, lines) in [
            (settled.filled, &mut self.filled),
            (settled.tied, &mut self.tied),
            (settled.votes_unknown, &mut self.votes_unknown),
        ] {
            if happened {
                lines.push(read.line);
            }
        }
        if let Some(first) = &read.first
            && columns::known_party(first).is_none()
        {
            self.unknown_winners.push((first.clone(), read.line));
        }
    }

    /// Long: one note per thing the reader worked out, each a few lines of wording.
    fn notes(&self, file: &str, cols: &Columns, scale: Scale) -> Vec<String> {
        let mut notes = vec![format!(
            "{file}: read as results by constituency, one candidate a party column ({} columns); parties without a column of their own are counted together as \"{OTHERS}\", so each of them is new against this baseline: their seats won and lost are right, their changes in share are not theirs alone",
            cols.parties.len()
        )];
        let unknown: Vec<&str> = cols
            .parties
            .iter()
            .filter(|c| c.unknown)
            .map(|c| c.party.as_str())
            .collect();
        if !unknown.is_empty() {
            notes.push(format!(
                "{file}: columns not among the Library's party abbreviations, each taken as a party of its own name: {}",
                unknown.join(", ")
            ));
        }
        if !self.unread.is_empty() {
            notes.push(format!(
                "{file}: columns not read (neither a party the Library abbreviates nor one of its other columns): {}",
                self.unread.join(", ")
            ));
        }
        if cols.all_other.is_none() {
            notes.push(format!(
                "{file}: no \"All other candidates\" column: {}",
                if cols.valid.is_some() {
                    "what the parties' votes leave of each constituency's valid votes is counted as \"Others\""
                } else {
                    "each constituency's shares are of the named parties' votes alone (the file gives no valid votes)"
                }
            ));
        }
        if cols.first.is_none() {
            notes.push(format!(
                "{file}: no First party column: each constituency's winner is taken as its largest party"
            ));
        }
        if !self.unknown_winners.is_empty() {
            let shown: Vec<String> = self
                .unknown_winners
                .iter()
                .take(12)
                .map(|(a, l)| format!("{a} (line {l})"))
                .collect();
            let more = match self.unknown_winners.len().saturating_sub(12) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            notes.push(format!(
                "{file}: First parties not among the Library's abbreviations, each taken as a party of that name: {}{more}",
                shown.join(", ")
            ));
        }
        match scale {
            Scale::Votes => {}
            Scale::SharesOfValid => notes.push(format!(
                "{file}: every constituency's figures add up to about 100: read as shares in per cent of each constituency's valid votes"
            )),
            Scale::SharesOf10000 => notes.push(format!(
                "{file}: every constituency's figures add up to about 100: read as shares in per cent; not every constituency gives its valid votes, so each weighs the same in the baseline's shares across constituencies"
            )),
        }
        if self.rounded > 0 {
            let figures = if self.rounded == 1 {
                "figure"
            } else {
                "figures"
            };
            notes.push(format!(
                "{file}: {} {figures} with decimals (estimates) rounded to whole votes",
                self.rounded
            ));
        }
        if !self.filled.is_empty() {
            notes.push(format!(
                "{file}: the parties' figures fall short of the whole (the valid votes, or 100 %) in {}: the rest counted as \"{OTHERS}\"",
                constituencies_at(&self.filled)
            ));
        }
        if !self.votes_unknown.is_empty() {
            notes.push(format!(
                "{file}: the winner is among the other candidates, and the file does not say how many of their votes are its (no \"Of which other winner\"), in {}: the seat is kept, its votes left out of every share",
                constituencies_at(&self.votes_unknown)
            ));
        }
        if !self.tied.is_empty() {
            notes.push(format!(
                "{file}: the First party ties with another on votes in {}: the First party taken as the winner",
                constituencies_at(&self.tied)
            ));
        }
        notes
    }
}
