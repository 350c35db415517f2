//! The dashboard's charts as data: pure functions from the tally to bars, seats,
//! series and lines, with their colours. The window only draws them; tests check them.

use crate::colours::{PartyColours, Rgb, UNDECLARED};
use crate::model::{CandidateIx, DivisionIx, PartyIx};
use crate::tally::outcome::Status;
use crate::tally::{ChangeKind, ShareMethod, Tally};

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
    // A council's seats not up tonight, where given: the bars are the council after
    // tonight, against the line for control of the whole council.
    let continuing = |p: PartyIx| election.sole_continuing(p);
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
    // A council's seats not up tonight count towards control as won seats.
    let continuing = |p: PartyIx| election.sole_continuing(p);
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

/// One seat of the council chamber.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChamberSeat {
    pub x: f64,
    pub y: f64,
    pub colour: Rgb,
    pub party: Option<PartyIx>,
}

/// The council as a hemicycle: every seat, parties from left to right by size,
/// undeclared seats grey at the right end.
pub fn chamber(tally: &Tally, colours: &PartyColours) -> Vec<ChamberSeat> {
    let election = tally.election();
    let seats = election.total_seats();
    // Past a chamber of this size a dot stands for several seats (see [`seats_per_dot`]).
    let per_dot = seats_per_dot(seats);
    let total = seats.div_ceil(per_dot) as usize;
    // Dots shared out by largest remainder, seats still to declare as one more group:
    // rounding each party's dots alone left dots "to declare" on a night all declared.
    let mut groups: Vec<(Option<PartyIx>, u64)> = parties_in_order(tally)
        .into_iter()
        .map(|p| (Some(p), tally.party(p).seats))
        .filter(|&(_, n)| n > 0)
        .collect();
    let filled: u64 = groups.iter().map(|g| g.1).sum();
    groups.push((None, seats.saturating_sub(filled)));
    let mut dots: Vec<usize> = groups.iter().map(|g| (g.1 / per_dot) as usize).collect();
    let mut order: Vec<usize> = (0..groups.len()).collect();
    // Largest remainder first; the seats to declare last among equals.
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(groups[i].1 % per_dot),
            groups[i].0.is_none(),
            i,
        )
    });
    let mut left = total.saturating_sub(dots.iter().sum());
    for &i in &order {
        if left == 0 {
            break;
        }
        if !groups[i].1.is_multiple_of(per_dot) {
            dots[i] += 1;
            left -= 1;
        }
    }
    let mut owners: Vec<Option<PartyIx>> = Vec::with_capacity(total);
    for (group, n) in groups.iter().zip(&dots) {
        owners.extend(std::iter::repeat_n(group.0, *n));
    }
    owners.resize(total, None);
    let mut positions = hemicycle(total);
    // Left to right across the whole chamber.
    positions.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.3.total_cmp(&b.3)));
    positions
        .into_iter()
        .zip(owners)
        .map(|((x, y, _, _), party)| ChamberSeat {
            x,
            y,
            colour: party.map_or(UNDECLARED, |p| colours.colour(election.party_name(p))),
            party,
        })
        .collect()
}

/// Dots a chamber draws at most; a larger council is drawn with a dot for several seats.
pub const CHAMBER_DOTS: u64 = 1000;

/// How many seats each dot of the chamber stands for: 1 up to [`CHAMBER_DOTS`] seats.
pub fn seats_per_dot(seats: u64) -> u64 {
    seats.div_ceil(CHAMBER_DOTS).max(1)
}

/// Seat positions of a hemicycle of `n` seats: (x, y, angle, radius), rows from the
/// inside out with seats in proportion to each row's length.
pub fn hemicycle(n: usize) -> Vec<(f64, f64, f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    let rows = ((n as f64 / 6.0).sqrt().round() as usize).clamp(1, 40);
    let radii: Vec<f64> = (0..rows)
        .map(|i| {
            if rows == 1 {
                1.0
            } else {
                0.45 + 0.55 * i as f64 / (rows - 1) as f64
            }
        })
        .collect();
    let sum: f64 = radii.iter().sum();
    let mut per_row: Vec<usize> = radii
        .iter()
        .map(|r| (n as f64 * r / sum).floor() as usize)
        .collect();
    let mut short = n - per_row.iter().sum::<usize>();
    // Rounding leaves a few seats over; the outer rows take them.
    for count in per_row.iter_mut().rev() {
        if short == 0 {
            break;
        }
        *count += 1;
        short -= 1;
    }
    let mut seats = Vec::with_capacity(n);
    for (&r, &count) in radii.iter().zip(&per_row) {
        for k in 0..count {
            let angle = if count == 1 {
                std::f64::consts::FRAC_PI_2
            } else {
                std::f64::consts::PI * (1.0 - k as f64 / (count - 1) as f64)
            };
            seats.push((r * angle.cos(), r * angle.sin(), angle, r));
        }
    }
    seats
}

/// Points a timeline keeps at most per party.
pub const TIMELINE_POINTS: usize = 2000;

/// A party's seats through the night.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub party: String,
    pub colour: Rgb,
    /// (hours since the first declaration, or declaration number without times; seats).
    pub points: Vec<[f64; 2]>,
}

/// Seats by party after each declaration, against declaration time.
pub fn timeline(tally: &Tally, colours: &PartyColours) -> (bool, Vec<Series>) {
    let election = tally.election();
    let entries = tally.timeline();
    let first = entries.iter().find_map(|e| e.at);
    let last = entries.iter().rev().find_map(|e| e.at);
    // Against time when every change has one and the night has run a while; a
    // replay or an import entered within minutes reads better by declaration number.
    let span_hours = match (first, last) {
        (Some(a), Some(b)) => b.duration_since(a).as_secs_f64() / 3600.0,
        _ => 0.0,
    };
    let timed = span_hours >= 0.2 && entries.iter().all(|e| e.at.is_some());
    let x = |i: usize| -> f64 {
        match (timed, first) {
            (true, Some(start)) if i > 0 => entries[i - 1]
                .at
                .map_or(0.0, |t| t.duration_since(start).as_secs_f64() / 3600.0),
            (true, _) => 0.0,
            _ => i as f64,
        }
    };
    // A line of more points than a chart has pixels shows nothing more: keep at most
    // about TIMELINE_POINTS, always with the first and the last, walking the night
    // once without keeping every state of it.
    let states = entries.len() + 1;
    let step = states.div_ceil(TIMELINE_POINTS).max(1);
    let parties = parties_in_order(tally);
    let mut seats: Vec<u64> = election
        .parties
        .iter()
        .map(|(p, _)| tally.initial_seats(p))
        .collect();
    let mut ever: Vec<bool> = seats.iter().map(|&s| s > 0).collect();
    let mut points: Vec<Vec<[f64; 2]>> = vec![Vec::new(); seats.len()];
    for i in 0..states {
        if i > 0 {
            for &(party, change) in &entries[i - 1].seat_changes {
                let s = &mut seats[party.index()];
                *s = s.saturating_add_signed(change);
                ever[party.index()] |= *s > 0;
            }
        }
        if i % step == 0 || i + 1 == states {
            for &p in &parties {
                points[p.index()].push([x(i), seats[p.index()] as f64]);
            }
        }
    }
    let series = parties
        .into_iter()
        .filter(|p| ever[p.index()])
        .map(|p| {
            let name = election.party_name(p);
            Series {
                party: name.to_string(),
                colour: colours.colour(name),
                points: std::mem::take(&mut points[p.index()]),
            }
        })
        .collect();
    (timed, series)
}

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
            let name = if kind == ChangeKind::Corrected {
                format!("Corrected: {name}")
            } else {
                name
            };
            match outcome.status {
                Status::Awaiting => format!("{name}: declaration withdrawn"),
                Status::Tied => format!("{name}: tied, lots to be drawn"),
                Status::Declared => {
                    let line = match outcome.majority {
                        Some(m) => format!(
                            "{name}: {}, majority {}",
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

/// Divisions in the order of their latest entry in the night, newest first, each once.
fn latest_divisions(tally: &Tally) -> impl Iterator<Item = (DivisionIx, ChangeKind)> + '_ {
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
    let majority = match (outcome.status, outcome.majority) {
        (Status::Declared, Some(m)) => Some(match outcome.majority_percent {
            Some(pct) => format!(
                "Majority {} ({})",
                crate::numbers::count(m),
                crate::numbers::percent(pct)
            ),
            None => format!("Majority {}", crate::numbers::count(m)),
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

/// Gains and losses by party against the baseline: (party, gains, losses, net).
pub fn gains_and_losses(tally: &Tally) -> Vec<(String, u64, u64, i64)> {
    if tally.election().baseline.is_none() {
        return Vec::new();
    }
    let election = tally.election();
    parties_in_order(tally)
        .into_iter()
        .map(|p| {
            let t = tally.party(p);
            (
                election.party_name(p).to_string(),
                t.gains,
                t.losses,
                t.gains as i64 - t.losses as i64,
            )
        })
        .filter(|r| r.1 > 0 || r.2 > 0)
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

/// The night's scoreboard on a night of several councils, as results services show
/// it: councils by who controls them (with gains and losses of control), councillors
/// by party (with change), and each council's result as it completes.
#[derive(Debug, Clone, PartialEq)]
pub struct Scoreboard {
    pub councils_total: u64,
    pub councils_complete: u64,
    /// "Labour", "No overall control", "Still open", "Cannot tell", most first.
    pub by_control: Vec<ControlTally>,
    /// Councillors elected tonight by party, most first, with change where known.
    pub councillors: Vec<PartyBar>,
    /// Councils whose every division has declared, the latest to complete first.
    pub results: Vec<CouncilLine>,
}

/// How many councils one party (or state) holds, and its gains and losses of control
/// where those can be told.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlTally {
    pub label: String,
    pub councils: u64,
    pub gains: u64,
    pub losses: u64,
    pub colour: Rgb,
}

/// One council's result: "Preston: Labour has control", with its change.
#[derive(Debug, Clone, PartialEq)]
pub struct CouncilLine {
    pub council: String,
    pub control: String,
    /// "Labour hold", "Reform UK gain from Conservative".
    pub change: Option<String>,
    pub colour: Rgb,
}

/// The scoreboard; none for a night of one council.
pub fn scoreboard(tally: &Tally, colours: &PartyColours) -> Option<Scoreboard> {
    use crate::tally::ControlState;
    let election = tally.election();
    if !election.has_councils() {
        return None;
    }
    let mut by_control: Vec<ControlTally> = Vec::new();
    fn entry(by_control: &mut Vec<ControlTally>, label: String, colour: Rgb) -> &mut ControlTally {
        let i = match by_control.iter().position(|c| c.label == label) {
            Some(i) => i,
            None => {
                by_control.push(ControlTally {
                    label,
                    councils: 0,
                    gains: 0,
                    losses: 0,
                    colour,
                });
                by_control.len() - 1
            }
        };
        &mut by_control[i]
    }
    // The newest entry of the night for each council: the order results completed.
    let mut last_entry = vec![0usize; election.councils.len()];
    for (i, e) in tally.timeline().iter().enumerate() {
        last_entry[election.division(e.division).council.index()] = i + 1;
    }
    let mut results: Vec<(usize, CouncilLine)> = Vec::new();
    let mut complete = 0;
    for c in election.council_ixs() {
        let control = tally.council_control(c);
        let (label, colour) = match control.state {
            Some(ControlState::Control(p)) => {
                let name = election.party_name(p);
                (name.to_string(), colours.colour(name))
            }
            Some(ControlState::NoOverallControl) => ("No overall control".to_string(), UNDECLARED),
            Some(ControlState::Open) => ("Still open".to_string(), UNDECLARED),
            None | Some(ControlState::CannotTell) => ("Cannot tell".to_string(), UNDECLARED),
        };
        entry(&mut by_control, label.clone(), colour).councils += 1;
        let change = tally.control_change(c);
        if let (Some(ControlState::Control(p)), Some((before, _))) =
            (control.state, tally.control_before(c))
            && before != Some(p)
        {
            entry(&mut by_control, label.clone(), colour).gains += 1;
            if let Some(q) = before {
                let name = election.party_name(q);
                entry(&mut by_control, name.to_string(), colours.colour(name)).losses += 1;
            }
        } else if let (Some(ControlState::NoOverallControl), Some((Some(q), _))) =
            (control.state, tally.control_before(c))
        {
            let name = election.party_name(q);
            entry(&mut by_control, name.to_string(), colours.colour(name)).losses += 1;
        }
        let done = election.council_complete(c, tally.council(c).divisions_declared);
        if done {
            complete += 1;
            results.push((
                last_entry[c.index()],
                CouncilLine {
                    council: election.council_name(c).to_string(),
                    control: crate::report::council_control_text(tally, c).text,
                    change: change.map(|c| c.text),
                    colour,
                },
            ));
        }
    }
    // A party that only lost control holds no council now: keep it, at 0.
    by_control.sort_by(|a, b| {
        b.councils
            .cmp(&a.councils)
            .then(b.losses.cmp(&a.losses))
            .then_with(|| a.label.cmp(&b.label))
    });
    results.sort_by_key(|r| std::cmp::Reverse(r.0));
    let councillors = parties_in_order(tally)
        .into_iter()
        .filter(|&p| tally.party(p).seats > 0)
        .map(|p| {
            let name = election.party_name(p);
            PartyBar {
                party: name.to_string(),
                value: tally.party(p).seats as f64,
                colour: colours.colour(name),
                change: tally.seats_change(p).map(|c| c as f64),
            }
        })
        .collect();
    Some(Scoreboard {
        councils_total: election.councils.len() as u64,
        councils_complete: complete,
        by_control,
        councillors,
        results: results.into_iter().map(|(_, line)| line).collect(),
    })
}
