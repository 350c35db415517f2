//! One council of a night as an election of its own, for charts of that council:
//! the same parties (so every party index still means the same party), its divisions
//! and candidates, its seats beyond tonight, and its baseline results.

use crate::model::baseline::Baseline;
use crate::model::{CandidateSetup, Council, CouncilIx, DivisionSetup, Election, ElectionBuilder};

impl Election {
    /// The council `c` alone, with the divisions of this election that elect to it
    /// (in order) and the map from its division indices to this election's.
    pub fn council_only(&self, c: CouncilIx) -> (Election, Vec<crate::model::DivisionIx>) {
        let mut builder = ElectionBuilder::new(self.council_name(c));
        // The same party table, in the same order: indices carry over unchanged.
        for (_, name) in self.parties.iter() {
            builder.intern_party(name);
        }
        let mut kept = Vec::new();
        for ix in self.division_ixs() {
            let d = self.division(ix);
            if d.council != c {
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
                council: None,
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
        let mut alone = builder.build();
        let original = self.council(c);
        if let Some(only) = alone.councils.first_mut() {
            *only = Council {
                name: None,
                seats: only.seats,
                divisions: only.divisions,
                ..original.clone()
            };
        }
        alone.baseline = self.baseline.as_ref().map(|b| Baseline {
            name: b.name.clone(),
            divisions: kept.iter().map(|&ix| b.result(ix).cloned()).collect(),
            unmatched: Vec::new(),
            undecided: Vec::new(),
            seats_by_party: Vec::new(),
            seats_total: 0,
            // The last election is not kept per council: no change of control from it.
            complete: false,
        });
        (alone, kept)
    }
}
