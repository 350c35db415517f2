//! A night's declarations made into a tally at once, on two cores: what applying them
//! one by one gives, to the figure, in half the time. Each division's outcome and
//! contribution need only that division, and every running figure is a sum of whole
//! numbers, so the two halves of the election are summed apart and then together.
//! A big results file's tally was a fifth of its summary, on one core.

use std::sync::Arc;

use super::*;

/// From this many declarations (a national night), they are applied at once; below
/// it, one by one, as ever (the thread would cost more than it saves).
pub(super) const AT_ONCE_FROM: usize = 10_000;

/// One core's share of the divisions: its sums, and each division's outcome and the
/// seats its declaration moved, in lists of its own (the second half's outcomes are
/// put after the first's).
struct Half {
    sums: Tally,
    initial_seats: Vec<u64>,
    /// Declarations the engine cannot take, with why.
    refused: Vec<(DivisionIx, ApplyError)>,
    /// Each of its divisions' outcome, and the seats its declaration moved (none for
    /// one not declared), in the divisions' order.
    outcomes: Vec<Outcome>,
    moved: Vec<Vec<(PartyIx, i64)>>,
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
        // Each half's lists are made on its own core (made on one beforehand, the
        // whole night's took a twentieth of a big file's summary, the other core
        // idle); the first half's outcomes have room for the second's.
        let (mut first, second) = std::thread::scope(|scope| {
            let later = scope.spawn(|| half(&election, &declared, n / 2..n, 0));
            let first = half(&election, &declared, 0..n / 2, n);
            let second = later
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (first, second)
        });
        if !first.refused.is_empty() || !second.refused.is_empty() {
            let refused: Vec<(DivisionIx, ApplyError)> =
                first.refused.into_iter().chain(second.refused).collect();
            // Marked by division, so that many refused cost no more than one.
            let mut is_refused = vec![false; n];
            for (ix, _) in &refused {
                is_refused[ix.index()] = true;
            }
            let first_given = order
                .iter()
                .find(|ix| is_refused[ix.index()])
                .and_then(|ix| refused.iter().find(|r| r.0 == *ix))
                .cloned();
            return Err(first_given.unwrap_or_else(|| refused[0].clone()));
        }
        // The timeline is made on one core while the other puts the halves' outcomes
        // together (one after the other, the two were a big file's tally's last
        // 30 ms, the other core idle); each division's moved seats are taken from its
        // own half's list, not from the two put together first.
        let half_way = n / 2;
        let first_moved = std::mem::take(&mut first.moved);
        let (timeline, outcomes) = std::thread::scope(|scope| {
            let timeline = scope.spawn(|| {
                let (mut first_moved, mut second_moved) = (first_moved, second.moved);
                order
                    .iter()
                    .map(|&ix| {
                        let i = ix.index();
                        let moved = if i < half_way {
                            &mut first_moved[i]
                        } else {
                            &mut second_moved[i - half_way]
                        };
                        TimelineEntry {
                            division: ix,
                            kind: ChangeKind::Declared,
                            at: declared[i].as_ref().and_then(|d| d.declared_at),
                            seat_changes: std::mem::take(moved),
                        }
                    })
                    .collect::<Vec<_>>()
            });
            let mut outcomes = std::mem::take(&mut first.outcomes);
            outcomes.extend(second.outcomes);
            let timeline = timeline
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (timeline, outcomes)
        });
        let mut tally = first.sums;
        tally.absorb(&second.sums);
        tally.initial_seats = first
            .initial_seats
            .iter()
            .zip(&second.initial_seats)
            .map(|(a, b)| a + b)
            .collect();
        tally.outcomes = outcomes;
        tally.timeline = timeline;
        tally.declarations = declared;
        Ok(tally)
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

/// The divisions of `range` as applying their declarations one by one would leave
/// them: each one's contribution before any declaration (the seats returned
/// unopposed, and what a declaration takes off), and after its own. `room`: how many
/// divisions its outcomes make room for (at least the range's).
fn half(
    election: &Arc<Election>,
    declared: &[Option<Declaration>],
    range: std::ops::Range<usize>,
    room: usize,
) -> Half {
    let room = room.max(range.len());
    let mut out = Half {
        sums: Tally::zero(election.clone()),
        initial_seats: vec![0; election.parties.len()],
        refused: Vec::new(),
        outcomes: Vec::with_capacity(room),
        moved: Vec::with_capacity(range.len()),
    };
    for i in range {
        let ix = DivisionIx(i as u32);
        let awaiting = decide(election.division(ix), None);
        let declaration = declared.get(i).and_then(Option::as_ref);
        let decided = declaration.map(|d| out.sums.try_outcome(ix, Some(d)));
        // Before its declaration a contested division elects no one: what it then
        // contributes is needed only where it stays undeclared (a declared one's
        // seats all move from no one).
        let before = if matches!(decided, Some(Ok(_))) && awaiting.elected.is_empty() {
            Contribution::none(election.division(ix).council)
        } else {
            let before = out.sums.contribution(ix, &awaiting, None);
            for (party, figures) in &before.parties {
                out.initial_seats[party.index()] += figures.seats;
            }
            before
        };
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
        out.moved.push(moved);
    }
    out
}
