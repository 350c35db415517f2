//! The election file (`NAME.tally`): one SQLite database holding the set-up and an
//! append-only log of the night. The current state is the engine fed with the log in
//! order; nothing in the log is ever updated or deleted.
//!
//! Durability: the file is in WAL mode with `synchronous=FULL`, so every commit is
//! fsynced to the WAL before `commit()` returns: a declaration reported as saved
//! survives a crash, a killed process or a flat battery. (`NORMAL` would only be
//! durable at checkpoints, and could lose the last declarations at a power cut.)
//!
//! Several processes on one file: every write is an IMMEDIATE transaction that first
//! reads the events other processes have added, then validates against that state, so
//! no update is ever lost; a writer that cannot get the lock within a few seconds is
//! told the file is busy in another copy.
//!
//! Shared nights: the sync worker (`crate::share`) adds other laptops' events and the
//! server's order of every event. The night is the log replayed in that order (events
//! not yet sent last, in the order written), so that every replica reaches the same
//! state; when the server's order puts an arrival before events already applied here,
//! the night is replayed from the start.

pub mod audit;
pub mod backup;
pub mod chain;
mod checkpoint;
mod double_entry;
pub(crate) mod error;
pub mod events;
pub mod import;
pub mod night;
mod open;
mod replay;
pub mod replica;
pub mod schema;
mod write;
pub use double_entry::{Difference, SecondEntry, figure_differences};
pub use open::drop_copies;
use open::{as_it_stands, connect_with, read_events, read_positions};
mod setup;
mod snapshot;

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::model::{Declaration, DivisionIx, Election};
use crate::tally::Tally;
pub use error::StoreError;
pub mod refusal;
use events::{Change, Event, Figures, Identity, SetupChange};
use night::{FirstEntry, Night, Undo};

/// A map by an event's sequence number in the file: foldhash, seeded at random as the
/// standard hash is, and quicker for a number (a national night's maps of digests and
/// checksums hold 200,000 each, and are built at every opening).
pub(crate) type BySeq<V> = HashMap<i64, V, foldhash::fast::RandomState>;
pub use refusal::{Advice, Plain, Refusal, WatchOnly};
pub use setup::BaselineSource;

/// An election file is a database (or at least named like one); anything else is
/// read as a results CSV.
pub fn is_election_file(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 16];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut magic));
    read.is_ok() && &magic == b"SQLite format 3\0" || path.extension().is_some_and(|e| e == "tally")
}

/// How long a writer waits for another copy of the app to finish its write.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open election file and the tally of its log.
pub struct Store {
    path: PathBuf,
    conn: Connection,
    night: Night,
    events: Vec<Event>,
    identity: Identity,
    last_seq: i64,
    /// The last row of `positions` read.
    last_position: i64,
    /// SQLite's `data_version` when the file was last read: it moves when another
    /// connection (another copy of the app, the command line, the sync worker)
    /// commits to the file.
    data_version: i64,
    /// Why nothing may be entered here, as last read from the file (the window asks
    /// every frame; the file is read again whenever it changes).
    watching: Option<WatchOnly>,
    /// Counts changes to the night (see `generation`).
    generation: i64,
    /// Where each event is in `events`, by id.
    by_id: std::collections::HashMap<String, usize>,
    /// The set-up as the file holds it, before any event: replays start from it.
    setup: Arc<Election>,
    /// Events of the log the engine could not apply (only a file edited by hand has any).
    problems: Vec<String>,
    /// How to take back each of the last events applied (`None` for one that replaced
    /// the election), with the count of problems before it; the newest last.
    undo: VecDeque<Option<(Undo, usize)>>,
    /// Whether this process has written since its last backup.
    unsaved_in_backup: bool,
    /// Each event's digest in the night's record, by its sequence number here.
    digests: BySeq<chain::Hash>,
    /// Each event's quick content checksum, for the checkpoint (`chain::Content::digest_and_sum`).
    sums: BySeq<i64>,
    /// Breaks in the record acknowledged in the log, by their event's sequence number.
    breaks_acknowledged: Vec<i64>,
    /// Where the record does not hold, found on opening: no new event is written.
    /// With the newest backup that holds, worked out once where the break is found
    /// (it opens every backup), not each time the break is said.
    chain_break: Option<refusal::RecordBroken>,
    /// The fingerprint last worked out, and for which state of the night.
    fingerprint_kept: std::sync::Mutex<KeptFingerprint>,
}

/// How a file is opened: to take results, only to read it, or only to read it and
/// from its record alone (ignoring the copies kept to open quickly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opening {
    ToWrite,
    ToRead,
    FromRecordOnly,
}

impl Store {
    /// Creates a new election file with this set-up. The file appears whole or not at all.
    pub fn create(
        path: &Path,
        election: &Election,
        baseline: Option<&BaselineSource>,
        identity: Identity,
    ) -> Result<Store, StoreError> {
        Self::write_file(path, election, baseline)?;
        Store::open(path, identity)
    }

    /// [`create`](Self::create), keeping the election given as the night's set-up
    /// rather than reading back from the file what was just written (a big night's
    /// million candidates).
    pub fn create_keeping(
        path: &Path,
        election: Election,
        baseline: Option<&BaselineSource>,
        identity: Identity,
    ) -> Result<Store, StoreError> {
        Self::write_file(path, &election, baseline)?;
        Self::open_as(path, identity, Opening::ToWrite, Some(election))
    }

    /// Writes a new file whole, or nothing.
    fn write_file(
        path: &Path,
        election: &Election,
        baseline: Option<&BaselineSource>,
    ) -> Result<(), StoreError> {
        let name = path.display().to_string();
        if path.exists() {
            return Err(StoreError::Exists { file: name });
        }
        let temp = backup::sibling(path, ".creating");
        // A leftover of a creation that was cut off; none is the usual case.
        let _ = std::fs::remove_file(&temp);
        let result = setup::write_new(&temp, election, baseline).and_then(|()| {
            std::fs::rename(&temp, path).map_err(|e| StoreError::cannot_open(&name, &e))
        });
        if let Err(e) = result {
            // Tidying after a failure already reported: the half-made file is no one's.
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
        Ok(())
    }

    /// Opens an election file. Anything that is not a sound election file of this or an
    /// older version is refused with a message and left byte-for-byte unchanged.
    pub fn open(path: &Path, identity: Identity) -> Result<Store, StoreError> {
        Self::open_as(path, identity, Opening::ToWrite, None)
    }

    /// Opens an election file only to read it (summary, export, log): nothing is
    /// written to it, not even the copies that make the next opening quicker, so a
    /// file in a read-only place opens and the file is left byte for byte as it was.
    /// A file of an older version is upgraded first all the same (after a backup): it
    /// cannot be read as it is.
    pub fn open_to_read(path: &Path, identity: Identity) -> Result<Store, StoreError> {
        let header = schema::inspect(path)?;
        let how = if header.schema_version >= schema::SCHEMA_VERSION {
            Opening::ToRead
        } else {
            Opening::ToWrite
        };
        Self::open_as(path, identity, how, None)
    }

    /// Opens an election file to read, making the set-up from its tables and the night
    /// from every event of the log, as if the file had no snapshot or checkpoint: what
    /// `verify` compares the night as usually opened with. Slower, and never written.
    pub fn open_from_record(path: &Path, identity: Identity) -> Result<Store, StoreError> {
        Self::open_as(path, identity, Opening::FromRecordOnly, None)
    }

    /// A file just made from a source: its night is kept as the checkpoint, and no
    /// backup is due (the file can be made again from the source; copying a big one
    /// took as long as reading it).
    pub(crate) fn settle_new_file(&mut self) {
        if self.save_checkpoint().is_ok() {
            self.unsaved_in_backup = false;
        }
    }

    /// How long a write waits for another copy of the app before reporting it busy.
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(timeout)
            .map_err(|e| StoreError::database(&self.path, &e))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn tally(&self) -> &Tally {
        &self.night.tally
    }

    /// The tally, keeping nothing else, for a command that reads a file once and ends
    /// the process after it. The file is closed here; as in [`Store::close_at_exit`],
    /// the rest is left for the process's end to take back whole: freed one piece at a
    /// time on a thread of its own, a national night's million pieces took 0.05 s of
    /// processor time beside the summary's rows, the open file's summary 0.720 → 0.695
    /// s without it.
    pub fn into_tally_at_exit(mut self) -> Tally {
        let nothing = Election::default();
        let tally = std::mem::replace(&mut self.night.tally, Tally::new(Arc::new(nothing)));
        match Connection::open_in_memory() {
            Ok(stand_in) => {
                // A read-only connection closes without writing; an error closing it
                // loses nothing of the tally taken.
                let _ = std::mem::replace(&mut self.conn, stand_in).close();
                std::mem::forget(self);
            }
            // Without a stand-in, the file is closed as ever, with the rest.
            Err(_) => drop(self),
        }
        tally
    }

    /// The tally with what the log knows beyond it (first entries, corrections).
    /// Whether the file cannot be written here (a read-only folder or file): it was
    /// opened to be read only.
    pub fn cannot_write_here(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false)
    }

    /// Why nothing may be entered in this file, if so: it cannot be written here, or
    /// it follows a shared night with an account that may only watch (a press room, a
    /// party's office), so its night changes only by what the server sends.
    pub fn watch_only(&self) -> Result<Option<WatchOnly>, StoreError> {
        // A file that cannot be written here (a read-only folder or stick, a file
        // without write permission): SQLite opens it to read, and it is read as usual.
        if self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Ok(Some(WatchOnly::ReadOnlyPlace {
                file: crate::formats::display_name(&self.path),
            }));
        }
        let row: Option<(String, String, bool)> = self
            .conn
            .query_row(
                "SELECT server, election, watch_only FROM sharing WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| StoreError::database(&self.path, &e))?;
        Ok(row
            .filter(|r| r.2)
            .map(|(server, election, _)| WatchOnly::WatchingAccount { election, server }))
    }

    pub fn night(&self) -> &Night {
        &self.night
    }

    pub fn election(&self) -> &Arc<Election> {
        self.night.election()
    }

    /// Changes whenever the night changes: an event added, or the server's order
    /// of events (which may replay the night differently).
    pub fn generation(&self) -> i64 {
        self.generation
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    pub fn set_identity(&mut self, identity: Identity) {
        self.identity = identity;
    }

    /// What is wrong with the night's record and its events, in the words of the
    /// interface in front of the reader: a break in the record first (before any
    /// figure), then breaks acknowledged, then events of the log that cannot apply.
    pub fn problems(&self, advice: &dyn Advice) -> Vec<String> {
        let mut all = Vec::with_capacity(self.problems.len() + 1);
        if let Some(broken) = self.record_broken() {
            all.push(broken.in_words(advice));
        }
        all.extend(self.breaks_acknowledged.iter().map(|seq| {
            format!(
                "the night's record was broken at event {seq}, and the break was acknowledged in the log (see its reason there)"
            )
        }));
        all.extend(self.problems.iter().cloned());
        all
    }

    /// How many [`problems`](Self::problems) there are.
    pub fn problem_count(&self) -> usize {
        self.problems.len()
            + self.breaks_acknowledged.len()
            + usize::from(self.chain_break.is_some())
    }

    /// Events this file holds that the server does not have yet.
    pub fn unsent(&self) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(|e| e.server_seq.is_none())
    }

    /// An event of the log by its id.
    pub fn event(&self, id: &str) -> Option<&Event> {
        self.by_id.get(id).map(|&k| &self.events[k])
    }

    /// An event's change as the file holds it now, read from disk rather than from
    /// memory: the window compares what was saved with what was typed.
    pub fn change_on_disk(&self, id: &str) -> Result<Option<Change>, StoreError> {
        let db_err = |e: rusqlite::Error| StoreError::database(&self.path, &e);
        let payload: Option<String> = self
            .conn
            .query_row("SELECT payload FROM events WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(db_err)?;
        payload
            .map(|p| {
                Change::from_json(&p).map_err(|e| StoreError::Damaged {
                    file: self.path.display().to_string(),
                    detail: format!("event {id} cannot be read back ({e})"),
                })
            })
            .transpose()
    }

    /// Divisions with conflicting declarations.
    pub fn conflicts(&self) -> impl Iterator<Item = DivisionIx> + '_ {
        self.night
            .rivals
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.is_empty())
            .map(|(i, _)| DivisionIx(i as u32))
    }

    /// The division whose declaration an undo would withdraw.
    pub fn last_undoable(&self) -> Option<DivisionIx> {
        self.events
            .iter()
            .rev()
            .filter(|e| matches!(e.change, Change::Declared(_)))
            .filter_map(|e| e.division)
            .find(|&d| self.night.tally.declaration(d).is_some())
    }

    /// Copies the file into the backups folder if the newest copy is older than five
    /// minutes. Returns the copy made, if any.
    pub fn backup_if_due(&mut self) -> Result<Option<PathBuf>, StoreError> {
        if !backup::due(&self.path) {
            return Ok(None);
        }
        self.backup_now().map(Some)
    }

    /// Copies the file into the backups folder now, keeping the last few copies.
    pub fn backup_now(&mut self) -> Result<PathBuf, StoreError> {
        // The checkpoint first, so that the copy opens as quickly as the file. It is
        // only a copy of what the log says: a failure to write it costs time, not data.
        let _ = self.save_checkpoint();
        let made = backup::make(&self.conn, &self.path).map_err(|e| StoreError::Database {
            file: self.path.display().to_string(),
            detail: format!("backup failed: {e}"),
        })?;
        self.unsaved_in_backup = false;
        Ok(made)
    }

    /// A consistent single-file copy of the file at `target`, whatever the write-ahead
    /// log beside it holds: the file to carry away on a stick.
    pub fn save_copy(&self, target: &Path) -> Result<(), StoreError> {
        // The copy is made from the log either way; the checkpoint only makes it quicker to
        // open.
        let _ = self.save_checkpoint();
        backup::copy_to(&self.conn, target).map_err(|detail| StoreError::Database {
            file: target.display().to_string(),
            detail: format!("the copy failed: {detail}"),
        })
    }

    /// The night's fingerprint: its record's digests folded in the night's order, the
    /// same on every laptop of a shared night that holds the same events. None where
    /// an event has no digest (the record does not hold).
    pub fn fingerprint(&self) -> Option<String> {
        if self.chain_break.is_some() {
            return None;
        }
        // Kept for the night as it stands: the board asks every frame.
        let key = (self.generation, self.events.len());
        let mut kept = self
            .fingerprint_kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((at, text)) = kept.as_ref()
            && *at == key
        {
            return text.clone();
        }
        let digests: Option<Vec<&chain::Hash>> = self
            .events
            .iter()
            .map(|e| self.digests.get(&e.seq))
            .collect();
        let text = digests.map(|d| chain::fingerprint_text(&chain::fingerprint(d)));
        *kept = Some((key, text.clone()));
        text
    }

    /// Accepts the break in the night's record, with why, as an event of the log (a
    /// returning officer's decision, visible in the audit trail): the record is checked
    /// on from there, and the file takes results again unless a later break is found.
    pub fn acknowledge_break(&mut self, why: &str) -> Result<chain::Break, StoreError> {
        let Some(record) = self.chain_break.take() else {
            return Err(StoreError::Refused(Refusal::NoBreak));
        };
        let broken = record.broken.clone();
        if why.trim().is_empty() {
            self.chain_break = Some(record);
            return Err(StoreError::Refused(Refusal::ReasonNeeded(
                refusal::Reasoned::BreakAccepted,
            )));
        }
        let written = self.append(
            None,
            Change::BreakAcknowledged {
                seq: broken.seq,
                found: broken.found.clone(),
            },
            Some(why),
        );
        if let Err(e) = written {
            self.chain_break = Some(record);
            return Err(e);
        }
        // Any later break stops the file again.
        let checked = chain::check(&self.conn).map_err(|e| StoreError::database(&self.path, &e))?;
        self.chain_break = checked
            .broken
            .map(|broken| refusal::RecordBroken::found(broken, &self.path));
        Ok(broken)
    }

    /// Where the night's record does not hold, if it does not.
    pub fn chain_break(&self) -> Option<&chain::Break> {
        self.chain_break.as_ref().map(|r| &r.broken)
    }

    /// The break in the record, if any, with the newest backup that holds: what to
    /// do about it is the interface's to say.
    pub fn record_broken(&self) -> Option<refusal::RecordBroken> {
        self.chain_break.clone()
    }

    /// Folds the write-ahead log into the file, so that the file alone holds every
    /// event saved (a plain copy of it, taken to a stick, loses nothing). Passive: it
    /// never waits for another copy of the app reading the file.
    fn fold_log(&self) {
        // Folding is tidiness: the events are saved whether or not it runs now.
        let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE)");
    }

    /// Closes the file, with a last backup if anything was written since the last one.
    pub fn close(mut self) -> Result<(), StoreError> {
        if self.unsaved_in_backup {
            self.backup_now()?;
        }
        Ok(())
    }

    /// Closes the file as [`Store::close`] does, for a command that ends the process
    /// next: the night in memory is left for the process's end to take back whole
    /// (freeing a national night's million pieces one by one took 0.2 s, a twentieth
    /// of creating its file). Only the connection is closed, which folds the
    /// write-ahead log into the file.
    pub fn close_at_exit(mut self) -> Result<(), StoreError> {
        if self.unsaved_in_backup {
            self.backup_now()?;
        }
        let closed = match Connection::open_in_memory() {
            Ok(nothing) => std::mem::replace(&mut self.conn, nothing)
                .close()
                .map_err(|(_, e)| StoreError::database(&self.path, &e)),
            // Without a stand-in, closed as ever, with the rest.
            Err(_) => return Ok(()),
        };
        std::mem::forget(self);
        closed
    }
}

/// A fingerprint worked out, and the state of the night it is of (generation, events).
type KeptFingerprint = Option<((i64, usize), Option<String>)>;

/// A connection to an election file as every writer needs it: durable commits
/// (`synchronous=FULL`, see the module notes), foreign keys on, and a wait for other
/// writers.
pub(crate) fn connect(path: &Path, busy: Duration) -> Result<Connection, StoreError> {
    connect_with(path, busy, false)
}

/// A connection that only reads an election file. SQLite reads a file of the app's
/// (write-ahead) journal mode through a shared index it keeps beside the file, and
/// cannot where that index cannot be made: a read-only folder (a write-protected
/// stick), a full disk. There, a file whose journal holds nothing (none beside it, or
/// an empty one: every save folded in, no copy of the app writing) is read as it
/// stands on disk, without the index.
pub(crate) fn connect_to_read(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    let readable = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    let Err(e) = readable else { return Ok(conn) };
    let no_index_here = matches!(
        e.sqlite_error_code(),
        Some(
            rusqlite::ErrorCode::ReadOnly
                | rusqlite::ErrorCode::CannotOpen
                | rusqlite::ErrorCode::SystemIoFailure
                | rusqlite::ErrorCode::DiskFull
        )
    );
    let journal = backup::sibling(path, "-wal");
    let journal_empty = std::fs::metadata(&journal).map_or(true, |m| m.len() == 0);
    if !(no_index_here && journal_empty) {
        return Err(e);
    }
    drop(conn);
    Connection::open_with_flags(as_it_stands(path), flags | OpenFlags::SQLITE_OPEN_URI)
}
