//! Writing events: each change a volunteer or a file makes, validated against the
//! night, written in one transaction after catching up with other writers, and
//! applied.

use super::*;

impl Store {
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
            .ok_or(StoreError::Refused(Refusal::NothingToUndo))?;
        self.append(Some(last), Change::Withdrawn, Some("undo"))
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

    /// Appends one event: catches up with other writers, validates against that
    /// state, commits, and only then applies it here.
    pub(super) fn append(
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
        declarations: impl IntoIterator<Item = (DivisionIx, Declaration)>,
    ) -> Result<usize, StoreError> {
        let changes = declarations
            .into_iter()
            .map(|(ix, d)| {
                let mut figures = Figures::taking(d);
                figures.imported = true;
                (Some(ix), Change::Declared(figures), None)
            })
            .collect();
        self.append_all(changes)
    }

    /// Appends events in one transaction: catches up with other writers, validates each
    /// against the state the ones before it make, commits, and only then keeps them.
    ///
    /// Several events are tried on the night itself, each applied as it is validated:
    /// a copy of a big night to try them on doubled its memory and cost a tenth of the
    /// time of importing one. If any is refused, or the commit fails, the night is made
    /// again from the log, which they never reached.
    pub(super) fn append_all(
        &mut self,
        changes: Vec<(Option<DivisionIx>, Change, Option<String>)>,
    ) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let db_err = |e: rusqlite::Error| StoreError::database(&path, &e);
        let in_place = changes.len() > 1;
        // By hand rather than through `Transaction`, so that catching up (which changes
        // the night) can happen inside it.
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(db_err)?;
        let mut tried = 0;
        let written = self.write_events(changes, &mut tried);
        let added = match written.and_then(|written| {
            self.conn.execute_batch("COMMIT").map_err(db_err)?;
            Ok(written)
        }) {
            Ok(written) => written,
            Err(e) => {
                // The error that made the transaction fail is the one reported; SQLite
                // rolls back an unfinished one itself when the connection closes.
                let _ = self.conn.execute_batch("ROLLBACK");
                if tried > 0 {
                    self.replay();
                }
                return Err(e);
            }
        };
        let count = added.len();
        if in_place {
            // The night already holds every event, applied in the order they take
            // (unsent, after everything else): keep them rather than apply them twice.
            // Room for them all at once: a big import grew the log's index of ids by
            // copying it over and over.
            self.by_id.reserve(added.len());
            for (k, event) in added.iter().enumerate() {
                self.last_seq = self.last_seq.max(event.seq);
                self.by_id.insert(event.id.clone(), self.events.len() + k);
            }
            // A new file's log is the import: taken as it is, not copied event by
            // event (a third of the time of importing a big night).
            if self.events.is_empty() {
                self.events = added;
            } else {
                self.events.extend(added);
            }
            // Applied without a way back: a reorder reaching into these replays.
            self.undo.clear();
            self.generation += 1;
        } else {
            self.merge(added, Vec::new());
        }
        self.unsaved_in_backup = true;
        self.fold_log();
        Ok(count)
    }

    /// Inside the write transaction: catch up, validate, insert. Nothing is kept in
    /// memory until the caller has committed, but for the night: with several changes,
    /// each is applied to it once validated, and `tried` counts them (for the caller to
    /// make the night again should the whole fail).
    ///
    /// With several changes, validating and applying them (and each one's payload and
    /// digest) goes on a second thread while this one inserts those already made ready:
    /// an import of a big night spent as long on its night as on its rows. A refusal
    /// stops both, and the transaction, never committed, keeps none of them.
    pub(super) fn write_events(
        &mut self,
        changes: Vec<(Option<DivisionIx>, Change, Option<String>)>,
        tried: &mut usize,
    ) -> Result<Vec<Event>, StoreError> {
        self.refresh()?;
        if let Some(why) = self.watch_only()? {
            return Err(StoreError::Refused(Refusal::WatchOnly(why)));
        }
        if let Some(broken) = self.record_broken() {
            return Err(StoreError::Refused(Refusal::RecordBroken(Box::new(broken))));
        }
        let db_err = |e: rusqlite::Error| StoreError::database(&self.path, &e);
        let in_place = changes.len() > 1;
        let at = Timestamp::now();
        let at_text = at.to_string();
        let ids = EventIds::new(&self.conn, at).map_err(db_err)?;
        // Each event's seq given, as SQLite would give it (one past the highest ever
        // given): the night, which the second thread applies an event to before it is
        // written, keeps it. Nothing else writes while this transaction holds the file.
        let next_seq: i64 = self
            .conn
            .query_row(
                "SELECT max(ifnull((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0),
                            ifnull((SELECT max(seq) FROM events), 0)) + 1",
                [],
                |r| r.get(0),
            )
            .map_err(db_err)?;
        self.digests.reserve(changes.len());
        self.sums.reserve(changes.len());
        let mut ready = Ready {
            ids,
            next_seq,
            at,
            at_text: &at_text,
            identity: &self.identity,
        };
        let mut rows = Rows {
            conn: &self.conn,
            path: &self.path,
            at_text: &at_text,
            chain_tail: chain::Tail::default(),
            digests: &mut self.digests,
            sums: &mut self.sums,
            added: Vec::with_capacity(changes.len()),
        };
        if !in_place {
            for (division, change, reason) in changes {
                let ready = ready
                    .make(&self.night, division, change, reason)
                    .map_err(StoreError::Refused)?;
                rows.insert(ready)?;
            }
            return Ok(rows.added);
        }
        let night = &mut self.night;
        let (made, taken) = std::sync::mpsc::sync_channel::<Result<ReadyEvent, Refusal>>(BATCH);
        let written = std::thread::scope(|scope| {
            let maker = scope.spawn(move || {
                let mut tried_on_night = 0usize;
                for (division, change, reason) in changes {
                    let event = ready
                        .make(night, division, change, reason)
                        .and_then(|ready| {
                            // Counted as tried before it is applied: a change refused partway
                            // through applying may have changed the night.
                            tried_on_night += 1;
                            night.apply(&ready.event).map(|()| ready)
                        });
                    let refused = event.is_err();
                    // The writer has stopped (an insert failed): nothing more to make.
                    if made.send(event).is_err() || refused {
                        break;
                    }
                }
                tried_on_night
            });
            let mut written = Ok(());
            for event in taken.iter() {
                written = event
                    .map_err(StoreError::Refused)
                    .and_then(|event| rows.insert(event));
                if written.is_err() {
                    break;
                }
            }
            // With the channel gone, the maker stops once it has made (and applied) at
            // most one change more; it is counted, so the night is made again.
            drop(taken);
            let tried_on_night = maker
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (written, tried_on_night)
        });
        *tried = written.1;
        written.0.map(|()| rows.added)
    }
}

/// Changes made ready, at most this many ahead of the rows written.
const BATCH: usize = 1024;

/// What makes a change ready to write: its seq, id, time and author.
struct Ready<'a> {
    ids: EventIds,
    next_seq: i64,
    at: Timestamp,
    at_text: &'a str,
    identity: &'a Identity,
}

/// A change validated against the night, as the event it makes, with its payload and
/// digest as written.
struct ReadyEvent {
    event: Event,
    payload: String,
    digest: chain::Hash,
    sum: i64,
}

impl Ready<'_> {
    /// Validates a change against the night as it stands and makes its payload, id,
    /// seq and digest.
    fn make(
        &mut self,
        night: &Night,
        division: Option<DivisionIx>,
        change: Change,
        reason: Option<String>,
    ) -> Result<ReadyEvent, Refusal> {
        night.validate(division, &change, reason.as_deref(), self.identity)?;
        let base = night.base(division);
        let payload = serde_json::to_string(&change).map_err(|e| Refusal::Unwritable {
            detail: e.to_string(),
        })?;
        let id = self.ids.next();
        let seq = self.next_seq;
        self.next_seq += 1;
        let (digest, sum) = chain::Content {
            id: &id,
            at: self.at_text,
            machine: &self.identity.machine,
            who: &self.identity.who,
            kind: change.kind(),
            division: division.map(|d| i64::from(d.0)),
            payload: &payload,
            reason: reason.as_deref(),
            base: base.as_deref(),
        }
        .digest_and_sum();
        Ok(ReadyEvent {
            event: Event {
                seq,
                id,
                at: self.at,
                machine: self.identity.machine.clone(),
                who: self.identity.who.clone(),
                division,
                change,
                reason,
                base,
                server_seq: None,
            },
            payload,
            digest,
            sum,
        })
    }
}

/// Writes ready changes' rows (the event, its link in the chain) and keeps each
/// event.
struct Rows<'a> {
    conn: &'a Connection,
    path: &'a std::path::Path,
    at_text: &'a str,
    chain_tail: chain::Tail,
    digests: &'a mut BySeq<chain::Hash>,
    sums: &'a mut BySeq<i64>,
    added: Vec<Event>,
}

impl Rows<'_> {
    fn insert(&mut self, ready: ReadyEvent) -> Result<(), StoreError> {
        let db_err = |e: rusqlite::Error| StoreError::database(self.path, &e);
        let event = ready.event;
        self.conn
            .prepare_cached(
                "INSERT INTO events (seq, id, at, machine, who, kind, division, payload, reason, base)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .and_then(|mut insert| {
                insert.execute(params![
                    event.seq,
                    event.id,
                    self.at_text,
                    event.machine,
                    event.who,
                    event.change.kind(),
                    event.division.map(|d| d.0),
                    ready.payload,
                    event.reason,
                    event.base
                ])
            })
            .map_err(db_err)?;
        self.chain_tail
            .append(self.conn, event.seq, &ready.digest)
            .map_err(db_err)?;
        self.digests.insert(event.seq, ready.digest);
        self.sums.insert(event.seq, ready.sum);
        self.added.push(event);
        Ok(())
    }
}

/// Ids for new events: unique across every machine of a night (80 random bits, from
/// SQLite's generator), and in order of writing (the time in microseconds first), so
/// that the log's index of ids grows at its end: random ids scattered each insert
/// across the index, which made importing a big night several times slower.
pub(super) struct EventIds {
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
        let high = self.random.next_u64();
        let low = self.random.next_u64();
        // 13 hex digits of time, 19 of chance: 32, as every id before.
        format!(
            "{:013x}{:03x}{:016x}",
            time & 0x000F_FFFF_FFFF_FFFF,
            high & 0xFFF,
            low
        )
    }
}
