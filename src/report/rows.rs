//! The summary's rows: a party's figures, a division's result and its winners, and a
//! division declared twice at once on a shared night.

use super::*;
use crate::model::{PaperAccount, PollKind};

#[derive(Debug, Clone, Serialize)]
pub struct PartyRow {
    pub party: String,
    pub candidates: u64,
    pub seats: u64,
    pub votes: u64,
    /// Percent, by the summary's share method.
    pub share: Option<f64>,
    /// Percent, counting each party's top candidate per division.
    pub share_top_candidate: Option<f64>,
    pub seats_change: Option<i64>,
    pub share_change: Option<f64>,
    pub gains: Option<u64>,
    pub losses: Option<u64>,
    /// Seats won plus those it can still win.
    pub seats_possible: u64,
    /// Seats still needed for control (none for independents, who cannot hold control,
    /// and none where the night has no one council whose majority is known).
    pub seats_needed: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WinnerRow {
    /// The name, with the party where another candidate of the division shares it.
    pub candidate: String,
    /// The party counted.
    pub party: String,
    /// The description on the ballot paper, where it is not the party's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub votes: Option<u64>,
    pub by_lot: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DivisionRow {
    pub division: String,
    /// The council it elects to, on a night of several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub council: Option<String>,
    pub division_id: Option<String>,
    pub area: Option<String>,
    pub status: &'static str,
    pub uncontested: bool,
    pub seats: u32,
    pub winners: Vec<WinnerRow>,
    /// While tied: the candidates who share the last seat(s).
    pub tied: Vec<String>,
    pub majority: Option<u64>,
    pub majority_percent: Option<f64>,
    pub turnout: Option<f64>,
    pub turnout_basis: Option<TurnoutBasis>,
    pub electorate: Option<u64>,
    pub ballots_issued: Option<u64>,
    pub rejected: Option<u64>,
    pub valid_votes: Option<u64>,
    /// "Reform UK gain from Labour", "Labour hold"; none without a baseline result.
    pub result: Option<String>,
    pub has_baseline: bool,
    pub declared_at: Option<String>,
    /// Papers verified and counted, rejected by heading: where the declaration gave
    /// any of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paper_account: Option<PaperAccountRow>,
    /// Conflicting declarations not yet settled; the figures above are those that
    /// count meanwhile (the first to reach the server).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<ConflictReport>,
}

/// The paper account of a declaration, its headings named.
#[derive(Debug, Clone, Serialize)]
pub struct PaperAccountRow {
    /// The kind of poll, which names the headings: local, parliament,
    /// police_and_crime.
    pub poll: &'static str,
    pub verified: Option<u64>,
    pub counted: Option<u64>,
    /// Rejected papers under each heading, in the poll's order.
    pub rejected_by_heading: Option<Vec<HeadingCount>>,
    pub rejected_in_part: Option<u64>,
    /// Why the papers counted differ from those verified.
    pub discrepancy: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeadingCount {
    pub heading: &'static str,
    pub count: u64,
}

impl PaperAccountRow {
    fn of(poll: PollKind, account: &PaperAccount) -> Option<Self> {
        (!account.is_empty()).then(|| PaperAccountRow {
            poll: poll.key(),
            verified: account.verified,
            counted: account.counted,
            rejected_by_heading: account.rejected_by_heading.as_ref().map(|counts| {
                poll.headings()
                    .iter()
                    .zip(counts)
                    .map(|(h, &count)| HeadingCount {
                        heading: h.words(),
                        count,
                    })
                    .collect()
            }),
            rejected_in_part: account.rejected_in_part,
            discrepancy: account.discrepancy.clone(),
        })
    }

    /// The headings in a line: "want of an official mark 1; ...".
    pub fn headings_text(&self) -> String {
        self.rejected_by_heading
            .as_ref()
            .map_or_else(String::new, |h| {
                h.iter()
                    .map(|h| format!("{} {}", h.heading, h.count))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
    }
}

/// A division of a shared night declared at two laptops that had not seen each
/// other's figures: what counts now, and what else was entered, until a correction
/// settles it.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictReport {
    pub counted: EnteredFigures,
    pub also_entered: Vec<EnteredFigures>,
    /// What to do: the command that settles it.
    pub to_settle: String,
}

/// Figures as one volunteer entered them.
#[derive(Debug, Clone, Serialize)]
pub struct EnteredFigures {
    pub who: String,
    pub machine: String,
    pub at: String,
    /// In ballot order.
    pub votes: Vec<u64>,
    pub ballots_issued: Option<u64>,
    pub rejected: Option<u64>,
}

/// Every division's row, in the election's order: the two halves of a big election at
/// once (each row needs only its own division's figures).
pub(super) fn division_rows(tally: &Tally) -> Vec<DivisionRow> {
    let all: Vec<DivisionIx> = tally.election().division_ixs().collect();
    if all.len() < 20_000 {
        return all.iter().map(|&ix| division_row(tally, ix)).collect();
    }
    let (first, second) = all.split_at(all.len() / 2);
    std::thread::scope(|scope| {
        let later = scope.spawn(|| -> Vec<DivisionRow> {
            second.iter().map(|&ix| division_row(tally, ix)).collect()
        });
        // Room for both halves from the start: the second appended to a list of only
        // the first's size would copy the first over to a new one.
        let mut rows = Vec::with_capacity(all.len());
        rows.extend(first.iter().map(|&ix| division_row(tally, ix)));
        match later.join() {
            Ok(later) => rows.extend(later),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        rows
    })
}

pub fn division_row(tally: &Tally, ix: DivisionIx) -> DivisionRow {
    let election = tally.election();
    let division = election.division(ix);
    let outcome = tally.outcome(ix);
    let declaration = tally.declaration(ix);
    let winners = outcome
        .elected
        .iter()
        .map(|&c| WinnerRow {
            candidate: election.candidate_label(c),
            party: election.party_name(election.candidate(c).party).to_string(),
            description: election
                .candidate(c)
                .description
                .as_deref()
                .map(str::to_string),
            votes: candidate_votes(tally, c),
            by_lot: outcome.by_lot.contains(&c),
        })
        .collect();
    DivisionRow {
        division: division.name.clone(),
        council: election
            .has_councils()
            .then(|| election.council_name(division.council).to_string()),
        division_id: division.code.clone(),
        area: division.area.clone(),
        status: status(tally, ix),
        uncontested: outcome.uncontested,
        seats: division.seats,
        winners,
        tied: outcome
            .tied
            .iter()
            .map(|&c| election.candidate_label(c))
            .collect(),
        majority: outcome.majority,
        majority_percent: outcome.majority_percent,
        turnout: outcome.turnout.map(|t| t.percent),
        turnout_basis: outcome.turnout.map(|t| t.basis),
        electorate: division.electorate,
        ballots_issued: declaration.and_then(|d| d.ballots_issued),
        rejected: declaration.and_then(|d| d.rejected),
        valid_votes: declaration.map(|_| outcome.valid_votes),
        result: tally.result_text(ix),
        has_baseline: has_baseline(tally, ix),
        declared_at: declared_at(tally, ix),
        paper_account: paper_account(tally, ix),
        conflict: None,
    }
}

// What a row says that is more than a field's value: one place for `division_row` and
// for the compact JSON written straight from the tally (`json/row.rs`).

/// The row's status: "cancelled", or the outcome's.
pub(super) fn status(tally: &Tally, ix: DivisionIx) -> &'static str {
    if tally.election().division(ix).cancelled {
        "cancelled"
    } else {
        tally.outcome(ix).status.label()
    }
}

/// A candidate's votes, where the division has declared.
pub(super) fn candidate_votes(tally: &Tally, c: crate::model::CandidateIx) -> Option<u64> {
    let election = tally.election();
    let division = election.candidate(c).division;
    let position = (c.0 - election.division(division).candidates.start) as usize;
    tally
        .declaration(division)
        .and_then(|d| d.votes.get(position).copied())
}

/// Whether the baseline has a result for the division.
pub(super) fn has_baseline(tally: &Tally, ix: DivisionIx) -> bool {
    tally
        .election()
        .baseline
        .as_ref()
        .is_some_and(|b| b.result(ix).is_some())
}

/// When the division declared, as RFC 3339, where it says.
pub(super) fn declared_at(tally: &Tally, ix: DivisionIx) -> Option<String> {
    tally
        .declaration(ix)
        .and_then(|d| d.declared_at)
        .map(|t| t.to_string())
}

/// The declaration's paper account, where it gave any of it.
pub(super) fn paper_account(tally: &Tally, ix: DivisionIx) -> Option<PaperAccountRow> {
    tally
        .declaration(ix)
        .and_then(|d| PaperAccountRow::of(tally.election().poll_of(ix), &d.account))
}

/// Marks the divisions whose declarations conflict, with every set of figures.
pub fn mark_conflicts(summary: &mut Summary, conflicts: Vec<(DivisionIx, ConflictReport)>) {
    summary.divisions_conflicting = conflicts.len() as u64;
    for (ix, conflict) in conflicts {
        if let Some(row) = summary.divisions.get_mut(ix.index()) {
            row.conflict = Some(conflict);
        }
    }
}
