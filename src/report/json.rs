//! The summary as JSON with its division rows made as they are written: a national
//! night's 200,000 rows held at once were a third of a big summary's memory. Compact,
//! each row's JSON is made too on two cores by turns, and the writer only copies it
//! out (writing 100 MB of rows one at a time was most of opening a big night).

use serde::ser::{Error as _, SerializeSeq, SerializeStruct, Serializer};
use serde_json::value::RawValue;

use super::*;

/// Rows made per batch: enough that handing a batch over costs nothing beside making
/// it, few enough that two batches are a few megabytes.
const BATCH: usize = 4096;

/// The JSON of [`summarise`]'s summary, the same to the byte, from
/// [`summarise_but_divisions`]'s summary and the tally it was made from.
pub struct SummaryJson<'a> {
    /// The summary, its `divisions` left empty (they are made from the tally).
    pub summary: &'a Summary,
    pub tally: &'a Tally,
    /// Divisions whose declarations conflict, by index (see [`mark_conflicts`]).
    pub conflicts: &'a [(DivisionIx, ConflictReport)],
    /// Each row's JSON made before it is written, on two cores: for compact output
    /// only, as a row made beforehand is written as it is, unindented.
    pub compact: bool,
}

impl Serialize for SummaryJson<'_> {
    // The fields of `Summary` in its order, with its own rules for leaving one out:
    // the test below holds the two to the same bytes.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
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
        out.serialize_field(
            "divisions",
            &RowsAsMade {
                tally: self.tally,
                conflicts: self.conflicts,
                compact: self.compact,
            },
        )?;
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

/// Every division's row in the election's order, made in batches by turns on this
/// thread and a second one (the second's at most two batches ahead).
struct RowsAsMade<'a> {
    tally: &'a Tally,
    conflicts: &'a [(DivisionIx, ConflictReport)],
    compact: bool,
}

/// Each conflicting division's report, by division.
type Conflicts<'a> = std::collections::HashMap<DivisionIx, &'a ConflictReport>;

/// A batch of rows ready to write: as rows, or as each row's compact JSON.
enum Batch {
    Rows(Vec<DivisionRow>),
    Json(Vec<Box<RawValue>>),
}

impl RowsAsMade<'_> {
    fn batch(&self, ixs: &[DivisionIx], conflicts: &Conflicts) -> Result<Batch, serde_json::Error> {
        let rows = ixs.iter().map(|&ix| {
            let mut row = division_row(self.tally, ix);
            row.conflict = conflicts.get(&ix).map(|&c| c.clone());
            row
        });
        Ok(if self.compact {
            Batch::Json(
                rows.map(|row| serde_json::value::to_raw_value(&row))
                    .collect::<Result<_, _>>()?,
            )
        } else {
            Batch::Rows(rows.collect())
        })
    }
}

fn write_batch<S: SerializeSeq>(seq: &mut S, batch: Batch) -> Result<(), S::Error> {
    match batch {
        Batch::Rows(rows) => rows.iter().try_for_each(|row| seq.serialize_element(row)),
        Batch::Json(rows) => rows.iter().try_for_each(|row| seq.serialize_element(row)),
    }
}

impl Serialize for RowsAsMade<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let all: Vec<DivisionIx> = self.tally.election().division_ixs().collect();
        let conflicts: Conflicts = self.conflicts.iter().map(|(ix, c)| (*ix, c)).collect();
        let conflicts = &conflicts;
        let made = |ixs: &[DivisionIx]| self.batch(ixs, conflicts).map_err(S::Error::custom);
        let mut seq = serializer.serialize_seq(Some(all.len()))?;
        if all.len() <= BATCH {
            write_batch(&mut seq, made(&all)?)?;
            return seq.end();
        }
        let batches: Vec<&[DivisionIx]> = all.chunks(BATCH).collect();
        std::thread::scope(|scope| {
            // The second thread makes the odd batches, this one the even. When writing
            // stops (a closed pipe), the receiver is dropped as this closure returns
            // and the maker stops at its next batch.
            let (made_there, to_write) = std::sync::mpsc::sync_channel(2);
            let odd = batches.iter().skip(1).step_by(2);
            let maker = scope.spawn(move || {
                for ixs in odd {
                    if made_there.send(self.batch(ixs, conflicts)).is_err() {
                        break;
                    }
                }
            });
            for (k, ixs) in batches.iter().enumerate() {
                let batch = if k % 2 == 0 {
                    made(ixs)?
                } else {
                    match to_write.recv() {
                        Ok(batch) => batch.map_err(S::Error::custom)?,
                        Err(_) => break,
                    }
                };
                write_batch(&mut seq, batch)?;
            }
            drop(to_write);
            if maker.join().is_err() {
                return Err(S::Error::custom("making the division rows failed"));
            }
            seq.end()
        })
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
            let options = SummaryOptions::default();
            let mut whole = summarise(&tally, &options);
            mark_conflicts(&mut whole, conflicts.clone());
            let mut lean = summarise_but_divisions(&tally, &options);
            lean.divisions_conflicting = conflicts.len() as u64;
            let streamed = |compact| SummaryJson {
                summary: &lean,
                tally: &tally,
                conflicts: &conflicts,
                compact,
            };
            let expected = serde_json::to_string(&whole).expect("json");
            for compact in [false, true] {
                assert_eq!(
                    serde_json::to_string(&streamed(compact)).expect("json"),
                    expected
                );
            }
            let expected = serde_json::to_string_pretty(&whole).expect("json");
            assert_eq!(
                serde_json::to_string_pretty(&streamed(false)).expect("json"),
                expected
            );
        }
    }
}
