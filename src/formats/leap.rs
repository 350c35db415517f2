//! The Local Elections Archive Project's files (Andrew Teale): every candidate of a
//! day's local elections, one a row, with no header. Eight columns: council, council
//! code, ward, ward code, candidate, party (short), votes, elected (1/0). The file
//! gives no seats: a ward elects as many as it marks elected, and says so.
//!
//! Scottish and Northern Irish councils elect by single transferable vote: their
//! votes are first preferences, from which no first-past-the-post tally can be made.
//! They are left out, and said.

use std::collections::HashMap;

use crate::formats::FileError;
use crate::formats::csv_table::parse_flag;
use crate::formats::native::{RawCandidate, RawDivision, RawResults};
use crate::model::{CandidateSetup, DivisionSetup};
use crate::tally::checks::CountText;

/// The columns, in their order.
const COLUMNS: [&str; 8] = [
    "council",
    "council code",
    "ward",
    "ward code",
    "candidate",
    "party",
    "votes",
    "elected",
];

/// A code of the Office for National Statistics: a letter, then eight digits.
fn is_area_code(text: &str) -> bool {
    let t = text.trim();
    t.len() == 9
        && t.starts_with(|c: char| c.is_ascii_uppercase())
        && t[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Whether one line is a LEAP row: eight fields, the second and fourth area codes,
/// the seventh a number and the eighth a flag.
fn is_row(line: &str) -> bool {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line.as_bytes());
    let Some(Ok(row)) = reader.records().next() else {
        return false;
    };
    row.len() == COLUMNS.len()
        && is_area_code(&row[1])
        && is_area_code(&row[3])
        && row[6].trim().bytes().all(|b| b.is_ascii_digit())
        && matches!(row[7].trim(), "0" | "1")
}

/// Whether a file's first lines are LEAP's: every one of the first five has eight
/// fields, and at least one is a full row (the archive's first row may be a
/// placeholder: "Elected Mayor",NULL,…).
pub fn looks_like(head: &str) -> bool {
    let lines: Vec<&str> = head
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(5)
        .collect();
    let eight = |line: &str| {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes())
            .records()
            .next()
            .is_some_and(|r| r.is_ok_and(|r| r.len() == COLUMNS.len()))
    };
    !lines.is_empty() && lines.iter().all(|l| eight(l)) && lines.iter().any(|l| is_row(l))
}

/// LEAP's short names of the parties that stand across Great Britain, as the names
/// the rest of the app knows them by; a local party keeps its short name.
const NATIONAL_PARTIES: &[(&str, &str)] = &[
    ("C", "Conservative"),
    ("Lab", "Labour"),
    ("LD", "Liberal Democrats"),
    ("Grn", "Green Party"),
    ("UKIP", "UKIP"),
    ("Ind", "Independent"),
    ("SNP", "Scottish National Party"),
    ("PC", "Plaid Cymru"),
    ("TUSC", "TUSC"),
    ("Lib", "Liberal Party"),
    ("BNP", "British National Party"),
    ("NF", "National Front"),
    ("SDP", "SDP"),
    ("CPA", "Christian Peoples Alliance"),
    ("WEP", "Women's Equality Party"),
    ("Yorks", "Yorkshire Party"),
    ("EDP", "English Democrats"),
    ("Loony", "Official Monster Raving Loony Party"),
    ("Ref", "Reform UK"),
    ("Brexit", "Brexit Party"),
];

fn party_name(short: &str) -> String {
    let short = short.trim();
    NATIONAL_PARTIES
        .iter()
        .find(|(s, _)| *s == short)
        .map_or_else(|| short.to_string(), |(_, name)| name.to_string())
}

/// Councils elected by single transferable vote: Scotland's (S12) and Northern
/// Ireland's (N09).
fn elects_by_stv(council_code: &str) -> bool {
    council_code.starts_with("S12") || council_code.starts_with("N09")
}

/// Reads a LEAP file.
///
/// Long: One pass over the rows: each field is checked in the file's order against what
/// earlier rows set (the division being read, fields that must agree); split, the pieces
/// would hand that state back and forth.
pub fn read_raw(file: &str, bytes: &[u8]) -> Result<RawResults, FileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut divisions: Vec<RawDivision> = Vec::new();
    let mut by_ward: HashMap<(String, String, String), usize> = HashMap::new();
    let mut stv: Vec<String> = Vec::new();
    let mut placeholders: Vec<String> = Vec::new();
    let mut council_codes: Vec<(String, String)> = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let problem = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => {
                        "this line is not UTF-8 text (a character in another encoding)".to_string()
                    }
                    _ => "this line cannot be read as CSV (a quote not closed?)".to_string(),
                };
                return Err(FileError::new(file, problem)
                    .at_line(line)
                    .hint("Save the file as UTF-8 CSV, eight columns a row"));
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != COLUMNS.len() {
            return Err(FileError::new(
                file,
                format!(
                    "this row has {} fields; a LEAP row has eight ({})",
                    record.len(),
                    COLUMNS.join(", ")
                ),
            )
            .at_line(line)
            .hint("Check the row for a missing or extra comma"));
        }
        let field = |c: usize| {
            let t = record[c].trim();
            if t == "NULL" { "" } else { t }
        };
        let (council, council_code, ward, ward_code) = (field(0), field(1), field(2), field(3));
        if field(4).is_empty() && field(6).is_empty() {
            // A placeholder the archive keeps for a contest it has no candidates for.
            placeholders.push(format!("{council} {ward} (line {line})"));
            continue;
        }
        if council.is_empty() || ward.is_empty() {
            let c = if council.is_empty() { 0 } else { 2 };
            return Err(FileError::new(file, format!("the {} is blank", COLUMNS[c]))
                .at_line(line)
                .at_column(c + 1, COLUMNS[c])
                .hint("Every row needs its council and its ward"));
        }
        if elects_by_stv(council_code) {
            if !stv.iter().any(|c| c == council) {
                stv.push(council.to_string());
            }
            continue;
        }
        let elected = parse_flag(field(7)).ok_or_else(|| {
            FileError::new(file, format!("elected is \"{}\"", field(7)))
                .at_line(line)
                .at_column(8, COLUMNS[7])
                .hint("The last column is 1 for a candidate elected, 0 for one not")
        })?;
        if !council_code.is_empty() && !council_codes.iter().any(|(c, _)| c == council) {
            council_codes.push((council.to_string(), council_code.to_string()));
        }
        let key = (
            council_code.to_string(),
            ward_code.to_string(),
            crate::model::division_key(ward),
        );
        let index = *by_ward.entry(key).or_insert_with(|| {
            divisions.push(RawDivision::named(
                DivisionSetup {
                    name: ward.to_string(),
                    council: Some(council.to_string()),
                    code: Some(ward_code.to_string()).filter(|c| !c.is_empty()),
                    area: Some(council.to_string()),
                    seats: 0,
                    ..DivisionSetup::default()
                },
                line,
            ));
            divisions.len() - 1
        });
        let division = &mut divisions[index];
        if elected == Some(true) {
            division.setup.seats += 1;
        }
        division.setup.candidates.push(CandidateSetup {
            name: field(4).to_string(),
            party: party_name(field(5)).into(),
            counts_for: None,
            ids: None,
            incumbent: false,
        });
        division.candidates.push(RawCandidate {
            votes: CountText::new(field(6)),
            elected,
            won_by_lot: None,
            line,
        });
    }
    let mut notes = vec![format!(
        "{file}: read as a Local Elections Archive Project file (no header; council, council code, ward, ward code, candidate, party, votes, elected); each ward's seats are the candidates it marks elected"
    )];
    notes.extend(crate::formats::native::codes_shared(file, &mut divisions));
    let unmarked: Vec<String> = divisions
        .iter()
        .filter(|d| d.setup.seats == 0)
        .map(|d| format!("{} (line {})", d.setup.name, d.line))
        .collect();
    divisions.retain(|d| d.setup.seats > 0);
    use crate::formats::note_of;
    notes.extend(note_of(
        file,
        [
            "ward marks no candidate elected and is left out",
            "wards mark no candidate elected and are left out",
        ],
        &unmarked,
    ));
    notes.extend(note_of(
        file,
        [
            "council elects by single transferable vote and is left out (its votes are first preferences)",
            "councils elect by single transferable vote and are left out (their votes are first preferences)",
        ],
        &stv,
    ));
    notes.extend(note_of(
        file,
        [
            "row without a candidate left out",
            "rows without a candidate left out",
        ],
        &placeholders,
    ));
    if divisions.is_empty() {
        return Err(FileError::new(
            file,
            "no ward of this file can be tallied first past the post",
        ));
    }
    let headers = COLUMNS.iter().map(|c| (*c).to_string()).collect();
    Ok(RawResults {
        notes,
        council_codes,
        ..RawResults::votes_only(file, divisions, 6, headers)
    })
}
