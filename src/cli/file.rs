//! The election file itself: create one, read its log, back it up and restore it.

use std::fmt::Write;
use std::path::Path;

use crate::cli::{CliError, load, print};
use crate::formats::{display_name, stem};
use crate::store::events::Identity;
use crate::store::import::create_from_results;
use crate::store::{audit, backup};

/// `tallyroom new`: an election file from a results CSV; any results in it are
/// imported as declarations.
pub fn new(
    from: &Path,
    out: &Path,
    baseline: Option<&Path>,
    name: Option<&str>,
    by: Option<&str>,
) -> Result<u8, CliError> {
    let loaded = load::results(from)?;
    let baseline_results = match baseline {
        Some(path) => Some((stem(path), load::results(path)?)),
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
