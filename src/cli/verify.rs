//! `tallyroom verify`: the night's record checked link by link, without changing the
//! file: every event as it was written, none added, removed or moved; and the
//! fingerprint the summary and the board show.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::cli::{CliError, print};
use crate::store::{backup, chain, schema};

pub fn run(file: &Path) -> Result<u8, CliError> {
    let name = crate::formats::display_name(file);
    schema::inspect(file).map_err(CliError::data)?;
    // Read-only: verifying never writes, so a file on a read-only stick verifies too.
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| CliError::data(format!("{name} cannot be opened ({e})")))?;
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
    print(&format!(
        "{name}: the night's record holds: {} events, each as it was written, none added, removed or moved\nrecord fingerprint {}\n",
        checked.events,
        chain::fingerprint_text(&chain::fingerprint(digests))
    ))?;
    Ok(0)
}
