//! Incumbents: councillors who stood again, those defeated, and by which party.

use super::*;

/// Sitting members standing again: how many were re-elected, and who was defeated
/// and by whom (declared divisions only).
#[derive(Debug, Clone, Default, Serialize)]
pub struct IncumbentsReport {
    pub standing: u64,
    pub re_elected: u64,
    pub defeated: Vec<DefeatedIncumbent>,
    /// Per council, on a night of several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_council: Vec<CouncilIncumbents>,
    /// Sitting members re-elected under another party than the one they were elected
    /// for last time (where the source gives `party_elected_as`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub re_elected_for_another_party: Vec<ChangedParty>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangedParty {
    pub candidate: String,
    pub division: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub council: Option<String>,
    pub elected_as: String,
    pub now: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DefeatedIncumbent {
    pub candidate: String,
    pub party: String,
    pub division: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub council: Option<String>,
    /// The winners who took the seat ("Jane Doe (Reform UK)"): those not sitting
    /// members, or every winner where all were (two councillors for one seat).
    pub by: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CouncilIncumbents {
    pub council: String,
    pub standing: u64,
    pub re_elected: u64,
    pub defeated: u64,
}

/// Sitting members standing again in declared divisions: re-elected or defeated;
/// none when the source marks no incumbent.
pub fn incumbents(tally: &Tally) -> Option<IncumbentsReport> {
    let election = tally.election();
    if !election.has_incumbents() {
        return None;
    }
    let mut report = IncumbentsReport::default();
    let mut by_council: Vec<CouncilIncumbents> = if election.has_councils() {
        election
            .council_ixs()
            .map(|c| CouncilIncumbents {
                council: election.council_name(c).to_string(),
                standing: 0,
                re_elected: 0,
                defeated: 0,
            })
            .collect()
    } else {
        Vec::new()
    };
    for ix in election.division_ixs() {
        let outcome = tally.outcome(ix);
        if outcome.status != Status::Declared {
            continue;
        }
        let division = election.division(ix);
        // With councils, the council tells same-named wards apart.
        let (division_name, council_name) = if election.has_councils() {
            (
                division.name.clone(),
                Some(election.council_name(division.council).to_string()),
            )
        } else {
            (election.division_label(ix), None)
        };
        for c in division.candidate_ixs() {
            let candidate = election.candidate(c);
            if !candidate.incumbent {
                continue;
            }
            let re_elected = outcome.elected.contains(&c);
            report.standing += 1;
            let council = by_council.get_mut(division.council.index());
            if re_elected {
                report.re_elected += 1;
                let now = election.description(c);
                if let Some(before) = candidate
                    .ids
                    .as_deref()
                    .and_then(|i| i.elected_as.as_deref())
                    && crate::model::party_key(before) != crate::model::party_key(now)
                    && crate::model::party_key(before)
                        != crate::model::party_key(election.party_name(candidate.party))
                {
                    report.re_elected_for_another_party.push(ChangedParty {
                        candidate: election.candidate_label(c),
                        division: division_name.clone(),
                        council: council_name.clone(),
                        elected_as: before.to_string(),
                        now: now.to_string(),
                    });
                }
            } else {
                report.defeated.push(DefeatedIncumbent {
                    candidate: election.candidate_label(c),
                    party: election.party_name(candidate.party).to_string(),
                    division: division_name.clone(),
                    council: council_name.clone(),
                    by: winners_over(election, &outcome.elected)
                        .iter()
                        .map(|&w| {
                            format!(
                                "{} ({})",
                                election.candidate_label(w),
                                election.party_name(election.candidate(w).party)
                            )
                        })
                        .collect(),
                });
            }
            if let Some(council) = council {
                council.standing += 1;
                if re_elected {
                    council.re_elected += 1;
                } else {
                    council.defeated += 1;
                }
            }
        }
    }
    report.by_council = by_council.into_iter().filter(|c| c.standing > 0).collect();
    Some(report)
}

/// Who took a defeated sitting member's seat: the winners who were not sitting
/// members, or, where every winner was (two wards merged, two councillors for one
/// seat), the sitting members who won.
fn winners_over(
    election: &crate::model::Election,
    elected: &[crate::model::CandidateIx],
) -> Vec<crate::model::CandidateIx> {
    let newcomers: Vec<crate::model::CandidateIx> = elected
        .iter()
        .copied()
        .filter(|&w| !election.candidate(w).incumbent)
        .collect();
    if newcomers.is_empty() {
        elected.to_vec()
    } else {
        newcomers
    }
}
