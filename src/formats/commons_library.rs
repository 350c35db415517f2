//! House of Commons Library general election results (`docs/formats.md`, "Other formats"): the
//! by-candidate file, with the by-constituency file when given for electorate, invalid
//! votes and declaration times. Names double-encoded in UTF-8 are repaired when the
//! repair is certain.

use std::collections::HashMap;

use jiff::Timestamp;

use crate::formats::FileError;
use crate::formats::csv_table::{Agreement, ColumnSpec, CsvTable};
use crate::formats::native::{RawCandidate, RawDivision, RawResults, some_candidates};
use crate::model::{CandidateIds, CandidateSetup, DivisionSetup, PollKind, groups_by_mark};
use crate::tally::checks::CountText;

const fn column(name: &'static str) -> ColumnSpec {
    ColumnSpec { name, aliases: &[] }
}

const ONS_ID: ColumnSpec = column("ONS ID");
const CONSTITUENCY: ColumnSpec = column("Constituency name");
const REGION: ColumnSpec = column("Region name");
const PARTY: ColumnSpec = column("Party name");
const FIRST_NAME: ColumnSpec = column("Candidate first name");
const SURNAME: ColumnSpec = column("Candidate surname");
const VOTES: ColumnSpec = column("Votes");
const DECLARATION_TIME: ColumnSpec = column("Declaration time");
const ELECTORATE: ColumnSpec = column("Electorate");
const INVALID: ColumnSpec = column("Invalid votes");
const ABBREVIATION: ColumnSpec = column("Party abbreviation");
const EC_PARTY_ID: ColumnSpec = column("Electoral Commission party ID");
const MNIS_ID: ColumnSpec = column("Member MNIS ID");
const DC_PERSON_ID: ColumnSpec = column("DC Person ID");
const SITTING_MP: ColumnSpec = column("Sitting MP");

/// A Commons Library result as read, and how many names were repaired.
pub struct Read {
    pub raw: RawResults,
    pub names_repaired: usize,
}

/// What the by-constituency file adds to a constituency.
struct Constituency {
    electorate: Option<u64>,
    invalid: String,
    declared_at: Option<Timestamp>,
}

/// Reads the by-candidate file, and the by-constituency file when given
/// (as (file name, bytes)).
///
/// Long: One pass over the rows: each field is checked in the file's order against what
/// earlier rows set (the division being read, fields that must agree); split, the pieces
/// would hand that state back and forth.
pub fn read_raw(
    file: &str,
    bytes: &[u8],
    constituencies: Option<(&str, &[u8])>,
) -> Result<Read, FileError> {
    let extra = match constituencies {
        Some((name, b)) => read_constituencies(name, b)?,
        None => HashMap::new(),
    };
    let mut table = CsvTable::new(file, bytes)?;
    // The by-constituency file given where the by-candidate one is wanted.
    if table.column(&PARTY).is_none() && table.headers().iter().any(|h| h == "first_party") {
        return Err(FileError::new(
            file,
            "this is the Commons Library's results by constituency (one row a constituency, no candidates)",
        )
        .at_line(table.header_line())
        .hint("Give the results by candidate, with this file beside it as --constituencies FILE (as the baseline, notional results on new boundaries among them, give it as --baseline FILE or in the Baseline dialog)"));
    }
    let c_id = table.require(&ONS_ID)?;
    let c_name = table.require(&CONSTITUENCY)?;
    let c_party = table.require(&PARTY)?;
    let c_first = table.require(&FIRST_NAME)?;
    let c_surname = table.require(&SURNAME)?;
    let c_votes = table.require(&VOTES)?;
    let c_region = table.column(&REGION);
    let c_abbreviation = table.column(&ABBREVIATION);
    let c_party_id = table.column(&EC_PARTY_ID);
    let c_member = table.column(&MNIS_ID);
    let c_person = table.column(&DC_PERSON_ID);
    let c_sitting = table.column(&SITTING_MP);
    // (abbreviation, description) of every candidate: the Library's abbreviation
    // tells which descriptions one party stood under ("Lab" for Labour and for
    // Labour and Co-operative).
    let mut marks: Vec<(String, String)> = Vec::new();
    // For messages: the header as the file writes it.
    let headers = table.headers_as_written().to_vec();
    let mut repaired = 0;
    let mut fix = |text: &str| match repair_mojibake(text) {
        Some(fixed) => {
            repaired += 1;
            fixed
        }
        None => text.to_string(),
    };
    let mut divisions: Vec<RawDivision> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut agreement = Agreement::default();
    while let Some(row) = table.next_row() {
        let row = row?;
        let line = row.line;
        let id = row.get(Some(c_id));
        if id.is_empty() {
            return Err(FileError::new(file, "the ONS ID is blank")
                .at_line(line)
                .at_column(c_id + 1, &headers[c_id])
                .hint("Every row needs its constituency's ONS ID"));
        }
        let index = match by_id.get(id) {
            Some(&i) => i,
            None => {
                let more = extra.get(id);
                by_id.insert(id.to_string(), divisions.len());
                divisions.push(RawDivision {
                    setup: DivisionSetup {
                        name: fix(row.get(Some(c_name))),
                        code: Some(id.to_string()),
                        area: Some(row.get(c_region).to_string()).filter(|r| !r.is_empty()),
                        seats: 1,
                        electorate: more.and_then(|m| m.electorate),
                        ..DivisionSetup::default()
                    },
                    ballots_issued: CountText::Blank,
                    rejected: more.map_or(CountText::Blank, |m| CountText::new(&m.invalid)),
                    account: None,
                    declared_at: more.and_then(|m| m.declared_at),
                    line,
                    candidates: Vec::new(),
                });
                divisions.len() - 1
            }
        };
        for c in [Some(c_name), c_region].into_iter().flatten() {
            agreement.check(file, index, id, c, &headers[c], row.get(Some(c)), line)?;
        }
        let name = format!(
            "{} {}",
            fix(row.get(Some(c_first))),
            fix(row.get(Some(c_surname)))
        );
        let party = fix(row.get(Some(c_party)));
        marks.push((row.get(c_abbreviation).to_string(), party.clone()));
        let id = |c: Option<usize>| {
            Some(row.get(c))
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        let division = &mut divisions[index];
        division.setup.candidates.push(CandidateSetup {
            name: name.trim().to_string(),
            party: party.into(),
            counts_for: None,
            ids: CandidateIds {
                person_id: id(c_person),
                member_id: id(c_member),
                party_id: id(c_party_id),
                elected_as: None,
            }
            .boxed(),
            incumbent: row.get(c_sitting).trim().eq_ignore_ascii_case("yes"),
        });
        division.candidates.push(RawCandidate {
            votes: CountText::new(row.get(Some(c_votes))),
            elected: None,
            won_by_lot: None,
            line,
        });
    }
    some_candidates(file, &divisions)?;
    let grouped = groups_by_mark(marks.iter().map(|(m, d)| (m.as_str(), d.as_str(), false)));
    for c in divisions.iter_mut().flat_map(|d| &mut d.setup.candidates) {
        c.counts_for = grouped.get(&*c.party).cloned();
    }
    Ok(Read {
        raw: RawResults {
            poll: PollKind::Parliament,
            ..RawResults::votes_only(file, divisions, c_votes, headers)
        },
        names_repaired: repaired,
    })
}

fn read_constituencies(
    file: &str,
    bytes: &[u8],
) -> Result<HashMap<String, Constituency>, FileError> {
    let mut table = CsvTable::new(file, bytes)?;
    let c_id = table.require(&ONS_ID)?;
    let c_electorate = table.column(&ELECTORATE);
    let c_invalid = table.column(&INVALID);
    let c_time = table.column(&DECLARATION_TIME);
    // For messages: the header as the file writes it.
    let headers = table.headers_as_written().to_vec();
    let mut out = HashMap::new();
    while let Some(row) = table.next_row() {
        let row = row?;
        let at = |c: usize, problem: String, hint: &str| {
            FileError::in_cell(file, row.line, c, &headers, problem).hint(hint)
        };
        let electorate = match row.get(c_electorate) {
            "" => None,
            text => crate::formats::electorate(text).map_err(|problem| {
                at(
                    c_electorate.unwrap_or_default(),
                    problem,
                    "Correct it or leave it blank",
                )
            })?,
        };
        let declared_at = match row.get(c_time) {
            "" => None,
            text => Some(uk_time(text).ok_or_else(|| {
                at(
                    c_time.unwrap_or_default(),
                    format!("\"{text}\" is not a date and time"),
                    "Write it as 05/07/2024 02:43 or 2024-07-05 02:43",
                )
            })?),
        };
        out.insert(
            row.get(Some(c_id)).to_string(),
            Constituency {
                electorate,
                invalid: row.get(c_invalid).to_string(),
                declared_at,
            },
        );
    }
    Ok(out)
}

/// A declaration time as the Library writes it, in UK local time.
pub(crate) fn uk_time(text: &str) -> Option<Timestamp> {
    if let Ok(t) = text.parse::<Timestamp>() {
        return Some(t);
    }
    let formats = [
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ];
    formats.iter().find_map(|f| {
        jiff::civil::DateTime::strptime(f, text.trim())
            .ok()
            .and_then(|dt| dt.in_tz("Europe/London").ok())
            .map(|z| z.timestamp())
    })
}

/// Undoes UTF-8 text that was read as Windows-1252 and encoded again ("JosÃ©" for
/// "José"). Returns the repair only when it is certain: every character maps back to
/// one byte, those bytes are valid UTF-8 with at least one multi-byte character, and
/// the result has no control characters.
pub fn repair_mojibake(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let mut bytes = Vec::with_capacity(text.len());
    for c in text.chars() {
        bytes.push(cp1252_byte(c)?);
    }
    let fixed = String::from_utf8(bytes).ok()?;
    (fixed != text && !fixed.is_ascii() && !fixed.chars().any(char::is_control)).then_some(fixed)
}

/// The Windows-1252 byte of a character, if it has one.
fn cp1252_byte(c: char) -> Option<u8> {
    // Up to U+00FF a character is its own byte (Latin-1, C1 controls included: that
    // is what a Latin-1 reading leaves of the bytes Windows-1252 has no letter for).
    if let Ok(byte) = u8::try_from(c as u32) {
        return Some(byte);
    }
    const HIGH: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    HIGH.iter().find(|(ch, _)| *ch == c).map(|(_, b)| *b)
}
