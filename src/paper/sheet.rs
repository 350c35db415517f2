//! What each paper says, worked out from the tally before anything is laid out: the
//! figures of one division as its declaration (or provisional sheet) reads them, and a
//! council's notice of result. Every figure here is one the tally shows elsewhere
//! (docs/figures.md): the winners, turnout and valid votes come from the engine's own
//! `outcome::decide`, never worked out again.

use jiff::Timestamp;

use crate::model::{CouncilIx, Declaration, DivisionIx, Heading, PollKind};
use crate::store::night::Night;
use crate::tally::Tally;
use crate::tally::outcome::{self, Status, Turnout};

/// Which paper a division's figures are printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Shown to candidates and agents before the declaration: the figures may still
    /// change (a recount), so the sheet says PROVISIONAL across it and elects nobody.
    Provisional,
    /// The declaration of result: the figures the returning officer declared.
    Declaration,
}

/// One candidate's line, in ballot order.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateLine {
    pub name: String,
    /// The description on the ballot paper (the party's name unless it said otherwise).
    pub description: String,
    pub votes: u64,
    pub elected: bool,
    /// Elected after a drawing of lots between candidates on equal votes.
    pub by_lot: bool,
}

/// The rejected ballot papers as the declaration reads them.
#[derive(Debug, Clone, PartialEq)]
pub enum Rejected {
    /// Under each heading of the poll's kind, with their total.
    ByHeading {
        headings: Vec<(Heading, u64)>,
        total: u64,
    },
    /// Only the total was entered.
    TotalOnly(u64),
    /// Nothing was entered: the paper says so rather than printing 0.
    NotEntered,
}

/// One division's figures as its paper prints them.
#[derive(Debug, Clone, PartialEq)]
pub struct DivisionSheet {
    pub stage: Stage,
    pub council: String,
    pub election: String,
    pub division: String,
    pub poll: PollKind,
    pub seats: u32,
    pub candidates: Vec<CandidateLine>,
    /// No more candidates than seats: elected unopposed, no poll.
    pub uncontested: bool,
    /// Candidates on equal votes for the last seat(s) while lots are not yet drawn
    /// (only ever on a provisional sheet: a declaration waits for the lots).
    pub tied: Vec<String>,
    pub rejected: Rejected,
    pub rejected_in_part: Option<u64>,
    pub electorate: Option<u64>,
    pub verified: Option<u64>,
    pub counted: Option<u64>,
    pub ballots_issued: Option<u64>,
    pub valid_votes: u64,
    pub turnout: Option<Turnout>,
    /// Why the papers counted differ from those verified, as the returning officer
    /// explained it.
    pub discrepancy: Option<String>,
    pub declared_at: Option<Timestamp>,
}

impl DivisionSheet {
    /// The candidates elected, in ballot order.
    pub fn elected(&self) -> impl Iterator<Item = &CandidateLine> {
        self.candidates.iter().filter(|c| c.elected)
    }
}

/// Why a division's declaration cannot be printed from these figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unprintable {
    /// The poll was countermanded: there is no result to declare.
    Cancelled { division: String },
    /// The last seat is tied and no drawing of lots has been entered.
    Tied {
        division: String,
        candidates: Vec<String>,
    },
    /// The figures do not fit the division (another set-up's figures).
    Mismatch { division: String },
    /// Nothing entered for the division yet.
    NotDeclared { division: String },
    /// Entered once on a night of double entry, waiting for the second entry.
    AwaitingSecondEntry { division: String },
    /// Declared at two laptops with different figures that nobody has settled yet.
    Conflict { division: String },
}

impl std::fmt::Display for Unprintable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unprintable::Cancelled { division } => write!(
                f,
                "{division}: the poll was countermanded, so there is no result to declare"
            ),
            Unprintable::Tied {
                division,
                candidates,
            } => write!(
                f,
                "{division}: the last seat is tied between {}, and no drawing of lots has \
                 been entered; enter who won the lots first (a provisional sheet can be \
                 printed now)",
                candidates.join(" and ")
            ),
            Unprintable::Mismatch { division } => write!(
                f,
                "{division}: the figures do not have one vote count per candidate"
            ),
            Unprintable::NotDeclared { division } => {
                write!(f, "{division}: no figures have been entered yet")
            }
            Unprintable::AwaitingSecondEntry { division } => write!(
                f,
                "{division}: the figures were entered once and wait for their second entry; \
                 the declaration is printed once both agree (a provisional sheet can be \
                 printed now)"
            ),
            Unprintable::Conflict { division } => write!(
                f,
                "{division}: two different sets of figures were declared for it on this \
                 shared night; settle which stands (a correction) before printing"
            ),
        }
    }
}

/// The figures a division's paper is printed from on a night kept in an election file:
/// the declaration that stands, or for a provisional sheet a first entry still waiting
/// for its second. Refused where the night cannot stand behind them: a declaration
/// waiting for its second entry, or disputed between two laptops.
pub fn figures_on_night(
    night: &Night,
    division: DivisionIx,
    stage: Stage,
) -> Result<Declaration, Unprintable> {
    let i = division.index();
    let label = || night.tally.election().division_label(division);
    let first = night.first_entries.get(i).and_then(Option::as_ref);
    let declared = night.tally.declaration(division);
    match (stage, first, declared) {
        (Stage::Provisional, Some(first), _) => Ok(first.figures.declaration(first.at)),
        (Stage::Declaration, Some(_), _) => {
            Err(Unprintable::AwaitingSecondEntry { division: label() })
        }
        (_, None, None) => Err(Unprintable::NotDeclared { division: label() }),
        (Stage::Declaration, None, Some(_))
            if night.rivals.get(i).is_some_and(|r| !r.is_empty()) =>
        {
            Err(Unprintable::Conflict { division: label() })
        }
        (_, None, Some(d)) => Ok(d.clone()),
    }
}

/// The paper of one division from `figures` (its declaration, or a first entry still
/// waiting for its second for a provisional sheet).
pub fn division_sheet(
    tally: &Tally,
    division: DivisionIx,
    figures: &Declaration,
    stage: Stage,
) -> Result<DivisionSheet, Unprintable> {
    let election = tally.election();
    let d = election.division(division);
    let label = election.division_label(division);
    if d.cancelled {
        return Err(Unprintable::Cancelled { division: label });
    }
    if figures.votes.len() != d.candidate_count() {
        return Err(Unprintable::Mismatch { division: label });
    }
    let decided = outcome::decide(d, Some(figures));
    let tied: Vec<String> = decided
        .tied
        .iter()
        .map(|&c| election.candidate_label(c))
        .collect();
    if stage == Stage::Declaration && decided.status == Status::Tied {
        return Err(Unprintable::Tied {
            division: label,
            candidates: tied,
        });
    }
    // Nobody is elected on a provisional sheet: a recount may still change it.
    let declared = stage == Stage::Declaration;
    let candidates = d
        .candidate_ixs()
        .zip(&figures.votes)
        .map(|(c, &votes)| CandidateLine {
            name: election.candidate(c).name.clone(),
            description: election.description(c).to_string(),
            votes,
            elected: declared && decided.elected.contains(&c),
            by_lot: declared && decided.by_lot.contains(&c),
        })
        .collect();
    let poll = election.poll_of(division);
    let account = &figures.account;
    let rejected = match (&account.rejected_by_heading, figures.rejected) {
        (Some(counts), total) => Rejected::ByHeading {
            headings: poll
                .headings()
                .iter()
                .copied()
                .zip(counts.clone())
                .collect(),
            total: total.unwrap_or_else(|| account.headings_total().unwrap_or(0)),
        },
        (None, Some(total)) => Rejected::TotalOnly(total),
        (None, None) => Rejected::NotEntered,
    };
    Ok(DivisionSheet {
        stage,
        council: election.council_name(d.council).to_string(),
        election: election.name.clone(),
        division: label,
        poll,
        seats: d.seats,
        candidates,
        uncontested: decided.uncontested,
        tied: if declared { Vec::new() } else { tied },
        rejected,
        rejected_in_part: account.rejected_in_part,
        electorate: d.electorate,
        verified: account.verified,
        counted: account.counted,
        ballots_issued: figures.ballots_issued,
        valid_votes: decided.valid_votes,
        turnout: decided.turnout,
        discrepancy: account.discrepancy.clone(),
        declared_at: figures.declared_at,
    })
}

/// A council's notice of result: every division, declared or not, in the file's order.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeSheet {
    pub council: String,
    pub election: String,
    /// Which names who is elected: councillors, Members of Parliament, a commissioner.
    pub poll: PollKind,
    pub divisions: Vec<NoticeDivision>,
}

/// One division of a notice of result.
#[derive(Debug, Clone, PartialEq)]
pub enum NoticeDivision {
    Declared(Box<DivisionSheet>),
    /// Not declared yet, tied waiting for lots, or countermanded: named, with why.
    Open {
        division: String,
        why: OpenWhy,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenWhy {
    NotDeclared,
    Tied,
    Cancelled,
    /// Two laptops declared different figures and nobody has settled which stand.
    Conflict,
}

impl NoticeSheet {
    pub fn declared(&self) -> usize {
        self.divisions
            .iter()
            .filter(|d| matches!(d, NoticeDivision::Declared(_)))
            .count()
    }

    /// Whether every division has a declared result: a notice with any open is
    /// marked incomplete on every page.
    pub fn complete(&self) -> bool {
        self.declared() == self.divisions.len()
    }
}

/// The notice of result of one council from the tally as it stands; `night`, where
/// the tally is an election file's, names the divisions still disputed.
pub fn notice_sheet(tally: &Tally, council: CouncilIx, night: Option<&Night>) -> NoticeSheet {
    let election = tally.election();
    let disputed = |d: DivisionIx| {
        night.is_some_and(|n| n.rivals.get(d.index()).is_some_and(|r| !r.is_empty()))
    };
    let divisions = election
        .division_ixs()
        .filter(|&d| election.division(d).council == council)
        .map(|d| {
            let division = election.division_label(d);
            if election.division(d).cancelled {
                return NoticeDivision::Open {
                    division,
                    why: OpenWhy::Cancelled,
                };
            }
            if disputed(d) {
                return NoticeDivision::Open {
                    division,
                    why: OpenWhy::Conflict,
                };
            }
            match tally.declaration(d) {
                None => NoticeDivision::Open {
                    division,
                    why: OpenWhy::NotDeclared,
                },
                Some(figures) => match division_sheet(tally, d, figures, Stage::Declaration) {
                    Ok(sheet) => NoticeDivision::Declared(Box::new(sheet)),
                    Err(why) => NoticeDivision::Open {
                        division,
                        why: match why {
                            Unprintable::Tied { .. } => OpenWhy::Tied,
                            Unprintable::Cancelled { .. } => OpenWhy::Cancelled,
                            // The tally only holds figures that fit their division.
                            _ => OpenWhy::NotDeclared,
                        },
                    },
                },
            }
        })
        .collect();
    NoticeSheet {
        council: election.council_name(council).to_string(),
        election: election.name.clone(),
        poll: election.council(council).poll,
        divisions,
    }
}
