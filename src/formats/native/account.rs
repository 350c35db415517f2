//! The paper account's columns in the app's own results CSV: papers verified and
//! counted, rejected under each heading, rejected in part and the explanation of a
//! difference. Division-level, like the ballot papers: the same on every row of a
//! division, or blank.
//!
//! The heading columns name the kind of poll: `rejected_more_than_entitled` is a local
//! election's, `rejected_more_than_one` with `rejected_unmarked_or_void` a Parliament
//! election's, with `rejected_unmarked` and `rejected_void_for_uncertainty` a police
//! and crime commissioner's. A file gives every heading of its poll, or none.

use super::*;
use crate::model::{Heading, PaperAccount, PollKind};

pub(super) const VERIFIED: ColumnSpec = ColumnSpec {
    name: "ballots_verified",
    aliases: &["verified", "ballot_papers_verified"],
};

pub(super) const COUNTED: ColumnSpec = ColumnSpec {
    name: "ballots_counted",
    aliases: &["counted", "ballot_papers_counted"],
};

pub(super) const IN_PART: ColumnSpec = ColumnSpec {
    name: "rejected_in_part",
    aliases: &[],
};

pub(super) const DISCREPANCY: ColumnSpec = ColumnSpec {
    name: "discrepancy",
    aliases: &["verification_note"],
};

/// Where a file's paper account columns are, and the poll its headings name.
pub(super) struct AccountColumns {
    verified: Option<usize>,
    counted: Option<usize>,
    in_part: Option<usize>,
    discrepancy: Option<usize>,
    /// The heading columns, in the poll's order.
    headings: Vec<(Heading, usize)>,
    pub poll: Option<PollKind>,
}

impl AccountColumns {
    /// The columns, or none where the file has none of them.
    pub(super) fn find(file: &str, table: &CsvTable) -> Result<Option<Self>, FileError> {
        let heading_column = |h: Heading| {
            table.column(&ColumnSpec {
                name: h.column(),
                aliases: &[],
            })
        };
        let any_heading = PollKind::ALL
            .iter()
            .flat_map(|k| k.headings())
            .any(|&h| heading_column(h).is_some());
        // The poll whose headings the file gives most of; then every one of them.
        let poll = any_heading.then(|| {
            PollKind::ALL
                .into_iter()
                .max_by_key(|k| {
                    let given = k
                        .headings()
                        .iter()
                        .filter(|&&h| heading_column(h).is_some());
                    (given.count(), std::cmp::Reverse(k.headings().len()))
                })
                .unwrap_or_default()
        });
        let mut headings = Vec::new();
        if let Some(poll) = poll {
            let missing: Vec<&str> = poll
                .headings()
                .iter()
                .filter(|&&h| heading_column(h).is_none())
                .map(|h| h.column())
                .collect();
            if !missing.is_empty() {
                return Err(FileError::new(
                    file,
                    format!(
                        "the rejected headings are those of a {}, but {} {} missing",
                        poll.words(),
                        missing.join(", "),
                        if missing.len() == 1 { "is" } else { "are" }
                    ),
                )
                .at_line(table.header_line())
                .hint("Give a column for every heading of the poll, or none (the rejected total alone)"));
            }
            for &h in poll.headings() {
                if let Some(c) = heading_column(h) {
                    headings.push((h, c));
                }
            }
        }
        let columns = AccountColumns {
            verified: table.column(&VERIFIED),
            counted: table.column(&COUNTED),
            in_part: table.column(&IN_PART),
            discrepancy: table.column(&DISCREPANCY),
            headings,
            poll,
        };
        let any = columns.verified.is_some()
            || columns.counted.is_some()
            || columns.in_part.is_some()
            || columns.discrepancy.is_some()
            || !columns.headings.is_empty();
        Ok(any.then_some(columns))
    }

    /// Each field's column, for messages that point at it.
    pub(super) fn fields(&self) -> Vec<(Field, usize)> {
        let mut out: Vec<(Field, usize)> = [
            (Field::Verified, self.verified),
            (Field::Counted, self.counted),
            (Field::RejectedInPart, self.in_part),
        ]
        .into_iter()
        .filter_map(|(f, c)| c.map(|c| (f, c)))
        .collect();
        out.extend(
            self.headings
                .iter()
                .enumerate()
                .map(|(i, &(_, c))| (Field::Heading(i), c)),
        );
        out
    }

    /// This row's account; none where every field of it is blank.
    pub(super) fn read(&self, row: &crate::formats::csv_table::Row) -> Option<RawAccount> {
        let note = row.get(self.discrepancy);
        let account = RawAccount {
            verified: CountText::new(row.get(self.verified)),
            counted: CountText::new(row.get(self.counted)),
            headings: self
                .headings
                .iter()
                .map(|&(_, c)| CountText::new(row.get(Some(c))))
                .collect(),
            in_part: CountText::new(row.get(self.in_part)),
            discrepancy: (!note.is_empty()).then(|| note.to_string()),
        };
        let blank = account.verified.is_blank()
            && account.counted.is_blank()
            && account.in_part.is_blank()
            && account.headings.iter().all(CountText::is_blank)
            && account.discrepancy.is_none();
        (!blank).then_some(account)
    }

    /// Takes a later row's account into the division's: a blank field says nothing,
    /// a field given twice must be the same. Else the column that differs and the value
    /// known.
    pub(super) fn merge(
        &self,
        known: &mut RawAccount,
        here: RawAccount,
    ) -> Result<(), (usize, String)> {
        fn take(
            column: Option<usize>,
            known: &mut CountText,
            here: CountText,
        ) -> Result<(), (usize, String)> {
            if here.is_blank() {
                return Ok(());
            }
            if known.is_blank() {
                *known = here;
                return Ok(());
            }
            match column {
                Some(c) if *known != here => Err((c, known.text().into_owned())),
                _ => Ok(()),
            }
        }
        take(self.verified, &mut known.verified, here.verified)?;
        take(self.counted, &mut known.counted, here.counted)?;
        take(self.in_part, &mut known.in_part, here.in_part)?;
        for (i, h) in here.headings.into_iter().enumerate() {
            let column = self.headings.get(i).map(|&(_, c)| c);
            if let Some(k) = known.headings.get_mut(i) {
                take(column, k, h)?;
            }
        }
        match (&known.discrepancy, here.discrepancy) {
            (_, None) => {}
            (None, Some(b)) => known.discrepancy = Some(b),
            (Some(a), Some(b)) if *a != b => {
                return Err((self.discrepancy.unwrap_or_default(), a.clone()));
            }
            _ => {}
        }
        Ok(())
    }
}

/// The paper account columns a night's export needs: each where a declaration gives
/// it, so that a night without them is written as before.
pub(super) struct AccountOut {
    verified: bool,
    counted: bool,
    headings: &'static [Heading],
    in_part: bool,
    discrepancy: bool,
}

impl AccountOut {
    pub(super) fn of<'t>(
        election: &Election,
        declared: &dyn Fn(DivisionIx) -> Option<&'t Declaration>,
    ) -> Self {
        let any = |f: &dyn Fn(&PaperAccount) -> bool| {
            election
                .division_ixs()
                .any(|ix| declared(ix).is_some_and(|d| f(&d.account)))
        };
        // Every council of a file holds one kind of poll (`store::setup`).
        let poll = election
            .councils
            .first()
            .map(|c| c.poll)
            .unwrap_or_default();
        AccountOut {
            verified: any(&|a| a.verified.is_some()),
            counted: any(&|a| a.counted.is_some()),
            headings: if any(&|a| a.rejected_by_heading.is_some()) {
                poll.headings()
            } else {
                &[]
            },
            in_part: any(&|a| a.rejected_in_part.is_some()),
            discrepancy: any(&|a| a.discrepancy.is_some()),
        }
    }

    pub(super) fn header(&self, header: &mut Vec<&'static str>) {
        header.extend(self.verified.then_some(VERIFIED.name));
        header.extend(self.counted.then_some(COUNTED.name));
        header.extend(self.headings.iter().map(|h| h.column()));
        header.extend(self.in_part.then_some(IN_PART.name));
        header.extend(self.discrepancy.then_some(DISCREPANCY.name));
    }

    pub(super) fn record(&self, declaration: Option<&Declaration>, record: &mut Vec<String>) {
        let account = declaration.map(|d| &d.account);
        let opt = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
        if self.verified {
            record.push(opt(account.and_then(|a| a.verified)));
        }
        if self.counted {
            record.push(opt(account.and_then(|a| a.counted)));
        }
        for i in 0..self.headings.len() {
            let by = account.and_then(|a| a.rejected_by_heading.as_ref());
            record.push(opt(by.and_then(|h| h.get(i).copied())));
        }
        if self.in_part {
            record.push(opt(account.and_then(|a| a.rejected_in_part)));
        }
        if self.discrepancy {
            record.push(
                account
                    .and_then(|a| a.discrepancy.clone())
                    .unwrap_or_default(),
            );
        }
    }
}
