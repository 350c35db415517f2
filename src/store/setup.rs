//! Writing a new election file's set-up, and reading it back as an election.

use std::path::Path;

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use crate::formats::native;
use crate::model::{
    CandidateIds, CandidateSetup, DivisionSetup, Election, ElectionBuilder, PollKind,
};
use crate::store::{StoreError, schema, snapshot};
use crate::tally::baseline::attach_baseline;

/// The baseline to keep in a new file, as a results CSV in the app's own format.
#[derive(Debug, Clone)]
pub struct BaselineSource {
    pub name: String,
    pub csv: String,
}

pub(crate) fn write_new(
    path: &Path,
    election: &Election,
    baseline: Option<&BaselineSource>,
) -> Result<(), StoreError> {
    let db_err = |e: rusqlite::Error| StoreError::database(path, &e);
    let mut conn = Connection::open(path).map_err(db_err)?;
    schema::create(&mut conn).map_err(db_err)?;
    let tx = conn.transaction().map_err(db_err)?;
    // The set-up whole as well, so that the file opens without reading it back from
    // the rows just written: laid out on the other core while the tables are written.
    let (written, snapshot) = std::thread::scope(|scope| {
        let snapshot = scope.spawn(|| snapshot::made(election));
        let written = write_tables(&tx, election);
        let snapshot = snapshot
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (written, snapshot)
    });
    written.map_err(db_err)?;
    snapshot::write_made(&tx, snapshot.map_err(db_err)?).map_err(db_err)?;
    if let Some(b) = baseline {
        tx.execute(
            "INSERT INTO baseline (id, name, csv) VALUES (1, ?1, ?2)",
            params![b.name, b.csv],
        )
        .map_err(db_err)?;
    }
    tx.commit().map_err(db_err)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(db_err)?;
    // Closing checkpoints everything into the file; then make the file itself durable.
    conn.close().map_err(|(_, e)| db_err(e))?;
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| StoreError::cannot_open(&path.display().to_string(), &e))
}

/// The set-up's tables: the file's name and kind of poll, parties, councils, divisions
/// and candidates.
fn write_tables(tx: &rusqlite::Transaction, election: &Election) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('name', ?1), ('created_at', ?2), ('created_by', ?3)",
        params![
            election.name,
            Timestamp::now().to_string(),
            concat!("tallyroom ", env!("CARGO_PKG_VERSION"))
        ],
    )?;
    // The kind of poll (which names the rejected headings): kept in `meta`, so that a
    // file of a local election is as it was; every council of a file holds one kind.
    if let Some(poll) = election
        .councils
        .first()
        .map(|c| c.poll)
        .filter(|&p| p != PollKind::Local)
    {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('poll', ?1)",
            params![poll.key()],
        )?;
    }
    for (ix, name) in election.parties.iter() {
        tx.execute(
            "INSERT INTO parties (id, name) VALUES (?1, ?2)",
            params![ix.0, name],
        )?;
    }
    for c in election.council_ixs() {
        let council = election.council(c);
        if let Some(name) = &council.name {
            tx.execute(
                "INSERT INTO councils (name, elects_part) VALUES (?1, ?2)",
                params![name, council.elects_part],
            )?;
        }
    }
    write_divisions(tx, election)?;
    write_candidates(tx, election)
}

/// Rows of a set-up's list are written in its order, the first at position 0 and
/// each after it at SQLite's next rowid (the last + 1: its place in the list). A
/// position given for each row was a search of the table's tree for it before each
/// insert, a fifth of the time of writing a big set-up; a row given none is appended.
/// Then checked: the last row's position must be the list's last.
fn check_positions(tx: &rusqlite::Transaction, table: &str, count: usize) -> rusqlite::Result<()> {
    let last: i64 = tx.query_row(
        &format!("SELECT ifnull(max(position), -1) FROM {table}"),
        [],
        |r| r.get(0),
    )?;
    if usize::try_from(last + 1).ok() == Some(count) {
        Ok(())
    } else {
        Err(rusqlite::Error::ToSqlConversionFailure(
            format!(
                "the {table} were written at positions up to {last}, not to {}",
                count as i64 - 1
            )
            .into(),
        ))
    }
}

/// Divisions, each with one of two statements prepared once (the first at position
/// 0, the rest appended); positions as [`check_positions`] says.
fn write_divisions(tx: &rusqlite::Transaction, election: &Election) -> rusqlite::Result<()> {
    const COLUMNS: &str = "name, code, area, seats, electorate, cancelled, council";
    let mut first = tx.prepare(&format!(
        "INSERT INTO divisions (position, {COLUMNS}) VALUES (0, ?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    ))?;
    let mut next = tx.prepare(&format!(
        "INSERT INTO divisions ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    ))?;
    for (position, d) in election.divisions.iter().enumerate() {
        let statement = if position == 0 { &mut first } else { &mut next };
        statement.execute(params![
            d.name,
            d.code,
            d.area,
            d.seats,
            d.electorate.map(|e| e as i64),
            d.cancelled,
            election.council(d.council).name
        ])?;
    }
    check_positions(tx, "divisions", election.divisions.len())
}

/// Candidates written many rows to a statement: a big election has two million, and
/// one statement each spent most of the time of creating its file. Positions as
/// [`check_positions`] says.
fn write_candidates(tx: &rusqlite::Transaction, election: &Election) -> rusqlite::Result<()> {
    const ROWS: usize = 100;
    const COLUMNS: usize = 9;
    const NAMES: &str =
        "division, name, party, description, person_id, member_id, party_id, incumbent, elected_as";
    let placeholders = ["?"; COLUMNS].join(", ");
    let one_row = format!("({placeholders})");
    let insert = |rows: usize| {
        format!(
            "INSERT INTO candidates ({NAMES}) VALUES {}",
            vec![one_row.as_str(); rows].join(", ")
        )
    };
    let Some((first, rest)) = election.candidates.split_first() else {
        return Ok(());
    };
    let mut statement = tx.prepare(&format!(
        "INSERT INTO candidates (position, {NAMES}) VALUES (0, {placeholders})"
    ))?;
    bind_candidate(&mut statement, 0, first)?;
    statement.raw_execute()?;
    let mut full = tx.prepare(&insert(ROWS))?;
    for chunk in rest.chunks(ROWS) {
        let mut last;
        let statement = if chunk.len() == ROWS {
            &mut full
        } else {
            last = tx.prepare(&insert(chunk.len()))?;
            &mut last
        };
        for (i, candidate) in chunk.iter().enumerate() {
            bind_candidate(statement, i * COLUMNS, candidate)?;
        }
        statement.raw_execute()?;
    }
    check_positions(tx, "candidates", election.candidates.len())
}

/// A candidate's columns (all but its position), from parameter `at` + 1 on.
fn bind_candidate(
    statement: &mut rusqlite::Statement,
    at: usize,
    candidate: &crate::model::Candidate,
) -> rusqlite::Result<()> {
    let ids = candidate.ids.as_deref();
    let id = |f: fn(&CandidateIds) -> &Option<String>| ids.and_then(|ids| f(ids).as_deref());
    statement.raw_bind_parameter(at + 1, candidate.division.0)?;
    statement.raw_bind_parameter(at + 2, &candidate.name)?;
    statement.raw_bind_parameter(at + 3, candidate.party.0)?;
    statement.raw_bind_parameter(at + 4, candidate.description.as_deref())?;
    statement.raw_bind_parameter(at + 5, id(|i| &i.person_id))?;
    statement.raw_bind_parameter(at + 6, id(|i| &i.member_id))?;
    statement.raw_bind_parameter(at + 7, id(|i| &i.party_id))?;
    statement.raw_bind_parameter(at + 8, candidate.incumbent)?;
    statement.raw_bind_parameter(at + 9, id(|i| &i.elected_as))
}

/// The election as the file sets it up, with the baseline: from its snapshot where it
/// has a sound one, else from the tables. True when read from the tables: the caller
/// writes the snapshot, once it knows the file is sound.
/// `known`: the set-up the file was just written from, in place of its snapshot.
pub(crate) fn load_setup(
    conn: &Connection,
    path: &Path,
    trust_snapshot: bool,
    known: Option<Election>,
) -> Result<(Election, bool), StoreError> {
    let db_err = |e: rusqlite::Error| StoreError::database(path, &e);
    let damaged = |detail: String| StoreError::Damaged {
        file: path.display().to_string(),
        detail,
    };
    // A snapshot that cannot be read is read again from the tables, like one that is
    // not there.
    let kept = match known {
        // As a snapshot has it: without a baseline, which comes from the file below.
        Some(mut election) => {
            election.baseline = None;
            Some(election)
        }
        None if trust_snapshot => snapshot::read(conn).ok().flatten(),
        None => None,
    };
    let (mut election, fresh) = match kept {
        Some(election) => (election, false),
        None => (setup_from_tables(conn, path)?, true),
    };
    let baseline: Option<(String, String)> = conn
        .query_row("SELECT name, csv FROM baseline WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .map_err(db_err)?;
    if let Some((name, csv)) = baseline {
        let previous = native::read(&format!("baseline {name}"), &name, csv.as_bytes())
            .map_err(|e| damaged(e.to_string()))?;
        attach_baseline(&mut election, &previous.election, &previous.declarations);
    }
    Ok((election, fresh))
}

/// The set-up from its tables (without the baseline).
///
/// Long: One pass over the rows: each field is checked in the file's order against what
/// earlier rows set (the division being read, fields that must agree); split, the pieces
/// would hand that state back and forth.
fn setup_from_tables(conn: &Connection, path: &Path) -> Result<Election, StoreError> {
    let db_err = |e: rusqlite::Error| StoreError::database(path, &e);
    let damaged = |detail: String| StoreError::Damaged {
        file: path.display().to_string(),
        detail,
    };
    let name: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'name'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(db_err)?
        .unwrap_or_default();
    let poll: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'poll'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(db_err)?;
    let poll = match poll {
        None => PollKind::Local,
        Some(key) => PollKind::from_key(&key).ok_or_else(|| {
            damaged(format!(
                "the kind of poll \"{key}\" is not one this build knows"
            ))
        })?,
    };
    let mut builder = ElectionBuilder::new(name).with_poll(poll);
    let mut parties = conn
        .prepare("SELECT id, name FROM parties ORDER BY id")
        .map_err(db_err)?;
    let party_names: Vec<(i64, String)> = parties
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(db_err)?
        .collect::<Result<_, _>>()
        .map_err(db_err)?;
    for (_, party) in &party_names {
        builder.intern_party(party);
    }
    let party_name = |id: i64| -> Result<String, StoreError> {
        party_names
            .iter()
            .find(|p| p.0 == id)
            .map(|p| p.1.clone())
            .ok_or_else(|| damaged(format!("a candidate has unknown party {id}")))
    };
    let mut candidates = conn
        .prepare(
            "SELECT division, name, party, description, person_id, member_id, party_id, incumbent, elected_as FROM candidates ORDER BY position",
        )
        .map_err(db_err)?;
    let mut by_division: Vec<Vec<CandidateSetup>> = Vec::new();
    let rows = every_row(&mut candidates, |r| {
        Ok(CandidateRow {
            division: r.get(0)?,
            name: r.get(1)?,
            party: r.get(2)?,
            description: r.get(3)?,
            person_id: r.get(4)?,
            member_id: r.get(5)?,
            party_id: r.get(6)?,
            incumbent: r.get(7)?,
            elected_as: r.get(8)?,
        })
    })
    .map_err(db_err)?;
    for CandidateRow {
        division,
        name,
        party,
        description,
        person_id,
        member_id,
        party_id,
        incumbent,
        elected_as,
    } in rows
    {
        let d = usize::try_from(division).map_err(|_| damaged("bad division".into()))?;
        if by_division.len() <= d {
            by_division.resize(d + 1, Vec::new());
        }
        let party = party_name(party)?;
        // The file says what each candidate counts for: no table decides it again.
        by_division[d].push(CandidateSetup {
            name,
            party: description.unwrap_or_else(|| party.clone()).into(),
            counts_for: Some(party),
            ids: CandidateIds {
                person_id,
                member_id,
                party_id,
                elected_as,
            }
            .boxed(),
            incumbent,
        });
    }
    let mut divisions = conn
        .prepare(
            "SELECT position, name, code, area, seats, electorate, cancelled, council FROM divisions ORDER BY position",
        )
        .map_err(db_err)?;
    let rows = every_row(&mut divisions, |r| {
        Ok(DivisionRow {
            position: r.get(0)?,
            name: r.get(1)?,
            code: r.get(2)?,
            area: r.get(3)?,
            seats: r.get(4)?,
            electorate: r.get(5)?,
            cancelled: r.get(6)?,
            council: r.get(7)?,
        })
    })
    .map_err(db_err)?;
    builder.reserve(rows.len(), by_division.iter().map(Vec::len).sum());
    for DivisionRow {
        position,
        name,
        code,
        area,
        seats,
        electorate,
        cancelled,
        council,
    } in rows
    {
        let candidates = by_division
            .get_mut(usize::try_from(position).unwrap_or(usize::MAX))
            .map(std::mem::take)
            .unwrap_or_default();
        builder
            .add_division(DivisionSetup {
                name,
                council,
                code,
                area,
                seats,
                electorate: electorate.and_then(|e| u64::try_from(e).ok()),
                candidates,
                cancelled,
            })
            .map_err(|e| damaged(e.to_string()))?;
    }
    let mut election = builder.build();
    let mut councils = conn
        .prepare("SELECT name FROM councils WHERE elects_part")
        .map_err(db_err)?;
    let partial: Vec<String> = councils
        .query_map([], |r| r.get(0))
        .map_err(db_err)?
        .collect::<Result<_, _>>()
        .map_err(db_err)?;
    for name in partial {
        if let Some(c) = election.find_council(&name) {
            election.councils[c.index()].elects_part = true;
        }
    }
    Ok(election)
}

/// Every row a statement gives, each read by `read`.
fn every_row<T>(
    statement: &mut rusqlite::Statement,
    read: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    statement.query_map([], read)?.collect()
}

/// A candidate as the set-up's table keeps it (its party by id).
struct CandidateRow {
    division: i64,
    name: String,
    party: i64,
    description: Option<String>,
    person_id: Option<String>,
    member_id: Option<String>,
    party_id: Option<String>,
    incumbent: bool,
    elected_as: Option<String>,
}

/// A division as the set-up's table keeps it.
struct DivisionRow {
    position: i64,
    name: String,
    code: Option<String>,
    area: Option<String>,
    seats: u32,
    electorate: Option<i64>,
    cancelled: bool,
    council: Option<String>,
}
