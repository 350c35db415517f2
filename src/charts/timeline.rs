//! Seats by party as the night went on: one series per party, thinned to a few
//! thousand points on a big night.

use super::*;

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
