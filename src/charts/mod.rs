//! The dashboard's charts as data: pure functions from the tally to bars, seats,
//! series and lines, with their colours. The window only draws them; tests check them.

use crate::colours::{PartyColours, Rgb, UNDECLARED};
use crate::model::{CandidateIx, DivisionIx, PartyIx};
use crate::tally::outcome::Status;
use crate::tally::{ChangeKind, ShareMethod, Tally};

mod chamber;
mod feed;
mod scoreboard;
mod timeline;

pub use chamber::*;
pub use feed::*;
pub use scoreboard::*;
pub use timeline::*;

/// One bar of a party chart.
#[derive(Debug, Clone, PartialEq)]
pub struct PartyBar {
    pub party: String,
    pub value: f64,
    pub colour: Rgb,
    /// Against the baseline: seats ("+41") or points ("+3.2"); none without one.
    pub change: Option<f64>,
}

impl PartyBar {
    /// The change as shown on the bar: "+41", "−3" (a true minus), "+3.2", "0".
    pub fn change_label(&self, decimals: usize) -> Option<String> {
        self.change.map(|c| crate::numbers::change_f(c, decimals))
    }
}

/// Seats by party, with the line for control and what is still to declare.
#[derive(Debug, Clone, PartialEq)]
pub struct SeatChart {
    pub bars: Vec<PartyBar>,
    /// Seats needed for control, drawn as a line ("43 for control").
    pub threshold: u64,
    pub undeclared: u64,
}

/// Parties with seats or votes, most seats first (then most votes).
fn parties_in_order(tally: &Tally) -> Vec<PartyIx> {
    let mut parties: Vec<PartyIx> = tally
        .election()
        .parties
        .iter()
        .map(|(p, _)| p)
        .filter(|&p| {
            let t = tally.party(p);

            t.seats > 0 || t.votes > 0 || t.baseline_seats > 0
        })
        .collect();
    parties.sort_by(|&a, &b| {
        let (ta, tb) = (tally.party(a), tally.party(b));
        tb.seats
            .cmp(&ta.seats)
            .then(tb.votes.cmp(&ta.votes))
            .then(a.cmp(&b))
    });
    parties
}

pub fn seats(tally: &Tally, colours: &PartyColours) -> SeatChart {
    let election = tally.election();
    // A council's seats not up tonight, where known: the bars are the council after
    // tonight, against the line for control of the whole council.
    let not_up = tally.sole_not_up().unwrap_or_default();
    let continuing = |p: PartyIx| not_up.iter().find(|(q, _)| *q == p).map_or(0, |(_, n)| *n);
    // No change to show until a division with a baseline has declared: "+0" before
    // then would claim a comparison that has not been made.
    let compared = tally.totals().divisions_compared_seats > 0;
    let seats_change = |p: PartyIx| tally.seats_change(p).filter(|_| compared);
    let bars = parties_in_order(tally)
        .into_iter()
        .filter(|&p| {
            tally.party(p).seats + continuing(p) > 0 || seats_change(p).is_some_and(|c| c != 0)
        })
        .map(|p| {
            let name = election.party_name(p);
            PartyBar {
                party: name.to_string(),
                value: (tally.party(p).seats + continuing(p)) as f64,
                colour: colours.colour(name),
                change: seats_change(p).map(|c| c as f64),
            }
        })
        .collect();
    let control = tally.control();
    SeatChart {
        bars: lump_small(bars),
        // No line for control on a night of several councils (there is no one
        // chamber), nor where the seats not up tonight are not known.
        threshold: if election.has_councils()
            || control.state == crate::tally::ControlState::CannotTell
        {
            0
        } else {
            control.needed
        },
        undeclared: control.seats_undeclared,
    }
}

/// The most bars a party chart shows: past it, the smallest parties are one bar,
/// "Others (N)" (a day of local elections has dozens of local parties; more bars
/// than this leave a chart's names unreadable in a dashboard card).
const MOST_BARS: usize = 9;

fn lump_small(mut bars: Vec<PartyBar>) -> Vec<PartyBar> {
    if bars.len() <= MOST_BARS {
        return bars;
    }
    let rest = bars.split_off(MOST_BARS - 1);
    let change = rest.iter().map(|b| b.change).sum::<Option<f64>>();
    bars.push(PartyBar {
        party: format!("Others ({})", rest.len()),
        value: rest.iter().map(|b| b.value).sum(),
        colour: OTHERS_COLOUR,
        change,
    });
    bars
}

/// Lumped small parties: a mid grey, apart from the light grey of undeclared seats.
pub const OTHERS_COLOUR: Rgb = Rgb(140, 140, 140);

/// Independents one by one: each elected independent as their own bar.
pub fn independents(tally: &Tally) -> Vec<(String, String)> {
    let election = tally.election();
    election
        .division_ixs()
        .flat_map(|d| tally.outcome(d).elected.iter().map(move |&c| (d, c)))
        .filter(|&(_, c)| election.parties.is_independent(election.candidate(c).party))
        .map(|(d, c)| (election.candidate_label(c), election.division_label(d)))
        .collect()
}

/// Vote share by party, with the change against the baseline, by the method chosen.
pub fn shares(tally: &Tally, colours: &PartyColours, method: ShareMethod) -> Vec<PartyBar> {
    let election = tally.election();
    let mut bars: Vec<PartyBar> = parties_in_order(tally)
        .into_iter()
        .filter(|&p| tally.party(p).votes > 0)
        .filter_map(|p| {
            let name = election.party_name(p);
            Some(PartyBar {
                party: name.to_string(),
                value: tally.share(p, method)?,
                colour: colours.colour(name),
                change: tally.share_change(p, method),
            })
        })
        .collect();
    bars.sort_by(|a, b| b.value.total_cmp(&a.value));
    lump_small(bars)
}

/// A party's path to control.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlPath {
    pub party: String,
    pub colour: Rgb,
    pub won: u64,
    /// Won plus still winnable.
    pub possible: u64,
    /// Still needed for control (0 once it has it).
    pub needed: u64,
}

/// The state in words, and each party that has won or can still win seats.
pub fn control(tally: &Tally, colours: &PartyColours) -> (String, Vec<ControlPath>) {
    let election = tally.election();
    let control = tally.control();
    let needed = control.needed;
    // Without the seats not up tonight there is no path to control to draw.
    let cannot_tell = control.state == crate::tally::ControlState::CannotTell;
    // A council's seats not up tonight, where known, count towards control as won
    // seats.
    let not_up = tally.sole_not_up().unwrap_or_default();
    let continuing = |p: PartyIx| not_up.iter().find(|(q, _)| *q == p).map_or(0, |(_, n)| *n);
    let paths = parties_in_order(tally)
        .into_iter()
        .filter(|&p| {
            !cannot_tell
                && !election.parties.cannot_hold_control(p)
                && tally.party(p).possible + continuing(p) > 0
        })
        .map(|p| {
            let name = election.party_name(p);
            let t = tally.party(p);
            let won = t.seats + continuing(p);
            ControlPath {
                party: name.to_string(),
                colour: colours.colour(name),
                won,
                possible: t.possible + continuing(p),
                needed: needed.saturating_sub(won),
            }
        })
        .collect();
    // A night of several councils has no one chamber: its headline is the councils.
    let text = crate::report::headline(tally);
    (text, paths)
}

/// A declared division's majority, for the majorities chart.
#[derive(Debug, Clone, PartialEq)]
pub struct MajorityBar {
    pub division: DivisionIx,
    pub name: String,
    pub value: f64,
    pub colour: Rgb,
    pub winner: String,
    pub runner_up: Option<String>,
}

/// Every declared division's majority (or majority %), closest first.
pub fn majorities(tally: &Tally, colours: &PartyColours, percent: bool) -> Vec<MajorityBar> {
    let election = tally.election();
    let label = |c: CandidateIx| {
        let candidate = election.candidate(c);
        format!(
            "{} ({})",
            candidate.name,
            election.party_name(candidate.party)
        )
    };
    // The values first, without a string: names and labels only for the bars kept.
    let mut values: Vec<(f64, DivisionIx)> = election
        .division_ixs()
        .filter_map(|d| {
            let outcome = tally.outcome(d);
            outcome.elected.last()?;
            let value = if percent {
                outcome.majority_percent?
            } else {
                outcome.majority? as f64
            };
            Some((value, d))
        })
        .collect();
    let by_value = |a: &(f64, DivisionIx), b: &(f64, DivisionIx)| {
        a.0.total_cmp(&b.0).then_with(|| {
            election
                .division(a.1)
                .name
                .cmp(&election.division(b.1).name)
        })
    };
    if values.len() > MAJORITY_BARS {
        // Find the closest MAJORITY_BARS by value alone (names are slow to compare,
        // and whole-vote majorities tie often), then keep every division at or below
        // that value so that ties at the edge are still settled by name.
        values.select_nth_unstable_by_key(MAJORITY_BARS - 1, |v| order_key(v.0));
        let edge = order_key(values[MAJORITY_BARS - 1].0);
        values.retain(|v| order_key(v.0) <= edge);
    }
    values.sort_by(by_value);
    values.truncate(MAJORITY_BARS);
    values
        .into_iter()
        .filter_map(|(value, d)| {
            let outcome = tally.outcome(d);
            let last = *outcome.elected.last()?;
            let runner_up = tally.declaration(d).and_then(|decl| {
                election
                    .division(d)
                    .candidate_ixs()
                    .zip(&decl.votes)
                    .filter(|(c, _)| !outcome.elected.contains(c))
                    .max_by_key(|&(c, v)| (*v, std::cmp::Reverse(c)))
                    .map(|(c, _)| c)
            });
            Some(MajorityBar {
                division: d,
                name: election.division(d).name.clone(),
                value,
                colour: colours.colour(election.party_name(election.candidate(last).party)),
                winner: label(last),
                runner_up: runner_up.map(label),
            })
        })
        .collect()
}

/// The closest results the majorities chart keeps (no chart shows more bars).
pub const MAJORITY_BARS: usize = 1000;

/// One party's seats gained and lost against the baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GainsAndLosses {
    pub party: String,
    pub gains: u64,
    pub losses: u64,
    /// Gains less losses.
    pub net: i64,
}

/// Gains and losses by party against the baseline, for parties with either.
pub fn gains_and_losses(tally: &Tally) -> Vec<GainsAndLosses> {
    if tally.election().baseline.is_none() {
        return Vec::new();
    }
    let election = tally.election();
    parties_in_order(tally)
        .into_iter()
        .map(|p| {
            let t = tally.party(p);
            GainsAndLosses {
                party: election.party_name(p).to_string(),
                gains: t.gains,
                losses: t.losses,
                net: t.gains as i64 - t.losses as i64,
            }
        })
        .filter(|r| r.gains > 0 || r.losses > 0)
        .collect()
}

/// Turnout of each declared division where it is known, highest first.
pub fn turnout(tally: &Tally) -> Vec<(DivisionIx, f64)> {
    let election = tally.election();
    // Divisions by index, not name: the table names only the rows in view.
    let mut rows: Vec<(DivisionIx, f64)> = election
        .division_ixs()
        .filter_map(|d| Some((d, tally.outcome(d).turnout?.percent)))
        .collect();
    // An unstable sort on integer keys: a quarter of the time of comparing floats at
    // 200,000 divisions, and the index makes the order complete all the same.
    rows.sort_unstable_by_key(|&(d, pct)| (std::cmp::Reverse(order_key(pct)), d));
    rows
}

/// A float as an integer in the same order as `f64::total_cmp`, for fast sorting.
fn order_key(value: f64) -> u64 {
    let bits = value.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}
