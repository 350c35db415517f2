//! Widget ids that focus moves between, so that the keyboard drives the night.

use eframe::egui::Id;

use crate::model::DivisionIx;

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

/// The field at `index` of a division's form: its counts in ballot order, then ballot
/// papers, then rejected ballots.
pub fn field(division: DivisionIx, candidates: usize, index: usize) -> Id {
    match index {
        i if i < candidates => votes(division, i),
        i if i == candidates => ballots(division),
        _ => rejected(division),
    }
}
