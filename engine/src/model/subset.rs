//! Part of a night as an election of its own: one council, for charts of that council,
//! or some of a night's councils, for a backtest of those it can project. The same
//! parties are kept (so every party index still means the same party), with the
//! divisions and candidates, each council's seats beyond tonight, and the baseline
//! results of the divisions kept.

use crate::model::baseline::Baseline;
use crate::model::{
    CandidateSetup, Council, CouncilIx, DivisionIx, DivisionSetup, Election, ElectionBuilder,
};

impl Election {
    /// The council `c` alone, with the divisions of this election that elect to it
    /// (in order) and the map from its division indices to this election's.
    pub fn council_only(&self, c: CouncilIx) -> (Election, Vec<DivisionIx>) {
        self.part(self.council_name(c), |council| council == c, false)
    }

    /// The councils `keep` says to keep, as a night of those councils under this
    /// night's name (each council with its seats beyond tonight and its council before
    /// the poll), and the map from its division indices to this election's.
    pub fn councils_only(&self, keep: impl Fn(CouncilIx) -> bool) -> (Election, Vec<DivisionIx>) {
        self.part(&self.name, keep, true)
    }

    /// The divisions of the councils `keep` says to keep; `named` keeps each one's
    /// council name on its divisions (else the part is one council, named `name`).
    fn part(
        &self,
        name: &str,
        keep: impl Fn(CouncilIx) -> bool,
        named: bool,
    ) -> (Election, Vec<DivisionIx>) {
        let mut builder = ElectionBuilder::new(name);
        // The same party table, in the same order: indices carry over unchanged.
        for (_, party) in self.parties.iter() {
            builder.intern_party(party);
        }
        let mut kept = Vec::new();
        for ix in self.division_ixs() {
            let d = self.division(ix);
            if !keep(d.council) {
                continue;
            }
            let candidates = d
                .candidate_ixs()
                .map(|cand| {
                    let candidate = self.candidate(cand);
                    CandidateSetup {
                        name: candidate.name.clone(),
                        party: self.description(cand).into(),
                        counts_for: Some(self.party_name(candidate.party).to_string()),
                        ids: candidate.ids.clone(),
                        incumbent: candidate.incumbent,
                    }
                })
                .collect();
            let added = builder.add_division(DivisionSetup {
                name: d.name.clone(),
                council: named.then(|| self.council_name(d.council).to_string()),
                code: d.code.clone(),
                area: d.area.clone(),
                seats: d.seats,
                electorate: d.electorate,
                candidates,
                cancelled: d.cancelled,
            });
            // Every division here was valid in this election, so it is valid alone.
            if added.is_ok() {
                kept.push(ix);
            }
        }
        let mut part = builder.build();
        // Each council as this election has it, but for its seats and divisions tonight
        // (the same, unless a division was refused) and, for one council alone, its
        // name, which is then the election's.
        let originals: Vec<CouncilIx> = self.council_ixs().filter(|&c| keep(c)).collect();
        for council in part.councils.iter_mut() {
            let original = if named {
                originals
                    .iter()
                    .copied()
                    .find(|&c| council.name.as_deref() == Some(self.council_name(c)))
            } else {
                originals.first().copied()
            };
            let Some(original) = original else { continue };
            *council = Council {
                name: if named { council.name.clone() } else { None },
                seats: council.seats,
                divisions: council.divisions,
                ..self.council(original).clone()
            };
        }
        part.baseline = self.baseline.as_ref().map(|b| Baseline {
            name: b.name.clone(),
            divisions: kept.iter().map(|&ix| b.result(ix).cloned()).collect(),
            unmatched: Vec::new(),
            undecided: Vec::new(),
            seats_by_party: Vec::new(),
            seats_total: 0,
            // The last election is not kept per council: no change of control from it.
            complete: false,
        });
        (part, kept)
    }
}
