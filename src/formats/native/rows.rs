//! Reading the rows of the app's own results CSV into divisions and candidates,
//! every refusal at its line and column; a large file read in two halves at once.

use std::sync::Arc;

use super::keys::KeyMap;
use super::*;

pub(super) use crate::formats::csv_table::IN_HALVES_FROM;

/// A map by a division's key (a big file's 200,000 names and codes go in, and are
/// looked up again where its two halves join).
type ByKey<V> = KeyMap<V>;

/// The rows of a file (or a part of one) as read, with the keys of its divisions.
pub(super) struct ReadRows {
    pub(super) raw: RawResults,
    names: ByKey<(usize, Vec<usize>)>,
    codes: ByKey<usize>,
}

impl ReadRows {
    /// Two halves read apart as the whole file reads: none when a division (by name or
    /// code) is in both, which only reading the file whole can settle.
    ///
    /// The halves' keys are compared, and the second half's maps freed, on one core
    /// while the other moves its divisions after the first's: one after the other, the
    /// three took 35–53 ms of a big file's summary, with the other core idle.
    pub(super) fn joined(mut self, second: ReadRows) -> Option<RawResults> {
        let ReadRows {
            raw,
            names: second_names,
            codes: second_codes,
        } = second;
        let (names, codes) = (&self.names, &self.codes);
        let apart = std::thread::scope(|scope| {
            let compared = scope.spawn(move || {
                !second_names.keys().any(|k| names.contains_key(k))
                    && !second_codes.keys().any(|k| codes.contains_key(k))
            });
            self.raw.divisions.extend(raw.divisions);
            self.raw.withdrawn.extend(raw.withdrawn);
            compared
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        apart.then_some(self.raw)
    }
}

/// Where the second half of the file's rows starts: the first row, from the middle on,
/// of another division than the row before (by its name, code and council); none
/// where no such row comes soon.
pub(super) fn division_boundary(table: &CsvTable) -> Option<usize> {
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

// Long: One pass over the rows: each field is checked in the file's order against what
// earlier rows set (the division being read, fields that must agree); split, the pieces
// would hand that state back and forth.
/// `room`: how many divisions to make room for (the whole file's, for its first half,
/// so that the second joins it without a copy).
pub(super) fn read_rows(
    file: &str,
    mut table: CsvTable,
    room: usize,
) -> Result<ReadRows, FileError> {
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
    let account_columns = super::account::AccountColumns::find(file, &table)?;
    // Per division with a paper account: the line that first gave it.
    let mut account_lines: HashMap<usize, u64> = HashMap::new();
    let mut withdrawn = Vec::new();

    // For messages: the header as the file writes it.
    let headers: Vec<String> = table.headers_as_written().to_vec();
    let header = |c: usize| headers.get(c).cloned().unwrap_or_default();
    let mut divisions: Vec<RawDivision> = Vec::with_capacity(room);
    // The maps need room for this part's own divisions only.
    let own = room.min(divisions_estimated(&table, c_division));
    // Room for keys of about 16 bytes each: more is made as they come.
    let mut by_code: ByKey<usize> = ByKey::with_capacity(own, 16);
    // Division name key -> the first division of that name, and any others.
    let mut by_name: ByKey<(usize, Vec<usize>)> = ByKey::with_capacity(own, 16);
    // The key of the division a row starts, made in the same text each time.
    let mut key_text = String::new();
    // For each division, for each division-level field: the line that first gave it a
    // value (0: none yet).
    let mut first_lines: Vec<[u64; FIELDS]> = Vec::with_capacity(own);
    // Rows of a division repeat its time, electorate, ballot papers and rejected: the
    // text of the last one read, and its value (read afresh on every row, they were a
    // twentieth of the instructions of reading a big file).
    let mut last_time: LastRead<Timestamp> = LastRead::default();
    let mut last_electorate: LastRead<Option<u64>> = LastRead::default();
    let mut last_ballots: LastRead<CountText> = LastRead::default();
    let mut last_rejected: LastRead<CountText> = LastRead::default();
    // Most files give no ids: no row then looks for them.
    let any_ids = [c_person, c_member, c_party_id, c_elected_as]
        .iter()
        .any(Option::is_some);
    // The candidates of the division being read, gathered here and handed over whole
    // when its rows end: each division's lists are then made at their size once,
    // where growing them a candidate at a time was a tenth of reading a big file.
    let mut reading: Option<usize> = None;
    let mut setups: Vec<CandidateSetup> = Vec::new();
    let mut raws: Vec<RawCandidate> = Vec::new();
    let mut parties = SharedTexts::default();

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
        let seats: u32 = match seats_number(seats_text) {
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
            text => match last_electorate.read(text, crate::formats::electorate) {
                Ok(value) => value,
                Err(problem) => {
                    let c = c_electorate.unwrap_or_default();
                    return Err(at(
                        c,
                        problem,
                        "Enter the number of registered electors, or leave it blank",
                    ));
                }
            },
        };
        let declared_at = match row.get(c_declared) {
            "" => None,
            text => match last_time.read(text, str::parse) {
                Ok(t) => Some(t),
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
            // A column the file does not have is blank on every row.
            if column.is_none() {
                return Ok(None);
            }
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
        let votes = row.get(Some(c_votes));
        if flag(c_withdrawn)? == Some(true) || votes.eq_ignore_ascii_case("withdrawn") {
            withdrawn.push(format!("{candidate} ({name}, line {line})"));
            continue;
        }
        let raw_candidate = RawCandidate {
            votes: CountText::new(votes),
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
        // The name's key is made once, and only for a row that starts a block, in a
        // text used again from row to row. Divisions of one name on different
        // councils are different divisions.
        key_text.clear();
        if same_as_last.is_none() {
            if council.is_ascii() {
                key_text.extend(council.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                key_text.push_str(&council.to_lowercase());
            }
            if !council.is_empty() {
                key_text.push('\u{1f}');
            }
            crate::model::division_key_onto(name, &mut key_text);
        }
        let key = key_text.as_str();
        let index = match same_as_last {
            Some(i) => Some(i),
            None => find_division(&divisions, &by_code, &by_name, key, name, code, area)
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
                match by_name.get_mut(key) {
                    Some((_, others)) => others.push(new),
                    None => by_name.insert_new(key, (new, Vec::new())),
                }
                divisions.push(RawDivision {
                    setup: DivisionSetup {
                        name: name.to_string(),
                        council: Some(council.to_string()).filter(|c| !c.is_empty()),
                        seats,
                        ..DivisionSetup::default()
                    },
                    line,
                    ..RawDivision::default()
                });
                // Its seats come from this row (the division is made with them).
                let mut seen = [0; FIELDS];
                seen[SEATS_FIELD] = line;
                first_lines.push(seen);
                divisions.len() - 1
            }
        };
        if reading != Some(index) {
            if let Some(read) = reading {
                hand_over(&mut divisions[read], &mut setups, &mut raws);
            }
            reading = Some(index);
        }
        let division = &mut divisions[index];
        // Division-level fields repeat on every row; a blank one says nothing, two
        // different values are an error naming both lines. They are compared as values:
        // text made for each row's fields was most of the time of reading a big file.
        let seen = &mut first_lines[index];
        let count = |last: &mut LastRead<CountText>, column: Option<usize>| {
            let Some(c) = column else {
                return CountText::Blank;
            };
            last.made(row.get(Some(c)), CountText::new)
        };
        let ballots = count(&mut last_ballots, c_ballots);
        let rejected = count(&mut last_rejected, c_rejected);
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

        if let Some(columns) = &account_columns
            && let Some(here) = columns.read(&row)
        {
            match &mut division.account {
                None => {
                    division.account = Some(Box::new(here));
                    account_lines.insert(index, line);
                }
                Some(known) => {
                    if let Err((column, was)) = columns.merge(known, here) {
                        return Err(at(
                            column,
                            format!(
                                "\"{}\" has {} \"{}\" here but \"{was}\" on line {}",
                                division.setup.name,
                                header(column),
                                row.get(Some(column)),
                                account_lines.get(&index).copied().unwrap_or(division.line)
                            ),
                            "Division-level columns must be the same on every row of a division",
                        ));
                    }
                }
            }
        }
        if division.setup.code.is_none() && !code.is_empty() {
            division.setup.code = Some(code.to_string());
            if let Some(known) = by_code.get_mut(code) {
                *known = index;
            } else {
                by_code.insert_new(code, index);
            }
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
        setups.push(CandidateSetup {
            name: candidate.to_string(),
            party: parties.shared(row.get(Some(c_party))),
            counts_for: id(c_group),
            ids: any_ids
                .then(|| {
                    CandidateIds {
                        person_id: id(c_person),
                        member_id: id(c_member),
                        party_id: id(c_party_id),
                        elected_as: id(c_elected_as),
                    }
                    .boxed()
                })
                .flatten(),
            incumbent: flag(c_incumbent)? == Some(true),
        });
        raws.push(raw_candidate);
    }
    if let Some(read) = reading {
        hand_over(&mut divisions[read], &mut setups, &mut raws);
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
            account_columns: account_columns
                .as_ref()
                .map(super::account::AccountColumns::fields)
                .unwrap_or_default(),
            poll: account_columns
                .and_then(|c| c.poll)
                .unwrap_or(PollKind::Local),
        },
        names: by_name,
        codes: by_code,
    })
}

/// A division-level field's text on the row read last, and the value read from it: the
/// rows of a division repeat the field, and it is read again only where its text
/// changes.
#[derive(Default)]
struct LastRead<T> {
    text: String,
    /// None until a text has been read.
    value: Option<T>,
}

impl<T: Clone> LastRead<T> {
    /// The value of `text`: the last one's where the text is the same, else what
    /// `read` makes of it (kept, where it reads).
    fn read<E>(&mut self, text: &str, read: impl FnOnce(&str) -> Result<T, E>) -> Result<T, E> {
        if let Some(value) = &self.value
            && self.text == text
        {
            return Ok(value.clone());
        }
        let value = read(text)?;
        self.text.clear();
        self.text.push_str(text);
        self.value = Some(value.clone());
        Ok(value)
    }

    /// The value of `text` where any text makes one (a count kept as typed).
    fn made(&mut self, text: &str, make: impl FnOnce(&str) -> T) -> T {
        let Ok(value) = self.read(text, |text| Ok::<T, std::convert::Infallible>(make(text)));
        value
    }
}

/// A division's seats as `str::parse` reads them, a few plain digits added up
/// without its general reading (about 110 instructions of each row of a big file went
/// to reading its "1", of some 3,000 a row).
fn seats_number(text: &str) -> Result<u32, std::num::ParseIntError> {
    let bytes = text.as_bytes();
    if (1..=9).contains(&bytes.len()) && bytes.iter().all(u8::is_ascii_digit) {
        return Ok(bytes.iter().fold(0, |n, &b| n * 10 + u32::from(b - b'0')));
    }
    text.parse()
}

/// How many divisions a table's rows hold, as its first 64 KB have them: its rows (by
/// their length there) over its rows per division (by the changes of name there).
/// Room for as many: growing the lists and maps row by row copied them over and over,
/// a quarter of the time of reading a big file; room for too many costs as much in
/// memory, as a map's entries land all over its table. Rows, not lines, are counted,
/// so that a file that starts with blank lines is not taken for millions of rows.
pub(super) fn divisions_estimated(table: &CsvTable, c_division: usize) -> usize {
    let body = table.body();
    let sample = &body[..body.len().min(1 << 16)];
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(sample);
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut names) = (0usize, 0usize);
    let mut last: Vec<u8> = Vec::new();
    while let Ok(true) = reader.read_byte_record(&mut record) {
        let name = record.get(c_division).unwrap_or_default().trim_ascii();
        rows += 1;
        if rows == 1 || name != last.as_slice() {
            names += 1;
            last.clear();
            last.extend_from_slice(name);
        }
    }
    let row_length = (sample.len() / rows.max(1)).max(1);
    let rows_per_division = (rows / names.max(1)).max(1);
    body.len() / row_length / rows_per_division + 1
}

/// Texts that repeat from row to row (a party's description), kept once and shared:
/// a big night has a million candidates and a few dozen descriptions.
#[derive(Default)]
struct SharedTexts {
    known: Vec<Arc<str>>,
    by_text: HashMap<Arc<str>, usize>,
}

impl SharedTexts {
    /// A few dozen are looked through; beyond, a day of local elections with hundreds
    /// of local parties, they are looked up.
    const SCANNED: usize = 32;

    fn shared(&mut self, text: &str) -> Arc<str> {
        let found = if self.known.len() <= Self::SCANNED {
            self.known.iter().position(|t| **t == *text)
        } else {
            self.by_text.get(text).copied()
        };
        if let Some(i) = found {
            return Arc::clone(&self.known[i]);
        }
        let new: Arc<str> = text.into();
        self.by_text.insert(Arc::clone(&new), self.known.len());
        self.known.push(Arc::clone(&new));
        new
    }
}

/// Adds the candidates gathered from a division's rows to it (a list made at its size,
/// for a division first read).
fn hand_over(
    division: &mut RawDivision,
    setups: &mut Vec<CandidateSetup>,
    raws: &mut Vec<RawCandidate>,
) {
    division.setup.candidates.append(setups);
    division.candidates.append(raws);
}

/// Whether a row contradicts a division-level field: it gives a value other than the
/// one known. A value given for the first time notes its line in `seen`.
#[inline]
pub(super) fn conflicts<T: PartialEq>(
    seen: &mut u64,
    line: u64,
    known: Option<T>,
    given: Option<T>,
) -> bool {
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
pub(super) fn find_division(
    divisions: &[RawDivision],
    by_code: &ByKey<usize>,
    by_name: &ByKey<(usize, Vec<usize>)>,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn estimated(text: &str) -> usize {
        let table = CsvTable::new("t.csv", text.as_bytes()).expect("a table");
        divisions_estimated(&table, 0)
    }

    #[test]
    fn seats_are_read_as_parse_reads_them() {
        let texts = [
            "",
            "0",
            "1",
            "3",
            "01",
            "007",
            "+1",
            "-1",
            " 1",
            "1 ",
            "1.0",
            "١",
            "999999999",
            "4294967295",
            "4294967296",
            "99999999999",
            "x",
        ];
        for text in texts {
            assert_eq!(
                seats_number(text).ok(),
                text.parse::<u32>().ok(),
                "{text:?}"
            );
        }
    }

    /// Room is made for about as many divisions as the file holds: by its rows per
    /// division, and never for a row per blank line.
    #[test]
    fn room_is_made_for_the_divisions_a_file_holds() {
        let mut text = String::from("division,candidate\n");
        for d in 0..3000 {
            for c in 0..5 {
                text.push_str(&format!("Division {d},Candidate {c}\n"));
            }
        }
        // Within half again: the first rows' names are shorter than the later ones'.
        let room = estimated(&text);
        assert!((3000..=4500).contains(&room), "{room}");
        let blank_first = format!(
            "division,candidate\n{}{}",
            "\n".repeat(1 << 17),
            &text[19..]
        );
        let room = estimated(&blank_first);
        assert!(room <= 4500, "{room}");
    }
}
