//! Opening the files a command names: a results CSV or an election file, as a tally.

use std::path::Path;
use std::sync::Arc;

use crate::cli::{CliError, SourceArgs};
use crate::formats::native::{LoadedResults, RawResults};
use crate::formats::{FileError, ReadOptions, read_raw_any};
use crate::formats::{areas, display_name, read_file, stem};
use crate::model::{Declaration, DivisionIx, Election};
use crate::report::ConflictReport;
use crate::store::events::Identity;
use crate::store::{Store, is_election_file};
use crate::tally::Tally;
use crate::tally::baseline::attach_baseline;

/// Reads a results file of any format; notes (names repaired) go to stderr.
pub fn results(path: &Path, source: &SourceArgs) -> Result<LoadedResults, CliError> {
    results_of(path, source, &source.election_ids, false)
}

/// Reads a baseline: its own election ids, its format told from its header.
pub fn baseline_results(path: &Path, source: &SourceArgs) -> Result<LoadedResults, CliError> {
    let base = SourceArgs {
        party_groups: source.party_groups.clone(),
        ..SourceArgs::default()
    };
    results_of(path, &base, &source.baseline_election_ids, true)
}

fn results_of(
    path: &Path,
    source: &SourceArgs,
    election_ids: &[String],
    as_baseline: bool,
) -> Result<LoadedResults, CliError> {
    raw_results(path, source, election_ids, as_baseline)?
        .into_results(&stem(path))
        .map_err(CliError::data)
}

/// Reads a results file of any format before the declaration checks; notes (names
/// repaired, titles taken) go to stderr. A baseline may be party totals by
/// constituency ([`ReadOptions::baseline`]).
fn raw_results(
    path: &Path,
    source: &SourceArgs,
    election_ids: &[String],
    as_baseline: bool,
) -> Result<RawResults, CliError> {
    let (raw, notes) = raw_results_and_notes(path, source, election_ids, as_baseline)?;
    for note in &notes {
        crate::cli::say(&format!("note: {note}"));
    }
    Ok(raw)
}

/// [`raw_results`], with its notes for the caller to say.
pub fn raw_results_and_notes(
    path: &Path,
    source: &SourceArgs,
    election_ids: &[String],
    as_baseline: bool,
) -> Result<(RawResults, Vec<String>), CliError> {
    let bytes = crate::formats::read_results_file(path).map_err(CliError::data)?;
    let constituencies = match &source.constituencies {
        Some(c) => Some((display_name(c), read_file(c).map_err(CliError::data)?)),
        None => None,
    };
    let format = source
        .format
        .map(Into::into)
        .unwrap_or_else(|| crate::formats::Format::detect(&bytes));
    let party_names_file = match (&source.party_names, format) {
        (Some(p), _) => Some(p.clone()),
        (None, crate::formats::Format::LocalHandbook) => crate::formats::party_names_beside(path),
        _ => None,
    };
    let party_names = match &party_names_file {
        Some(p) => {
            if source.party_names.is_none() {
                crate::cli::say(&format!(
                    "note: party names from {} (beside {})",
                    display_name(p),
                    display_name(path)
                ));
            }
            Some((display_name(p), read_file(p).map_err(CliError::data)?))
        }
        None => None,
    };
    let options = ReadOptions {
        // Told from the file where not given: a workbook is told sheet by sheet.
        format: source.format.map(Into::into),
        election_ids,
        constituencies: constituencies
            .as_ref()
            .map(|(n, b)| (n.as_str(), b.as_slice())),
        party_names: party_names
            .as_ref()
            .map(|(n, b)| (n.as_str(), b.as_slice())),
        wards: None,
        baseline: as_baseline,
    };
    let (mut raw, notes) =
        read_raw_any(&display_name(path), &bytes, &options).map_err(CliError::data)?;
    if let Some(groups) = &source.party_groups {
        let file = display_name(groups);
        let text = read_file(groups).map_err(CliError::data)?;
        crate::formats::party_groups::add_csv(&mut raw.groups, &String::from_utf8_lossy(&text))
            .map_err(|e| {
                CliError::data(
                    FileError::new(&file, e.problem)
                        .at_line(e.line)
                        .hint("Write one row per description: description,party"),
                )
            })?;
    }
    Ok((raw, notes))
}

/// Opens an election file for a command, as `who` (for the events it writes).
pub fn store(path: &Path, who: Option<&str>) -> Result<Store, CliError> {
    warned(Store::open(path, Identity::new(who)).map_err(CliError::from)?)
}

/// Opens an election file for a command that only reads it: the file is not written.
pub fn store_to_read(path: &Path) -> Result<Store, CliError> {
    warned(Store::open_to_read(path, Identity::new(None)).map_err(CliError::from)?)
}

/// A store whose record does not hold says so before any figure.
pub fn warned(store: Store) -> Result<Store, CliError> {
    // Every command says it, before any figure.
    if let Some(broken) = store.record_broken() {
        crate::cli::say(&format!(
            "warning: {}",
            broken.in_words(&super::advice::CommandLine)
        ));
    }
    Ok(store)
}

/// Takes the backup a change makes due; a failure is a warning, since the change itself
/// is saved.
pub fn backup_if_due(store: &mut Store) {
    if let Err(e) = store.backup_if_due() {
        crate::cli::say(&format!(
            "warning: {}",
            e.in_words(&super::advice::CommandLine)
        ));
    }
}

/// Opens an election file to change its night: refused up front, with the reason,
/// where the file may only watch a shared night.
pub fn store_to_change(path: &Path, who: Option<&str>) -> Result<Store, CliError> {
    let store = store(path, who)?;
    if let Some(why) = store.watch_only()? {
        return Err(CliError::data(format!(
            "{}: nothing was saved: {}",
            crate::formats::display_name(path),
            why.in_words(&super::advice::CommandLine)
        )));
    }
    Ok(store)
}

/// A results file or an election file, with a baseline and area lookup when given,
/// as a tally. A baseline given here replaces the one kept in an election file. For a
/// command that reads its file once: an election file read alone leaves the rest of
/// its store for the process's end ([`Store::into_tally_at_exit`]).
pub fn tally(
    path: &Path,
    source: &SourceArgs,
    baseline: Option<&Path>,
    area_file: Option<&Path>,
) -> Result<Tally, CliError> {
    tally_and_conflicts(path, source, baseline, area_file).map(|(tally, _)| tally)
}

/// The same, with an election file's conflicting declarations (a shared night's
/// divisions declared at two laptops that had not seen each other's figures).
pub fn tally_and_conflicts(
    path: &Path,
    source: &SourceArgs,
    baseline: Option<&Path>,
    area_file: Option<&Path>,
) -> Result<(Tally, Vec<(DivisionIx, ConflictReport)>), CliError> {
    tally_conflicts_and_fingerprint(path, source, baseline, area_file)
        .map(|(tally, conflicts, _)| (tally, conflicts))
}

/// A tally and its conflicts, the figures a tally can be traced to, and, for an
/// election file, the fingerprint of its night's record.
pub type Traced = (Tally, Vec<(DivisionIx, ConflictReport)>, Option<String>);

/// [`tally_and_conflicts`], with the night's fingerprint where the file is an
/// election file whose record holds.
pub fn tally_conflicts_and_fingerprint(
    path: &Path,
    source: &SourceArgs,
    baseline: Option<&Path>,
    area_file: Option<&Path>,
) -> Result<Traced, CliError> {
    if is_election_file(path) && baseline.is_none() && area_file.is_none() {
        // The file's own tally, as it stands: no second count of the night. A command
        // reads its file once and ends: the rest of the store is left for the
        // process's end to take back.
        let store = store_to_read(path)?;
        let conflicts = conflict_reports(&store);
        let fingerprint = store.fingerprint();
        return Ok((store.into_tally_at_exit(), conflicts, fingerprint));
    }
    let mut conflicts = Vec::new();
    let (mut election, declared) = if is_election_file(path) {
        let store = store_to_read(path)?;
        conflicts = conflict_reports(&store);
        let tally = store.tally();
        (
            Election::clone(tally.election()),
            Declared::InTimeOrder(tally.declared_in_time_order()),
        )
    } else {
        let loaded = results(path, source)?;
        (loaded.election, Declared::ByDivision(loaded.declarations))
    };
    if let Some(base_path) = baseline {
        let base = baseline_results(base_path, source)?;
        attach_baseline(&mut election, &base.election, &base.declarations);
    }
    if let Some(area_path) = area_file {
        let file = display_name(area_path);
        let bytes = read_file(area_path).map_err(CliError::data)?;
        let lookup = areas::read(&file, &bytes).map_err(CliError::data)?;
        areas::apply(&file, &mut election, &lookup).map_err(CliError::data)?;
    }
    let election = Arc::new(election);
    let tally = match declared {
        Declared::InTimeOrder(declared) => Tally::with_declarations(election, declared),
        Declared::ByDivision(declared) => Tally::with_declared_by_division(election, declared),
    }
    .map_err(|(ix, e)| {
        CliError::data(format!(
            "{}: division {}: {e}",
            display_name(path),
            ix.0 + 1
        ))
    })?;
    Ok((tally, conflicts, None))
}

/// A night's declarations as its source gives them: an election file's in the order
/// they were made, a results file's by division.
enum Declared {
    InTimeOrder(Vec<(DivisionIx, Declaration)>),
    ByDivision(Vec<Option<Declaration>>),
}

/// Each division with conflicting declarations, with the figures that count and
/// every other set, who entered them and where.
fn conflict_reports(store: &Store) -> Vec<(DivisionIx, crate::report::ConflictReport)> {
    use crate::report::{ConflictReport, EnteredFigures};
    let night = store.night();
    store.conflicts()
        .filter_map(|d| {
            let counted = night.tally.declaration(d)?;
            let by = night.last_id[d.index()]
                .as_deref()
                .and_then(|id| store.event(id));
            let name = &night.election().division(d).name;
            Some((
                d,
                ConflictReport {
                    counted: EnteredFigures {
                        who: by.map_or_else(String::new, |e| e.who.clone()),
                        machine: by.map_or_else(String::new, |e| e.machine.clone()),
                        at: by.map_or_else(String::new, |e| crate::store::audit::local_time(e.at)),
                        votes: counted.votes.clone(),
                        ballots_issued: counted.ballots_issued,
                        rejected: counted.rejected,
                    },
                    also_entered: night.rivals[d.index()]
                        .iter()
                        .map(|r| EnteredFigures {
                            who: r.who.clone(),
                            machine: r.machine.clone(),
                            at: crate::store::audit::local_time(r.at),
                            votes: r.figures.votes.clone(),
                            ballots_issued: r.figures.ballots_issued,
                            rejected: r.figures.rejected,
                        })
                        .collect(),
                    to_settle: format!(
                        "check the figures with the count, then `tallyroom correct {} --division \"{name}\" --resolve --reason \"...\" CANDIDATE=VOTES...`",
                        crate::formats::display_name(store.path())
                    ),
                },
            ))
        })
        .collect()
}

/// What a paper or a site is made from: an election file (its night, with first entries and
/// disputes, and its fingerprint) or a results file (its tally alone).
pub enum Opened {
    ElectionFile(Box<crate::store::Store>),
    Results(Box<Tally>),
}

impl Opened {
    pub fn open(file: &Path, source: &SourceArgs) -> Result<Opened, CliError> {
        Opened::open_with_baseline(file, source, None)
    }

    /// A results file with the previous election's results to compare with (an
    /// election file keeps its own baseline).
    pub fn open_with_baseline(
        file: &Path,
        source: &SourceArgs,
        baseline: Option<&Path>,
    ) -> Result<Opened, CliError> {
        Ok(if is_election_file(file) {
            Opened::ElectionFile(Box::new(store_to_read(file)?))
        } else {
            Opened::Results(Box::new(tally(file, source, baseline, None)?))
        })
    }

    pub fn tally(&self) -> &Tally {
        match self {
            Opened::ElectionFile(store) => store.tally(),
            Opened::Results(tally) => tally,
        }
    }

    pub fn night(&self) -> Option<&crate::store::night::Night> {
        match self {
            Opened::ElectionFile(store) => Some(store.night()),
            Opened::Results(_) => None,
        }
    }

    pub fn fingerprint(&self) -> Option<String> {
        match self {
            Opened::ElectionFile(store) => store.fingerprint(),
            Opened::Results(_) => None,
        }
    }

    /// The night's log, for an election file.
    pub fn log(&self) -> Option<&[crate::store::events::Event]> {
        match self {
            Opened::ElectionFile(store) => Some(store.events()),
            Opened::Results(_) => None,
        }
    }
}
