//! The latest declarations: the feed of results as they come, and the newest one as
//! the board's card.

use super::*;

/// The latest declarations, newest first: "Oswaldtwistle: Reform UK gain from
/// Conservative, majority 8".
pub fn feed(tally: &Tally, count: usize) -> Vec<String> {
    let election = tally.election();
    latest_divisions(tally)
        .take(count)
        .map(|(d, kind)| {
            let outcome = tally.outcome(d);
            // On a night of several councils the council is named too.
            let label = election.division_label(d);
            let council = election.council_name(election.division(d).council);
            let name = if election.has_councils() && !label.contains(council) {
                format!("{label} ({council})")
            } else {
                label
            };
            let name = match kind {
                ChangeKind::Corrected => format!("Corrected: {name}"),
                ChangeKind::LotsDrawn => format!("Lots drawn: {name}"),
                ChangeKind::Declared | ChangeKind::Withdrawn => name,
            };
            match outcome.status {
                Status::Awaiting => format!("{name}: declaration withdrawn"),
                Status::Tied => format!("{name}: tied, lots to be drawn"),
                Status::Declared => {
                    let lot = by_lot_words(election.division(d).seats, outcome.by_lot.len())
                        .map(|words| format!(" ({words})"))
                        .unwrap_or_default();
                    let line = match outcome.majority {
                        Some(m) => format!(
                            "{name}: {}, majority {}{lot}",
                            tally.result_words(d),
                            crate::numbers::count(m)
                        ),
                        None => format!("{name}: {}", tally.result_words(d)),
                    };
                    // Sitting members who lost their seat, as results teams report them.
                    let defeated: Vec<String> = election
                        .division(d)
                        .candidate_ixs()
                        .filter(|&c| {
                            election.candidate(c).incumbent && !outcome.elected.contains(&c)
                        })
                        .map(|c| {
                            format!(
                                "{} ({}) defeated",
                                election.candidate_label(c),
                                election.party_name(election.candidate(c).party)
                            )
                        })
                        .collect();
                    if defeated.is_empty() {
                        line
                    } else {
                        format!("{line}; sitting {}", defeated.join(", "))
                    }
                }
            }
        })
        .collect()
}

/// Where seats were won by lot, which: the majority of such a division is none, and the
/// reader is told why ("elected by lot"; in a division of several seats, "last seat
/// elected by lot", since the seats before it were won outright).
fn by_lot_words(seats: u32, by_lot: usize) -> Option<String> {
    match by_lot {
        0 => None,
        _ if seats <= 1 => Some("elected by lot".to_string()),
        1 => Some("last seat elected by lot".to_string()),
        n => Some(format!("last {n} seats elected by lot")),
    }
}

/// Divisions in the order of their latest entry in the night, newest first, each once.
pub(super) fn latest_divisions(
    tally: &Tally,
) -> impl Iterator<Item = (DivisionIx, ChangeKind)> + '_ {
    let mut seen: Vec<DivisionIx> = Vec::new();
    tally.timeline().iter().rev().filter_map(move |entry| {
        if seen.contains(&entry.division) {
            None
        } else {
            seen.push(entry.division);
            Some((entry.division, entry.kind))
        }
    })
}

/// The newest declaration as a card for the board: where, what happened, who won,
/// by how much, on the winning party's colour.
#[derive(Debug, Clone, PartialEq)]
pub struct LatestResult {
    /// "Oswaldtwistle", with its area where it has one: "Oswaldtwistle (Hyndburn)".
    pub division: String,
    /// "Reform UK gain from Conservative", "Labour hold", "Tied: lots to be drawn".
    pub headline: String,
    /// Each elected candidate with their party, most votes first.
    pub winners: Vec<String>,
    /// "Majority 8 (0.3%)"; none while tied, unopposed or withdrawn.
    pub majority: Option<String>,
    /// The colour of the top winner's party; grey while tied or withdrawn.
    pub colour: Rgb,
}

/// The card for the newest entry of the night; none before the first declaration.
pub fn latest(tally: &Tally, colours: &PartyColours) -> Option<LatestResult> {
    let election = tally.election();
    let d = tally.latest_declaration()?;
    let outcome = tally.outcome(d);
    let division = election.division(d);
    let name = match &division.area {
        Some(area) if !election.division_label(d).contains(area.as_str()) => {
            format!("{} ({area})", election.division_label(d))
        }
        _ => election.division_label(d),
    };
    let winners = outcome
        .elected
        .iter()
        .map(|&c| {
            // The label already names the party where the name alone is shared.
            let label = election.candidate_label(c);
            if label == election.candidate(c).name {
                format!("{label} ({})", election.description(c))
            } else {
                label
            }
        })
        .collect();
    let (headline, colour) = match outcome.status {
        Status::Awaiting => ("Declaration withdrawn".to_string(), UNDECLARED),
        Status::Tied => ("Tied: lots to be drawn".to_string(), UNDECLARED),
        Status::Declared => {
            let top = outcome
                .elected
                .first()
                .map(|&c| election.candidate(c).party);
            let colour = top.map_or(UNDECLARED, |p| colours.colour(election.party_name(p)));
            (tally.result_words(d), colour)
        }
    };
    let lot = by_lot_words(division.seats, outcome.by_lot.len())
        .map(|words| format!(": {words}"))
        .unwrap_or_default();
    let majority = match (outcome.status, outcome.majority) {
        (Status::Declared, Some(m)) => Some(match outcome.majority_percent {
            Some(pct) => format!(
                "Majority {} ({}){lot}",
                crate::numbers::count(m),
                crate::numbers::percent(pct)
            ),
            None => format!("Majority {}{lot}", crate::numbers::count(m)),
        }),
        _ => None,
    };
    Some(LatestResult {
        division: name,
        headline,
        winners,
        majority,
        colour,
    })
}
