//! The app's own results CSV (`docs/formats.md`, "The results file"): one row per candidate, the same
//! file before the night (votes blank) and after it.

use std::collections::HashMap;
use std::io::Write;

use jiff::Timestamp;

use crate::formats::FileError;
use crate::formats::csv_table::{ColumnSpec, CsvTable, parse_flag};
use crate::model::{
    CandidateIds, CandidateSetup, Declaration, DivisionIx, DivisionSetup, Election,
    ElectionBuilder, PartyGroups, division_key,
};
use crate::tally::Tally;
use crate::tally::checks::{Checked, CountText, Field, Finding, check_counts, parse_count};
use crate::tally::outcome::{Status, tie_for_last_seat};

const DIVISION: ColumnSpec = ColumnSpec {
    name: "division",
    aliases: &["ward", "constituency", "division_name"],
};
const SEATS: ColumnSpec = ColumnSpec {
    name: "seats",
    aliases: &["seats_contested"],
};
const CANDIDATE: ColumnSpec = ColumnSpec {
    name: "candidate",
    aliases: &["candidate_name", "name"],
};
const PARTY: ColumnSpec = ColumnSpec {
    name: "party",
    aliases: &["party_name"],
};
const VOTES: ColumnSpec = ColumnSpec {
    name: "votes",
    aliases: &["votes_cast"],
};
const DIVISION_ID: ColumnSpec = ColumnSpec {
    name: "division_id",
    aliases: &["gss_code", "gss", "ons_id"],
};
const COUNCIL: ColumnSpec = ColumnSpec {
    name: "council",
    aliases: &["local_authority", "authority", "organisation"],
};
const ELECTED_AS: ColumnSpec = ColumnSpec {
    name: "party_elected_as",
    aliases: &["elected_as"],
};
const INCUMBENT: ColumnSpec = ColumnSpec {
    name: "incumbent",
    aliases: &["sitting", "sitting_councillor", "sitting_mp"],
};
const AREA: ColumnSpec = ColumnSpec {
    name: "area",
    aliases: &["district", "count_centre", "region"],
};
const ELECTORATE: ColumnSpec = ColumnSpec {
    name: "electorate",
    aliases: &[],
};
const BALLOTS: ColumnSpec = ColumnSpec {
    name: "ballots_issued",
    aliases: &["ballot_papers", "turnout_reported"],
};
const REJECTED: ColumnSpec = ColumnSpec {
    name: "rejected",
    aliases: &["rejected_ballots", "spoilt_ballots"],
};
const ELECTED: ColumnSpec = ColumnSpec {
    name: "elected",
    aliases: &[],
};
const WON_BY_LOT: ColumnSpec = ColumnSpec {
    name: "won_by_lot",
    aliases: &[],
};
const DECLARED_AT: ColumnSpec = ColumnSpec {
    name: "declared_at",
    aliases: &[],
};
const PERSON_ID: ColumnSpec = ColumnSpec {
    name: "person_id",
    aliases: &["dc_person_id"],
};
const PARTY_ID: ColumnSpec = ColumnSpec {
    name: "party_id",
    aliases: &[],
};
const MEMBER_ID: ColumnSpec = ColumnSpec {
    name: "member_id",
    aliases: &["member_mnis_id"],
};
const WITHDRAWN: ColumnSpec = ColumnSpec {
    name: "withdrawn",
    aliases: &[],
};
const PARTY_GROUP: ColumnSpec = ColumnSpec {
    name: "party_group",
    aliases: &["counts_for"],
};

// The division-level fields, as indices into a division's first lines.
const SEATS_FIELD: usize = 0;
const CODE_FIELD: usize = 1;
const AREA_FIELD: usize = 2;
const ELECTORATE_FIELD: usize = 3;
const BALLOTS_FIELD: usize = 4;
const REJECTED_FIELD: usize = 5;
const DECLARED_FIELD: usize = 6;
const FIELDS: usize = 7;

/// A results file as read, before any declaration check: raw vote text is kept so that
/// `tallyroom check` can report every problem with its line.
#[derive(Debug, Clone)]
pub struct RawResults {
    pub file: String,
    pub divisions: Vec<RawDivision>,
    /// Column numbers (0-based) of the fields that checks point at.
    pub votes_column: usize,
    pub ballots_column: Option<usize>,
    pub rejected_column: Option<usize>,
    /// The header's column names, for messages.
    pub headers: Vec<String>,
    /// Which descriptions count for another party, where the file does not say.
    pub groups: PartyGroups,
    /// Candidates marked withdrawn, left off their ballot: "Name (Division, line N)".
    pub withdrawn: Vec<String>,
    /// Councils that elect only part of their seats tonight (by thirds or halves).
    pub partial_councils: Vec<String>,
    /// What the reader saw that the user should know (a code given to two wards).
    pub notes: Vec<String>,
    /// Councils the source says elect every seat tonight.
    pub whole_councils: Vec<String>,
    /// (council, its ONS code) where the source gives codes: the table of councils is
    /// searched by code first, so that a council named otherwise is still found.
    pub council_codes: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct RawDivision {
    pub setup: DivisionSetup,
    pub ballots_issued: CountText,
    pub rejected: CountText,
    pub declared_at: Option<Timestamp>,
    /// The line of the division's first row.
    pub line: u64,
    pub candidates: Vec<RawCandidate>,
}

#[derive(Debug, Clone)]
pub struct RawCandidate {
    pub votes: CountText,
    pub elected: Option<bool>,
    pub won_by_lot: Option<bool>,
    pub line: u64,
}

impl RawDivision {
    fn check(&self, election: &Election, ix: DivisionIx) -> Checked {
        let votes: Vec<CountText> = self.candidates.iter().map(|c| c.votes.clone()).collect();
        check_counts(election, ix, &votes, &self.ballots_issued, &self.rejected)
    }

    /// All vote fields blank: the division has not declared yet.
    pub fn is_awaiting(&self) -> bool {
        self.candidates.iter().all(|c| c.votes.is_blank())
    }
}

/// An election with its declarations, by division index.
#[derive(Debug, Clone)]
pub struct LoadedResults {
    pub election: Election,
    pub declarations: Vec<Option<Declaration>>,
}

impl LoadedResults {
    pub fn declared(&self) -> impl Iterator<Item = (DivisionIx, Declaration)> + '_ {
        self.declarations
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.clone().map(|d| (DivisionIx(i as u32), d)))
    }
}

/// A declaration check found in a file, with where it points.
#[derive(Debug, Clone)]
pub struct LocatedFinding {
    pub division: String,
    pub candidate: Option<String>,
    pub line: u64,
    /// 1-based column number and name.
    pub column: Option<(usize, String)>,
    pub finding: Finding,
}

/// Reads the structure of a results file: columns, divisions, candidates and the
/// division-level fields, which must agree across a division's rows.
pub fn read_raw(file: &str, bytes: &[u8]) -> Result<RawResults, FileError> {
    let table = CsvTable::new(file, bytes)?;
    // A big file is read in two halves at once, on two cores, where it splits cleanly:
    // at a change of division, with no division in both halves. Anything else (a
    // problem in either half, a division whose rows are in both) and it is read
    // whole, so that every rule and message is the one-pass reading's.
    if table.body().len() >= IN_HALVES_FROM
        && let Some(split) = division_boundary(&table)
    {
        let (first, second) = (table.part(0..split), table.part(split..table.body().len()));
        let (first, second) = std::thread::scope(|scope| {
            let second = scope.spawn(|| read_rows(file, second));
            (read_rows(file, first), second.join())
        });
        if let (Ok(first), Ok(Ok(second))) = (first, second)
            && let Some(whole) = first.joined(second)
        {
            return Ok(whole);
        }
    }
    read_rows(file, table).map(|read| read.raw)
}

/// Files from this size are read in two halves at once.
const IN_HALVES_FROM: usize = 8 << 20;

/// The rows of a file (or a part of one) as read, with the keys of its divisions.
struct ReadRows {
    raw: RawResults,
    names: HashMap<String, (usize, Vec<usize>)>,
    codes: HashMap<String, usize>,
}

impl ReadRows {
    /// Two halves read apart as the whole file reads: none when a division (by name or
    /// code) is in both, which only reading the file whole can settle.
    fn joined(mut self, second: ReadRows) -> Option<RawResults> {
        if second.names.keys().any(|k| self.names.contains_key(k))
            || second.codes.keys().any(|k| self.codes.contains_key(k))
        {
            return None;
        }
        self.raw.divisions.extend(second.raw.divisions);
        self.raw.withdrawn.extend(second.raw.withdrawn);
        Some(self.raw)
    }
}

/// Where the second half of the file's rows starts: the first row, from the middle on,
/// of another division than the row before (by its name, code and council); none
/// where no such row comes soon.
fn division_boundary(table: &CsvTable) -> Option<usize> {
    let body = table.body();
    let identity: Vec<usize> = [
        table.column(&DIVISION),
        table.column(&DIVISION_ID),
        table.column(&COUNCIL),
    ]
    .into_iter()
    .flatten()
    .collect();
    if identity.is_empty() {
        return None;
    }
    let middle = body.len() / 2;
    let line_start = middle + body[middle..].iter().position(|&b| b == b'\n')? + 1;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&body[line_start..]);
    let mut record = csv::ByteRecord::new();
    let key = |record: &csv::ByteRecord| -> Vec<Vec<u8>> {
        identity
            .iter()
            .map(|&c| record.get(c).unwrap_or_default().trim_ascii().to_vec())
            .collect()
    };
    let mut first: Option<Vec<Vec<u8>>> = None;
    for _ in 0..10_000 {
        let at = usize::try_from(reader.position().byte()).ok()?;
        if !reader.read_byte_record(&mut record).ok()? {
            return None;
        }
        let this = key(&record);
        match &first {
            None => first = Some(this),
            Some(before) if *before != this => return Some(line_start + at),
            Some(_) => {}
        }
    }
    None
}

fn read_rows(file: &str, mut table: CsvTable) -> Result<ReadRows, FileError> {
    let [c_division, c_seats, c_candidate, c_party, c_votes] =
        table.require_all([&DIVISION, &SEATS, &CANDIDATE, &PARTY, &VOTES])?;
    let c_id = table.column(&DIVISION_ID);
    let c_area = table.column(&AREA);
    let c_council = table.column(&COUNCIL);
    let c_incumbent = table.column(&INCUMBENT);
    let c_elected_as = table.column(&ELECTED_AS);
    let c_electorate = table.column(&ELECTORATE);
    let c_ballots = table.column(&BALLOTS);
    let c_rejected = table.column(&REJECTED);
    let c_elected = table.column(&ELECTED);
    let c_lot = table.column(&WON_BY_LOT);
    let c_declared = table.column(&DECLARED_AT);
    let c_person = table.column(&PERSON_ID);
    let c_party_id = table.column(&PARTY_ID);
    let c_member = table.column(&MEMBER_ID);
    let c_group = table.column(&PARTY_GROUP);
    let c_withdrawn = table.column(&WITHDRAWN);
    let mut withdrawn = Vec::new();

    // For messages: the header as the file writes it.
    let headers: Vec<String> = table.headers_as_written().to_vec();
    let header = |c: usize| headers.get(c).cloned().unwrap_or_default();
    // Room for as many divisions as a file of two candidates each would have (lines
    // estimated from the first 64 KB): growing the lists and maps row by row copied
    // them over and over, a quarter of the time of reading a big file.
    let body = table.body();
    let sample = &body[..body.len().min(1 << 16)];
    let line_length = sample.len() / sample.iter().filter(|&&b| b == b'\n').count().max(1);
    let room = body.len() / line_length.max(1) / 2 + 1;
    let mut divisions: Vec<RawDivision> = Vec::with_capacity(room);
    let mut by_code: HashMap<String, usize> = HashMap::with_capacity(room);
    // Division name key -> the first division of that name, and any others.
    let mut by_name: HashMap<String, (usize, Vec<usize>)> = HashMap::with_capacity(room);
    // For each division, for each division-level field: the line that first gave it a
    // value (0: none yet).
    let mut first_lines: Vec<[u64; FIELDS]> = Vec::with_capacity(room);
    // Rows of a division repeat its time: the text of the last one read, and its value.
    let mut last_time: (String, Option<Timestamp>) = (String::new(), None);

    while let Some(row) = table.next_row() {
        let row = row?;
        let line = row.line;
        let at = |column: usize, problem: String, hint: &str| {
            FileError::new(file, problem)
                .at_line(line)
                .at_column(column + 1, &header(column))
                .hint(hint)
        };
        let name = row.get(Some(c_division));
        if name.is_empty() {
            return Err(at(
                c_division,
                "the division name is blank".into(),
                "Every row needs the name of its division",
            ));
        }
        let candidate = row.get(Some(c_candidate));
        if candidate.is_empty() {
            return Err(at(
                c_candidate,
                "the candidate name is blank".into(),
                "Every row needs a candidate's name",
            ));
        }
        let seats_text = row.get(Some(c_seats));
        let seats: u32 = match seats_text.parse() {
            Ok(n) if n >= 1 => n,
            _ => {
                return Err(at(
                    c_seats,
                    format!("seats must be a whole number of 1 or more, not \"{seats_text}\""),
                    "Enter how many members the division elects",
                ));
            }
        };
        let electorate = match row.get(c_electorate) {
            "" => None,
            text => match parse_count(text) {
                Ok(value) => value,
                Err(_) => {
                    let c = c_electorate.unwrap_or_default();
                    return Err(at(
                        c,
                        format!("the electorate \"{text}\" is not a whole number"),
                        "Enter the number of registered electors, or leave it blank",
                    ));
                }
            },
        };
        let declared_at = match row.get(c_declared) {
            "" => None,
            text if text == last_time.0 => last_time.1,
            text => match text.parse::<Timestamp>() {
                Ok(t) => {
                    last_time.0.clear();
                    last_time.0.push_str(text);
                    last_time.1 = Some(t);
                    Some(t)
                }
                Err(_) => {
                    let c = c_declared.unwrap_or_default();
                    return Err(at(
                        c,
                        format!("\"{text}\" is not a date and time"),
                        "Use RFC 3339, e.g. 2025-05-02T03:14:00+01:00",
                    ));
                }
            },
        };
        let flag = |column: Option<usize>| -> Result<Option<bool>, FileError> {
            let text = row.get(column);
            match parse_flag(text) {
                Some(flag) => Ok(flag),
                None => {
                    let c = column.unwrap_or_default();
                    Err(at(
                        c,
                        format!("\"{text}\" is not Y or N"),
                        "Use Y, N or leave it blank",
                    ))
                }
            }
        };
        // A candidate who withdrew (or died) after nomination and is not on the
        // ballot: marked in a `withdrawn` column or with "withdrawn" for votes.
        if flag(c_withdrawn)? == Some(true)
            || row.get(Some(c_votes)).eq_ignore_ascii_case("withdrawn")
        {
            withdrawn.push(format!("{candidate} ({name}, line {line})"));
            continue;
        }
        let raw_candidate = RawCandidate {
            votes: CountText::new(row.get(Some(c_votes))),
            elected: flag(c_elected)?,
            won_by_lot: flag(c_lot)?,
            line,
        };

        // A division is its code where the file gives one, else its name (and its
        // area, for a block of rows apart from another of the same name). Rows of one
        // division usually follow one another: the same as the row before needs no
        // lookup.
        let code = row.get(c_id);
        let area = row.get(c_area);
        let council = row.get(c_council);
        let same_as_last = divisions
            .last()
            .filter(|d| {
                d.setup.name == name
                    && d.setup
                        .council
                        .as_deref()
                        .unwrap_or("")
                        .eq_ignore_ascii_case(council)
                    && (code.is_empty() || d.setup.code.as_deref().is_none_or(|c| c == code))
                    && (area.is_empty()
                        || d.setup
                            .area
                            .as_deref()
                            .is_none_or(|a| a.eq_ignore_ascii_case(area)))
            })
            .map(|_| divisions.len() - 1);
        // The name's key is made once, and only for a row that starts a block.
        // Divisions of one name on different councils are different divisions.
        let key = match same_as_last {
            Some(_) => String::new(),
            None if council.is_empty() => division_key(name),
            None => format!("{}\u{1f}{}", council.to_lowercase(), division_key(name)),
        };
        let index = match same_as_last {
            Some(i) => Some(i),
            None => find_division(&divisions, &by_code, &by_name, &key, name, code, area)
                .map_err(|problem| {
                    at(
                        c_id.unwrap_or(c_division),
                        problem,
                        "Give every row its division_id (a GSS code or ballot paper id) so that divisions of one name are told apart",
                    )
                })?,
        };
        let index = match index {
            Some(i) => i,
            None => {
                let new = divisions.len();
                by_name
                    .entry(key)
                    .and_modify(|(_, others)| others.push(new))
                    .or_insert((new, Vec::new()));
                // Room for as many candidates as the division before had.
                let candidates = divisions.last().map_or(0, |d| d.candidates.len());
                divisions.push(RawDivision {
                    setup: DivisionSetup {
                        name: name.to_string(),
                        council: Some(council.to_string()).filter(|c| !c.is_empty()),
                        seats,
                        candidates: Vec::with_capacity(candidates),
                        ..DivisionSetup::default()
                    },
                    line,
                    candidates: Vec::with_capacity(candidates),
                    ..RawDivision::default()
                });
                // Its seats come from this row (the division is made with them).
                let mut seen = [0; FIELDS];
                seen[SEATS_FIELD] = line;
                first_lines.push(seen);
                divisions.len() - 1
            }
        };
        let division = &mut divisions[index];
        // Division-level fields repeat on every row; a blank one says nothing, two
        // different values are an error naming both lines. They are compared as values:
        // text made for each row's fields was most of the time of reading a big file.
        let seen = &mut first_lines[index];
        let ballots = CountText::new(row.get(c_ballots));
        let rejected = CountText::new(row.get(c_rejected));
        fn given(text: &str) -> Option<&str> {
            Some(text).filter(|t| !t.is_empty())
        }
        fn counted(count: &CountText) -> Option<&CountText> {
            Some(count).filter(|c| !c.is_blank())
        }
        let d = &division.setup;
        // (field, column, the value known) of the first field this row contradicts.
        let conflict = if conflicts(&mut seen[SEATS_FIELD], line, Some(d.seats), Some(seats)) {
            Some((SEATS_FIELD, Some(c_seats), d.seats.to_string()))
        } else if conflicts(&mut seen[CODE_FIELD], line, d.code.as_deref(), given(code)) {
            Some((CODE_FIELD, c_id, d.code.clone().unwrap_or_default()))
        } else if conflicts(&mut seen[AREA_FIELD], line, d.area.as_deref(), given(area)) {
            Some((AREA_FIELD, c_area, d.area.clone().unwrap_or_default()))
        } else if conflicts(&mut seen[ELECTORATE_FIELD], line, d.electorate, electorate) {
            let known = d.electorate.map(|e| e.to_string()).unwrap_or_default();
            Some((ELECTORATE_FIELD, c_electorate, known))
        } else if conflicts(
            &mut seen[BALLOTS_FIELD],
            line,
            counted(&division.ballots_issued),
            counted(&ballots),
        ) {
            let known = division.ballots_issued.text().into_owned();
            Some((BALLOTS_FIELD, c_ballots, known))
        } else if conflicts(
            &mut seen[REJECTED_FIELD],
            line,
            counted(&division.rejected),
            counted(&rejected),
        ) {
            let known = division.rejected.text().into_owned();
            Some((REJECTED_FIELD, c_rejected, known))
        } else if conflicts(
            &mut seen[DECLARED_FIELD],
            line,
            division.declared_at,
            declared_at,
        ) {
            let known = division
                .declared_at
                .map(|t| t.to_string())
                .unwrap_or_default();
            Some((DECLARED_FIELD, c_declared, known))
        } else {
            None
        };
        if let Some((field, Some(column), known)) = conflict {
            return Err(at(
                column,
                format!(
                    "\"{}\" has {} \"{}\" here but \"{known}\" on line {}",
                    division.setup.name,
                    header(column),
                    row.get(Some(column)),
                    seen[field]
                ),
                "Division-level columns must be the same on every row of a division",
            ));
        }

        if division.setup.code.is_none() && !code.is_empty() {
            division.setup.code = Some(code.to_string());
            by_code.insert(code.to_string(), index);
        }
        if division.setup.area.is_none() && !area.is_empty() {
            division.setup.area = Some(area.to_string());
        }
        division.setup.electorate = division.setup.electorate.or(electorate);
        if division.ballots_issued.is_blank() {
            division.ballots_issued = ballots;
        }
        if division.rejected.is_blank() {
            division.rejected = rejected;
        }
        division.declared_at = division.declared_at.or(declared_at);
        let id = |c: Option<usize>| {
            Some(row.get(c))
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        division.setup.candidates.push(CandidateSetup {
            name: candidate.to_string(),
            party: row.get(Some(c_party)).to_string(),
            counts_for: id(c_group),
            ids: CandidateIds {
                person_id: id(c_person),
                member_id: id(c_member),
                party_id: id(c_party_id),
                elected_as: id(c_elected_as),
            }
            .boxed(),
            incumbent: flag(c_incumbent)? == Some(true),
        });
        division.candidates.push(raw_candidate);
    }
    if divisions.is_empty() {
        return Err(
            FileError::new(file, "the file has a header but no candidates")
                .hint("Add one row per candidate below the header"),
        );
    }
    Ok(ReadRows {
        raw: RawResults {
            file: file.to_string(),
            divisions,
            votes_column: c_votes,
            ballots_column: c_ballots,
            rejected_column: c_rejected,
            headers,
            groups: crate::formats::party_groups::shipped(),
            withdrawn,
            partial_councils: Vec::new(),
            notes: Vec::new(),
            whole_councils: Vec::new(),
            council_codes: Vec::new(),
        },
        names: by_name,
        codes: by_code,
    })
}

/// Whether a row contradicts a division-level field: it gives a value other than the
/// one known. A value given for the first time notes its line in `seen`.
#[inline]
fn conflicts<T: PartialEq>(seen: &mut u64, line: u64, known: Option<T>, given: Option<T>) -> bool {
    match (known, given) {
        (_, None) => false,
        (Some(known), Some(given)) => known != given,
        (None, Some(_)) => {
            if *seen == 0 {
                *seen = line;
            }
            false
        }
    }
}

/// The division a row without a division of the row before belongs to: by its code,
/// else by its name where one division (of its area, when it gives one) has it.
/// `Ok(None)`: a new division.
fn find_division(
    divisions: &[RawDivision],
    by_code: &HashMap<String, usize>,
    by_name: &HashMap<String, (usize, Vec<usize>)>,
    key: &str,
    name: &str,
    code: &str,
    area: &str,
) -> Result<Option<usize>, String> {
    if !code.is_empty()
        && let Some(&i) = by_code.get(code)
    {
        let d = &divisions[i];
        if division_key(&d.setup.name) != division_key(name) {
            return Err(format!(
                "division_id \"{code}\" is \"{}\" on line {} but \"{name}\" here",
                d.setup.name, d.line
            ));
        }
        return Ok(Some(i));
    }
    let named: Vec<usize> = by_name.get(key).map_or_else(Vec::new, |(first, others)| {
        std::iter::once(*first)
            .chain(others.iter().copied())
            .collect()
    });
    // With a code, only a division of this name not yet given a code can be it.
    let fits = |&&i: &&usize| {
        let d = &divisions[i].setup;
        let code_fits = code.is_empty() || d.code.is_none();
        let area_fits = area.is_empty()
            || d.area
                .as_deref()
                .is_none_or(|a| a.eq_ignore_ascii_case(area));
        code_fits && area_fits
    };
    let fitting: Vec<usize> = named.iter().filter(fits).copied().collect();
    match fitting.as_slice() {
        [] => Ok(None),
        // Divisions of one name told apart by area alone: each one's rows must be
        // together, so that one mistyped area is an error and not a new division.
        [only] if named.len() > 1 && code.is_empty() => Err(format!(
            "{} divisions are called \"{name}\", told apart only by their area, and this row of the one on line {} is apart from its other rows",
            named.len(),
            divisions[*only].line
        )),
        [only] => Ok(Some(*only)),
        several => {
            let codes: Vec<String> = several
                .iter()
                .map(|&i| {
                    let d = &divisions[i];
                    let tell = d.setup.code.clone().or_else(|| d.setup.area.clone());
                    match tell {
                        Some(t) => format!("{t} (line {})", d.line),
                        None => format!("line {}", d.line),
                    }
                })
                .collect();
            Err(format!(
                "{} divisions are called \"{name}\" ({}), and this row does not say which it belongs to",
                several.len(),
                codes.join(", ")
            ))
        }
    }
}

impl RawResults {
    /// Builds the election set-up (no declarations).
    pub fn election(&self, name: &str) -> Result<Election, FileError> {
        let mut builder = ElectionBuilder::new(name).with_groups(self.groups.clone());
        for division in &self.divisions {
            builder
                .add_division(division.setup.clone())
                .map_err(|e| FileError::new(&self.file, e.to_string()).at_line(division.line))?;
        }
        Ok(builder.build())
    }

    /// Every declaration check over every declared division, located in the file.
    pub fn check(&self, election: &Election) -> Vec<LocatedFinding> {
        let mut out = Vec::new();
        for (i, division) in self.divisions.iter().enumerate() {
            if division.is_awaiting()
                || division.setup.candidates.len() <= division.setup.seats as usize
            {
                continue;
            }
            let checked = division.check(election, DivisionIx(i as u32));
            for finding in checked.findings {
                out.push(self.locate(division, finding));
            }
        }
        out
    }

    fn locate(&self, division: &RawDivision, finding: Finding) -> LocatedFinding {
        let column = |c: Option<usize>, _: &str| {
            c.map(|c| (c + 1, self.headers.get(c).cloned().unwrap_or_default()))
        };
        let (candidate, line, column) = match finding.field {
            Field::Candidate(pos) => (
                division.setup.candidates.get(pos).map(|c| c.name.clone()),
                division
                    .candidates
                    .get(pos)
                    .map_or(division.line, |c| c.line),
                column(Some(self.votes_column), "votes"),
            ),
            Field::BallotsIssued => (
                None,
                division.line,
                column(self.ballots_column, "ballots_issued"),
            ),
            Field::Rejected => (
                None,
                division.line,
                column(self.rejected_column, "rejected"),
            ),
            Field::Division => (None, division.line, None),
        };
        LocatedFinding {
            division: division.setup.name.clone(),
            candidate,
            line,
            column,
            finding,
        }
    }

    /// Every division's declaration, checked once; the first error in the file's order
    /// stops.
    fn declarations(&self, election: &Election) -> Result<Vec<Option<Declaration>>, FileError> {
        let mut declarations = Vec::with_capacity(self.divisions.len());
        for (i, division) in self.divisions.iter().enumerate() {
            if division.is_awaiting() {
                declarations.push(None);
                continue;
            }
            let ix = DivisionIx(i as u32);
            let checked = division.check(election, ix);
            let unopposed = election.division(ix).is_uncontested();
            if !unopposed && let Some(error) = checked.findings.iter().find(|f| f.is_error()) {
                let error = self.locate(division, error.clone());
                let mut err = FileError::new(&self.file, format!("\"{}\": {}", error.division, error.finding.message))
                    .at_line(error.line)
                    .hint("Correct the figure, or leave every vote of the division blank if it has not declared; `tallyroom check` lists every problem");
                err.column = error.column;
                return Err(err);
            }
            let Some(mut declaration) = checked.declaration else {
                // Unopposed divisions need no figures.
                declarations.push(None);
                continue;
            };
            declaration.declared_at = division.declared_at;
            declaration.won_by_lot = lots_from_flags(election, ix, division, &declaration);
            declarations.push(Some(declaration));
        }
        Ok(declarations)
    }

    /// The election and its declarations; the first declaration error stops the load.
    pub fn into_results(mut self, name: &str) -> Result<LoadedResults, FileError> {
        // The candidates move into the election rather than being copied: a big file
        // has a million of them. Messages below name divisions, never candidates.
        let mut builder = ElectionBuilder::new(name).with_groups(std::mem::take(&mut self.groups));
        let candidates = self
            .divisions
            .iter()
            .map(|d| d.setup.candidates.len())
            .sum();
        builder.reserve(self.divisions.len(), candidates);
        for division in &mut self.divisions {
            // Only the name stays behind, for messages.
            let setup = std::mem::take(&mut division.setup);
            division.setup.name.clone_from(&setup.name);
            builder
                .add_division(setup)
                .map_err(|e| FileError::new(&self.file, e.to_string()).at_line(division.line))?;
        }
        let mut election = builder.build();
        for name in &self.partial_councils {
            if let Some(c) = election.find_council(name) {
                election.councils[c.index()].elects_part = true;
            }
        }
        let declarations = self.declarations(&election)?;
        Ok(LoadedResults {
            election,
            declarations,
        })
    }
}

/// The winners of a drawing of lots, read from `won_by_lot`, or else from `elected`
/// among the tied candidates; nothing when the flags do not resolve the tie.
fn lots_from_flags(
    election: &Election,
    ix: DivisionIx,
    division: &RawDivision,
    declaration: &Declaration,
) -> Vec<u32> {
    let Some((tied, seats)) = tie_for_last_seat(election.division(ix), declaration) else {
        return Vec::new();
    };
    let pick = |flag: fn(&RawCandidate) -> Option<bool>| -> Vec<u32> {
        tied.iter()
            .copied()
            .filter(|&p| division.candidates.get(p as usize).and_then(flag) == Some(true))
            .collect()
    };
    let by_lot = pick(|c| c.won_by_lot);
    if by_lot.len() == seats as usize {
        return by_lot;
    }
    let elected = pick(|c| c.elected);
    if elected.len() == seats as usize {
        elected
    } else {
        Vec::new()
    }
}

/// Whether a line reads as the header of the app's own format: a division, a
/// candidate and a votes column, by any of their names.
pub fn looks_like_header(line: &str) -> bool {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line.as_bytes());
    let Some(Ok(record)) = reader.records().next() else {
        return false;
    };
    let keys: Vec<String> = record
        .iter()
        .map(crate::formats::csv_table::header_key)
        .collect();
    [&DIVISION, &CANDIDATE, &VOTES].iter().all(|spec| {
        std::iter::once(spec.name)
            .chain(spec.aliases.iter().copied())
            .any(|name| keys.iter().any(|k| *k == name))
    })
}

/// Reads a results file: the election and its declarations, or one error.
pub fn read(file: &str, name: &str, bytes: &[u8]) -> Result<LoadedResults, FileError> {
    read_raw(file, bytes)?.into_results(name)
}

/// What to write besides the set-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Votes, ballot papers, winners: the results.
    Results,
    /// The set-up only, every vote blank: a sheet for a rehearsal or for the night.
    Blank,
}

/// Writes the tally's election in the app's own format, in ballot order, with
/// `elected` filled from the engine.
pub fn write<W: Write>(out: W, tally: &Tally, content: Content) -> Result<(), csv::Error> {
    let election = tally.election();
    let results = content == Content::Results;
    let any = |f: &dyn Fn(DivisionIx) -> bool| election.division_ixs().any(f);
    let has_id = any(&|ix| election.division(ix).code.is_some());
    let has_area = any(&|ix| election.division(ix).area.is_some());
    // A night of one named council keeps its name: a baseline kept this way still
    // matches its wards within that council only.
    let has_council = election.has_councils() || election.councils.iter().any(|c| c.name.is_some());
    let has_electorate = any(&|ix| election.division(ix).electorate.is_some());
    let declared = |ix| if results { tally.declaration(ix) } else { None };
    let has_ballots = any(&|ix| declared(ix).is_some_and(|d| d.ballots_issued.is_some()));
    let has_rejected = any(&|ix| declared(ix).is_some_and(|d| d.rejected.is_some()));
    let has_lots = results && any(&|ix| !tally.outcome(ix).by_lot.is_empty());
    let has_time = any(&|ix| declared(ix).is_some_and(|d| d.declared_at.is_some()));
    let any_candidate =
        |f: &dyn Fn(&crate::model::Candidate) -> bool| election.candidates.iter().any(f);
    let has_group = any_candidate(&|c| c.description.is_some());
    let has_candidate_id = |f: fn(&CandidateIds) -> &Option<String>| {
        any_candidate(&|c| c.ids.as_deref().is_some_and(|ids| f(ids).is_some()))
    };
    let has_person = has_candidate_id(|ids| &ids.person_id);
    let has_member = has_candidate_id(|ids| &ids.member_id);
    let has_party_id = has_candidate_id(|ids| &ids.party_id);
    let has_incumbent = any_candidate(&|c| c.incumbent);
    let has_elected_as = has_candidate_id(|ids| &ids.elected_as);

    let mut writer = crate::formats::csv_out::Writer::from_writer(out);
    let mut header = vec![];
    header.extend(has_council.then_some("council"));
    header.push("division");
    header.extend(has_id.then_some("division_id"));
    header.extend(has_area.then_some("area"));
    header.push("seats");
    header.extend(has_electorate.then_some("electorate"));
    header.extend(["candidate", "party"]);
    header.extend(has_group.then_some("party_group"));
    header.extend(has_person.then_some("person_id"));
    header.extend(has_member.then_some("member_id"));
    header.extend(has_party_id.then_some("party_id"));
    header.extend(has_incumbent.then_some("incumbent"));
    header.extend(has_elected_as.then_some("party_elected_as"));
    header.push("votes");
    header.extend(has_ballots.then_some("ballots_issued"));
    header.extend(has_rejected.then_some("rejected"));
    header.extend(results.then_some("elected"));
    header.extend(has_lots.then_some("won_by_lot"));
    header.extend(has_time.then_some("declared_at"));
    writer.write_record(&header)?;

    let opt = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
    for ix in election.division_ixs() {
        let division = election.division(ix);
        let declaration = declared(ix);
        let outcome = tally.outcome(ix);
        for (pos, c) in division.candidate_ixs().enumerate() {
            let candidate = election.candidate(c);
            let mut record: Vec<String> = Vec::new();
            if has_council {
                record.push(election.council_name(division.council).to_string());
            }
            record.push(division.name.clone());
            if has_id {
                record.push(division.code.clone().unwrap_or_default());
            }
            if has_area {
                record.push(division.area.clone().unwrap_or_default());
            }
            record.push(division.seats.to_string());
            if has_electorate {
                record.push(opt(division.electorate));
            }
            record.push(candidate.name.clone());
            record.push(election.description(c).to_string());
            if has_group {
                // Only where the description is not the party's own name.
                record.push(
                    candidate
                        .description
                        .as_ref()
                        .map(|_| election.party_name(candidate.party).to_string())
                        .unwrap_or_default(),
                );
            }
            let ids = candidate.ids();
            for (has, id) in [
                (has_person, ids.person_id),
                (has_member, ids.member_id),
                (has_party_id, ids.party_id),
            ] {
                if has {
                    record.push(id.unwrap_or_default());
                }
            }
            if has_incumbent {
                record.push(if candidate.incumbent { "Y" } else { "N" }.to_string());
            }
            if has_elected_as {
                record.push(candidate.ids().elected_as.unwrap_or_default());
            }
            record.push(opt(declaration.and_then(|d| d.votes.get(pos).copied())));
            if has_ballots {
                record.push(opt(declaration.and_then(|d| d.ballots_issued)));
            }
            if has_rejected {
                record.push(opt(declaration.and_then(|d| d.rejected)));
            }
            if results {
                let decided = outcome.status == Status::Declared
                    || (outcome.status == Status::Tied && !outcome.tied.contains(&c));
                let flag = if outcome.elected.contains(&c) {
                    "Y"
                } else if decided {
                    "N"
                } else {
                    ""
                };
                record.push(flag.to_string());
            }
            if has_lots {
                record.push(if outcome.by_lot.contains(&c) { "Y" } else { "" }.to_string());
            }
            if has_time {
                record.push(
                    declaration
                        .and_then(|d| d.declared_at)
                        .map(|t| t.to_string())
                        .unwrap_or_default(),
                );
            }
            writer.write_record(&record)?;
        }
    }
    writer.flush()?;
    Ok(())
}

/// One ward code given to two wards of a council (the 2022 Handbook and LEAP's 2016
/// file do so; a published archive, not the user's own file, where it is refused): each
/// is read as a division of its own name, and the code is dropped from both, so that
/// no baseline or map takes one ward for the other. Said with their lines.
pub(crate) fn codes_shared(file: &str, divisions: &mut [RawDivision]) -> Vec<String> {
    let mut by_code: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, d) in divisions.iter().enumerate() {
        if let Some(code) = &d.setup.code {
            by_code
                .entry((d.setup.council.clone().unwrap_or_default(), code.clone()))
                .or_default()
                .push(i);
        }
    }
    let mut shared: Vec<(&(String, String), &Vec<usize>)> =
        by_code.iter().filter(|(_, v)| v.len() > 1).collect();
    shared.sort_by_key(|(_, v)| v[0]);
    let mut said = Vec::new();
    let mut clear = Vec::new();
    for ((council, code), group) in shared {
        said.push(format!(
            "{file}: ward code {code} is given to {} wards of {council}: {}; each is read as a division of its own name, without the code (a baseline or map matches them by name)",
            group.len(),
            group
                .iter()
                .map(|&i| format!("\"{}\" (line {})", divisions[i].setup.name, divisions[i].line))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        clear.extend(group.iter().copied());
    }
    for i in clear {
        divisions[i].setup.code = None;
    }
    said
}
