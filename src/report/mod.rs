//! The summary of the night as plain data: what the CLI prints (as a table or JSON)
//! and what the exports write. Built from the tally; every figure comes from it.

use serde::Serialize;

use crate::model::{CouncilIx, DivisionIx, PartyIx};
use crate::tally::outcome::{Status, TurnoutBasis};
use crate::tally::{ControlState, ShareMethod, Tally};

mod councils;
mod incumbents;
mod json;
mod rows;

pub use councils::*;
pub use incumbents::*;
pub use json::SummaryJson;
pub use rows::*;

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub election: String,
    /// The fingerprint of the election file's record (`store::chain`): four groups
    /// of four characters that tie these figures to the file they came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    pub seats_total: u64,
    /// Seats needed for a majority of the whole council; none where part of the
    /// council is up and its other councillors are not known (tonight's seats are not
    /// the council, and half of them plus one would be a wrong figure).
    pub majority_needed: Option<u64>,
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

#[derive(Debug, Clone, Serialize)]
pub struct GroupedDescription {
    pub description: String,
    pub counted_as: String,
    pub candidates: u64,
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

/// The control of the council, as the summary's JSON names it and in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlWords {
    /// `control`, `no_overall_control`, `cannot_tell` or `open`.
    pub state: &'static str,
    /// The party in control, where one is.
    pub party: Option<String>,
    /// "Reform UK has control", "Still open: 42 seats to declare".
    pub text: String,
}

/// The control state in words.
pub fn control_text(tally: &Tally) -> ControlWords {
    let control = tally.control();
    let election = tally.election();
    let words = |state, party, text| ControlWords { state, party, text };
    match control.state {
        ControlState::Control(p) => {
            let name = election.party_name(p).to_string();
            words("control", Some(name.clone()), format!("{name} has control"))
        }
        ControlState::NoOverallControl => {
            words("no_overall_control", None, "No overall control".to_string())
        }
        ControlState::CannotTell => words(
            "cannot_tell",
            None,
            "Cannot tell: part of the council up".to_string(),
        ),
        ControlState::Open => {
            let n = control.seats_undeclared;
            let seats = if n == 1 { "seat" } else { "seats" };
            words("open", None, format!("Still open: {n} {seats} to declare"))
        }
    }
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
        return control_text(tally).text;
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

/// The summary of the night: every figure, every division's row.
pub fn summarise(tally: &Tally, options: &SummaryOptions) -> Summary {
    let mut summary = summarise_but_divisions(tally, options);
    summary.divisions = division_rows(tally);
    summary
}

// Long: Its steps, in the order they must happen, each a few lines that use what the one
// before made.
/// The summary with its list of division rows left empty, for a writer that makes
/// each row as it writes it ([`SummaryJson`]).
pub fn summarise_but_divisions(tally: &Tally, options: &SummaryOptions) -> Summary {
    let election = tally.election();
    let totals = tally.totals();
    let ControlWords { state, party, text } = control_text(tally);
    // Of the whole council: its councillors not up tonight count where given. None
    // for a night of several councils (no one chamber) or of one whose other
    // councillors are not known.
    let needed = match election.council_ixs().next() {
        _ if election.has_councils() => None,
        Some(c) if tally.council_control(c).needed.is_none() => None,
        _ => Some(tally.control().needed),
    };
    // A night of one council: its councillors not up tonight, where known (given, or
    // worked out exactly), which count towards what each party still needs.
    let not_up = tally.sole_not_up();
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
                seats_needed: needed
                    .zip(not_up.as_ref())
                    .filter(|_| !election.parties.cannot_hold_control(p))
                    .map(|(needed, not_up)| {
                        let kept = not_up.iter().find(|(q, _)| *q == p).map_or(0, |(_, n)| *n);
                        needed.saturating_sub(t.seats + kept)
                    }),
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
        divisions: Vec::new(),
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
