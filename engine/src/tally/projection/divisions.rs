//! The divisions as the projection sees them: each one's seats, parties standing,
//! shares then and now (a party's total in a single seat, its mean candidate in a
//! multi-member division), its units (council, area), and the typical gap between
//! running mates.

use super::model::Grouping;
use super::*;

/// One division as the projection sees it.
#[derive(Clone)]
pub(super) struct Div {
    pub(super) ix: DivisionIx,
    pub(super) seats: u32,
    /// The parties standing, with how many candidates each.
    pub(super) standing: Vec<(PartyIx, u32)>,
    /// Shares at the baseline, by party; none without a baseline with votes.
    pub(super) then: Option<Vec<(PartyIx, f64)>>,
    /// Shares declared tonight; none while awaiting.
    pub(super) now: Option<Vec<(PartyIx, f64)>>,
    /// Valid votes tonight (the weight of a declared division).
    pub(super) weight: f64,
    /// Its area (a block of results), by number.
    pub(super) block: usize,
    /// The poll was cancelled: no result tonight, nothing to project.
    pub(super) cancelled: bool,
    /// When it declared, where the declaration says (seconds since 1970).
    pub(super) declared_at: Option<i64>,
}

pub(super) fn share_of(shares: &[(PartyIx, f64)], p: PartyIx) -> Option<f64> {
    shares.iter().find(|s| s.0 == p).map(|s| s.1)
}

pub(super) fn normalise(shares: &mut [(PartyIx, f64)]) {
    let total: f64 = shares.iter().map(|s| s.1.max(0.0)).sum();
    for s in shares.iter_mut() {
        s.1 = if total > 0.0 {
            s.1.max(0.0) / total
        } else {
            0.0
        };
    }
}

/// The night's divisions as the projection sees them.
pub(super) fn divisions(tally: &Tally) -> Vec<Div> {
    let election = tally.election();
    let mut blocks: Vec<&str> = Vec::new();
    let mut next_lone = usize::MAX / 2;
    election
        .division_ixs()
        .map(|d| {
            let division = election.division(d);
            let mut standing: Vec<(PartyIx, u32)> = Vec::new();
            for c in division.candidate_ixs() {
                let p = election.candidate(c).party;
                match standing.iter_mut().find(|s| s.0 == p) {
                    Some(s) => s.1 += 1,
                    None => standing.push((p, 1)),
                }
            }
            let then = election
                .baseline
                .as_ref()
                .and_then(|b| b.result(d))
                .filter(|r| r.has_votes())
                .map(|r| {
                    let rows = if division.seats > 1 {
                        &r.top_votes
                    } else {
                        &r.votes
                    };
                    let mut shares: Vec<(PartyIx, f64)> =
                        rows.iter().map(|&(p, v)| (p, v as f64)).collect();
                    normalise(&mut shares);
                    shares
                });
            let outcome = tally.outcome(d);
            let declaration = tally.declaration(d);
            let now = (outcome.status != Status::Awaiting && !outcome.uncontested)
                .then_some(declaration)
                .flatten()
                .map(|declaration| {
                    let mut sums: Vec<(PartyIx, f64)> =
                        standing.iter().map(|&(p, _)| (p, 0.0)).collect();
                    for (pos, c) in division.candidate_ixs().enumerate() {
                        let p = election.candidate(c).party;
                        let v = declaration.votes.get(pos).copied().unwrap_or(0) as f64;
                        if let Some(s) = sums.iter_mut().find(|s| s.0 == p) {
                            s.1 += v;
                        }
                    }
                    // In a multi-member division each party's mean candidate vote;
                    // in a single seat its total, as the baseline's (two candidates
                    // under one label, independents mostly, are not one half-vote
                    // each: the seat goes to the stronger, whose vote the total is
                    // nearer).
                    for s in sums.iter_mut().filter(|_| division.seats > 1) {
                        let n = standing.iter().find(|x| x.0 == s.0).map_or(1, |x| x.1);
                        s.1 /= f64::from(n.max(1));
                    }
                    normalise(&mut sums);
                    sums
                });
            let block = match division.area.as_deref() {
                Some(area) => match blocks.iter().position(|b| b.eq_ignore_ascii_case(area)) {
                    Some(i) => i,
                    None => {
                        blocks.push(area);
                        blocks.len() - 1
                    }
                },
                // No area: each division is a block of its own.
                None => {
                    next_lone += 1;
                    next_lone
                }
            };
            Div {
                ix: d,
                seats: division.seats,
                standing,
                then,
                now,
                weight: outcome.valid_votes as f64,
                block,
                cancelled: division.cancelled,
                declared_at: declaration
                    .and_then(|x| x.declared_at)
                    .map(|t| t.as_second()),
            }
        })
        .collect()
}

/// Each division's unit at each level the model shifts by: its council on a night of
/// several councils, then its area (where areas are not the councils themselves).
pub(super) fn levels(tally: &Tally, divs: &[Div]) -> Vec<Grouping> {
    let election = tally.election();
    let councils: Vec<usize> = divs
        .iter()
        .map(|d| election.division(d.ix).council.index())
        .collect();
    // Areas as units: a division with an area of its own (none given) has none.
    let lone = |b: usize| b >= usize::MAX / 2;
    let areas: Vec<usize> = divs
        .iter()
        .map(|d| if lone(d.block) { usize::MAX } else { d.block })
        .collect();
    let mut levels = Vec::new();
    if election.has_councils() {
        // Areas that are the councils over again (one area to a council, one council
        // to an area) add nothing.
        let pairs: std::collections::HashSet<(usize, usize)> = areas
            .iter()
            .zip(&councils)
            .filter(|(a, _)| **a != usize::MAX)
            .map(|(a, c)| (*a, *c))
            .collect();
        let distinct = |f: fn(&(usize, usize)) -> usize| {
            pairs
                .iter()
                .map(f)
                .collect::<std::collections::HashSet<_>>()
                .len()
        };
        let same = distinct(|p| p.0) == pairs.len() && distinct(|p| p.1) == pairs.len();
        levels.push(Grouping {
            unit_of: councils,
            councils: true,
        });
        if same {
            return levels;
        }
    }
    if areas.iter().any(|&a| a != usize::MAX) {
        levels.push(Grouping {
            unit_of: areas,
            councils: false,
        });
    }
    levels
}

/// The typical gap between a party's running mates, from tonight's declared
/// multi-member divisions (in the same share units as the parties' shares).
pub(super) fn running_mate_gap(tally: &Tally, divs: &[Div]) -> f64 {
    let election: &Election = tally.election();
    let (mut sum, mut n) = (0.0, 0usize);
    for d in divs.iter().filter(|d| d.seats > 1 && d.now.is_some()) {
        let Some(declaration) = tally.declaration(d.ix) else {
            continue;
        };
        let division = election.division(d.ix);
        // The sum of the parties' mean candidate votes: the shares' denominator.
        let mut means = 0.0;
        for &(p, n) in &d.standing {
            let votes: u64 = division
                .candidate_ixs()
                .enumerate()
                .filter(|(_, c)| election.candidate(*c).party == p)
                .map(|(pos, _)| declaration.votes.get(pos).copied().unwrap_or(0))
                .sum();
            means += votes as f64 / f64::from(n.max(1));
        }
        if means <= 0.0 {
            continue;
        }
        for &(p, count) in d.standing.iter().filter(|s| s.1 > 1) {
            let mut votes: Vec<u64> = division
                .candidate_ixs()
                .enumerate()
                .filter(|(_, c)| election.candidate(*c).party == p)
                .map(|(pos, _)| declaration.votes.get(pos).copied().unwrap_or(0))
                .collect();
            votes.sort_unstable_by(|a, b| b.cmp(a));
            for pair in votes.windows(2).take(count as usize - 1) {
                sum += (pair[0] - pair[1]) as f64 / means;
                n += 1;
            }
        }
    }
    if n == 0 { DEFAULT_GAP } else { sum / n as f64 }
}

/// Divisions whose seats are known without a count (unopposed returns), or that
/// fill none tonight (a cancelled poll).
pub(super) fn is_settled(d: &Div) -> bool {
    d.cancelled || d.standing.iter().map(|s| s.1).sum::<u32>() <= d.seats
}
