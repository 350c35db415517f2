//! Why the store refuses a change, as values: the store says what is wrong; what a
//! person can do about it is worded by the interface they use (the command line names
//! its commands, the window its menus), through [`Advice`].

use std::path::PathBuf;

use crate::store::chain;
use crate::tally::ApplyError;

/// What a person can do, in the words of the interface in front of them. Each phrase
/// fits the sentence the store words around it (shown in each method's comment).
pub trait Advice {
    /// "Open a .tally file, or create one with {create_file}".
    fn create_file(&self) -> &str;
    /// "Restore the latest backup{restore_backup}" (may be empty).
    fn restore_backup(&self) -> &str;
    /// "save a copy to another one{save_copy}" (may be empty).
    fn save_copy(&self) -> &str;
    /// "check the figures with the count, then settle them {settle_conflict}".
    fn settle_conflict(&self) -> &str;
    /// "none of the shapes … is one of tonight's divisions; {name_shape_properties}".
    fn name_shape_properties(&self) -> &str;
    /// "say why the break is accepted{give_break_reason}" (may be empty).
    fn give_break_reason(&self) -> &str;
    /// "The figures shown may not be the night's: restore …; {verify_file}".
    fn verify_file(&self) -> &str;
    /// "No election is shared on SERVER yet; share one first{share_night}" (may be empty).
    fn share_night(&self) -> &str;
    /// "FILE is not shared through a server. Share it{share_file}" (may be empty).
    fn share_file(&self, file: &str) -> String;
    /// "Join it{join_night}", "or join a shared night{join_night}" (may be empty).
    fn join_night(&self) -> &str;
    /// "or share this one under another name{another_name}" (may be empty).
    fn another_name(&self) -> &str;
    /// "it sends and receives whenever it is open or synced{sync_file}" (may be empty).
    fn sync_file(&self) -> &str;
}

/// Advice in no interface's words: for logs and for the `Display` of errors, where
/// nothing knows who reads them.
pub struct Plain;

impl Advice for Plain {
    fn create_file(&self) -> &str {
        "tallyroom"
    }
    fn restore_backup(&self) -> &str {
        ""
    }
    fn save_copy(&self) -> &str {
        ""
    }
    fn settle_conflict(&self) -> &str {
        "by keeping one set of figures"
    }
    fn name_shape_properties(&self) -> &str {
        "name the properties that hold them"
    }
    fn give_break_reason(&self) -> &str {
        ""
    }
    fn verify_file(&self) -> &str {
        "a check of the whole file says more"
    }
    fn share_night(&self) -> &str {
        ""
    }
    fn share_file(&self, _file: &str) -> String {
        String::new()
    }
    fn join_night(&self) -> &str {
        ""
    }
    fn another_name(&self) -> &str {
        ""
    }
    fn sync_file(&self) -> &str {
        ""
    }
}

/// A change the store refused; the file is as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A file of an older version opened only to read: it must be upgraded first.
    OlderVersion {
        file: String,
        version: u32,
    },
    /// The file takes no results here.
    WatchOnly(WatchOnly),
    /// The night's record does not hold: nothing is taken until it is seen to.
    RecordBroken(Box<RecordBroken>),
    /// An acknowledgement with no break to acknowledge.
    NoBreak,
    NothingToUndo,
    NoFirstEntryToCompare,
    DoubleEntryAlready {
        on: bool,
    },
    DoubleEntryOff,
    CompositionMatchesNone {
        councils: usize,
        source: String,
    },
    BoundariesMatchNone {
        shapes: usize,
        source: String,
    },
    /// A change that needs a reason was given none.
    ReasonNeeded(Reasoned),
    NoDivisionNamed,
    NoSuchDivision,
    Unopposed {
        division: String,
    },
    /// Figures the tally cannot count.
    Outcome {
        division: String,
        error: ApplyError,
    },
    /// Figures a declaration check finds in error (the check's sentence).
    Check {
        division: String,
        message: String,
    },
    AlreadyDeclared {
        division: String,
    },
    FirstEntryNeeded {
        division: String,
    },
    SecondEntryBySameVolunteer {
        division: String,
        who: String,
    },
    NotDeclared {
        division: String,
    },
    UnknownRival {
        division: String,
        id: String,
    },
    /// Declarations of the division that disagree, each "who on machine".
    Conflicting {
        division: String,
        entered_by: Vec<String>,
    },
    FirstEntryWaiting {
        division: String,
    },
    NoFirstEntry {
        division: String,
    },
    NotTied {
        division: String,
    },
    NothingToWithdraw {
        division: String,
    },
    NoSuchCandidate {
        position: u32,
    },
    /// A baseline that cannot be read or kept.
    Baseline {
        detail: String,
    },
    /// Results from a release that match more than one division each.
    AmbiguousRelease {
        source: String,
        why: Vec<String>,
    },
    /// The tally refuses the change.
    Tally(ApplyError),
    /// Lots drawn for a division that has no declaration.
    LotsWithoutDeclaration,
    /// The change cannot be written as the file keeps it.
    Unwritable {
        detail: String,
    },
}

/// Changes that need a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reasoned {
    BreakAccepted,
    Correction,
    FirstEntryDiscarded,
    Withdrawal,
    SetupChange,
}

/// Why a file takes no results here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchOnly {
    /// The file or its folder is read-only.
    ReadOnlyPlace { file: String },
    /// The file follows a shared night with an account that may only watch.
    WatchingAccount { election: String, server: String },
}

/// A break in the night's record, with the newest sound backup if there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordBroken {
    pub broken: chain::Break,
    pub backup: Option<PathBuf>,
}

impl Refusal {
    /// The refusal in words, with the advice of the interface in front of the reader.
    pub fn in_words(&self, advice: &dyn Advice) -> String {
        match self {
            Refusal::OlderVersion { file, version } => format!(
                "{file} is of an older file version ({version}): open it once with this tallyroom to upgrade it (a backup is taken first)"
            ),
            Refusal::WatchOnly(why) => why.in_words(advice),
            Refusal::RecordBroken(broken) => broken.in_words(advice),
            Refusal::NoBreak => {
                "the night's record holds: there is no break to acknowledge".to_string()
            }
            Refusal::NothingToUndo => "there is no declaration to undo".to_string(),
            Refusal::NoFirstEntryToCompare => "there is no first entry to compare with".to_string(),
            Refusal::DoubleEntryAlready { on } => {
                format!("double entry is already {}", if *on { "on" } else { "off" })
            }
            Refusal::DoubleEntryOff => {
                "double entry is off; declare the result directly".to_string()
            }
            Refusal::CompositionMatchesNone { councils, source } => {
                format!("none of the {councils} councils in {source} is on tonight's night")
            }
            Refusal::BoundariesMatchNone { shapes, source } => format!(
                "none of the {shapes} shapes in {source} is one of tonight's divisions (matched by code, then by name); {}",
                advice.name_shape_properties()
            ),
            Refusal::ReasonNeeded(what) => match what {
                Reasoned::BreakAccepted => {
                    format!(
                        "say why the break is accepted{}",
                        advice.give_break_reason()
                    )
                }
                Reasoned::Correction => {
                    "a correction needs a reason (recount, typing error, ...)".to_string()
                }
                Reasoned::FirstEntryDiscarded => {
                    "discarding a first entry needs a reason".to_string()
                }
                Reasoned::Withdrawal => "withdrawing a declaration needs a reason".to_string(),
                Reasoned::SetupChange => "a set-up change needs a reason".to_string(),
            },
            Refusal::NoDivisionNamed => "the change names no division".to_string(),
            Refusal::NoSuchDivision => "no such division".to_string(),
            Refusal::Unopposed { division } => {
                format!("{division} was returned unopposed; there is nothing to declare")
            }
            Refusal::Outcome { division, error } => format!("{division}: {error}"),
            Refusal::Check { division, message } => format!("{division}: {message}"),
            Refusal::AlreadyDeclared { division } => {
                format!("{division} is already declared; correct it with a reason instead")
            }
            Refusal::FirstEntryNeeded { division } => {
                format!("double entry is on: {division} needs a first entry before it is declared")
            }
            Refusal::SecondEntryBySameVolunteer { division, who } => format!(
                "the second entry of {division} must be typed by another volunteer than {who}"
            ),
            Refusal::NotDeclared { division } => {
                format!("{division} has not been declared yet, so there is nothing to correct")
            }
            Refusal::UnknownRival { division, id } => {
                format!("{division} has no conflicting declaration {id} to resolve")
            }
            Refusal::Conflicting {
                division,
                entered_by,
            } => format!(
                "{division} has conflicting declarations (also entered by {}); check the figures with the count, then settle them {}",
                entered_by.join(", "),
                advice.settle_conflict()
            ),
            Refusal::FirstEntryWaiting { division } => {
                format!("{division} already has a first entry waiting for its second")
            }
            Refusal::NoFirstEntry { division } => {
                format!("{division} has no first entry to discard")
            }
            Refusal::NotTied { division } => {
                format!("{division} is not tied, so no lots are to be drawn")
            }
            Refusal::NothingToWithdraw { division } => {
                format!("{division} has no declaration to withdraw")
            }
            Refusal::NoSuchCandidate { position } => {
                format!("the division has no candidate {}", position + 1)
            }
            Refusal::Baseline { detail } => detail.clone(),
            Refusal::AmbiguousRelease { source, why } => format!(
                "{source}: nothing was read, because {}. Add person_id (or division_id) columns to the release, or correct these divisions by hand",
                why.join("; ")
            ),
            Refusal::Tally(error) => error.to_string(),
            Refusal::Unwritable { detail } => detail.clone(),
            Refusal::LotsWithoutDeclaration => {
                "lots drawn for a division without a declaration".to_string()
            }
        }
    }
}

impl WatchOnly {
    pub fn in_words(&self, advice: &dyn Advice) -> String {
        match self {
            WatchOnly::ReadOnlyPlace { file } => format!(
                "{file} cannot be written here (the file or its folder is read-only), so nothing is entered into it; it can still be read, summarised and exported. To enter results, copy it to a folder you can write to{} and open the copy",
                advice.save_copy()
            ),
            WatchOnly::WatchingAccount { election, server } => format!(
                "this file follows the shared night \"{election}\" on {server} with an account that may only watch, so nothing is entered here; results are entered at a count centre's laptop, and reach this file when it syncs"
            ),
        }
    }
}

impl RecordBroken {
    /// A break found in the record of the file at `path`, with its newest backup that
    /// holds (each backup is opened and its record checked: done once, here).
    pub fn found(broken: chain::Break, path: &std::path::Path) -> Self {
        RecordBroken {
            broken,
            backup: crate::store::backup::newest_sound(path),
        }
    }

    /// The break in words, with what to do: shown on opening and on every refusal.
    pub fn in_words(&self, advice: &dyn Advice) -> String {
        let backup = match &self.backup {
            Some(b) => format!("restore {}{}", b.display(), advice.restore_backup()),
            None => "no backup of it holds".to_string(),
        };
        format!(
            "{}. The figures shown may not be the night's: {backup}; {}. No new results are taken until then",
            self.broken,
            advice.verify_file()
        )
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_words(&Plain))
    }
}
