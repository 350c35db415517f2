//! Democracy Club candidates / results CSV (`docs/formats.md`, "Other formats"): one row per
//! candidacy, many elections in one export. Read into the app's own raw results so the
//! same checks apply; the results written back in Democracy Club's columns.

use std::collections::HashMap;
use std::io::Write;

use crate::formats::FileError;
use crate::formats::csv_table::{Agreement, ColumnSpec, CsvTable, parse_flag};
use crate::formats::native::{RawCandidate, RawDivision, RawResults};
use crate::model::{CandidateIds, CandidateSetup, DivisionSetup, PollKind, groups_by_mark};
use crate::tally::Tally;
use crate::tally::checks::CountText;
use crate::tally::outcome::Status;

const fn column(name: &'static str) -> ColumnSpec {
    ColumnSpec { name, aliases: &[] }
}

const PERSON_NAME: ColumnSpec = column("person_name");
const ELECTION_ID: ColumnSpec = column("election_id");
const ORGANISATION: ColumnSpec = column("organisation_name");
const BALLOT_PAPER_ID: ColumnSpec = column("ballot_paper_id");
const PARTY_NAME: ColumnSpec = column("party_name");
const POST_LABEL: ColumnSpec = column("post_label");
const CANCELLED: ColumnSpec = column("cancelled_poll");
const SEATS: ColumnSpec = column("seats_contested");
const VOTES: ColumnSpec = column("votes_cast");
const ELECTED: ColumnSpec = column("elected");
const TIED_WINNER: ColumnSpec = column("tied_vote_winner");
const TURNOUT: ColumnSpec = column("turnout_reported");
const SPOILT: ColumnSpec = column("spoilt_ballots");
const ELECTORATE: ColumnSpec = column("total_electorate");
const PERSON_ID: ColumnSpec = column("person_id");
const PARTY_ID: ColumnSpec = column("party_id");

/// One election of an export, for the user to pick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DcElection {
    pub election_id: String,
    pub ballots: usize,
    pub candidates: usize,
    pub cancelled_ballots: usize,
}

/// The elections in an export, in the order they first appear, with their counts.
pub fn elections(file: &str, bytes: &[u8]) -> Result<Vec<DcElection>, FileError> {
    let mut table = CsvTable::new(file, bytes)?;
    let c_election = table.require(&ELECTION_ID)?;
    let c_ballot = table.require(&BALLOT_PAPER_ID)?;
    let c_cancelled = table.require(&CANCELLED)?;
    let mut out: Vec<DcElection> = Vec::new();
    let mut ballots: HashMap<String, bool> = HashMap::new();
    while let Some(row) = table.next_row() {
        let row = row?;
        let id = row.get(Some(c_election)).to_string();
        let i = match out.iter().position(|e| e.election_id == id) {
            Some(i) => i,
            None => {
                out.push(DcElection {
                    election_id: id.clone(),
                    ballots: 0,
                    candidates: 0,
                    cancelled_ballots: 0,
                });
                out.len() - 1
            }
        };
        out[i].candidates += 1;
        let ballot = row.get(Some(c_ballot)).to_string();
        if let std::collections::hash_map::Entry::Vacant(entry) = ballots.entry(ballot) {
            out[i].ballots += 1;
            let cancelled = parse_flag(row.get(Some(c_cancelled)))
                .flatten()
                .unwrap_or(false);
            out[i].cancelled_ballots += usize::from(cancelled);
            entry.insert(cancelled);
        }
    }
    Ok(out)
}

/// Reads the chosen elections of an export (all of them when it holds only one).
/// Cancelled polls are read as such: their votes, if any, are never taken as results.
///
/// Long: One pass over the rows: each field is checked in the file's order against what
/// earlier rows set (the division being read, fields that must agree); split, the pieces
/// would hand that state back and forth.
pub fn read_raw(
    file: &str,
    bytes: &[u8],
    election_ids: &[String],
) -> Result<RawResults, FileError> {
    let available = elections(file, bytes)?;
    let chosen: Vec<String> = if election_ids.is_empty() {
        if available.len() > 1 {
            let list: Vec<String> = available
                .iter()
                .map(|e| {
                    format!(
                        "{} ({} ballots, {} candidates)",
                        e.election_id, e.ballots, e.candidates
                    )
                })
                .collect();
            return Err(FileError::new(
                file,
                format!(
                    "the file holds {} elections: {}",
                    available.len(),
                    list.join("; ")
                ),
            )
            .hint("Choose one or more with --election-id"));
        }
        available.iter().map(|e| e.election_id.clone()).collect()
    } else {
        for id in election_ids {
            if !available.iter().any(|e| &e.election_id == id) {
                let ids: Vec<&str> = available.iter().map(|e| e.election_id.as_str()).collect();
                return Err(FileError::new(
                    file,
                    format!("there is no election \"{id}\" in the file"),
                )
                .hint(format!("The file holds: {}", ids.join(", "))));
            }
        }
        election_ids.to_vec()
    };

    let mut table = CsvTable::new(file, bytes)?;
    let c_name = table.require(&PERSON_NAME)?;
    let c_organisation = table.column(&ORGANISATION);
    let c_election = table.require(&ELECTION_ID)?;
    let c_ballot = table.require(&BALLOT_PAPER_ID)?;
    let c_party = table.require(&PARTY_NAME)?;
    let c_post = table.require(&POST_LABEL)?;
    let c_cancelled = table.require(&CANCELLED)?;
    let c_seats = table.require(&SEATS)?;
    let c_votes = table.column(&VOTES);
    let c_elected = table.column(&ELECTED);
    let c_tied = table.column(&TIED_WINNER);
    let c_turnout = table.column(&TURNOUT);
    let c_spoilt = table.column(&SPOILT);
    let c_electorate = table.column(&ELECTORATE);
    let c_person = table.column(&PERSON_ID);
    let c_party_id = table.column(&PARTY_ID);
    // For messages: the header as the file writes it.
    let headers = table.headers_as_written().to_vec();

    let mut divisions: Vec<RawDivision> = Vec::new();
    let mut by_ballot: HashMap<String, usize> = HashMap::new();
    let mut agreement = Agreement::default();
    while let Some(row) = table.next_row() {
        let row = row?;
        let line = row.line;
        if !chosen.iter().any(|id| id == row.get(Some(c_election))) {
            continue;
        }
        let at = |c: usize, problem: String, hint: &str| {
            FileError::in_cell(file, line, c, &headers, problem).hint(hint)
        };
        let ballot = row.get(Some(c_ballot));
        let post = row.get(Some(c_post));
        let person = row.get(Some(c_name));
        if ballot.is_empty() {
            return Err(at(
                c_ballot,
                "the ballot_paper_id is blank".into(),
                "Every row needs its ballot",
            ));
        }
        if post.is_empty() {
            return Err(at(
                c_post,
                "the post_label is blank".into(),
                "Every row needs the name of its ward or division",
            ));
        }
        if person.is_empty() {
            return Err(at(
                c_name,
                "the person_name is blank".into(),
                "Every row needs a candidate's name",
            ));
        }
        let seats: u32 = match row.get(Some(c_seats)).parse() {
            Ok(n) if n >= 1 => n,
            _ => {
                return Err(at(
                    c_seats,
                    format!(
                        "seats_contested must be a whole number of 1 or more, not \"{}\"",
                        row.get(Some(c_seats))
                    ),
                    "Enter how many seats the ballot elects",
                ));
            }
        };
        let flag = |c: Option<usize>| -> Result<Option<bool>, FileError> {
            parse_flag(row.get(c)).ok_or_else(|| {
                let c = c.unwrap_or_default();
                at(
                    c,
                    format!("\"{}\" is not true or false", row.get(Some(c))),
                    "Use True, False or leave it blank",
                )
            })
        };
        let cancelled = flag(Some(c_cancelled))?.unwrap_or(false);
        let index = match by_ballot.get(ballot) {
            Some(&i) => i,
            None => {
                by_ballot.insert(ballot.to_string(), divisions.len());
                divisions.push(RawDivision::named(
                    DivisionSetup {
                        name: post.to_string(),
                        // Each election of an export is one council's (or Parliament's):
                        // its organisation where the export names it.
                        council: Some(
                            Some(row.get(c_organisation))
                                .filter(|o| !o.trim().is_empty())
                                .unwrap_or(row.get(Some(c_election)))
                                .to_string(),
                        ),
                        code: Some(ballot.to_string()),
                        area: Some(row.get(Some(c_election)).to_string()),
                        seats,
                        cancelled,
                        ..DivisionSetup::default()
                    },
                    line,
                ));
                divisions.len() - 1
            }
        };
        for c in [
            Some(c_post),
            Some(c_seats),
            Some(c_cancelled),
            c_turnout,
            c_spoilt,
            c_electorate,
        ]
        .into_iter()
        .flatten()
        {
            agreement.check(file, index, ballot, c, &headers[c], row.get(Some(c)), line)?;
        }
        let division = &mut divisions[index];
        if division.ballots_issued.is_blank() {
            division.ballots_issued = CountText::new(row.get(c_turnout));
        }
        if division.rejected.is_blank() {
            division.rejected = CountText::new(row.get(c_spoilt));
        }
        if division.setup.electorate.is_none() && !row.get(c_electorate).is_empty() {
            let text = row.get(c_electorate);
            division.setup.electorate = crate::formats::electorate(text).map_err(|problem| {
                at(
                    c_electorate.unwrap_or_default(),
                    problem,
                    "Enter the number of registered electors, or leave it blank",
                )
            })?;
        }
        let id = |c: Option<usize>| {
            Some(row.get(c))
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        division.setup.candidates.push(CandidateSetup {
            name: person.to_string(),
            party: row.get(Some(c_party)).into(),
            counts_for: None,
            ids: CandidateIds {
                person_id: id(c_person),
                member_id: None,
                party_id: id(c_party_id),
                elected_as: None,
            }
            .boxed(),
            incumbent: false,
        });
        division.candidates.push(RawCandidate {
            // A cancelled poll has no result, whatever the row says.
            votes: if cancelled {
                CountText::Blank
            } else {
                CountText::new(row.get(c_votes))
            },
            elected: flag(c_elected)?,
            won_by_lot: flag(c_tied)?,
            line,
        });
    }
    if divisions.is_empty() {
        return Err(
            FileError::new(file, "the chosen elections have no candidates")
                .hint("Check the election ids"),
        );
    }
    // Descriptions registered by one party count for it: "joint-party:53-119"
    // (Labour and Co-operative) counts for PP53 (Labour).
    let marked: Vec<(String, std::sync::Arc<str>, bool)> = divisions
        .iter()
        .flat_map(|d| &d.setup.candidates)
        .filter_map(|c| {
            let id = c.ids.as_ref()?.party_id.as_deref()?;
            let own = !id.trim().starts_with("joint-party:");
            Some((main_party_id(id), c.party.clone(), own))
        })
        .collect();
    let grouped = groups_by_mark(marked.iter().map(|(m, d, own)| (m.as_str(), &**d, *own)));
    for c in divisions.iter_mut().flat_map(|d| &mut d.setup.candidates) {
        c.counts_for = grouped.get(&*c.party).cloned();
    }
    Ok(RawResults {
        ballots_column: c_turnout,
        rejected_column: c_spoilt,
        poll: poll_of(&chosen),
        ..RawResults::votes_only(file, divisions, c_votes.unwrap_or(c_name), headers)
    })
}

/// The kind of poll Democracy Club's election ids name (`parl.`, `pcc.`, `local.`):
/// local where they are of several kinds, whose headings differ only in one word.
fn poll_of(election_ids: &[String]) -> PollKind {
    let kind = |id: &String| match id.split('.').next() {
        Some("parl") => PollKind::Parliament,
        Some("pcc") => PollKind::PoliceAndCrime,
        _ => PollKind::Local,
    };
    match election_ids.first().map(kind) {
        Some(first) if election_ids.iter().all(|id| kind(id) == first) => first,
        _ => PollKind::Local,
    }
}

/// The registered party a Democracy Club party id stands for: a joint description's
/// first party ("joint-party:53-119" is PP53), else the id itself.
fn main_party_id(id: &str) -> String {
    match id.trim().strip_prefix("joint-party:") {
        Some(parties) => {
            let first = parties.split(['-', ':']).next().unwrap_or_default();
            format!("PP{first}")
        }
        None => id.trim().to_string(),
    }
}

/// The results in Democracy Club's columns, one row per candidacy, to share back.
pub fn write<W: Write>(out: W, tally: &Tally) -> Result<(), csv::Error> {
    let election = tally.election();
    let mut writer = crate::formats::csv_out::Writer::from_writer(out);
    writer.write_record([
        "election_id",
        "ballot_paper_id",
        "post_label",
        "seats_contested",
        "cancelled_poll",
        "person_id",
        "person_name",
        "party_id",
        "party_name",
        "votes_cast",
        "elected",
        "tied_vote_winner",
        "turnout_reported",
        "spoilt_ballots",
        "total_electorate",
    ])?;
    let opt = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
    let flag = |b: bool| if b { "True" } else { "False" };
    for ix in election.division_ixs() {
        let d = election.division(ix);
        let outcome = tally.outcome(ix);
        let declaration = tally.declaration(ix);
        for (pos, c) in d.candidate_ixs().enumerate() {
            let candidate = election.candidate(c);
            let ids = candidate.ids();
            let decided = outcome.status == Status::Declared;
            writer.write_record([
                d.area.clone().unwrap_or_default(),
                d.code.clone().unwrap_or_default(),
                d.name.clone(),
                d.seats.to_string(),
                flag(d.cancelled).to_string(),
                ids.person_id.unwrap_or_default(),
                candidate.name.clone(),
                ids.party_id.unwrap_or_default(),
                election.description(c).to_string(),
                opt(declaration.and_then(|x| x.votes.get(pos).copied())),
                if decided {
                    flag(outcome.elected.contains(&c)).to_string()
                } else {
                    String::new()
                },
                if outcome.by_lot.contains(&c) {
                    "True".into()
                } else {
                    String::new()
                },
                opt(declaration.and_then(|x| x.ballots_issued)),
                opt(declaration.and_then(|x| x.rejected)),
                opt(d.electorate),
            ])?;
        }
    }
    writer.flush()?;
    Ok(())
}
