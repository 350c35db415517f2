//! Backtests of the projection: a complete result replayed in declaration orders
//! (random, in area blocks, or the real order), projected at stages of the night and
//! compared with the final seats.

mod central;

use std::sync::Arc;

use crate::model::{Declaration, DivisionIx};
use crate::tally::Tally;
use crate::tally::projection::{ProjectionOptions, project};
pub use central::{CentralMiss, central_misses};

/// The order the divisions are replayed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Each division at a random place.
    Random,
    /// Areas (count centres) in a random order, each area's divisions together.
    Blocks,
    /// As they were declared (their declaration times), once.
    Declared,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BacktestOptions {
    pub orders: usize,
    pub order: Order,
    pub simulations: usize,
    pub seed: u64,
}

/// How the projection did for one party at one stage, over all orders.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PartyScore {
    pub party: String,
    pub final_seats: u32,
    /// Mean over orders of |median − final seats|.
    pub mean_abs_error: f64,
    /// Mean over orders of (median − final seats): a bias.
    pub mean_error: f64,
    /// Share of orders whose 90 % range held the final seats.
    pub coverage: f64,
}

/// One stage of the night (a share of divisions declared).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Stage {
    pub declared: f64,
    /// Orders in which nothing could be projected yet.
    pub too_early: usize,
    pub parties: Vec<PartyScore>,
    /// The mean chance the projection gave to the control that came about.
    pub p_actual_control: f64,
    /// Orders in which the projection called the control that came about (50 % or
    /// more on it); on a night of several councils, council-orders.
    pub called: usize,
    pub orders: usize,
    /// Whether control was scored at all: not on a night of one council electing part
    /// of its seats whose other councillors are unknown, nor on a night of several
    /// where no council's control can be told.
    pub control_scored: bool,
    /// On a night of several councils: the council-orders scored (each council whose
    /// control the projection tells, in each order projected)…
    #[serde(skip_serializing_if = "crate::tally::projection::is_zero")]
    pub council_orders: usize,
    /// …and the councils whose control was called wrong, with in how many orders.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub councils_missed: Vec<(String, usize)>,
}

/// On a night of several councils, each council whose control the night tells and a
/// projection can be scored on, with its control as it came about: its party, or none
/// for no overall control. A council electing part of its seats whose councillors not
/// up tonight are not known is left out: its control is not tonight's to tell, and
/// scoring it on tonight's seats alone would call a party's win of most of a third a
/// win of the council.
pub fn scored_councils(complete: &Tally) -> Vec<(String, Option<String>)> {
    let election = complete.election();
    if !election.has_councils() {
        return Vec::new();
    }
    election
        .council_ixs()
        .filter(|&c| complete.continuing_known(c).is_some())
        .filter_map(|c| {
            let name = election.council_name(c).to_string();
            match complete.council_control(c).state? {
                crate::tally::ControlState::Control(p) => {
                    Some((name, Some(election.party_name(p).to_string())))
                }
                crate::tally::ControlState::NoOverallControl => Some((name, None)),
                _ => None,
            }
        })
        .collect()
}

/// `complete` with the first `share` of `order` declared, as they were; none where
/// the declarations are refused.
fn replayed(complete: &Tally, order: &[DivisionIx], share: f64) -> Option<Tally> {
    let n = ((order.len() as f64) * share).round() as usize;
    let declared: Vec<(DivisionIx, Declaration)> = order[..n.min(order.len())]
        .iter()
        .filter_map(|&d| complete.declaration(d).cloned().map(|x| (d, x)))
        .collect();
    Tally::with_declarations(complete.election().clone(), declared).ok()
}

/// The stages reported.
pub const STAGES: [f64; 3] = [0.25, 0.5, 0.75];

fn shuffle<T>(items: &mut [T], random: &mut u64) {
    for i in (1..items.len()).rev() {
        *random = random
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = ((*random >> 33) as usize) % (i + 1);
        items.swap(i, j);
    }
}

/// The orders to replay `complete` in.
fn orders(complete: &Tally, options: &BacktestOptions) -> Vec<Vec<DivisionIx>> {
    let election = complete.election();
    let all: Vec<DivisionIx> = election.division_ixs().collect();
    let mut random = options.seed ^ 0x5DEE_CE66;
    match options.order {
        Order::Declared => {
            let mut order = all;
            order.sort_by_key(|&d| (complete.declaration(d).and_then(|x| x.declared_at), d));
            vec![order]
        }
        Order::Random => (0..options.orders)
            .map(|_| {
                let mut order = all.clone();
                shuffle(&mut order, &mut random);
                order
            })
            .collect(),
        Order::Blocks => {
            let mut areas: Vec<String> = Vec::new();
            for &d in &all {
                let area = election.division(d).area.clone().unwrap_or_default();
                if !areas.contains(&area) {
                    areas.push(area);
                }
            }
            (0..options.orders)
                .map(|_| {
                    let mut shuffled = areas.clone();
                    shuffle(&mut shuffled, &mut random);
                    let mut order = Vec::with_capacity(all.len());
                    for area in &shuffled {
                        let mut block: Vec<DivisionIx> = all
                            .iter()
                            .copied()
                            .filter(|&d| {
                                election.division(d).area.clone().unwrap_or_default() == *area
                            })
                            .collect();
                        shuffle(&mut block, &mut random);
                        order.extend(block);
                    }
                    order
                })
                .collect()
        }
    }
}

/// Replays `complete` (every division declared, with its baseline) and scores the
/// projection at each of [`STAGES`].
///
/// Long: Its steps, in the order they must happen, each a few lines that use what the one
/// before made.
pub fn backtest(complete: &Tally, options: &BacktestOptions) -> Vec<Stage> {
    let election: Arc<crate::model::Election> = complete.election().clone();
    let several = election.has_councils();
    // A night of one council: its councillors not up tonight, where known, which its
    // projected seats (and so its final seats here) count; none known, no control.
    let sole_not_up = complete.sole_not_up();
    let finals: Vec<(String, u32)> = election
        .parties
        .iter()
        .map(|(p, name)| {
            let not_up = sole_not_up
                .iter()
                .flatten()
                .find(|(q, _)| *q == p)
                .map_or(0, |(_, n)| *n);
            (name.to_string(), (complete.party(p).seats + not_up) as u32)
        })
        .collect();
    let control = complete.control();
    let actual_control: Option<String> = match control.state {
        crate::tally::ControlState::Control(p) => Some(election.party_name(p).to_string()),
        _ => None,
    };
    let council_actual = scored_councils(complete);
    let orders = orders(complete, options);
    let mut stages = Vec::new();
    for &share in &STAGES {
        let mut too_early = 0;
        let mut errors: Vec<(f64, f64, usize)> = vec![(0.0, 0.0, 0); finals.len()];
        let mut p_actual = 0.0;
        let mut called = 0;
        let mut projected = 0;
        let mut council_orders = 0;
        let mut missed: Vec<(String, usize)> = Vec::new();
        for (k, order) in orders.iter().enumerate() {
            let Some(tally) = replayed(complete, order, share) else {
                continue;
            };
            let projection = match project(
                &tally,
                ProjectionOptions {
                    simulations: options.simulations,
                    seed: options.seed.wrapping_add(k as u64),
                },
            ) {
                Ok(p) => p,
                Err(_) => {
                    too_early += 1;
                    continue;
                }
            };
            projected += 1;
            for (i, (party, final_seats)) in finals.iter().enumerate() {
                let row = projection.parties.iter().find(|p| &p.party == party);
                let (median, low, high) =
                    row.map_or((0, 0, 0), |r| (r.seats_median, r.seats_low, r.seats_high));
                let error = f64::from(median) - f64::from(*final_seats);
                errors[i].0 += error.abs();
                errors[i].1 += error;
                if low <= *final_seats && *final_seats <= high {
                    errors[i].2 += 1;
                }
            }
            if sole_not_up.is_some() {
                let p = match &actual_control {
                    Some(party) => projection
                        .parties
                        .iter()
                        .find(|r| &r.party == party)
                        .map_or(0.0, |r| r.p_control),
                    None => projection.p_no_overall_control,
                };
                p_actual += p;
                if p >= 0.5 {
                    called += 1;
                }
            }
            for (council, actual) in &council_actual {
                let Some(odds) = projection.councils.iter().find(|c| &c.council == council) else {
                    continue;
                };
                let p = match actual {
                    Some(party) => odds
                        .p_control
                        .iter()
                        .find(|(name, _)| name == party)
                        .map_or(0.0, |(_, p)| *p),
                    None => odds.p_no_overall_control,
                };
                council_orders += 1;
                p_actual += p;
                if p >= 0.5 {
                    called += 1;
                } else {
                    match missed.iter_mut().find(|(name, _)| name == council) {
                        Some(row) => row.1 += 1,
                        None => missed.push((council.clone(), 1)),
                    }
                }
            }
        }
        let runs = projected.max(1) as f64;
        let controls = if several {
            council_orders.max(1) as f64
        } else {
            runs
        };
        missed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut parties: Vec<PartyScore> = finals
            .iter()
            .zip(&errors)
            .filter(|((_, seats), e)| *seats > 0 || e.0 > 0.0)
            .map(|((party, seats), e)| PartyScore {
                party: party.clone(),
                final_seats: *seats,
                mean_abs_error: e.0 / runs,
                mean_error: e.1 / runs,
                coverage: e.2 as f64 / runs,
            })
            .collect();
        parties.sort_by(|a, b| {
            b.final_seats
                .cmp(&a.final_seats)
                .then(a.party.cmp(&b.party))
        });
        stages.push(Stage {
            declared: share,
            too_early,
            parties,
            p_actual_control: p_actual / controls,
            called,
            orders: orders.len(),
            control_scored: sole_not_up.is_some() || !council_actual.is_empty(),
            council_orders,
            councils_missed: missed,
        });
    }
    stages
}
