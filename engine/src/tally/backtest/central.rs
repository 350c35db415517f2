//! Where the projection's central shares missed: each party in each division not yet
//! declared, at each stage of each order replayed, with the share the model gave it
//! (no runs, no noise) beside the share it had. A seat total that is off is made of
//! these, and they say where: by where the party stood last time, by how far behind,
//! by council.

use super::{BacktestOptions, STAGES, orders, replayed};
use crate::model::{DivisionIx, PartyIx};
use crate::tally::Tally;
use crate::tally::projection::{NEW_BELOW, SharesSeen, central_shares, ready, shares_seen};

/// One party in one division not yet declared, at one stage of one order.
#[derive(Debug, Clone, PartialEq)]
pub struct CentralMiss {
    /// The order replayed, from 1.
    pub order: usize,
    /// The share of divisions declared (a stage).
    pub declared: f64,
    pub division: DivisionIx,
    pub party: PartyIx,
    /// The party's place by share last time (1 first, 2 second…; in a multi-member
    /// division by its best candidate); none where it was new there (under 1 % then).
    pub place_then: Option<usize>,
    /// Shares as the projection sees them: in a multi-member division the party's
    /// best candidate's then, its mean candidate's projected and had.
    pub share_then: f64,
    /// The projection's central share.
    pub projected: f64,
    /// The share it had.
    pub actual: f64,
}

/// The central shares of every party in every division not yet declared that has a
/// baseline, at each of [`STAGES`] of each order `options` gives, against `complete`'s
/// result; orders too early to project at a stage give none there.
pub fn central_misses(complete: &Tally, options: &BacktestOptions) -> Vec<CentralMiss> {
    let seen = shares_seen(complete);
    let orders = orders(complete, options);
    let mut misses = Vec::new();
    for &declared in &STAGES {
        for (k, order) in orders.iter().enumerate() {
            let Some(tally) = replayed(complete, order, declared) else {
                continue;
            };
            if ready(&tally).is_err() {
                continue;
            }
            for (i, projected) in central_shares(&tally).into_iter().enumerate() {
                let Some(SharesSeen {
                    then: Some(then),
                    now: Some(now),
                }) = seen.get(i)
                else {
                    continue;
                };
                let Some(projected) = projected else {
                    continue;
                };
                for (party, share) in projected {
                    let share_then = share_in(then, party);
                    let place_then = (share_then >= NEW_BELOW).then(|| {
                        1 + then
                            .iter()
                            .filter(|s| s.0 != party && s.1 > share_then)
                            .count()
                    });
                    misses.push(CentralMiss {
                        order: k + 1,
                        declared,
                        division: DivisionIx(i as u32),
                        party,
                        place_then,
                        share_then,
                        projected: share,
                        actual: share_in(now, party),
                    });
                }
            }
        }
    }
    misses
}

fn share_in(shares: &[(PartyIx, f64)], party: PartyIx) -> f64 {
    shares.iter().find(|s| s.0 == party).map_or(0.0, |s| s.1)
}
