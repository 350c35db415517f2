//! The election file itself: create one, read its log, back it up and restore it.

use std::fmt::Write;
use std::path::Path;

use crate::cli::{CliError, SourceArgs, load, print};
use crate::formats::{display_name, stem};
use crate::model::{Declaration, DivisionIx, Election};
use crate::store::events::Identity;
use crate::store::import::create_from_results;
use crate::store::{audit, backup};

/// `tallyroom new`: an election file from a results CSV; any results in it are
/// imported as declarations.
pub fn new(
    from: &Path,
    source: &SourceArgs,
    out: &Path,
    baseline: Option<&Path>,
    name: Option<&str>,
    by: Option<&str>,
) -> Result<u8, CliError> {
    let loaded = load::results(from, source)?;
    let baseline_results = match baseline {
        Some(path) => Some((stem(path), load::baseline_results(path, source)?)),
        None => None,
    };
    let name = name.map_or_else(|| stem(out), str::to_string);
    let (store, imported) = create_from_results(
        out,
        &name,
        &loaded,
        baseline_results
            .as_ref()
            .map(|(n, r)| (n.as_str(), r.clone())),
        Identity::new(by),
    )
    .map_err(CliError::data)?;
    let totals = store.tally().totals();
    let e = store.election();
    print(&format!(
        "saved: {} created with {} divisions, {} seats and {} candidates{}; {imported} declarations imported ({} declared)\n",
        out.display(),
        e.divisions.len(),
        e.total_seats(),
        e.candidates.len(),
        if baseline.is_some() {
            ", with its baseline"
        } else {
            ""
        },
        totals.divisions_declared
    ))?;
    store.close().map_err(CliError::data)?;
    Ok(0)
}

/// `tallyroom log`: the audit trail.
pub fn log(file: &Path, json: bool) -> Result<u8, CliError> {
    let store = load::store(file, None)?;
    let lines = audit::trail(store.election(), store.events());
    let text = if json {
        serde_json::to_string_pretty(&lines).map_err(|e| CliError::data(e.to_string()))? + "\n"
    } else {
        let mut out = String::new();
        for l in &lines {
            let _ = write!(
                out,
                "{:>5}  {}  {} on {}  {}  {}: {}",
                l.seq, l.at, l.who, l.machine, l.division, l.kind, l.what
            );
            if let Some(reason) = &l.reason {
                let _ = write!(out, "  (reason: {reason})");
            }
            out.push('\n');
        }
        if lines.is_empty() {
            out.push_str("no events yet\n");
        }
        for problem in store.problems() {
            let _ = writeln!(out, "problem: {problem}");
        }
        out
    };
    print(&text)?;
    Ok(0)
}

/// `tallyroom backup`: a copy now, then the list of copies.
pub fn backup(file: &Path) -> Result<u8, CliError> {
    let mut store = load::store(file, None)?;
    let made = store.backup_now().map_err(CliError::data)?;
    let mut out = format!("saved: backup {}\n", made.display());
    let _ = writeln!(out, "backups of {} (oldest first):", display_name(file));
    for copy in backup::list(file) {
        let _ = writeln!(out, "  {}", copy.display());
    }
    print(&out)?;
    Ok(0)
}

/// `tallyroom restore`: a backup back into place.
pub fn restore(from: &Path, out: &Path, replace: bool) -> Result<u8, CliError> {
    let moved = backup::restore(from, out, replace).map_err(CliError::data)?;
    let mut text = format!(
        "saved: {} restored from {}\n",
        out.display(),
        from.display()
    );
    if let Some(aside) = moved {
        let _ = writeln!(text, "the file it replaced was kept as {}", aside.display());
    }
    print(&text)?;
    Ok(0)
}

/// `tallyroom update`: a newer or corrected release of results read into an election
/// file. Divisions match by code, then by name; candidates by name. New results are
/// declared; changed figures are corrections, never a silent overwrite.
pub fn update(
    file: &Path,
    from: &Path,
    source: &SourceArgs,
    by: Option<&str>,
) -> Result<u8, CliError> {
    let mut store = load::store(file, by)?;
    let loaded = load::results(from, source)?;
    let reason = format!("corrected release: {}", display_name(from));
    let mut out = String::new();
    let (mut declared, mut corrected, mut unchanged) = (0, 0, 0);
    let mut unmatched: Vec<String> = Vec::new();
    for (new_ix, figures) in loaded.declared() {
        let election = store.election().clone();
        let Some((ix, declaration)) = translate(&election, &loaded.election, new_ix, &figures)
        else {
            unmatched.push(loaded.election.division(new_ix).name.clone());
            continue;
        };
        if election.division(ix).is_uncontested() {
            continue;
        }
        let name = &election.division(ix).name;
        match store.tally().declaration(ix).cloned() {
            None => {
                store.declare(ix, &declaration).map_err(CliError::data)?;
                let _ = writeln!(out, "declared {name}");
                declared += 1;
            }
            Some(old)
                if old.votes == declaration.votes
                    && old.ballots_issued == declaration.ballots_issued
                    && old.rejected == declaration.rejected =>
            {
                unchanged += 1;
            }
            Some(old) => {
                store
                    .correct(ix, &declaration, &reason)
                    .map_err(CliError::data)?;
                let changes: Vec<String> = election
                    .division(ix)
                    .candidate_ixs()
                    .zip(old.votes.iter().zip(&declaration.votes))
                    .filter(|(_, (a, b))| a != b)
                    .map(|(c, (a, b))| format!("{} {a} -> {b}", election.candidate(c).name))
                    .collect();
                let _ = writeln!(out, "corrected {name}: {}", changes.join(", "));
                corrected += 1;
            }
        }
    }
    let _ = writeln!(
        out,
        "saved: {declared} declared, {corrected} corrected, {unchanged} unchanged"
    );
    if !unmatched.is_empty() {
        let _ = writeln!(
            out,
            "not in this election, left out: {}",
            unmatched.join("; ")
        );
    }
    print(&out)?;
    if let Err(e) = store.backup_if_due() {
        eprintln!("warning: {e}");
    }
    Ok(0)
}

/// A declaration of another file's election, in this election's division and
/// candidate order; none when the division or a candidate has no match.
fn translate(
    election: &Election,
    other: &Election,
    ix: DivisionIx,
    figures: &Declaration,
) -> Option<(DivisionIx, Declaration)> {
    let theirs = other.division(ix);
    let mine = theirs
        .code
        .as_ref()
        .and_then(|code| {
            election
                .division_ixs()
                .find(|&d| election.division(d).code.as_ref() == Some(code))
        })
        .or_else(|| election.find_division(&theirs.name))?;
    let d = election.division(mine);
    if d.candidate_count() != theirs.candidate_count() {
        return None;
    }
    let mut votes = Vec::with_capacity(d.candidate_count());
    let mut won_by_lot = Vec::new();
    for (pos, c) in d.candidate_ixs().enumerate() {
        let theirs_c = other.find_candidate(ix, &election.candidate(c).name)?;
        let their_pos = (theirs_c.0 - theirs.candidates.start) as usize;
        votes.push(*figures.votes.get(their_pos)?);
        if figures.won_by_lot.contains(&(their_pos as u32)) {
            won_by_lot.push(pos as u32);
        }
    }
    Some((
        mine,
        Declaration {
            votes,
            ballots_issued: figures.ballots_issued,
            rejected: figures.rejected,
            won_by_lot,
            declared_at: figures.declared_at,
        },
    ))
}

/// `tallyroom baseline`: set or replace the baseline of an election file.
pub fn baseline(
    file: &Path,
    from: &Path,
    source: &SourceArgs,
    by: Option<&str>,
) -> Result<u8, CliError> {
    let mut store = load::store(file, by)?;
    let results = load::baseline_results(from, source)?;
    let kept =
        crate::store::import::baseline_source(&stem(from), results).map_err(CliError::data)?;
    store.set_baseline(&kept).map_err(CliError::data)?;
    let election = store.election();
    let matching = election
        .baseline
        .as_ref()
        .map(|b| b.matching_text(election))
        .unwrap_or_default();
    print(&format!("saved: baseline {}: {matching}\n", kept.name))?;
    Ok(0)
}
