//! The summary as JSON with its division rows made as they are written: a national
//! night's 200,000 rows held at once were a third of a big summary's memory. Compact,
//! the rows' JSON is made on two cores, a batch of rows at a time into one buffer, and
//! the writer only copies it out (writing 100 MB of rows one at a time was most of
//! opening a big night; one small buffer per row was a fifth of the rest). Whichever
//! core is free makes the next batch ([`in_order`]), the first ones while the rest of
//! the summary is worked out. Compact, each row is written straight from the tally
//! ([`row`]); indented, it is made as a [`DivisionRow`] and serde writes it. The
//! command line's tests hold the two to the same bytes on real nights too.

use std::io::{self, Write};

use serde::ser::{SerializeSeq, SerializeStruct, Serializer};

use super::*;

mod in_order;
mod row;

use in_order::InOrder;

/// Rows made per batch: enough that handing a batch over costs nothing beside making
/// it, few enough that the batches made ahead of the writer are a few megabytes each
/// (with room for twice that).
const BATCH: usize = 4096;

/// Bytes of room made for each row of a batch at once.
const ROW_ROOM: usize = 1024;

/// The JSON of [`summarise`]'s summary, the same to the byte, from
/// [`summarise_but_divisions`]'s summary and the tally it was made from.
pub struct SummaryJson<'a> {
    /// The summary, its `divisions` left empty (they are made from the tally).
    pub summary: &'a Summary,
    pub tally: &'a Tally,
    /// Divisions whose declarations conflict, by index (see [`mark_conflicts`]).
    pub conflicts: &'a [(DivisionIx, ConflictReport)],
}

impl Serialize for SummaryJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rows = RowsAsMade {
            tally: self.tally,
            conflicts: self.conflicts,
        };
        self.serialize_with_rows(serializer, &rows)
    }
}

/// The summary with `null` where its rows go, for [`SummaryJson::write_compact`] to
/// put them in.
struct RowsLeftOut<'a>(&'a SummaryJson<'a>);

impl Serialize for RowsLeftOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_with_rows(serializer, &())
    }
}

/// A buffer's text as it goes out: the command line makes hidden characters visible.
pub type Finish<'f> = &'f (dyn Fn(Vec<u8>) -> Vec<u8> + Sync);

impl SummaryJson<'_> {
    /// The summary's compact JSON (the bytes `serde_json::to_writer` gives) written to
    /// `out`: the summary first made with its rows left out, the rows' JSON then put in
    /// their place as it is made, on two cores. Each piece of text passes through
    /// `finish` before it is written, a batch of rows on the core that made it.
    pub fn write_compact<W: Write>(&self, out: &mut W, finish: Finish) -> io::Result<()> {
        self.rows()
            .write_between(out, finish, || self.around_rows(finish))
    }

    /// The summary's compact JSON, as [`SummaryJson::write_compact`] writes it, with
    /// the summary made by `summary` while the first batches of rows are made on the
    /// other core.
    pub fn write_compact_made_meanwhile<W: Write>(
        tally: &Tally,
        conflicts: &[(DivisionIx, ConflictReport)],
        summary: impl FnOnce() -> Summary,
        out: &mut W,
        finish: Finish,
    ) -> io::Result<()> {
        let rows = RowsAsMade { tally, conflicts };
        rows.write_between(out, finish, || {
            let summary = summary();
            SummaryJson {
                summary: &summary,
                tally,
                conflicts,
            }
            .around_rows(finish)
        })
    }

    fn rows(&self) -> RowsAsMade<'_> {
        RowsAsMade {
            tally: self.tally,
            conflicts: self.conflicts,
        }
    }

    /// The summary's JSON before its rows (to the `[` that opens them) and after them
    /// (from the `]` that closes them), each passed through `finish`.
    fn around_rows(&self, finish: Finish) -> io::Result<(Vec<u8>, Vec<u8>)> {
        const KEY: &[u8] = b"\"divisions\":";
        const LEFT_OUT: &[u8] = b"\"divisions\":null";
        let whole = serde_json::to_vec(&RowsLeftOut(self))?;
        // The first such key is the summary's own: every field before it is a count,
        // a name (whose quotes are escaped), the control or the parties.
        let Some(at) = whole.windows(LEFT_OUT.len()).position(|w| w == LEFT_OUT) else {
            return Err(io::Error::other("the summary's rows have no place in it"));
        };
        let (head, tail) = whole.split_at(at + KEY.len());
        let mut before = head.to_vec();
        before.push(b'[');
        let mut after = b"]".to_vec();
        after.extend_from_slice(&tail[b"null".len()..]);
        Ok((finish(before), finish(after)))
    }

    // The fields of `Summary` in its order, with its own rules for leaving one out:
    // the test below holds the two to the same bytes.
    fn serialize_with_rows<S: Serializer, R: Serialize>(
        &self,
        serializer: S,
        rows: &R,
    ) -> Result<S::Ok, S::Error> {
        let s = self.summary;
        let mut out = serializer.serialize_struct("Summary", 20)?;
        out.serialize_field("election", &s.election)?;
        match &s.fingerprint {
            Some(f) => out.serialize_field("fingerprint", f)?,
            None => out.skip_field("fingerprint")?,
        }
        out.serialize_field("seats_total", &s.seats_total)?;
        out.serialize_field("majority_needed", &s.majority_needed)?;
        out.serialize_field("divisions_total", &s.divisions_total)?;
        out.serialize_field("divisions_declared", &s.divisions_declared)?;
        out.serialize_field("divisions_tied", &s.divisions_tied)?;
        out.serialize_field("divisions_conflicting", &s.divisions_conflicting)?;
        out.serialize_field("seats_declared", &s.seats_declared)?;
        out.serialize_field("control", &s.control)?;
        out.serialize_field("share_method", &s.share_method)?;
        out.serialize_field("parties", &s.parties)?;
        out.serialize_field("divisions", rows)?;
        out.serialize_field("areas", &s.areas)?;
        out.serialize_field("baseline", &s.baseline)?;
        out.serialize_field("grouped", &s.grouped)?;
        if s.councils.is_empty() {
            out.skip_field("councils")?;
        } else {
            out.serialize_field("councils", &s.councils)?;
        }
        match &s.night {
            Some(n) => out.serialize_field("night", n)?,
            None => out.skip_field("night")?,
        }
        match &s.incumbents {
            Some(i) => out.serialize_field("incumbents", i)?,
            None => out.skip_field("incumbents")?,
        }
        match &s.projection {
            Some(p) => out.serialize_field("projection", p)?,
            None => out.skip_field("projection")?,
        }
        out.end()
    }
}

/// Every division's row in the election's order, each made as it is written.
struct RowsAsMade<'a> {
    tally: &'a Tally,
    conflicts: &'a [(DivisionIx, ConflictReport)],
}

/// Each conflicting division's report, by division.
type Conflicts<'a> = std::collections::HashMap<DivisionIx, &'a ConflictReport>;

impl RowsAsMade<'_> {
    fn conflicts_by_division(&self) -> Conflicts<'_> {
        self.conflicts.iter().map(|(ix, c)| (*ix, c)).collect()
    }

    fn row(&self, ix: DivisionIx, conflicts: &Conflicts) -> DivisionRow {
        let mut row = division_row(self.tally, ix);
        row.conflict = conflicts.get(&ix).map(|&c| c.clone());
        row
    }

    /// A batch's rows as compact JSON, a comma between each, into `text` (a buffer of
    /// a batch before, so that its room is used again), passed through `finish`.
    fn batch_json(
        &self,
        ixs: &[DivisionIx],
        conflicts: &Conflicts,
        mut text: Vec<u8>,
        finish: Finish,
    ) -> io::Result<Vec<u8>> {
        text.clear();
        // Room for rows of a kilobyte at once (a division's row is about half that): a
        // new buffer grown by doubling copied itself a dozen times over, and up to a
        // dozen are new while the writer works out the rest of the summary. Room never
        // written to takes no memory on Linux and macOS (pages are given as they are
        // written); on Windows it counts as promised, not as used.
        text.reserve(ixs.len() * ROW_ROOM);
        for (k, &ix) in ixs.iter().enumerate() {
            if k > 0 {
                text.push(b',');
            }
            row::write_row(&mut text, self.tally, ix, conflicts.get(&ix).copied())?;
        }
        Ok(finish(text))
    }

    /// Writes `around`'s text before the rows, the rows' compact JSON (a comma between
    /// each), and its text after them. The rows are made in batches by a helper thread
    /// and this one, whichever is free, from the moment this is called: `around` (the
    /// rest of a summary, worked out here) and the first batches are made at once.
    fn write_between<W: Write>(
        &self,
        out: &mut W,
        finish: Finish,
        around: impl FnOnce() -> io::Result<(Vec<u8>, Vec<u8>)>,
    ) -> io::Result<()> {
        let all: Vec<DivisionIx> = self.tally.election().division_ixs().collect();
        let conflicts = self.conflicts_by_division();
        if all.len() <= BATCH {
            let (before, after) = around()?;
            out.write_all(&before)?;
            out.write_all(&self.batch_json(&all, &conflicts, Vec::new(), finish)?)?;
            return out.write_all(&after);
        }
        let batches: Vec<&[DivisionIx]> = all.chunks(BATCH).collect();
        let make = |k: usize, text: Vec<u8>| self.batch_json(batches[k], &conflicts, text, finish);
        let in_order = InOrder::new(batches.len());
        std::thread::scope(|scope| {
            let helper = scope.spawn(|| in_order.help(&make));
            // Finished, failed (a closed pipe) or unwinding from a panic here, the
            // helper stops at its next look: the scope waits for it.
            let stopping = in_order.stop_when_dropped();
            let written = (|| {
                let (before, after) = around()?;
                out.write_all(&before)?;
                for k in 0..batches.len() {
                    if k > 0 {
                        out.write_all(b",")?;
                    }
                    let text = in_order.take(k, &make)?;
                    out.write_all(&text)?;
                    in_order.written(text);
                }
                out.write_all(&after)
            })();
            drop(stopping);
            let helped = helper
                .join()
                .map_err(|_| io::Error::other("making the division rows failed"));
            // A helper that failed is the cause of a batch not made.
            helped.and(written)
        })
    }
}

/// Indented, the rows are made and written one at a time, on this thread: a person
/// reads it, and a program is given it compact.
impl Serialize for RowsAsMade<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let conflicts = self.conflicts_by_division();
        let election = self.tally.election();
        let mut seq = serializer.serialize_seq(Some(election.divisions.len()))?;
        for ix in election.division_ixs() {
            seq.serialize_element(&self.row(ix, &conflicts))?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GenerateOptions, SeatPattern, generate};
    use crate::report::EnteredFigures;

    fn conflict(votes: Vec<u64>) -> ConflictReport {
        let figures = |who: &str| EnteredFigures {
            who: who.into(),
            machine: "laptop".into(),
            at: "2025-05-02T02:00:00Z".into(),
            votes: votes.clone(),
            ballots_issued: Some(1000),
            rejected: None,
        };
        ConflictReport {
            counted: figures("Ann"),
            also_entered: vec![figures("Bob")],
            to_settle: "tallyroom correct".into(),
        }
    }

    /// The JSON made row by row is the summary's own, byte for byte, in batches and
    /// not, half declared, with conflicts marked: a field added to `Summary` and not
    /// to the writer fails here.
    #[test]
    fn rows_made_as_written_give_the_summarys_own_json() {
        for divisions in [40, BATCH * 2 + 17] {
            let (election, declarations) = generate(&GenerateOptions {
                divisions,
                seats: SeatPattern::Mixed,
                declared: 0.5,
                ..GenerateOptions::default()
            });
            let tally = Tally::with_declarations(
                std::sync::Arc::new(election),
                declarations
                    .into_iter()
                    .enumerate()
                    .filter_map(|(i, d)| d.map(|d| (DivisionIx(i as u32), d))),
            )
            .expect("a generated night applies");
            let conflicts = vec![
                (DivisionIx(3), conflict(vec![1, 2, 3])),
                (DivisionIx(divisions as u32 - 1), conflict(vec![4, 5])),
            ];
            assert_written_as_serde_writes(&tally, &conflicts);
        }
    }

    /// The compact JSON written in batches, with and without the summary made
    /// meanwhile, and the indented JSON, are serde's JSON of the whole summary.
    fn assert_written_as_serde_writes(tally: &Tally, conflicts: &[(DivisionIx, ConflictReport)]) {
        let conflicts = conflicts.to_vec();
        let options = SummaryOptions::default();
        let mut whole = summarise(tally, &options);
        mark_conflicts(&mut whole, conflicts.clone());
        let mut lean = summarise_but_divisions(tally, &options);
        lean.divisions_conflicting = conflicts.len() as u64;
        let streamed = SummaryJson {
            summary: &lean,
            tally,
            conflicts: &conflicts,
        };
        let expected = serde_json::to_string(&whole).expect("json");
        assert_eq!(serde_json::to_string(&streamed).expect("json"), expected);
        let mut written = Vec::new();
        streamed
            .write_compact(&mut written, &|text| text)
            .expect("written");
        assert_eq!(String::from_utf8(written).expect("text"), expected);
        // The same with the summary made while the first rows are.
        let mut written = Vec::new();
        SummaryJson::write_compact_made_meanwhile(
            tally,
            &conflicts,
            || {
                let mut lean = summarise_but_divisions(tally, &options);
                lean.divisions_conflicting = conflicts.len() as u64;
                lean
            },
            &mut written,
            &|text| text,
        )
        .expect("written");
        assert_eq!(String::from_utf8(written).expect("text"), expected);
        let expected = serde_json::to_string_pretty(&whole).expect("json");
        assert_eq!(
            serde_json::to_string_pretty(&streamed).expect("json"),
            expected
        );
    }
}
