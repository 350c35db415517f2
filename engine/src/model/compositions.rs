//! What a council is made of beyond tonight's divisions: the councillors not up for
//! election (continuing), by party. A council elected by thirds is decided on them
//! and tonight's winners together.

use serde::{Deserialize, Serialize};

use crate::model::{Election, PartyIx};

/// Which seats a composition gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompositionKind {
    /// The councillors not up for election tonight.
    Continuing,
    /// The council as it stood before the poll (after defections and by-elections):
    /// what a change of control is judged against.
    Before,
}

impl CompositionKind {
    pub fn label(self) -> &'static str {
        match self {
            CompositionKind::Continuing => "continuing seats",
            CompositionKind::Before => "the council before the poll",
        }
    }
}

/// One council's seats by party, as a source gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilSeats {
    pub council: String,
    /// (party, seats), parties by the source's names.
    pub seats: Vec<(String, u64)>,
}

/// Seats for some councils of the night, from one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Composition {
    pub kind: CompositionKind,
    /// Where the figures come from ("compositions.csv (2024)").
    pub source: String,
    pub councils: Vec<CouncilSeats>,
}

/// What a composition matched: councils of the night given seats, and the councils
/// of the source that are not on tonight's night.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompositionMatch {
    pub matched: Vec<String>,
    pub not_tonight: Vec<String>,
}

/// Sets each council's seats from `composition` (replacing what an earlier one gave
/// for that council). Party names are matched as everywhere else; a party with seats
/// but no candidate tonight is added.
pub fn apply_composition(election: &mut Election, composition: &Composition) -> CompositionMatch {
    let mut found = CompositionMatch::default();
    for given in &composition.councils {
        let Some(c) = election.find_council(&given.council) else {
            found.not_tonight.push(given.council.clone());
            continue;
        };
        let mut seats: Vec<(PartyIx, u64)> = Vec::new();
        for (party, n) in &given.seats {
            if *n == 0 {
                continue;
            }
            let p = election
                .parties
                .find(party)
                .unwrap_or_else(|| election.intern_party(party));
            match seats.iter_mut().find(|(q, _)| *q == p) {
                Some((_, m)) => *m += n,
                None => seats.push((p, *n)),
            }
        }
        let council = &mut election.councils[c.index()];
        match composition.kind {
            CompositionKind::Continuing => council.continuing = Some(seats),
            CompositionKind::Before => {
                council.before = Some(seats);
                council.before_source = Some(composition.source.clone());
            }
        }
        found.matched.push(election.council_name(c).to_string());
    }
    found
}
