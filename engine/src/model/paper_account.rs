//! The ballot paper account a declaration reads beyond the votes: the papers verified
//! and counted, and the rejected papers under each heading the law names for the kind
//! of poll (the README's "How the figures are made", "The declaration's figures").
//!
//! The headings are those of the count's rules: rule 47 of the parliamentary election
//! rules (four headings), the local election rules for England and Wales (the second
//! reads "more candidates than the voter was entitled to", and a multi-member paper may
//! be rejected in part), and police and crime commissioner elections since 2023 (five:
//! unmarked and void for uncertainty apart).

use serde::{Deserialize, Serialize};

/// The kind of poll a council's divisions hold: it names the headings rejected ballot
/// papers are counted under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PollKind {
    /// A local election in England or Wales (a council's wards and divisions).
    #[default]
    Local,
    /// A UK Parliament election (constituencies).
    Parliament,
    /// A police and crime commissioner election (since 2023, first past the post).
    PoliceAndCrime,
}

/// One heading rejected ballot papers are counted under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Heading {
    WantOfOfficialMark,
    /// Voting for more than one candidate (one vote to give).
    MoreThanOne,
    /// Voting for more candidates than the voter was entitled to (local elections).
    MoreThanEntitled,
    IdentifiesVoter,
    UnmarkedOrVoid,
    Unmarked,
    VoidForUncertainty,
}

impl PollKind {
    pub const ALL: [PollKind; 3] = [
        PollKind::Local,
        PollKind::Parliament,
        PollKind::PoliceAndCrime,
    ];

    /// The headings, in the order the rules give them and the returning officer reads
    /// them.
    pub fn headings(self) -> &'static [Heading] {
        use Heading::*;
        match self {
            PollKind::Local => &[
                WantOfOfficialMark,
                MoreThanEntitled,
                IdentifiesVoter,
                UnmarkedOrVoid,
            ],
            PollKind::Parliament => &[
                WantOfOfficialMark,
                MoreThanOne,
                IdentifiesVoter,
                UnmarkedOrVoid,
            ],
            PollKind::PoliceAndCrime => &[
                WantOfOfficialMark,
                MoreThanOne,
                IdentifiesVoter,
                Unmarked,
                VoidForUncertainty,
            ],
        }
    }

    /// Whether a paper may be rejected in part (its valid votes counted): only where a
    /// voter has more than one vote, which only local elections have.
    pub fn rejects_in_part(self) -> bool {
        self == PollKind::Local
    }

    /// The name used in files and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            PollKind::Local => "local",
            PollKind::Parliament => "parliament",
            PollKind::PoliceAndCrime => "police_and_crime",
        }
    }

    pub fn from_key(key: &str) -> Option<PollKind> {
        let key = key.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        PollKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn words(self) -> &'static str {
        match self {
            PollKind::Local => "local election",
            PollKind::Parliament => "UK Parliament election",
            PollKind::PoliceAndCrime => "police and crime commissioner election",
        }
    }
}

impl Heading {
    /// The heading as the declaration reads it.
    pub fn words(self) -> &'static str {
        match self {
            Heading::WantOfOfficialMark => "want of an official mark",
            Heading::MoreThanOne => "voting for more than one candidate",
            Heading::MoreThanEntitled => {
                "voting for more candidates than the voter was entitled to"
            }
            Heading::IdentifiesVoter => "writing or mark by which the voter could be identified",
            Heading::UnmarkedOrVoid => "being unmarked or wholly void for uncertainty",
            Heading::Unmarked => "being unmarked",
            Heading::VoidForUncertainty => "being void for uncertainty",
        }
    }

    /// The column name in a results file (`rejected_want_of_official_mark`, ...).
    pub fn column(self) -> &'static str {
        match self {
            Heading::WantOfOfficialMark => "rejected_want_of_official_mark",
            Heading::MoreThanOne => "rejected_more_than_one",
            Heading::MoreThanEntitled => "rejected_more_than_entitled",
            Heading::IdentifiesVoter => "rejected_identifies_voter",
            Heading::UnmarkedOrVoid => "rejected_unmarked_or_void",
            Heading::Unmarked => "rejected_unmarked",
            Heading::VoidForUncertainty => "rejected_void_for_uncertainty",
        }
    }
}

/// The figures of the ballot paper account, each where it was given: a source that has
/// only the rejected total leaves all of them out. (Every field is always serialised:
/// the quick-open copies are written in a format that cannot skip one; the election
/// file's events write only those given, `store::events::Figures`.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperAccount {
    /// Ballot papers verified: the verification statement's total.
    pub verified: Option<u64>,
    /// Ballot papers counted.
    pub counted: Option<u64>,
    /// Rejected papers under each heading of the poll's kind, in its order.
    pub rejected_by_heading: Option<Vec<u64>>,
    /// Papers rejected in part (their valid votes counted), in a multi-member local
    /// division.
    pub rejected_in_part: Option<u64>,
    /// Why the papers counted differ from those verified, as the returning officer
    /// explained it.
    pub discrepancy: Option<String>,
}

/// A declaration's paper account, kept only where one is given: most declarations
/// have none, and a national night's 200,000 each held an empty one of 96 bytes (18 MB
/// of a big summary's peak). Read as a [`PaperAccount`] (an empty one where none is
/// kept); written to as one, kept from the first write. Serialised as the account
/// itself, so files and messages are as they were.
#[derive(Clone, Default)]
pub struct KeptAccount(Option<Box<PaperAccount>>);

static NO_ACCOUNT: PaperAccount = PaperAccount {
    verified: None,
    counted: None,
    rejected_by_heading: None,
    rejected_in_part: None,
    discrepancy: None,
};

impl KeptAccount {
    /// The account, taken out (an empty one where none was kept).
    pub fn into_inner(self) -> PaperAccount {
        self.0.map(|account| *account).unwrap_or_default()
    }
}

impl std::ops::Deref for KeptAccount {
    type Target = PaperAccount;
    fn deref(&self) -> &PaperAccount {
        self.0.as_deref().unwrap_or(&NO_ACCOUNT)
    }
}

impl std::ops::DerefMut for KeptAccount {
    fn deref_mut(&mut self) -> &mut PaperAccount {
        self.0.get_or_insert_with(Box::default)
    }
}

impl From<PaperAccount> for KeptAccount {
    fn from(account: PaperAccount) -> Self {
        KeptAccount((!account.is_empty()).then(|| Box::new(account)))
    }
}

impl PartialEq for KeptAccount {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for KeptAccount {}

impl std::fmt::Debug for KeptAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl Serialize for KeptAccount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for KeptAccount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        PaperAccount::deserialize(deserializer).map(KeptAccount::from)
    }
}

impl PaperAccount {
    pub fn is_empty(&self) -> bool {
        *self == PaperAccount::default()
    }

    /// The rejected total the headings give, where they are given.
    pub fn headings_total(&self) -> Option<u64> {
        self.rejected_by_heading
            .as_ref()
            .map(|h| h.iter().fold(0u64, |a, &n| a.saturating_add(n)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_poll_has_the_headings_its_rules_name() {
        let words = |k: PollKind| k.headings().iter().map(|h| h.words()).collect::<Vec<_>>();
        assert_eq!(words(PollKind::Parliament).len(), 4);
        assert_eq!(
            words(PollKind::Parliament)[1],
            "voting for more than one candidate"
        );
        assert_eq!(
            words(PollKind::Local)[1],
            "voting for more candidates than the voter was entitled to"
        );
        assert_eq!(words(PollKind::PoliceAndCrime).len(), 5);
        assert!(words(PollKind::PoliceAndCrime).contains(&"being unmarked"));
        assert!(PollKind::Local.rejects_in_part());
        assert!(!PollKind::Parliament.rejects_in_part());
        for k in PollKind::ALL {
            assert_eq!(PollKind::from_key(k.key()), Some(k));
        }
        assert_eq!(
            PollKind::from_key("Police and crime"),
            Some(PollKind::PoliceAndCrime)
        );
    }
}
