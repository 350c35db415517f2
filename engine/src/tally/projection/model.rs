//! The projection's model of each party's change, fitted to the divisions declared
//! (the README's "How the figures are made", step 1):
//!
//! - **Where the party stood.** A party's change in share in a division is a straight
//!   line in its baseline share, plus a step where it won the division last time and
//!   another where it came second: `change = a + b·share + c·won + d·second`. A
//!   uniform change is `b = c = d = 0`; a proportional one is `a = c = d = 0`. The line
//!   is fitted by weighted least squares (weights: valid votes), held back towards the
//!   plain change (uniform for a party gaining, proportional for one losing) by a
//!   prior worth [`PRIOR_DIVISIONS`] divisions, so that a few declarations move it
//!   little and many move it as far as they show.
//! - **Where the division is.** What the line leaves over is taken, level by level
//!   (the council on a night of several, then the area: a count centre, a district,
//!   a region), as a shift common to each unit's divisions, held back towards none by
//!   how much the unit has shown against how much units differ (a random effect,
//!   estimated by moments); a council, its own contest, is held back less where its
//!   own mean lies further out than its divisions' noise explains.
//! - **How sure.** A division's own errors, every party's at once, are those the model
//!   made in one declared division of the same race last time (the same party first
//!   and the same second; else held by the same party) (a [`Donor`]), so that errors
//!   which move together and lopsided ones stay so; a party that stood otherwise there
//!   takes one of its own errors where it stood alike (won, second, other, new). Each
//!   is what the fit left in that division over the root of one less the division's
//!   pull on the line and on its unit's shift: the division's own error, without the
//!   fit's uncertainty, which a run draws on its own. Then the uncertainty of the
//!   line's coefficients, and for each unit its shift's own uncertainty — the whole
//!   spread between units where a unit has declared nothing; and, as far as the
//!   declared seats say the model is surer than it should be, one shift common to all
//!   of a party's divisions.

// Small dense matrices, written as the formulas are: indices read better than iterators.
#![allow(clippy::needless_range_loop)]

use crate::model::PartyIx;

use super::linear::{cholesky, dot, inverse, solve};
use super::{Div, NEW_BELOW, share_of};

/// How many divisions' worth the plain change counts for against the line's slope and
/// steps.
pub const PRIOR_DIVISIONS: f64 = 10.0;
/// The least spread of a division's own error (one point).
const LEAST_SIGMA: f64 = 0.01;
/// The spread between units assumed until three units of a level have declared (two
/// points).
const PRIOR_UNIT_SIGMA: f64 = 0.02;
/// How many of the night's largest parties' baseline shares the line also takes: a
/// party's change often follows where another was strong (a party that stood down,
/// a vote that moved between two others).
pub const MAJORS: usize = 4;
/// Features of the line: 1, baseline share, won, second, new to the division, and the
/// largest parties' baseline shares.
pub(super) const K: usize = 5 + MAJORS;

/// One party's fitted line.
#[derive(Debug, Clone)]
pub struct Line {
    pub beta: [f64; K],
    /// Lower-triangular factor of the coefficients' covariance.
    pub factor: [[f64; K]; K],
    /// The spread of a division's own error.
    pub sigma: f64,
    /// The declared divisions' own errors (what the line and the shifts left, without
    /// the fit's uncertainty), by where the party stood there (won, second, other,
    /// new): a division's own error is drawn from those of its kind.
    pub left: [Vec<f64>; 4],
}

impl Line {
    /// `F'x`, F the lower-triangular factor of the coefficients' covariance: the
    /// weights of K standard normals whose sum is the line's uncertainty at features
    /// `x` (its variance `x'Σx` is this vector's squared length).
    pub fn spread_of(&self, x: &[f64; K]) -> [f64; K] {
        std::array::from_fn(|k| (k..K).map(|i| x[i] * self.factor[i][k]).sum())
    }
}

/// One level of units the model shifts divisions by, as given to the fit.
#[derive(Debug, Clone)]
pub struct Grouping {
    /// Per division, its unit (`usize::MAX`: none).
    pub unit_of: Vec<usize>,
    /// Whether the units are councils on a night of several: each its own contest,
    /// whose own declared divisions are believed further when they sit far out (see
    /// `unit_effects`).
    pub councils: bool,
}

/// One level of units (councils, areas): each unit's shift by party.
#[derive(Debug, Clone)]
pub struct Level {
    /// Per division, its unit.
    pub unit_of: Vec<usize>,
    /// `[party][unit]`: the shift's estimate, and its spread.
    pub shift: Vec<Vec<f64>>,
    pub spread: Vec<Vec<f64>>,
    /// `[party][unit]`: whether the unit has declared divisions for the party.
    pub seen: Vec<Vec<bool>>,
    /// `[party]`: the spread between units, over the number of units seen: how far
    /// the units not yet seen may sit, together, from those seen.
    pub unseen_common: Vec<f64>,
}

/// A declared division's errors, every party's together: what the model got wrong
/// there is drawn as a whole, so that a vote the model gave one party and another
/// took moves both in the same run, as it did.
#[derive(Debug, Clone)]
pub struct Donor {
    /// The party that won it last time.
    pub holder: Option<PartyIx>,
    /// The party that came second to it.
    pub second: Option<PartyIx>,
    /// The declared division, by its place among the projection's divisions.
    pub div: usize,
    /// How far its winner last time led the second (shares).
    pub lead: f64,
    /// Per party standing tonight: where it stood there (won, second, other, new)
    /// and its errors (its own, and left out of the fit).
    pub errors: Vec<PartyError>,
}

/// One party's error in a declared division.
#[derive(Debug, Clone, Copy)]
pub struct PartyError {
    pub party: PartyIx,
    /// Where it stood there: won, second, other, new (0 to 3).
    pub kind: usize,
    /// Its own error: what the fit left there over the root of one less the
    /// division's pull on the fit, as wide as the errors of divisions the fit has not
    /// seen less the fit's own uncertainty (which a run draws on its own). What an
    /// undeclared division borrows.
    pub error: f64,
    /// Its error with the division left out of the fit: the calibration's (its
    /// prediction, had it not declared, is its result less this).
    pub left_out: f64,
}

/// The fitted model.
#[derive(Debug, Clone)]
pub struct Model {
    /// The largest parties whose baseline shares the lines take.
    pub majors: Vec<PartyIx>,
    /// The declared divisions' errors, by division.
    pub donors: Vec<Donor>,
    /// Per party (by index), the donors it held last time, by their lead then.
    pub held: Vec<Vec<usize>>,
    /// Per race (the party that won last time, the party second to it), its donors,
    /// by their lead then.
    pub races: std::collections::HashMap<(PartyIx, PartyIx), Vec<usize>>,
    /// Per party; none where the party has no declared division with a baseline.
    pub lines: Vec<Option<Line>>,
    pub levels: Vec<Level>,
    /// How far a division's own errors are stretched: chosen so that the declared
    /// divisions' winners were given the chances they should have been (`calibrate`).
    pub own_scale: f64,
    /// How far the uncertainty common to many divisions (the lines' coefficients, the
    /// units' shifts) is stretched, by a shift common to all of a party's divisions
    /// ([`Model::draw`]): the stretches, each with its weight, as far as the model,
    /// fitted to half the declared divisions, was found to miss the other half's
    /// seats (`calibrate`; none until the projection sets it). Each run draws one.
    pub common_stretch: super::calibrate::CommonStretch,
    /// Per party, the spread the line's coefficients and the units' shifts give its
    /// change in an undeclared division, on average: the common stretch adds one
    /// shift of this order to all the party's divisions at once ([`Model::draw`]).
    pub common_spread: Vec<f64>,
}

/// The features of party `p` in a division with baseline shares `then`: 1, its
/// share then, whether it won, whether it came second, and whether it is new there
/// (under [`NEW_BELOW`] then: its change is then its level, which the "new" step
/// and the intercept learn).
pub fn features(then: &[(PartyIx, f64)], p: PartyIx, majors: &[PartyIx]) -> [f64; K] {
    let b = share_of(then, p).unwrap_or(0.0);
    let mut x = [0.0; K];
    x[0] = 1.0;
    x[1] = b;
    if b < NEW_BELOW {
        x[4] = 1.0;
    } else {
        // Its place last time: how many parties had more.
        let ahead = then.iter().filter(|s| s.0 != p && s.1 > b).count();
        x[2] = f64::from(ahead == 0);
        x[3] = f64::from(ahead == 1);
    }
    // The other large parties' shares: the party's own is the slope's, held towards
    // the plain change, and is not taken twice.
    for (k, &m) in majors.iter().take(MAJORS).enumerate() {
        if m != p {
            x[5 + k] = share_of(then, m).unwrap_or(0.0);
        }
    }
    x
}

/// The party that won, and the party that came second, in shares `then`.
pub fn top_two(then: &[(PartyIx, f64)]) -> (Option<PartyIx>, Option<PartyIx>) {
    let better = |a: &&(PartyIx, f64), b: &&(PartyIx, f64)| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0));
    let first = then.iter().max_by(better).map(|s| s.0);
    let second = then
        .iter()
        .filter(|s| Some(s.0) != first)
        .max_by(better)
        .map(|s| s.0);
    (first, second)
}

/// How far the winner led the second in shares `then`.
pub fn lead(then: &[(PartyIx, f64)]) -> f64 {
    let (mut first, mut second) = (0.0f64, 0.0f64);
    for &(_, s) in then {
        if s > first {
            second = first;
            first = s;
        } else if s > second {
            second = s;
        }
    }
    first - second
}

/// The night's largest parties at the baseline, by votes over the divisions with one.
fn majors(divs: &[Div], parties: usize) -> Vec<PartyIx> {
    let mut votes = vec![0.0; parties];
    for d in divs {
        if let Some(then) = &d.then {
            for &(p, s) in then {
                if let Some(v) = votes.get_mut(p.index()) {
                    *v += s * d.weight.max(1.0);
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..parties).filter(|&i| votes[i] > 0.0).collect();
    order.sort_by(|&a, &b| votes[b].total_cmp(&votes[a]).then(a.cmp(&b)));
    order
        .into_iter()
        .take(MAJORS)
        .map(|i| PartyIx(i as u32))
        .collect()
}

/// Where a party stood in a division, as an index: won, second, other, new.
pub(super) fn kind(x: &[f64; K]) -> usize {
    if x[4] > 0.0 {
        3
    } else if x[2] > 0.0 {
        0
    } else if x[3] > 0.0 {
        1
    } else {
        2
    }
}

/// The least left-overs of a kind to draw a division's error from them rather than
/// from the spread.
pub(super) const LEAST_TO_DRAW: usize = 8;
/// How many times the least donors a race needs for its own donors to be drawn from:
/// a race's donors are fewer than its holder's, and the half of few donors nearest in
/// lead draws the same few errors again and again, which narrows the ranges (at 8,
/// 2015's Labour was inside its range in 15 of 20 orders at half-way; at 16, 16).
const RACE_MULTIPLE: usize = 2;
/// The least of a party's own errors of one kind (won, second, other, new) to draw a
/// division's error from them rather than from a normal of the party's spread.
const LEAST_OF_A_KIND: usize = 3;

/// A residual: (division, weight, what the line left).
type Residual = (usize, f64, f64);

/// One observation: a declared division where the party stood both times.
struct Obs {
    div: usize,
    x: [f64; K],
    y: f64,
    w: f64,
}

/// Fits the model to the declared divisions of `divs`, a division's own errors
/// stretched as far as the declared winners say (`calibrate::own_scale`); the common
/// stretch is the projection's to set, since it needs the seats elected. `units`
/// gives, per level, each division's unit.
pub fn fit(divs: &[Div], parties: usize, units: &[Grouping]) -> Model {
    let mut model = fit_unstretched(divs, parties, units);
    model.own_scale = super::calibrate::own_scale(&model, divs);
    model
}

/// The model fitted to the declared divisions of `divs`, its errors not yet
/// stretched to what the declared divisions show.
///
/// Long: The model's steps in the order of the method (lines, units, errors, donors),
/// each using what the one before made.
pub(super) fn fit_unstretched(divs: &[Div], parties: usize, units: &[Grouping]) -> Model {
    let majors = majors(divs, parties);
    let mut obs: Vec<Vec<Obs>> = (0..parties).map(|_| Vec::new()).collect();
    let weights: Vec<f64> = divs.iter().map(|d| d.weight).collect();
    let declared: Vec<usize> = (0..divs.len())
        .filter(|&i| divs[i].now.is_some() && divs[i].then.is_some() && weights[i] > 0.0)
        .collect();
    let mean_weight = if declared.is_empty() {
        1.0
    } else {
        declared.iter().map(|&i| weights[i]).sum::<f64>() / declared.len() as f64
    };
    for &i in &declared {
        let d = &divs[i];
        let (Some(now), Some(then)) = (&d.now, &d.then) else {
            continue;
        };
        let w = weights[i] / mean_weight;
        for &(p, s) in now {
            let x = features(then, p, &majors);
            obs[p.index()].push(Obs {
                div: i,
                x,
                y: s - x[1],
                w,
            });
        }
    }
    let mut lines = Vec::with_capacity(parties);
    let mut residuals: Vec<Vec<Residual>> = Vec::with_capacity(parties);
    // Per party, each declared division's error with it left out of the fit: the
    // error the model makes on a division it has not seen, by which the calibration
    // judges the spread drawn.
    let mut left_out: Vec<Vec<f64>> = Vec::with_capacity(parties);
    // Per party, what each declared division's residual is multiplied by to be its
    // own error: one over the root of one less its pull on the line, and then on each
    // unit's shift. The left-out error is the residual over one less the pull, as
    // wide as the division's own error and the fit's uncertainty there together; a
    // run draws the fit's uncertainty on its own (the coefficients, the shifts), and
    // an own error that carried it as well would count it twice, division by
    // division, which pulls a party ahead in most seats down.
    let mut own_factor: Vec<Vec<f64>> = Vec::with_capacity(parties);
    for o in &obs {
        match fit_line(o) {
            Some((line, r, factor)) => {
                lines.push(Some(line));
                left_out.push(r.iter().zip(&factor).map(|(r, f)| r.2 * f).collect());
                own_factor.push(factor.iter().map(|f| f.sqrt()).collect());
                residuals.push(r);
            }
            None => {
                lines.push(None);
                residuals.push(Vec::new());
                left_out.push(Vec::new());
                own_factor.push(Vec::new());
            }
        }
    }
    let mut levels = Vec::new();
    for Grouping { unit_of, councils } in units {
        let n_units = unit_of
            .iter()
            .filter(|&&u| u != usize::MAX)
            .max()
            .map_or(0, |&u| u + 1);
        let mut level = Level {
            unit_of: unit_of.clone(),
            shift: Vec::with_capacity(parties),
            spread: Vec::with_capacity(parties),
            seen: Vec::with_capacity(parties),
            unseen_common: Vec::with_capacity(parties),
        };
        for ((r, out), own) in residuals
            .iter_mut()
            .zip(left_out.iter_mut())
            .zip(own_factor.iter_mut())
        {
            let effects = unit_effects(r, out, own, unit_of, n_units, *councils);
            level.shift.push(effects.shift);
            level.spread.push(effects.spread);
            level.seen.push(effects.seen);
            level.unseen_common.push(effects.unseen_common);
        }
        levels.push(level);
    }
    // Each declared division's own error, by party.
    let own: Vec<Vec<f64>> = residuals
        .iter()
        .zip(&own_factor)
        .map(|(r, f)| r.iter().zip(f).map(|(r, f)| r.2 * f).collect())
        .collect();
    // The spread of a division's own error (which scales the coefficients'
    // covariance, and which a party draws from where it has fewer than three own
    // errors of a kind): what is left after the line and the shifts, with the degrees
    // of freedom the line took.
    for (p, line) in lines.iter_mut().enumerate() {
        let Some(line) = line else { continue };
        let r = &residuals[p];
        let (w, ss) = r
            .iter()
            .fold((0.0, 0.0), |(w, ss), &(_, rw, e)| (w + rw, ss + rw * e * e));
        let n = r.len() as f64;
        let sigma = if n > K as f64 && w > 0.0 {
            (ss / w * n / (n - K as f64)).sqrt()
        } else {
            PRIOR_UNIT_SIGMA * 2.0
        };
        line.sigma = sigma.max(LEAST_SIGMA);
        for (o, &e) in obs[p].iter().zip(&own[p]) {
            line.left[kind(&o.x)].push(e);
        }
        // The coefficients' covariance scales with the error's variance.
        let scale = line.sigma;
        for row in line.factor.iter_mut() {
            for x in row.iter_mut() {
                *x *= scale;
            }
        }
    }
    let common_spread = common_spreads(divs, &majors, &lines, &levels, parties);
    // The donors: each declared division's errors, every party's together.
    let mut by_div: std::collections::HashMap<usize, usize> = Default::default();
    let mut donors: Vec<Donor> = Vec::new();
    for (p, o) in obs.iter().enumerate() {
        for ((o, &e), &out) in o.iter().zip(&own[p]).zip(&left_out[p]) {
            let at = *by_div.entry(o.div).or_insert_with(|| {
                let (holder, second) = divs[o.div].then.as_deref().map_or((None, None), top_two);
                donors.push(Donor {
                    holder,
                    second,
                    lead: divs[o.div].then.as_deref().map_or(0.0, lead),
                    div: o.div,
                    errors: Vec::new(),
                });
                donors.len() - 1
            });
            donors[at].errors.push(PartyError {
                party: PartyIx(p as u32),
                kind: kind(&o.x),
                error: e,
                left_out: out,
            });
        }
    }
    let mut held = vec![Vec::new(); parties];
    let mut races: std::collections::HashMap<(PartyIx, PartyIx), Vec<usize>> = Default::default();
    for (j, d) in donors.iter().enumerate() {
        if let Some(h) = d.holder
            && let Some(list) = held.get_mut(h.index())
        {
            list.push(j);
            if let Some(s) = d.second {
                races.entry((h, s)).or_default().push(j);
            }
        }
    }
    // By lead, so that a division borrows errors from those held about as safely.
    for list in held.iter_mut().chain(races.values_mut()) {
        list.sort_by(|&a, &b| donors[a].lead.total_cmp(&donors[b].lead).then(a.cmp(&b)));
    }
    Model {
        majors,
        donors,
        held,
        races,
        lines,
        levels,
        own_scale: 1.0,
        common_stretch: super::calibrate::CommonStretch::default(),
        common_spread,
    }
}

/// Per party, the spread of its change that the line's coefficients and the units'
/// shifts give, over the divisions with a baseline and no result yet, uncontested
/// ones too (all of them when none is): the
/// root of the mean over those divisions of `x'Σx` (Σ the coefficients' covariance)
/// plus each of its units' spread squared (and the unseen units' common spread).
fn common_spreads(
    divs: &[Div],
    majors: &[PartyIx],
    lines: &[Option<Line>],
    levels: &[Level],
    parties: usize,
) -> Vec<f64> {
    let mut sum = vec![0.0; parties];
    let mut n = vec![0.0; parties];
    let any_open = divs.iter().any(|d| d.now.is_none() && d.then.is_some());
    for (d, div) in divs.iter().enumerate() {
        let Some(then) = &div.then else { continue };
        if any_open && div.now.is_some() {
            continue;
        }
        for &(p, _) in &div.standing {
            let Some(Some(line)) = lines.get(p.index()) else {
                continue;
            };
            let x = features(then, p, majors);
            // x'Σx with Σ = F·F': the squared length of F'x.
            let mut var: f64 = line.spread_of(&x).iter().map(|c| c * c).sum();
            for level in levels {
                let u = level.unit_of[d];
                if u == usize::MAX {
                    continue;
                }
                var += level.spread[p.index()][u].powi(2);
                if !level.seen[p.index()][u] {
                    var += level.unseen_common[p.index()].powi(2);
                }
            }
            sum[p.index()] += var;
            n[p.index()] += 1.0;
        }
    }
    (0..parties)
        .map(|p| {
            if n[p] > 0.0 {
                (sum[p] / n[p]).sqrt()
            } else {
                0.0
            }
        })
        .collect()
}

/// A party's line from its observations, and each observation's residual (division,
/// weight, residual). The factor returned is of the covariance for a unit error.
fn fit_line(obs: &[Obs]) -> Option<(Line, Vec<Residual>, Vec<f64>)> {
    if obs.is_empty() {
        return None;
    }
    // Over the divisions where the party stood last time.
    let (mut w, mut wy, mut wb, mut wbb, mut wn) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for o in obs.iter().filter(|o| o.x[4] == 0.0) {
        w += o.w;
        wy += o.w * o.y;
        wb += o.w * o.x[1];
        wbb += o.w * o.x[1] * o.x[1];
        wn += o.w * (o.y + o.x[1]);
    }
    // The plain change: uniform for a party gaining, proportional for one losing.
    let slope = if w <= 0.0 || wy >= 0.0 || wb <= 0.0 {
        0.0
    } else {
        wn / wb - 1.0
    };
    let mut prior = [0.0; K];
    prior[1] = slope;
    // The prior is worth PRIOR_DIVISIONS divisions on each of the slope and steps:
    // on the slope, at the spread of baseline shares seen (at least 5 points).
    let mean_b = if w > 0.0 { wb / w } else { 0.0 };
    let var_b = if w > 0.0 {
        (wbb / w - mean_b * mean_b).max(0.05 * 0.05)
    } else {
        0.05 * 0.05
    };
    let step = PRIOR_DIVISIONS * 0.25;
    let mut penalty = [step; K];
    penalty[0] = 1e-9;
    penalty[1] = PRIOR_DIVISIONS * var_b;
    // Another party's share: held towards none, at the spread of its shares seen.
    for k in 5..K {
        let (mut m, mut mm) = (0.0, 0.0);
        for o in obs {
            m += o.w * o.x[k];
            mm += o.w * o.x[k] * o.x[k];
        }
        let total: f64 = obs.iter().map(|o| o.w).sum();
        let var = if total > 0.0 {
            let mean = m / total;
            (mm / total - mean * mean).max(0.05 * 0.05)
        } else {
            0.05 * 0.05
        };
        penalty[k] = PRIOR_DIVISIONS * var;
    }
    let mut a = [[0.0; K]; K];
    let mut v = [0.0; K];
    for o in obs {
        for i in 0..K {
            v[i] += o.w * o.x[i] * o.y;
            for j in 0..K {
                a[i][j] += o.w * o.x[i] * o.x[j];
            }
        }
    }
    for i in 0..K {
        a[i][i] += penalty[i];
        v[i] += penalty[i] * prior[i];
    }
    let l = cholesky(&a)?;
    let beta = solve(&l, &v);
    let covariance = inverse(&l);
    let factor = cholesky(&covariance).unwrap_or([[0.0; K]; K]);
    let residuals = obs
        .iter()
        .map(|o| (o.div, o.w, o.y - dot(&beta, &o.x)))
        .collect();
    // Each division's pull on its own fit (its leverage, `w x' A⁻¹ x`): its
    // residual left out is its residual over one less that.
    let leave_out = obs
        .iter()
        .map(|o| {
            let mut h = 0.0;
            for i in 0..K {
                for j in 0..K {
                    h += o.x[i] * covariance[i][j] * o.x[j];
                }
            }
            1.0 / (1.0 - (o.w * h).min(0.9))
        })
        .collect();
    Some((
        Line {
            beta,
            factor,
            sigma: 0.0,
            left: Default::default(),
        },
        residuals,
        leave_out,
    ))
}

/// A level's units for one party.
struct Effects {
    shift: Vec<f64>,
    spread: Vec<f64>,
    seen: Vec<bool>,
    unseen_common: f64,
}

/// Each unit's shift from the residuals of its divisions (taken off them), held back
/// towards none; and each unit's spread (the spread between units for a unit with
/// nothing declared). Each division's left-out error loses the shift its unit would
/// have without it, and its own error's factor grows by its pull on its unit's shift.
fn unit_effects(
    residuals: &mut [Residual],
    left_out: &mut [f64],
    own_factor: &mut [f64],
    unit_of: &[usize],
    n_units: usize,
    councils: bool,
) -> Effects {
    let mut w = vec![0.0; n_units];
    let mut count = vec![0.0; n_units];
    let mut sum = vec![0.0; n_units];
    for &(d, rw, e) in residuals.iter() {
        let u = unit_of[d];
        if u == usize::MAX {
            continue;
        }
        w[u] += rw;
        count[u] += 1.0;
        sum[u] += rw * e;
    }
    let seen: Vec<usize> = (0..n_units).filter(|&u| w[u] > 0.0).collect();
    let mean: Vec<f64> = (0..n_units)
        .map(|u| if w[u] > 0.0 { sum[u] / w[u] } else { 0.0 })
        .collect();
    // Within units: the spread about each unit's mean.
    let (mut within_w, mut within_ss, mut within_n) = (0.0, 0.0, 0.0);
    for &(d, rw, e) in residuals.iter() {
        let u = unit_of[d];
        if u == usize::MAX {
            continue;
        }
        within_w += rw;
        within_ss += rw * (e - mean[u]).powi(2);
        within_n += 1.0;
    }
    let dof = within_n - seen.len() as f64;
    let within = if dof > 0.0 && within_w > 0.0 {
        within_ss / within_w * within_n / dof
    } else {
        (2.0 * PRIOR_UNIT_SIGMA).powi(2)
    };
    // Between units, by moments: the spread of the units' means beyond what their
    // divisions' own errors give.
    let between = if seen.len() >= 3 {
        let k = seen.len() as f64;
        let grand = seen.iter().map(|&u| mean[u]).sum::<f64>() / k;
        let spread = seen.iter().map(|&u| (mean[u] - grand).powi(2)).sum::<f64>() / (k - 1.0);
        let noise = seen.iter().map(|&u| within / count[u]).sum::<f64>() / k;
        // Never quite none: units always differ a little.
        (spread - noise).max((PRIOR_UNIT_SIGMA / 4.0).powi(2))
    } else {
        PRIOR_UNIT_SIGMA.powi(2)
    };
    // The spread between units a unit is held back by, from its mean over its count.
    // Councils on a night of several are each their own contest, and a few surge far
    // beyond the others (the 2024 Greens in Hastings): one whose mean lies further out
    // than its divisions' noise explains is held back only by that excess (the larger
    // of the two), as if councils' shifts had longer tails than a normal spread. Areas
    // within one contest move more alike: believing their far-out means took
    // Lancashire's Reform UK past its bias line (docs/figures.md).
    let between_for = |mean: f64, count: f64| {
        if councils {
            between.max(mean * mean - within / count)
        } else {
            between
        }
    };
    let mut shift = vec![0.0; n_units];
    let mut spread = vec![between.sqrt(); n_units];
    // Per unit, how far its shift moves with its mean: the share of the mean it keeps;
    // or, for a council held back by its own excess (its shift m − σ²/(n·m)), more,
    // 1 + σ²/(n·m²), since its mean also sets how little it is held back.
    let mut slope = vec![0.0; n_units];
    for &u in &seen {
        let b = between_for(mean[u], count[u]);
        let held = count[u] * b / (count[u] * b + within);
        shift[u] = mean[u] * held;
        spread[u] = (b * within / (count[u] * b + within)).sqrt();
        slope[u] = if b > between {
            1.0 + within / (count[u] * mean[u] * mean[u])
        } else {
            held
        };
    }
    for ((r, out), own) in residuals
        .iter_mut()
        .zip(left_out.iter_mut())
        .zip(own_factor.iter_mut())
    {
        let u = unit_of[r.0];
        if u == usize::MAX {
            continue;
        }
        // Its pull on its unit's shift: how far the shift moves with its residual.
        let pull = (slope[u] * r.1 / w[u]).min(0.9);
        *own /= (1.0 - pull).sqrt();
        // The unit's shift as it would be without this division.
        let others = count[u] - 1.0;
        if others > 0.0 && w[u] > r.1 {
            let mean = (sum[u] - r.1 * r.2) / (w[u] - r.1);
            let b = between_for(mean, others);
            *out -= mean * others * b / (others * b + within);
        }
        r.2 -= shift[u];
    }
    Effects {
        shift,
        spread,
        seen: w.iter().map(|&w| w > 0.0).collect(),
        unseen_common: (between / seen.len().max(1) as f64).sqrt(),
    }
}

impl Model {
    /// A party's central change in a division (no noise), where it stood last time.
    pub fn change(&self, d: usize, p: PartyIx, x: &[f64; K]) -> Option<f64> {
        let line = self.lines.get(p.index())?.as_ref()?;
        let mut y = dot(&line.beta, x);
        for level in &self.levels {
            let u = level.unit_of[d];
            if u != usize::MAX {
                y += level.shift[p.index()][u];
            }
        }
        Some(y)
    }
}

/// One run's draw of the model: coefficients, each unit's shift, and each party's
/// shift everywhere.
pub struct Draw {
    pub beta: Vec<Option<[f64; K]>>,
    /// `[level][party][unit]`.
    pub shift: Vec<Vec<Vec<f64>>>,
    /// Per party without a line (nothing declared where it stands): the log of the
    /// ratio its shares are drawn at in this run, the same in every division.
    pub unseen_ratio: Vec<f64>,
    /// Per party: the shift common to all its divisions in this run, as wide as the
    /// common stretch says beyond the model's own uncertainty.
    pub everywhere: Vec<f64>,
}

impl Model {
    /// A draw of the coefficients and shifts from their uncertainty, and of each
    /// party's shift everywhere.
    ///
    /// The common stretch `s` (this run's, drawn from `common_stretch`) widens the
    /// common uncertainty from its variance `V` to `s²V` on average over the divisions, by adding
    /// `(s² − 1)` times that mean as one shift to all of a party's divisions, not by
    /// stretching the coefficients and each unit's shift: those fall differently on
    /// each division, and spread widened division by
    /// division turns a party's safe seats and long shots alike towards even, which
    /// pulled a landslide's median down (Lancashire's Reform UK, the 2021
    /// Conservatives) where one shift everywhere moves every seat the same way.
    pub fn draw(&self, s: f64, normal: &mut dyn FnMut() -> f64) -> Draw {
        let beta = self
            .lines
            .iter()
            .map(|line| {
                line.as_ref().map(|line| {
                    let z: [f64; K] = std::array::from_fn(|_| normal());
                    let mut b = line.beta;
                    for i in 0..K {
                        for k in 0..=i {
                            b[i] += line.factor[i][k] * z[k];
                        }
                    }
                    b
                })
            })
            .collect();
        let shift = self
            .levels
            .iter()
            .map(|level| {
                (0..level.shift.len())
                    .map(|p| {
                        // The units not yet seen move together from those seen as
                        // well as each on its own.
                        let common = level.unseen_common[p] * normal();
                        (0..level.shift[p].len())
                            .map(|u| {
                                let own = level.shift[p][u] + level.spread[p][u] * normal();
                                if level.seen[p][u] { own } else { own + common }
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let unseen_ratio = self.lines.iter().map(|_| normal()).collect();
        let beyond = (s * s - 1.0).max(0.0).sqrt();
        let everywhere = self
            .common_spread
            .iter()
            .map(|spread| beyond * spread * normal())
            .collect();
        Draw {
            beta,
            shift,
            unseen_ratio,
            everywhere,
        }
    }

    /// The weights of the normals that draw the uncertainty of party `p`'s line and
    /// of its units' shifts in division `d` alone (`F'x`, then each unit's spread):
    /// how far a run's change there departs from the central one, but for the
    /// division's own error. The calibration's, which judges the own errors against
    /// the declared divisions as a run would lay them on; empty where the party has
    /// no line.
    pub fn fit_noise_weights(&self, divs: &[Div], d: usize, p: PartyIx) -> Vec<f64> {
        let (Some(then), Some(Some(line))) = (&divs[d].then, self.lines.get(p.index())) else {
            return Vec::new();
        };
        let mut weights = line.spread_of(&features(then, p, &self.majors)).to_vec();
        for level in &self.levels {
            let u = level.unit_of[d];
            if u != usize::MAX {
                weights.push(level.spread[p.index()][u]);
            }
        }
        weights
    }

    /// A declared division whose errors an undeclared one takes in a run: one of
    /// the same race, or held by the same party, last time where enough have
    /// declared ([`Model::alike`]), else any.
    pub fn pick_donor(
        &self,
        then: &[(PartyIx, f64)],
        normal: &mut dyn FnMut() -> f64,
    ) -> Option<usize> {
        let uniform = 1.0 / (1.0 + (-1.702 * normal()).exp());
        let (holder, second) = top_two(then);
        let alike = self.alike(holder, second, lead(then), LEAST_TO_DRAW);
        match alike {
            Some(list) => Some(list[((uniform * list.len() as f64) as usize).min(list.len() - 1)]),
            None if self.donors.len() >= LEAST_TO_DRAW => {
                let n = self.donors.len();
                Some(((uniform * n as f64) as usize).min(n - 1))
            }
            None => None,
        }
    }

    /// The donors a division won by `holder` over `second`, with a lead of `lead`,
    /// borrows from, where at least `least` are to be had: those of the same race
    /// (a Conservative second to a Liberal Democrat moves as one second to Labour
    /// need not), else those held by the same party; of them, the ones led alike.
    pub fn alike(
        &self,
        holder: Option<PartyIx>,
        second: Option<PartyIx>,
        lead: f64,
        least: usize,
    ) -> Option<&[usize]> {
        let holder = holder?;
        let race = second
            .and_then(|s| self.races.get(&(holder, s)))
            .filter(|l| l.len() >= least * RACE_MULTIPLE);
        race.or_else(|| self.held.get(holder.index()).filter(|l| l.len() >= least))
            .map(|list| self.led_alike(list, lead))
    }

    /// The donors of `list` (held by one party, by lead) whose lead was nearest
    /// `lead`: half of them, and never fewer than [`LEAST_TO_DRAW`]. A close
    /// division's errors are not a safe one's: close divisions are where seats change
    /// hands, and where votes move most.
    pub fn led_alike<'a>(&self, list: &'a [usize], lead: f64) -> &'a [usize] {
        let width = (list.len() / 2).max(LEAST_TO_DRAW).min(list.len());
        let at = list.partition_point(|&j| self.donors[j].lead < lead);
        let start = at.saturating_sub(width / 2).min(list.len() - width);
        &list[start..start + width]
    }

    /// A party's own error in a division in a run, where it stood as `kind` (won,
    /// second, other, new): the donor's for the party where it stood there alike (new
    /// or not), else one of the party's errors where it stood alike.
    pub fn own_error(
        &self,
        p: PartyIx,
        kind: usize,
        donor: Option<usize>,
        normal: &mut dyn FnMut() -> f64,
    ) -> Option<f64> {
        let line = self.lines.get(p.index())?.as_ref()?;
        let is_new = kind == 3;
        let from_donor = donor.and_then(|j| {
            self.donors[j]
                .errors
                .iter()
                .find(|e| e.party == p && (e.kind == 3) == is_new)
                .map(|e| e.error)
        });
        Some(if let Some(e) = from_donor {
            e
        } else {
            let left = &line.left[kind];
            // Three are enough to draw from: a new candidacy's errors are lopsided
            // (most come to little, a few win outright), which a normal of the spread
            // of all the party's errors hides (Lancashire 2025's independents).
            if left.len() >= LEAST_OF_A_KIND {
                // A normal draw made uniform (the logistic approximation of its
                // distribution), to pick one of the left-overs.
                let u = 1.0 / (1.0 + (-1.702 * normal()).exp());
                left[((u * left.len() as f64) as usize).min(left.len() - 1)]
            } else {
                line.sigma * normal()
            }
        })
    }

    /// A party's change in a division in a draw, with its own error: the donor's
    /// error for the party where it stood there alike (new or not), else one of the
    /// party's errors where it stood alike.
    pub fn drawn_change(
        &self,
        draw: &Draw,
        d: usize,
        p: PartyIx,
        x: &[f64; K],
        donor: Option<usize>,
        normal: &mut dyn FnMut() -> f64,
    ) -> Option<f64> {
        let i = p.index();
        let beta = draw.beta.get(i)?.as_ref()?;
        let own = self.own_error(p, kind(x), donor, normal)?;
        let mut y = dot(beta, x) + own * self.own_scale + draw.everywhere[i];
        for (level, shift) in self.levels.iter().zip(&draw.shift) {
            let u = level.unit_of[d];
            if u != usize::MAX {
                y += shift[i][u];
            }
        }
        Some(y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DivisionIx;
    use crate::random::Random;

    /// A two-party night of 60 councils of 10 divisions, 2 declared in each: party
    /// A's change +2 points plus an error of 5 points, but in council 0 a surge of
    /// `surge` more. Returns the fitted shift of council 0 for party A.
    fn surging_council_shift(surge: f64, councils: bool) -> f64 {
        let mut random = Random(11);
        let divs: Vec<Div> = (0..600)
            .map(|i| {
                let council = (i / 10) as usize;
                let a = 0.3 + 0.4 * random.unit();
                let shift = if council == 0 { surge } else { 0.0 };
                // Council 0's two declared divisions err by 5 and 2 points: their
                // mean is the surge and 3.5 points, as far out as two divisions' noise
                // alone often puts it.
                let error = match i {
                    0 => 0.05,
                    1 => 0.02,
                    _ => 0.05 * random.normal(),
                };
                let now = (a + 0.02 + shift + error).clamp(0.0, 1.0);
                Div {
                    ix: DivisionIx(i),
                    seats: 1,
                    standing: vec![(PartyIx(0), 1), (PartyIx(1), 1)],
                    then: Some(vec![(PartyIx(0), a), (PartyIx(1), 1.0 - a)]),
                    now: (i % 10 < 2).then(|| vec![(PartyIx(0), now), (PartyIx(1), 1.0 - now)]),
                    weight: 1000.0,
                    block: council,
                    cancelled: false,
                    declared_at: None,
                }
            })
            .collect();
        let units = [Grouping {
            unit_of: (0..600).map(|i| i / 10).collect(),
            councils,
        }];
        fit_unstretched(&divs, 2, &units).levels[0].shift[0][0]
    }

    #[test]
    fn a_council_s_surge_seen_in_two_divisions_is_believed_where_an_area_s_is_held_back() {
        // Two divisions' noise alone (5 points each) puts their mean 3.5 points either
        // way; a surge of 15 is far beyond it. As a council, most of it stands; as an
        // area, the normal spread between units holds it back to under half of that.
        let as_council = surging_council_shift(0.15, true);
        let as_area = surging_council_shift(0.15, false);
        assert!(
            as_council > 0.10,
            "as a council {as_council:.3}, as an area {as_area:.3}"
        );
        assert!(as_area < as_council / 2.0, "as an area {as_area:.3}");
        // A council whose mean (3.5 points) is about as far out as its divisions'
        // noise alone puts it keeps under half of it.
        let quiet = surging_council_shift(0.0, true);
        assert!(quiet.abs() < 0.0175, "without a surge {quiet:.4}");
    }
}
