//! Widget ids that focus moves between, so that the keyboard drives the night.

use eframe::egui::Id;

use crate::model::DivisionIx;
use crate::tally::checks::Field;

pub fn search() -> Id {
    Id::unique("division-search")
}

/// The votes field of a candidate (ballot position) of a division.
pub fn votes(division: DivisionIx, position: usize) -> Id {
    Id::unique(("votes", division.0, position))
}

pub fn ballots(division: DivisionIx) -> Id {
    Id::unique(("ballots", division.0))
}

pub fn rejected(division: DivisionIx) -> Id {
    Id::unique(("rejected", division.0))
}

pub fn reason(division: DivisionIx) -> Id {
    Id::unique(("reason", division.0))
}

/// A field of a division's form: a candidate's count, ballot papers, rejected ballots,
/// or a figure of the paper account.
pub fn of(division: DivisionIx, field: Field) -> Id {
    match field {
        Field::Candidate(p) => votes(division, p),
        Field::BallotsIssued => ballots(division),
        Field::Rejected => rejected(division),
        other => Id::unique(("account", division.0, other)),
    }
}

/// The explanation of papers counted differing from those verified.
pub fn discrepancy(division: DivisionIx) -> Id {
    Id::unique(("discrepancy", division.0))
}
