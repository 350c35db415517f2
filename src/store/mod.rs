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

pub mod audit;
pub mod backup;
pub mod events;
pub mod schema;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

use crate::formats::native;
use crate::model::{Declaration, DivisionIx, DivisionSetup, Election, ElectionBuilder};
use crate::tally::Tally;
use crate::tally::baseline::attach_baseline;
use crate::tally::checks::check_declaration;
use crate::tally::outcome::Status;
use events::{Change, Event, Figures, Identity, SetupChange};

/// How long a writer waits for another copy of the app to finish its write.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    CannotOpen {
        file: String,
        detail: String,
    },
    NotElectionFile {
        file: String,
        detail: String,
    },
    NewerVersion {
        file: String,
        version: u32,
    },
    Damaged {
        file: String,
        detail: String,
    },
    Busy {
        file: String,
    },
    Exists {
        file: String,
    },
    /// The change was refused; the file is as it was.
    Refused(String),
    Database {
        file: String,
        detail: String,
    },
}

impl StoreError {
    pub(crate) fn cannot_open(file: &str, e: &std::io::Error) -> Self {
        StoreError::CannotOpen {
            file: file.to_string(),
            detail: e.to_string(),
        }
    }

    fn database(file: &Path, e: &rusqlite::Error) -> Self {
        let file = file.display().to_string();
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy { file }
            }
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                StoreError::Damaged {
                    file,
                    detail: e.to_string(),
                }
            }
            _ => StoreError::Database {
                file,
                detail: e.to_string(),
            },
        }
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::CannotOpen { file, detail } => {
                write!(
                    f,
                    "{file} cannot be opened ({detail}); check the path and permissions"
                )
            }
            StoreError::NotElectionFile { file, detail } => write!(
                f,
                "{file} is not a tallyroom election file ({detail}); it was left untouched. Open a .tally file, or create one with `tallyroom new`"
            ),
            StoreError::NewerVersion { file, version } => write!(
                f,
                "{file} was written by a newer tallyroom (file version {version}, this one reads up to {}); it was left untouched. Open it with the newer version",
                schema::SCHEMA_VERSION
            ),
            StoreError::Damaged { file, detail } => write!(
                f,
                "{file} is damaged ({detail}); it was left untouched. Restore the latest backup with `tallyroom restore`"
            ),
            StoreError::Busy { file } => write!(
                f,
                "{file} is in use by another copy of tallyroom that is writing to it; nothing was saved. Try again in a moment"
            ),
            StoreError::Exists { file } => {
                write!(
                    f,
                    "{file} already exists; choose another name, nothing was overwritten"
                )
            }
            StoreError::Refused(reason) => write!(f, "{reason}; nothing was saved"),
            StoreError::Database { file, detail } => write!(f, "{file}: database error ({detail})"),
        }
    }
}

impl std::error::Error for StoreError {}

/// The baseline to keep in a new file, as a results CSV in the app's own format.
#[derive(Debug, Clone)]
pub struct BaselineSource {
    pub name: String,
    pub csv: String,
}

/// An open election file and the tally of its log.
pub struct Store {
    path: PathBuf,
    conn: Connection,
    tally: Tally,
    events: Vec<Event>,
    identity: Identity,
    last_seq: i64,
    /// Events of the log the engine could not apply (only a file edited by hand has any).
    problems: Vec<String>,
    /// Whether this process has written since its last backup.
    unsaved_in_backup: bool,
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
        let result = write_new(&temp, election, baseline).and_then(|()| {
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
        let header = schema::inspect(path)?;
        let db_err = |e: rusqlite::Error| StoreError::database(path, &e);
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(db_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(db_err)?;
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(db_err)?;
        if check != "ok" {
            return Err(StoreError::Damaged {
                file: path.display().to_string(),
                detail: check,
            });
        }
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(db_err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(db_err)?;
        if header.schema_version < schema::SCHEMA_VERSION {
            backup::make(&conn, path).map_err(|e| StoreError::Database {
                file: path.display().to_string(),
                detail: format!("backup before upgrading failed: {e}"),
            })?;
            schema::migrate(&mut conn, header.schema_version).map_err(db_err)?;
        }
        let election = load_setup(&conn, path)?;
        let mut store = Store {
            path: path.to_path_buf(),
            conn,
            tally: Tally::new(Arc::new(election)),
            events: Vec::new(),
            identity,
            last_seq: 0,
            problems: Vec::new(),
            unsaved_in_backup: false,
        };
        store.refresh()?;
        Ok(store)
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
        &self.tally
    }

    pub fn election(&self) -> &Arc<Election> {
        self.tally.election()
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

    /// Reads the events other copies of the app have added since we last looked.
    /// Returns how many there were.
    pub fn refresh(&mut self) -> Result<usize, StoreError> {
        let new = read_events(&self.conn, self.last_seq)
            .map_err(|e| StoreError::database(&self.path, &e))?;
        let count = new.len();
        for event in new {
            self.take(event);
        }
        Ok(count)
    }

    /// A division's first declaration.
    pub fn declare(
        &mut self,
        division: DivisionIx,
        declaration: &Declaration,
    ) -> Result<&Event, StoreError> {
        self.append(
            division,
            Change::Declared(Figures::from_declaration(declaration)),
            None,
        )
    }

    /// New figures for a declared division, with the reason (recount, typing error).
    pub fn correct(
        &mut self,
        division: DivisionIx,
        declaration: &Declaration,
        reason: &str,
    ) -> Result<&Event, StoreError> {
        self.append(
            division,
            Change::Corrected(Figures::from_declaration(declaration)),
            Some(reason),
        )
    }

    /// Records who won a drawing of lots in a tied division (ballot positions).
    pub fn draw_lots(
        &mut self,
        division: DivisionIx,
        winners: Vec<u32>,
    ) -> Result<&Event, StoreError> {
        self.append(division, Change::LotsDrawn { winners }, None)
    }

    /// Takes a division's declaration back; it is awaiting again.
    pub fn withdraw(&mut self, division: DivisionIx, reason: &str) -> Result<&Event, StoreError> {
        self.append(division, Change::Withdrawn, Some(reason))
    }

    /// Undoes the most recent first declaration still standing, as a withdrawal.
    pub fn undo_last_declaration(&mut self) -> Result<&Event, StoreError> {
        self.refresh()?;
        let last = self
            .events
            .iter()
            .rev()
            .filter(|e| matches!(e.change, Change::Declared(_)))
            .filter_map(|e| e.division)
            .find(|&d| self.tally.declaration(d).is_some())
            .ok_or_else(|| StoreError::Refused("there is no declaration to undo".into()))?;
        self.append(last, Change::Withdrawn, Some("undo"))
    }

    /// Changes the set-up without moving candidates (a misspelt name, a party, an electorate).
    pub fn change_setup(
        &mut self,
        division: DivisionIx,
        change: SetupChange,
        reason: &str,
    ) -> Result<&Event, StoreError> {
        self.append(division, Change::SetupChanged(change), Some(reason))
    }

    /// Appends one event: catches up with other writers, validates against that
    /// state, commits, and only then applies it here.
    fn append(
        &mut self,
        division: DivisionIx,
        change: Change,
        reason: Option<&str>,
    ) -> Result<&Event, StoreError> {
        let path = self.path.clone();
        let db_err = |e: rusqlite::Error| StoreError::database(&path, &e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err)?;
        for event in read_events(&tx, self.last_seq).map_err(db_err)? {
            take_event(
                &mut self.tally,
                &mut self.events,
                &mut self.problems,
                &mut self.last_seq,
                event,
            );
        }
        validate(&self.tally, division, &change, reason)?;
        let at = Timestamp::now();
        let payload =
            serde_json::to_string(&change).map_err(|e| StoreError::Refused(e.to_string()))?;
        tx.execute(
            "INSERT INTO events (id, at, machine, who, kind, division, payload, reason)
             VALUES (lower(hex(randomblob(16))), ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                at.to_string(),
                self.identity.machine,
                self.identity.who,
                change.kind(),
                division.0,
                payload,
                reason
            ],
        )
        .map_err(db_err)?;
        let seq = tx.last_insert_rowid();
        let id: String = tx
            .query_row("SELECT id FROM events WHERE seq = ?1", [seq], |r| r.get(0))
            .map_err(db_err)?;
        tx.commit().map_err(db_err)?;
        self.take(Event {
            seq,
            id,
            at,
            machine: self.identity.machine.clone(),
            who: self.identity.who.clone(),
            division: Some(division),
            change,
            reason: reason.map(str::to_string),
        });
        // A backup is the caller's to make (`backup_if_due`), after it has told the user
        // the event is saved: saving must not wait for a copy.
        self.unsaved_in_backup = true;
        Ok(self.events.last().expect("just added"))
    }

    fn take(&mut self, event: Event) {
        take_event(
            &mut self.tally,
            &mut self.events,
            &mut self.problems,
            &mut self.last_seq,
            event,
        );
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
        let made = backup::make(&self.conn, &self.path).map_err(|e| StoreError::Database {
            file: self.path.display().to_string(),
            detail: format!("backup failed: {e}"),
        })?;
        self.unsaved_in_backup = false;
        Ok(made)
    }

    /// Closes the file, with a last backup if anything was written since the last one.
    pub fn close(mut self) -> Result<(), StoreError> {
        if self.unsaved_in_backup {
            self.backup_now()?;
        }
        Ok(())
    }
}

/// Applies an event to the tally and keeps it; an event the engine cannot take is
/// noted as a problem rather than stopping the night.
fn take_event(
    tally: &mut Tally,
    events: &mut Vec<Event>,
    problems: &mut Vec<String>,
    last_seq: &mut i64,
    event: Event,
) {
    if let Err(problem) = apply(tally, &event) {
        problems.push(format!(
            "event {} ({}): {problem}",
            event.seq,
            event.change.kind()
        ));
    }
    *last_seq = event.seq;
    events.push(event);
}

/// What an event does to the tally.
pub fn apply(tally: &mut Tally, event: &Event) -> Result<(), String> {
    let division = event.division.ok_or("the event names no division")?;
    match &event.change {
        Change::Declared(figures) | Change::Corrected(figures) => {
            tally
                .declare(division, figures.declaration(event.at))
                .map_err(|e| e.to_string())?;
        }
        Change::LotsDrawn { winners } => {
            let mut declaration = tally
                .declaration(division)
                .cloned()
                .ok_or("lots drawn for a division without a declaration")?;
            declaration.won_by_lot = winners.clone();
            tally
                .declare(division, declaration)
                .map_err(|e| e.to_string())?;
        }
        Change::Withdrawn => {
            tally.withdraw(division).map_err(|e| e.to_string())?;
        }
        Change::SetupChanged(change) => {
            let mut election = Election::clone(tally.election());
            change_setup(&mut election, division, change)?;
            // Declarations stay valid (candidates do not move); recount in time order.
            let mut declared: Vec<(DivisionIx, Declaration)> = tally
                .declarations()
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.clone().map(|d| (DivisionIx(i as u32), d)))
                .collect();
            declared.sort_by_key(|(_, d)| d.declared_at);
            *tally = Tally::with_declarations(Arc::new(election), declared)
                .map_err(|(_, e)| e.to_string())?;
        }
    }
    Ok(())
}

fn change_setup(
    election: &mut Election,
    division: DivisionIx,
    change: &SetupChange,
) -> Result<(), String> {
    let d = election
        .divisions
        .get(division.index())
        .ok_or("no such division")?;
    let candidate = |position: u32| -> Result<usize, String> {
        (position < d.candidates.len() as u32)
            .then(|| (d.candidates.start + position) as usize)
            .ok_or_else(|| format!("the division has no candidate {}", position + 1))
    };
    match change {
        SetupChange::CandidateName { position, name } => {
            let c = candidate(*position)?;
            election.candidates[c].name = name.clone();
        }
        SetupChange::CandidateParty { position, party } => {
            let c = candidate(*position)?;
            election.candidates[c].party = election.intern_party(party);
        }
        SetupChange::Electorate { electorate } => {
            election.divisions[division.index()].electorate = *electorate;
        }
    }
    Ok(())
}

/// Whether the event makes sense now: the log only ever holds events that apply.
fn validate(
    tally: &Tally,
    division: DivisionIx,
    change: &Change,
    reason: Option<&str>,
) -> Result<(), StoreError> {
    let election = tally.election();
    let Some(d) = election.divisions.get(division.index()) else {
        return Err(StoreError::Refused("no such division".into()));
    };
    let name = &d.name;
    let refuse = |text: String| Err(StoreError::Refused(text));
    let needs_reason = || reason.is_none_or(|r| r.trim().is_empty());
    let declared = tally.declaration(division).is_some();
    match change {
        Change::Declared(figures) | Change::Corrected(figures) => {
            let correcting = matches!(change, Change::Corrected(_));
            if d.is_uncontested() {
                return refuse(format!(
                    "{name} was returned unopposed; there is nothing to declare"
                ));
            }
            if !correcting && declared {
                return refuse(format!(
                    "{name} is already declared; correct it with a reason instead"
                ));
            }
            if correcting && !declared {
                return refuse(format!(
                    "{name} has not been declared yet, so there is nothing to correct"
                ));
            }
            if correcting && needs_reason() {
                return refuse("a correction needs a reason (recount, typing error, ...)".into());
            }
            let declaration = figures.declaration(Timestamp::now());
            tally
                .try_outcome(division, Some(&declaration))
                .map_err(|e| StoreError::Refused(format!("{name}: {e}")))?;
            if let Some(error) = check_declaration(election, division, &declaration)
                .into_iter()
                .find(|f| f.is_error())
            {
                return refuse(format!("{name}: {}", error.message));
            }
        }
        Change::LotsDrawn { winners } => {
            if tally.outcome(division).status != Status::Tied {
                return refuse(format!("{name} is not tied, so no lots are to be drawn"));
            }
            let mut declaration = tally.declaration(division).cloned().unwrap_or_default();
            declaration.won_by_lot = winners.clone();
            tally
                .try_outcome(division, Some(&declaration))
                .map_err(|e| StoreError::Refused(format!("{name}: {e}")))?;
        }
        Change::Withdrawn => {
            if !declared {
                return refuse(format!("{name} has no declaration to withdraw"));
            }
            if needs_reason() {
                return refuse("withdrawing a declaration needs a reason".into());
            }
        }
        Change::SetupChanged(setup) => {
            if needs_reason() {
                return refuse("a set-up change needs a reason".into());
            }
            let mut copy = Election::clone(election);
            change_setup(&mut copy, division, setup).map_err(StoreError::Refused)?;
        }
    }
    Ok(())
}

fn write_new(
    path: &Path,
    election: &Election,
    baseline: Option<&BaselineSource>,
) -> Result<(), StoreError> {
    let db_err = |e: rusqlite::Error| StoreError::database(path, &e);
    let mut conn = Connection::open(path).map_err(db_err)?;
    schema::create(&mut conn).map_err(db_err)?;
    let tx = conn.transaction().map_err(db_err)?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('name', ?1), ('created_at', ?2), ('created_by', ?3)",
        params![
            election.name,
            Timestamp::now().to_string(),
            concat!("tallyroom ", env!("CARGO_PKG_VERSION"))
        ],
    )
    .map_err(db_err)?;
    for (ix, name) in election.parties.iter() {
        tx.execute(
            "INSERT INTO parties (id, name) VALUES (?1, ?2)",
            params![ix.0, name],
        )
        .map_err(db_err)?;
    }
    for (position, d) in election.divisions.iter().enumerate() {
        tx.execute(
            "INSERT INTO divisions (position, name, code, area, seats, electorate) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![position as i64, d.name, d.code, d.area, d.seats, d.electorate.map(|e| e as i64)],
        )
        .map_err(db_err)?;
        for c in d.candidate_ixs() {
            let candidate = election.candidate(c);
            tx.execute(
                "INSERT INTO candidates (position, division, name, party) VALUES (?1, ?2, ?3, ?4)",
                params![c.0, position as i64, candidate.name, candidate.party.0],
            )
            .map_err(db_err)?;
        }
    }
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

fn load_setup(conn: &Connection, path: &Path) -> Result<Election, StoreError> {
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
    let mut builder = ElectionBuilder::new(name);
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
        .prepare("SELECT division, name, party FROM candidates ORDER BY position")
        .map_err(db_err)?;
    let mut by_division: Vec<Vec<(String, String)>> = Vec::new();
    let rows: Vec<(i64, String, i64)> = candidates
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(db_err)?
        .collect::<Result<_, _>>()
        .map_err(db_err)?;
    for (division, name, party) in rows {
        let d = usize::try_from(division).map_err(|_| damaged("bad division".into()))?;
        if by_division.len() <= d {
            by_division.resize(d + 1, Vec::new());
        }
        by_division[d].push((name, party_name(party)?));
    }
    let mut divisions = conn
        .prepare(
            "SELECT position, name, code, area, seats, electorate FROM divisions ORDER BY position",
        )
        .map_err(db_err)?;
    type DivisionRow = (
        i64,
        String,
        Option<String>,
        Option<String>,
        u32,
        Option<i64>,
    );
    let rows: Vec<DivisionRow> = divisions
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .map_err(db_err)?
        .collect::<Result<_, _>>()
        .map_err(db_err)?;
    for (position, name, code, area, seats, electorate) in rows {
        let candidates = by_division
            .get_mut(usize::try_from(position).unwrap_or(usize::MAX))
            .map(std::mem::take)
            .unwrap_or_default();
        builder
            .add_division(DivisionSetup {
                name,
                code,
                area,
                seats,
                electorate: electorate.and_then(|e| u64::try_from(e).ok()),
                candidates,
            })
            .map_err(|e| damaged(e.to_string()))?;
    }
    let mut election = builder.build();
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
    Ok(election)
}

fn read_events(conn: &Connection, after: i64) -> rusqlite::Result<Vec<Event>> {
    let mut statement = conn.prepare_cached(
        "SELECT seq, id, at, machine, who, division, payload, reason FROM events WHERE seq > ?1 ORDER BY seq",
    )?;
    let rows = statement.query_map([after], |r| {
        let at: String = r.get(2)?;
        let payload: String = r.get(6)?;
        let division: Option<i64> = r.get(5)?;
        let bad = |i: usize, e: Box<dyn std::error::Error + Send + Sync>| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e)
        };
        Ok(Event {
            seq: r.get(0)?,
            id: r.get(1)?,
            at: at.parse().map_err(|e| bad(2, Box::new(e)))?,
            machine: r.get(3)?,
            who: r.get(4)?,
            division: division.and_then(|d| u32::try_from(d).ok()).map(DivisionIx),
            change: serde_json::from_str(&payload).map_err(|e| bad(6, Box::new(e)))?,
            reason: r.get(7)?,
        })
    })?;
    rows.collect()
}
