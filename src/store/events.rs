//! The events of the night as they are kept in the election file.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::model::{Declaration, DivisionIx, PaperAccount};

/// The figures of a declaration as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub votes: Vec<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ballots_issued: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected: Option<u64>,
    /// Ballot positions of candidates who won by lot, when lots were drawn with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub won_by_lot: Vec<u32>,
    /// When the returning officer declared, if it differs from when it was entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_at: Option<Timestamp>,
    /// Read from a file that gave no declaration time: the time of entry is not the
    /// time of declaration, so none is made up.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub imported: bool,
    /// For a correction: the ids of the conflicting declarations it settles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolves: Vec<String>,
    /// Papers verified and counted, rejected by heading (`PaperAccount`): each key
    /// only where given, so that a declaration without them is stored as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_by_heading: Option<Vec<u64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_in_part: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discrepancy: Option<String>,
}

impl Figures {
    pub fn from_declaration(d: &Declaration) -> Self {
        Self::taking(d.clone())
    }

    /// The figures of a declaration, its lists taken rather than copied (an import of a
    /// national night hands over a million votes).
    pub fn taking(d: Declaration) -> Self {
        let account = d.account.into_inner();
        Figures {
            votes: d.votes,
            ballots_issued: d.ballots_issued,
            rejected: d.rejected,
            won_by_lot: d.won_by_lot,
            declared_at: d.declared_at,
            imported: false,
            resolves: Vec::new(),
            verified: account.verified,
            counted: account.counted,
            rejected_by_heading: account.rejected_by_heading,
            rejected_in_part: account.rejected_in_part,
            discrepancy: account.discrepancy,
        }
    }

    /// Whether two entries give the same count (votes, ballot papers, rejected, and
    /// the paper account).
    pub fn same_count(&self, d: &Declaration) -> bool {
        self.votes == d.votes
            && self.ballots_issued == d.ballots_issued
            && self.rejected == d.rejected
            && self.account() == *d.account
    }

    /// The paper account these figures give.
    pub fn account(&self) -> PaperAccount {
        PaperAccount {
            verified: self.verified,
            counted: self.counted,
            rejected_by_heading: self.rejected_by_heading.clone(),
            rejected_in_part: self.rejected_in_part,
            discrepancy: self.discrepancy.clone(),
        }
    }

    /// The declaration, timed by the declaration itself or else by when it was entered.
    pub fn declaration(&self, entered_at: Timestamp) -> Declaration {
        Declaration {
            votes: self.votes.clone(),
            ballots_issued: self.ballots_issued,
            rejected: self.rejected,
            won_by_lot: self.won_by_lot.clone(),
            declared_at: self.declared_at.or((!self.imported).then_some(entered_at)),
            account: self.account().into(),
        }
    }
}

/// A change to the set-up that keeps every division's candidates in place, so that
/// declarations already made stay valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum SetupChange {
    CandidateName { position: u32, name: String },
    CandidateParty { position: u32, party: String },
    Electorate { electorate: Option<u64> },
}

/// What an event does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A division's first declaration.
    Declared(Figures),
    /// New figures for a declared division (a recount, a typing error); needs a reason.
    Corrected(Figures),
    /// The winners of a drawing of lots for a tied division, by ballot position.
    LotsDrawn {
        winners: Vec<u32>,
    },
    /// The declaration is taken back (undo); the division is awaiting again.
    Withdrawn,
    SetupChanged(SetupChange),
    /// With double entry on: the first volunteer's figures, waiting for a second,
    /// blind entry by another volunteer. They do not count until they are matched.
    FirstEntry(Figures),
    /// A first entry set aside (typed for the wrong division, or wrong throughout).
    FirstEntryDiscarded,
    /// Double entry switched on or off for the election.
    DoubleEntry {
        on: bool,
    },
    /// The baseline (the previous election) set or replaced, as a results CSV in the
    /// app's own format.
    BaselineSet {
        name: String,
        csv: String,
    },
    /// Seats of some councils beyond tonight's divisions (the councillors not up for
    /// election), from a composition file.
    CompositionSet {
        composition: crate::model::Composition,
    },
    /// The shapes of the divisions for the results map, from a boundary file
    /// (GeoJSON) or a hex layout (HexJSON).
    BoundariesSet {
        boundaries: crate::map::boundaries::Boundaries,
    },
    /// A break in the night's record (`store::chain`) looked at and accepted, with
    /// why: the event where it broke (by its sequence number in this file) and the
    /// digest found there. The record is checked on from there; the break stays in
    /// the log for anyone to see.
    BreakAcknowledged {
        seq: i64,
        found: String,
    },
}

impl Change {
    /// Reads a change as the log keeps it. A declaration's figures (nearly every event
    /// of a big night) are read straight into their type: the general, tagged reading
    /// first copies every field aside, and took a third of the time of opening a big
    /// file.
    pub fn from_json(text: &str) -> serde_json::Result<Change> {
        type Make = fn(Figures) -> Change;
        let figures: [(&str, Make); 3] = [
            ("{\"kind\":\"declared\",", Change::Declared),
            ("{\"kind\":\"corrected\",", Change::Corrected),
            ("{\"kind\":\"first_entry\",", Change::FirstEntry),
        ];
        for (start, change) in figures {
            if text.starts_with(start) {
                return serde_json::from_str::<Figures>(text).map(change);
            }
        }
        serde_json::from_str(text)
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Change::Declared(_) => "declared",
            Change::Corrected(_) => "corrected",
            Change::LotsDrawn { .. } => "lots_drawn",
            Change::Withdrawn => "withdrawn",
            Change::SetupChanged(_) => "setup_changed",
            Change::FirstEntry(_) => "first_entry",
            Change::FirstEntryDiscarded => "first_entry_discarded",
            Change::DoubleEntry { .. } => "double_entry",
            Change::BaselineSet { .. } => "baseline_set",
            Change::CompositionSet { .. } => "composition_set",
            Change::BoundariesSet { .. } => "boundaries_set",
            Change::BreakAcknowledged { .. } => "break_acknowledged",
        }
    }
}

/// One entry of the log: what changed, where, when, on which machine and by whom.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub seq: i64,
    /// Globally unique, so that logs from several machines can be merged.
    pub id: String,
    pub at: Timestamp,
    pub machine: String,
    pub who: String,
    pub division: Option<DivisionIx>,
    pub change: Change,
    pub reason: Option<String>,
    /// The id of the last event of this division its writer had seen ("" for none);
    /// `None` for events from before sharing, which saw every event before them.
    pub base: Option<String>,
    /// Its place in the server's order of the night, once the server holds it.
    pub server_seq: Option<i64>,
}

impl Event {
    /// Where the event stands in the night: in the server's order once sent, and
    /// after every sent event, in the order they were written, until then. Every
    /// replica replays in this order, so all reach the same state.
    pub fn order(&self) -> (bool, i64, i64) {
        (
            self.server_seq.is_none(),
            self.server_seq.unwrap_or(0),
            self.seq,
        )
    }
}

/// Who is entering results, and on which machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub who: String,
    pub machine: String,
}

impl Identity {
    /// `who` as given, or the TALLYROOM_USER / USER environment, and this machine's name.
    pub fn new(who: Option<&str>) -> Self {
        let who = who
            .map(str::to_string)
            .or_else(|| std::env::var("TALLYROOM_USER").ok())
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .filter(|w| !w.trim().is_empty())
            .unwrap_or_else(|| "unknown".to_string());
        Identity {
            who: who.trim().to_string(),
            machine: machine_name(),
        }
    }
}

/// The computer's name: the system's own on Linux and macOS (uname), COMPUTERNAME on
/// Windows, else a shell's HOSTNAME, else "unknown".
fn machine_name() -> String {
    system_name()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

#[cfg(unix)]
fn system_name() -> Option<String> {
    Some(
        rustix::system::uname()
            .nodename()
            .to_string_lossy()
            .into_owned(),
    )
}

/// Windows has no uname; its name is in COMPUTERNAME (above).
#[cfg(not(unix))]
fn system_name() -> Option<String> {
    None
}
