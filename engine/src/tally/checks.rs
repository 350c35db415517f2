//! The checks on a declaration before it counts. Each check has a code and a plain
//! message; errors block a declaration, warnings must be acknowledged.
//! Rules: `docs/figures.md`, "Declaration checks".

use serde::Serialize;

use crate::model::{CandidateIx, Declaration, Division, DivisionIx, Election, PaperAccount};
use crate::tally::MAX_COUNT;
use crate::tally::outcome::turnout;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// Which field of the entry a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// A candidate, by position in ballot order.
    Candidate(usize),
    BallotsIssued,
    Rejected,
    /// Ballot papers verified.
    Verified,
    /// Ballot papers counted.
    Counted,
    /// Rejected papers under one heading, by its place in the poll's headings.
    Heading(usize),
    /// Papers rejected in part.
    RejectedInPart,
    /// The declaration as a whole.
    Division,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CheckCode {
    /// E01: a count that is not a whole number.
    NotWholeNumber,
    /// E02: a negative count.
    Negative,
    /// E03: a candidate without a count while others have one.
    Missing,
    /// E04: a candidate's votes above the electorate.
    MoreThanElectorate,
    /// E05: a count above the ballot papers issued.
    MoreThanBallots,
    /// E06: more votes than the valid ballot papers allow (seats x valid papers).
    TooManyVotes,
    /// E07: a count too large to be any real count.
    TooLarge,
    /// W01: turnout above 100%.
    TurnoutOver100,
    /// W02: turnout below 10%.
    TurnoutUnder10,
    /// W03: rejected ballots above 3% of ballot papers.
    ManyRejected,
    /// W04: every candidate on zero.
    AllZero,
    /// W05: a candidate on exactly zero.
    CandidateZero,
    /// W06: single-member division whose votes differ from ballot papers minus rejected.
    TotalMismatch,
    /// E08: the rejected headings do not add up to the rejected total (or are not the
    /// poll's headings).
    HeadingsNotTotal,
    /// E09: single-member division whose votes and rejected papers are not the papers
    /// counted.
    CountedNotVotes,
    /// E10: papers rejected in part where no paper can be (one vote to give).
    NoPartRejection,
    /// W07: the papers counted differ from those verified.
    CountedNotVerified,
}

impl CheckCode {
    pub fn code(self) -> &'static str {
        match self {
            CheckCode::NotWholeNumber => "E01",
            CheckCode::Negative => "E02",
            CheckCode::Missing => "E03",
            CheckCode::MoreThanElectorate => "E04",
            CheckCode::MoreThanBallots => "E05",
            CheckCode::TooManyVotes => "E06",
            CheckCode::TooLarge => "E07",
            CheckCode::TurnoutOver100 => "W01",
            CheckCode::TurnoutUnder10 => "W02",
            CheckCode::ManyRejected => "W03",
            CheckCode::AllZero => "W04",
            CheckCode::CandidateZero => "W05",
            CheckCode::TotalMismatch => "W06",
            CheckCode::HeadingsNotTotal => "E08",
            CheckCode::CountedNotVotes => "E09",
            CheckCode::NoPartRejection => "E10",
            CheckCode::CountedNotVerified => "W07",
        }
    }

    pub fn severity(self) -> Severity {
        if self.code().starts_with('E') {
            Severity::Error
        } else {
            Severity::Warning
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: CheckCode,
    pub field: Field,
    pub message: String,
}

impl Finding {
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

/// A declaration as typed: the raw text of each field, kept apart from its value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawEntry {
    /// Votes per candidate in ballot order.
    pub votes: Vec<String>,
    pub ballots_issued: String,
    pub rejected: String,
    /// The paper account, as typed (blank where not given).
    pub account: RawAccountText,
}

/// The paper account as typed: the text of each figure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawAccountText {
    pub verified: String,
    pub counted: String,
    /// Rejected under each heading of the poll, in its order (empty: none typed).
    pub headings: Vec<String>,
    pub in_part: String,
    /// Why the papers counted differ from those verified.
    pub discrepancy: String,
}

/// The paper account as read: each figure's text, or blank.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawAccount {
    pub verified: CountText,
    pub counted: CountText,
    pub headings: Vec<CountText>,
    pub in_part: CountText,
    pub discrepancy: Option<String>,
}

impl RawAccountText {
    fn read(&self) -> RawAccount {
        let note = self.discrepancy.trim();
        RawAccount {
            verified: CountText::new(&self.verified),
            counted: CountText::new(&self.counted),
            headings: self.headings.iter().map(|h| CountText::new(h)).collect(),
            in_part: CountText::new(&self.in_part),
            discrepancy: (!note.is_empty()).then(|| note.to_string()),
        }
    }
}

/// A count field as read from a file. Plain digits are kept as their value (a results
/// file has a million vote fields, and text for each would be a million allocations);
/// anything else as its text, so that the checks report it exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CountText {
    #[default]
    Blank,
    Digits(u64),
    Text(Box<str>),
}

impl AsRef<CountText> for CountText {
    fn as_ref(&self) -> &CountText {
        self
    }
}

impl CountText {
    pub fn new(text: &str) -> Self {
        let text = crate::model::trim_space(text);
        if text.is_empty() {
            CountText::Blank
        } else if let Some(value) = plain_digits(text) {
            CountText::Digits(value)
        } else {
            CountText::Text(text.into())
        }
    }

    pub fn is_blank(&self) -> bool {
        *self == CountText::Blank
    }

    /// The count, by the rules of [`parse_count`].
    pub fn parse(&self) -> Result<Option<u64>, CountProblem> {
        match self {
            CountText::Blank => Ok(None),
            CountText::Digits(value) if *value > MAX_COUNT => Err(CountProblem::TooLarge),
            CountText::Digits(value) => Ok(Some(*value)),
            CountText::Text(text) => parse_count(text),
        }
    }

    /// The field as typed (digits as their value), for messages.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            CountText::Blank => "".into(),
            CountText::Digits(value) => value.to_string().into(),
            CountText::Text(text) => text.as_ref().into(),
        }
    }
}

/// The value of 1 to 18 ASCII digits (never overflows a u64); none for anything else.
fn plain_digits(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > 18 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        bytes
            .iter()
            .fold(0u64, |n, &b| n * 10 + u64::from(b - b'0')),
    )
}

/// The outcome of checking an entry: the declaration when it has no error, and every finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub declaration: Option<Declaration>,
    pub findings: Vec<Finding>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.is_error())
    }
}

/// Why a piece of text is not a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountProblem {
    NotWholeNumber,
    Negative,
    TooLarge,
}

/// Reads a count as people type it: digits, optionally grouped with commas ("1,475").
/// Blank text is no count.
pub fn parse_count(text: &str) -> Result<Option<u64>, CountProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if let Some(value) = plain_digits(text) {
        return if value > MAX_COUNT {
            Err(CountProblem::TooLarge)
        } else {
            Ok(Some(value))
        };
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let groups: Vec<&str> = digits.split(',').collect();
    let well_grouped = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    if digits.is_empty() || !well_grouped || !digits.chars().all(|c| c.is_ascii_digit() || c == ',')
    {
        return Err(CountProblem::NotWholeNumber);
    }
    let plain: String = digits.chars().filter(|&c| c != ',').collect();
    let value: u64 = plain.parse().map_err(|_| CountProblem::TooLarge)?;
    if negative && value > 0 {
        return Err(CountProblem::Negative);
    }
    if value > MAX_COUNT {
        return Err(CountProblem::TooLarge);
    }
    Ok(Some(value))
}

/// Checks an entry as typed and, when it has no error, gives the declaration.
pub fn check_entry(election: &Election, ix: DivisionIx, raw: &RawEntry) -> Checked {
    let votes: Vec<CountText> = raw.votes.iter().map(|v| CountText::new(v)).collect();
    check_counts(
        election,
        ix,
        &votes,
        &CountText::new(&raw.ballots_issued),
        &CountText::new(&raw.rejected),
        &raw.account.read(),
    )
}

/// [`check_entry`] on fields as read from a file. The votes are anything that holds
/// a count as typed (a reader's candidate rows, each with its line), so that a big
/// file's million counts are not copied into a list per division first.
///
/// Long: One check after another, in the order the sentences are read; each is a few lines.
pub fn check_counts(
    election: &Election,
    ix: DivisionIx,
    raw_votes: &[impl AsRef<CountText>],
    raw_ballots: &CountText,
    raw_rejected: &CountText,
    raw_account: &RawAccount,
) -> Checked {
    let division = election.division(ix);
    // Names are made only for a message: reading a big file checks every division.
    let name =
        |pos: usize| election.candidate_label(CandidateIx(division.candidates.start + pos as u32));
    let candidates = division.candidate_count();
    let mut findings = Vec::new();
    let mut count = |field: Field, label: &dyn Fn() -> String, raw: &CountText| -> Option<u64> {
        let problem = match raw.parse() {
            Ok(value) => return value,
            Err(problem) => problem,
        };
        let label = label();
        let text = raw.text();
        let (code, message) = match problem {
            CountProblem::NotWholeNumber => (
                CheckCode::NotWholeNumber,
                format!("{label}: \"{}\" is not a whole number", text.trim()),
            ),
            CountProblem::Negative => (
                CheckCode::Negative,
                format!(
                    "{label}: \"{}\" is negative; counts cannot be below zero",
                    text.trim()
                ),
            ),
            CountProblem::TooLarge => (
                CheckCode::TooLarge,
                format!(
                    "{label}: \"{}\" is too large to be a real count",
                    text.trim()
                ),
            ),
        };
        findings.push(Finding {
            code,
            field,
            message,
        });
        None
    };

    let mut votes = Vec::with_capacity(candidates);
    let mut unreadable = false;
    let blank = CountText::Blank;
    for pos in 0..candidates {
        let text = raw_votes.get(pos).map_or(&blank, AsRef::as_ref);
        let value = count(
            Field::Candidate(pos),
            &|| format!("Votes for {}", name(pos)),
            text,
        );
        unreadable |= value.is_none() && !text.is_blank();
        votes.push(value);
    }
    let ballots = count(
        Field::BallotsIssued,
        &|| "Ballot papers issued".to_string(),
        raw_ballots,
    );
    let rejected = count(
        Field::Rejected,
        &|| "Rejected ballots".to_string(),
        raw_rejected,
    );
    unreadable |= (ballots.is_none() && !raw_ballots.is_blank())
        || (rejected.is_none() && !raw_rejected.is_blank());
    let headings = election.poll_of(ix).headings();
    let mut account = PaperAccount {
        discrepancy: raw_account.discrepancy.clone(),
        ..PaperAccount::default()
    };
    for (slot, field, label, raw) in [
        (
            &mut account.verified,
            Field::Verified,
            "Ballot papers verified",
            &raw_account.verified,
        ),
        (
            &mut account.counted,
            Field::Counted,
            "Ballot papers counted",
            &raw_account.counted,
        ),
        (
            &mut account.rejected_in_part,
            Field::RejectedInPart,
            "Rejected in part",
            &raw_account.in_part,
        ),
    ] {
        *slot = count(field, &|| label.to_string(), raw);
        unreadable |= slot.is_none() && !raw.is_blank();
    }
    // The headings: all of them or none (a blank heading among typed ones is not a
    // nought the sheet did not say).
    let mut blank_headings = Vec::new();
    if raw_account.headings.iter().any(|h| !h.is_blank()) {
        let mut by_heading = Vec::with_capacity(raw_account.headings.len());
        for (i, raw) in raw_account.headings.iter().enumerate() {
            let label = || {
                headings.get(i).map_or_else(
                    || format!("Rejected, heading {}", i + 1),
                    |h| format!("Rejected ({})", h.words()),
                )
            };
            let value = count(Field::Heading(i), &label, raw);
            if value.is_none() {
                if raw.is_blank() {
                    blank_headings.push(Finding {
                        code: CheckCode::Missing,
                        field: Field::Heading(i),
                        message: format!(
                            "{}: no count entered, while other headings have one",
                            label()
                        ),
                    });
                }
                unreadable = true;
            }
            by_heading.push(value.unwrap_or(0));
        }
        account.rejected_by_heading = Some(by_heading);
    }
    findings.extend(blank_headings);

    for (pos, value) in votes.iter().enumerate() {
        let typed = raw_votes.get(pos).is_some_and(|t| !t.as_ref().is_blank());
        if value.is_none() && !typed {
            findings.push(Finding {
                code: CheckCode::Missing,
                field: Field::Candidate(pos),
                message: format!("Votes for {}: no count entered", name(pos)),
            });
        }
    }
    if unreadable || votes.iter().any(Option::is_none) {
        return Checked {
            declaration: None,
            findings,
        };
    }
    // The headings give the total where it was not typed.
    let rejected =
        rejected.or_else(|| account.headings_total().filter(|_| raw_rejected.is_blank()));
    let declaration = Declaration {
        votes: votes.into_iter().flatten().collect(),
        ballots_issued: ballots,
        rejected,
        account: account.into(),
        ..Declaration::default()
    };
    findings.extend(check_declaration(election, ix, &declaration));
    let ok = !findings.iter().any(Finding::is_error);
    Checked {
        declaration: ok.then_some(declaration),
        findings,
    }
}

/// The checks on a declaration's figures (those that need whole numbers to run).
///
/// Long: One check after another, in the order the sentences are read; each is a few lines.
pub fn check_declaration(
    election: &Election,
    ix: DivisionIx,
    declaration: &Declaration,
) -> Vec<Finding> {
    let division = election.division(ix);
    let name = |pos: usize| {
        division
            .candidate_ixs()
            .nth(pos)
            .map_or_else(String::new, |c| election.candidate_label(c))
    };
    let mut findings = Vec::new();
    let mut push = |code: CheckCode, field: Field, message: String| {
        findings.push(Finding {
            code,
            field,
            message,
        });
    };
    let votes = &declaration.votes;
    let total: u64 = votes.iter().sum();

    if let Some(electorate) = division.electorate.filter(|&e| e > 0) {
        for (pos, &v) in votes.iter().enumerate() {
            if v > electorate {
                push(
                    CheckCode::MoreThanElectorate,
                    Field::Candidate(pos),
                    format!(
                        "Votes for {}: {v} is more than the electorate of {electorate}",
                        name(pos)
                    ),
                );
            }
        }
    }
    if let Some(ballots) = declaration.ballots_issued {
        for (pos, &v) in votes.iter().enumerate() {
            if v > ballots {
                push(
                    CheckCode::MoreThanBallots,
                    Field::Candidate(pos),
                    format!(
                        "Votes for {}: {v} is more than the {ballots} ballot papers issued",
                        name(pos)
                    ),
                );
            }
        }
        let rejected = declaration.rejected.unwrap_or(0);
        if rejected > ballots {
            push(
                CheckCode::MoreThanBallots,
                Field::Rejected,
                format!(
                    "Rejected ballots: {rejected} is more than the {ballots} ballot papers issued"
                ),
            );
        } else {
            let valid_papers = ballots - rejected;
            let allowed = valid_papers * u64::from(division.seats);
            if total > allowed {
                let each = if division.seats > 1 {
                    format!(
                        " ({} votes on each of {valid_papers} valid papers)",
                        division.seats
                    )
                } else {
                    String::new()
                };
                push(
                    CheckCode::TooManyVotes,
                    Field::Division,
                    format!(
                        "The candidates' votes add up to {total}, more than the {allowed} the valid ballot papers allow{each}"
                    ),
                );
            } else if division.seats == 1 && total != valid_papers {
                let rejected_note = if declaration.rejected.is_none() {
                    " (no rejected ballots entered)"
                } else {
                    ""
                };
                push(
                    CheckCode::TotalMismatch,
                    Field::Division,
                    format!(
                        "The candidates' votes add up to {total}, but ballot papers minus rejected is {valid_papers}{rejected_note}"
                    ),
                );
            }
            if ballots > 0 && rejected * 100 > ballots * 3 {
                push(
                    CheckCode::ManyRejected,
                    Field::Rejected,
                    format!(
                        "Rejected ballots: {rejected} is {:.1}% of the ballot papers, above 3%",
                        rejected as f64 * 100.0 / ballots as f64
                    ),
                );
            }
        }
    }
    check_account(election, ix, declaration, &mut push);
    if let Some(t) = turnout(division, declaration) {
        let field = if declaration.ballots_issued.is_some() {
            Field::BallotsIssued
        } else {
            Field::Division
        };
        if t.percent > 100.0 {
            push(
                CheckCode::TurnoutOver100,
                field,
                format!("Turnout is {:.1}%, above 100% of the electorate", t.percent),
            );
        } else if t.percent < 10.0 {
            push(
                CheckCode::TurnoutUnder10,
                field,
                format!("Turnout is {:.1}%, below 10%", t.percent),
            );
        }
    }
    if !votes.is_empty() && total == 0 {
        push(
            CheckCode::AllZero,
            Field::Division,
            "Every candidate has zero votes".to_string(),
        );
    } else {
        for (pos, &v) in votes.iter().enumerate() {
            if v == 0 {
                push(
                    CheckCode::CandidateZero,
                    Field::Candidate(pos),
                    format!("Votes for {}: exactly zero", name(pos)),
                );
            }
        }
    }
    findings
}

/// The checks on the ballot paper account: the headings against the rejected total,
/// the papers counted against the votes (one seat) and against those verified.
///
/// A multi-member division's papers counted are never checked against the sum of its
/// votes: each paper holds up to as many votes as there are seats.
///
/// Long: One check after another, in the order the sentences are read; each is a few lines.
fn check_account(
    election: &Election,
    ix: DivisionIx,
    declaration: &Declaration,
    push: &mut dyn FnMut(CheckCode, Field, String),
) {
    let division = election.division(ix);
    let poll = election.poll_of(ix);
    let account = &declaration.account;
    let total: u64 = declaration.votes.iter().sum();
    if let Some(headings) = &account.rejected_by_heading {
        let want = poll.headings().len();
        if headings.len() != want {
            push(
                CheckCode::HeadingsNotTotal,
                Field::Rejected,
                format!(
                    "Rejected ballots: {} headings given, but a {} has {want}",
                    headings.len(),
                    poll.words()
                ),
            );
        } else if let (Some(sum), Some(rejected)) = (account.headings_total(), declaration.rejected)
            && sum != rejected
        {
            push(
                CheckCode::HeadingsNotTotal,
                Field::Rejected,
                format!(
                    "Rejected ballots: the headings add up to {sum}, but the total is {rejected}"
                ),
            );
        }
    }
    if let Some(part) = account.rejected_in_part.filter(|&n| n > 0) {
        if division.seats < 2 || !poll.rejects_in_part() {
            let why = if poll.rejects_in_part() {
                "a single-member division's voters have one vote"
            } else {
                "a voter in this poll has one vote"
            };
            push(
                CheckCode::NoPartRejection,
                Field::RejectedInPart,
                format!("Rejected in part: {part} given, but no paper can be ({why})"),
            );
        } else if let Some(counted) = account.counted
            && part > counted
        {
            push(
                CheckCode::MoreThanBallots,
                Field::RejectedInPart,
                format!("Rejected in part: {part} is more than the {counted} papers counted"),
            );
        }
    }
    if let Some(counted) = account.counted {
        let rejected = declaration.rejected.unwrap_or(0);
        if rejected > counted {
            push(
                CheckCode::MoreThanBallots,
                Field::Rejected,
                format!("Rejected ballots: {rejected} is more than the {counted} papers counted"),
            );
        } else if division.seats == 1 && total + rejected != counted {
            push(
                CheckCode::CountedNotVotes,
                Field::Counted,
                format!(
                    "Ballot papers counted: {counted}, but the votes ({total}) and the rejected ({rejected}) add up to {}",
                    total + rejected
                ),
            );
        } else if division.seats > 1 {
            let allowed = (counted - rejected).saturating_mul(u64::from(division.seats));
            if total > allowed {
                push(
                    CheckCode::TooManyVotes,
                    Field::Counted,
                    format!(
                        "The candidates' votes add up to {total}, more than the {allowed} that {} valid papers counted allow ({} votes on each)",
                        counted - rejected,
                        division.seats
                    ),
                );
            }
        }
        if let Some(verified) = account.verified
            && verified != counted
        {
            let (more, by) = if counted > verified {
                ("more", counted - verified)
            } else {
                ("fewer", verified - counted)
            };
            push(
                CheckCode::CountedNotVerified,
                Field::Counted,
                format!(
                    "Ballot papers counted: {counted}, {by} {more} than the {verified} verified; the returning officer's explanation is kept with the declaration"
                ),
            );
        }
    }
}

/// A declaration's figure in a field of the entry (none for the division as a whole,
/// or where it was not given).
pub fn figure(declaration: &Declaration, field: Field) -> Option<u64> {
    let a = &declaration.account;
    match field {
        Field::Candidate(p) => declaration.votes.get(p).copied(),
        Field::BallotsIssued => declaration.ballots_issued,
        Field::Rejected => declaration.rejected,
        Field::Verified => a.verified,
        Field::Counted => a.counted,
        Field::Heading(i) => a
            .rejected_by_heading
            .as_ref()
            .and_then(|h| h.get(i).copied()),
        Field::RejectedInPart => a.rejected_in_part,
        Field::Division => None,
    }
}

/// Whether a division needs a declaration at all (unopposed divisions do not).
pub fn needs_declaration(division: &Division) -> bool {
    !division.is_uncontested()
}
