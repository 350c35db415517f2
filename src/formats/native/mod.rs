//! The app's own results CSV (`docs/formats.md`, "The results file"): one row per
//! candidate, the same file before the night (votes blank) and after it. Its columns
//! are in `columns.rs`, reading its rows in `rows.rs`, writing it in `write.rs`; here,
//! the election built from the rows read.

use std::collections::HashMap;
use std::io::Write;

use jiff::Timestamp;

use crate::formats::FileError;
use crate::formats::csv_table::{ColumnSpec, CsvTable, parse_flag};
use crate::model::{
    CandidateIds, CandidateSetup, Declaration, DivisionIx, DivisionSetup, Election,
    ElectionBuilder, PartyGroups, PollKind, division_key,
};
use crate::tally::Tally;
use crate::tally::checks::{Checked, CountText, Field, Finding, RawAccount, check_counts};
use crate::tally::outcome::{Status, tie_for_last_seat};

mod account;
mod columns;
mod keys;
mod rows;
mod write;

use columns::*;
use rows::{IN_HALVES_FROM, division_boundary, divisions_estimated, read_rows};
pub use write::{Content, write};

/// Divisions from which a file's declarations are checked in two halves at once.
pub(crate) const IN_HALVES_FROM_DIVISIONS: usize = 20_000;

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
    /// The kind of poll the file's councils hold: it names the rejected headings.
    pub poll: PollKind,
    /// The paper account's columns (0-based), by the field they give.
    pub account_columns: Vec<(Field, usize)>,
}

impl RawResults {
    /// Results read from a publisher's file: votes (no ballot-paper or rejected columns
    /// unless the reader sets them), the shipped party groups, nothing withdrawn, no
    /// notes yet.
    pub fn votes_only(
        file: &str,
        divisions: Vec<RawDivision>,
        votes_column: usize,
        headers: Vec<String>,
    ) -> Self {
        RawResults {
            file: file.to_string(),
            divisions,
            votes_column,
            ballots_column: None,
            rejected_column: None,
            headers,
            groups: crate::formats::party_groups::shipped(),
            withdrawn: Vec::new(),
            partial_councils: Vec::new(),
            notes: Vec::new(),
            whole_councils: Vec::new(),
            council_codes: Vec::new(),
            poll: PollKind::Local,
            account_columns: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct RawDivision {
    pub setup: DivisionSetup,
    pub ballots_issued: CountText,
    pub rejected: CountText,
    /// The paper account where the file gives any of it (boxed: most files have none,
    /// and a big one has 200,000 divisions).
    pub account: Option<Box<RawAccount>>,
    pub declared_at: Option<Timestamp>,
    /// The line of the division's first row.
    pub line: u64,
    pub candidates: Vec<RawCandidate>,
}

impl RawDivision {
    /// A division as a results file first names it, at `line`, before its figures
    /// and candidates (files of other publishers give no ballot-paper figures).
    pub fn named(setup: DivisionSetup, line: u64) -> Self {
        RawDivision {
            setup,
            ballots_issued: CountText::Blank,
            rejected: CountText::Blank,
            account: None,
            declared_at: None,
            line,
            candidates: Vec::new(),
        }
    }
}

/// The builder takes the set-ups where they are (copied into a list of their own, a
/// big file's were 30 MB more at once).
impl AsRef<DivisionSetup> for RawDivision {
    fn as_ref(&self) -> &DivisionSetup {
        &self.setup
    }
}

impl AsMut<DivisionSetup> for RawDivision {
    fn as_mut(&mut self) -> &mut DivisionSetup {
        &mut self.setup
    }
}

/// Refuses a file whose header is followed by no candidate.
pub fn some_candidates(file: &str, divisions: &[RawDivision]) -> Result<(), FileError> {
    if divisions.is_empty() {
        return Err(FileError::new(
            file,
            "the file has a header but no candidates",
        ));
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub struct RawCandidate {
    pub votes: CountText,
    pub elected: Option<bool>,
    pub won_by_lot: Option<bool>,
    pub line: u64,
}

/// A candidate's row holds its count as typed, which the checks read in place.
impl AsRef<CountText> for RawCandidate {
    fn as_ref(&self) -> &CountText {
        &self.votes
    }
}

impl RawDivision {
    fn check(&self, election: &Election, ix: DivisionIx) -> Checked {
        check_counts(
            election,
            ix,
            &self.candidates,
            &self.ballots_issued,
            &self.rejected,
            self.account.as_deref().unwrap_or(&RawAccount::default()),
        )
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
    /// The election and its declarations by division, moved one by one rather than
    /// copied (a big night's are a fifth of its memory).
    pub fn into_declared(
        self,
    ) -> (
        Election,
        impl Iterator<Item = (DivisionIx, Declaration)> + 'static,
    ) {
        let declared = self
            .declarations
            .into_iter()
            .enumerate()
            .filter_map(|(i, d)| d.map(|d| (DivisionIx(i as u32), d)));
        (self.election, declared)
    }

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
    let room = table
        .column(&DIVISION)
        .map_or(0, |c| divisions_estimated(&table, c));
    if table.body().len() >= IN_HALVES_FROM
        && let Some(split) = division_boundary(&table)
    {
        let (first, second) = (table.part(0..split), table.part(split..table.body().len()));
        let (first, second) = std::thread::scope(|scope| {
            let second = scope.spawn(|| read_rows(file, second, room / 2 + 1));
            let mut first = read_rows(file, first, room);
            if let Ok(read) = &mut first {
                room_touched_until(&mut read.raw.divisions, || second.is_finished());
            }
            (first, second.join())
        });
        if let (Ok(first), Ok(Ok(second))) = (first, second)
            && let Some(whole) = first.joined(second)
        {
            return Ok(whole);
        }
    }
    read_rows(file, table, room).map(|read| read.raw)
}

/// Fills the room a list has made beyond its divisions, a batch at a time, until
/// `done`, up to as many more as it has: the pages the other half's divisions will be
/// moved into are then already in memory (the system has made each page), made while
/// this core would wait for the other (the halves end up to a tenth of a second
/// apart). Made as the divisions were moved in, on one core after both halves, they
/// cost a big file's summary 15-20 ms with the other core idle.
fn room_touched_until(divisions: &mut Vec<RawDivision>, done: impl Fn() -> bool) {
    let expected = divisions.len();
    let room = divisions.spare_capacity_mut();
    let touched = expected.min(room.len());
    let room = &mut room[..touched];
    for batch in room.chunks_mut(256) {
        if done() {
            return;
        }
        for slot in batch {
            // Written over when the divisions are moved in, never dropped: a default
            // division owns nothing (empty texts and lists). Were a field's default
            // ever to own memory, that memory would be lost here.
            slot.write(RawDivision::default());
        }
    }
}

impl RawResults {
    /// Builds the election set-up (no declarations).
    pub fn election(&self, name: &str) -> Result<Election, FileError> {
        let mut builder = ElectionBuilder::new(name)
            .with_groups(self.groups.clone())
            .with_poll(self.poll);
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
            let ix = DivisionIx(i as u32);
            let checked = division.check(election, ix);
            for finding in checked.findings {
                out.push(self.locate(election, ix, division, finding));
            }
        }
        out
    }

    /// A finding at its line and column, naming the division as the election does.
    fn locate(
        &self,
        election: &Election,
        ix: DivisionIx,
        division: &RawDivision,
        finding: Finding,
    ) -> LocatedFinding {
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
            Field::Verified | Field::Counted | Field::Heading(_) | Field::RejectedInPart => {
                let at = self
                    .account_columns
                    .iter()
                    .find(|(f, _)| *f == finding.field)
                    .map(|&(_, c)| c);
                (None, division.line, column(at, ""))
            }
        };
        LocatedFinding {
            division: election.division(ix).name.clone(),
            candidate,
            line,
            column,
            finding,
        }
    }

    /// Every division's declaration, checked once; the first error in the file's order
    /// stops. A big file's two halves are checked at once, on two cores (each check
    /// needs only its division), each into its own part of the one list: the first
    /// half's error, if any, is said first.
    fn declarations(&self, election: &Election) -> Result<Vec<Option<Declaration>>, FileError> {
        let n = self.divisions.len();
        let mut declarations: Vec<Option<Declaration>> = Vec::with_capacity(n);
        declarations.resize_with(n, || None);
        if n < IN_HALVES_FROM_DIVISIONS {
            self.declarations_of(election, 0, &mut declarations)?;
            return Ok(declarations);
        }
        let (first, second) = declarations.split_at_mut(n / 2);
        let (first, second) = std::thread::scope(|scope| {
            let later = scope.spawn(|| self.declarations_of(election, n / 2, second));
            (self.declarations_of(election, 0, first), later.join())
        });
        first?;
        match second {
            Ok(second) => second?,
            Err(panic) => std::panic::resume_unwind(panic),
        }
        Ok(declarations)
    }

    /// The declarations of the divisions from `from` on, into `out`, one for each.
    fn declarations_of(
        &self,
        election: &Election,
        from: usize,
        out: &mut [Option<Declaration>],
    ) -> Result<(), FileError> {
        for (i, slot) in (from..).zip(out.iter_mut()) {
            let Some(division) = self.divisions.get(i) else {
                break;
            };
            if division.is_awaiting() {
                continue;
            }
            let ix = DivisionIx(i as u32);
            let checked = division.check(election, ix);
            let unopposed = election.division(ix).is_uncontested();
            if !unopposed && let Some(error) = checked.findings.iter().find(|f| f.is_error()) {
                let error = self.locate(election, ix, division, error.clone());
                let mut err = FileError::new(&self.file, format!("\"{}\": {}", error.division, error.finding.message))
                    .at_line(error.line)
                    .hint("Correct the figure, or leave every vote of the division blank if it has not declared; `tallyroom check` lists every problem");
                err.column = error.column;
                return Err(err);
            }
            let Some(mut declaration) = checked.declaration else {
                // Unopposed divisions need no figures.
                continue;
            };
            declaration.declared_at = division.declared_at;
            declaration.won_by_lot = lots_from_flags(election, ix, division, &declaration);
            *slot = Some(declaration);
        }
        Ok(())
    }

    /// The election and its declarations; the first declaration error stops the load.
    pub fn into_results(mut self, name: &str) -> Result<LoadedResults, FileError> {
        // The candidates move into the election rather than being copied: a big file
        // has a million of them. Messages below name divisions, never candidates.
        let mut builder = ElectionBuilder::new(name)
            .with_groups(std::mem::take(&mut self.groups))
            .with_poll(self.poll);
        let candidates = self
            .divisions
            .iter()
            .map(|d| d.setup.candidates.len())
            .sum();
        builder.reserve(self.divisions.len(), candidates);
        // The set-ups' candidates, names, codes and areas move into the election; what
        // stays of them (lines, raw figures) is for messages.
        let mut election = builder.build_with(&mut self.divisions).map_err(|(i, e)| {
            let line = self.divisions.get(i).map_or(0, |d| d.line);
            FileError::new(&self.file, e.to_string()).at_line(line)
        })?;
        for name in &self.partial_councils {
            if let Some(c) = election.find_council(name) {
                election.councils[c.index()].elects_part = true;
            }
        }
        let declarations = self.declarations(&election)?;
        dropped_in_halves(std::mem::take(&mut self.divisions));
        Ok(LoadedResults {
            election,
            declarations,
        })
    }
}

/// Divisions as read, freed on two cores at once where they are many (a big file's
/// 200,000 lists of rows, freed one by one on one core, kept the other waiting).
fn dropped_in_halves(mut divisions: Vec<RawDivision>) {
    if divisions.len() >= IN_HALVES_FROM_DIVISIONS {
        let half = divisions.len() / 2;
        let (first, second) = divisions.split_at_mut(half);
        let emptied =
            |part: &mut [RawDivision]| part.iter_mut().for_each(|d| *d = RawDivision::default());
        std::thread::scope(|scope| {
            scope.spawn(|| emptied(second));
            emptied(first);
        });
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
    // Without a candidate marked as winning, the flags name no one: no need to work
    // the division's outcome out here (the tally does, once).
    let marked = |c: &RawCandidate| c.won_by_lot == Some(true) || c.elected == Some(true);
    if !division.candidates.iter().any(marked) {
        return Vec::new();
    }
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
