//! Entering the night into an election file: declare, correct, draw lots, undo, withdraw.
//! Each prints `saved` only after the event is committed to disk.

// `let _ = write!(text, …)` below writes into a String, which cannot fail.

use std::fmt::Write;
use std::path::Path;

use crate::cli::{CliError, load, print};
use crate::model::{CandidateIx, Declaration, DivisionIx, Election};
use crate::store::Store;
use crate::tally::checks::{RawAccountText, RawEntry, Severity, check_entry};
use crate::tally::outcome::Status;

/// The figures of a declaration as given on the command line.
pub struct EntryArgs<'a> {
    pub division: &'a str,
    /// "NAME=VOTES", "NAME (PARTY)=VOTES" or "#N=VOTES", one per candidate.
    pub votes: &'a [String],
    pub ballots_issued: Option<&'a str>,
    pub rejected: Option<&'a str>,
    pub account: RawAccountText,
    pub accept_warnings: bool,
}

pub fn declare(file: &Path, by: Option<&str>, args: &EntryArgs) -> Result<u8, CliError> {
    let mut store = load::store_to_change(file, by)?;
    let (division, declaration) = checked(store.election(), args)?;
    store
        .declare(division, &declaration)
        .map_err(CliError::from)?;
    saved(&mut store, division, "declared")
}

pub fn correct(
    file: &Path,
    by: Option<&str>,
    args: &EntryArgs,
    reason: &str,
    resolve: bool,
) -> Result<u8, CliError> {
    let mut store = load::store_to_change(file, by)?;
    let (division, declaration) = checked(store.election(), args)?;
    if resolve {
        store.resolve(division, &declaration, reason)
    } else {
        store.correct(division, &declaration, reason)
    }
    .map_err(CliError::from)?;
    saved(
        &mut store,
        division,
        if resolve {
            "corrected, its conflicting declarations resolved"
        } else {
            "corrected"
        },
    )
}

pub fn draw_lots(
    file: &Path,
    by: Option<&str>,
    division: &str,
    winners: &[String],
) -> Result<u8, CliError> {
    let mut store = load::store_to_change(file, by)?;
    let election = store.election().clone();
    let ix = find_division(&election, division)?;
    let positions = winners
        .iter()
        .map(|name| candidate_position(&election, ix, name))
        .collect::<Result<Vec<u32>, CliError>>()?;
    store.draw_lots(ix, positions).map_err(CliError::from)?;
    saved(&mut store, ix, "lots recorded")
}

pub fn undo(file: &Path, by: Option<&str>) -> Result<u8, CliError> {
    let mut store = load::store_to_change(file, by)?;
    let event = store.undo_last_declaration().map_err(CliError::from)?;
    let division = event.division.unwrap_or(DivisionIx(0));
    saved(&mut store, division, "withdrawn (undo)")
}

pub fn withdraw(
    file: &Path,
    by: Option<&str>,
    division: &str,
    reason: &str,
) -> Result<u8, CliError> {
    let mut store = load::store_to_change(file, by)?;
    let ix = find_division(store.election(), division)?;
    store.withdraw(ix, reason).map_err(CliError::from)?;
    saved(&mut store, ix, "withdrawn")
}

/// Tells the user the event is on disk, then makes a backup if one is due.
fn saved(store: &mut Store, division: DivisionIx, what: &str) -> Result<u8, CliError> {
    let tally = store.tally();
    let election = tally.election();
    let outcome = tally.outcome(division);
    let name = election.division_label(division);
    let mut out = format!("saved: {name} {what}");
    match outcome.status {
        Status::Declared => {
            let parties: Vec<&str> = outcome
                .elected
                .iter()
                .map(|&c| election.party_name(election.candidate(c).party))
                .collect();
            let _ = write!(out, "; won by {}", parties.join(", "));
            if let Some(m) = outcome.majority {
                let _ = write!(out, ", majority {m}");
            }
            if let Some(result) = tally.result_text(division) {
                let _ = write!(out, " ({result})");
            }
        }
        Status::Tied => {
            let names: Vec<String> = outcome
                .tied
                .iter()
                .map(|&c| election.candidate_label(c))
                .collect();
            let _ = write!(
                out,
                "; tied: lots to be drawn between {} for {} seat(s); record them with `tallyroom draw-lots`",
                names.join(" and "),
                outcome.tied_seats
            );
        }
        Status::Awaiting => {}
    }
    out.push('\n');
    print(&out)?;
    super::load::backup_if_due(store);
    crate::cli::share::send_now(store);
    Ok(0)
}

pub fn find_division(election: &Election, name: &str) -> Result<DivisionIx, CliError> {
    election
        .lookup_division(name)
        .map_err(|e| CliError::usage(e.to_string()))
}

/// A candidate given as "NAME", "NAME (PARTY)" or "#N"; what could be two candidates
/// is refused with both named, never guessed.
fn candidate_position(
    election: &Election,
    division: DivisionIx,
    name: &str,
) -> Result<u32, CliError> {
    election
        .lookup_candidate(division, name)
        .map(|c| election.ballot_position(c))
        .map_err(|e| CliError::usage(e.to_string()))
}

/// Reads "CANDIDATE=VOTES" arguments and runs every check: errors refuse, warnings
/// refuse unless accepted.
fn checked(election: &Election, args: &EntryArgs) -> Result<(DivisionIx, Declaration), CliError> {
    let ix = find_division(election, args.division)?;
    let d = election.division(ix);
    let mut entry = RawEntry {
        votes: vec![String::new(); d.candidate_count()],
        ballots_issued: args.ballots_issued.unwrap_or_default().to_string(),
        rejected: args.rejected.unwrap_or_default().to_string(),
        account: args.account.clone(),
    };
    let mut given = vec![false; d.candidate_count()];
    for arg in args.votes {
        let (name, votes) = arg.rsplit_once('=').ok_or_else(|| {
            CliError::usage(format!(
                "\"{arg}\" is not NAME=VOTES, \"NAME (PARTY)=VOTES\" or #N=VOTES"
            ))
        })?;
        let position = candidate_position(election, ix, name)? as usize;
        if std::mem::replace(&mut given[position], true) {
            return Err(CliError::usage(format!(
                "{} is given twice",
                election.candidate_label(CandidateIx(d.candidates.start + position as u32))
            )));
        }
        entry.votes[position] = votes.to_string();
    }
    let checked = check_entry(election, ix, &entry);
    let unexplained = checked
        .findings
        .iter()
        .any(|f| f.code == crate::tally::checks::CheckCode::CountedNotVerified)
        && entry.account.discrepancy.trim().is_empty();
    let mut report = String::new();
    for f in &checked.findings {
        let kind = match f.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            report,
            "{kind} {}: {}: {}",
            f.code.code(),
            d.name,
            f.message
        );
    }
    if checked.has_errors() {
        eprint!("{report}");
        return Err(CliError::data(format!(
            "{} has errors; nothing was saved",
            d.name
        )));
    }
    if checked.warnings().next().is_some() && !args.accept_warnings {
        eprint!("{report}");
        return Err(CliError::data(format!(
            "{} has warnings; check the figures, then add --accept-warnings to save them",
            d.name
        )));
    }
    if unexplained {
        eprint!("{report}");
        return Err(CliError::usage(format!(
            "{}: the papers counted differ from those verified; give the returning officer's explanation with --discrepancy \"TEXT\"; nothing was saved",
            d.name
        )));
    }
    if !report.is_empty() {
        eprint!("{report}");
    }
    checked
        .declaration
        .map(|d| (ix, d))
        .ok_or_else(|| CliError::data("the declaration could not be read"))
}
