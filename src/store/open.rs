//! Opening an election file: the connection (falling back to reading where the file
//! cannot be written), the quick check, the set-up and the checkpoint, the chain's
//! links, and every event after the checkpoint, checked and applied.

use super::*;

impl Store {
    // Long: Its steps, in the order they must happen, each a few lines that use what the
    // one before made.
    /// `known`: the set-up the file was just written from, taken in place of its
    /// snapshot (which it equals).
    pub(super) fn open_as(
        path: &Path,
        identity: Identity,
        how: Opening,
        known: Option<Election>,
    ) -> Result<Store, StoreError> {
        let read_only = how != Opening::ToWrite;
        let trust_copies = how != Opening::FromRecordOnly;
        let header = schema::inspect(path)?;
        let db_err = |e: rusqlite::Error| StoreError::database(path, &e);
        if read_only && header.schema_version < schema::SCHEMA_VERSION {
            return Err(StoreError::Refused(Refusal::OlderVersion {
                file: path.display().to_string(),
                version: header.schema_version,
            }));
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
        // A file this process has just written whole (its set-up handed over) is not
        // read back for damage: nothing else has had it.
        let just_written = known.is_some();
        // Two cores: one checks the file's structure (it reads the whole file), the
        // other reads the set-up, the checkpoint and the chain meanwhile; then each
        // reads parts of the log, whichever is free taking the next, until none is
        // left. Nothing is written, and the night is not made, until the check has
        // passed. On a night of 200,000 declarations the check and the set-up,
        // checkpoint and chain took 0.5 s and 0.8 s, the log 0.65 s: the log split in
        // fixed halves, or given whole to the checking core, left one core idle for
        // a quarter of the time. A file just written is not checked, and its set-up
        // is handed over.
        let (first_seq, last_seq): (i64, i64) = conn
            .query_row(
                "SELECT ifnull(min(seq), 0), ifnull(max(seq), 0) FROM events",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(db_err)?;
        let log = LogParts::new(first_seq, last_seq);
        let (read, loaded) = std::thread::scope(|scope| {
            let check_and_read = scope.spawn(|| {
                let conn = connect_with(path, BUSY_TIMEOUT, read_only)?;
                if !just_written {
                    quick_check(&conn, path)?;
                }
                let parts = log.read(&conn);
                Ok::<_, StoreError>((parts, read_positions(&conn, 0)))
            });
            let loaded =
                setup::load_setup(&conn, path, trust_copies, known).and_then(|(setup, fresh)| {
                    let setup = Arc::new(setup);
                    let checkpoint = checkpoint::read(&conn, &setup).filter(|_| trust_copies);
                    // The night's record as kept, read while the other core checks the
                    // file's structure.
                    let links = chain::read_links(&conn).map_err(db_err)?;
                    Ok((setup, fresh, checkpoint, links, log.read(&conn)))
                });
            let read = check_and_read.join().unwrap_or_else(|_| {
                Err(StoreError::Damaged {
                    file: path.display().to_string(),
                    detail: "the check of the file stopped".into(),
                })
            });
            (read, loaded)
        });
        // The check first, then the log's first unreadable event, then the rest.
        let (mut parts, positions) = read?;
        let loaded = loaded.map(|(setup, fresh, checkpoint, links, more_parts)| {
            parts.extend(more_parts);
            (setup, fresh, checkpoint, links)
        });
        let (mut events, sums) = log.joined(parts).map_err(|e| unreadable_event(path, &e))?;
        let positions = positions.map_err(db_err)?;
        let (setup, fresh_setup, checkpoint, links) = loaded?;
        let sums: BySeq<i64> = sums.into_iter().collect();
        if fresh_setup && !read_only {
            // A file that cannot take the snapshot (read-only, say) opens all the same.
            let _ = snapshot::write(&conn, &setup);
        }
        events.sort_by_key(Event::order);
        // The index of ids made on the other core while the record is judged (200,000
        // ids copied into a map took a tenth of opening a big night on one core).
        let (judged, by_id) = std::thread::scope(|scope| {
            let by_id = scope.spawn(|| {
                events
                    .iter()
                    .enumerate()
                    .map(|(k, e)| (e.id.clone(), k))
                    .collect::<HashMap<String, usize>>()
            });
            let judged = judge_record(&conn, path, &events, &sums, checkpoint, &links);
            let by_id = by_id
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (judged, by_id)
        });
        let (checkpoint, chain) = judged?;
        // The fingerprint kept from here where the chain just checked is its fold.
        let read_off_chain =
            chain::fingerprint_from_links(&chain, &links, events.iter().map(|e| e.seq));
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
            by_id,
            setup,
            problems,
            undo: VecDeque::new(),
            unsaved_in_backup: false,
            digests: chain.digests,
            sums,
            breaks_acknowledged: chain.acknowledged.clone(),
            chain_break: chain
                .broken
                .clone()
                .map(|broken| refusal::RecordBroken::found(broken, path)),
            fingerprint_kept: std::sync::Mutex::new(None),
        };
        store.events = events;
        for k in from..store.events.len() {
            store.apply_at(k);
        }
        store.generation = i64::from(!store.events.is_empty());
        if let Some(hash) = read_off_chain {
            *store
                .fingerprint_kept
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some((
                (store.generation, store.events.len()),
                Some(chain::fingerprint_text(&hash)),
            ));
        }
        let replayed = store.events.len() - from;
        if replayed >= CHECKPOINT_AFTER && !read_only {
            // The checkpoint is a copy of what the log says: failing costs the next opening
            // time, not data.
            let _ = store.save_checkpoint();
        }
        store.watching = store.watch_only()?;
        // Anything written since the log was read.
        store.refresh()?;
        Ok(store)
    }

    /// Keeps the night as the file's checkpoint now. It is only a copy of what the log
    /// says: a failure to write it costs the next opening time, not data.
    pub fn save_checkpoint_now(&self) {
        // As said above: the log is the record, the checkpoint a copy of it.
        let _ = self.save_checkpoint();
    }

    /// Keeps the night as the file's checkpoint, so that the next opening starts from it.
    pub(super) fn save_checkpoint(&self) -> Result<(), StoreError> {
        // What the record says of itself (a break, an acknowledgement) is worked out
        // again at each opening, and never among these.
        checkpoint::write(
            &self.conn,
            &self.setup,
            &self.events,
            &self.sums,
            &self.night,
            &self.problems,
        )
        .map_err(|e| StoreError::database(&self.path, &e))
    }
}

/// The checkpoint, where it agrees with the log, and the night's record judged: every
/// event's content against the digest and link kept for it. Events a checkpoint covers
/// had, by its checksums, the content they had when it was made, when the record held:
/// their digests are those kept. The others' are worked out from their content.
fn judge_record(
    conn: &Connection,
    path: &Path,
    events: &[Event],
    sums: &BySeq<i64>,
    checkpoint: Option<checkpoint::Checkpoint>,
    links: &[chain::Kept],
) -> Result<(Option<checkpoint::Checkpoint>, chain::Checked), StoreError> {
    let db_err = |e: rusqlite::Error| StoreError::database(path, &e);
    let checkpoint = checkpoint.filter(|c| c.agrees_with(events, sums));
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
    let worked_out: BySeq<chain::Hash> = match seqs.iter().copied().find(|&s| !trusted(s)) {
        Some(from) => chain::content_digests_from(conn, from, |s| !trusted(s))
            .map_err(db_err)?
            .into_iter()
            .collect(),
        None => BySeq::default(),
    };
    let contents: Vec<(i64, Option<chain::Hash>)> = seqs
        .iter()
        .map(|&s| (s, worked_out.get(&s).copied()))
        .collect();
    let mut digests: BySeq<chain::Hash> =
        BySeq::with_capacity_and_hasher(seqs.len(), Default::default());
    digests.extend(
        links
            .iter()
            .filter(|l| trusted(l.seq))
            .filter_map(|l| l.digest.map(|d| (l.seq, d))),
    );
    digests.extend(worked_out);
    let chain = chain::judge(conn, &contents, digests, links, &acknowledged).map_err(db_err)?;
    Ok((checkpoint, chain))
}

/// Events applied at opening beyond the checkpoint, from which a new one is written
/// then and there (otherwise at the next backup, every few minutes of a night).
pub(super) const CHECKPOINT_AFTER: usize = 1000;

/// The events a checkpoint covers: usually the first of the log in the order written
/// (a range), on a shared night reordered by the server any set.
pub(super) enum Covered {
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

/// The most events a part of the log is given room for before it is read (more are
/// read all the same, into lists that grow).
const MOST_ROOM: usize = 1 << 22;

/// The log, read in parts of this many seqs by whichever core is free first: small
/// enough that neither core waits long for the other at the end, large enough that
/// each part's query costs nothing beside its rows.
const LOG_PART: i64 = 16_384;

/// The parts of the log to read, handed out one at a time to the cores that read.
struct LogParts {
    first_seq: i64,
    last_seq: i64,
    next: std::sync::atomic::AtomicI64,
}

/// A part of the log as read, by its number.
type LogPart = (i64, rusqlite::Result<EventsAndSums>);

impl LogParts {
    /// The log from its first seq to its last as measured; the last part takes any
    /// written since.
    fn new(first_seq: i64, last_seq: i64) -> Self {
        LogParts {
            first_seq,
            last_seq,
            next: std::sync::atomic::AtomicI64::new(0),
        }
    }

    /// The seqs after and up to which part `k` reads; none past the end.
    fn bounds(&self, k: i64) -> Option<(i64, i64)> {
        let after = self
            .first_seq
            .saturating_sub(1)
            .saturating_add(k.saturating_mul(LOG_PART));
        if k > 0 && after >= self.last_seq {
            return None;
        }
        let up_to = after.saturating_add(LOG_PART);
        Some((
            after,
            if up_to >= self.last_seq {
                i64::MAX
            } else {
                up_to
            },
        ))
    }

    /// Reads parts until none is left, or one cannot be read (the other core goes on
    /// with the rest: the first part in error is said, as reading in order would).
    /// The first part has room for the whole log, so that the others join it
    /// without a copy of it; a part that follows the one this core read last is read
    /// onto the end of it, so that the parts one core reads in a row are not copied
    /// when they are joined either (on opening, one core reads most of the log alone
    /// while the other reads the snapshot and checkpoint, and the copy of the rest was
    /// 0.04 s of opening a national night, on one core).
    fn read(&self, conn: &Connection) -> Vec<LogPart> {
        let mut parts: Vec<LogPart> = Vec::new();
        let mut last_read = None;
        loop {
            let k = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((after, up_to)) = self.bounds(k) else {
                break;
            };
            if last_read == Some(k - 1)
                && let Some((_, Ok(read))) = parts.last_mut()
            {
                last_read = Some(k);
                if let Err(e) = read_events_and_sums_into(conn, after, up_to, read) {
                    if let Some(last) = parts.last_mut() {
                        last.1 = Err(e);
                    }
                    break;
                }
                continue;
            }
            last_read = Some(k);
            // A range of seqs holds at most that many events (a seq is never given
            // twice); bounded, so that a file whose seqs were altered to leap ahead
            // asks for no more than a night could hold.
            let to = if k == 0 {
                self.last_seq
            } else {
                up_to.min(self.last_seq)
            };
            let room = usize::try_from(to.saturating_sub(after))
                .unwrap_or(0)
                .min(MOST_ROOM);
            let part = read_events_and_sums(conn, after, up_to, room);
            let failed = part.is_err();
            parts.push((k, part));
            if failed {
                break;
            }
        }
        parts
    }

    /// The parts read by both cores, joined in order; the first in error stops.
    fn joined(&self, mut parts: Vec<LogPart>) -> rusqlite::Result<EventsAndSums> {
        parts.sort_unstable_by_key(|p| p.0);
        let mut parts = parts.into_iter().map(|(_, part)| part);
        let (mut events, mut sums) = parts.next().transpose()?.unwrap_or_default();
        for part in parts {
            let (more_events, more_sums) = part?;
            events.extend(more_events);
            sums.extend(more_sums);
        }
        Ok((events, sums))
    }
}

/// SQLite's check of the file's structure: a damaged file is refused before anything
/// is written to it.
pub(super) fn quick_check(conn: &Connection, path: &Path) -> Result<(), StoreError> {
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

/// A connection to the file; read-only for the commands that only read, which then
/// never write to it (a file on a read-only stick or folder reads all the same).
pub(super) fn connect_with(
    path: &Path,
    busy: Duration,
    read_only: bool,
) -> Result<Connection, StoreError> {
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
    // Up to 8 MB of pages in memory (SQLite's default is 2 MB): importing a big night
    // in one transaction writes at the end of each index (the ids are in time order),
    // so more pages held buy nothing; at 64 MB, creating a 200,000-division night took
    // the same time and 60 MB more memory, and opening one 40 MB more.
    conn.pragma_update(None, "cache_size", -8_192)
        .map_err(db_err)?;
    Ok(conn)
}

/// The file as an SQLite address that reads it as it stands on disk (`immutable`):
/// no lock taken, no index made beside it.
pub(super) fn as_it_stands(path: &Path) -> String {
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

pub(super) fn read_positions(
    conn: &Connection,
    after: i64,
) -> rusqlite::Result<Vec<(i64, String, i64)>> {
    let mut statement = conn.prepare_cached(
        "SELECT rowid, id, server_seq FROM positions WHERE rowid > ?1 ORDER BY rowid",
    )?;
    let rows = statement.query_map([after], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// An event that cannot be read, said as damage to the file (naming the event), not
/// as a database's conversion error.
pub(super) fn unreadable_event(path: &Path, e: &rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, inner) => StoreError::Damaged {
            file: path.display().to_string(),
            detail: inner.to_string(),
        },
        other => StoreError::database(path, other),
    }
}

/// Events as read, with each one's quick content checksum by seq.
pub(super) type EventsAndSums = (Vec<Event>, Vec<(i64, i64)>);

pub(super) fn read_events(conn: &Connection, after: i64) -> rusqlite::Result<EventsAndSums> {
    read_events_and_sums(conn, after, i64::MAX, 0)
}

/// The log's events after `after` and up to `up_to`, in the order written, and each
/// one's quick content checksum as the file holds it (`chain::Content::digest_and_sum`); the lists
/// made with room for `room` events.
pub(super) fn read_events_and_sums(
    conn: &Connection,
    after: i64,
    up_to: i64,
    room: usize,
) -> rusqlite::Result<EventsAndSums> {
    let mut read = (Vec::with_capacity(room), Vec::with_capacity(room));
    read_events_and_sums_into(conn, after, up_to, &mut read)?;
    Ok(read)
}

/// [`read_events_and_sums`] onto the end of events and sums already read.
fn read_events_and_sums_into(
    conn: &Connection,
    after: i64,
    up_to: i64,
    (events, sums): &mut EventsAndSums,
) -> rusqlite::Result<()> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {}, p.server_seq
         FROM events e LEFT JOIN positions p ON p.id = e.id WHERE e.seq > ?1 AND e.seq <= ?2 ORDER BY e.seq",
        chain::EVENT_COLUMNS
    ))?;
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every seq from the first to the last is in exactly one part, in order, and the
    /// last part takes whatever was written after the log was measured.
    #[test]
    fn the_parts_of_the_log_cover_it_once() {
        for (first, last) in [
            (0, 0),
            (1, 1),
            (1, LOG_PART),
            (1, LOG_PART + 1),
            (7, 3 * LOG_PART + 5),
            (LOG_PART * 2, LOG_PART * 2 + 3),
        ] {
            let log = LogParts::new(first, last);
            let mut k = 0;
            let mut covered_to = first - 1;
            while let Some((after, up_to)) = log.bounds(k) {
                assert_eq!(after, covered_to, "part {k} of {first}..{last}");
                covered_to = up_to;
                k += 1;
            }
            assert_eq!(covered_to, i64::MAX, "{first}..{last}");
            assert!(k >= 1 && k <= (last - first) / LOG_PART + 1, "{k} parts");
        }
    }

    /// Parts one core reads in a row are read onto one list: the log so read, joined,
    /// is the log read in one go (40,000 events, three parts).
    #[test]
    fn parts_read_in_a_row_are_the_log_read_whole() {
        use crate::generate::{GenerateOptions, generate};
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("night.tally");
        let (election, declarations) = generate(&GenerateOptions {
            divisions: 40_000,
            ..GenerateOptions::default()
        });
        let results = crate::formats::native::LoadedResults {
            election,
            declarations,
        };
        let identity = Identity {
            who: "Ann".into(),
            machine: "laptop".into(),
        };
        let (store, imported) =
            crate::store::import::create_from_results(&file, "night", results, None, identity)
                .unwrap();
        drop(store);
        let conn = crate::store::connect_to_read(&file).unwrap();
        let (first_seq, last_seq): (i64, i64) = conn
            .query_row("SELECT min(seq), max(seq) FROM events", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        let log = LogParts::new(first_seq, last_seq);
        let parts = log.read(&conn);
        assert_eq!(parts.len(), 1, "three parts read in a row are one list");
        let (events, sums) = log.joined(parts).unwrap();
        let (whole, whole_sums) = read_events_and_sums(&conn, 0, i64::MAX, 0).unwrap();
        assert_eq!(events.len(), imported);
        assert!(imported > 2 * LOG_PART as usize);
        let seqs = |events: &[Event]| events.iter().map(|e| e.seq).collect::<Vec<_>>();
        assert_eq!(seqs(&events), seqs(&whole));
        assert_eq!(sums, whole_sums);
    }

    /// Parts read by two cores join in the log's order, and of several in error, the
    /// first in the log is said, whichever core read it first.
    #[test]
    fn parts_join_in_order_and_the_first_in_error_is_said() {
        let part = |k: i64, seqs: &[i64]| -> LogPart {
            (
                k,
                Ok((Vec::new(), seqs.iter().map(|&s| (s, s * 10)).collect())),
            )
        };
        let failed = |k: i64, what: &str| -> LogPart {
            (k, Err(rusqlite::Error::InvalidParameterName(what.into())))
        };
        let log = LogParts::new(1, 6);
        let joined = log
            .joined(vec![part(2, &[5, 6]), part(0, &[1, 2]), part(1, &[3, 4])])
            .expect("every part read");
        assert_eq!(
            joined.1.iter().map(|s| s.0).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6]
        );
        let said = log
            .joined(vec![failed(3, "later"), part(0, &[1]), failed(1, "first")])
            .expect_err("a part in error");
        assert!(said.to_string().contains("first"), "{said}");
        assert!(log.joined(Vec::new()).expect("an empty log").1.is_empty());
    }
}
