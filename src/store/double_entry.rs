//! Double entry: a first volunteer's figures kept aside, a second's compared with
//! them field by field, and the division declared only when both agree.

use super::*;

impl Store {
    /// With double entry on: the first volunteer's figures, kept until a second entry.
    pub fn first_entry(
        &mut self,
        division: DivisionIx,
        declaration: &Declaration,
    ) -> Result<&Event, StoreError> {
        self.append(
            Some(division),
            Change::FirstEntry(Figures::from_declaration(declaration)),
            None,
        )
    }

    /// With double entry on: a second, blind entry. When it matches the first the
    /// division is declared; otherwise nothing is written and the differences are
    /// returned, field by field, to be resolved.
    pub fn second_entry(
        &mut self,
        division: DivisionIx,
        declaration: &Declaration,
    ) -> Result<SecondEntry, StoreError> {
        self.refresh()?;
        let first = self.night.first_entries[division.index()]
            .clone()
            .ok_or(StoreError::Refused(Refusal::NoFirstEntryToCompare))?;
        let differences = differences(&first, declaration);
        if !differences.is_empty() {
            return Ok(SecondEntry::Differs {
                first: Box::new(first),
                differences,
            });
        }
        let id = self.declare(division, declaration)?.id.clone();
        Ok(SecondEntry::Declared(id))
    }

    /// Sets a first entry aside, with the reason.
    pub fn discard_first_entry(
        &mut self,
        division: DivisionIx,
        reason: &str,
    ) -> Result<&Event, StoreError> {
        self.append(Some(division), Change::FirstEntryDiscarded, Some(reason))
    }
}

/// The result of a second entry under double entry.
#[derive(Debug, Clone, PartialEq)]
pub enum SecondEntry {
    /// It matched the first: the division is declared, by the event of this id.
    Declared(String),
    /// It did not: nothing was written.
    Differs {
        first: Box<FirstEntry>,
        differences: Vec<Difference>,
    },
}

/// One field where two entries disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub field: crate::tally::checks::Field,
    pub first: Option<u64>,
    pub second: Option<u64>,
}

pub(super) fn differences(first: &FirstEntry, second: &Declaration) -> Vec<Difference> {
    figure_differences(&first.figures, second)
}

/// Where saved figures and a declaration disagree, field by field: a first entry
/// against a second, or what the file holds against what the form held.
pub fn figure_differences(f: &Figures, second: &Declaration) -> Vec<Difference> {
    use crate::tally::checks::Field;
    let mut out: Vec<Difference> = f
        .votes
        .iter()
        .zip(&second.votes)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(pos, (a, b))| Difference {
            field: Field::Candidate(pos),
            first: Some(*a),
            second: Some(*b),
        })
        .collect();
    for (field, a, b) in [
        (
            Field::BallotsIssued,
            f.ballots_issued,
            second.ballots_issued,
        ),
        (Field::Rejected, f.rejected, second.rejected),
        (Field::Verified, f.verified, second.account.verified),
        (Field::Counted, f.counted, second.account.counted),
        (
            Field::RejectedInPart,
            f.rejected_in_part,
            second.account.rejected_in_part,
        ),
    ] {
        if a != b {
            out.push(Difference {
                field,
                first: a,
                second: b,
            });
        }
    }
    // The headings, one by one where both give them; all at once where one does not.
    let (a, b) = (
        f.rejected_by_heading.as_deref(),
        second.account.rejected_by_heading.as_deref(),
    );
    let n = a.map_or(0, <[u64]>::len).max(b.map_or(0, <[u64]>::len));
    for i in 0..n {
        let (x, y) = (
            a.and_then(|h| h.get(i).copied()),
            b.and_then(|h| h.get(i).copied()),
        );
        if x != y {
            out.push(Difference {
                field: Field::Heading(i),
                first: x,
                second: y,
            });
        }
    }
    out
}
