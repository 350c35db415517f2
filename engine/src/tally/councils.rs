//! Each council's own figures on a night of several councils: its seats by party,
//! what each party can still win there, and control of that council alone. Kept as
//! running sums like the night's totals, so a declaration costs the same at any size.

use crate::model::OTHERS;
use crate::model::{CouncilIx, Election, PartyIx};
use crate::tally::{ControlState, Tally};

/// One party's figures on one council.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CouncilParty {
    pub seats: u64,
    /// Seats won plus seats it could still win tonight on this council.
    pub possible: u64,
    pub votes: u64,
    /// Seats now in this council's declared divisions that have a baseline result, and
    /// the party's seats there then (as the night's seat change counts them).
    pub compared_seats: u64,
    pub baseline_seats: u64,
}

impl CouncilParty {
    pub(crate) fn add(&mut self, other: &CouncilParty) {
        self.seats += other.seats;
        self.possible += other.possible;
        self.votes += other.votes;
        self.compared_seats += other.compared_seats;
        self.baseline_seats += other.baseline_seats;
    }

    pub(crate) fn subtract(&mut self, other: &CouncilParty) {
        self.seats -= other.seats;
        self.possible -= other.possible;
        self.votes -= other.votes;
        self.compared_seats -= other.compared_seats;
        self.baseline_seats -= other.baseline_seats;
    }

    /// Seats now less seats then, over this council's declared divisions that have a
    /// baseline result: the council's seat change.
    pub fn seats_change(&self) -> i64 {
        self.compared_seats as i64 - self.baseline_seats as i64
    }
}

/// A council's running figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CouncilTotals {
    pub divisions_declared: u64,
    pub seats_filled: u64,
    /// Declared divisions compared with the baseline for seats: without any, the
    /// council has no seat change to give.
    pub divisions_compared_seats: u64,
    /// By party index.
    pub(crate) parties: Vec<CouncilParty>,
}

impl CouncilTotals {
    pub(crate) fn new(parties: usize) -> Self {
        CouncilTotals {
            parties: vec![CouncilParty::default(); parties],
            ..CouncilTotals::default()
        }
    }

    pub fn party(&self, party: PartyIx) -> CouncilParty {
        self.parties.get(party.index()).copied().unwrap_or_default()
    }
}

/// Who controls one council, or why it cannot be said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CouncilControl {
    pub council: CouncilIx,
    /// Seats needed for control of the whole council; none when it cannot be told.
    pub needed: Option<u64>,
    /// None when tonight elects only part of the council and the councillors not up
    /// for election are not known: tonight's seats alone do not decide control.
    pub state: Option<ControlState>,
    pub seats_undeclared: u64,
    /// Where the councillors not up for election were derived from the council
    /// before the poll (none given): `Some(true)` when exact (the seats defended
    /// tonight are known from the baseline), `Some(false)` when only a range is known.
    pub derived: Option<bool>,
}

/// The councillors not up for election, where only the council before the poll is
/// given: that council less the seats defended tonight. Exact where every division
/// of the council has a baseline result (who won each seat last time, that is who
/// defends it); otherwise a range for each party: it defends at most all of tonight's
/// seats and at most the seats it held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedContinuing {
    /// (party, fewest, most) continuing seats.
    pub parties: Vec<(PartyIx, u64, u64)>,
    /// Continuing seats in all: the council before the poll less tonight's seats.
    pub total: u64,
    pub exact: bool,
}

impl DerivedContinuing {
    pub fn fewest(&self, party: PartyIx) -> u64 {
        self.parties
            .iter()
            .find(|(p, _, _)| *p == party)
            .map_or(0, |&(_, lo, _)| lo)
    }

    pub fn most(&self, party: PartyIx) -> u64 {
        self.parties
            .iter()
            .find(|(p, _, _)| *p == party)
            .map_or(0, |&(_, _, hi)| hi)
    }
}

/// How a council changed hands tonight, and what that is judged against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlChange {
    /// "Reform UK gain from Conservative", "Labour hold", "No overall control,
    /// Labour lose control", "Liberal Democrats gain from no overall control".
    pub text: String,
    /// "the council before the poll (compositions.csv)" or "the last election
    /// (lancashire-2021)".
    pub against: String,
}

/// The party holding more than half of `seats` (of `total`), none for no overall
/// control. Independents and lumped "others" never hold control.
fn holder(election: &Election, seats: &[(PartyIx, u64)], total: u64) -> Option<PartyIx> {
    let needed = total / 2 + 1;
    seats
        .iter()
        .find(|&&(p, n)| n >= needed && !election.parties.cannot_hold_control(p))
        .map(|&(p, _)| p)
}

impl Tally {
    /// A council's councillors not up tonight, by party, where they are known: as
    /// given; none for a council electing all its seats; worked out exactly from the
    /// council before the poll and the seats its parties defend tonight. None where
    /// they cannot be told: then neither can the council's control be, tonight or in a
    /// projection.
    pub fn continuing_known(&self, council: CouncilIx) -> Option<Vec<(PartyIx, u64)>> {
        let c = self.election.council(council);
        if let Some(given) = &c.continuing {
            return Some(given.clone());
        }
        if !c.is_partial() {
            return Some(Vec::new());
        }
        let derived = self.derived_continuing(council)?;
        derived.exact.then(|| {
            derived
                .parties
                .iter()
                .map(|&(p, fewest, _)| (p, fewest))
                .collect()
        })
    }

    /// On a night of one council, its councillors not up tonight where known
    /// ([`Tally::continuing_known`]): the seats a party holds beyond tonight's, for its
    /// bar, its path to control and its projected seats. None on a night of several
    /// councils (each keeps its own) or where they are not known.
    pub fn sole_not_up(&self) -> Option<Vec<(PartyIx, u64)>> {
        if self.election.has_councils() {
            return None;
        }
        self.continuing_known(self.election.council_ixs().next()?)
    }

    /// The continuing seats of a council electing part of its seats, derived from
    /// the council before the poll; none where continuing seats are given, the
    /// council elects all its seats, or nothing says how it stood before the poll.
    pub fn derived_continuing(&self, council: CouncilIx) -> Option<DerivedContinuing> {
        let election = &self.election;
        let c = election.council(council);
        if c.continuing.is_some() || !c.is_partial() {
            return None;
        }
        let before = c.before.as_ref()?;
        let size: u64 = before.iter().map(|(_, n)| n).sum();
        let total = size.checked_sub(c.seats)?;
        // Exact: every division of this council has a baseline result, and the seats
        // it says were won are tonight's seats.
        let defended = election.baseline.as_ref().and_then(|b| {
            let mut seats: Vec<(PartyIx, u64)> = Vec::new();
            let mut n = 0;
            for ix in election.division_ixs() {
                if election.division(ix).council != council {
                    continue;
                }
                for &(p, won) in &b.result(ix)?.seats {
                    n += u64::from(won);
                    match seats.iter_mut().find(|(q, _)| *q == p) {
                        Some((_, m)) => *m += u64::from(won),
                        None => seats.push((p, u64::from(won))),
                    }
                }
            }
            (n == c.seats).then_some(seats)
        });
        if let Some(defended) = defended {
            // A composition that lumps independents and local parties as "Others"
            // counts their defended seats there.
            let others = before
                .iter()
                .map(|(p, _)| *p)
                .find(|&p| election.parties.name(p).eq_ignore_ascii_case(OTHERS));
            let mut by_party: Vec<(PartyIx, u64)> = Vec::new();
            let mut placed = true;
            for &(p, n) in &defended {
                let Some(q) = before.iter().map(|(q, _)| *q).find(|&q| q == p).or(others) else {
                    placed = false;
                    break;
                };
                match by_party.iter_mut().find(|(r, _)| *r == q) {
                    Some((_, m)) => *m += n,
                    None => by_party.push((q, n)),
                }
            }
            let exact: Option<Vec<(PartyIx, u64, u64)>> = before
                .iter()
                .map(|&(p, held)| {
                    let gone = by_party
                        .iter()
                        .find(|(q, _)| *q == p)
                        .map_or(0, |&(_, n)| n);
                    held.checked_sub(gone).map(|left| (p, left, left))
                })
                .collect();
            // A party defending more seats than it held (a defection since), or one
            // the council before the poll does not name, leaves only the range.
            if placed && let Some(parties) = exact {
                return Some(DerivedContinuing {
                    parties,
                    total,
                    exact: true,
                });
            }
        }
        Some(DerivedContinuing {
            parties: before
                .iter()
                .map(|&(p, held)| (p, held.saturating_sub(c.seats), held.min(total)))
                .collect(),
            total,
            exact: false,
        })
    }

    /// Who held a council before tonight (none: no overall control) and what that is
    /// taken from: the council before the poll where given, else the last election
    /// when the night is that one council and the last election is complete.
    pub fn control_before(&self, council: CouncilIx) -> Option<(Option<PartyIx>, String)> {
        let election = &self.election;
        let c = election.council(council);
        if let Some(before) = &c.before {
            let total = before.iter().map(|(_, n)| n).sum();
            let source = c.before_source.clone().unwrap_or_default();
            return Some((
                holder(election, before, total),
                format!("the council before the poll ({source})"),
            ));
        }
        let baseline = election.baseline.as_ref()?;
        if election.has_councils() || !baseline.complete {
            return None;
        }
        Some((
            holder(election, &baseline.seats_by_party, baseline.seats_total),
            format!("the last election ({})", baseline.name),
        ))
    }

    /// How the council changed hands, once its control is settled tonight.
    pub fn control_change(&self, council: CouncilIx) -> Option<ControlChange> {
        let now = self.council_control(council).state?;
        let (before, against) = self.control_before(council)?;
        let name = |p: PartyIx| self.election.party_name(p).to_string();
        let text = match (now, before) {
            (ControlState::Open | ControlState::CannotTell, _) => return None,
            (ControlState::Control(p), Some(q)) if p == q => format!("{} hold", name(p)),
            (ControlState::Control(p), Some(q)) => format!("{} gain from {}", name(p), name(q)),
            (ControlState::Control(p), None) => {
                format!("{} gain from no overall control", name(p))
            }
            (ControlState::NoOverallControl, Some(q)) => {
                format!("No overall control, {} lose control", name(q))
            }
            (ControlState::NoOverallControl, None) => "No overall control, no change".to_string(),
        };
        Some(ControlChange { text, against })
    }
}
