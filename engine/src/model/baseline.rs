//! The previous election as the model holds it: per division of tonight's election,
//! what the baseline division it was matched with said. Matching it, and the change
//! figures worked out from it, are the tally's (`tally::baseline`).

use serde::Serialize;

use crate::model::{DivisionIx, Election, PartyIx};

/// How a division of the current election was paired with one of the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    Code,
    Name,
}

/// What the baseline says of one division, in the current election's party indices.
#[derive(Debug, Clone, PartialEq)]
pub struct BaselineResult {
    pub matched_by: MatchedBy,
    pub baseline_name: String,
    /// Seats won, by party.
    pub seats: Vec<(PartyIx, u32)>,
    /// Votes by party (all votes); empty when the seat was returned unopposed.
    pub votes: Vec<(PartyIx, u64)>,
    /// Votes by party counting only each party's top candidate (every independent counts).
    pub top_votes: Vec<(PartyIx, u64)>,
}

impl BaselineResult {
    /// A baseline with votes can enter vote-share change; an unopposed one only seat change.
    pub fn has_votes(&self) -> bool {
        self.votes.iter().any(|&(_, v)| v > 0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    pub name: String,
    /// Indexed by the current election's division; none where the baseline has no result.
    pub divisions: Vec<Option<BaselineResult>>,
    /// Baseline divisions that matched no division of the current election.
    pub unmatched: Vec<String>,
    /// Baseline divisions that matched but hold no result (undeclared or tied there).
    pub undecided: Vec<String>,
    /// The previous election as a whole: seats won by party over all its divisions,
    /// matched or not, and its seats in all; what control is judged against where
    /// nothing says how the council stood before the poll.
    pub seats_by_party: Vec<(PartyIx, u64)>,
    pub seats_total: u64,
    /// Whether every division of the previous election has a result.
    pub complete: bool,
}

impl Baseline {
    /// In words: how the divisions matched, and which did not, so the user sees what
    /// change figures leave out.
    pub fn matching_text(&self, election: &Election) -> String {
        let matched = self.divisions.iter().filter(|d| d.is_some()).count();
        let without: Vec<&str> = election
            .division_ixs()
            .filter(|&ix| self.result(ix).is_none())
            .map(|ix| election.division(ix).name.as_str())
            .collect();
        let mut text = format!(
            "{matched} of {} divisions have a baseline result",
            election.divisions.len()
        );
        if !without.is_empty() {
            text.push_str(&format!(
                "; none for: {}",
                super::some_of(&without, super::NAMES_LISTED, ", ")
            ));
        }
        if !self.unmatched.is_empty() {
            text.push_str(&format!(
                "; baseline divisions matching none now: {}",
                super::some_of(&self.unmatched, super::NAMES_LISTED, ", ")
            ));
        }
        if election.has_councils() {
            text.push_str("; names matched within each council only");
        }
        text
    }

    pub fn result(&self, division: DivisionIx) -> Option<&BaselineResult> {
        self.divisions
            .get(division.index())
            .and_then(Option::as_ref)
    }
}
