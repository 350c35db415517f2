//! The result of one division: winners, a tie waiting for lots, majority and turnout.
//! Rules: `docs/figures.md`, "Winners", "Majority" and "Turnout".

use serde::Serialize;

use crate::model::{CandidateIx, Declaration, Division};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Nothing declared yet (or a division with no candidates, whose poll cannot happen).
    Awaiting,
    /// Every seat has a winner.
    Declared,
    /// Votes declared, but the last seat is shared by candidates on equal votes and
    /// nobody wins it until lots are drawn.
    Tied,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Awaiting => "awaiting",
            Status::Declared => "declared",
            Status::Tied => "tied",
        }
    }
}

/// How a turnout figure was obtained, so that a reader can tell what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TurnoutBasis {
    /// Ballot papers issued / electorate.
    BallotPapers,
    /// Single-member division without ballot papers: (votes + rejected) / electorate.
    VotesAndRejected,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct Turnout {
    pub percent: f64,
    pub basis: TurnoutBasis,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Outcome {
    pub status: Status,
    /// No more candidates than seats: elected unopposed, no poll.
    pub uncontested: bool,
    /// Elected candidates, most votes first (ballot order among equals).
    pub elected: Vec<CandidateIx>,
    /// Those of `elected` who won their seat by a drawing of lots.
    pub by_lot: Vec<CandidateIx>,
    /// While tied: the candidates sharing the last seat(s), and how many seats they share.
    pub tied: Vec<CandidateIx>,
    pub tied_seats: u32,
    /// Last elected minus best unelected; zero after lots; none while tied or unopposed.
    pub majority: Option<u64>,
    pub majority_percent: Option<f64>,
    pub turnout: Option<Turnout>,
    /// Sum of the candidates' votes.
    pub valid_votes: u64,
}

impl Outcome {
    pub(crate) fn awaiting() -> Self {
        Outcome {
            status: Status::Awaiting,
            uncontested: false,
            elected: Vec::new(),
            by_lot: Vec::new(),
            tied: Vec::new(),
            tied_seats: 0,
            majority: None,
            majority_percent: None,
            turnout: None,
            valid_votes: 0,
        }
    }

    /// Seats that have a winner.
    pub fn seats_filled(&self) -> u32 {
        self.elected.len() as u32
    }
}

/// Percentage `part / whole`, none when the whole is zero.
pub fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// Decides a division from its declaration (if any).
pub fn decide(division: &Division, declaration: Option<&Declaration>) -> Outcome {
    let count = division.candidate_count();
    // No candidates, or a cancelled poll: nothing to wait for tonight.
    if count == 0 || division.cancelled {
        return Outcome::awaiting();
    }
    if division.is_uncontested() {
        // Returned unopposed at the close of nominations: there is no poll to wait for.
        let mut outcome = Outcome::awaiting();
        outcome.status = Status::Declared;
        outcome.uncontested = true;
        outcome.elected = division.candidate_ixs().collect();
        outcome.valid_votes = declaration.map_or(0, Declaration::total_votes);
        return outcome;
    }
    let Some(declaration) = declaration else {
        return Outcome::awaiting();
    };
    // The candidate at a ballot position, worked out rather than listed: a big night's
    // tally decides 200,000 divisions, each once awaiting and once declared.
    let candidates = |p: usize| CandidateIx(division.candidates.start + p as u32);
    let votes = &declaration.votes;
    let seats = division.seats as usize;
    let valid_votes = declaration.total_votes();

    // Positions in ballot order, sorted by votes; the stable sort keeps ballot order among equals.
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by(|&a, &b| votes[b].cmp(&votes[a]));
    let last_seat_votes = votes[order[seats - 1]];
    let best_unelected = votes[order[seats]];

    let mut outcome = Outcome::awaiting();
    outcome.valid_votes = valid_votes;
    outcome.turnout = turnout(division, declaration);

    if best_unelected < last_seat_votes {
        outcome.status = Status::Declared;
        outcome.elected = order[..seats].iter().map(|&p| candidates(p)).collect();
        outcome.majority = Some(last_seat_votes - best_unelected);
    } else {
        let sure: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&p| votes[p] > last_seat_votes)
            .collect();
        let tied: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&p| votes[p] == last_seat_votes)
            .collect();
        let tied_seats = seats - sure.len();
        let lots: Vec<usize> = declaration.won_by_lot.iter().map(|&p| p as usize).collect();
        if lots_resolve_tie(&lots, &tied, tied_seats) {
            outcome.status = Status::Declared;
            let mut lots_sorted = lots.clone();
            lots_sorted.sort_unstable();
            outcome.elected = sure
                .iter()
                .chain(lots_sorted.iter())
                .map(|&p| candidates(p))
                .collect();
            outcome.by_lot = lots_sorted.iter().map(|&p| candidates(p)).collect();
            outcome.majority = Some(0);
        } else {
            outcome.status = Status::Tied;
            outcome.elected = sure.iter().map(|&p| candidates(p)).collect();
            outcome.tied = tied.iter().map(|&p| candidates(p)).collect();
            outcome.tied_seats = tied_seats as u32;
        }
    }
    outcome.majority_percent = outcome
        .majority
        .and_then(|m| majority_percent(division, declaration, m));
    outcome
}

/// The positions that tie for the last seat(s) of a declaration, and how many seats
/// they share; none when there is no tie. Used to offer the drawing of lots.
pub fn tie_for_last_seat(
    division: &Division,
    declaration: &Declaration,
) -> Option<(Vec<u32>, u32)> {
    // The declaration as if no lots had been drawn (copied only where some were).
    let without_lots = if declaration.won_by_lot.is_empty() {
        std::borrow::Cow::Borrowed(declaration)
    } else {
        let mut without = declaration.clone();
        without.won_by_lot.clear();
        std::borrow::Cow::Owned(without)
    };
    let outcome = decide(division, Some(&without_lots));
    (outcome.status == Status::Tied).then(|| {
        let positions = outcome
            .tied
            .iter()
            .map(|c| c.0 - division.candidates.start)
            .collect();
        (positions, outcome.tied_seats)
    })
}

/// Lots resolve a tie when they name exactly as many distinct tied candidates as seats shared.
fn lots_resolve_tie(lots: &[usize], tied: &[usize], tied_seats: usize) -> bool {
    if lots.len() != tied_seats {
        return false;
    }
    let mut distinct = lots.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.len() == lots.len() && lots.iter().all(|p| tied.contains(p))
}

/// Majority % is majority / valid votes in a single-member division, and majority /
/// ballot papers in a multi-member one (each voter has several votes, so valid votes
/// would understate it); unknown there without ballot papers.
fn majority_percent(division: &Division, declaration: &Declaration, majority: u64) -> Option<f64> {
    if division.seats == 1 {
        percent(majority, declaration.total_votes())
    } else {
        declaration
            .ballots_issued
            .and_then(|ballots| percent(majority, ballots))
    }
}

/// Turnout only where it can be known: from ballot papers, or for a single-member
/// division from votes plus rejected ballots (rejected counted as none when not given).
pub fn turnout(division: &Division, declaration: &Declaration) -> Option<Turnout> {
    let electorate = division.electorate.filter(|&e| e > 0)?;
    if let Some(ballots) = declaration.ballots_issued {
        return percent(ballots, electorate).map(|percent| Turnout {
            percent,
            basis: TurnoutBasis::BallotPapers,
        });
    }
    if division.seats == 1 {
        let papers = declaration.total_votes() + declaration.rejected.unwrap_or(0);
        return percent(papers, electorate).map(|percent| Turnout {
            percent,
            basis: TurnoutBasis::VotesAndRejected,
        });
    }
    None
}
