//! How each division looks on the map, from the tally: its winners' colours, or
//! awaiting, tied or cancelled; whether it changed hands; which one declared last.
//! Worked out once per change of the night.

use crate::colours::{PartyColours, Rgb, UNDECLARED};
use crate::model::DivisionIx;
use crate::tally::Tally;
use crate::tally::outcome::Status;

/// A tied division, waiting for lots to be drawn: white, marked "=" (any colour
/// would be some party's).
pub const TIED: Rgb = Rgb(255, 255, 255);
/// A division whose poll was cancelled: dark grey, marked "×"; no result tonight.
pub const CANCELLED: Rgb = Rgb(90, 90, 90);

impl State {
    /// The mark drawn on a shape in this state, where its colour cannot say it.
    pub fn mark(self) -> Option<&'static str> {
        match self {
            State::Tied => Some("="),
            State::Cancelled => Some("×"),
            State::Awaiting | State::Declared => None,
        }
    }
}

/// Where a division stands, as the map shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Awaiting,
    Declared,
    Tied,
    Cancelled,
}

/// How one division is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Look {
    pub state: State,
    /// One colour per seat, the winners' parties grouped (a multi-member division's
    /// shape is cut into a band per seat); one colour otherwise.
    pub fills: Vec<Rgb>,
    /// A seat changed hands against the baseline.
    pub gain: bool,
}

/// How every division is drawn, with the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct MapStyle {
    pub divisions: Vec<Look>,
    /// The latest declaration, outlined.
    pub latest: Option<DivisionIx>,
    /// The parties with seats on the map, most first, then the states shown.
    pub legend: Vec<(String, Rgb)>,
}

// Long: Its steps, in the order they must happen, each a few lines that use what the one
// before made.
pub fn style(tally: &Tally, colours: &PartyColours) -> MapStyle {
    let election = tally.election();
    let mut seats_by_party: Vec<(crate::model::PartyIx, u64)> = Vec::new();
    let mut states = [false; 4];
    // Each party's colour looked up once, not once per division.
    let party_colours: Vec<Rgb> = (0..election.parties.len())
        .map(|p| colours.colour(election.party_name(crate::model::PartyIx(p as u32))))
        .collect();
    let colour_of = |p: crate::model::PartyIx| party_colours[p.index()];
    let divisions = election
        .division_ixs()
        .map(|d| {
            let division = election.division(d);
            let outcome = tally.outcome(d);
            let state = if division.cancelled {
                State::Cancelled
            } else {
                match outcome.status {
                    Status::Awaiting => State::Awaiting,
                    Status::Declared => State::Declared,
                    Status::Tied => State::Tied,
                }
            };
            states[state as usize] = true;
            let fills = match state {
                State::Awaiting => vec![UNDECLARED],
                State::Cancelled => vec![CANCELLED],
                State::Tied => vec![TIED],
                State::Declared => {
                    let parties: Vec<_> = outcome
                        .elected
                        .iter()
                        .map(|&c| election.candidate(c).party)
                        .collect();
                    // Grouped by party, the party with most seats here first.
                    let count = |p| parties.iter().filter(|&&q| q == p).count();
                    let mut keyed: Vec<_> = parties
                        .iter()
                        .map(|&p| (std::cmp::Reverse(count(p)), p))
                        .collect();
                    keyed.sort();
                    let parties: Vec<_> = keyed.into_iter().map(|(_, p)| p).collect();
                    for &p in &parties {
                        match seats_by_party.iter_mut().find(|(q, _)| *q == p) {
                            Some((_, n)) => *n += 1,
                            None => seats_by_party.push((p, 1)),
                        }
                    }
                    let fills: Vec<Rgb> = parties.iter().map(|&p| colour_of(p)).collect();
                    if fills.is_empty() {
                        vec![UNDECLARED]
                    } else {
                        fills
                    }
                }
            };
            // A gain: some party holds more of the division's seats than at the
            // baseline (as `Tally::seat_changes` counts, without building its table).
            let gain = state == State::Declared
                && election
                    .baseline
                    .as_ref()
                    .and_then(|b| b.result(d))
                    .is_some_and(|base| {
                        let now = |p| {
                            outcome
                                .elected
                                .iter()
                                .filter(|&&c| election.candidate(c).party == p)
                                .count() as u32
                        };
                        outcome.elected.iter().any(|&c| {
                            let p = election.candidate(c).party;
                            let then: u32 =
                                base.seats.iter().filter(|s| s.0 == p).map(|s| s.1).sum();
                            now(p) > then
                        })
                    });
            Look { state, fills, gain }
        })
        .collect();
    seats_by_party.sort_by_key(|&(p, n)| (std::cmp::Reverse(n), p));
    let mut legend: Vec<(String, Rgb)> = seats_by_party
        .iter()
        .map(|&(p, _)| {
            let name = election.party_name(p);
            (name.to_string(), colours.colour(name))
        })
        .collect();
    for (state, label, colour) in [
        (State::Awaiting, "Awaiting", UNDECLARED),
        (State::Tied, "= Tied: lots to draw", TIED),
        (State::Cancelled, "× Poll cancelled", CANCELLED),
    ] {
        if states[state as usize] {
            legend.push((label.to_string(), colour));
        }
    }
    MapStyle {
        divisions,
        latest: tally.latest_declaration(),
        legend,
    }
}

/// What a division's shape says, on hover and to a screen reader: its name, where it
/// stands, who won and by how much, and what changed.
pub fn describe(tally: &Tally, d: DivisionIx) -> String {
    let election = tally.election();
    let division = election.division(d);
    let outcome = tally.outcome(d);
    let name = election.division_label(d);
    if division.cancelled {
        return format!("{name}: poll cancelled");
    }
    match outcome.status {
        Status::Awaiting => format!("{name}: awaiting"),
        Status::Tied => format!("{name}: tied, lots to be drawn"),
        Status::Declared => {
            let winners: Vec<String> = outcome
                .elected
                .iter()
                .map(|&c| {
                    format!(
                        "{} ({})",
                        election.candidate(c).name,
                        election.description(c)
                    )
                })
                .collect();
            let mut text = format!(
                "{name}: declared, {}; elected {}",
                tally.result_words(d),
                winners.join(", ")
            );
            if outcome.uncontested {
                text.push_str(", unopposed");
            }
            if let Some(m) = outcome.majority {
                text.push_str(&format!("; majority {}", crate::numbers::count(m)));
                if let Some(pct) = outcome.majority_percent {
                    text.push_str(&format!(" ({})", crate::numbers::percent(pct)));
                }
            }
            text
        }
    }
}
