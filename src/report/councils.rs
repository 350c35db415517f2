//! Councils on the summary: each council's seats, control and change of hands, and
//! on a night of several, councils by control and councillors by party.

use super::*;

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
    /// Seats won tonight less the seats the party held in the same divisions at the
    /// baseline, over declared divisions that have a baseline result; none until one
    /// of the council's declared divisions has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seats_change: Option<i64>,
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

pub(super) fn change_report(tally: &Tally, council: CouncilIx) -> Option<ControlChangeReport> {
    tally.control_change(council).map(|c| ControlChangeReport {
        text: c.text,
        against: c.against,
    })
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
            // A council none of whose declared divisions has a baseline result has
            // no seat change to give ("–"), not a change of nought.
            let compared = totals.divisions_compared_seats > 0;
            // Seats not up tonight: given, or derived exactly from the council before
            // the poll less the seats defended.
            let derived = tally.derived_continuing(c).filter(|d| d.exact);
            let known = council.continuing.is_some() || derived.is_some();
            // A council that elects every seat tonight is, after tonight, what it won.
            let whole = known || !council.is_partial();
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
                // A party that stood nowhere tonight but lost seats it held is shown
                // with its loss.
                .filter(|(f, continuing, _)| {
                    f.seats > 0 || f.votes > 0 || *continuing > 0 || f.baseline_seats > 0
                })
                .map(|(f, continuing, name)| CouncilPartyRow {
                    party: name.to_string(),
                    seats: f.seats,
                    seats_change: compared.then(|| f.seats_change()),
                    votes: f.votes,
                    continuing: known.then_some(continuing),
                    council_after: whole.then_some(f.seats + continuing),
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
                council_seats: whole.then_some(council.seats + continuing_total),
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
            seats_change: tally.seats_change(p),
            votes: tally.party(p).votes,
            continuing: None,
            council_after: None,
        })
        .filter(|r| r.seats > 0 || r.seats_change.is_some_and(|c| c != 0))
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

/// How many councils are complete, and councils by who controls them ("Labour",
/// "No overall control", "Still open", "Cannot tell"), most first.
pub fn councils_by_control(tally: &Tally) -> (u64, Vec<ControlCount>) {
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
