//! The House of Commons Library's Local Elections Handbook, results by candidate (as
//! CSV, columns found by header): a day of many councils. Each row is a candidate;
//! `ID` (or the ward code) is the contest, `Local authority name` its council,
//! `Vacancies` its seats. Party names are the Handbook's abbreviations ("LAB", "LD",
//! "B and D IND"); the national parties' are read as their names, the rest are kept.

use std::collections::HashMap;

use crate::formats::FileError;
use crate::formats::csv_table::{Agreement, ColumnSpec, CsvTable};
use crate::formats::native::{RawCandidate, RawDivision, RawResults};
use crate::model::{CandidateSetup, DivisionSetup, PartyGroups};
use crate::tally::checks::CountText;
use crate::tally::checks::parse_count;

const fn column(name: &'static str) -> ColumnSpec {
    ColumnSpec { name, aliases: &[] }
}

const CONTEST: ColumnSpec = column("ID");
const COUNCIL: ColumnSpec = column("Local authority name");
const WARD_CODE: ColumnSpec = column("Ward code");
const WARD: ColumnSpec = column("Ward name");
const ELECTION_TYPE: ColumnSpec = column("Election type");
const VACANCIES: ColumnSpec = column("Vacancies");
const ELECTORATE: ColumnSpec = column("Electorate");
const NAME: ColumnSpec = column("Name");
const VOTES: ColumnSpec = column("Votes");
const ELECTED: ColumnSpec = column("Elected");
const PARTY: ColumnSpec = column("Party name");
const INCUMBENT: ColumnSpec = column("Incumbent");

/// Whether a header row is the Handbook's candidate sheet.
pub fn looks_like(first_line: &str) -> bool {
    first_line.contains("local authority name") && first_line.contains("ward name")
}

/// The Handbook's abbreviations of the parties that stand across the country, as the
/// names the rest of the app (colours, groups, other sources) knows them by.
const NATIONAL_PARTIES: &[(&str, &str)] = &[
    ("CON", "Conservative"),
    ("LAB", "Labour"),
    ("LD", "Liberal Democrats"),
    ("GREEN", "Green Party"),
    ("REF", "Reform UK"),
    ("IND", "Independent"),
    ("UKIP", "UKIP"),
    ("TUSC", "TUSC"),
    ("WP", "Workers Party"),
    ("SDP", "SDP"),
    ("HER", "Heritage Party"),
    ("YORKS", "Yorkshire Party"),
    ("ED", "English Democrats"),
    ("LIB", "Liberal Party"),
    ("CPA", "Christian Peoples Alliance"),
    ("BRIT 1ST", "Britain First"),
    ("COMM", "Communist"),
    ("ND", "No Description"),
    (
        "THE OFFICIAL MONSTER RAVING LO",
        "Official Monster Raving Loony Party",
    ),
];

/// The Handbook's key to its party abbreviations (its party-names sheet), by
/// abbreviation as [`abbreviation_key`] writes it.
pub type PartyKey = HashMap<String, String>;

/// Two spellings of one abbreviation: the candidate sheet writes "HandBFI" where the
/// key writes "H&BFI"; case, spaces and "&" for "and" do not count.
fn abbreviation_key(abbreviation: &str) -> String {
    crate::model::division_key(abbreviation).replace(' ', "")
}

/// Reads the Handbook's party-names sheet: a title row or two, then a header with
/// `Party name` and `Party abbreviation`, then a party a row.
pub fn read_party_key(file: &str, bytes: &[u8]) -> Result<PartyKey, FileError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut columns: Option<(usize, usize)> = None;
    let mut key = PartyKey::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| FileError::new(file, e.to_string()).at_line(i as u64 + 1))?;
        let cell = |c: usize| row.get(c).unwrap_or("").trim();
        match columns {
            None => {
                let find =
                    |name: &str| row.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
                if let (Some(name), Some(abbreviation)) =
                    (find("Party name"), find("Party abbreviation"))
                {
                    columns = Some((name, abbreviation));
                }
            }
            Some((name, abbreviation)) => {
                if !cell(name).is_empty() && !cell(abbreviation).is_empty() {
                    key.insert(abbreviation_key(cell(abbreviation)), cell(name).to_string());
                }
            }
        }
    }
    if columns.is_none() {
        return Err(FileError::new(
            file,
            "no row names the columns \"Party name\" and \"Party abbreviation\"",
        )
        .hint(
            "Give the Handbook's party-names sheet (its key to the abbreviations), saved as CSV",
        ));
    }
    Ok(key)
}

/// The party name for a Handbook abbreviation: the name the rest of the app knows a
/// national party by, else the name the Handbook's key gives, else the abbreviation.
fn party_name(abbreviation: &str, key: Option<&PartyKey>) -> String {
    let trimmed = abbreviation.trim();
    NATIONAL_PARTIES
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(trimmed))
        .map(|(_, name)| name.to_string())
        .or_else(|| key.and_then(|k| k.get(&abbreviation_key(trimmed)).cloned()))
        .unwrap_or_else(|| trimmed.to_string())
}

/// Reads the candidate sheet; councils whose election type is not "All" are marked
/// as electing only part of their seats tonight. `key`: the Handbook's party-names
/// sheet, where given, for the names of the parties it abbreviates.
pub fn read_raw(file: &str, bytes: &[u8], key: Option<&PartyKey>) -> Result<RawResults, FileError> {
    let mut table = CsvTable::new(file, bytes)?;
    let [c_council, c_ward, c_vacancies, c_name, c_votes, c_party] =
        table.require_all([&COUNCIL, &WARD, &VACANCIES, &NAME, &VOTES, &PARTY])?;
    let c_contest = table.column(&CONTEST);
    let c_code = table.column(&WARD_CODE);
    let c_type = table.column(&ELECTION_TYPE);
    let c_electorate = table.column(&ELECTORATE);
    let c_elected = table.column(&ELECTED);
    let c_incumbent = table.column(&INCUMBENT);
    let headers = table.headers().to_vec();
    let mut divisions: Vec<RawDivision> = Vec::new();
    let mut by_contest: HashMap<String, usize> = HashMap::new();
    let mut agreement = Agreement::default();
    let mut partial_councils: Vec<String> = Vec::new();
    while let Some(row) = table.next_row() {
        let row = row?;
        let line = row.line;
        let at = |c: usize, problem: String, hint: &str| {
            FileError::new(file, problem)
                .at_line(line)
                .at_column(c + 1, &headers[c])
                .hint(hint)
        };
        let council = row.get(Some(c_council));
        let ward = row.get(Some(c_ward));
        if council.is_empty() || ward.is_empty() {
            let c = if council.is_empty() {
                c_council
            } else {
                c_ward
            };
            return Err(at(
                c,
                format!("the {} is blank", headers[c]),
                "Every row needs its council and its ward",
            ));
        }
        // The contest: its ID, else its ward code, else council and ward.
        let contest = [c_contest, c_code]
            .into_iter()
            .flatten()
            .map(|c| row.get(Some(c)))
            .find(|t| !t.is_empty())
            .map_or_else(|| format!("{council}\u{1f}{ward}"), str::to_string);
        let index = match by_contest.get(&contest) {
            Some(&i) => i,
            None => {
                let seats = match parse_count(row.get(Some(c_vacancies))) {
                    Ok(Some(n)) if n >= 1 => u32::try_from(n).unwrap_or(u32::MAX),
                    _ => {
                        return Err(at(
                            c_vacancies,
                            format!(
                                "\"{}\" is not a number of seats",
                                row.get(Some(c_vacancies))
                            ),
                            "Vacancies is how many councillors the ward elects: a whole number, 1 or more",
                        ));
                    }
                };
                let electorate = match row.get(c_electorate) {
                    "" => None,
                    text => parse_count(text).ok().flatten(),
                };
                let kind = row.get(c_type);
                if !kind.is_empty()
                    && !kind.eq_ignore_ascii_case("all")
                    && !partial_councils.iter().any(|c| c == council)
                {
                    partial_councils.push(council.to_string());
                }
                by_contest.insert(contest.clone(), divisions.len());
                divisions.push(RawDivision {
                    setup: DivisionSetup {
                        name: ward.to_string(),
                        council: Some(council.to_string()),
                        code: Some(row.get(c_code).to_string()).filter(|c| !c.is_empty()),
                        area: Some(council.to_string()),
                        seats,
                        electorate,
                        ..DivisionSetup::default()
                    },
                    ballots_issued: CountText::Blank,
                    rejected: CountText::Blank,
                    declared_at: None,
                    line,
                    candidates: Vec::new(),
                });
                divisions.len() - 1
            }
        };
        for c in [Some(c_council), Some(c_ward), Some(c_vacancies), c_type]
            .into_iter()
            .flatten()
        {
            agreement.check(
                file,
                index,
                &contest,
                c,
                &headers[c],
                row.get(Some(c)),
                line,
            )?;
        }
        let elected = match row.get(c_elected) {
            "" => None,
            "1" => Some(true),
            "0" => Some(false),
            other => {
                return Err(at(
                    c_elected.unwrap_or(c_votes),
                    format!("Elected is \"{other}\""),
                    "Elected is 1 for a candidate elected, 0 for one not",
                ));
            }
        };
        let division = &mut divisions[index];
        division.setup.candidates.push(CandidateSetup {
            name: row.get(Some(c_name)).trim().to_string(),
            party: party_name(row.get(Some(c_party)), key),
            counts_for: None,
            ids: None,
            incumbent: row.get(c_incumbent).trim() == "1",
        });
        division.candidates.push(RawCandidate {
            votes: CountText::new(row.get(Some(c_votes))),
            elected,
            won_by_lot: None,
            line,
        });
    }
    if divisions.is_empty() {
        return Err(FileError::new(
            file,
            "the file has a header but no candidates",
        ));
    }
    Ok(RawResults {
        file: file.to_string(),
        divisions,
        votes_column: c_votes,
        ballots_column: None,
        rejected_column: None,
        headers,
        groups: PartyGroups::shipped(),
        withdrawn: Vec::new(),
        partial_councils,
    })
}
