//! A night's declarations made into a tally at once, on two cores: what applying them
//! one by one gives, to the figure, in half the time. Each division's outcome and
//! contribution need only that division, and every running figure is a sum of whole
//! numbers, so the two halves of the election are summed apart and then together.
//! A big results file's tally was a fifth of its summary, on one core.

use std::ops::Range;
use std::sync::Arc;

use super::*;

/// From this many declarations (a national night), they are applied at once; below
/// it, one by one, as ever (the thread would cost more than it saves).
pub(super) const AT_ONCE_FROM: usize = 10_000;

/// One core's share of the divisions: its sums, and each division's outcome and the
/// seats its declaration moved, in the election's order.
struct Half {
    sums: Tally,
    initial_seats: Vec<u64>,
    outcomes: Vec<Outcome>,
    /// By division of the half: the seats moved (none for a division not declared).
    seat_changes: Vec<Vec<(PartyIx, i64)>>,
    /// Declarations the engine cannot take, with why.
    refused: Vec<(DivisionIx, ApplyError)>,
}

impl Tally {
    /// `declared` by division, and the divisions in the order they were given (each
    /// once): the tally and timeline [`Tally::with_declarations`] would make, or the
    /// first declaration in that order that it would refuse.
    pub(super) fn at_once(
        election: Arc<Election>,
        declared: Vec<Option<Declaration>>,
        order: &[DivisionIx],
    ) -> Result<Self, (DivisionIx, ApplyError)> {
        let n = election.divisions.len();
        let (first, second) = std::thread::scope(|scope| {
            let later = scope.spawn(|| half(&election, &declared, n / 2..n));
            let first = half(&election, &declared, 0..n / 2);
            let second = later
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (first, second)
        });
        if !first.refused.is_empty() || !second.refused.is_empty() {
            let refused: Vec<(DivisionIx, ApplyError)> =
                first.refused.into_iter().chain(second.refused).collect();
            let first_given = order
                .iter()
                .find_map(|ix| refused.iter().find(|r| r.0 == *ix))
                .cloned();
            return Err(first_given.unwrap_or_else(|| refused[0].clone()));
        }
        let mut tally = first.sums;
        tally.absorb(&second.sums);
        tally.initial_seats = first
            .initial_seats
            .iter()
            .zip(&second.initial_seats)
            .map(|(a, b)| a + b)
            .collect();
        tally.outcomes = first.outcomes;
        tally.outcomes.extend(second.outcomes);
        let mut seat_changes = first.seat_changes;
        seat_changes.extend(second.seat_changes);
        tally.timeline = order
            .iter()
            .map(|&ix| TimelineEntry {
                division: ix,
                kind: ChangeKind::Declared,
                at: declared[ix.index()].as_ref().and_then(|d| d.declared_at),
                seat_changes: std::mem::take(&mut seat_changes[ix.index()]),
            })
            .collect();
        tally.declarations = declared;
        Ok(tally)
    }

    /// A tally of this election with every sum at nought, nothing in its lists.
    fn zero(election: Arc<Election>) -> Self {
        Tally {
            declarations: Vec::new(),
            outcomes: Vec::new(),
            parties: vec![PartyTotals::default(); election.parties.len()],
            totals: Totals::default(),
            councils: vec![CouncilTotals::new(election.parties.len()); election.councils.len()],
            initial_seats: Vec::new(),
            timeline: Vec::new(),
            election,
        }
    }

    /// Adds another tally's sums (of other divisions) to these.
    fn absorb(&mut self, other: &Tally) {
        for (mine, theirs) in self.parties.iter_mut().zip(&other.parties) {
            mine.add(theirs);
        }
        self.totals.add(&other.totals);
        for (mine, theirs) in self.councils.iter_mut().zip(&other.councils) {
            let CouncilTotals {
                divisions_declared,
                seats_filled,
                divisions_compared_seats,
                parties,
            } = theirs;
            mine.divisions_declared += divisions_declared;
            mine.seats_filled += seats_filled;
            mine.divisions_compared_seats += divisions_compared_seats;
            for (mine, theirs) in mine.parties.iter_mut().zip(parties) {
                mine.add(theirs);
            }
        }
    }
}

/// Each division of `range` as applying its declaration one by one would leave it:
/// its contribution before any declaration (the seats returned unopposed, and what
/// a declaration takes off), and after its own.
fn half(election: &Arc<Election>, declared: &[Option<Declaration>], range: Range<usize>) -> Half {
    let mut out = Half {
        sums: Tally::zero(election.clone()),
        initial_seats: vec![0; election.parties.len()],
        outcomes: Vec::with_capacity(range.len()),
        seat_changes: Vec::with_capacity(range.len()),
        refused: Vec::new(),
    };
    for i in range {
        let ix = DivisionIx(i as u32);
        let awaiting = decide(election.division(ix), None);
        let before = out.sums.contribution(ix, &awaiting, None);
        for (party, figures) in &before.parties {
            out.initial_seats[party.index()] += figures.seats;
        }
        let declaration = declared[i].as_ref();
        let decided = declaration.map(|d| out.sums.try_outcome(ix, Some(d)));
        let (outcome, contribution, moved) = match decided {
            None => (awaiting, before, Vec::new()),
            Some(Err(e)) => {
                out.refused.push((ix, e));
                (awaiting, before, Vec::new())
            }
            Some(Ok(outcome)) => {
                let after = out.sums.contribution(ix, &outcome, declaration);
                let moved = seat_changes(&before, &after);
                (outcome, after, moved)
            }
        };
        out.sums.add(&contribution);
        out.outcomes.push(outcome);
        out.seat_changes.push(moved);
    }
    out
}
