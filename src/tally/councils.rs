//! Each council's own figures on a night of several councils: its seats by party,
//! what each party can still win there, and control of that council alone. Kept as
//! running sums like the night's totals, so a declaration costs the same at any size.

use crate::model::{CouncilIx, PartyIx};
use crate::tally::ControlState;

/// One party's figures on one council.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CouncilParty {
    pub seats: u64,
    /// Seats won plus seats it could still win tonight on this council.
    pub possible: u64,
    pub votes: u64,
}

impl CouncilParty {
    pub(crate) fn add(&mut self, other: &CouncilParty) {
        self.seats += other.seats;
        self.possible += other.possible;
        self.votes += other.votes;
    }

    pub(crate) fn subtract(&mut self, other: &CouncilParty) {
        self.seats -= other.seats;
        self.possible -= other.possible;
        self.votes -= other.votes;
    }
}

/// A council's running figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CouncilTotals {
    pub divisions_declared: u64,
    pub seats_filled: u64,
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
}
