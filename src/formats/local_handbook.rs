// Over 700 lines: one reader for every edition of the Handbook, its columns by meaning
// and the join with its sheet of wards, which make sense only together.
//! The House of Commons Library's Local Elections Handbook, results by candidate: a
//! day of many councils, one candidate a row. Each edition names its columns its own
//! way ("Ward name", "Ward/ED name", "Ward/ County Electoral District name"), so
//! columns are read by what they mean ([`meaning_of`]), never by one year's names.
//! Where the candidate sheet lacks a ward's seats, electorate or election type, they
//! come from the workbook's sheet of wards. A county division filed under its
//! district belongs to its county. Party names are the Handbook's abbreviations
//! ("LAB", "LD", "B and D IND"); the national parties' are read as their names, the
//! rest through the Handbook's key where it is given.

use std::collections::HashMap;

use crate::formats::FileError;
use crate::formats::csv_table::{Agreement, CsvTable, parse_flag};
use crate::formats::native::{RawCandidate, RawDivision, RawResults, some_candidates};
use crate::model::{CandidateSetup, DivisionSetup};
use crate::tally::checks::CountText;
use crate::tally::checks::parse_count;

/// What a column of a Handbook (or a file like it) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Meaning {
    /// A contest's own id.
    Contest,
    Council,
    /// The district of a two-tier area ("Lower tier authority").
    LowerTier,
    /// The county of a district: a county division's council.
    County,
    WardCode,
    Ward,
    /// All-out or by thirds ("All", "By thirds"), or the kind of election ("SC",
    /// "UAT", "SDA").
    ElectionType,
    Seats,
    Electorate,
    Candidate,
    Votes,
    Elected,
    Party,
    Incumbent,
}

/// The meaning of a header, from its words: the one table of the names sources use.
/// None for a column the tally does not read (shares, genders, party ids, totals).
pub fn meaning_of(header: &str) -> Option<Meaning> {
    let lower = header.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let code = has("code") || has("ons") || (has("id") && words.len() > 1);
    // A share or percentage of anything is not the thing itself.
    if lower.contains('%') || has("share") || has("percent") || has("percentage") {
        return None;
    }
    if words == ["id"] {
        Some(Meaning::Contest)
    } else if has("ward") || has("division") || (has("ed") && has("name")) {
        if code {
            Some(Meaning::WardCode)
        } else if has("name") || words.len() == 1 {
            Some(Meaning::Ward)
        } else {
            None
        }
    } else if has("authority") || has("council") {
        if has("type") || code || has("number") {
            None
        } else if has("lower") {
            Some(Meaning::LowerTier)
        } else {
            Some(Meaning::Council)
        }
    } else if has("county") {
        (!code).then_some(Meaning::County)
    } else if has("type") {
        Some(Meaning::ElectionType)
    } else if has("vacancies") || (has("seats") && !has("won")) {
        Some(Meaning::Seats)
    } else if has("electorate") {
        Some(Meaning::Electorate)
    } else if matches!(
        words.as_slice(),
        ["votes"] | ["votes", "cast"] | ["candidate", "votes"]
    ) {
        Some(Meaning::Votes)
    } else if has("elected") && words.len() == 1 {
        Some(Meaning::Elected)
    } else if has("party") {
        (!(code || has("group") || has("number"))).then_some(Meaning::Party)
    } else if has("incumbent") || has("inumbent") || has("sitting") {
        Some(Meaning::Incumbent)
    } else if words == ["name"] || (has("candidate") && (has("name") || words.len() == 1)) {
        Some(Meaning::Candidate)
    } else {
        None
    }
}

/// The columns of a header by meaning: the first column of each meaning.
fn columns_by_meaning(headers: &[String]) -> HashMap<Meaning, usize> {
    let mut found = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        if let Some(m) = meaning_of(h) {
            found.entry(m).or_insert(i);
        }
    }
    found
}

/// Whether a header row is a Handbook's (or a file like it): an authority and its
/// wards or divisions. The app's own files name a council, never an authority.
pub fn looks_like(line: &str) -> bool {
    let cells: Vec<&str> = line.split(',').collect();
    let meanings: Vec<Option<Meaning>> = cells.iter().map(|c| meaning_of(c)).collect();
    cells.iter().any(|c| c.to_lowercase().contains("authority"))
        && meanings.contains(&Some(Meaning::Ward))
}

/// How a council elects tonight, as a source writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ElectionType {
    /// Every seat ("All", "UAA", "SDA", London boroughs, shire counties).
    Whole,
    /// A third or a half ("By thirds", "UAT", "SDT").
    Part,
    /// Said nothing about it ("MB": a metropolitan borough, which may be either).
    Unknown,
}

fn election_type(text: &str) -> ElectionType {
    let t = text.trim().to_lowercase();
    if t.contains("third") || t.contains("half") || t.contains("halves") || t == "uat" || t == "sdt"
    {
        ElectionType::Part
    } else if t == "all"
        || t.contains("whole")
        || t.contains("all out")
        || t.contains("all-out")
        || matches!(t.as_str(), "uaa" | "sda" | "lb" | "sc")
    {
        ElectionType::Whole
    } else {
        ElectionType::Unknown
    }
}

/// A spreadsheet's error value as a workbook shows it ("#REF!", "#N/A", "#DIV/0!").
fn is_spreadsheet_error(text: &str) -> bool {
    matches!(
        text,
        "#REF!" | "#N/A" | "#DIV/0!" | "#VALUE!" | "#NAME?" | "#NUM!" | "#NULL!" | "#GETTING_DATA"
    )
}

/// A source's "NA", "N/A" or "-" for a value it does not have.
fn given(text: &str) -> &str {
    let t = text.trim();
    if t.eq_ignore_ascii_case("na") || t.eq_ignore_ascii_case("n/a") || t == "-" {
        ""
    } else {
        t
    }
}

/// A ward's facts from the workbook's sheet of wards.
#[derive(Debug, Clone, Default)]
struct WardFacts {
    seats: String,
    electorate: String,
    kind: String,
}

/// The sheet of wards, by (council, ward code, ward name) and by (council, ward name).
#[derive(Debug, Default)]
pub struct Wards {
    by_code: HashMap<(String, String, String), WardFacts>,
    by_name: HashMap<(String, String), Option<WardFacts>>,
    /// By (council, code) alone, for a name the two sheets spell differently.
    by_code_only: HashMap<(String, String), Option<WardFacts>>,
    /// The sheet's name, for what is said.
    pub name: String,
}

impl Wards {
    /// Reads a sheet of wards (one row per ward, its seats, electorate and type).
    pub fn read(file: &str, bytes: &[u8]) -> Result<Wards, FileError> {
        let mut table = CsvTable::new(file, bytes)?;
        let columns = columns_by_meaning(table.headers_as_written());
        let col = |m| columns.get(&m).copied();
        let mut wards = Wards {
            name: file.to_string(),
            ..Wards::default()
        };
        let (Some(c_council), Some(c_ward)) = (col(Meaning::Council), col(Meaning::Ward)) else {
            return Ok(wards);
        };
        while let Some(row) = table.next_row() {
            let row = row?;
            let facts = WardFacts {
                seats: given(row.get(col(Meaning::Seats))).to_string(),
                electorate: given(row.get(col(Meaning::Electorate))).to_string(),
                kind: given(row.get(col(Meaning::ElectionType))).to_string(),
            };
            let council = key(row.get(Some(c_council)));
            let ward = crate::model::division_key(row.get(Some(c_ward)));
            let code = given(row.get(col(Meaning::WardCode))).to_string();
            if !code.is_empty() {
                wards
                    .by_code_only
                    .entry((council.clone(), code.clone()))
                    .and_modify(|f| *f = None)
                    .or_insert(Some(facts.clone()));
            }
            wards
                .by_code
                .insert((council.clone(), code, ward.clone()), facts.clone());
            // Two wards of one name in one council: neither is found by name alone.
            wards
                .by_name
                .entry((council, ward))
                .and_modify(|f| *f = None)
                .or_insert(Some(facts));
        }
        Ok(wards)
    }

    fn find(&self, council: &str, code: &str, ward: &str) -> Option<&WardFacts> {
        let council = key(council);
        let ward = crate::model::division_key(ward);
        self.by_code
            .get(&(council.clone(), code.to_string(), ward.clone()))
            .or_else(|| {
                self.by_code_only
                    .get(&(council.clone(), code.to_string()))
                    .and_then(Option::as_ref)
            })
            .or_else(|| self.by_name.get(&(council, ward)).and_then(Option::as_ref))
    }
}

fn key(council: &str) -> String {
    crate::tally::baseline::council_key(council)
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

/// What a column of each meaning the reader cannot do without is called, for a
/// refusal that names them all.
fn needed(meaning: Meaning) -> &'static str {
    match meaning {
        Meaning::Council => "the council (\"Local authority name\")",
        Meaning::Ward => "the ward (\"Ward name\")",
        Meaning::Seats => "the ward's seats (\"Vacancies\"), here or on a sheet of wards",
        Meaning::Candidate => "the candidate (\"Name\")",
        Meaning::Votes => "the votes (\"Votes\")",
        Meaning::Party => "the party (\"Party name\")",
        _ => "",
    }
}

/// Whether a row is a county division filed under its district: its type says a
/// shire county ("SC"), or its code is a county electoral division's (E58…).
fn is_county_division(kind: &str, code: &str) -> bool {
    kind.trim().eq_ignore_ascii_case("sc") || code.starts_with("E58")
}

/// Reads the candidate sheet. Councils whose election type says a third or a half
/// are marked as electing only part of their seats tonight. `key`: the Handbook's
/// party-names sheet, where given; `wards`: its sheet of wards, where given.
///
/// Long: One pass over the rows: each field is checked in the file's order against what
/// earlier rows set (the division being read, fields that must agree); split, the pieces
/// would hand that state back and forth.
pub fn read_raw(
    file: &str,
    bytes: &[u8],
    key: Option<&PartyKey>,
    wards: Option<&Wards>,
) -> Result<RawResults, FileError> {
    let mut table = CsvTable::new(file, bytes)?;
    let headers = table.headers_as_written().to_vec();
    let columns = columns_by_meaning(&headers);
    let col = |m| columns.get(&m).copied();
    let council_column = col(Meaning::Council).or(col(Meaning::LowerTier));
    let mut missing: Vec<&str> = Vec::new();
    if council_column.is_none() {
        missing.push(needed(Meaning::Council));
    }
    for m in [
        Meaning::Ward,
        Meaning::Seats,
        Meaning::Candidate,
        Meaning::Votes,
        Meaning::Party,
    ] {
        if col(m).is_none() && !(m == Meaning::Seats && wards.is_some()) {
            missing.push(needed(m));
        }
    }
    if !missing.is_empty() {
        return Err(FileError::new(
            file,
            format!(
                "no column gives {} (the header has: {})",
                missing.join("; "),
                headers
                    .iter()
                    .filter(|h| !h.is_empty())
                    .map(|h| format!("\"{}\"", crate::formats::shown(h)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .hint("Choose the sheet of results by candidate, one candidate a row"));
    }
    let (Some(c_council), Some(c_ward), Some(c_name), Some(c_votes), Some(c_party)) = (
        council_column,
        col(Meaning::Ward),
        col(Meaning::Candidate),
        col(Meaning::Votes),
        col(Meaning::Party),
    ) else {
        return Err(FileError::new(file, "the header lacks a column it needs"));
    };
    let c_upper = col(Meaning::Council);
    let c_lower = col(Meaning::LowerTier);
    let c_seats = col(Meaning::Seats);
    let c_contest = col(Meaning::Contest);
    let c_code = col(Meaning::WardCode);
    let c_type = col(Meaning::ElectionType);
    let c_county = col(Meaning::County);
    let c_electorate = col(Meaning::Electorate);
    let c_elected = col(Meaning::Elected);
    let c_incumbent = col(Meaning::Incumbent);
    let mut divisions: Vec<RawDivision> = Vec::new();
    let mut by_contest: HashMap<String, usize> = HashMap::new();
    let mut agreement = Agreement::default();
    let mut partial_councils: Vec<String> = Vec::new();
    let mut whole_councils: Vec<String> = Vec::new();
    let mut not_found_in_wards = 0usize;
    while let Some(row) = table.next_row() {
        let row = row?;
        let line = row.line;
        let at = |c: usize, problem: String, hint: &str| {
            FileError::in_cell(file, line, c, &headers, problem).hint(hint)
        };
        // A spreadsheet error in a column the tally reads ("#REF!" for a ward code)
        // would make a ward or a figure of it: refused where it stands.
        for c in [
            Some(c_council),
            Some(c_ward),
            Some(c_name),
            Some(c_votes),
            Some(c_party),
            c_code,
            c_seats,
            c_elected,
        ]
        .into_iter()
        .flatten()
        {
            let cell = row.get(Some(c));
            if is_spreadsheet_error(cell) {
                return Err(at(
                    c,
                    format!("the cell holds the spreadsheet error {cell}"),
                    "Correct the cell in the workbook (a formula that lost its reference), then read the file again",
                ));
            }
        }
        // The electing council: the upper tier where a file gives tiers, else the
        // authority named.
        let filed_under = [c_upper, c_lower]
            .into_iter()
            .flatten()
            .map(|c| given(row.get(Some(c))))
            .find(|t| !t.is_empty())
            .unwrap_or("");
        let ward = given(row.get(Some(c_ward)));
        if filed_under.is_empty() || ward.is_empty() {
            let c = if filed_under.is_empty() {
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
        let code = given(row.get(c_code));
        let facts = wards.and_then(|w| w.find(filed_under, code, ward));
        if wards.is_some() && facts.is_none() && c_seats.is_none() {
            not_found_in_wards += 1;
        }
        let kind = match given(row.get(c_type)) {
            "" => facts.map_or("", |f| f.kind.as_str()),
            k => k,
        };
        let county = given(row.get(c_county));
        let council = if is_county_division(kind, code) && !county.is_empty() {
            county
        } else {
            filed_under
        };
        let area = c_lower
            .map(|c| given(row.get(Some(c))))
            .filter(|a| !a.is_empty() && *a != council)
            .unwrap_or(filed_under);
        // The contest: its id, else its council, ward code and name (one code is
        // sometimes given to two wards), else council and ward.
        let contest = match c_contest.map(|c| given(row.get(Some(c)))) {
            Some(id) if !id.is_empty() => id.to_string(),
            _ => format!("{council}\u{1f}{code}\u{1f}{ward}"),
        };
        let index = match by_contest.get(&contest) {
            Some(&i) => i,
            None => {
                let seats_text = match c_seats.map(|c| given(row.get(Some(c)))) {
                    Some(t) if !t.is_empty() => t,
                    _ => facts.map_or("", |f| f.seats.as_str()),
                };
                let seats = match parse_count(seats_text) {
                    Ok(Some(n)) if n >= 1 => u32::try_from(n).unwrap_or(u32::MAX),
                    // Not given ("NA", blank) where the file marks who was elected:
                    // the seats are those marked, counted below and said.
                    Ok(None) if c_elected.is_some() => 0,
                    _ => {
                        let c = c_seats.unwrap_or(c_ward);
                        return Err(at(
                            c,
                            if seats_text.is_empty() {
                                format!(
                                    "no number of seats for \"{ward}\" ({filed_under}), here or on the sheet of wards"
                                )
                            } else {
                                format!("\"{seats_text}\" is not a number of seats")
                            },
                            "Seats (vacancies) is how many councillors the ward elects: a whole number, 1 or more",
                        ));
                    }
                };
                let electorate_text = match given(row.get(c_electorate)) {
                    "" => facts.map_or("", |f| f.electorate.as_str()),
                    t => t,
                };
                let electorate = parse_count(electorate_text).ok().flatten();
                // A council said to elect every seat, or saying nothing, is judged
                // against its size in the table of councils when the night is built.
                let said = match election_type(kind) {
                    ElectionType::Part => Some(&mut partial_councils),
                    ElectionType::Whole => Some(&mut whole_councils),
                    ElectionType::Unknown => None,
                };
                if let Some(list) = said
                    && !list.iter().any(|c| c == council)
                {
                    list.push(council.to_string());
                }
                by_contest.insert(contest.clone(), divisions.len());
                divisions.push(RawDivision::named(
                    DivisionSetup {
                        name: ward.to_string(),
                        council: Some(council.to_string()),
                        code: Some(code.to_string()).filter(|c| !c.is_empty()),
                        area: Some(area.to_string()),
                        seats,
                        electorate,
                        ..DivisionSetup::default()
                    },
                    line,
                ));
                divisions.len() - 1
            }
        };
        for c in [Some(c_council), Some(c_ward), c_seats, c_type]
            .into_iter()
            .flatten()
        {
            agreement.check(
                file,
                index,
                &format!("{ward} ({council})"),
                c,
                &headers[c],
                given(row.get(Some(c))),
                line,
            )?;
        }
        let elected = match parse_flag(given(row.get(c_elected))) {
            Some(flag) => flag,
            None => {
                return Err(at(
                    c_elected.unwrap_or(c_votes),
                    format!("Elected is \"{}\"", row.get(c_elected)),
                    "Elected is 1, TRUE or Y for a candidate elected; 0, FALSE or N for one not",
                ));
            }
        };
        let incumbent = parse_flag(given(row.get(c_incumbent)))
            .flatten()
            .unwrap_or(false);
        let division = &mut divisions[index];
        division.setup.candidates.push(CandidateSetup {
            name: row.get(Some(c_name)).trim().to_string(),
            party: party_name(row.get(Some(c_party)), key).into(),
            counts_for: None,
            ids: None,
            incumbent,
        });
        division.candidates.push(RawCandidate {
            votes: CountText::new(given(row.get(Some(c_votes)))),
            elected,
            won_by_lot: None,
            line,
        });
    }
    some_candidates(file, &divisions)?;
    let mut notes = Vec::new();
    let mut counted = Vec::new();
    let mut unknown = Vec::new();
    for d in &mut divisions {
        if d.setup.seats == 0 {
            let marked = d
                .candidates
                .iter()
                .filter(|c| c.elected == Some(true))
                .count();
            d.setup.seats = u32::try_from(marked).unwrap_or(u32::MAX);
            let label = format!(
                "{} ({}, line {})",
                d.setup.name,
                d.setup.council.as_deref().unwrap_or(""),
                d.line
            );
            if marked == 0 {
                unknown.push(label);
            } else {
                counted.push(label);
            }
        }
    }
    divisions.retain(|d| d.setup.seats > 0);
    use crate::formats::note_of;
    notes.extend(note_of(
        file,
        [
            "ward gives no number of seats; it elects the candidates it marks elected",
            "wards give no number of seats; each elects the candidates it marks elected",
        ],
        &counted,
    ));
    notes.extend(note_of(
        file,
        [
            "ward gives no number of seats and marks nobody elected, and is left out",
            "wards give no number of seats and mark nobody elected, and are left out",
        ],
        &unknown,
    ));
    notes.extend(crate::formats::native::codes_shared(file, &mut divisions));
    if not_found_in_wards > 0 {
        notes.push(format!(
            "{file}: {not_found_in_wards} rows have no ward of their name and code on the sheet of wards"
        ));
    }
    Ok(RawResults {
        partial_councils,
        notes,
        whole_councils,
        ..RawResults::votes_only(file, divisions, c_votes, headers)
    })
}

#[cfg(test)]
mod tests {
    use super::{Meaning, meaning_of};

    #[test]
    fn columns_mean_the_same_whatever_an_edition_calls_them() {
        let cases = [
            ("Ward name ", Some(Meaning::Ward)),
            ("Ward/ED name", Some(Meaning::Ward)),
            ("Ward/ County Electoral District name", Some(Meaning::Ward)),
            ("Ward/ED code", Some(Meaning::WardCode)),
            ("Local authority name", Some(Meaning::Council)),
            ("Upper tier authority", Some(Meaning::Council)),
            ("Lower tier authority", Some(Meaning::LowerTier)),
            ("Local authority code ", None),
            ("Local authority type", None),
            ("County name", Some(Meaning::County)),
            ("County code", None),
            ("Vacancies", Some(Meaning::Seats)),
            ("Seats contested", Some(Meaning::Seats)),
            ("Name", Some(Meaning::Candidate)),
            ("Candidate name", Some(Meaning::Candidate)),
            ("Candidate number", None),
            ("Votes", Some(Meaning::Votes)),
            ("Votes cast", Some(Meaning::Votes)),
            ("Votes (%)", None),
            ("Total valid votes", None),
            ("Elected", Some(Meaning::Elected)),
            ("Party name", Some(Meaning::Party)),
            ("Party ID", None),
            ("Party group", None),
            ("Inumbent", Some(Meaning::Incumbent)),
            ("Election type ", Some(Meaning::ElectionType)),
            ("Type", Some(Meaning::ElectionType)),
            ("ID", Some(Meaning::Contest)),
        ];
        for (header, meaning) in cases {
            assert_eq!(meaning_of(header), meaning, "{header}");
        }
    }
}
