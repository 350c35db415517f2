//! The summary of the night as plain data: what the CLI prints (as a table or JSON)
//! and what the exports write. Built from the tally; every figure comes from it.

use serde::Serialize;

use crate::model::{CouncilIx, DivisionIx, PartyIx};
use crate::tally::outcome::{Status, TurnoutBasis};
use crate::tally::{ControlState, ShareMethod, Tally};

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub election: String,
    /// The fingerprint of the election file's record (`store::chain`): four groups
    /// of four characters that tie these figures to the file they came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    pub seats_total: u64,
    pub majority_needed: u64,
    pub divisions_total: u64,
    pub divisions_declared: u64,
    pub divisions_tied: u64,
    /// Divisions with conflicting declarations not yet settled (a shared night).
    pub divisions_conflicting: u64,
    pub seats_declared: u64,
    pub control: ControlReport,
    pub share_method: ShareMethod,
    pub parties: Vec<PartyRow>,
    pub divisions: Vec<DivisionRow>,
    /// Progress per district or count centre, where divisions have an area.
    pub areas: Vec<AreaProgress>,
    pub baseline: Option<BaselineReport>,
    /// Ballot descriptions counted for another party ("Labour and Co-operative Party"
    /// as Labour), as results services count them.
    pub grouped: Vec<GroupedDescription>,
    /// On a night of several councils, each council's own result (else empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub councils: Vec<CouncilReport>,
    /// On a night of several councils, the night's scoreboard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub night: Option<NightReport>,
    /// Sitting members who stood again, where the source marks them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incumbents: Option<IncumbentsReport>,
    /// The projection of the final seats, when asked for (`summary --projection`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projection: Option<crate::tally::projection::ProjectionReport>,
}

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
    /// The winners of the division ("Jane Doe (Reform UK)").
    pub by: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CouncilIncumbents {
    pub council: String,
    pub standing: u64,
    pub re_elected: u64,
    pub defeated: u64,
}

/// One council's result on a night of several.
#[derive(Debug, Clone, Serialize)]
pub struct CouncilReport {
    pub council: String,
    /// Seats up for election tonight.
    pub seats_total: u64,
    pub seats_declared: u64,
    pub divisions_total: u64,
    pub divisions_declared: u64,
    /// Tonight elects only part of the council (by thirds or halves).
    pub elects_part: bool,
    /// The councillors not up for election tonight, where given.
    pub seats_continuing: Option<u64>,
    /// The seats not up were derived: the council before the poll less the seats
    /// defended tonight (the baseline's winners of the same divisions).
    pub seats_continuing_derived: bool,
    /// The whole council after tonight: tonight's seats and the continuing ones;
    /// none when only part is elected and the rest is not known.
    pub council_seats: Option<u64>,
    /// Seats needed for control of the whole council; none when it cannot be told.
    pub majority_needed: Option<u64>,
    /// As for the night: "control", "no_overall_control", "open", or "cannot_tell"
    /// when only part of the council was elected and the rest is not known.
    pub control: ControlReport,
    /// Once control is settled, how the council changed hands and against what.
    pub control_change: Option<ControlChangeReport>,
    /// Seats won tonight by party, most first.
    pub parties: Vec<CouncilPartyRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CouncilPartyRow {
    pub party: String,
    /// Won tonight.
    pub seats: u64,
    pub votes: u64,
    /// Not up for election tonight (councils where these are given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continuing: Option<u64>,
    /// The council after tonight: won tonight plus continuing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub council_after: Option<u64>,
}

/// The night's scoreboard: councils by who controls them, councillors by party.
#[derive(Debug, Clone, Serialize)]
pub struct NightReport {
    pub councils_total: u64,
    /// Councils whose every division has declared.
    pub councils_complete: u64,
    /// "Labour", "No overall control", "Still open", "Cannot tell", each with how
    /// many councils.
    pub councils_by_control: Vec<ControlCount>,
    /// Councillors elected tonight by party, over every council.
    pub councillors_by_party: Vec<CouncilPartyRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlCount {
    pub control: String,
    pub councils: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupedDescription {
    pub description: String,
    pub counted_as: String,
    pub candidates: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlReport {
    /// "control", "no_overall_control" or "open".
    pub state: &'static str,
    pub party: Option<String>,
    /// In words: "Reform UK has control", "No overall control", "Still open: 12 seats to declare".
    pub text: String,
    /// Once control is settled, how the council changed hands and against what.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<ControlChangeReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlChangeReport {
    /// "Reform UK gain from Conservative", "Labour hold", "No overall control,
    /// Labour lose control".
    pub text: String,
    /// What it is judged against: "the council before the poll (…)" or "the last
    /// election (…)".
    pub against: String,
}

fn change_report(tally: &Tally, council: CouncilIx) -> Option<ControlChangeReport> {
    tally.control_change(council).map(|c| ControlChangeReport {
        text: c.text,
        against: c.against,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct PartyRow {
    pub party: String,
    pub candidates: u64,
    pub seats: u64,
    pub votes: u64,
    /// Percent, by the summary's share method.
    pub share: Option<f64>,
    /// Percent, counting each party's top candidate per division.
    pub share_top_candidate: Option<f64>,
    pub seats_change: Option<i64>,
    pub share_change: Option<f64>,
    pub gains: Option<u64>,
    pub losses: Option<u64>,
    /// Seats won plus those it can still win.
    pub seats_possible: u64,
    /// Seats still needed for control (none for independents, who cannot hold control).
    pub seats_needed: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WinnerRow {
    /// The name, with the party where another candidate of the division shares it.
    pub candidate: String,
    /// The party counted.
    pub party: String,
    /// The description on the ballot paper, where it is not the party's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub votes: Option<u64>,
    pub by_lot: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DivisionRow {
    pub division: String,
    /// The council it elects to, on a night of several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub council: Option<String>,
    pub division_id: Option<String>,
    pub area: Option<String>,
    pub status: &'static str,
    pub uncontested: bool,
    pub seats: u32,
    pub winners: Vec<WinnerRow>,
    /// While tied: the candidates who share the last seat(s).
    pub tied: Vec<String>,
    pub majority: Option<u64>,
    pub majority_percent: Option<f64>,
    pub turnout: Option<f64>,
    pub turnout_basis: Option<TurnoutBasis>,
    pub electorate: Option<u64>,
    pub ballots_issued: Option<u64>,
    pub rejected: Option<u64>,
    pub valid_votes: Option<u64>,
    /// "Reform UK gain from Labour", "Labour hold"; none without a baseline result.
    pub result: Option<String>,
    pub has_baseline: bool,
    pub declared_at: Option<String>,
    /// Conflicting declarations not yet settled; the figures above are those that
    /// count meanwhile (the first to reach the server).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<ConflictReport>,
}

/// A division of a shared night declared at two laptops that had not seen each
/// other's figures: what counts now, and what else was entered, until a correction
/// settles it.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictReport {
    pub counted: EnteredFigures,
    pub also_entered: Vec<EnteredFigures>,
    /// What to do: the command that settles it.
    pub to_settle: String,
}

/// Figures as one volunteer entered them.
#[derive(Debug, Clone, Serialize)]
pub struct EnteredFigures {
    pub who: String,
    pub machine: String,
    pub at: String,
    /// In ballot order.
    pub votes: Vec<u64>,
    pub ballots_issued: Option<u64>,
    pub rejected: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaProgress {
    pub area: String,
    pub divisions_total: u64,
    pub divisions_declared: u64,
    pub seats_total: u64,
    pub seats_declared: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BaselineReport {
    pub name: String,
    /// Declared divisions whose seats were compared with the baseline.
    pub divisions_compared: u64,
    /// Declared divisions whose votes were compared (contested both times).
    pub divisions_compared_for_share: u64,
    /// Divisions of this election with no baseline result: left out of change figures.
    pub divisions_without_baseline: Vec<String>,
    /// Baseline divisions that match no division now.
    pub baseline_divisions_unmatched: Vec<String>,
    pub swing: Option<SwingReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SwingReport {
    pub from: String,
    pub to: String,
    /// Butler swing in percentage points; positive is a swing to `to`.
    pub swing: Option<f64>,
}

/// Options of a summary.
#[derive(Debug, Clone, Default)]
pub struct SummaryOptions {
    pub share_method: ShareMethod,
    /// Butler swing between two parties: (from, to).
    pub swing: Option<(PartyIx, PartyIx)>,
}

/// Progress in words: "61 of 82 declared, 64 of 84 seats".
pub fn progress_text(tally: &Tally) -> String {
    let election = tally.election();
    let totals = tally.totals();
    format!(
        "{} of {} declared, {} of {} seats",
        totals.divisions_declared,
        election.divisions.len(),
        totals.seats_filled,
        election.total_seats()
    )
}

/// The control state in words.
pub fn control_text(tally: &Tally) -> (&'static str, Option<String>, String) {
    let control = tally.control();
    let election = tally.election();
    match control.state {
        ControlState::Control(p) => {
            let name = election.party_name(p).to_string();
            ("control", Some(name.clone()), format!("{name} has control"))
        }
        ControlState::NoOverallControl => {
            ("no_overall_control", None, "No overall control".to_string())
        }
        ControlState::CannotTell => (
            "cannot_tell",
            None,
            "Cannot tell: part of the council up".to_string(),
        ),
        ControlState::Open => {
            let n = control.seats_undeclared;
            let seats = if n == 1 { "seat" } else { "seats" };
            ("open", None, format!("Still open: {n} {seats} to declare"))
        }
    }
}

/// One council's control in words: ("control", party, "Labour has control"), and
/// ("cannot_tell", ...) for a council electing only part of its seats.
pub fn council_control_text(tally: &Tally, council: CouncilIx) -> ControlReport {
    let control = tally.council_control(council);
    let election = tally.election();
    // Where the seats not up tonight were worked out from the council before the
    // poll, the verdict says so: exactly (the seats defended are known), or whichever
    // seats were defended (only a range is known).
    let derived = match control.derived {
        Some(true) => " (seats not up derived: council before the poll less the seats defended)",
        Some(false) => " (whichever seats were defended tonight)",
        None => "",
    };
    let (state, party, text) = match control.state {
        None => (
            "cannot_tell",
            None,
            "Cannot tell: part of the council up".to_string(),
        ),
        Some(ControlState::CannotTell) => (
            "cannot_tell",
            None,
            if control.derived.is_some() {
                "Cannot tell: depends on which seats were defended".to_string()
            } else {
                "Cannot tell: part of the council up".to_string()
            },
        ),
        Some(ControlState::Control(p)) => {
            let name = election.party_name(p).to_string();
            (
                "control",
                Some(name.clone()),
                format!("{name} has control{derived}"),
            )
        }
        Some(ControlState::NoOverallControl) => (
            "no_overall_control",
            None,
            format!("No overall control{derived}"),
        ),
        Some(ControlState::Open) => {
            let n = control.seats_undeclared;
            let seats = if n == 1 { "seat" } else { "seats" };
            ("open", None, format!("Still open: {n} {seats} to declare"))
        }
    };
    ControlReport {
        state,
        party,
        text,
        change: change_report(tally, council),
    }
}

/// Each council's result and the night's scoreboard; empty for a night of one council.
pub fn councils(tally: &Tally) -> (Vec<CouncilReport>, Option<NightReport>) {
    let election = tally.election();
    if !election.has_councils() {
        return (Vec::new(), None);
    }
    let reports: Vec<CouncilReport> = election
        .council_ixs()
        .map(|c| {
            let totals = tally.council(c);
            let council = election.council(c);
            // Seats not up tonight: given, or derived exactly from the council before
            // the poll less the seats defended.
            let derived = tally.derived_continuing(c).filter(|d| d.exact);
            let known = council.continuing.is_some() || derived.is_some();
            let continuing_of = |p| {
                derived
                    .as_ref()
                    .map_or_else(|| council.continuing_seats(p), |d| d.fewest(p))
            };
            let continuing_total = derived
                .as_ref()
                .map_or_else(|| council.continuing_total(), |d| d.total);
            let mut parties: Vec<CouncilPartyRow> = election
                .parties
                .iter()
                .map(|(p, name)| (totals.party(p), continuing_of(p), name))
                .filter(|(f, continuing, _)| f.seats > 0 || f.votes > 0 || *continuing > 0)
                .map(|(f, continuing, name)| CouncilPartyRow {
                    party: name.to_string(),
                    seats: f.seats,
                    votes: f.votes,
                    continuing: known.then_some(continuing),
                    council_after: known.then_some(f.seats + continuing),
                })
                .collect();
            parties.sort_by(|a, b| {
                b.council_after
                    .cmp(&a.council_after)
                    .then(b.seats.cmp(&a.seats))
                    .then(b.votes.cmp(&a.votes))
                    .then_with(|| a.party.cmp(&b.party))
            });
            CouncilReport {
                council: election.council_name(c).to_string(),
                seats_total: election.council(c).seats,
                seats_declared: totals.seats_filled,
                divisions_total: council.divisions,
                divisions_declared: totals.divisions_declared,
                elects_part: council.is_partial(),
                seats_continuing: known.then_some(continuing_total),
                seats_continuing_derived: derived.is_some(),
                council_seats: (known || !council.is_partial())
                    .then_some(council.seats + continuing_total),
                majority_needed: tally.council_control(c).needed,
                control: ControlReport {
                    change: None,
                    ..council_control_text(tally, c)
                },
                control_change: change_report(tally, c),
                parties,
            }
        })
        .collect();
    let mut councillors: Vec<CouncilPartyRow> = election
        .parties
        .iter()
        .map(|(p, name)| CouncilPartyRow {
            party: name.to_string(),
            seats: tally.party(p).seats,
            votes: tally.party(p).votes,
            continuing: None,
            council_after: None,
        })
        .filter(|r| r.seats > 0)
        .collect();
    councillors.sort_by(|a, b| b.seats.cmp(&a.seats).then_with(|| a.party.cmp(&b.party)));
    let (complete, by_control) = councils_by_control(tally);
    let night = NightReport {
        councils_total: reports.len() as u64,
        councils_complete: complete,
        councils_by_control: by_control,
        councillors_by_party: councillors,
    };
    (reports, Some(night))
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
                        division: if election.has_councils() {
                            division.name.clone()
                        } else {
                            election.division_label(ix)
                        },
                        council: election
                            .has_councils()
                            .then(|| election.council_name(division.council).to_string()),
                        elected_as: before.to_string(),
                        now: now.to_string(),
                    });
                }
            } else {
                report.defeated.push(DefeatedIncumbent {
                    candidate: election.candidate_label(c),
                    party: election.party_name(candidate.party).to_string(),
                    // With councils, the council tells same-named wards apart.
                    division: if election.has_councils() {
                        division.name.clone()
                    } else {
                        election.division_label(ix)
                    },
                    council: election
                        .has_councils()
                        .then(|| election.council_name(division.council).to_string()),
                    by: outcome
                        .elected
                        .iter()
                        .filter(|&&w| !election.candidate(w).incumbent)
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

/// The night's headline in words: who controls the council, or on a night of
/// several councils, how many are complete and who controls them.
pub fn headline(tally: &Tally) -> String {
    if !tally.election().has_councils() {
        // Once control is settled, the council's result against the baseline's:
        // "Reform UK gain from Conservative", "Labour hold".
        let election = tally.election();
        if let Some(change) = election
            .council_ixs()
            .next()
            .filter(|_| election.councils.len() <= 1)
            .and_then(|c| tally.control_change(c))
        {
            return change.text;
        }
        return control_text(tally).2;
    }
    // Asked for every frame (the status bar): counts only, no council reports.
    let (complete, by_control) = councils_by_control(tally);
    format!(
        "{complete} of {} councils complete: {}",
        tally.election().councils.len(),
        by_control
            .iter()
            .map(|c| format!("{} {}", c.control, c.councils))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// How many councils are complete, and councils by who controls them ("Labour",
/// "No overall control", "Still open", "Cannot tell"), most first.
fn councils_by_control(tally: &Tally) -> (u64, Vec<ControlCount>) {
    let election = tally.election();
    let mut complete = 0;
    let mut by_control: Vec<ControlCount> = Vec::new();
    for c in election.council_ixs() {
        complete += u64::from(election.council_complete(c, tally.council(c).divisions_declared));
        let label = match tally.council_control(c).state {
            Some(ControlState::Control(p)) => election.party_name(p),
            Some(ControlState::NoOverallControl) => "No overall control",
            Some(ControlState::Open) => "Still open",
            None | Some(ControlState::CannotTell) => "Cannot tell",
        };
        match by_control.iter_mut().find(|c| c.control == label) {
            Some(c) => c.councils += 1,
            None => by_control.push(ControlCount {
                control: label.to_string(),
                councils: 1,
            }),
        }
    }
    by_control.sort_by(|a, b| {
        b.councils
            .cmp(&a.councils)
            .then_with(|| a.control.cmp(&b.control))
    });
    (complete, by_control)
}

pub fn summarise(tally: &Tally, options: &SummaryOptions) -> Summary {
    let election = tally.election();
    let totals = tally.totals();
    let (state, party, text) = control_text(tally);
    // Of the whole council: its councillors not up tonight count where given.
    let needed = tally.control().needed;
    let (councils, night) = councils(tally);
    // A night of several councils has no one chamber to control: its headline is
    // the councils by who controls them.
    let (state, party, text) = match &night {
        Some(_) => ("councils", None, headline(tally)),
        None => (state, party, text),
    };

    let mut candidates = vec![0u64; election.parties.len()];
    for c in &election.candidates {
        candidates[c.party.index()] += 1;
    }
    let mut parties: Vec<PartyRow> = election
        .parties
        .iter()
        .filter(|&(p, _)| {
            let t = tally.party(p);
            candidates[p.index()] > 0 || t.baseline_seats > 0 || t.baseline_votes > 0
        })
        .map(|(p, name)| {
            let t = tally.party(p);
            let with_baseline = election.baseline.is_some();
            PartyRow {
                party: name.to_string(),
                candidates: candidates[p.index()],
                seats: t.seats,
                votes: t.votes,
                share: tally.share(p, options.share_method),
                share_top_candidate: tally.share(p, ShareMethod::TopCandidate),
                seats_change: tally.seats_change(p),
                share_change: tally.share_change(p, options.share_method),
                gains: with_baseline.then_some(t.gains),
                losses: with_baseline.then_some(t.losses),
                seats_possible: t.possible,
                seats_needed: (!election.parties.is_independent(p))
                    .then(|| needed.saturating_sub(t.seats + election.sole_continuing(p))),
            }
        })
        .collect();
    parties.sort_by(|a, b| {
        b.seats
            .cmp(&a.seats)
            .then(b.votes.cmp(&a.votes))
            .then(b.seats_possible.cmp(&a.seats_possible))
            .then_with(|| a.party.cmp(&b.party))
    });

    let divisions = division_rows(tally);

    let mut areas: Vec<AreaProgress> = Vec::new();
    // Each area's row by name: a national night has hundreds of areas, and looking each
    // division's up along the list took a third of the summary.
    let mut area_rows: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (ix, division) in election.division_ixs().zip(&election.divisions) {
        let Some(area) = &division.area else { continue };
        let row = match area_rows.get(area.as_str()) {
            Some(&i) => &mut areas[i],
            None => {
                area_rows.insert(area, areas.len());
                areas.push(AreaProgress {
                    area: area.clone(),
                    divisions_total: 0,
                    divisions_declared: 0,
                    seats_total: 0,
                    seats_declared: 0,
                });
                areas.last_mut().expect("just pushed")
            }
        };
        let outcome = tally.outcome(ix);
        row.divisions_total += 1;
        row.divisions_declared += u64::from(outcome.status == Status::Declared);
        row.seats_total += u64::from(division.seats);
        row.seats_declared += u64::from(outcome.seats_filled());
    }
    areas.sort_by(|a, b| a.area.cmp(&b.area));

    let baseline = election.baseline.as_ref().map(|b| BaselineReport {
        name: b.name.clone(),
        divisions_compared: totals.divisions_compared_seats,
        divisions_compared_for_share: totals.divisions_compared_votes,
        divisions_without_baseline: election
            .division_ixs()
            .filter(|&ix| b.result(ix).is_none())
            .map(|ix| election.division_label(ix))
            .collect(),
        baseline_divisions_unmatched: b.unmatched.clone(),
        swing: options.swing.map(|(from, to)| SwingReport {
            from: election.party_name(from).to_string(),
            to: election.party_name(to).to_string(),
            swing: tally.swing(to, from, options.share_method),
        }),
    });

    Summary {
        fingerprint: None,
        election: election.name.clone(),
        seats_total: election.total_seats(),
        majority_needed: needed,
        divisions_total: election.divisions.len() as u64,
        divisions_declared: totals.divisions_declared,
        divisions_tied: totals.divisions_tied,
        divisions_conflicting: 0,
        seats_declared: totals.seats_filled,
        control: ControlReport {
            state,
            party,
            text,
            change: (!election.has_councils())
                .then(|| election.council_ixs().next())
                .flatten()
                .and_then(|c| change_report(tally, c)),
        },
        share_method: options.share_method,
        parties,
        divisions,
        areas,
        baseline,
        grouped: election
            .grouped_descriptions()
            .into_iter()
            .map(|(description, party, n)| GroupedDescription {
                description,
                counted_as: election.party_name(party).to_string(),
                candidates: n as u64,
            })
            .collect(),
        councils,
        night,
        incumbents: incumbents(tally),
        projection: None,
    }
}

/// Every division's row, in the election's order: the two halves of a big election at
/// once (each row needs only its own division's figures).
fn division_rows(tally: &Tally) -> Vec<DivisionRow> {
    let all: Vec<DivisionIx> = tally.election().division_ixs().collect();
    if all.len() < 20_000 {
        return all.iter().map(|&ix| division_row(tally, ix)).collect();
    }
    let (first, second) = all.split_at(all.len() / 2);
    let rows = |part: &[DivisionIx]| -> Vec<DivisionRow> {
        part.iter().map(|&ix| division_row(tally, ix)).collect()
    };
    std::thread::scope(|scope| {
        let later = scope.spawn(|| rows(second));
        let mut rows = rows(first);
        match later.join() {
            Ok(later) => rows.extend(later),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        rows
    })
}

pub fn division_row(tally: &Tally, ix: DivisionIx) -> DivisionRow {
    let election = tally.election();
    let division = election.division(ix);
    let outcome = tally.outcome(ix);
    let declaration = tally.declaration(ix);
    let position = |c: crate::model::CandidateIx| (c.0 - division.candidates.start) as usize;
    let winners = outcome
        .elected
        .iter()
        .map(|&c| WinnerRow {
            candidate: election.candidate_label(c),
            party: election.party_name(election.candidate(c).party).to_string(),
            description: election
                .candidate(c)
                .description
                .as_deref()
                .map(str::to_string),
            votes: declaration.and_then(|d| d.votes.get(position(c)).copied()),
            by_lot: outcome.by_lot.contains(&c),
        })
        .collect();
    DivisionRow {
        division: division.name.clone(),
        council: election
            .has_councils()
            .then(|| election.council_name(division.council).to_string()),
        division_id: division.code.clone(),
        area: division.area.clone(),
        status: if division.cancelled {
            "cancelled"
        } else {
            outcome.status.label()
        },
        uncontested: outcome.uncontested,
        seats: division.seats,
        winners,
        tied: outcome
            .tied
            .iter()
            .map(|&c| election.candidate_label(c))
            .collect(),
        majority: outcome.majority,
        majority_percent: outcome.majority_percent,
        turnout: outcome.turnout.map(|t| t.percent),
        turnout_basis: outcome.turnout.map(|t| t.basis),
        electorate: division.electorate,
        ballots_issued: declaration.and_then(|d| d.ballots_issued),
        rejected: declaration.and_then(|d| d.rejected),
        valid_votes: declaration.map(|_| outcome.valid_votes),
        result: tally.result_text(ix),
        has_baseline: election
            .baseline
            .as_ref()
            .is_some_and(|b| b.result(ix).is_some()),
        declared_at: declaration
            .and_then(|d| d.declared_at)
            .map(|t| t.to_string()),
        conflict: None,
    }
}

/// Marks the divisions whose declarations conflict, with every set of figures.
pub fn mark_conflicts(summary: &mut Summary, conflicts: Vec<(DivisionIx, ConflictReport)>) {
    summary.divisions_conflicting = conflicts.len() as u64;
    for (ix, conflict) in conflicts {
        if let Some(row) = summary.divisions.get_mut(ix.index()) {
            row.conflict = Some(conflict);
        }
    }
}
