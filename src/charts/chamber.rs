//! The council chamber as dots: one per seat (or per few seats on a large night),
//! laid out as a hemicycle in party order.

use super::*;

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
