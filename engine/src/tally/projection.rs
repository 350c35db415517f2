//! On course for: the final seats projected from the divisions declared so far and
//! the baseline, with how sure the projection is. A pure function of the tally (no
//! I/O); the same seed gives the same projection.
//!
//! The method (see the README's "The projection"):
//! 1. Each party's change in share is fitted over the declared divisions with a
//!    baseline as a line in where it stood (its share then, won, second, new there)
//!    and the largest parties' shares then, held towards the plain change (uniform
//!    for a party gaining, proportional for one losing), with a shift per council and
//!    per area held back by how much each has shown (`model`).
//! 2. A party standing where nothing has declared where it stands keeps its share
//!    then, with a wide spread; a division without a baseline takes the mean declared
//!    shares of its area (else of the whole election).
//! 3. A single seat goes to the highest share; in a multi-member division a party's
//!    j-th candidate gets its share less (j−1) running-mate gaps (the mean gap seen in
//!    tonight's declared multi-member divisions), and the top `seats` win.
//! 4. Uncertainty: each run draws the lines' coefficients, each unit's shift (the
//!    whole spread between units for one not yet seen) and each division's own error
//!    (one of the errors the model made on declared divisions of its kind, without
//!    the fit's uncertainty, which the coefficients and shifts draw), and
//!    allocates the seats. The own errors are stretched as far as the declared
//!    divisions' winners say, and the common part (coefficients, shifts) by a
//!    stretch each run draws among those the declared seats support when the model
//!    is fitted to half of them, weighted by how well each foretold them
//!    (`calibrate`), laid on as a shift common to all of a party's divisions
//!    (`Model::draw`).
//!
//! Shares in a single seat are each party's total; in multi-member divisions each
//! party's mean candidate vote, normalised (the baseline keeps parties' totals and
//! best candidates, not their candidate counts: its multi-member shares are the best
//! candidates', normalised).

mod calibrate;
mod divisions;
mod linear;
mod model;
mod predict;

use crate::model::{DivisionIx, Election, PartyIx};
use crate::random::Random;
use crate::tally::Tally;
use crate::tally::outcome::Status;
use divisions::{Div, divisions, is_settled, levels, normalise, running_mate_gap, share_of};
use model::{Draw, Model};
use predict::{allocate, means, predict};

/// Nothing is projected before this many divisions with a baseline have declared…
pub const MIN_DECLARED: usize = 8;
/// …from at least this many areas.
pub const MIN_AREAS: usize = 2;
/// Below this share at the baseline a party counts as new to a division.
pub const NEW_BELOW: f64 = 0.01;
/// The spread of a party's share in a division without a baseline (3 points), and
/// the least of a party new to a division.
const NO_BASELINE_SPREAD: f64 = 0.03;
const NEW_SPREAD: f64 = 0.03;
/// The spread of the log of a party's ratio of share, common to the divisions where
/// it stands, while nothing has declared where it stands (a run may halve or double
/// it)…
const UNSEEN_RATIO_SPREAD: f64 = 0.5;
/// …and of each division's own ratio about the party's.
const UNSEEN_OWN_SPREAD: f64 = 0.15;
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
    /// The largest spread of a division's own error, over the parties (a share's
    /// standard deviation).
    pub noise: f64,
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
    // A night of one area (a council counted in one place) has no other area to
    // wait for.
    let mut areas: Vec<usize> = divs.iter().map(|d| d.block).collect();
    areas.sort_unstable();
    areas.dedup();
    let areas_needed = MIN_AREAS.min(areas.len());
    if declared.len() >= MIN_DECLARED && blocks.len() >= areas_needed {
        Ok(())
    } else {
        Err(TooEarly {
            declared_with_baseline: declared.len(),
            areas: blocks.len(),
        })
    }
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
    // Undeclared divisions to project, by their place in `divs`.
    let mut open: Vec<usize> = Vec::new();
    let mut tied: Vec<(DivisionIx, Vec<PartyIx>, Vec<PartyIx>, u32)> = Vec::new();
    for (i, d) in divs.iter().enumerate() {
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
            Status::Awaiting => open.push(i),
        }
    }
    // The model of change, fitted to every division declared, with the stretches of
    // its common uncertainty that halves of the declared divisions support.
    let units = levels(tally, &divs);
    let mut model = model::fit(&divs, parties, &units);
    let runs = if open.is_empty() && tied.is_empty() {
        1
    } else {
        options.simulations.max(1)
    };
    // Nothing left to project: no stretch to weigh.
    if runs > 1 {
        let elected: Vec<Vec<PartyIx>> = divs
            .iter()
            .map(|d| {
                let outcome = tally.outcome(d.ix);
                if outcome.status == Status::Declared && d.now.is_some() {
                    outcome
                        .elected
                        .iter()
                        .map(|&c| election.candidate(c).party)
                        .collect()
                } else {
                    Vec::new()
                }
            })
            .collect();
        model.common_stretch = calibrate::common_stretch(&divs, parties, &units, gap, &elected);
    }
    // The runs in a fixed number of batches, each with its own stream of random
    // numbers from the seed, on as many threads as there are batches: the same seed
    // gives the same runs on any machine, and a laptop's second core halves the wait.
    // Each batch's seed is an output of the seed's generator, not the seed moved by
    // a step: the generator moves its state by a fixed step, so seeds a step apart
    // would give the same stream shifted by a few numbers.
    let per_batch = runs.div_ceil(BATCHES);
    let mut seeds = Random(options.seed);
    let seeds: [u64; BATCHES] = std::array::from_fn(|_| seeds.next_u64());
    let batch = |b: usize| -> Vec<Run> {
        let count = per_batch.min(runs.saturating_sub(b * per_batch));
        let mut random = Random(seeds[b]);
        (0..count)
            .map(|_| {
                one_run(
                    &divs,
                    &model,
                    &means,
                    &open,
                    &tied,
                    &fixed,
                    gap,
                    &mut random,
                )
            })
            .collect()
    };
    let batches: Vec<Vec<Run>> = std::thread::scope(|scope| {
        // Only batches with runs in them (one run, on a night with nothing open,
        // needs no thread).
        let handles: Vec<_> = (1..BATCHES)
            .filter(|&b| b * per_batch < runs)
            .map(|b| scope.spawn(move || batch(b)))
            .collect();
        let mut all = vec![batch(0)];
        for handle in handles {
            // A panic in a batch is the same bug it would be without threads.
            all.push(
                handle
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        }
        all
    });
    let (seats, winners): (Vec<_>, Vec<_>) = batches.into_iter().flatten().unzip();
    let noise = model
        .lines
        .iter()
        .flatten()
        .map(|l| l.sigma)
        .fold(0.0, f64::max);
    Ok(Simulation {
        seats,
        winners,
        noise,
    })
}

/// Batches of runs (see `simulate`).
const BATCHES: usize = 4;

/// One run's seats by party, and each open division's winners.
type Run = (Vec<u32>, Vec<(DivisionIx, Vec<PartyIx>)>);

/// One run of the simulation: a draw of the model, each open division's shares and
/// winners from it, and lots for the tied seats.
#[allow(clippy::too_many_arguments)]
fn one_run(
    divs: &[Div],
    model: &Model,
    means: &predict::Means,
    open: &[usize],
    tied: &[(DivisionIx, Vec<PartyIx>, Vec<PartyIx>, u32)],
    fixed: &[u32],
    gap: f64,
    random: &mut Random,
) -> Run {
    let scale = model.common_stretch.pick(random.unit());
    let mut normal = || random.normal();
    let draw = model.draw(scale, &mut normal);
    let mut run = fixed.to_vec();
    let mut run_winners = Vec::with_capacity(open.len() + tied.len());
    for &i in open {
        let d = &divs[i];
        let shares = predict(i, d, model, means, Some((&draw, &mut normal)));
        let won = allocate(d, &shares, gap);
        for &p in &won {
            run[p.index()] += 1;
        }
        run_winners.push((d.ix, won));
    }
    for (d, won, lots, n) in tied {
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
    (run, run_winners)
}

/// The central shares the projection gives each undeclared division (no noise):
/// by division index, none for divisions declared.
pub fn central_shares(tally: &Tally) -> Vec<Option<Vec<(PartyIx, f64)>>> {
    let parties = tally.election().parties.len();
    let divs = divisions(tally);
    let means = means(&divs, parties);
    let model = model::fit(&divs, parties, &levels(tally, &divs));
    divs.iter()
        .enumerate()
        .map(|(i, d)| d.now.is_none().then(|| predict(i, d, &model, &means, None)))
        .collect()
}

/// Each division's shares as the projection sees them, by division index: at the
/// baseline (none without one with votes) and tonight (none while awaiting); a
/// party's total in a single seat, its mean candidate in a multi-member division.
pub fn shares_seen(tally: &Tally) -> Vec<SharesSeen> {
    divisions(tally)
        .into_iter()
        .map(|d| SharesSeen {
            then: d.then,
            now: d.now,
        })
        .collect()
}

/// A division's shares at the baseline and tonight, by party.
#[derive(Debug, Clone, PartialEq)]
pub struct SharesSeen {
    pub then: Option<Vec<(PartyIx, f64)>>,
    pub now: Option<Vec<(PartyIx, f64)>>,
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
    /// Whether the parties' chances of control and of no overall control are told: on
    /// a night of one council whose councillors not up tonight are known (or that
    /// elects all its seats). Otherwise they are 0 and mean nothing: a night of several
    /// councils tells each council's (`councils`), and of a council electing a third
    /// with the rest unknown, tonight's seats are not the council.
    pub control_told: bool,
    pub p_no_overall_control: f64,
    pub divisions: Vec<DivisionProjection>,
    /// Divisions no party wins in 80 % of runs or more.
    pub too_close: Vec<String>,
    pub simulations: usize,
    /// On a night of several councils, each council's chances (councils electing
    /// part of their seats without the others known are left out: no control to tell;
    /// the others known where given or worked out exactly from the council before the
    /// poll).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub councils: Vec<CouncilProjection>,
    /// On a night of several councils, the mean number of councils by control over
    /// the runs, most first ("No overall control" among them).
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "as_object")]
    pub councils_by_control: Vec<(String, f64)>,
    /// On a night of several councils, how many are left out of `councils`: their
    /// control cannot be told ([`councils_untold_text`]).
    #[serde(skip_serializing_if = "is_zero")]
    pub councils_untold: usize,
}

/// For serde: a count of none is left out.
pub(crate) fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// In words, the councils of a night whose control a projection cannot tell.
pub fn councils_untold_text(n: usize) -> String {
    format!(
        "{n} councils left out: each elects part of its seats and the councillors not up \
         are not known exactly"
    )
}

/// What a projection of one council electing part of its seats says of control
/// where the councillors not up tonight are not known (`control_told` false).
pub const CONTROL_NOT_TOLD: &str = "Control cannot be told: part of the council is up and the councillors not up are not known exactly";

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
) -> (Vec<CouncilProjection>, Vec<(String, f64)>, usize) {
    let election = tally.election();
    if !election.has_councils() {
        return (Vec::new(), Vec::new(), 0);
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
    // Each council's councillors not up tonight, where known: none, its control
    // cannot be told.
    let continuing: Vec<Option<Vec<(PartyIx, u64)>>> = election
        .council_ixs()
        .map(|c| tally.continuing_known(c))
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
            let Some(continuing) = &continuing[c.index()] else {
                continue;
            };
            let council = election.council(c);
            let not_up: u64 = continuing.iter().map(|(_, n)| n).sum();
            let needed = ((council.seats + not_up) / 2 + 1) as u32;
            let at = c.index() * parties;
            let holder = (0..parties).find(|&i| {
                let p = PartyIx(i as u32);
                let kept = continuing
                    .iter()
                    .find(|(q, _)| *q == p)
                    .map_or(0, |(_, n)| *n);
                !election.parties.cannot_hold_control(p) && seats[at + i] + kept as u32 >= needed
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
    for c in election
        .council_ixs()
        .filter(|c| continuing[c.index()].is_some())
    {
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
    let untold = continuing.iter().filter(|c| c.is_none()).count();
    (out, by_control, untold)
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
///
/// Long: Its steps, in the order they must happen, each a few lines that use what the one
/// before made.
pub fn project(tally: &Tally, options: ProjectionOptions) -> Result<Projection, TooEarly> {
    let simulation = simulate(tally, options)?;
    let election = tally.election();
    let runs = simulation.seats.len();
    // A night of several councils has no one council to control: control is per
    // council (`councils`), and the night's own chances are left at 0; so are those
    // of one council electing part of its seats whose other councillors are unknown.
    let sole = tally.sole_not_up();
    let control_told = sole.is_some();
    let sole = sole.unwrap_or_default();
    let continuing = |p: PartyIx| {
        sole.iter()
            .find(|(q, _)| *q == p)
            .map_or(0, |(_, n)| *n as u32)
    };
    let total = election.total_seats() + sole.iter().map(|(_, n)| n).sum::<u64>();
    let needed = if control_told {
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
            .any(|(p, seats)| !election.parties.cannot_hold_control(*p) && seats[run] >= needed)
        {
            controlled += 1;
        }
    }
    for (p, seats) in by_party.iter_mut() {
        if seats.iter().all(|&s| s == 0) {
            continue;
        }
        let expected = seats.iter().map(|&s| f64::from(s)).sum::<f64>() / runs as f64;
        let p_control = if election.parties.cannot_hold_control(*p) {
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
    let (councils, councils_by_control, councils_untold) = council_odds(tally, &simulation);
    Ok(Projection {
        parties,
        control_told,
        p_no_overall_control: if control_told {
            1.0 - controlled as f64 / runs.max(1) as f64
        } else {
            0.0
        },
        divisions,
        too_close,
        simulations: runs,
        councils,
        councils_by_control,
        councils_untold,
    })
}
