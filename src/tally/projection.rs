//! On course for: the final seats projected from the divisions declared so far and
//! the baseline, with how sure the projection is. A pure function of the tally (no
//! I/O); the same seed gives the same projection.
//!
//! The method (see the README's "How the figures are made"):
//! 1. Over declared divisions with a baseline, weighted by their valid votes: each
//!    party's mean change in share Δ and its ratio ρ = Σw·now / Σw·then, over the
//!    divisions it stood in both times. An undeclared division's party gaining
//!    (Δ ≥ 0) gets baseline + Δ; one losing gets baseline × ρ.
//! 2. A party new to a division (not standing there last time, or under 1 %) gets its
//!    mean share where it was also new; the others are scaled to fill what is left.
//! 3. A division without a baseline takes the mean declared shares of its area (else
//!    of the whole election), over the parties standing there.
//! 4. A single seat goes to the highest share; in a multi-member division a party's
//!    j-th candidate gets its share less (j−1) running-mate gaps (the mean gap seen in
//!    tonight's declared multi-member divisions), and the top `seats` win.
//! 5. Uncertainty: each run resamples the areas declared (results arrive in count
//!    centre blocks), works the changes out again, adds per-division noise of the
//!    spread of the leave-one-out errors (at least 3 points) and allocates the seats.
//!
//! Shares in multi-member divisions are each party's mean candidate vote, normalised
//! (the baseline keeps parties' totals and best candidates, not their candidate
//! counts: its multi-member shares are the best candidates', normalised).

use crate::model::{DivisionIx, Election, PartyIx};
use crate::random::Random;
use crate::tally::Tally;
use crate::tally::outcome::Status;

/// Nothing is projected before this many divisions with a baseline have declared…
pub const MIN_DECLARED: usize = 8;
/// …from at least this many areas.
pub const MIN_AREAS: usize = 2;
/// Below this share at the baseline a party counts as new to a division.
const NEW_BELOW: f64 = 0.01;
/// The least per-division noise (a share, 3 points).
const LEAST_NOISE: f64 = 0.03;
/// The running-mate gap where tonight has no multi-member division to learn it from.
const DEFAULT_GAP: f64 = 0.02;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectionOptions {
    pub simulations: usize,
    pub seed: u64,
}

impl Default for ProjectionOptions {
    fn default() -> Self {
        ProjectionOptions {
            simulations: 2000,
            seed: 1,
        }
    }
}

/// Why nothing is projected yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooEarly {
    pub declared_with_baseline: usize,
    pub areas: usize,
}

/// Seats by party in every run, and the central (noise-free) shares.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    /// Per run, seats by party (indexed by `PartyIx`), declared seats included.
    pub seats: Vec<Vec<u32>>,
    /// Per run, the winners of each division projected (by division index).
    pub winners: Vec<Vec<(DivisionIx, Vec<PartyIx>)>>,
    /// The noise added to each share (its standard deviation).
    pub noise: f64,
}

/// One division as the projection sees it.
struct Div {
    ix: DivisionIx,
    seats: u32,
    /// The parties standing, with how many candidates each.
    standing: Vec<(PartyIx, u32)>,
    /// Shares at the baseline, by party; none without a baseline with votes.
    then: Option<Vec<(PartyIx, f64)>>,
    /// Shares declared tonight; none while awaiting.
    now: Option<Vec<(PartyIx, f64)>>,
    /// Valid votes tonight (the weight of a declared division).
    weight: f64,
    /// Its area (a block of results), by number.
    block: usize,
    /// The poll was cancelled: no result tonight, nothing to project.
    cancelled: bool,
}

fn share_of(shares: &[(PartyIx, f64)], p: PartyIx) -> Option<f64> {
    shares.iter().find(|s| s.0 == p).map(|s| s.1)
}

fn normalise(shares: &mut [(PartyIx, f64)]) {
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
fn divisions(tally: &Tally) -> Vec<Div> {
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
            let now = (outcome.status != Status::Awaiting && !outcome.uncontested)
                .then(|| tally.declaration(d))
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
                    // Each party's mean candidate vote.
                    for s in sums.iter_mut() {
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
            }
        })
        .collect()
}

/// The changes worked out from a set of declared divisions (each with a weight
/// multiplier: how often a resampling drew its area).
#[derive(Debug, Clone)]
struct Changes {
    delta: Vec<Option<f64>>,
    rho: Vec<Option<f64>>,
    new_level: Vec<Option<f64>>,
}

/// Running sums from which the changes are worked out; a division can be taken out
/// again (for leave-one-out errors).
#[derive(Clone)]
struct Sums {
    w: Vec<f64>,
    w_delta: Vec<f64>,
    w_now: Vec<f64>,
    w_then: Vec<f64>,
    new_w: Vec<f64>,
    new_share: Vec<f64>,
}

impl Sums {
    fn new(parties: usize) -> Sums {
        Sums {
            w: vec![0.0; parties],
            w_delta: vec![0.0; parties],
            w_now: vec![0.0; parties],
            w_then: vec![0.0; parties],
            new_w: vec![0.0; parties],
            new_share: vec![0.0; parties],
        }
    }

    /// Adds a declared division with a baseline `times` times (negative takes it out).
    fn add(&mut self, d: &Div, times: f64) {
        let (Some(now), Some(then)) = (&d.now, &d.then) else {
            return;
        };
        let w = d.weight * times;
        for &(p, s) in now {
            let i = p.index();
            match share_of(then, p).filter(|&b| b >= NEW_BELOW) {
                Some(b) => {
                    self.w[i] += w;
                    self.w_delta[i] += w * (s - b);
                    self.w_now[i] += w * s;
                    self.w_then[i] += w * b;
                }
                None => {
                    self.new_w[i] += w;
                    self.new_share[i] += w * s;
                }
            }
        }
    }

    fn changes(&self) -> Changes {
        let n = self.w.len();
        let ratio = |a: f64, b: f64| (b > 1e-12).then(|| a / b);
        Changes {
            delta: (0..n).map(|i| ratio(self.w_delta[i], self.w[i])).collect(),
            rho: (0..n)
                .map(|i| ratio(self.w_now[i], self.w_then[i]))
                .collect(),
            new_level: (0..n)
                .map(|i| ratio(self.new_share[i], self.new_w[i]))
                .collect(),
        }
    }
}

/// Mean declared shares by party, over all declared divisions and per area.
struct Means {
    overall: Vec<f64>,
    by_block: std::collections::HashMap<usize, Vec<f64>>,
}

fn means(divs: &[Div], parties: usize) -> Means {
    let mut overall = (vec![0.0; parties], 0.0);
    let mut by_block: std::collections::HashMap<usize, (Vec<f64>, f64)> = Default::default();
    for d in divs {
        let Some(now) = &d.now else { continue };
        let block = by_block
            .entry(d.block)
            .or_insert_with(|| (vec![0.0; parties], 0.0));
        for &(p, s) in now {
            overall.0[p.index()] += d.weight * s;
            block.0[p.index()] += d.weight * s;
        }
        overall.1 += d.weight;
        block.1 += d.weight;
    }
    let scale = |(v, w): (Vec<f64>, f64)| {
        v.into_iter()
            .map(|x| if w > 0.0 { x / w } else { 0.0 })
            .collect()
    };
    Means {
        overall: scale(overall),
        by_block: by_block.into_iter().map(|(k, v)| (k, scale(v))).collect(),
    }
}

/// The central shares of an undeclared division (steps 1 to 3).
fn predict(d: &Div, changes: &Changes, means: &Means) -> Vec<(PartyIx, f64)> {
    let mut shares: Vec<(PartyIx, f64)> = Vec::with_capacity(d.standing.len());
    match &d.then {
        Some(then) => {
            let mut new_total = 0.0;
            let mut old = Vec::new();
            for &(p, _) in &d.standing {
                let i = p.index();
                match share_of(then, p).filter(|&b| b >= NEW_BELOW) {
                    Some(b) => {
                        let s = match (changes.delta[i], changes.rho[i]) {
                            (Some(delta), _) if delta >= 0.0 => b + delta,
                            (_, Some(rho)) => b * rho,
                            _ => b,
                        };
                        old.push((p, s.max(0.0)));
                    }
                    None => {
                        let s = changes.new_level[i]
                            .or_else(|| means.overall.get(i).copied().filter(|&m| m > 0.0))
                            .unwrap_or(0.0);
                        new_total += s;
                        shares.push((p, s));
                    }
                }
            }
            // The parties standing before fill what new ones leave: scaled only then,
            // so that a party's share is its baseline moved by its own change alone.
            let old_total: f64 = old.iter().map(|s| s.1).sum();
            let scale = if new_total > 0.0 && old_total > 0.0 {
                (1.0 - new_total).max(0.0) / old_total
            } else {
                1.0
            };
            for (p, s) in old {
                shares.push((p, s * scale));
            }
        }
        None => {
            let mean = means.by_block.get(&d.block).unwrap_or(&means.overall);
            for &(p, _) in &d.standing {
                let m = mean.get(p.index()).copied().unwrap_or(0.0);
                let m = if m > 0.0 {
                    m
                } else {
                    means.overall.get(p.index()).copied().unwrap_or(0.0)
                };
                shares.push((p, m));
            }
            normalise(&mut shares);
        }
    }
    shares
}

/// The winners of a division from its parties' shares (step 4).
fn allocate(d: &Div, shares: &[(PartyIx, f64)], gap: f64) -> Vec<PartyIx> {
    let mut places: Vec<(f64, PartyIx)> = Vec::new();
    for &(p, n) in &d.standing {
        let s = share_of(shares, p).unwrap_or(0.0);
        for j in 0..n.min(d.seats) {
            places.push((s - f64::from(j) * gap, p));
        }
    }
    places.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    places
        .into_iter()
        .take(d.seats as usize)
        .map(|x| x.1)
        .collect()
}

/// The typical gap between a party's running mates, from tonight's declared
/// multi-member divisions (in the same share units as the parties' shares).
fn running_mate_gap(tally: &Tally, divs: &[Div]) -> f64 {
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

/// Whether the night has enough to project from: at least [`MIN_DECLARED`]
/// divisions with a baseline declared, from at least [`MIN_AREAS`] areas; or every
/// division declared (then the projection is the result).
pub fn ready(tally: &Tally) -> Result<(), TooEarly> {
    let divs = divisions(tally);
    readiness(&divs)
}

fn readiness(divs: &[Div]) -> Result<(), TooEarly> {
    if divs.iter().all(|d| d.now.is_some() || is_settled(d)) {
        return Ok(());
    }
    let declared: Vec<&Div> = divs
        .iter()
        .filter(|d| d.now.is_some() && d.then.is_some())
        .collect();
    let mut blocks: Vec<usize> = declared.iter().map(|d| d.block).collect();
    blocks.sort_unstable();
    blocks.dedup();
    if declared.len() >= MIN_DECLARED && blocks.len() >= MIN_AREAS {
        Ok(())
    } else {
        Err(TooEarly {
            declared_with_baseline: declared.len(),
            areas: blocks.len(),
        })
    }
}

/// Divisions whose seats are known without a count (unopposed returns), or that
/// fill none tonight (a cancelled poll).
fn is_settled(d: &Div) -> bool {
    d.cancelled || d.standing.iter().map(|s| s.1).sum::<u32>() <= d.seats
}

/// Runs the projection: every run's seats by party.
pub fn simulate(tally: &Tally, options: ProjectionOptions) -> Result<Simulation, TooEarly> {
    let election = tally.election();
    let parties = election.parties.len();
    let divs = divisions(tally);
    readiness(&divs)?;
    let gap = running_mate_gap(tally, &divs);
    let means = means(&divs, parties);
    // Declared seats, counted in every run.
    let mut fixed = vec![0u32; parties];
    let mut open: Vec<&Div> = Vec::new();
    let mut tied: Vec<(DivisionIx, Vec<PartyIx>, Vec<PartyIx>, u32)> = Vec::new();
    for d in &divs {
        let outcome = tally.outcome(d.ix);
        match outcome.status {
            Status::Declared => {
                for &c in &outcome.elected {
                    fixed[election.candidate(c).party.index()] += 1;
                }
            }
            Status::Tied => {
                let won: Vec<PartyIx> = outcome
                    .elected
                    .iter()
                    .filter(|c| !outcome.tied.contains(c))
                    .map(|&c| election.candidate(c).party)
                    .collect();
                let lots: Vec<PartyIx> = outcome
                    .tied
                    .iter()
                    .map(|&c| election.candidate(c).party)
                    .collect();
                tied.push((d.ix, won, lots, outcome.tied_seats));
            }
            Status::Awaiting if d.cancelled => {}
            Status::Awaiting if is_settled(d) => {
                for &(p, n) in &d.standing {
                    fixed[p.index()] += n;
                }
            }
            Status::Awaiting => open.push(d),
        }
    }
    // The noise: the spread of each declared division's error when predicted from
    // all the others (leave-one-out), at least LEAST_NOISE.
    let mut all = Sums::new(parties);
    for d in &divs {
        all.add(d, 1.0);
    }
    let (mut squares, mut count) = (0.0, 0usize);
    for d in divs.iter().filter(|d| d.now.is_some() && d.then.is_some()) {
        let mut without = all.clone();
        without.add(d, -1.0);
        let predicted = predict(d, &without.changes(), &means);
        if let Some(now) = &d.now {
            for &(p, s) in now {
                let e = share_of(&predicted, p).unwrap_or(0.0) - s;
                squares += e * e;
                count += 1;
            }
        }
    }
    let noise = if count > 0 {
        (squares / count as f64).sqrt().max(LEAST_NOISE)
    } else {
        LEAST_NOISE
    };
    // Areas with declared divisions that have a baseline: what a run resamples.
    let mut blocks: Vec<usize> = divs
        .iter()
        .filter(|d| d.now.is_some() && d.then.is_some())
        .map(|d| d.block)
        .collect();
    blocks.sort_unstable();
    blocks.dedup();
    let mut random = Random(options.seed);
    let runs = if open.is_empty() && tied.is_empty() {
        1
    } else {
        options.simulations.max(1)
    };
    let mut seats = Vec::with_capacity(runs);
    let mut winners = Vec::with_capacity(runs);
    let mut drawn = vec![0.0; blocks.len()];
    for _ in 0..runs {
        drawn.iter_mut().for_each(|x| *x = 0.0);
        for _ in 0..blocks.len() {
            drawn[random.below(blocks.len())] += 1.0;
        }
        let mut sums = Sums::new(parties);
        for d in &divs {
            if let Ok(at) = blocks.binary_search(&d.block)
                && drawn[at] > 0.0
            {
                sums.add(d, drawn[at]);
            }
        }
        let changes = sums.changes();
        let mut run = fixed.clone();
        let mut run_winners = Vec::with_capacity(open.len() + tied.len());
        for d in &open {
            let mut shares = predict(d, &changes, &means);
            for s in shares.iter_mut() {
                s.1 = (s.1 + noise * random.normal()).max(0.0);
            }
            let won = allocate(d, &shares, gap);
            for &p in &won {
                run[p.index()] += 1;
            }
            run_winners.push((d.ix, won));
        }
        for (d, won, lots, n) in &tied {
            // Lots: the tied seats to tied candidates at random.
            let mut pool = lots.clone();
            let mut all_won = won.clone();
            for _ in 0..*n {
                if pool.is_empty() {
                    break;
                }
                all_won.push(pool.swap_remove(random.below(pool.len())));
            }
            for &p in &all_won {
                run[p.index()] += 1;
            }
            run_winners.push((*d, all_won));
        }
        seats.push(run);
        winners.push(run_winners);
    }
    Ok(Simulation {
        seats,
        winners,
        noise,
    })
}

/// The central shares the projection gives each undeclared division (no noise):
/// by division index, none for divisions declared.
pub fn central_shares(tally: &Tally) -> Vec<Option<Vec<(PartyIx, f64)>>> {
    let parties = tally.election().parties.len();
    let divs = divisions(tally);
    let means = means(&divs, parties);
    let mut sums = Sums::new(parties);
    for d in &divs {
        sums.add(d, 1.0);
    }
    let changes = sums.changes();
    divs.iter()
        .map(|d| d.now.is_none().then(|| predict(d, &changes, &means)))
        .collect()
}

/// One party's projected seats.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PartyProjection {
    pub party: String,
    pub seats_median: u32,
    /// The 90 % range: 5th and 95th percentiles of the runs.
    pub seats_low: u32,
    pub seats_high: u32,
    pub seats_expected: f64,
    /// Share of runs in which the party has control.
    pub p_control: f64,
}

/// One undeclared division: how often each party won (a seat of) it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DivisionProjection {
    pub division: String,
    /// By party, most likely first (an object of party → chance in JSON).
    #[serde(serialize_with = "as_object")]
    pub p_win: Vec<(String, f64)>,
}

fn as_object<S: serde::Serializer>(rows: &[(String, f64)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(rows.len()))?;
    for (k, v) in rows {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// The projection as the summary reports it: projected, or why not yet.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ProjectionReport {
    TooEarly {
        declared_with_baseline: usize,
        areas: usize,
        /// What it waits for, in words.
        needs: String,
    },
    Projected(Projection),
}

impl ProjectionReport {
    pub fn of(tally: &Tally, options: ProjectionOptions) -> ProjectionReport {
        match project(tally, options) {
            Ok(p) => ProjectionReport::Projected(p),
            Err(e) => ProjectionReport::TooEarly {
                declared_with_baseline: e.declared_with_baseline,
                areas: e.areas,
                needs: e.text(),
            },
        }
    }
}

impl TooEarly {
    /// "No projection until 8 divisions with a baseline have declared from 2 areas
    /// (5 so far, from 2)".
    pub fn text(&self) -> String {
        format!(
            "No projection until {MIN_DECLARED} divisions with a baseline have declared from {MIN_AREAS} areas ({} so far, from {})",
            self.declared_with_baseline, self.areas
        )
    }
}

/// The projection, summed up.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Projection {
    /// Parties that win a seat in some run, most expected seats first.
    pub parties: Vec<PartyProjection>,
    pub p_no_overall_control: f64,
    pub divisions: Vec<DivisionProjection>,
    /// Divisions no party wins in 80 % of runs or more.
    pub too_close: Vec<String>,
    pub simulations: usize,
    /// On a night of several councils, each council's chances (councils electing
    /// part of their seats without the others known are left out: no control to tell).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub councils: Vec<CouncilProjection>,
    /// On a night of several councils, the mean number of councils by control over
    /// the runs, most first ("No overall control" among them).
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "as_object")]
    pub councils_by_control: Vec<(String, f64)>,
}

/// One council's chances on a night of several.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CouncilProjection {
    pub council: String,
    /// By party, most likely first.
    #[serde(serialize_with = "as_object")]
    pub p_control: Vec<(String, f64)>,
    pub p_no_overall_control: f64,
}

/// Each council's chances of control, and councils by control, over the runs.
fn council_odds(
    tally: &Tally,
    simulation: &Simulation,
) -> (Vec<CouncilProjection>, Vec<(String, f64)>) {
    let election = tally.election();
    if !election.has_councils() {
        return (Vec::new(), Vec::new());
    }
    let (councils, parties) = (election.councils.len(), election.parties.len());
    // Seats known tonight, by council and party: declared, and unopposed returns.
    let mut fixed = vec![0u32; councils * parties];
    for d in election.division_ixs() {
        let division = election.division(d);
        let at = division.council.index() * parties;
        let outcome = tally.outcome(d);
        if outcome.status == Status::Declared {
            for &c in &outcome.elected {
                fixed[at + election.candidate(c).party.index()] += 1;
            }
        }
    }
    let told: Vec<bool> = election
        .council_ixs()
        .map(|c| {
            let council = election.council(c);
            !(council.is_partial() && council.continuing.is_none())
        })
        .collect();
    let mut wins = vec![0usize; councils * parties];
    let mut hung = vec![0usize; councils];
    let runs = simulation.winners.len();
    let mut seats = vec![0u32; councils * parties];
    for run in &simulation.winners {
        seats.copy_from_slice(&fixed);
        for (d, won) in run {
            let at = election.division(*d).council.index() * parties;
            for p in won {
                seats[at + p.index()] += 1;
            }
        }
        for c in election.council_ixs() {
            if !told[c.index()] {
                continue;
            }
            let council = election.council(c);
            let needed = ((council.seats + council.continuing_total()) / 2 + 1) as u32;
            let at = c.index() * parties;
            let holder = (0..parties).find(|&i| {
                let p = PartyIx(i as u32);
                !election.parties.is_independent(p)
                    && seats[at + i] + council.continuing_seats(p) as u32 >= needed
            });
            match holder {
                Some(i) => wins[at + i] += 1,
                None => hung[c.index()] += 1,
            }
        }
    }
    let share = |n: usize| n as f64 / runs.max(1) as f64;
    let mut by_control: Vec<(String, f64)> = Vec::new();
    let mut add = |label: &str, p: f64| match by_control.iter_mut().find(|(l, _)| l == label) {
        Some(row) => row.1 += p,
        None => by_control.push((label.to_string(), p)),
    };
    let mut out = Vec::new();
    for c in election.council_ixs().filter(|c| told[c.index()]) {
        let at = c.index() * parties;
        let mut p_control: Vec<(String, f64)> = (0..parties)
            .filter(|&i| wins[at + i] > 0)
            .map(|i| {
                (
                    election.party_name(PartyIx(i as u32)).to_string(),
                    share(wins[at + i]),
                )
            })
            .collect();
        p_control.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (party, p) in &p_control {
            add(party, *p);
        }
        add("No overall control", share(hung[c.index()]));
        out.push(CouncilProjection {
            council: election.council_name(c).to_string(),
            p_control,
            p_no_overall_control: share(hung[c.index()]),
        });
    }
    by_control.retain(|(_, n)| *n > 0.0);
    by_control.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    (out, by_control)
}

/// A party wins a division "surely" from this share of runs.
const SURE: f64 = 0.8;

/// The percentile `q` (0 to 1) of sorted values.
fn percentile(sorted: &[u32], q: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// The projection of the night's final seats: medians and 90 % ranges by party,
/// the chance of control (of the whole council, with its seats not up tonight where
/// given), and each undeclared division's chances.
pub fn project(tally: &Tally, options: ProjectionOptions) -> Result<Projection, TooEarly> {
    let simulation = simulate(tally, options)?;
    let election = tally.election();
    let runs = simulation.seats.len();
    let continuing = |p: PartyIx| election.sole_continuing(p) as u32;
    let total =
        election.total_seats() + election.sole_council().map_or(0, |c| c.continuing_total());
    // A night of several councils has no one council to control: control is per
    // council (`councils`), and the night's own chances are left at 0.
    let one_council = !election.has_councils();
    let needed = if one_council {
        (total / 2 + 1) as u32
    } else {
        u32::MAX
    };
    let mut parties = Vec::new();
    let mut controlled = 0usize;
    let mut by_party: Vec<(PartyIx, Vec<u32>)> = (0..election.parties.len())
        .map(|i| {
            let p = PartyIx(i as u32);
            (
                p,
                simulation
                    .seats
                    .iter()
                    .map(|run| run[i] + continuing(p))
                    .collect(),
            )
        })
        .collect();
    for run in 0..runs {
        if by_party
            .iter()
            .any(|(p, seats)| !election.parties.is_independent(*p) && seats[run] >= needed)
        {
            controlled += 1;
        }
    }
    for (p, seats) in by_party.iter_mut() {
        if seats.iter().all(|&s| s == 0) {
            continue;
        }
        let expected = seats.iter().map(|&s| f64::from(s)).sum::<f64>() / runs as f64;
        let p_control = if election.parties.is_independent(*p) {
            0.0
        } else {
            seats.iter().filter(|&&s| s >= needed).count() as f64 / runs as f64
        };
        seats.sort_unstable();
        parties.push(PartyProjection {
            party: election.party_name(*p).to_string(),
            seats_median: percentile(seats, 0.5),
            seats_low: percentile(seats, 0.05),
            seats_high: percentile(seats, 0.95),
            seats_expected: expected,
            p_control,
        });
    }
    parties.sort_by(|a, b| {
        b.seats_expected
            .total_cmp(&a.seats_expected)
            .then(a.party.cmp(&b.party))
    });
    // Each projected division: how often each party won a seat there.
    let mut divisions = Vec::new();
    let mut too_close = Vec::new();
    if let Some(first) = simulation.winners.first() {
        for (k, (d, _)) in first.iter().enumerate() {
            let mut wins: Vec<(PartyIx, usize)> = Vec::new();
            for run in &simulation.winners {
                let mut seen: Vec<PartyIx> = run[k].1.clone();
                seen.sort_unstable();
                seen.dedup();
                for p in seen {
                    match wins.iter_mut().find(|w| w.0 == p) {
                        Some(w) => w.1 += 1,
                        None => wins.push((p, 1)),
                    }
                }
            }
            wins.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let p_win: Vec<(String, f64)> = wins
                .iter()
                .map(|&(p, n)| (election.party_name(p).to_string(), n as f64 / runs as f64))
                .collect();
            let name = election.division_label(*d);
            if p_win.first().is_none_or(|w| w.1 < SURE) {
                too_close.push(name.clone());
            }
            divisions.push(DivisionProjection {
                division: name,
                p_win,
            });
        }
    }
    let (councils, councils_by_control) = council_odds(tally, &simulation);
    Ok(Projection {
        parties,
        p_no_overall_control: if one_council {
            1.0 - controlled as f64 / runs.max(1) as f64
        } else {
            0.0
        },
        divisions,
        too_close,
        simulations: runs,
        councils,
        councils_by_control,
    })
}
