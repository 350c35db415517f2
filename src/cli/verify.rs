//! `tallyroom verify`: the night's record checked link by link, without changing the
//! file: every event as it was written, none added, removed or moved; and the
//! fingerprint the summary and the board show.

use std::path::Path;

use crate::cli::{CliError, print};
use crate::formats::export::{self, What};
use crate::store::events::Identity;
use crate::store::{Store, backup, chain, schema};

/// `tallyroom verify --export PATH`: a manifest, or every manifest in a folder,
/// checked against the files beside it.
pub fn export(path: &Path) -> Result<u8, CliError> {
    let manifests: Vec<std::path::PathBuf> = if path.is_dir() {
        let mut found: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| CliError::data(format!("{} cannot be read ({e})", path.display())))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "manifest"))
            .collect();
        found.sort();
        found
    } else {
        vec![path.to_path_buf()]
    };
    if manifests.is_empty() {
        return Err(CliError::data(format!(
            "{}: no export manifest (*.manifest) there",
            path.display()
        )));
    }
    let mut out = String::new();
    let mut bad = 0;
    for manifest in &manifests {
        let checked = crate::formats::manifest::check(manifest).map_err(CliError::data)?;
        for (file, problem) in &checked.files {
            match problem {
                None => out.push_str(&format!(
                    "{file}: as exported (record fingerprint {})\n",
                    checked.fingerprint
                )),
                Some(problem) => {
                    bad += 1;
                    out.push_str(&format!("{file}: {problem}\n"));
                }
            }
        }
    }
    print(&out)?;
    Ok(u8::from(bad > 0))
}

/// `tallyroom verify FILE --acknowledge REASON`: the break accepted, as an event.
pub fn acknowledge(file: &Path, why: &str, by: Option<&str>) -> Result<u8, CliError> {
    let mut store = crate::cli::load::store(file, by)?;
    let accepted = store.acknowledge_break(why).map_err(CliError::from)?;
    let mut out = format!(
        "saved: the break at event {} acknowledged by {} ({why})\n",
        accepted.seq,
        store.identity().who
    );
    match store.chain_break() {
        Some(next) => out.push_str(&format!("{next}\n")),
        None => {
            out.push_str("the rest of the night's record holds; the file takes results again\n")
        }
    }
    print(&out)?;
    Ok(u8::from(store.chain_break().is_some()))
}

pub fn run(file: &Path, drop_copies: bool) -> Result<u8, CliError> {
    let name = crate::formats::display_name(file);
    schema::inspect(file).map_err(CliError::from)?;
    // Read-only: verifying never writes, so a file on a read-only stick verifies too.
    let conn = crate::store::connect_to_read(file).map_err(|e| {
        CliError::data(format!(
            "{name} cannot be opened ({})",
            crate::store::error::in_words(&e)
        ))
    })?;
    let words = |e: rusqlite::Error| {
        CliError::data(format!(
            "{name}: the record cannot be read ({})",
            crate::store::error::in_words(&e)
        ))
    };
    let checked = chain::check(&conn).map_err(words)?;
    if let Some(broken) = &checked.broken {
        let backup = backup::newest_sound(file).map_or_else(
            || "no backup of it holds".to_string(),
            |b| format!("the newest backup whose record holds is {}", b.display()),
        );
        print(&format!(
            "{name}: {broken}\n{backup}; restore it with `tallyroom restore`\n"
        ))?;
        return Ok(1);
    }
    // The night's order: the server's where it has placed an event, then the order
    // events were written here.
    let mut order: Vec<(bool, i64, i64)> = conn
        .prepare("SELECT e.seq, p.server_seq FROM events e LEFT JOIN positions p ON p.id = e.id")
        .and_then(|mut s| {
            s.query_map([], |r| {
                let seq: i64 = r.get(0)?;
                let server: Option<i64> = r.get(1)?;
                Ok((server.is_none(), server.unwrap_or(0), seq))
            })?
            .collect()
        })
        .map_err(words)?;
    order.sort_unstable();
    let digests: Vec<&chain::Hash> = order
        .iter()
        .filter_map(|(_, _, seq)| checked.digests.get(seq))
        .collect();
    let acknowledged = if checked.acknowledged.is_empty() {
        String::new()
    } else {
        format!(
            " (but for {} break{} acknowledged in the log, at event {})",
            checked.acknowledged.len(),
            if checked.acknowledged.len() == 1 {
                ""
            } else {
                "s"
            },
            checked
                .acknowledged
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    drop(conn);
    let fingerprint = chain::fingerprint_text(&chain::fingerprint(digests));
    let copies = copies_against_record(file)?;
    let mut out = format!(
        "{name}: the night's record holds: {} events, each as it was written, none added, removed or moved{acknowledged}\n",
        checked.events
    );
    match &copies {
        None => out.push_str(
            "the copies kept to open it quickly (set-up and checkpoint) agree with the record\n",
        ),
        Some(difference) if drop_copies => {
            crate::store::drop_copies(file).map_err(CliError::from)?;
            out.push_str(&format!(
                "the copies kept to open it quickly disagreed with the record ({difference}); removed: the next opening makes them again from the record\n"
            ));
        }
        Some(difference) => out.push_str(&format!(
            "but the copies kept to open it quickly (set-up and checkpoint) disagree with the record: {difference}. The figures shown when it opens come from those copies: remove them with `tallyroom verify {} --drop-copies`\n",
            file.display()
        )),
    }
    out.push_str(&format!("record fingerprint {fingerprint}\n"));
    print(&out)?;
    Ok(u8::from(copies.is_some() && !drop_copies))
}

/// The night as the file opens it (from its snapshot and checkpoint, when they are
/// trusted) against the night made from its tables and every event of the log: the
/// first thing a user would see differ, or none.
fn copies_against_record(file: &Path) -> Result<Option<String>, CliError> {
    let usual = Store::open_to_read(file, Identity::new(None)).map_err(CliError::from)?;
    let record = Store::open_from_record(file, Identity::new(None)).map_err(CliError::from)?;
    for what in [What::Candidates, What::Divisions, What::Parties] {
        let from = |store: &Store| export::export(store.tally(), what).unwrap_or_default();
        let (shown, recorded) = (from(&usual), from(&record));
        if shown != recorded {
            let shown = String::from_utf8_lossy(&shown);
            let recorded = String::from_utf8_lossy(&recorded);
            let first = shown
                .lines()
                .zip(recorded.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b);
            return Ok(Some(match first {
                Some((line, (a, b))) => format!(
                    "the {} export's line {} would read \"{}\" where the record says \"{}\"",
                    what.label(),
                    line + 1,
                    crate::cli::visible(a),
                    crate::cli::visible(b)
                ),
                None => format!(
                    "the {} export would have {} lines where the record gives {}",
                    what.label(),
                    shown.lines().count(),
                    recorded.lines().count()
                ),
            }));
        }
    }
    let (a, b) = (usual.night(), record.night());
    let waiting = |n: &crate::store::night::Night| n.first_entries.iter().flatten().count();
    if a.first_entries != b.first_entries {
        return Ok(Some(format!(
            "{} first entries wait for a second entry where the record has {}",
            waiting(a),
            waiting(b)
        )));
    }
    if a.rivals != b.rivals || a.corrected != b.corrected {
        return Ok(Some(
            "the declarations kept aside or marked as corrections differ from the record's"
                .to_string(),
        ));
    }
    if usual.problems(&super::advice::CommandLine) != record.problems(&super::advice::CommandLine) {
        return Ok(Some(
            "the problems listed when it opens differ from the record's".to_string(),
        ));
    }
    Ok(None)
}
