//! Synthetic elections, deterministic for a seed: for rehearsals, tests and benchmarks
//! at any size. Party strengths vary by area, turnout is plausible, some results are
//! close and a few are tied.

use jiff::{Timestamp, ToSpan};

use crate::model::{
    CandidateSetup, Declaration, DivisionIx, DivisionSetup, Election, ElectionBuilder,
};
use crate::random::Random;
use crate::tally::outcome::tie_for_last_seat;

/// How many seats each division elects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatPattern {
    One,
    Two,
    Three,
    /// Mostly one, some two, a few three (as in English local elections).
    Mixed,
}

#[derive(Debug, Clone)]
pub struct GenerateOptions {
    pub divisions: usize,
    pub seats: SeatPattern,
    pub parties: usize,
    /// Share of divisions declared, 0.0 to 1.0.
    pub declared: f64,
    pub seed: u64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            divisions: 650,
            seats: SeatPattern::One,
            parties: 8,
            declared: 1.0,
            seed: 1,
        }
    }
}

const PARTIES: &[&str] = &[
    "Labour",
    "Conservative",
    "Reform UK",
    "Liberal Democrats",
    "Green Party",
    "SNP",
    "Plaid Cymru",
    "Workers Party",
    "TUSC",
    "Heritage Party",
];
const FIRST: &[&str] = &[
    "Alex", "Sam", "Jo", "Chris", "Pat", "Jamie", "Morgan", "Robin", "Kim", "Lee", "Ash", "Drew",
];
const LAST: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts",
    "Walker", "Wright", "Khan",
];

fn party_name(i: usize) -> String {
    PARTIES
        .get(i)
        .map_or_else(|| format!("Party {}", i + 1), |p| (*p).to_string())
}

/// An election and its declarations (by division index).
///
/// Long: Its steps, in the order they must happen, each a few lines that use what the one
/// before made.
pub fn generate(options: &GenerateOptions) -> (Election, Vec<Option<Declaration>>) {
    let mut rng = Random(options.seed);
    let parties = options.parties.max(2);
    let areas = (options.divisions / 50).clamp(1, 400);
    // Each party's strength in each area: a national level varied by area.
    // Four large parties close enough to compete, then smaller ones.
    let national: Vec<f64> = (0..parties)
        .map(|i| {
            if i < 4 {
                1.0 / (1.0 + i as f64 * 0.08)
            } else {
                0.35 / (1.0 + (i - 4) as f64 * 0.3)
            }
        })
        .collect();
    let strength: Vec<Vec<f64>> = (0..areas)
        .map(|_| {
            national
                .iter()
                .map(|n| n * (0.25 + 1.5 * rng.unit()))
                .collect()
        })
        .collect();

    let mut builder = ElectionBuilder::new("generated");
    let mut plans = Vec::with_capacity(options.divisions);
    for d in 0..options.divisions {
        let area = d * areas / options.divisions.max(1);
        let seats = match options.seats {
            SeatPattern::One => 1,
            SeatPattern::Two => 2,
            SeatPattern::Three => 3,
            SeatPattern::Mixed => match rng.below(20) {
                0 => 3,
                1..=4 => 2,
                _ => 1,
            },
        };
        // The larger parties stand almost everywhere, smaller ones here and there;
        // in multi-member divisions a party may stand a full slate.
        let mut candidates: Vec<CandidateSetup> = Vec::new();
        let mut weights: Vec<f64> = Vec::new();
        for (p, &party_strength) in strength[area].iter().enumerate() {
            let stands = p < 4 || rng.unit() < 0.95 / (1.0 + (p - 4) as f64 * 0.25);
            if !stands {
                continue;
            }
            let slate = if p < 4 {
                seats
            } else {
                1 + rng.below(seats as usize) as u32
            };
            for _ in 0..slate {
                candidates.push(CandidateSetup::new(String::new(), party_name(p)));
                weights.push(party_strength * (0.6 + 0.8 * rng.unit()));
            }
        }
        if rng.below(6) == 0 {
            candidates.push(CandidateSetup::new(String::new(), "Independent"));
            weights.push(0.15 + 0.5 * rng.unit());
        }
        for (i, c) in candidates.iter_mut().enumerate() {
            c.name = format!(
                "{} {} {}",
                FIRST[rng.below(FIRST.len())],
                LAST[rng.below(LAST.len())],
                i + 1
            );
        }
        let electorate = u64::from(seats) * (6_000 + rng.below(8_000) as u64);
        let setup = DivisionSetup {
            council: None,
            name: format!("Division {}", d + 1),
            code: Some(format!("X{:08}", d + 1)),
            area: Some(format!("Area {}", area + 1)),
            seats,
            electorate: Some(electorate),
            candidates,
            cancelled: false,
        };
        plans.push((weights, electorate, seats));
        // Names are unique by construction, so this cannot fail.
        let _ = builder.add_division(setup);
    }
    let election = builder.build();

    // Declare a share of divisions, in a shuffled order through the night.
    let mut order: Vec<usize> = (0..options.divisions).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let declared_count =
        (options.declared.clamp(0.0, 1.0) * options.divisions as f64).round() as usize;
    let start: Timestamp = "2025-05-01T22:00:00Z"
        .parse()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let night_seconds = 8 * 3600;
    let mut declarations: Vec<Option<Declaration>> = vec![None; options.divisions];
    for (rank, &d) in order.iter().take(declared_count).enumerate() {
        let (weights, electorate, seats) = &plans[d];
        if weights.len() <= *seats as usize {
            continue;
        }
        let turnout = 0.25 + 0.45 * rng.unit();
        let ballots = (*electorate as f64 * turnout) as u64;
        let rejected = (ballots as f64 * (0.002 + 0.008 * rng.unit())) as u64;
        let valid = ballots - rejected;
        // Single-member: every valid paper is a vote. Multi-member: most voters use most votes.
        let cast = if *seats == 1 {
            valid
        } else {
            valid * u64::from(*seats) * 9 / 10
        };
        let total: f64 = weights.iter().sum();
        let mut votes: Vec<u64> = weights
            .iter()
            .map(|w| (w / total * cast as f64) as u64)
            .collect();
        if *seats == 1 {
            // Single-member: the votes add up to the valid papers exactly.
            // Rounding leaves a few votes over; they go to one candidate.
            let short = valid - votes.iter().sum::<u64>();
            let lucky = rng.below(votes.len());
            votes[lucky] += short;
        }
        let forced_tie = rng.below(150) == 0;
        if forced_tie {
            // A tie for the last seat: the best unelected catches up with the last elected.
            let mut order: Vec<usize> = (0..votes.len()).collect();
            order.sort_by(|&a, &b| votes[b].cmp(&votes[a]));
            votes[order[*seats as usize]] = votes[order[*seats as usize - 1]];
        }
        let at = start
            .checked_add((night_seconds * rank as i64 / declared_count.max(1) as i64).seconds())
            .ok();
        let sum: u64 = votes.iter().sum();
        // The papers fit the votes unless a forced tie moved them: single-member votes
        // must equal the valid papers, multi-member ones stay within seats x papers.
        let papers_fit = if *seats == 1 {
            sum == valid
        } else {
            sum <= valid * u64::from(*seats)
        };
        let mut declaration = Declaration {
            votes,
            ballots_issued: Some(ballots),
            rejected: Some(rejected),
            won_by_lot: Vec::new(),
            declared_at: at,
            account: Default::default(),
        };
        // Half the ties have had their lots drawn.
        if let Some((tied, tied_seats)) =
            tie_for_last_seat(election.division(DivisionIx(d as u32)), &declaration)
            && forced_tie
            && rng.below(2) == 0
        {
            declaration.won_by_lot = tied.into_iter().take(tied_seats as usize).collect();
        }
        declarations[d] = Some(declaration);
        // Where they do not, drop the papers rather than have the checks flag figures
        // the generator made up.
        if !papers_fit && let Some(d) = declarations[d].as_mut() {
            d.ballots_issued = None;
            d.rejected = None;
        }
    }
    (election, declarations)
}
