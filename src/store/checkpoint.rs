//! The night as the log had made it after its first events, kept in the file so that
//! opening a big night does not apply every event again (at 200,000 declarations that
//! was most of the time of opening it). The log stays the record: a checkpoint is used
//! only when it was written by this build, is undamaged, and the log's first events in
//! the night's order are still the ones it was made from (their count, ids and server
//! positions; an event's content cannot change, as the log refuses updates). Anything
//! else and the night is made from the log alone, and a new checkpoint written.

use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, params};

use crate::model::Election;
use crate::store::events::Event;
use crate::store::night::Night;
use crate::store::snapshot::{self, checksum, checksum_in_pieces};

/// A checkpoint as read back: the night after the log's first `events` events.
pub(crate) struct Checkpoint {
    pub events: usize,
    digest: i64,
    pub night: Night,
    pub problems: Vec<String>,
}

impl Checkpoint {
    /// Whether the log (in the night's order) still begins with the events it was made
    /// from, each with the content it had then (`sums`: each event's quick content
    /// checksum as the file holds it now, by seq).
    pub fn agrees_with(&self, events: &[Event], sums: &Sums) -> bool {
        self.events <= events.len() && digest(&events[..self.events], sums) == self.digest
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    night: Night,
    problems: Vec<String>,
}

/// Each event's quick content checksum, by seq (`chain::Content::digest_and_sum`).
pub(crate) type Sums = crate::store::BySeq<i64>;

/// The order, identity and content of a run of events: ids, server positions and
/// content checksums, in order. An event whose content changed since (another
/// program wrote to the file) no longer agrees: the night is made from the log as it
/// is, and the record is checked from each event's content.
fn digest(events: &[Event], sums: &Sums) -> i64 {
    let mut bytes = Vec::with_capacity(events.len() * 56);
    for event in events {
        bytes.extend_from_slice(event.id.as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(&event.server_seq.unwrap_or(-1).to_le_bytes());
        bytes.extend_from_slice(&sums.get(&event.seq).copied().unwrap_or(0).to_le_bytes());
    }
    checksum(&bytes)
}

/// The file's checkpoint, when it was written by this build, is whole, and fits the
/// set-up. Whether it agrees with the log is the caller's to ask.
pub(crate) fn read(conn: &Connection, setup: &Arc<Election>) -> Option<Checkpoint> {
    let row: Option<(String, i64, i64, i64, Vec<u8>)> = conn
        .query_row(
            "SELECT build, events, digest, checksum, data FROM checkpoint WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()
        .ok()
        .flatten();
    let (build, events, digest, sum, data) = row?;
    if build != snapshot::build() || sum != checksum(&data) {
        return None;
    }
    let saved: Saved = postcard::from_bytes(&data).ok()?;
    let mut night = saved.night;
    night.tally = night.tally.on_election(setup.clone())?;
    let divisions = setup.divisions.len();
    let fits = [
        night.first_entries.len(),
        night.corrected.len(),
        night.last_event.len(),
        night.last_id.len(),
        night.rivals.len(),
    ]
    .iter()
    .all(|&n| n == divisions);
    fits.then_some(Checkpoint {
        events: usize::try_from(events).ok()?,
        digest,
        night,
        problems: saved.problems,
    })
}

/// Keeps the night made by `events` (the log's first, in the night's order) as the
/// file's checkpoint. Nothing is kept for a night whose set-up an event changed (its
/// election is not the file's set-up): such a night is made from the log.
pub(crate) fn write(
    conn: &Connection,
    setup: &Arc<Election>,
    events: &[Event],
    sums: &Sums,
    night: &Night,
    problems: &[String],
) -> rusqlite::Result<()> {
    if !Arc::ptr_eq(night.election(), setup) {
        conn.execute("DELETE FROM checkpoint", [])?;
        return Ok(());
    }
    let saved = SavedRef { night, problems };
    let Pieces(pieces) = postcard::to_io(&saved, Pieces::default())
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    let size: usize = pieces.iter().map(Vec::len).sum();
    let sum = checksum_in_pieces(&pieces.iter().map(Vec::as_slice).collect::<Vec<_>>());
    // The row and its data together or not at all (a savepoint nests in a transaction
    // the caller may have open).
    conn.execute_batch("SAVEPOINT checkpoint")?;
    let written = (|| {
        conn.execute(
            "INSERT OR REPLACE INTO checkpoint (id, build, events, digest, checksum, data) VALUES (1, ?1, ?2, ?3, ?4, zeroblob(?5))",
            params![snapshot::build(), events.len() as i64, digest(events, sums), sum, size as i64],
        )?;
        let mut blob = conn.blob_open(rusqlite::MAIN_DB, "checkpoint", "data", 1, false)?;
        let mut at = 0;
        for piece in pieces {
            blob.write_all_at(&piece, at)?;
            at += piece.len();
        }
        Ok(())
    })();
    match written {
        Ok(()) => conn.execute_batch("RELEASE checkpoint"),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK TO checkpoint; RELEASE checkpoint");
            Err(e)
        }
    }
}

/// The checkpoint's bytes as they are made, in pieces of a megabyte, each freed once
/// written. Made as one list, grown by doubling, a big night's 30 MB were held up to
/// half as much again while copied over, then copied whole again by SQLite to be
/// written, at the peak of creating its file.
#[derive(Default)]
struct Pieces(Vec<Vec<u8>>);

impl Pieces {
    const SIZE: usize = 1 << 20;
}

impl std::io::Write for Pieces {
    fn write(&mut self, mut bytes: &[u8]) -> std::io::Result<usize> {
        let given = bytes.len();
        while !bytes.is_empty() {
            match self.0.last_mut() {
                Some(piece) if piece.len() < Self::SIZE => {
                    let take = (Self::SIZE - piece.len()).min(bytes.len());
                    piece.extend_from_slice(&bytes[..take]);
                    bytes = &bytes[take..];
                }
                _ => self.0.push(Vec::with_capacity(Self::SIZE)),
            }
        }
        Ok(given)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// [`Saved`] by reference, to write without copying the night.
#[derive(serde::Serialize)]
struct SavedRef<'a> {
    night: &'a Night,
    problems: &'a [String],
}

/// A checksum of a sample night as this build keeps it: a one- and a two-member
/// division, a declaration, a correction, a tie and its lots, and a withdrawal,
/// written as a checkpoint is. The same in every run of one build.
pub(crate) fn sample_fingerprint() -> i64 {
    use crate::model::{CandidateSetup, Declaration, DivisionIx, DivisionSetup, ElectionBuilder};
    use crate::store::events::{Change, Figures};

    let mut builder = ElectionBuilder::new("sample");
    for (name, seats, parties) in [
        ("North", 1, ["Labour", "Conservative", "Green Party"]),
        ("South", 2, ["Labour", "Labour", "Reform UK"]),
    ] {
        let candidates = parties
            .iter()
            .enumerate()
            .map(|(i, party)| CandidateSetup::new(format!("Candidate {i}"), *party))
            .collect();
        // A sample that cannot be built gives a fingerprint all the same.
        let _ = builder.add_division(DivisionSetup {
            name: name.to_string(),
            seats,
            electorate: Some(1000),
            candidates,
            ..DivisionSetup::default()
        });
    }
    let election = Arc::new(builder.build());
    let mut night = Night::new(election.clone());
    let changes = [
        (
            0,
            Change::Declared(Figures::from_declaration(&Declaration {
                votes: vec![300, 200, 100],
                ..Declaration::default()
            })),
        ),
        (
            0,
            Change::Corrected(Figures::from_declaration(&Declaration {
                votes: vec![300, 250, 100],
                ..Declaration::default()
            })),
        ),
        (
            1,
            Change::Declared(Figures::from_declaration(&Declaration {
                votes: vec![400, 200, 200],
                ..Declaration::default()
            })),
        ),
        // Every kind of change the timeline records, so that a build that records
        // them otherwise makes another fingerprint.
        (1, Change::LotsDrawn { winners: vec![2] }),
        (0, Change::Withdrawn),
    ];
    let mut problems = Vec::new();
    for (seq, (division, change)) in changes.into_iter().enumerate() {
        let event = Event {
            seq: seq as i64 + 1,
            id: format!("{seq}"),
            at: jiff::Timestamp::UNIX_EPOCH,
            machine: String::new(),
            who: String::new(),
            division: Some(DivisionIx(division)),
            change,
            reason: None,
            base: None,
            server_seq: None,
        };
        if let Err(problem) = night.apply(&event) {
            problems.push(problem.to_string());
        }
    }
    // The election's lists only: its maps are written in an order that differs from one
    // run to the next.
    let lists = (
        &election.divisions,
        &election.candidates,
        &election.councils,
    );
    let mut bytes = postcard::to_allocvec(&lists).unwrap_or_default();
    let saved = SavedRef {
        night: &night,
        problems: &problems,
    };
    bytes.extend(postcard::to_allocvec(&saved).unwrap_or_default());
    checksum(&bytes)
}
