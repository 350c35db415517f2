//! The election file itself: create one, read its log, back it up and restore it.

// `let _ = write!(text, …)` below writes into a String, which cannot fail.

use std::fmt::Write;
use std::path::Path;

use crate::cli::advice::CommandLine;
use crate::cli::{CliError, SourceArgs, load, print};
use crate::formats::boundaries::BoundaryOptions;
use crate::formats::{display_name, stem};
use crate::store::events::Identity;
use crate::store::import::{create_from_results, update_from};
use crate::store::{Store, StoreError, audit, backup};

/// `tallyroom new`: an election file from a results CSV; any results in it are
/// imported as declarations.
pub fn new(
    from: &Path,
    source: &SourceArgs,
    out: &Path,
    baseline: Option<&Path>,
    boundaries: Option<(&Path, BoundaryOptions)>,
    name: Option<&str>,
    by: Option<&str>,
) -> Result<u8, CliError> {
    let loaded = load::results(from, source)?;
    // The map's file is read before anything is made: a bad one makes nothing.
    let shapes = match boundaries {
        Some((path, options)) => Some(read_boundaries(path, &options)?),
        None => None,
    };
    let baseline_results = match baseline {
        Some(path) => Some((stem(path), load::baseline_results(path, source)?)),
        None => None,
    };
    let name = name.map_or_else(|| stem(out), str::to_string);
    // The baseline is handed over, not copied (a national one is a whole election).
    let (base_name, base) = baseline_results.unzip();
    let (store, imported) = create_from_results(
        out,
        &name,
        loaded,
        base_name.as_deref().zip(base),
        Identity::new(by),
    )
    .map_err(CliError::from)?;
    let totals = store.tally().totals();
    let e = store.election();
    print(&format!(
        "saved: {} created with {} divisions, {} seats and {} candidates{}; {imported} declaration{} imported ({} declared)\n",
        out.display(),
        e.divisions.len(),
        e.total_seats(),
        e.candidates.len(),
        if baseline.is_some() {
            ", with its baseline"
        } else {
            ""
        },
        if imported == 1 { "" } else { "s" },
        totals.divisions_declared
    ))?;
    let mut store = store;
    if let Some(shapes) = shapes {
        match store.set_boundaries(&shapes) {
            Ok(found) => {
                // The checkpoint written at creation no longer covers the whole log.
                store.save_checkpoint_now();
                print(&format!("map: {}\n", found.text(store.election(), &shapes)))?;
            }
            Err(e) => {
                // Nothing half made: the file goes with its map refused.
                drop(store);
                // The error being reported is the one that matters; a file left behind is
                // harmless.
                let _ = std::fs::remove_file(out);
                return Err(CliError::data(format!(
                    "{}; {} was not created",
                    e.in_words(&CommandLine),
                    out.display()
                )));
            }
        }
    }
    store.close_at_exit().map_err(CliError::from)?;
    crate::app::settings::offer_in_window(out);
    Ok(0)
}

pub(crate) fn read_boundaries(
    path: &Path,
    options: &BoundaryOptions,
) -> Result<crate::map::boundaries::Boundaries, CliError> {
    let bytes = crate::formats::read_file(path).map_err(CliError::data)?;
    crate::formats::boundaries::read(&display_name(path), &bytes, options).map_err(CliError::data)
}

/// `tallyroom boundaries`: set the results map's shapes of an election file.
pub fn boundaries(
    file: &Path,
    from: &Path,
    options: &BoundaryOptions,
    by: Option<&str>,
) -> Result<u8, CliError> {
    let shapes = read_boundaries(from, options)?;
    let mut store = load::store_to_change(file, by)?;
    let found = store.set_boundaries(&shapes).map_err(CliError::from)?;
    let election = store.election();
    let mut text = format!(
        "saved: map boundaries from {} ({} {}): {}\n",
        shapes.source,
        shapes.shapes.len(),
        if shapes.is_hex() { "hexes" } else { "shapes" },
        found.text(election, &shapes)
    );
    let divisions: Vec<String> = found
        .divisions_without
        .iter()
        .map(|&d| election.division_label(d))
        .collect();
    let shapes_left: Vec<String> = found
        .shapes_without
        .iter()
        .map(|&s| shapes.shapes[s].label())
        .collect();
    for (what, names) in [
        ("divisions with no shape", divisions),
        ("shapes with no division tonight", shapes_left),
    ] {
        if !names.is_empty() {
            let _ = writeln!(text, "{what} ({}): {}", names.len(), names.join("; "));
        }
    }
    print(&text)?;
    Ok(0)
}

/// `tallyroom log`: the audit trail.
pub fn log(file: &Path, json: bool) -> Result<u8, CliError> {
    let store = match Store::open_to_read(file, Identity::new(None)) {
        Ok(store) => load::warned(store)?,
        // A file whose events cannot all be read: its log as written, the bad ones
        // named, so that what it holds can still be seen.
        Err(damaged @ StoreError::Damaged { .. }) => return raw_log(file, &damaged, json),
        Err(other) => return Err(CliError::from(other)),
    };
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
        for problem in store.problems(&super::advice::CommandLine) {
            let _ = writeln!(out, "problem: {problem}");
        }
        out
    };
    print(&text)?;
    Ok(0)
}

/// The log of a damaged file, each event as written: said first as damaged, and
/// exit status 1.
fn raw_log(file: &Path, damaged: &StoreError, json: bool) -> Result<u8, CliError> {
    let damaged = damaged.in_words(&CommandLine);
    let lines = audit::raw(file).map_err(|_| CliError::data(&damaged))?;
    crate::cli::say(&format!(
        "warning: {damaged}\nThe log below is each event as the file holds it, not applied: figures are as written."
    ));
    let text = if json {
        serde_json::to_string_pretty(&lines).map_err(|e| CliError::data(e.to_string()))? + "\n"
    } else {
        let mut out = String::new();
        for l in &lines {
            let division = l
                .division
                .map_or_else(String::new, |d| format!("division #{d}  "));
            let _ = write!(
                out,
                "{:>5}  {}  {} on {}  {division}{}: {}",
                l.seq, l.at, l.who, l.machine, l.kind, l.payload
            );
            if let Some(reason) = &l.reason {
                let _ = write!(out, "  (reason: {reason})");
            }
            if let Some(why) = &l.unreadable {
                let _ = write!(out, "  <- CANNOT BE READ: {why}");
            }
            out.push('\n');
        }
        out
    };
    print(&text)?;
    Ok(1)
}

/// `tallyroom backup`: a copy now, then the list of copies.
pub fn backup(file: &Path, to: Option<&Path>) -> Result<u8, CliError> {
    // A file that is gone (a stick lost or broken) still has its backups: listed, to
    // restore one, without opening what is not there.
    if to.is_none() && !file.exists() {
        let copies = backup::list(file);
        if copies.is_empty() {
            return Err(CliError::data(format!(
                "{} is not there, and no backups of it were found in {}",
                file.display(),
                backup::folder(file).display()
            )));
        }
        let mut out = format!(
            "{} is not there; its backups (oldest first), to bring back with `tallyroom restore BACKUP --out {}`:\n",
            file.display(),
            file.display()
        );
        for copy in copies {
            let _ = writeln!(out, "  {}", copy.display());
        }
        print(&out)?;
        return Ok(0);
    }
    let mut store = load::store(file, None)?;
    if let Some(to) = to {
        store.save_copy(to).map_err(CliError::from)?;
        print(&format!(
            "saved: a copy of {} as {} ({} events), a single file to carry away\n",
            display_name(file),
            to.display(),
            store.events().len()
        ))?;
        return Ok(0);
    }
    let made = store.backup_now().map_err(CliError::from)?;
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
    let moved = backup::restore(from, out, replace).map_err(CliError::from)?;
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
/// file; see [`update_from`].
pub fn update(
    file: &Path,
    from: &Path,
    source: &SourceArgs,
    by: Option<&str>,
) -> Result<u8, CliError> {
    let mut store = load::store_to_change(file, by)?;
    let loaded = load::results(from, source)?;
    let report = update_from(&mut store, &loaded, &display_name(from)).map_err(CliError::from)?;
    print(&report.text())?;
    load::backup_if_due(&mut store);
    Ok(0)
}

/// `tallyroom composition`: set councils' continuing seats from a composition CSV.
pub fn composition(
    file: &Path,
    from: &Path,
    continuing: bool,
    before: bool,
    year: Option<&str>,
    by: Option<&str>,
) -> Result<u8, CliError> {
    let kind = match (continuing, before) {
        (true, false) => crate::model::CompositionKind::Continuing,
        (false, true) => crate::model::CompositionKind::Before,
        _ => {
            return Err(CliError::usage(
                "say what the seats are: --continuing for the councillors not up for election tonight, or --before for the council before the poll",
            ));
        }
    };
    let bytes = crate::formats::read_file(from).map_err(CliError::data)?;
    let composition =
        crate::formats::composition::read(&crate::formats::display_name(from), &bytes, kind, year)
            .map_err(CliError::data)?;
    let mut store = load::store_to_change(file, by)?;
    let found = store
        .set_composition(&composition)
        .map_err(CliError::from)?;
    let election = store.election();
    let without: Vec<&str> = election
        .council_ixs()
        .filter(|&c| election.council(c).is_partial() && election.council(c).continuing.is_none())
        .map(|c| election.council_name(c))
        .collect();
    let mut text = format!(
        "saved: {} for {} councils: {}\n",
        composition.kind.label(),
        found.matched.len(),
        found.matched.join(", ")
    );
    if !found.not_tonight.is_empty() {
        text.push_str(&format!(
            "not on tonight's night ({}), left alone\n",
            found.not_tonight.len()
        ));
    }
    let unmatched: Vec<&str> = election
        .council_ixs()
        .map(|c| election.council_name(c))
        .filter(|name| !found.matched.iter().any(|m| m == name))
        .collect();
    if !unmatched.is_empty() && kind == crate::model::CompositionKind::Before {
        text.push_str(&format!(
            "councils of the night with no row in it ({}): {}\n",
            unmatched.len(),
            unmatched.join("; ")
        ));
    }
    if !without.is_empty() && kind == crate::model::CompositionKind::Continuing {
        text.push_str(&format!(
            "still without continuing seats, electing only part of the council: {}\n",
            without.join(", ")
        ));
    }
    print(&text)?;
    Ok(0)
}

/// `tallyroom baseline`: set or replace the baseline of an election file.
pub fn baseline(
    file: &Path,
    from: &Path,
    source: &SourceArgs,
    by: Option<&str>,
) -> Result<u8, CliError> {
    let mut store = load::store_to_change(file, by)?;
    let results = load::baseline_results(from, source)?;
    let kept =
        crate::store::import::baseline_source(&stem(from), results).map_err(CliError::from)?;
    store.set_baseline(&kept).map_err(CliError::from)?;
    let election = store.election();
    let matching = election
        .baseline
        .as_ref()
        .map(|b| b.matching_text(election))
        .unwrap_or_default();
    print(&format!("saved: baseline {}: {matching}\n", kept.name))?;
    Ok(0)
}
