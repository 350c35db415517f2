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
pub(crate) mod error;
pub mod events;
pub mod import;
pub mod night;
pub mod replica;
pub mod schema;
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
use events::{Change, Event, Figures, Identity, SetupChange};
use night::{FirstEntry, Night, Undo};
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
    watching: Option<String>,
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
    digests: HashMap<i64, chain::Hash>,
    /// Each event's quick content checksum, for the checkpoint (`chain::Content::sum`).
    sums: HashMap<i64, i64>,
    /// What opening said of the record (a break, breaks acknowledged), among `problems`.
    chain_notes: Vec<String>,
    /// Where the record does not hold, found on opening: no new event is written.
    chain_break: Option<chain::Break>,
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
        let name = path.display().to_string();
        if path.exists() {
            return Err(StoreError::Exists { file: name });
        }
        let temp = backup::sibling(path, ".creating");
        let _ = std::fs::remove_file(&temp);
        let result = setup::write_new(&temp, election, baseline).and_then(|()| {
            std::fs::rename(&temp, path).map_err(|e| StoreError::cannot_open(&name, &e))
        });
        if let Err(e) = result {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
        Store::open(path, identity)
    }

    /// Opens an election file. Anything that is not a sound election file of this or an
    /// older version is refused with a message and left byte-for-byte unchanged.
    pub fn open(path: &Path, identity: Identity) -> Result<Store, StoreError> {
        Self::open_as(path, identity, Opening::ToWrite)
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
        Self::open_as(path, identity, how)
    }

    /// Opens an election file to read, making the set-up from its tables and the night
    /// from every event of the log, as if the file had no snapshot or checkpoint: what
    /// `verify` compares the night as usually opened with. Slower, and never written.
    pub fn open_from_record(path: &Path, identity: Identity) -> Result<Store, StoreError> {
        Self::open_as(path, identity, Opening::FromRecordOnly)
    }

    fn open_as(path: &Path, identity: Identity, how: Opening) -> Result<Store, StoreError> {
        let read_only = how != Opening::ToWrite;
        let trust_copies = how != Opening::FromRecordOnly;
        let header = schema::inspect(path)?;
        let db_err = |e: rusqlite::Error| StoreError::database(path, &e);
        if read_only && header.schema_version < schema::SCHEMA_VERSION {
            return Err(StoreError::Refused(format!(
                "{} is of an older file version ({}): open it once with this tallyroom to upgrade it (a backup is taken first)",
                path.display(),
                header.schema_version
            )));
        }
        let mut conn = connect_with(path, BUSY_TIMEOUT, read_only)?;
        if header.schema_version < schema::SCHEMA_VERSION {
            quick_check(&conn, path)?;
            backup::make(&conn, path).map_err(|e| StoreError::Database {
                file: path.display().to_string(),
                detail: format!("backup before upgrading failed: {e}"),
            })?;
            // A file whose version does not match its tables was not left so by any
            // build of the app: said as damage, never as the SQL that failed.
            schema::migrate(&mut conn, header.schema_version).map_err(|e| match e {
                rusqlite::Error::SqliteFailure(_, Some(_)) | rusqlite::Error::SqlInputError { .. } => {
                    StoreError::Damaged {
                        file: path.display().to_string(),
                        detail: format!(
                            "it says it is file version {}, but its tables are not those of version {}: another program changed it",
                            header.schema_version, header.schema_version
                        ),
                    }
                }
                other => db_err(other),
            })?;
        }
        // Two cores, two halves: one checks the file's structure (it reads the whole
        // file) and then reads the log's first half; the other reads the set-up, the
        // checkpoint, the chain and the log's second half meanwhile. Nothing is
        // written, and the night is not made, until the check has passed.
        let half_way: i64 = conn
            .query_row(
                "SELECT (ifnull(min(seq), 0) + ifnull(max(seq), 0)) / 2 FROM events",
                [],
                |r| r.get(0),
            )
            .map_err(db_err)?;
        let (read, loaded) = std::thread::scope(|scope| {
            let check_and_read = scope.spawn(|| {
                let conn = connect_with(path, BUSY_TIMEOUT, read_only)?;
                quick_check(&conn, path)?;
                let (events, sums) = read_events_and_sums(&conn, 0, half_way)
                    .map_err(|e| unreadable_event(path, &e))?;
                let positions = read_positions(&conn, 0).map_err(db_err)?;
                Ok::<_, StoreError>((events, sums, positions))
            });
            let loaded = setup::load_setup(&conn, path, trust_copies).and_then(|(setup, fresh)| {
                let setup = Arc::new(setup);
                let checkpoint = checkpoint::read(&conn, &setup).filter(|_| trust_copies);
                // The night's record as kept, read while the other half checks the
                // file's structure and reads the events.
                let links = chain::read_links(&conn).map_err(db_err)?;
                // The later half of the events.
                let later = read_events_and_sums(&conn, half_way, i64::MAX)
                    .map_err(|e| unreadable_event(path, &e))?;
                Ok((setup, fresh, checkpoint, links, later))
            });
            let read = check_and_read.join().unwrap_or_else(|_| {
                Err(StoreError::Damaged {
                    file: path.display().to_string(),
                    detail: "the check of the file stopped".into(),
                })
            });
            (read, loaded)
        });
        let (mut events, mut sums, positions) = read?;
        let (setup, fresh_setup, checkpoint, links, (later, later_sums)) = loaded?;
        events.extend(later);
        sums.extend(later_sums);
        let sums: HashMap<i64, i64> = sums.into_iter().collect();
        if fresh_setup && !read_only {
            // A file that cannot take the snapshot (read-only, say) opens all the same.
            let _ = snapshot::write(&conn, &setup);
        }
        events.sort_by_key(Event::order);
        let checkpoint = checkpoint.filter(|c| c.agrees_with(&events, &sums));
        // The night's record, checked link by link: every event's content against
        // the digest and link kept for it. Events a checkpoint covers had, by its
        // checksums, the content they had when it was made, when the record held: their
        // digests are those kept. The others' are worked out from their content.
        let acknowledged: Vec<(i64, String)> = events
            .iter()
            .filter_map(|e| match &e.change {
                Change::BreakAcknowledged { seq, found } => Some((*seq, found.clone())),
                _ => None,
            })
            .collect();
        let mut seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
        seqs.sort_unstable();
        let covered = Covered::of(checkpoint.as_ref().map(|c| &events[..c.events]), &seqs);
        // A break the log acknowledges is found again at each opening, to say so.
        let trusted = |s: i64| covered.holds(s) && !acknowledged.iter().any(|a| a.0 == s);
        let worked_out: HashMap<i64, chain::Hash> =
            match seqs.iter().copied().find(|&s| !trusted(s)) {
                Some(from) => chain::content_digests_from(&conn, from, |s| !trusted(s))
                    .map_err(db_err)?
                    .into_iter()
                    .collect(),
                None => HashMap::new(),
            };
        let contents: Vec<(i64, Option<chain::Hash>)> = seqs
            .iter()
            .map(|&s| (s, worked_out.get(&s).copied()))
            .collect();
        let mut digests: HashMap<i64, chain::Hash> = HashMap::with_capacity(seqs.len());
        digests.extend(
            links
                .iter()
                .filter(|l| trusted(l.seq))
                .filter_map(|l| l.digest.map(|d| (l.seq, d))),
        );
        digests.extend(worked_out);
        let chain =
            chain::judge(&conn, &contents, digests, &links, &acknowledged).map_err(db_err)?;
        let (night, problems, from) = match checkpoint {
            Some(c) => (c.night, c.problems, c.events),
            None => (Night::new(setup.clone()), Vec::new(), 0),
        };
        let mut store = Store {
            path: path.to_path_buf(),
            conn,
            night,
            events: Vec::new(),
            identity,
            last_seq: events.iter().map(|e| e.seq).max().unwrap_or(0),
            last_position: positions.iter().map(|p| p.0).max().unwrap_or(0),
            data_version: 0,
            watching: None,
            generation: 0,
            by_id: events
                .iter()
                .enumerate()
                .map(|(k, e)| (e.id.clone(), k))
                .collect(),
            setup,
            problems,
            undo: VecDeque::new(),
            unsaved_in_backup: false,
            digests: chain.digests,
            sums,
            chain_notes: Vec::new(),
            chain_break: chain.broken.clone(),
            fingerprint_kept: std::sync::Mutex::new(None),
        };
        for seq in &chain.acknowledged {
            store.chain_notes.push(format!(
                "the night's record was broken at event {seq}, and the break was acknowledged in the log (see its reason there)"
            ));
        }
        store.problems.extend(store.chain_notes.iter().cloned());
        if let Some(broken) = &store.chain_break {
            // Said first, before any figure.
            let warning = store.chain_warning(broken);
            store.problems.insert(0, warning.clone());
            store.chain_notes.push(warning);
        }
        store.events = events;
        for k in from..store.events.len() {
            store.apply_at(k);
        }
        store.generation = i64::from(!store.events.is_empty());
        let replayed = store.events.len() - from;
        if replayed >= CHECKPOINT_AFTER && !read_only {
            let _ = store.save_checkpoint();
        }
        store.watching = store.watch_only()?;
        // Anything written since the log was read.
        store.refresh()?;
        Ok(store)
    }

    /// A file just made from a source: its night is kept as the checkpoint, and no
    /// backup is due (the file can be made again from the source; copying a big one
    /// took as long as reading it).
    pub(crate) fn settle_new_file(&mut self) {
        if self.save_checkpoint().is_ok() {
            self.unsaved_in_backup = false;
        }
    }

    /// Keeps the night as the file's checkpoint now. It is only a copy of what the log
    /// says: a failure to write it costs the next opening time, not data.
    pub fn save_checkpoint_now(&self) {
        let _ = self.save_checkpoint();
    }

    /// Keeps the night as the file's checkpoint, so that the next opening starts from it.
    fn save_checkpoint(&self) -> Result<(), StoreError> {
        // What the record says of itself (a break, an acknowledgement) is said again at
        // each opening, not kept.
        let problems: Vec<String> = self
            .problems
            .iter()
            .filter(|p| !self.chain_notes.contains(p))
            .cloned()
            .collect();
        checkpoint::write(
            &self.conn,
            &self.setup,
            &self.events,
            &self.sums,
            &self.night,
            &problems,
        )
        .map_err(|e| StoreError::database(&self.path, &e))
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

    /// The tally, keeping nothing else (for reading a file once, as the command line does).
    pub fn into_tally(self) -> Tally {
        self.night.tally
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
    pub fn watch_only(&self) -> Result<Option<String>, StoreError> {
        // A file that cannot be written here (a read-only folder or stick, a file
        // without write permission): SQLite opens it to read, and it is read as usual.
        if self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Ok(Some(format!(
                "{} cannot be written here (the file or its folder is read-only), so nothing is entered into it; it can still be read, summarised and exported. To enter results, copy it to a folder you can write to (File → Save a copy…, or `tallyroom backup FILE --to PATH`) and open the copy",
                crate::formats::display_name(&self.path)
            )));
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
        Ok(row.filter(|r| r.2).map(|(server, election, _)| {
            format!(
                "this file follows the shared night \"{election}\" on {server} with an account that may only watch, so nothing is entered here; results are entered at a count centre's laptop, and reach this file when it syncs"
            )
        }))
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

    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// Reads the events other copies of the app (or the sync worker) have added since
    /// we last looked, and the server's order of events. Returns how many events came.
    /// Reads what other processes wrote to the file since it was last read, if
    /// anything: a cheap look (`PRAGMA data_version`) when nothing was. Returns how
    /// many events came in.
    pub fn refresh_if_changed(&mut self) -> Result<usize, StoreError> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| StoreError::database(&self.path, &e))?;
        if version == self.data_version {
            return Ok(0);
        }
        self.data_version = version;
        self.refresh()
    }

    /// Why nothing may be entered in this file, as of the last read of it (see
    /// [`watch_only`](Self::watch_only)); for the window, which asks every frame.
    pub fn watching(&self) -> Option<&str> {
        self.watching.as_deref()
    }

    pub fn refresh(&mut self) -> Result<usize, StoreError> {
        self.watching = self.watch_only()?;
        let (new, sums) = read_events(&self.conn, self.last_seq)
            .map_err(|e| StoreError::database(&self.path, &e))?;
        self.sums.extend(sums);
        if !new.is_empty() {
            let digests = chain::digests_after(&self.conn, self.last_seq)
                .map_err(|e| StoreError::database(&self.path, &e))?;
            self.digests.extend(digests);
        }
        let positions = read_positions(&self.conn, self.last_position)
            .map_err(|e| StoreError::database(&self.path, &e))?;
        Ok(self.merge(new, positions))
    }

    /// Takes new events and server positions into the night: applied one by one
    /// where they come after everything applied; where the night's order changes
    /// under events already applied (a shared night's arrival that goes before them),
    /// those are taken back, newest first, and applied again in the new order. Only
    /// a change deeper than the events that can be taken back replays the night.
    fn merge(&mut self, new: Vec<Event>, positions: Vec<(i64, String, i64)>) -> usize {
        let applied = self.events.len();
        // The first event applied whose place in the night's order may have changed.
        let mut first_moved = applied;
        for (row, id, server_seq) in positions {
            self.last_position = self.last_position.max(row);
            if let Some(&k) = self.by_id.get(&id) {
                if self.events[k].server_seq != Some(server_seq) {
                    first_moved = first_moved.min(k);
                }
                self.events[k].server_seq = Some(server_seq);
            }
        }
        let count = new.len();
        let first_new = new.iter().map(Event::order).min();
        for event in new {
            self.last_seq = self.last_seq.max(event.seq);
            self.events.push(event);
        }
        if first_moved < applied || count > 0 {
            self.generation += 1;
        }
        // Everything before `from` keeps its place: it was in order, has not moved, and
        // comes before every new event. Only what follows is sorted and looked at, so a
        // change costs what it moves, not the night.
        let unmoved = &self.events[..first_moved];
        let from = first_new.map_or(first_moved, |key| {
            unmoved.partition_point(|e| e.order() < key)
        });
        let before: Vec<i64> = self.events[from..applied].iter().map(|e| e.seq).collect();
        self.events[from..].sort_by_key(Event::order);
        for k in from..self.events.len() {
            self.by_id.insert(self.events[k].id.clone(), k);
        }
        let changed = before
            .iter()
            .zip(&self.events[from..])
            .position(|(&seq, e)| seq != e.seq)
            .map_or(applied, |i| from + i);
        let undoable = applied - changed <= self.undo.len()
            && self
                .undo
                .iter()
                .rev()
                .take(applied - changed)
                .all(Option::is_some);
        if !undoable {
            self.replay();
            return count;
        }
        for _ in changed..applied {
            if let Some(Some((undo, problems))) = self.undo.pop_back() {
                self.problems.truncate(problems);
                if self.night.undo(undo).is_err() {
                    // Cannot happen (the state restored was one the engine held); if it
                    // did, the log still makes the night.
                    self.replay();
                    return count;
                }
            }
        }
        for k in changed..self.events.len() {
            self.apply_at(k);
        }
        count
    }

    /// Applies the `k`th event of the night's order, keeping how to take it back.
    fn apply_at(&mut self, k: usize) {
        let problems = self.problems.len();
        let (applied, undo) = self.night.apply_undoable(&self.events[k]);
        if let Err(problem) = applied {
            let event = &self.events[k];
            self.problems.push(format!(
                "event {} ({}): {problem}",
                event.seq,
                event.change.kind()
            ));
        }
        if self.undo.len() == UNDO_DEPTH {
            self.undo.pop_front();
        }
        self.undo.push_back(undo.map(|u| (u, problems)));
    }

    /// The night again from the set-up, every event in the night's order.
    fn replay(&mut self) {
        self.events.sort_by_key(Event::order);
        self.by_id = self
            .events
            .iter()
            .enumerate()
            .map(|(k, e)| (e.id.clone(), k))
            .collect();
        self.night = Night::new(self.setup.clone());
        self.problems.clear();
        self.undo.clear();
        for k in 0..self.events.len() {
            self.apply_at(k);
        }
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

    /// A division's first declaration (with double entry on: the resolved figures of
    /// a second entry).
    pub fn declare(
        &mut self,
        division: DivisionIx,
        declaration: &Declaration,
    ) -> Result<&Event, StoreError> {
        self.append(
            Some(division),
            Change::Declared(Figures::from_declaration(declaration)),
            None,
        )
    }

    /// A declaration read from a results file: timed as the file times it, or not at all.
    pub fn import(
        &mut self,
        division: DivisionIx,
        declaration: &Declaration,
    ) -> Result<&Event, StoreError> {
        let mut figures = Figures::from_declaration(declaration);
        figures.imported = true;
        self.append(Some(division), Change::Declared(figures), None)
    }

    /// New figures for a declared division, with the reason (recount, typing error).
    pub fn correct(
        &mut self,
        division: DivisionIx,
        declaration: &Declaration,
        reason: &str,
    ) -> Result<&Event, StoreError> {
        self.append(
            Some(division),
            Change::Corrected(Figures::from_declaration(declaration)),
            Some(reason),
        )
    }

    /// Settles a division's conflicting declarations: these figures stand, as a
    /// correction that names every conflicting declaration it settles.
    pub fn resolve(
        &mut self,
        division: DivisionIx,
        declaration: &Declaration,
        reason: &str,
    ) -> Result<&Event, StoreError> {
        let mut figures = Figures::from_declaration(declaration);
        figures.resolves = self
            .night
            .rivals
            .get(division.index())
            .map(|r| r.iter().map(|r| r.id.clone()).collect())
            .unwrap_or_default();
        self.append(Some(division), Change::Corrected(figures), Some(reason))
    }

    /// Divisions with conflicting declarations.
    /// Each division with conflicting declarations, with the figures that count and
    /// every other set, who entered them and where.
    pub fn conflict_reports(&self) -> Vec<(DivisionIx, crate::report::ConflictReport)> {
        use crate::report::{ConflictReport, EnteredFigures};
        let night = &self.night;
        self.conflicts()
            .filter_map(|d| {
                let counted = night.tally.declaration(d)?;
                let by = night.last_id[d.index()]
                    .as_deref()
                    .and_then(|id| self.event(id));
                let name = &night.election().division(d).name;
                Some((
                    d,
                    ConflictReport {
                        counted: EnteredFigures {
                            who: by.map_or_else(String::new, |e| e.who.clone()),
                            machine: by.map_or_else(String::new, |e| e.machine.clone()),
                            at: by.map_or_else(String::new, |e| audit::local_time(e.at)),
                            votes: counted.votes.clone(),
                            ballots_issued: counted.ballots_issued,
                            rejected: counted.rejected,
                        },
                        also_entered: night.rivals[d.index()]
                            .iter()
                            .map(|r| EnteredFigures {
                                who: r.who.clone(),
                                machine: r.machine.clone(),
                                at: audit::local_time(r.at),
                                votes: r.figures.votes.clone(),
                                ballots_issued: r.figures.ballots_issued,
                                rejected: r.figures.rejected,
                            })
                            .collect(),
                        to_settle: format!(
                            "check the figures with the count, then `tallyroom correct {} --division \"{name}\" --resolve --reason \"...\" CANDIDATE=VOTES...` (or Keep these figures in the window)",
                            crate::formats::display_name(&self.path)
                        ),
                    },
                ))
            })
            .collect()
    }

    pub fn conflicts(&self) -> impl Iterator<Item = DivisionIx> + '_ {
        self.night
            .rivals
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.is_empty())
            .map(|(i, _)| DivisionIx(i as u32))
    }

    /// Records who won a drawing of lots in a tied division (ballot positions).
    pub fn draw_lots(
        &mut self,
        division: DivisionIx,
        winners: Vec<u32>,
    ) -> Result<&Event, StoreError> {
        self.append(Some(division), Change::LotsDrawn { winners }, None)
    }

    /// Takes a division's declaration back; it is awaiting again.
    pub fn withdraw(&mut self, division: DivisionIx, reason: &str) -> Result<&Event, StoreError> {
        self.append(Some(division), Change::Withdrawn, Some(reason))
    }

    /// Undoes the most recent first declaration still standing, as a withdrawal.
    pub fn undo_last_declaration(&mut self) -> Result<&Event, StoreError> {
        self.refresh()?;
        let last = self
            .last_undoable()
            .ok_or_else(|| StoreError::Refused("there is no declaration to undo".into()))?;
        self.append(Some(last), Change::Withdrawn, Some("undo"))
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

    /// Changes the set-up without moving candidates (a misspelt name, a party, an electorate).
    pub fn change_setup(
        &mut self,
        division: DivisionIx,
        change: SetupChange,
        reason: &str,
    ) -> Result<&Event, StoreError> {
        self.append(Some(division), Change::SetupChanged(change), Some(reason))
    }

    /// Sets (or replaces) the baseline: the previous election's results, any format
    /// read, kept as the app's own CSV.
    pub fn set_baseline(&mut self, baseline: &BaselineSource) -> Result<&Event, StoreError> {
        self.append(
            None,
            Change::BaselineSet {
                name: baseline.name.clone(),
                csv: baseline.csv.clone(),
            },
            None,
        )
    }

    /// Sets seats of councils beyond tonight's divisions (the councillors not up for
    /// election); returns what matched.
    pub fn set_composition(
        &mut self,
        composition: &crate::model::Composition,
    ) -> Result<crate::model::CompositionMatch, StoreError> {
        let mut copy = crate::model::Election::clone(self.election());
        let found = crate::model::apply_composition(&mut copy, composition);
        self.append(
            None,
            Change::CompositionSet {
                composition: composition.clone(),
            },
            None,
        )?;
        Ok(found)
    }

    /// Sets (or replaces) the results map's shapes; returns how they matched.
    pub fn set_boundaries(
        &mut self,
        boundaries: &crate::map::boundaries::Boundaries,
    ) -> Result<crate::map::boundaries::ShapeMatch, StoreError> {
        let found = crate::map::boundaries::match_shapes(self.election(), boundaries);
        self.append(
            None,
            Change::BoundariesSet {
                boundaries: boundaries.clone(),
            },
            None,
        )?;
        Ok(found)
    }

    /// Switches double entry on or off for the election.
    pub fn set_double_entry(&mut self, on: bool) -> Result<&Event, StoreError> {
        self.append(None, Change::DoubleEntry { on }, None)
    }

    /// With double entry on: the first volunteer's figures, kept until a second entry.
    pub fn first_entry(
        &mut self,
        division: DivisionIx,
        declaration: &Declaration,
    ) -> Result<&Event, StoreError> {
        self.append(
            Some(division),
            Change::FirstEntry(Figures::from_declaration(declaration)),
            None,
        )
    }

    /// With double entry on: a second, blind entry. When it matches the first the
    /// division is declared; otherwise nothing is written and the differences are
    /// returned, field by field, to be resolved.
    pub fn second_entry(
        &mut self,
        division: DivisionIx,
        declaration: &Declaration,
    ) -> Result<SecondEntry, StoreError> {
        self.refresh()?;
        let first = self.night.first_entries[division.index()]
            .clone()
            .ok_or_else(|| StoreError::Refused("there is no first entry to compare with".into()))?;
        let differences = differences(&first, declaration);
        if !differences.is_empty() {
            return Ok(SecondEntry::Differs { first, differences });
        }
        let id = self.declare(division, declaration)?.id.clone();
        Ok(SecondEntry::Declared(id))
    }

    /// Sets a first entry aside, with the reason.
    pub fn discard_first_entry(
        &mut self,
        division: DivisionIx,
        reason: &str,
    ) -> Result<&Event, StoreError> {
        self.append(Some(division), Change::FirstEntryDiscarded, Some(reason))
    }

    /// Appends one event: catches up with other writers, validates against that
    /// state, commits, and only then applies it here.
    fn append(
        &mut self,
        division: Option<DivisionIx>,
        change: Change,
        reason: Option<&str>,
    ) -> Result<&Event, StoreError> {
        let reason = reason.map(str::to_string);
        self.append_all(vec![(division, change, reason)])?;
        // A backup is the caller's to make (`backup_if_due`), after it has told the user
        // the event is saved: saving must not wait for a copy.
        Ok(self.events.last().expect("just added"))
    }

    /// Declarations read from a results file, in one transaction: all or none, and one
    /// wait for the disk instead of one each.
    pub fn import_all(
        &mut self,
        declarations: &[(DivisionIx, Declaration)],
    ) -> Result<usize, StoreError> {
        let changes = declarations
            .iter()
            .map(|(ix, d)| {
                let mut figures = Figures::from_declaration(d);
                figures.imported = true;
                (Some(*ix), Change::Declared(figures), None)
            })
            .collect();
        self.append_all(changes)
    }

    /// Appends events in one transaction: catches up with other writers, validates each
    /// against the state the ones before it make, commits, and only then keeps them.
    fn append_all(
        &mut self,
        changes: Vec<(Option<DivisionIx>, Change, Option<String>)>,
    ) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let db_err = |e: rusqlite::Error| StoreError::database(&path, &e);
        // By hand rather than through `Transaction`, so that catching up (which changes
        // the night) can happen inside it.
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(db_err)?;
        let written = self.write_events(changes);
        let (added, night) = match written.and_then(|written| {
            self.conn.execute_batch("COMMIT").map_err(db_err)?;
            Ok(written)
        }) {
            Ok(written) => written,
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        };
        let count = added.len();
        match night {
            // The copy already holds every event, applied in the order they take
            // (unsent, after everything else): keep it rather than apply them twice.
            Some(night) => {
                for event in added {
                    self.last_seq = self.last_seq.max(event.seq);
                    self.by_id.insert(event.id.clone(), self.events.len());
                    self.events.push(event);
                }
                self.night = night;
                // The copy kept no way back: a reorder reaching into these replays.
                self.undo.clear();
                self.generation += 1;
            }
            None => {
                self.merge(added, Vec::new());
            }
        }
        self.unsaved_in_backup = true;
        self.fold_log();
        Ok(count)
    }

    /// Inside the write transaction: catch up, validate, insert. Nothing is kept in
    /// memory until the caller has committed. With several changes, they are tried on
    /// a copy of the night, returned with them.
    fn write_events(
        &mut self,
        changes: Vec<(Option<DivisionIx>, Change, Option<String>)>,
    ) -> Result<(Vec<Event>, Option<Night>), StoreError> {
        self.refresh()?;
        if let Some(why) = self.watch_only()? {
            return Err(StoreError::Refused(why));
        }
        if let Some(broken) = &self.chain_break {
            return Err(StoreError::Refused(self.chain_warning(broken)));
        }
        let db_err = |e: rusqlite::Error| StoreError::database(&self.path, &e);
        // The events are tried on a copy when there are several; the night itself
        // changes only after the commit.
        let mut night = (changes.len() > 1).then(|| self.night.clone());
        let mut added = Vec::with_capacity(changes.len());
        let at = Timestamp::now();
        let at_text = at.to_string();
        let mut ids = EventIds::new(&self.conn, at).map_err(db_err)?;
        for (division, change, reason) in changes {
            let state = night.as_ref().unwrap_or(&self.night);
            state
                .validate(division, &change, reason.as_deref(), &self.identity)
                .map_err(StoreError::Refused)?;
            let base = state.base(division);
            let payload =
                serde_json::to_string(&change).map_err(|e| StoreError::Refused(e.to_string()))?;
            let id = ids.next();
            let seq = self
                .conn
                .prepare_cached(
                    "INSERT INTO events (id, at, machine, who, kind, division, payload, reason, base)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .and_then(|mut insert| {
                    insert.execute(params![
                        id,
                        at_text,
                        self.identity.machine,
                        self.identity.who,
                        change.kind(),
                        division.map(|d| d.0),
                        payload,
                        reason,
                        base
                    ])
                })
                .map(|_| self.conn.last_insert_rowid())
                .map_err(db_err)?;
            let content = chain::Content {
                id: &id,
                at: &at_text,
                machine: &self.identity.machine,
                who: &self.identity.who,
                kind: change.kind(),
                division: division.map(|d| i64::from(d.0)),
                payload: &payload,
                reason: reason.as_deref(),
                base: base.as_deref(),
            };
            let digest = content.digest();
            chain::append(&self.conn, seq, &digest).map_err(db_err)?;
            self.digests.insert(seq, digest);
            self.sums.insert(seq, content.sum());
            let event = Event {
                seq,
                id,
                at,
                machine: self.identity.machine.clone(),
                who: self.identity.who.clone(),
                division,
                change,
                reason,
                base,
                server_seq: None,
            };
            if let Some(night) = night.as_mut() {
                night.apply(&event).map_err(StoreError::Refused)?;
            }
            added.push(event);
        }
        Ok((added, night))
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
        let Some(broken) = self.chain_break.take() else {
            return Err(StoreError::Refused(
                "the night's record holds: there is no break to acknowledge".to_string(),
            ));
        };
        if why.trim().is_empty() {
            self.chain_break = Some(broken);
            return Err(StoreError::Refused(
                "say why the break is accepted (--acknowledge \"REASON\")".to_string(),
            ));
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
            self.chain_break = Some(broken);
            return Err(e);
        }
        // Any later break stops the file again.
        let checked = chain::check(&self.conn).map_err(|e| StoreError::database(&self.path, &e))?;
        let not_the_break = |p: &String| !p.starts_with("the night's record does not hold");
        self.problems.retain(not_the_break);
        self.chain_notes.retain(not_the_break);
        self.chain_break = checked.broken;
        if let Some(next) = self.chain_break.clone() {
            let warning = self.chain_warning(&next);
            self.problems.insert(0, warning.clone());
            self.chain_notes.push(warning);
        }
        Ok(broken)
    }

    /// Where the night's record does not hold, if it does not.
    pub fn chain_break(&self) -> Option<&chain::Break> {
        self.chain_break.as_ref()
    }

    /// The break in words, with what to do: shown on opening and on every refusal.
    fn chain_warning(&self, broken: &chain::Break) -> String {
        let backup = backup::newest_sound(&self.path)
            .map(|b| format!("restore {} (`tallyroom restore`)", b.display()))
            .unwrap_or_else(|| "no backup of it holds".to_string());
        format!(
            "{broken}. The figures shown may not be the night's: {backup}; `tallyroom verify` checks the file. No new results are taken until then"
        )
    }

    /// Folds the write-ahead log into the file, so that the file alone holds every
    /// event saved (a plain copy of it, taken to a stick, loses nothing). Passive: it
    /// never waits for another copy of the app reading the file.
    fn fold_log(&self) {
        let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE)");
    }

    /// Closes the file, with a last backup if anything was written since the last one.
    pub fn close(mut self) -> Result<(), StoreError> {
        if self.unsaved_in_backup {
            self.backup_now()?;
        }
        Ok(())
    }
}

/// A fingerprint worked out, and the state of the night it is of (generation, events).
type KeptFingerprint = Option<((i64, usize), Option<String>)>;

/// The result of a second entry under double entry.
#[derive(Debug, Clone, PartialEq)]
pub enum SecondEntry {
    /// It matched the first: the division is declared, by the event of this id.
    Declared(String),
    /// It did not: nothing was written.
    Differs {
        first: FirstEntry,
        differences: Vec<Difference>,
    },
}

/// One field where two entries disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub field: crate::tally::checks::Field,
    pub first: Option<u64>,
    pub second: Option<u64>,
}

fn differences(first: &FirstEntry, second: &Declaration) -> Vec<Difference> {
    figure_differences(&first.figures, second)
}

/// Where saved figures and a declaration disagree, field by field: a first entry
/// against a second, or what the file holds against what the form held.
pub fn figure_differences(f: &Figures, second: &Declaration) -> Vec<Difference> {
    use crate::tally::checks::Field;
    let mut out: Vec<Difference> = f
        .votes
        .iter()
        .zip(&second.votes)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(pos, (a, b))| Difference {
            field: Field::Candidate(pos),
            first: Some(*a),
            second: Some(*b),
        })
        .collect();
    for (field, a, b) in [
        (
            Field::BallotsIssued,
            f.ballots_issued,
            second.ballots_issued,
        ),
        (Field::Rejected, f.rejected, second.rejected),
    ] {
        if a != b {
            out.push(Difference {
                field,
                first: a,
                second: b,
            });
        }
    }
    out
}

/// Ids for new events: unique across every machine of a night (80 random bits, from
/// SQLite's generator), and in order of writing (the time in microseconds first), so
/// that the log's index of ids grows at its end: random ids scattered each insert
/// across the index, which made importing a big night several times slower.
struct EventIds {
    next_time: u64,
    /// Seeded from SQLite's random(), so that two laptops never draw alike.
    random: crate::random::Random,
}

impl EventIds {
    fn new(conn: &Connection, at: Timestamp) -> rusqlite::Result<Self> {
        let seed: i64 = conn.query_row("SELECT random()", [], |r| r.get(0))?;
        Ok(EventIds {
            next_time: u64::try_from(at.as_microsecond()).unwrap_or_default(),
            random: crate::random::Random(seed as u64),
        })
    }

    fn next(&mut self) -> String {
        let time = self.next_time;
        self.next_time += 1;
        let high = self.random.next();
        let low = self.random.next();
        // 13 hex digits of time, 19 of chance: 32, as every id before.
        format!(
            "{:013x}{:03x}{:016x}",
            time & 0x000F_FFFF_FFFF_FFFF,
            high & 0xFFF,
            low
        )
    }
}

/// How many of the last events applied can be taken back when a shared night's order
/// changes under them; a change reaching deeper replays the night.
const UNDO_DEPTH: usize = 10_000;

/// Events applied at opening beyond the checkpoint, from which a new one is written
/// then and there (otherwise at the next backup, every few minutes of a night).
const CHECKPOINT_AFTER: usize = 1000;

/// The events a checkpoint covers: usually the first of the log in the order written
/// (a range), on a shared night reordered by the server any set.
enum Covered {
    UpTo(i64),
    Set(std::collections::HashSet<i64>),
}

impl Covered {
    /// The events `covered` covers, among the log's (`seqs`, in order).
    fn of(covered: Option<&[Event]>, seqs: &[i64]) -> Covered {
        let Some(covered) = covered else {
            return Covered::UpTo(i64::MIN);
        };
        let last = covered.iter().map(|e| e.seq).max().unwrap_or(i64::MIN);
        // Every event written up to the last covered is covered: a range.
        if seqs.partition_point(|&s| s <= last) == covered.len() {
            Covered::UpTo(last)
        } else {
            Covered::Set(covered.iter().map(|e| e.seq).collect())
        }
    }

    fn holds(&self, seq: i64) -> bool {
        match self {
            Covered::UpTo(last) => seq <= *last,
            Covered::Set(set) => set.contains(&seq),
        }
    }
}

/// Removes the copies a file keeps to open quickly (the set-up snapshot and the
/// checkpoint): they are only copies of what its tables and record say, and the next
/// opening makes them again from those. For copies found to disagree with the record.
pub fn drop_copies(path: &Path) -> Result<(), StoreError> {
    let conn = connect_with(path, BUSY_TIMEOUT, false)?;
    conn.execute_batch("DELETE FROM checkpoint; DELETE FROM snapshot;")
        .map_err(|e| StoreError::database(path, &e))
}

/// SQLite's check of the file's structure: a damaged file is refused before anything
/// is written to it.
fn quick_check(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| StoreError::database(path, &e))?;
    if check != "ok" {
        return Err(StoreError::Damaged {
            file: path.display().to_string(),
            detail: check,
        });
    }
    Ok(())
}

/// A connection to an election file as every writer needs it: durable commits
/// (`synchronous=FULL`, see the module notes), foreign keys on, and a wait for other
/// writers.
pub(crate) fn connect(path: &Path, busy: Duration) -> Result<Connection, StoreError> {
    connect_with(path, busy, false)
}

/// A connection to the file; read-only for the commands that only read, which then
/// never write to it (a file on a read-only stick or folder reads all the same).
fn connect_with(path: &Path, busy: Duration, read_only: bool) -> Result<Connection, StoreError> {
    let db_err = |e: rusqlite::Error| StoreError::database(path, &e);
    let conn = if read_only {
        connect_to_read(path).map_err(db_err)?
    } else {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(db_err)?;
        // A file that cannot be written here is opened to be read (and says why it
        // takes no result: `watch_only`), rather than failing at its first read.
        let cannot_write = conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false)
            || conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                    r.get::<_, i64>(0)
                })
                .is_err_and(|e| {
                    matches!(
                        e.sqlite_error_code(),
                        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
                    )
                });
        if cannot_write {
            drop(conn);
            connect_to_read(path).map_err(db_err)?
        } else {
            conn
        }
    };
    conn.busy_timeout(busy).map_err(db_err)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(db_err)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(db_err)?;
    // Up to 64 MB of pages in memory (SQLite's default is 2 MB): importing a big night
    // in one transaction otherwise reads and writes the same index pages again and again.
    conn.pragma_update(None, "cache_size", -65_536)
        .map_err(db_err)?;
    Ok(conn)
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

/// The file as an SQLite address that reads it as it stands on disk (`immutable`):
/// no lock taken, no index made beside it.
fn as_it_stands(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file:");
    // A Windows path (C:/...) is written as an absolute one.
    if text.as_bytes().get(1) == Some(&b':') {
        uri.push('/');
    }
    for c in text.chars() {
        match c {
            '?' | '#' | '%' => uri.push_str(&format!("%{:02X}", c as u32)),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

fn read_positions(conn: &Connection, after: i64) -> rusqlite::Result<Vec<(i64, String, i64)>> {
    let mut statement = conn.prepare_cached(
        "SELECT rowid, id, server_seq FROM positions WHERE rowid > ?1 ORDER BY rowid",
    )?;
    let rows = statement.query_map([after], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// An event that cannot be read, said as damage to the file (naming the event), not
/// as a database's conversion error.
fn unreadable_event(path: &Path, e: &rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, inner) => StoreError::Damaged {
            file: path.display().to_string(),
            detail: inner.to_string(),
        },
        other => StoreError::database(path, other),
    }
}

/// Events as read, with each one's quick content checksum by seq.
type EventsAndSums = (Vec<Event>, Vec<(i64, i64)>);

fn read_events(conn: &Connection, after: i64) -> rusqlite::Result<EventsAndSums> {
    read_events_and_sums(conn, after, i64::MAX)
}

/// The log's events after `after` and up to `up_to`, in the order written, and each
/// one's quick content checksum as the file holds it (`chain::Content::sum`).
fn read_events_and_sums(
    conn: &Connection,
    after: i64,
    up_to: i64,
) -> rusqlite::Result<EventsAndSums> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {}, p.server_seq
         FROM events e LEFT JOIN positions p ON p.id = e.id WHERE e.seq > ?1 AND e.seq <= ?2 ORDER BY e.seq",
        chain::EVENT_COLUMNS
    ))?;
    let mut events = Vec::new();
    let mut sums = Vec::new();
    let mut query = statement.query([after, up_to])?;
    while let Some(r) = query.next()? {
        let at: String = r.get(2)?;
        let payload: String = r.get(7)?;
        let division: Option<i64> = r.get(6)?;
        let seq: i64 = r.get(0)?;
        // Which event could not be read, and why, for a message a volunteer can act on.
        let bad = |i: usize, e: Box<dyn std::error::Error + Send + Sync>| {
            let what = if i == 2 { "its time" } else { "its content" };
            rusqlite::Error::FromSqlConversionFailure(
                i,
                rusqlite::types::Type::Text,
                format!("event {seq} of the night's record cannot be read: {what} is not what tallyroom writes ({e})").into(),
            )
        };
        sums.push((seq, chain::content_sum(r)?));
        events.push(Event {
            seq,
            id: r.get(1)?,
            at: at.parse().map_err(|e| bad(2, Box::new(e)))?,
            machine: r.get(3)?,
            who: r.get(4)?,
            division: division.and_then(|d| u32::try_from(d).ok()).map(DivisionIx),
            change: Change::from_json(&payload).map_err(|e| bad(7, Box::new(e)))?,
            reason: r.get(8)?,
            base: r.get(9)?,
            server_seq: r.get(10)?,
        });
    }
    Ok((events, sums))
}
