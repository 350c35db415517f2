//! The election file as a replica of a shared night: which server and election it
//! follows, the events it has not sent, and the server's events written into it.
//! Used by the sync worker on a connection of its own, beside the window's.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::store::{StoreError, schema, setup};

/// The server and election a file follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sharing {
    /// The server's address, without any password.
    pub server: String,
    pub election: String,
    /// The last server position read.
    pub pulled: i64,
}

/// One event as it travels between a file and the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireEvent {
    pub id: String,
    pub at: String,
    pub machine: String,
    pub who: String,
    pub kind: String,
    pub division: Option<i64>,
    pub payload: String,
    pub reason: Option<String>,
    pub base: Option<String>,
}

impl WireEvent {
    /// The event's digest, as the night's record works it out (`chain`): what the
    /// server keeps beside it, so a change to the server's copy is found.
    pub fn digest(&self) -> crate::store::chain::Hash {
        crate::store::chain::Content {
            id: &self.id,
            at: &self.at,
            machine: &self.machine,
            who: &self.who,
            kind: &self.kind,
            division: self.division,
            payload: &self.payload,
            reason: self.reason.as_deref(),
            base: self.base.as_deref(),
        }
        .digest()
    }

    /// An event of the log as it travels, its change as the log keeps it.
    pub fn of(event: &crate::store::events::Event) -> Result<WireEvent, serde_json::Error> {
        Ok(WireEvent {
            id: event.id.clone(),
            at: event.at.to_string(),
            machine: event.machine.clone(),
            who: event.who.clone(),
            kind: event.change.kind().to_string(),
            division: event.division.map(|d| i64::from(d.0)),
            payload: serde_json::to_string(&event.change)?,
            reason: event.reason.clone(),
            base: event.base.clone(),
        })
    }
}

/// A connection to an election file for the sync worker.
pub struct Replica {
    path: std::path::PathBuf,
    conn: Connection,
}

impl Replica {
    pub fn open(path: &Path) -> Result<Replica, StoreError> {
        let header = schema::inspect(path)?;
        if header.schema_version < schema::SCHEMA_VERSION {
            // Opening it in the app upgrades it (with a backup first); the worker never does.
            crate::store::Store::open(path, crate::store::events::Identity::new(None))?;
        }
        Ok(Replica {
            path: path.to_path_buf(),
            // Waits longer than the window does: the window's saves come first.
            conn: crate::store::connect(path, Duration::from_secs(10))?,
        })
    }

    fn db_err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::database(&self.path, &e)
    }

    pub fn sharing(&self) -> Result<Option<Sharing>, StoreError> {
        self.conn
            .query_row(
                "SELECT server, election, pulled FROM sharing WHERE id = 1",
                [],
                |r| {
                    Ok(Sharing {
                        server: r.get(0)?,
                        election: r.get(1)?,
                        pulled: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.db_err(e))
    }

    /// Marks the file as following this election on this server.
    pub fn set_sharing(&self, server: &str, election: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO sharing (id, server, election, pulled) VALUES (1, ?1, ?2, 0)
                 ON CONFLICT (id) DO UPDATE SET server = ?1, election = ?2",
                params![server, election],
            )
            .map(|_| ())
            .map_err(|e| self.db_err(e))
    }

    /// Records whether the account this file syncs with may only watch: such a file
    /// then refuses every change of the night but what the server sends.
    pub fn set_watch_only(&self, watch_only: bool) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE sharing SET watch_only = ?1 WHERE id = 1 AND watch_only != ?1",
                params![watch_only],
            )
            .map(|_| ())
            .map_err(|e| self.db_err(e))
    }

    /// The election's name as the file holds it.
    pub fn election_name(&self) -> Result<String, StoreError> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = 'name'", [], |r| {
                r.get(0)
            })
            .optional()
            .map(Option::unwrap_or_default)
            .map_err(|e| self.db_err(e))
    }

    /// Events the server does not hold yet, in the order they were written.
    pub fn unsent(&self) -> Result<Vec<WireEvent>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT id, at, machine, who, kind, division, payload, reason, base FROM events e
                 WHERE NOT EXISTS (SELECT 1 FROM positions p WHERE p.id = e.id) ORDER BY seq",
            )
            .map_err(|e| self.db_err(e))?;
        let rows = statement
            .query_map([], |r| {
                Ok(WireEvent {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    machine: r.get(2)?,
                    who: r.get(3)?,
                    kind: r.get(4)?,
                    division: r.get(5)?,
                    payload: r.get(6)?,
                    reason: r.get(7)?,
                    base: r.get(8)?,
                })
            })
            .map_err(|e| self.db_err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.db_err(e))
    }

    /// How many events wait to be sent, and how many of them are declarations.
    pub fn waiting(&self) -> Result<(usize, usize), StoreError> {
        self.conn
            .query_row(
                "SELECT count(*), count(*) FILTER (WHERE kind IN ('declared', 'corrected'))
                 FROM events e WHERE NOT EXISTS (SELECT 1 FROM positions p WHERE p.id = e.id)",
                [],
                |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)),
            )
            .map_err(|e| self.db_err(e))
    }

    /// Writes events read from the server, with their positions, in one transaction;
    /// events this file already holds (its own, or read before) only get their place.
    pub fn take_from_server(&mut self, events: &[(i64, WireEvent)]) -> Result<(), StoreError> {
        let path = self.path.clone();
        let db_err = |e: rusqlite::Error| StoreError::database(&path, &e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(db_err)?;
        {
            let mut insert = tx
                .prepare_cached(
                    // Not `ON CONFLICT DO NOTHING`, which would use up a sequence
                    // number for each event already here and leave gaps in the log.
                    "INSERT INTO events (id, at, machine, who, kind, division, payload, reason, base)
                     SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9
                     WHERE NOT EXISTS (SELECT 1 FROM events WHERE id = ?1)",
                )
                .map_err(db_err)?;
            let mut place = tx
                .prepare_cached(
                    "INSERT INTO positions (id, server_seq) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                )
                .map_err(db_err)?;
            for (server_seq, e) in events {
                let added = insert
                    .execute(params![
                        e.id, e.at, e.machine, e.who, e.kind, e.division, e.payload, e.reason,
                        e.base
                    ])
                    .map_err(db_err)?;
                if added == 1 {
                    // Its link in this file's chain, its digest as every laptop has it.
                    let digest = e.digest();
                    crate::store::chain::append(&tx, tx.last_insert_rowid(), &digest)
                        .map_err(db_err)?;
                }
                place.execute(params![e.id, server_seq]).map_err(db_err)?;
            }
            if let Some((last, _)) = events.last() {
                tx.execute(
                    "UPDATE sharing SET pulled = max(pulled, ?1) WHERE id = 1",
                    [last],
                )
                .map_err(db_err)?;
            }
        }
        tx.commit().map_err(db_err)?;
        // The file alone holds what was taken, as after any save.
        let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE)");
        Ok(())
    }
}

/// Writes a new election file holding only the set-up of `from` (no events, no
/// sharing): what the server keeps for laptops that join.
pub fn write_setup_copy(from: &Path, to: &Path) -> Result<(), StoreError> {
    let db_err = |e: rusqlite::Error| StoreError::database(from, &e);
    let conn =
        Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(db_err)?;
    let (election, _) = setup::load_setup(&conn, from, true, None)?;
    let baseline = conn
        .query_row("SELECT name, csv FROM baseline WHERE id = 1", [], |r| {
            Ok(setup::BaselineSource {
                name: r.get(0)?,
                csv: r.get(1)?,
            })
        })
        .optional()
        .map_err(db_err)?;
    setup::write_new(to, &election, baseline.as_ref())
}
