//! The words of the papers. Each phrase is one function, so that the declaration, the
//! provisional sheet and the notice say the same thing the same way, and a second
//! language is one more arm per phrase.

use crate::model::{Heading, PollKind};
use crate::numbers;
use crate::tally::outcome::TurnoutBasis;

/// The title of the paper for one division.
pub fn declaration_title(provisional: bool) -> &'static str {
    if provisional {
        "Provisional result"
    } else {
        "Declaration of result of poll"
    }
}

/// What is elected, as the head of a declaration says it: "Election of a county
/// councillor for the Burnley Central East division".
pub fn election_of(poll: PollKind, seats: u32, division: &str) -> String {
    match poll {
        PollKind::Parliament => {
            format!("Election of a Member of Parliament for the {division} constituency")
        }
        PollKind::PoliceAndCrime => {
            format!("Election of a Police and Crime Commissioner for the {division} police area")
        }
        PollKind::Local if seats == 1 => format!("Election of a councillor for {division}"),
        PollKind::Local => format!("Election of {seats} councillors for {division}"),
    }
}

/// The sentence before the candidates.
pub fn votes_intro(provisional: bool) -> &'static str {
    if provisional {
        "The votes counted for each candidate, before the returning officer's declaration. \
         These figures may still change (a recount may be asked for): nobody is elected \
         by this sheet."
    } else {
        "I, the undersigned, being the Returning Officer at the above election, give \
         notice that the number of votes recorded for each candidate was as follows:"
    }
}

pub const CANDIDATE: &str = "Candidate";
pub const DESCRIPTION: &str = "Description";
pub const VOTES: &str = "Votes";
pub const ELECTED: &str = "Elected";
pub const ELECTED_BY_LOT: &str = "Elected (by lot)";
pub const PROVISIONAL: &str = "PROVISIONAL";
pub const INCOMPLETE: &str = "INCOMPLETE";

pub fn uncontested(seats: u32) -> &'static str {
    if seats == 1 {
        "No more candidates stood than there were seats: the candidate is elected \
         unopposed and no poll was held."
    } else {
        "No more candidates stood than there were seats: the candidates are elected \
         unopposed and no poll was held."
    }
}

pub fn tied(candidates: &[String]) -> String {
    format!(
        "Equal votes for the last seat: {}. The seat is decided by lot.",
        candidates.join(", ")
    )
}

pub const REJECTED_INTRO: &str = "The number of ballot papers rejected was as follows:";
pub const REJECTED_TOTAL: &str = "Total";
pub const REJECTED_NOT_ENTERED: &str = "Ballot papers rejected: not entered";

pub fn rejected_total_only(total: u64) -> String {
    format!(
        "Ballot papers rejected: {} (the figure under each heading was not entered)",
        numbers::count(total)
    )
}

/// A heading's letter, as rule 47 and the local rules list them: "(a)".
pub fn letter(i: usize) -> String {
    format!("({})", char::from(b'a' + (i % 26) as u8))
}

/// A heading with its letter.
pub fn heading(i: usize, heading: Heading) -> String {
    format!("{} {}", letter(i), upper_first(heading.words()))
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub const REJECTED_IN_PART: &str = "Ballot papers rejected in part (their valid votes counted)";
pub const ELECTORATE: &str = "Electorate";
pub const VERIFIED: &str = "Ballot papers verified";
pub const COUNTED: &str = "Ballot papers counted";
pub const ISSUED: &str = "Ballot papers issued";
pub const VALID_VOTES: &str = "Total valid votes";
pub const TURNOUT: &str = "Turnout";
pub const NOT_KNOWN: &str = "not entered";

/// How the turnout was worked out, beside the figure (docs/figures.md, "Turnout");
/// `rejected_entered` says whether the rejected papers it adds were entered at all.
pub fn turnout_basis(basis: TurnoutBasis, rejected_entered: bool) -> &'static str {
    match (basis, rejected_entered) {
        (TurnoutBasis::BallotPapers, _) => "ballot papers / electorate",
        (TurnoutBasis::VotesAndRejected, true) => "(valid votes + rejected) / electorate",
        (TurnoutBasis::VotesAndRejected, false) => {
            "valid votes / electorate: rejected papers not entered"
        }
    }
}

pub fn discrepancy(why: &str) -> String {
    format!("The ballot papers counted differ from those verified: {why}")
}

/// The closing sentence of a declaration: who is elected.
pub fn duly_elected(names: &[String]) -> String {
    match names {
        [one] => format!("And I declare that {one} is duly elected."),
        many => format!("And I declare that {} are duly elected.", list(many)),
    }
}

pub fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

pub fn declared_at(when: &str) -> String {
    format!("Declared at {when}")
}

pub const NOT_DECLARED_TIME: &str = "Time of declaration: not entered";
pub const RETURNING_OFFICER: &str = "Returning Officer";
pub const SIGNED: &str = "Signed";

// The notice of result of a whole council.

pub const NOTICE_TITLE: &str = "Notice of result";

pub fn notice_intro(council: &str, poll: PollKind) -> String {
    format!(
        "The votes given to each candidate, the ballot papers rejected and the {} elected \
         in each {} of {council}.",
        elected_kind(poll).to_lowercase(),
        area(poll, 1)
    )
}

/// What a poll's areas are called: "division", "constituency", "police area".
pub fn area(poll: PollKind, n: usize) -> String {
    let word = match poll {
        PollKind::Local => "division",
        PollKind::Parliament => "constituenc",
        PollKind::PoliceAndCrime => "police area",
    };
    match (poll, n) {
        (PollKind::Parliament, 1) => format!("{word}y"),
        (PollKind::Parliament, _) => format!("{word}ies"),
        (_, 1) => word.to_string(),
        _ => format!("{word}s"),
    }
}

/// Who a poll elects, as the notice's last part is headed.
pub fn elected_kind(poll: PollKind) -> &'static str {
    match poll {
        PollKind::Local => "Councillors",
        PollKind::Parliament => "Members of Parliament",
        PollKind::PoliceAndCrime => "Commissioners",
    }
}

pub fn notice_progress(declared: usize, total: usize, poll: PollKind) -> String {
    let areas = area(poll, total);
    if declared == total {
        format!("All {total} {areas} declared.")
    } else {
        format!(
            "Incomplete: {declared} of {total} {areas} declared. The {areas} not yet declared \
             are named without figures."
        )
    }
}

pub fn seats_word(seats: u32) -> String {
    if seats == 1 {
        "1 seat".into()
    } else {
        format!("{seats} seats")
    }
}

pub const OPEN_NOT_DECLARED: &str = "Not declared yet.";
pub const OPEN_TIED: &str = "Tied for the last seat: waiting for the drawing of lots.";
pub const OPEN_CANCELLED: &str = "Poll countermanded: no result.";
pub const OPEN_CONFLICT: &str =
    "Two different sets of figures were declared; not printed until one is settled.";

pub fn rejected_line(total: Option<u64>) -> String {
    match total {
        Some(n) => format!("Rejected ballot papers: {}", numbers::count(n)),
        None => "Rejected ballot papers: not entered".into(),
    }
}

// The footer of every page.

pub fn footer(source: &str, fingerprint: Option<&str>, printed: &str) -> String {
    let trace = match fingerprint {
        Some(f) => format!("record fingerprint {f}"),
        None => "no record fingerprint (not an election file whose record holds)".into(),
    };
    format!("Printed by tallyroom from {source} at {printed}; {trace}")
}

pub fn page_of(page: usize, pages: usize) -> String {
    format!("Page {page} of {pages}")
}

// Welsh, for the bilingual papers of councils in Wales: each phrase in Welsh first,
// then English (the council's Welsh language standards usually ask for Welsh first).
// The headings of a local election are those of rule 60(1) of the Local Elections
// (Principal Areas) (Wales) Rules 2021 in their Welsh text (WSI 2021/1459, Schedule 2);
// the headings of other polls and the rest follow the Electoral Commission's Welsh
// guidance for candidates and returning officers (docs/paperwork.md, "Welsh").

/// A phrase in both languages where the paper is bilingual: Welsh above English for a
/// line of its own, "Welsh / English" for a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Languages {
    pub welsh: bool,
}

impl Languages {
    /// Welsh on its own line above the English.
    pub fn lines(self, cy: &str, en: &str) -> String {
        if self.welsh {
            format!("{cy}\n{en}")
        } else {
            en.to_string()
        }
    }

    /// Welsh and English on one line, for labels and column heads.
    pub fn label(self, cy: &str, en: &str) -> String {
        if self.welsh {
            format!("{cy} / {en}")
        } else {
            en.to_string()
        }
    }
}

pub mod cy {
    use crate::model::{Heading, PollKind};

    pub fn declaration_title(provisional: bool) -> &'static str {
        if provisional {
            "Canlyniad dros dro"
        } else {
            "Datganiad o ganlyniad y bleidlais"
        }
    }

    pub fn election_of(poll: PollKind, seats: u32, division: &str) -> String {
        match poll {
            PollKind::Parliament => format!("Ethol Aelod Seneddol ar gyfer etholaeth {division}"),
            PollKind::PoliceAndCrime => {
                format!("Ethol Comisiynydd Heddlu a Throseddu ar gyfer ardal heddlu {division}")
            }
            PollKind::Local if seats == 1 => format!("Ethol cynghorydd ar gyfer {division}"),
            PollKind::Local => format!("Ethol cynghorwyr ar gyfer {division} ({seats} sedd)"),
        }
    }

    pub fn votes_intro(provisional: bool) -> &'static str {
        if provisional {
            "Y pleidleisiau a gyfrifwyd ar gyfer pob ymgeisydd, cyn datganiad y Swyddog \
             Canlyniadau. Gall y ffigurau hyn newid o hyd (gellir gofyn am ailgyfrif): nid oes \
             neb wedi ei ethol gan y daflen hon."
        } else {
            "Rwyf i, sydd wedi llofnodi isod, sef y Swyddog Canlyniadau yn yr etholiad uchod, \
             yn rhoi hysbysiad mai nifer y pleidleisiau a gofnodwyd ar gyfer pob ymgeisydd oedd \
             fel a ganlyn:"
        }
    }

    pub const CANDIDATE: &str = "Ymgeisydd";
    pub const DESCRIPTION: &str = "Disgrifiad";
    pub const VOTES: &str = "Pleidleisiau";
    pub const ELECTED: &str = "Etholwyd";
    pub const REJECTED_INTRO: &str = "Roedd nifer y papurau pleidleisio a wrthodwyd fel a ganlyn:";
    pub const REJECTED_TOTAL: &str = "Cyfanswm";
    pub const REJECTED_IN_PART: &str = "Papurau pleidleisio a wrthodwyd yn rhannol";
    pub const ELECTORATE: &str = "Etholwyr";
    pub const VERIFIED: &str = "Papurau pleidleisio a ddilyswyd";
    pub const COUNTED: &str = "Papurau pleidleisio a gyfrifwyd";
    pub const ISSUED: &str = "Papurau pleidleisio a ddyroddwyd";
    pub const VALID_VOTES: &str = "Cyfanswm y pleidleisiau dilys";
    pub const TURNOUT: &str = "Y nifer a bleidleisiodd";
    pub const RETURNING_OFFICER: &str = "Swyddog Canlyniadau";
    pub const SIGNED: &str = "Llofnod";
    pub const NOTICE_TITLE: &str = "Hysbysiad o'r canlyniad";
    pub fn elected_kind(poll: PollKind) -> &'static str {
        match poll {
            PollKind::Local => "Cynghorwyr a etholwyd",
            PollKind::Parliament => "Aelodau Seneddol a etholwyd",
            PollKind::PoliceAndCrime => "Comisiynwyr a etholwyd",
        }
    }

    /// The heading of rejected papers: rule 60(1) of the Welsh local election rules for
    /// the four of a local election; the Commission's Welsh guidance for the others.
    pub fn heading(heading: Heading) -> &'static str {
        match heading {
            Heading::WantOfOfficialMark => "Papur pleidleisio nad oes arno farc swyddogol",
            Heading::MoreThanEntitled => {
                "Papur pleidleisio y rhoddwyd pleidleisiau arno dros fwy o ymgeiswyr nag y mae \
                 gan y pleidleisiwr hawl i bleidleisio drostynt"
            }
            Heading::IdentifiesVoter => {
                "Papur pleidleisio y mae unrhyw beth wedi ei ysgrifennu neu wedi ei farcio arno \
                 y gellir adnabod y pleidleisiwr drwyddo"
            }
            Heading::UnmarkedOrVoid => {
                "Papur pleidleisio sydd heb ei farcio neu'n ddi-rym oherwydd ansicrwydd"
            }
            Heading::MoreThanOne => "Pleidleisiau ar gyfer mwy nag un ymgeisydd",
            Heading::Unmarked => "Heb ei farcio",
            Heading::VoidForUncertainty => "Di-rym oherwydd ansicrwydd",
        }
    }

    /// Names joined as Welsh joins them: "A, B a C" ("ac" before a vowel).
    pub fn list(names: &[String]) -> String {
        match names {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => {
                let and = if last.starts_with(|c: char| "AEIOUWYaeiouwy".contains(c)) {
                    "ac"
                } else {
                    "a"
                };
                format!("{} {and} {last}", rest.join(", "))
            }
        }
    }

    pub fn duly_elected(names: &str, many: bool) -> String {
        if many {
            format!("Rwyf yn datgan bod {names} wedi eu hethol yn briodol.")
        } else {
            format!("Rwyf yn datgan bod {names} wedi ei ethol yn briodol.")
        }
    }

    pub fn declared_at(time: &str, date: &str) -> String {
        format!("Datganwyd am {time} ar {date}")
    }

    /// A date in Welsh: "3 Rhagfyr 2026".
    pub fn date(day: i8, month: i8, year: i16) -> String {
        const MONTHS: [&str; 12] = [
            "Ionawr",
            "Chwefror",
            "Mawrth",
            "Ebrill",
            "Mai",
            "Mehefin",
            "Gorffennaf",
            "Awst",
            "Medi",
            "Hydref",
            "Tachwedd",
            "Rhagfyr",
        ];
        let month = MONTHS[(month.clamp(1, 12) - 1) as usize];
        format!("{day} {month} {year}")
    }

    pub const NOT_KNOWN: &str = "heb ei nodi";
    pub const NOT_DECLARED_TIME: &str = "Amser y datganiad: heb ei nodi";
    pub const OPEN_NOT_DECLARED: &str = "Heb ei ddatgan eto.";
}
