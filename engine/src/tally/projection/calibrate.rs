//! How far to stretch a division's own errors, judged on the divisions declared.
//!
//! Each declared division's errors are worked out with it left out of the fit, so
//! its left-out prediction is its result less those errors. Had it been undeclared,
//! a run would have given it that prediction plus another declared division's
//! errors (its donor). Over the declared divisions, the stretch whose runs gave the
//! actual winner the best chances (the highest mean log-probability) is the one the
//! night's own results support: errors borrowed from one division and laid over
//! another are not always as wide, or as narrow, as what that division does.

use crate::model::PartyIx;
use crate::random::Random;

use super::Div;
use super::model::{LEAST_TO_DRAW, Model};

/// The stretches tried.
const SCALES: [f64; 6] = [0.75, 1.0, 1.25, 1.5, 1.75, 2.0];
/// Runs per declared division.
const RUNS: usize = 64;
/// Fewer declared divisions than this say too little to choose: no stretch.
const LEAST_DECLARED: usize = 30;
/// The calibration's own seed: the same night gives the same stretch.
const SEED: u64 = 0x5ca1e;

/// A declared division as the calibration sees it: its winner tonight and, per party,
/// where it stood there and its left-out prediction.
struct Case {
    /// Its place among the model's donors (never its own donor).
    donor: usize,
    winner: PartyIx,
    predicted: Vec<(PartyIx, usize, f64)>,
}

/// The stretch of the own errors that best foretold the declared divisions' winners
/// (1 while fewer than [`LEAST_DECLARED`] have declared).
pub(super) fn own_scale(model: &Model, divs: &[Div]) -> f64 {
    if model.donors.len() < LEAST_DECLARED {
        return 1.0;
    }
    best_scale(model, &cases(model, divs))
}

/// Each declared division's winner and left-out predictions: its result less the
/// errors the model made there with it left out.
fn cases(model: &Model, divs: &[Div]) -> Vec<Case> {
    let mut cases = Vec::with_capacity(model.donors.len());
    for (k, donor) in model.donors.iter().enumerate() {
        let Some(now) = &divs[donor.div].now else {
            continue;
        };
        // The party with the highest share tonight: the (first) winner.
        let Some(winner) = now
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|s| s.0)
        else {
            continue;
        };
        let predicted = donor
            .errors
            .iter()
            .map(|e| {
                let share = now.iter().find(|s| s.0 == e.party).map_or(0.0, |s| s.1);
                (e.party, e.kind, share - e.error)
            })
            .collect();
        cases.push(Case {
            donor: k,
            winner,
            predicted,
        });
    }
    cases
}

/// The stretch under which runs (each division's prediction plus another declared
/// division's errors) gave the actual winners the highest mean log-probability.
fn best_scale(model: &Model, cases: &[Case]) -> f64 {
    let n = model.donors.len();
    if n < 2 {
        return 1.0;
    }
    let mut random = Random(SEED);
    let mut score = [0.0; SCALES.len()];
    let mut drawn = Vec::new();
    for case in cases {
        let donor = &model.donors[case.donor];
        let alike = donor
            .holder
            .and_then(|h| model.held.get(h.index()))
            .filter(|l| l.len() > LEAST_TO_DRAW)
            .map(|list| model.led_alike(list, donor.lead));
        let mut won = [0usize; SCALES.len()];
        for _ in 0..RUNS {
            // Another declared division's errors, held by the same party where
            // enough were, never its own.
            let other = loop {
                let j = match alike {
                    Some(list) => list[random.below(list.len())],
                    None => random.below(n),
                };
                if j != case.donor {
                    break j;
                }
            };
            let mut normal = || random.normal();
            drawn.clear();
            for &(p, kind, prediction) in &case.predicted {
                let own = model
                    .own_error(p, kind, Some(other), &mut normal)
                    .unwrap_or(0.0);
                drawn.push((p, prediction, own));
            }
            for (c, &scale) in SCALES.iter().enumerate() {
                let top = drawn
                    .iter()
                    .map(|&(p, prediction, own)| (p, prediction + scale * own))
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map(|s| s.0);
                if top == Some(case.winner) {
                    won[c] += 1;
                }
            }
        }
        for c in 0..SCALES.len() {
            score[c] += ((won[c] as f64 + 0.5) / (RUNS as f64 + 1.0)).ln();
        }
    }
    // On a tie (errors of none, say), the least stretch from none.
    let best = (0..SCALES.len())
        .max_by(|&a, &b| {
            score[a]
                .total_cmp(&score[b])
                .then((SCALES[b] - 1.0).abs().total_cmp(&(SCALES[a] - 1.0).abs()))
        })
        .unwrap_or(1);
    SCALES[best]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DivisionIx;
    use crate::tally::projection::model;

    /// A two-party night of 300 declared divisions, party A's baseline share spread
    /// from 30 to 70 %, its change +2 points plus an error of spread `spread`.
    fn night(spread: f64) -> Vec<Div> {
        let mut random = Random(7);
        (0..300)
            .map(|i| {
                let a = 0.3 + 0.4 * random.unit();
                let now = (a + 0.02 + spread * random.normal()).clamp(0.0, 1.0);
                Div {
                    ix: DivisionIx(i),
                    seats: 1,
                    standing: vec![(PartyIx(0), 1), (PartyIx(1), 1)],
                    then: Some(vec![(PartyIx(0), a), (PartyIx(1), 1.0 - a)]),
                    now: Some(vec![(PartyIx(0), now), (PartyIx(1), 1.0 - now)]),
                    weight: 1000.0,
                    block: 0,
                    cancelled: false,
                }
            })
            .collect()
    }

    #[test]
    fn errors_alike_everywhere_are_not_stretched() {
        let divs = night(0.03);
        let fitted = model::fit(&divs, 2, &[]);
        let scale = own_scale(&fitted, &divs);
        assert!((0.75..=1.25).contains(&scale), "stretched to {scale}");
    }

    #[test]
    fn errors_narrower_than_the_night_shows_are_stretched() {
        // As if the model had borrowed errors half as wide as the divisions' own: the
        // winners it would have called too surely say so.
        let divs = night(0.03);
        let mut fitted = model::fit(&divs, 2, &[]);
        let cases = cases(&fitted, &divs);
        for donor in &mut fitted.donors {
            for e in &mut donor.errors {
                e.error *= 0.5;
            }
        }
        let scale = best_scale(&fitted, &cases);
        assert!(scale >= 1.5, "stretched only to {scale}");
    }

    #[test]
    fn a_close_division_borrows_errors_from_close_divisions() {
        let divs = night(0.03);
        let fitted = model::fit(&divs, 2, &[]);
        let list = fitted
            .held
            .iter()
            .max_by_key(|l| l.len())
            .expect("a party held divisions");
        let mut leads: Vec<f64> = list.iter().map(|&j| fitted.donors[j].lead).collect();
        leads.sort_by(f64::total_cmp);
        let median = leads[leads.len() / 2];
        let close = fitted.led_alike(list, 0.0);
        assert!(
            close.len() >= 8 && close.len() < list.len(),
            "{}",
            close.len()
        );
        assert!(
            close.iter().all(|&j| fitted.donors[j].lead <= median),
            "a close division borrowed from a safe one"
        );
        let safe = fitted.led_alike(list, 1.0);
        assert!(safe.iter().all(|&j| fitted.donors[j].lead >= median));
    }
}
