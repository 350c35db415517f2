//! How far to stretch the model's uncertainty, judged on the divisions declared:
//! a division's own errors by the declared winners (`own_scale`), and the part common
//! to many divisions by the declared seats (`common_stretch`).
//!
//! Each declared division's errors are worked out with it left out of the fit, so
//! its left-out prediction is its result less those errors. Had it been undeclared,
//! a run would have given it that prediction, plus a draw of the fit's uncertainty
//! there (the line's coefficients, its unit's shift), plus another declared
//! division's own errors (its donor). Over the declared divisions, the stretch whose
//! runs gave the actual winner the best chances (the highest mean log-probability)
//! is the one the night's own results support: errors borrowed from one division and
//! laid over another are not always as wide, or as narrow, as what that division does.

use crate::model::PartyIx;
use crate::random::Random;

use super::Div;
use super::model::{self, LEAST_TO_DRAW, Model};
use super::predict::{allocate, means, predict};

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
    predicted: Vec<Predicted>,
}

/// One party's left-out prediction in a declared division.
struct Predicted {
    party: PartyIx,
    /// Where it stood there: won, second, other, new.
    kind: usize,
    share: f64,
    /// The weights of the normals that draw the fit's uncertainty there
    /// (`Model::fit_noise_weights`), worked out once for all the runs.
    fit_noise: Vec<f64>,
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
/// errors the model made there with it left out, and the fit's uncertainty there.
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
                Predicted {
                    party: e.party,
                    kind: e.kind,
                    share: share - e.left_out,
                    fit_noise: model.fit_noise_weights(divs, donor.div, e.party),
                }
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

/// The stretch under which runs (each division's prediction, plus the fit's
/// uncertainty there, plus another declared division's own errors) gave the actual
/// winners the highest mean log-probability.
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
        let alike = model.alike(donor.holder, donor.second, donor.lead, LEAST_TO_DRAW + 1);
        let mut won = [0usize; SCALES.len()];
        for _ in 0..RUNS {
            // Another declared division's errors, of the same race or held by the
            // same party where enough were, never its own.
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
            for predicted in &case.predicted {
                let p = predicted.party;
                let own = model
                    .own_error(p, predicted.kind, Some(other), &mut normal)
                    .unwrap_or(0.0);
                let fit: f64 = predicted.fit_noise.iter().map(|w| w * normal()).sum();
                drawn.push((p, predicted.share + fit, own));
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

/// Random halvings of the declared divisions the common stretch is judged on…
const HALVINGS: usize = 4;
/// …and runs of each half per stretch tried.
const HALF_RUNS: usize = 64;
/// The stretches of the common uncertainty tried.
const COMMON_SCALES: [f64; 4] = [1.0, 1.5, 2.0, 3.0];
/// Fewer declared divisions than this make halves too small to judge by: no stretch.
const LEAST_TO_HALVE: usize = 16;
/// The least spread of a half's seat total in the score (half a seat): a party the
/// runs all give the same seats is not scored as certain.
const LEAST_SEAT_SPREAD: f64 = 0.5;

/// How far to stretch the uncertainty common to many divisions (the lines'
/// coefficients, the units' shifts; the stretch is added as one shift common to all
/// of a party's divisions, `Model::draw`), judged on the declared divisions' seats: the
/// model fitted to a random half of them projects the other half's seats by party,
/// and each stretch is weighted by how well its runs foretold the seats those
/// divisions in fact elected (the log-likelihood of each party's seats under a normal
/// of the runs' mean and spread; [`CommonStretch`]). A seat total stands on
/// what many divisions share; where a night's change does not follow the model's
/// line (2017's Labour, which rose where Remain was strong), the lines are surer than
/// their misses warrant, and the halves say by how much. Never below 1: the model's
/// own uncertainty. The halves are few, so on a night that does follow the model a
/// stretch above 1 still has the most weight about half the time, and a range too
/// wide is the error to prefer.
///
/// `elected`: per division, the parties it elected tonight (empty if undeclared).
pub(super) fn common_stretch(
    divs: &[Div],
    parties: usize,
    units: &[model::Grouping],
    gap: f64,
    elected: &[Vec<PartyIx>],
) -> CommonStretch {
    let declared: Vec<usize> = (0..divs.len())
        .filter(|&i| divs[i].now.is_some() && divs[i].then.is_some() && divs[i].weight > 0.0)
        .filter(|&i| !elected[i].is_empty())
        .collect();
    if declared.len() < LEAST_TO_HALVE {
        return CommonStretch::default();
    }
    let mut random = Random(SEED ^ 0xC0);
    let mut score = [0.0; COMMON_SCALES.len()];
    // Where the declarations say when they came, the first halving is the first
    // half declared against the second: a night's early results are rarely like its
    // late ones (fast counts in safe towns), and random halves of what has declared
    // cannot show how far the model strays from the one to the other.
    let timed = declared
        .iter()
        .filter(|&&i| divs[i].declared_at.is_some())
        .count();
    let by_time = timed * 10 >= declared.len() * 9;
    for halving in 0..HALVINGS {
        let mut order = declared.clone();
        for i in (1..order.len()).rev() {
            order.swap(i, random.below(i + 1));
        }
        if halving == 0 && by_time {
            order.sort_by_key(|&i| (divs[i].declared_at.unwrap_or(i64::MAX), i));
        }
        let (_, out) = order.split_at(order.len() / 2);
        let mut half = divs.to_vec();
        for &i in out {
            half[i].now = None;
        }
        let mut fitted = model::fit_unstretched(&half, parties, units);
        fitted.own_scale = own_scale(&fitted, &half);
        let means = means(&half, parties);
        let mut actual = vec![0.0; parties];
        for &i in out {
            for p in &elected[i] {
                actual[p.index()] += 1.0;
            }
        }
        let seed = random.next_u64();
        // The parties scored, the same at every stretch: those that won a seat in the
        // half, or that the runs at no stretch (the first) gave one on average. A
        // party scored only at some stretches would weigh the comparison.
        let mut scored = vec![false; parties];
        for (c, &scale) in COMMON_SCALES.iter().enumerate() {
            // The same runs for every stretch: their scores differ by the stretch
            // alone.
            let mut stream = Random(seed);
            // Per run, seats by party.
            let mut seats = vec![vec![0.0; parties]; HALF_RUNS];
            for run in seats.iter_mut() {
                let mut normal = || stream.normal();
                let draw = fitted.draw(scale, &mut normal);
                for &i in out {
                    let shares = predict(i, &half[i], &fitted, &means, Some((&draw, &mut normal)));
                    for p in allocate(&half[i], &shares, gap) {
                        run[p.index()] += 1.0;
                    }
                }
            }
            for p in 0..parties {
                let of_party: Vec<f64> = seats.iter().map(|run| run[p]).collect();
                let n = HALF_RUNS as f64;
                let mean = of_party.iter().sum::<f64>() / n;
                if c == 0 {
                    scored[p] = mean >= 1.0 || actual[p] >= 1.0;
                }
                if !scored[p] {
                    continue;
                }
                let variance = of_party.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / (n - 1.0);
                let sd = variance.sqrt().max(LEAST_SEAT_SPREAD);
                let z = (actual[p] - mean) / sd;
                score[c] += -0.5 * z * z - sd.ln();
            }
        }
    }
    CommonStretch::from_scores(&score)
}

/// The stretches of the common uncertainty the night supports, each with its weight:
/// the runs draw their stretch among them, so that a night whose halves leave the
/// stretch in doubt is projected with that doubt rather than with the one stretch
/// that scored best by a little (four halvings are few: the best of them was 1 as
/// often as 3 on one night's neighbouring orders, and ranges as narrow as 1 gives
/// missed a final the wider ones held).
#[derive(Debug, Clone, PartialEq)]
pub struct CommonStretch {
    /// (stretch, weight), the weights adding up to one.
    pub weights: Vec<(f64, f64)>,
}

impl Default for CommonStretch {
    /// No stretch: the model's own uncertainty.
    fn default() -> Self {
        CommonStretch {
            weights: vec![(1.0, 1.0)],
        }
    }
}

impl CommonStretch {
    /// Weights from the halvings' summed log-likelihoods, one per stretch of
    /// [`COMMON_SCALES`]: each stretch's likelihood, taken to the power of one over
    /// the halvings, since the halvings reuse the same declared divisions and are not
    /// that many times the evidence.
    fn from_scores(score: &[f64; COMMON_SCALES.len()]) -> Self {
        // A score that is not a number counts as no support at all.
        let score = score.map(|s| if s.is_finite() { s } else { f64::NEG_INFINITY });
        let best = score.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !best.is_finite() {
            return CommonStretch::default();
        }
        let raw: Vec<f64> = score
            .iter()
            .map(|s| ((s - best) / HALVINGS as f64).exp())
            .collect();
        let total: f64 = raw.iter().sum();
        CommonStretch {
            weights: COMMON_SCALES
                .iter()
                .zip(&raw)
                .map(|(&scale, &w)| (scale, w / total))
                .collect(),
        }
    }

    /// The stretch of the most weight; on a tie, the least (what the tests judge the
    /// halvings by).
    #[cfg(test)]
    pub fn likeliest(&self) -> f64 {
        self.weights
            .iter()
            .rev()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(1.0, |&(scale, _)| scale)
    }

    /// The stretch of a run, for `u` uniform in [0, 1).
    pub fn pick(&self, u: f64) -> f64 {
        let mut left = u;
        for &(scale, weight) in &self.weights {
            if left < weight {
                return scale;
            }
            left -= weight;
        }
        // Rounding may leave the weights a hair short of one: the last with any.
        self.weights
            .iter()
            .rev()
            .find(|w| w.1 > 0.0)
            .map_or(1.0, |&(scale, _)| scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DivisionIx;
    use crate::tally::projection::model;

    /// A two-party night of 300 declared divisions, party A's baseline share spread
    /// from 30 to 70 %, its change +2 points plus an error of spread `spread`.
    fn night(spread: f64) -> Vec<Div> {
        night_of(spread, 7)
    }

    fn night_of(spread: f64, seed: u64) -> Vec<Div> {
        let mut random = Random(seed);
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
                    declared_at: None,
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
    fn a_division_s_own_errors_leave_the_fit_s_uncertainty_to_the_draw() {
        // Nights of 24 declared divisions in 8 areas of 3, each party's change +2
        // points, an area's shift of up to 3 points either way and a division's own
        // error of 3: the errors a run borrows are as wide as that own error, where the
        // errors left out of the fit are wider by the fit's own uncertainty (the line's
        // coefficients, each area's shift from 2 other divisions), which a run draws
        // on its own.
        let (mut own, mut left_out) = (0.0, 0.0);
        let nights: u32 = 8;
        let areas = 8;
        for seed in 1..=u64::from(nights) {
            let mut divs = night_of(0.03, seed);
            let unit_of: Vec<usize> = (0..divs.len()).map(|i| i % areas).collect();
            for (i, d) in divs.iter_mut().enumerate() {
                if i >= 3 * areas {
                    d.now = None;
                } else if let Some(now) = d.now.as_mut() {
                    let shift = 0.03 * ((i % areas) as f64 / (areas - 1) as f64 * 2.0 - 1.0);
                    now[0].1 += shift;
                    now[1].1 -= shift;
                }
            }
            let units = [model::Grouping {
                unit_of,
                councils: false,
            }];
            let fitted = model::fit(&divs, 2, &units);
            let errors: Vec<_> = fitted
                .donors
                .iter()
                .flat_map(|d| d.errors.iter().filter(|e| e.party == PartyIx(0)))
                .collect();
            assert_eq!(errors.len(), 3 * areas);
            let rms = |f: &dyn Fn(&model::PartyError) -> f64| {
                (errors.iter().map(|e| f(e).powi(2)).sum::<f64>() / errors.len() as f64).sqrt()
            };
            own += rms(&|e| e.error) / f64::from(nights);
            left_out += rms(&|e| e.left_out) / f64::from(nights);
        }
        assert!(
            (0.027..=0.034).contains(&own),
            "own errors {own:.4} against an error of 0.03"
        );
        assert!(left_out > 1.1 * own, "left out {left_out:.4}, own {own:.4}");
    }

    /// Per division, the party with the higher share tonight (the winner).
    fn winners(divs: &[Div]) -> Vec<Vec<PartyIx>> {
        divs.iter()
            .map(|d| {
                d.now
                    .as_ref()
                    .and_then(|now| now.iter().max_by(|a, b| a.1.total_cmp(&b.1)))
                    .map(|s| vec![s.0])
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn seats_as_the_model_foretells_are_often_not_stretched() {
        // Nights made as the model says. The stretch follows how far the halves
        // fell from their runs, which on such a night is beyond the runs' spread
        // about half the time by chance: so some are stretched (their ranges wider
        // than they need be, never narrower), but not all, and not always to the
        // most.
        let scales: Vec<f64> = (1..=8)
            .map(|seed| {
                let divs = night_of(0.03, seed);
                common_stretch(&divs, 2, &[], 0.02, &winners(&divs)).likeliest()
            })
            .collect();
        let unstretched = scales.iter().filter(|&&s| s == 1.0).count();
        let most = scales.iter().filter(|&&s| s == 3.0).count();
        assert!(unstretched >= 3 && most <= 2, "stretched: {scales:?}");
    }

    #[test]
    fn stretches_the_halves_leave_in_doubt_are_each_drawn() {
        // Halvings that scored two stretches alike and the others far worse: the runs
        // draw those two about equally, the others hardly ever.
        let stretch = CommonStretch::from_scores(&[-100.0, -100.5, -140.0, -160.0]);
        let total: f64 = stretch.weights.iter().map(|w| w.1).sum();
        assert!((total - 1.0).abs() < 1e-12);
        let picked: Vec<f64> = (0..1000)
            .map(|i| stretch.pick((f64::from(i) + 0.5) / 1000.0))
            .collect();
        let count = |s: f64| picked.iter().filter(|&&p| p == s).count();
        assert!(count(1.0) > 450 && count(1.5) > 400, "{stretch:?}");
        assert!(count(2.0) + count(3.0) < 10, "{stretch:?}");
        assert_eq!(stretch.likeliest(), 1.0);
        // One stretch far the best: it is every run's.
        let sure = CommonStretch::from_scores(&[-300.0, -250.0, -100.0, -200.0]);
        assert!(
            (0..100).all(|i| sure.pick((f64::from(i) + 0.5) / 100.0) == 2.0),
            "{sure:?}"
        );
        // Scores that cannot be told: no stretch.
        let none = CommonStretch::from_scores(&[f64::NEG_INFINITY; 4]);
        assert_eq!(none, CommonStretch::default());
        // A score that is not a number supports nothing; the others keep their weight.
        let some = CommonStretch::from_scores(&[f64::NAN, -10.0, -200.0, -300.0]);
        assert!(some.weights.iter().all(|w| w.1.is_finite()), "{some:?}");
        assert_eq!(some.pick(0.999), 1.5, "{some:?}");
    }

    #[test]
    fn seats_the_model_misses_widen_its_common_uncertainty() {
        // One division in four that party A won by its shares elected party B: the
        // seats the halves foretell are further from those elected than the runs
        // allow, all the same way.
        let divs = night(0.03);
        let mut elected = winners(&divs);
        for (i, e) in elected.iter_mut().enumerate() {
            if i % 4 == 0 && e[0] == PartyIx(0) {
                e[0] = PartyIx(1);
            }
        }
        let stretch = common_stretch(&divs, 2, &[], 0.02, &elected);
        let wide: f64 = stretch
            .weights
            .iter()
            .filter(|w| w.0 >= 2.0)
            .map(|w| w.1)
            .sum();
        assert!(wide > 0.5, "stretched only so far: {stretch:?}");
    }

    #[test]
    fn results_declared_late_unlike_the_early_ones_widen_the_common_uncertainty() {
        // The first 150 declared moved party A +2 points, the 150 after them -4: the
        // model fitted to the early ones misses the late ones' seats all one way, which
        // random halves of the whole, each a mix of both, cannot show.
        let mut divs = night(0.03);
        for (i, d) in divs.iter_mut().enumerate() {
            if i >= 150
                && let Some(now) = d.now.as_mut()
            {
                now[0].1 -= 0.06;
                now[1].1 += 0.06;
            }
        }
        let untimed = common_stretch(&divs, 2, &[], 0.02, &winners(&divs)).likeliest();
        for (i, d) in divs.iter_mut().enumerate() {
            d.declared_at = Some(1_700_000_000 + 60 * i as i64);
        }
        let timed = common_stretch(&divs, 2, &[], 0.02, &winners(&divs)).likeliest();
        assert!(
            timed >= 2.0 && timed > untimed,
            "stretched {timed} with times, {untimed} without"
        );
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

    /// Divisions party A held last time, B second in the even ones and C in the
    /// odd: `n` of them.
    fn three_party_night(n: u32) -> Vec<Div> {
        let mut random = Random(11);
        (0..n)
            .map(|i| {
                let a = 0.40 + 0.2 * random.unit();
                let (second, third) = if i % 2 == 0 { (1, 2) } else { (2, 1) };
                let then = vec![
                    (PartyIx(0), a),
                    (PartyIx(second), 0.9 * (1.0 - a) - 0.05),
                    (PartyIx(third), 0.1 * (1.0 - a) + 0.05),
                ];
                let now = then
                    .iter()
                    .map(|&(p, s)| (p, s + 0.02 * random.normal()))
                    .collect();
                Div {
                    ix: DivisionIx(i),
                    seats: 1,
                    standing: vec![(PartyIx(0), 1), (PartyIx(1), 1), (PartyIx(2), 1)],
                    then: Some(then),
                    now: Some(now),
                    weight: 1000.0,
                    block: 0,
                    cancelled: false,
                    declared_at: None,
                }
            })
            .collect()
    }

    #[test]
    fn a_seat_borrows_errors_from_seats_of_the_same_race_once_enough_have_declared() {
        let (a, b, c) = (PartyIx(0), PartyIx(1), PartyIx(2));
        let fitted = model::fit(&three_party_night(60), 3, &[]);
        let pool = fitted
            .alike(Some(a), Some(b), 0.1, model::LEAST_TO_DRAW)
            .expect("enough donors");
        assert!(pool.len() >= model::LEAST_TO_DRAW);
        assert!(
            pool.iter().all(|&j| fitted.donors[j].second == Some(b)),
            "an A-over-B seat borrowed from an A-over-C one"
        );
        let pool = fitted
            .alike(Some(a), Some(c), 0.1, model::LEAST_TO_DRAW)
            .expect("enough donors");
        assert!(pool.iter().all(|&j| fitted.donors[j].second == Some(c)));
        // With 10 of each race declared, too few to draw a race's own from: any A
        // held.
        let fitted = model::fit(&three_party_night(20), 3, &[]);
        let pool = fitted
            .alike(Some(a), Some(b), 0.1, model::LEAST_TO_DRAW)
            .expect("enough donors");
        assert!(pool.iter().any(|&j| fitted.donors[j].second == Some(c)));
    }
}
