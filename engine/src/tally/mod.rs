// Over 700 lines: the Tally keeps every running figure in one place, so that each
// declaration updates them all together and no figure can lag another.
//! The tally engine: every declaration of the night turned into seats, votes, shares,
//! change against the baseline, control and the timeline. No egui and no I/O here:
//! the window, the CLI, the store and the file formats all speak to this.
//!
//! Applying a declaration costs time in proportion to that division: its old
//! contribution to the running totals is taken off and its new one added. The figures
//! equal those of a recount from scratch (see the property tests).

mod at_once;
pub mod backtest;
pub mod baseline;
pub mod checks;
pub mod councils;
pub mod outcome;
pub mod projection;
pub mod totals;

use std::sync::Arc;

use jiff::Timestamp;
use serde::Serialize;

use crate::model::{CandidateIx, CouncilIx, Declaration, DivisionIx, Election, PartyIx};
use baseline::SeatChanges;
use councils::{CouncilControl, CouncilParty, CouncilTotals};
use outcome::{Outcome, Status, decide};
use totals::{PartyTotals, Totals};

/// No count in a UK division comes near this; capping counts keeps every sum exact.
pub const MAX_COUNT: u64 = 1_000_000_000;

/// Which votes make up a party's share. Multi-member divisions inflate the totals of
/// parties standing full slates, so results services also count only each party's top
/// candidate per division. Charts and tables say which they use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareMethod {
    #[default]
    AllVotes,
    TopCandidate,
}

impl ShareMethod {
    pub fn label(self) -> &'static str {
        match self {
            ShareMethod::AllVotes => "share of all votes",
            ShareMethod::TopCandidate => "share counting each party's top candidate per division",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyError {
    UnknownDivision,
    WrongCandidateCount { expected: usize, got: usize },
    CountTooLarge { position: usize, value: u64 },
    LotsDoNotResolveTie,
    Cancelled,
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApplyError::UnknownDivision => write!(f, "no such division in this election"),
            ApplyError::WrongCandidateCount { expected, got } => write!(
                f,
                "the declaration has {got} vote counts but the division has {expected} candidates"
            ),
            ApplyError::CountTooLarge { position, value } => write!(
                f,
                "count {value} for candidate {} is larger than any real count",
                position + 1
            ),
            ApplyError::Cancelled => write!(
                f,
                "the poll in this division was cancelled; it takes no result"
            ),
            ApplyError::LotsDoNotResolveTie => write!(
                f,
                "the lots drawn must name as many of the tied candidates as there are tied seats"
            ),
        }
    }
}

impl std::error::Error for ApplyError {}

/// Who controls the council, or how the race stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlState {
    /// This party holds more than half of all seats.
    Control(PartyIx),
    /// No party can still reach a majority.
    NoOverallControl,
    /// Still open: some party can still reach a majority.
    Open,
    /// Tonight elects only part of the council and the seats not up for election are
    /// not known: tonight's seats alone do not decide control.
    CannotTell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Control {
    pub needed: u64,
    pub state: ControlState,
    pub seats_undeclared: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Declared,
    Corrected,
    Withdrawn,
    /// The same figures, with the winners of a drawing of lots given: the tie's
    /// result, not a correction of the count. (Last, so that the kinds before it keep
    /// their places in a saved timeline.)
    LotsDrawn,
}

/// One change to the tally, with the seats it moved; the timeline of the night.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct TimelineEntry {
    pub division: DivisionIx,
    pub kind: ChangeKind,
    pub at: Option<Timestamp>,
    /// (party, change in seats), only parties whose seats changed.
    pub seat_changes: Vec<(PartyIx, i64)>,
}

/// A division's contribution to the running totals.
struct Contribution {
    council: CouncilIx,
    parties: Vec<(PartyIx, PartyTotals)>,
    totals: Totals,
}

impl Contribution {
    /// A division's that adds nothing to any figure.
    fn none(council: CouncilIx) -> Self {
        Contribution {
            council,
            parties: Vec::new(),
            totals: Totals::default(),
        }
    }
}

// Serialised only as the election file's checkpoint of the night (`store::checkpoint`),
// without the election, which the file's set-up gives.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Tally {
    #[serde(skip)]
    election: Arc<Election>,
    #[serde(deserialize_with = "crate::whole::vec")]
    declarations: Vec<Option<Declaration>>,
    #[serde(deserialize_with = "crate::whole::vec")]
    outcomes: Vec<Outcome>,
    parties: Vec<PartyTotals>,
    totals: Totals,
    /// Each council's own sums, by council index.
    councils: Vec<CouncilTotals>,
    /// Seats by party before the first declaration (seats returned unopposed).
    initial_seats: Vec<u64>,
    #[serde(deserialize_with = "crate::whole::vec")]
    timeline: Vec<TimelineEntry>,
}

impl Tally {
    /// A tally with nothing declared yet.
    pub fn new(election: Arc<Election>) -> Self {
        let divisions = election.divisions.len();
        let mut tally = Tally::zero(election);
        tally.declarations = vec![None; divisions];
        tally.outcomes = Vec::with_capacity(divisions);
        for ix in tally.election.division_ixs() {
            let outcome = decide(tally.election.division(ix), None);
            let contribution = tally.contribution(ix, &outcome, None);
            tally.add(&contribution);
            tally.outcomes.push(outcome);
        }
        tally.initial_seats = tally.parties.iter().map(|p| p.seats).collect();
        tally
    }

    /// A tally of this election with every sum at nought, nothing in its lists.
    fn zero(election: Arc<Election>) -> Self {
        Tally {
            declarations: Vec::new(),
            outcomes: Vec::new(),
            parties: vec![PartyTotals::default(); election.parties.len()],
            totals: Totals::default(),
            councils: vec![CouncilTotals::new(election.parties.len()); election.councils.len()],
            initial_seats: Vec::new(),
            timeline: Vec::new(),
            election,
        }
    }

    /// A tally with these declarations (by division index) applied in order; the
    /// first the engine cannot take stops it. A national night's, each division
    /// declared once, are applied at once on two cores, to the same figures.
    pub fn with_declarations(
        election: Arc<Election>,
        declarations: impl IntoIterator<Item = (DivisionIx, Declaration)>,
    ) -> Result<Self, (DivisionIx, ApplyError)> {
        let mut declarations = declarations.into_iter();
        let n = election.divisions.len();
        let mut declared: Vec<Option<Declaration>> = vec![None; n];
        let mut order = Vec::new();
        // Gathered by division until one is given twice (a correction) or is not
        // the election's: from there, one by one.
        let mut again = None;
        for (ix, declaration) in declarations.by_ref() {
            match declared.get_mut(ix.index()) {
                Some(slot @ None) => {
                    *slot = Some(declaration);
                    order.push(ix);
                }
                _ => {
                    again = Some((ix, declaration));
                    break;
                }
            }
        }
        if again.is_none() && order.len() >= at_once::AT_ONCE_FROM {
            return Tally::at_once(election, declared, &order);
        }
        let mut tally = Tally::new(election);
        let gathered = order.into_iter().filter_map(|ix| {
            declared[ix.index()]
                .take()
                .map(|declaration| (ix, declaration))
        });
        for (ix, declaration) in gathered.chain(again).chain(declarations) {
            tally.declare(ix, declaration).map_err(|e| (ix, e))?;
        }
        Ok(tally)
    }

    /// A tally of the declarations given by division (`declared[i]` is division
    /// `i`'s; none where it has not declared): what [`Tally::with_declarations`] makes
    /// of them in the divisions' order. A national night's list is taken as it is,
    /// rather than gathered into another one (200,000 places made and moved into on
    /// one core while the other waited).
    pub fn with_declared_by_division(
        election: Arc<Election>,
        declared: Vec<Option<Declaration>>,
    ) -> Result<Self, (DivisionIx, ApplyError)> {
        if declared.len() == election.divisions.len() {
            let order: Vec<DivisionIx> = (0..declared.len())
                .filter(|&i| declared[i].is_some())
                .map(|i| DivisionIx(i as u32))
                .collect();
            if order.len() >= at_once::AT_ONCE_FROM {
                return Tally::at_once(election, declared, &order);
            }
        }
        let in_order = declared
            .into_iter()
            .enumerate()
            .filter_map(|(i, d)| d.map(|d| (DivisionIx(i as u32), d)));
        Tally::with_declarations(election, in_order)
    }

    pub fn election(&self) -> &Arc<Election> {
        &self.election
    }

    /// A tally read back from a checkpoint, put on the election it was made on; none
    /// when its sizes show it was made on another.
    pub fn on_election(mut self, election: Arc<Election>) -> Option<Self> {
        let fits = self.declarations.len() == election.divisions.len()
            && self.outcomes.len() == election.divisions.len()
            && self.parties.len() == election.parties.len()
            && self.councils.len() == election.councils.len()
            && self
                .timeline
                .iter()
                .all(|t| t.division.index() < election.divisions.len());
        self.election = election;
        fits.then_some(self)
    }

    /// Declares a division, or replaces its declaration (a correction).
    pub fn declare(
        &mut self,
        division: DivisionIx,
        declaration: Declaration,
    ) -> Result<&Outcome, ApplyError> {
        self.set(division, Some(declaration))
    }

    /// Takes back a division's declaration: it is awaiting again.
    pub fn withdraw(&mut self, division: DivisionIx) -> Result<&Outcome, ApplyError> {
        self.set(division, None)
    }

    /// Takes back changes: the division's declaration as it was, and the night's
    /// timeline as long as it was (as if what followed had not happened).
    pub fn restore(
        &mut self,
        division: Option<(DivisionIx, Option<Declaration>)>,
        timeline: usize,
    ) -> Result<(), ApplyError> {
        if let Some((ix, declaration)) = division {
            self.set(ix, declaration)?;
        }
        self.timeline.truncate(timeline);
        Ok(())
    }

    /// The outcome a declaration would give, or why the engine cannot take it; changes nothing.
    pub fn try_outcome(
        &self,
        ix: DivisionIx,
        declaration: Option<&Declaration>,
    ) -> Result<Outcome, ApplyError> {
        let division = self
            .election
            .divisions
            .get(ix.index())
            .ok_or(ApplyError::UnknownDivision)?;
        let Some(declaration) = declaration else {
            return Ok(decide(division, None));
        };
        if division.cancelled {
            return Err(ApplyError::Cancelled);
        }
        validate(division.candidate_count(), declaration)?;
        let outcome = decide(division, Some(declaration));
        if !declaration.won_by_lot.is_empty() && outcome.by_lot.is_empty() {
            return Err(ApplyError::LotsDoNotResolveTie);
        }
        Ok(outcome)
    }

    fn set(
        &mut self,
        ix: DivisionIx,
        declaration: Option<Declaration>,
    ) -> Result<&Outcome, ApplyError> {
        let new_outcome = self.try_outcome(ix, declaration.as_ref())?;
        let kind = match (&self.declarations[ix.index()], &declaration) {
            (_, None) => ChangeKind::Withdrawn,
            (None, Some(_)) => ChangeKind::Declared,
            (Some(old), Some(new)) if only_lots_differ(old, new) => ChangeKind::LotsDrawn,
            (Some(_), Some(_)) => ChangeKind::Corrected,
        };
        let at = declaration.as_ref().and_then(|d| d.declared_at);

        let old = self.contribution(
            ix,
            &self.outcomes[ix.index()],
            self.declarations[ix.index()].as_ref(),
        );
        let new = self.contribution(ix, &new_outcome, declaration.as_ref());
        self.subtract(&old);
        self.add(&new);
        self.timeline.push(TimelineEntry {
            division: ix,
            kind,
            at,
            seat_changes: seat_changes(&old, &new),
        });
        self.declarations[ix.index()] = declaration;
        self.outcomes[ix.index()] = new_outcome;
        Ok(&self.outcomes[ix.index()])
    }

    pub fn outcome(&self, division: DivisionIx) -> &Outcome {
        &self.outcomes[division.index()]
    }

    pub fn declaration(&self, division: DivisionIx) -> Option<&Declaration> {
        self.declarations[division.index()].as_ref()
    }

    pub fn declarations(&self) -> &[Option<Declaration>] {
        &self.declarations
    }

    /// The standing declarations, in the order they were declared (untimed ones first),
    /// to build the same tally on a changed set-up.
    pub fn declared_in_time_order(&self) -> Vec<(DivisionIx, Declaration)> {
        let mut declared: Vec<(DivisionIx, Declaration)> = self
            .declarations
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.clone().map(|d| (DivisionIx(i as u32), d)))
            .collect();
        declared.sort_by_key(|(_, d)| d.declared_at);
        declared
    }

    pub fn party(&self, party: PartyIx) -> &PartyTotals {
        &self.parties[party.index()]
    }

    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    pub fn timeline(&self) -> &[TimelineEntry] {
        &self.timeline
    }

    /// A party's seats before any declaration (seats returned unopposed).
    pub fn initial_seats(&self, party: PartyIx) -> u64 {
        self.initial_seats.get(party.index()).copied().unwrap_or(0)
    }

    /// Seats by party (indexed by party) before any declaration, then after each
    /// entry of the timeline.
    pub fn seat_totals_over_time(&self) -> Vec<Vec<u64>> {
        let mut current = self.initial_seats.clone();
        let mut out = Vec::with_capacity(self.timeline.len() + 1);
        out.push(current.clone());
        for entry in &self.timeline {
            for &(party, change) in &entry.seat_changes {
                let seats = &mut current[party.index()];
                *seats = seats.saturating_add_signed(change);
            }
            out.push(current.clone());
        }
        out
    }

    /// Vote share in percent over declared divisions.
    pub fn share(&self, party: PartyIx, method: ShareMethod) -> Option<f64> {
        let p = self.party(party);
        match method {
            ShareMethod::AllVotes => outcome::percent(p.votes, self.totals.votes),
            ShareMethod::TopCandidate => outcome::percent(p.top_votes, self.totals.top_votes),
        }
    }

    /// Share now minus share at the baseline, both over the declared divisions that
    /// have a contested baseline; none without a baseline.
    pub fn share_change(&self, party: PartyIx, method: ShareMethod) -> Option<f64> {
        self.election.baseline.as_ref()?;
        let p = self.party(party);
        let t = &self.totals;
        let (now, now_total, before, before_total) = match method {
            ShareMethod::AllVotes => (
                p.compared_votes,
                t.compared_votes,
                p.baseline_votes,
                t.baseline_votes,
            ),
            ShareMethod::TopCandidate => (
                p.compared_top_votes,
                t.compared_top_votes,
                p.baseline_top_votes,
                t.baseline_top_votes,
            ),
        };
        Some(outcome::percent(now, now_total)? - outcome::percent(before, before_total)?)
    }

    /// Seats now minus seats at the baseline in the same declared divisions.
    pub fn seats_change(&self, party: PartyIx) -> Option<i64> {
        self.election.baseline.as_ref()?;
        let p = self.party(party);
        Some(p.compared_seats as i64 - p.baseline_seats as i64)
    }

    /// Butler two-party swing from `b` to `a`, in percentage points:
    /// ((A now - A before) - (B now - B before)) / 2.
    pub fn swing(&self, a: PartyIx, b: PartyIx, method: ShareMethod) -> Option<f64> {
        Some((self.share_change(a, method)? - self.share_change(b, method)?) / 2.0)
    }

    /// Seat by seat comparison of a declared division with the baseline.
    pub fn seat_changes(&self, division: DivisionIx) -> Option<SeatChanges> {
        let base = self.election.baseline.as_ref()?.result(division)?;
        let outcome = self.outcome(division);
        if outcome.status != Status::Declared {
            return None;
        }
        let now: Vec<(PartyIx, u32)> = outcome
            .elected
            .iter()
            .map(|&c| (self.election.candidate(c).party, 1))
            .collect();
        Some(SeatChanges::compare(&now, &base.seats))
    }

    /// "Reform UK gain from Labour", "Labour hold"; none without a baseline result.
    pub fn result_text(&self, division: DivisionIx) -> Option<String> {
        self.seat_changes(division)
            .map(|c| c.describe(|p| self.election.party_name(p).to_string()))
    }

    /// What a declared division's result did: "Reform UK gain from Labour", "Labour
    /// hold"; without a baseline "Labour win", or in a multi-member division "Labour
    /// (2), Reform UK win".
    pub fn result_words(&self, d: DivisionIx) -> String {
        let election = &self.election;
        self.result_text(d).unwrap_or_else(|| {
            let mut parties: Vec<(&str, usize)> = Vec::new();
            for &c in &self.outcome(d).elected {
                let party = election.party_name(election.candidate(c).party);
                match parties.iter_mut().find(|(p, _)| *p == party) {
                    Some((_, n)) => *n += 1,
                    None => parties.push((party, 1)),
                }
            }
            let named: Vec<String> = parties
                .iter()
                .map(|&(p, n)| {
                    if n > 1 {
                        format!("{p} ({n})")
                    } else {
                        p.to_string()
                    }
                })
                .collect();
            format!("{} win", named.join(", "))
        })
    }

    /// The newest declaration still standing: a correction or an undo is news for the
    /// feed, never the night's headline; lots drawn for a tie are its result, which is.
    pub fn latest_declaration(&self) -> Option<DivisionIx> {
        self.timeline()
            .iter()
            .rev()
            .find(|e| {
                matches!(e.kind, ChangeKind::Declared | ChangeKind::LotsDrawn)
                    && self.outcome(e.division).status != outcome::Status::Awaiting
            })
            .map(|e| e.division)
    }

    /// Control needs more than half of all seats. Independents are separate members,
    /// not a party, so they never count as holding control.
    pub fn control(&self) -> Control {
        // A night of one council counts its councillors not up tonight, where given:
        // control is of the whole council.
        let sole = self.election.sole_council();
        let needed =
            (self.election.total_seats() + sole.map_or(0, |c| c.continuing_total())) / 2 + 1;
        if sole.is_some_and(|c| c.is_partial() && c.continuing.is_none())
            && let Some(council) = self.election.council_ixs().next()
        {
            let of_council = self.council_control(council);
            return Control {
                needed: of_council.needed.unwrap_or(needed),
                state: of_council.state.unwrap_or(ControlState::CannotTell),
                seats_undeclared: of_council.seats_undeclared,
            };
        }
        let state = self.control_state(
            needed,
            |p| self.party(p).seats + self.election.sole_continuing(p),
            |p| self.party(p).possible + self.election.sole_continuing(p),
        );
        Control {
            needed,
            state,
            seats_undeclared: self.election.total_seats() - self.totals.seats_filled,
        }
    }

    /// Who controls a chamber needing `needed` seats, from each party's seats and the
    /// most it can still reach. Independents and lumped "others" never hold control.
    fn control_state(
        &self,
        needed: u64,
        seats: impl Fn(PartyIx) -> u64,
        possible: impl Fn(PartyIx) -> u64,
    ) -> ControlState {
        let parties = || {
            self.election
                .parties
                .iter()
                .map(|(ix, _)| ix)
                .filter(|&ix| !self.election.parties.cannot_hold_control(ix))
        };
        if let Some(winner) = parties().find(|&p| seats(p) >= needed) {
            ControlState::Control(winner)
        } else if parties().all(|p| possible(p) < needed) {
            ControlState::NoOverallControl
        } else {
            ControlState::Open
        }
    }

    /// What one division adds to the running totals, given its outcome.
    ///
    /// Long: One figure after another of what a division adds to the totals, each a few
    /// lines, all from the same outcome.
    fn contribution(
        &self,
        ix: DivisionIx,
        outcome: &Outcome,
        declaration: Option<&Declaration>,
    ) -> Contribution {
        let election = &self.election;
        let division = election.division(ix);
        let votes_of = |pos: usize| {
            declaration
                .and_then(|d| d.votes.get(pos).copied())
                .unwrap_or(0)
        };
        let row = |rows: &mut Vec<(PartyIx, PartyTotals)>, party: PartyIx| -> usize {
            match rows.iter().position(|r| r.0 == party) {
                Some(i) => i,
                None => {
                    rows.push((party, PartyTotals::default()));
                    rows.len() - 1
                }
            }
        };
        // Each party's votes, top votes and seats, summed into its row in one pass
        // (this runs twice for every declaration: lists made and dropped for each were
        // a tenth of applying a big night's). Room for a party per candidate at once:
        // grown a row at a time, a division of five parties made its list twice
        // (and kept room for eight).
        let mut rows: Vec<(PartyIx, PartyTotals)> = Vec::with_capacity(division.candidate_count());
        for (pos, c) in division.candidate_ixs().enumerate() {
            let party = election.candidate(c).party;
            let votes = votes_of(pos);
            let i = row(&mut rows, party);
            let t = &mut rows[i].1;
            t.votes += votes;
            // An independent's "top candidate" is every independent there: they are
            // not one party's running mates.
            t.top_votes = if election.parties.is_independent(party) {
                t.top_votes + votes
            } else {
                t.top_votes.max(votes)
            };
            t.seats += u64::from(outcome.elected.contains(&c));
        }
        rows.sort_unstable_by_key(|r| r.0);

        // Seats a party can still win here: any seat while awaiting, the shared seats while tied.
        let open_seats = match outcome.status {
            Status::Awaiting if division.candidate_count() > 0 && !division.cancelled => {
                u64::from(division.seats)
            }
            Status::Tied => u64::from(outcome.tied_seats),
            _ => 0,
        };
        for r in rows.iter_mut() {
            let of_party = |c: &CandidateIx| election.candidate(*c).party == r.0;
            let standing = match outcome.status {
                Status::Awaiting => division.candidate_ixs().filter(of_party).count(),
                Status::Tied => outcome.tied.iter().filter(|c| of_party(c)).count(),
                Status::Declared => 0,
            } as u64;
            r.1.possible = r.1.seats + standing.min(open_seats);
        }

        let mut totals = Totals {
            divisions_declared: u64::from(outcome.status == Status::Declared),
            divisions_tied: u64::from(outcome.status == Status::Tied),
            seats_filled: u64::from(outcome.seats_filled()),
            ..Totals::default()
        };
        let counted = outcome.status != Status::Awaiting && declaration.is_some();
        if !counted {
            // Undeclared votes are not votes yet.
            for r in rows.iter_mut() {
                r.1.votes = 0;
                r.1.top_votes = 0;
            }
        } else {
            totals.votes = outcome.valid_votes;
            totals.top_votes = rows.iter().map(|r| r.1.top_votes).sum();
        }

        let base = election.baseline.as_ref().and_then(|b| b.result(ix));
        if let (Some(base), Status::Declared) = (base, outcome.status) {
            totals.divisions_compared_seats = 1;
            let now: Vec<(PartyIx, u32)> = rows
                .iter()
                .filter(|r| r.1.seats > 0)
                .map(|r| (r.0, r.1.seats as u32))
                .collect();
            let changes = SeatChanges::compare(&now, &base.seats);
            for &(party, n, b) in &changes.parties {
                let i = row(&mut rows, party);
                let t = &mut rows[i].1;
                t.compared_seats = u64::from(n);
                t.baseline_seats = u64::from(b);
                t.gains = u64::from(n.saturating_sub(b));
                t.losses = u64::from(b.saturating_sub(n));
            }
        }
        if let Some(base) = base.filter(|b| b.has_votes())
            && counted
            && !outcome.uncontested
            && outcome.valid_votes > 0
        {
            totals.divisions_compared_votes = 1;
            for r in rows.iter_mut() {
                r.1.compared_votes = r.1.votes;
                r.1.compared_top_votes = r.1.top_votes;
            }
            totals.compared_votes = totals.votes;
            totals.compared_top_votes = totals.top_votes;
            for &(party, v) in &base.votes {
                let i = row(&mut rows, party);
                rows[i].1.baseline_votes = v;
                totals.baseline_votes += v;
            }
            for &(party, v) in &base.top_votes {
                let i = row(&mut rows, party);
                rows[i].1.baseline_top_votes = v;
                totals.baseline_top_votes += v;
            }
        }
        Contribution {
            council: division.council,
            parties: rows,
            totals,
        }
    }

    fn add(&mut self, c: &Contribution) {
        for (party, figures) in &c.parties {
            self.parties[party.index()].add(figures);
        }
        self.totals.add(&c.totals);
        if let Some(council) = self.councils.get_mut(c.council.index()) {
            council.divisions_declared += c.totals.divisions_declared;
            council.seats_filled += c.totals.seats_filled;
            council.divisions_compared_seats += c.totals.divisions_compared_seats;
            for (party, f) in &c.parties {
                council.parties[party.index()].add(&council_figures(f));
            }
        }
    }

    fn subtract(&mut self, c: &Contribution) {
        for (party, figures) in &c.parties {
            self.parties[party.index()].subtract(figures);
        }
        self.totals.subtract(&c.totals);
        if let Some(council) = self.councils.get_mut(c.council.index()) {
            council.divisions_declared -= c.totals.divisions_declared;
            council.seats_filled -= c.totals.seats_filled;
            council.divisions_compared_seats -= c.totals.divisions_compared_seats;
            for (party, f) in &c.parties {
                council.parties[party.index()].subtract(&council_figures(f));
            }
        }
    }

    /// A council's running figures.
    pub fn council(&self, council: CouncilIx) -> &CouncilTotals {
        &self.councils[council.index()]
    }

    /// Control of one council, on its own seats. A council electing only part of its
    /// seats tonight cannot be judged on them alone: its state is none.
    pub fn council_control(&self, council: CouncilIx) -> CouncilControl {
        let c = self.election.council(council);
        let totals = self.council(council);
        let seats_undeclared = c.seats - totals.seats_filled;
        if c.is_partial() && c.continuing.is_none() {
            // Only the council before the poll is known: a party has control when it
            // does whichever seats were defended tonight (its fewest continuing), and
            // nobody when no party could reach it even with its most.
            let Some(derived) = self.derived_continuing(council) else {
                return CouncilControl {
                    council,
                    needed: None,
                    state: None,
                    seats_undeclared,
                    derived: None,
                };
            };
            let needed = (c.seats + derived.total) / 2 + 1;
            let mut state = self.control_state(
                needed,
                |p| totals.party(p).seats + derived.fewest(p),
                |p| totals.party(p).possible + derived.most(p),
            );
            if state == ControlState::Open && seats_undeclared == 0 {
                state = ControlState::CannotTell;
            }
            return CouncilControl {
                council,
                needed: Some(needed),
                state: Some(state),
                seats_undeclared,
                derived: Some(derived.exact),
            };
        }
        // The whole council: tonight's seats and those not up for election.
        let needed = (c.seats + c.continuing_total()) / 2 + 1;
        let state = self.control_state(
            needed,
            |p| totals.party(p).seats + c.continuing_seats(p),
            |p| totals.party(p).possible + c.continuing_seats(p),
        );
        CouncilControl {
            council,
            needed: Some(needed),
            state: Some(state),
            seats_undeclared,
            derived: None,
        }
    }
}

/// The part of a party's figures kept per council.
fn council_figures(f: &PartyTotals) -> CouncilParty {
    CouncilParty {
        seats: f.seats,
        possible: f.possible,
        votes: f.votes,
        compared_seats: f.compared_seats,
        baseline_seats: f.baseline_seats,
    }
}

fn validate(candidates: usize, declaration: &Declaration) -> Result<(), ApplyError> {
    if declaration.votes.len() != candidates {
        return Err(ApplyError::WrongCandidateCount {
            expected: candidates,
            got: declaration.votes.len(),
        });
    }
    let too_large = |v: &u64| *v > MAX_COUNT;
    if let Some(position) = declaration.votes.iter().position(too_large) {
        return Err(ApplyError::CountTooLarge {
            position,
            value: declaration.votes[position],
        });
    }
    for v in [declaration.ballots_issued, declaration.rejected]
        .into_iter()
        .flatten()
    {
        if v > MAX_COUNT {
            return Err(ApplyError::CountTooLarge {
                position: candidates,
                value: v,
            });
        }
    }
    if declaration
        .won_by_lot
        .iter()
        .any(|&p| p as usize >= candidates)
    {
        return Err(ApplyError::LotsDoNotResolveTie);
    }
    Ok(())
}

/// Whether a declaration gives the winners of a drawing of lots to the one before
/// it and nothing else: the count's figures and when it was declared are the same.
/// (A correction made at the desk is timed anew and gives no lots.)
fn only_lots_differ(old: &Declaration, new: &Declaration) -> bool {
    !new.won_by_lot.is_empty()
        && old.won_by_lot != new.won_by_lot
        && old.declared_at == new.declared_at
        && old.votes == new.votes
        && old.ballots_issued == new.ballots_issued
        && old.rejected == new.rejected
        && old.account == new.account
}

fn seat_changes(old: &Contribution, new: &Contribution) -> Vec<(PartyIx, i64)> {
    // Room for the parties now: kept with the timeline's entry, and a party of the
    // contribution before that is not among them is rare (grown for, then).
    let mut changes: Vec<(PartyIx, i64)> = Vec::with_capacity(new.parties.len());
    for (party, t) in &new.parties {
        changes.push((*party, t.seats as i64));
    }
    for (party, t) in &old.parties {
        match changes.iter_mut().find(|c| c.0 == *party) {
            Some(c) => c.1 -= t.seats as i64,
            None => changes.push((*party, -(t.seats as i64))),
        }
    }
    changes.retain(|c| c.1 != 0);
    changes.sort_by_key(|c| c.0);
    changes
}
