//! Building an election from what a file or a user gives: divisions and candidates
//! set up one by one, every refusal a [`SetupError`] saying which and why.

use std::sync::Arc;

use super::*;

mod at_once;
mod names;

use names::{Identity, Names};

/// Why an election could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupError {
    /// Two divisions of one name with nothing (code, area) to tell them apart.
    DuplicateDivision {
        name: String,
    },
    /// Two divisions with the same code.
    DuplicateCode {
        code: String,
        first: String,
        second: String,
    },
    NoSeats {
        division: String,
    },
    EmptyName,
    TooLarge,
}

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetupError::DuplicateDivision { name } => write!(
                f,
                "two divisions are called \"{name}\" and nothing tells them apart; give each its own division_id (a GSS code or ballot paper id), or a different area"
            ),
            SetupError::DuplicateCode {
                code,
                first,
                second,
            } => write!(
                f,
                "\"{first}\" and \"{second}\" have the same division_id \"{code}\"; each division needs its own"
            ),
            SetupError::NoSeats { division } => {
                write!(f, "division \"{division}\" must elect at least one seat")
            }
            SetupError::EmptyName => write!(f, "a name is blank"),
            SetupError::TooLarge => write!(f, "the election has more than 4 billion entries"),
        }
    }
}

impl std::error::Error for SetupError {}

/// The text without surrounding spaces, reusing it where it has none (as nearly all
/// do: a big file has a million names).
fn trimmed(text: String) -> String {
    let trim = super::trim_space(&text);
    if trim.len() == text.len() {
        text
    } else {
        trim.to_string()
    }
}

/// Builds an [`Election`] division by division, keeping candidates contiguous.
#[derive(Debug, Default)]
pub struct ElectionBuilder {
    election: Election,
    groups: PartyGroups,
    /// The divisions' codes and names, so that none is given twice.
    names: Names,
    /// Councils by lower-cased name ("" for none).
    councils: HashMap<String, CouncilIx>,
    /// The council of the division added last.
    last_council: Option<CouncilIx>,
    /// What each (party counted, description) pair of a source became, so that the
    /// names are matched and grouped once, not once per candidate: (party counted, ""
    /// where the source does not say; description; party; kept description). A night
    /// has a few dozen such pairs: a scan beats hashing the strings.
    resolved: Vec<(String, String, PartyIx, Option<Box<str>>)>,
    /// The same by (party counted, description), once there are too many to scan
    /// (a day of local elections has hundreds of local parties).
    resolved_index: HashMap<(String, String), usize>,
    /// Shared descriptions (a reader's one text for every candidate of a description)
    /// already resolved with no party said, by which of `resolved` they became: told
    /// apart by where they are, not by their letters (a big night's million
    /// candidates each compared their description with several).
    resolved_shared: Vec<(Arc<str>, usize)>,
    /// The kind of poll every council added holds.
    poll: PollKind,
}

/// A candidate as a source gives it, before it is added.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CandidateSetup {
    pub name: String,
    /// The description on the ballot paper; blank for an independent with none.
    /// Shared: a big night's million candidates have a few dozen descriptions.
    pub party: Arc<str>,
    /// The party the candidate counts for, where the source says so; otherwise the
    /// builder's party groups decide, and else the description is the party.
    pub counts_for: Option<String>,
    /// The source's ids ([`CandidateIds::boxed`]); none for most files.
    pub ids: Option<Box<CandidateIds>>,
    /// A sitting member standing again, where the source says so.
    pub incumbent: bool,
}

impl CandidateSetup {
    pub fn new(name: impl Into<String>, party: impl Into<Arc<str>>) -> Self {
        CandidateSetup {
            name: name.into(),
            party: party.into(),
            ..CandidateSetup::default()
        }
    }
}

/// What a division is made of, before it is added.
#[derive(Debug, Clone, Default)]
pub struct DivisionSetup {
    pub name: String,
    /// The council it elects to; none for a file of one council.
    pub council: Option<String>,
    pub code: Option<String>,
    pub area: Option<String>,
    pub seats: u32,
    pub electorate: Option<u64>,
    /// The candidates in ballot order.
    pub candidates: Vec<CandidateSetup>,
    /// The poll was cancelled; see [`Division::cancelled`].
    pub cancelled: bool,
}

/// A list of set-ups is a list of things that hold one (a reader's divisions, each
/// with its own notes beside it).
impl AsRef<DivisionSetup> for DivisionSetup {
    fn as_ref(&self) -> &DivisionSetup {
        self
    }
}

impl AsMut<DivisionSetup> for DivisionSetup {
    fn as_mut(&mut self) -> &mut DivisionSetup {
        self
    }
}

impl ElectionBuilder {
    /// A builder that counts every description as a party of its own unless a
    /// candidate says what it counts for.
    pub fn new(name: impl Into<String>) -> Self {
        ElectionBuilder {
            election: Election {
                name: name.into(),
                ..Election::default()
            },
            ..ElectionBuilder::default()
        }
    }

    /// Room for this many divisions and candidates: growing the lists one division at
    /// a time copied a big election's million candidates over and over.
    pub fn reserve(&mut self, divisions: usize, candidates: usize) {
        self.election.divisions.reserve(divisions);
        self.election.candidates.reserve(candidates);
        self.names.reserve(divisions);
    }

    /// Groups descriptions by `groups` (for candidates whose source says nothing).
    /// The kind of poll the councils added hold (local unless said).
    pub fn with_poll(mut self, poll: PollKind) -> Self {
        self.poll = poll;
        self
    }

    pub fn with_groups(mut self, groups: PartyGroups) -> Self {
        self.groups = groups;
        self
    }

    /// Adds a division with its candidates, or says why it cannot be: a blank name,
    /// no seats, a code or a name (with nothing to tell the two apart) given before,
    /// a blank candidate, in that order.
    pub fn add_division(&mut self, setup: DivisionSetup) -> Result<DivisionIx, SetupError> {
        let DivisionSetup {
            name,
            council,
            code,
            area,
            seats,
            electorate,
            candidates,
            cancelled,
        } = setup;
        let name = named(trimmed(name), seats)?;
        let code = code.map(trimmed).filter(|c| !c.is_empty());
        let area = area.map(trimmed).filter(|a| !a.is_empty());
        let council = council.map(trimmed).filter(|c| !c.is_empty());
        let ix = self.next_division()?;
        let key = division_key(&name);
        let identity = Identity {
            name: &name,
            code: code.as_deref(),
            area: area.as_deref(),
            council: council.as_deref(),
        };
        self.names
            .clash(&key, &identity, |other| self.identity_of(other))
            .map_or(Ok(()), Err)?;
        let kept_code = code.clone();
        self.push_division(
            ix,
            Kept {
                name,
                council: council.as_deref(),
                code,
                area,
                seats,
                electorate,
                cancelled,
            },
            candidates,
        )?;
        self.names.record(key, ix, kept_code);
        Ok(ix)
    }

    /// The index the next division added takes.
    fn next_division(&self) -> Result<DivisionIx, SetupError> {
        u32::try_from(self.election.divisions.len())
            .map(DivisionIx)
            .map_err(|_| SetupError::TooLarge)
    }

    /// What tells a division added before from another of its name.
    fn identity_of(&self, ix: DivisionIx) -> Identity<'_> {
        let d = self.election.division(ix);
        Identity {
            name: &d.name,
            code: d.code.as_deref(),
            area: d.area.as_deref(),
            council: self.election.council(d.council).name.as_deref(),
        }
    }

    // Long: The candidates, then the division and its council's figures; each a few
    // lines.
    /// Adds the division at `ix` with its candidates, once its name and code are
    /// known to be its own.
    fn push_division(
        &mut self,
        ix: DivisionIx,
        division: Kept<'_>,
        candidates: Vec<CandidateSetup>,
    ) -> Result<(), SetupError> {
        let first =
            u32::try_from(self.election.candidates.len()).map_err(|_| SetupError::TooLarge)?;
        // Straight onto the election's list (a list per division first was a copy of
        // every candidate of a big night), taken off again if one is refused.
        let candidate_count = candidates.len();
        let mut any_incumbent = false;
        for candidate in candidates {
            let cand_name = trimmed(candidate.name);
            if cand_name.is_empty() {
                self.election.candidates.truncate(first as usize);
                return Err(SetupError::EmptyName);
            }
            let (party, kept) =
                self.resolve_shared(&candidate.party, candidate.counts_for.as_deref());
            let ids = candidate.ids.and_then(|ids| ids.boxed());
            self.election.candidates.push(Candidate {
                name: cand_name,
                party,
                description: kept,
                ids,
                division: ix,
                incumbent: candidate.incumbent,
            });
            any_incumbent |= candidate.incumbent;
        }
        let Some(last) = u32::try_from(candidate_count)
            .ok()
            .and_then(|n| first.checked_add(n))
        else {
            self.election.candidates.truncate(first as usize);
            return Err(SetupError::TooLarge);
        };
        self.election.any_incumbent |= any_incumbent;
        self.election.seats += u64::from(division.seats);
        let council = self.council(division.council);
        self.election.councils[council.index()].seats += u64::from(division.seats);
        self.election.councils[council.index()].divisions += 1;
        self.election.divisions.push(Division {
            name: division.name,
            council,
            code: division.code,
            area: division.area,
            seats: division.seats,
            electorate: division.electorate,
            candidates: first..last,
            // A poll "cancelled" because nobody opposed is an unopposed return, not a gap.
            cancelled: division.cancelled && candidate_count > division.seats as usize,
        });
        Ok(())
    }

    /// The council of this name (ignoring case), added if new.
    fn council(&mut self, name: Option<&str>) -> CouncilIx {
        // Divisions of a council come together: the one of the division before, by
        // its very name, needs no key made (a big night has 200,000 divisions).
        if let Some(last) = self.last_council
            && self.election.councils[last.index()].name.as_deref() == name
        {
            return last;
        }
        let ix = self.council_by_key(name);
        self.last_council = Some(ix);
        ix
    }

    fn council_by_key(&mut self, name: Option<&str>) -> CouncilIx {
        let key = name.map(str::to_lowercase).unwrap_or_default();
        if let Some(&ix) = self.councils.get(&key) {
            return ix;
        }
        let ix = CouncilIx(self.election.councils.len() as u32);
        self.election.councils.push(Council {
            name: name.map(str::to_string),
            poll: self.poll,
            ..Council::default()
        });
        self.councils.insert(key, ix);
        ix
    }

    /// The party a candidate of this description (and party said) counts for, and the
    /// description kept where it is not the party's own name. A shared description
    /// seen before (the same text in the same place) with no party said is what it
    /// became then.
    fn resolve_shared(
        &mut self,
        description: &Arc<str>,
        counts_for: Option<&str>,
    ) -> (PartyIx, Option<Box<str>>) {
        /// Descriptions known by place, at most; past it, by letters.
        const SHARED_KEPT: usize = 128;
        let said_nothing = counts_for.is_none_or(|said| said.trim().is_empty());
        if said_nothing
            && let Some(&(_, i)) = self
                .resolved_shared
                .iter()
                .find(|(seen, _)| Arc::ptr_eq(seen, description))
            && let Some((.., party, kept)) = self.resolved.get(i)
        {
            return (*party, kept.clone());
        }
        let i = self.resolved_at(description, counts_for);
        // One place kept for each description, the last seen: a reader that shares
        // its texts (one per half of a big file) finds each there; one that makes a
        // text for each candidate replaces it each time, and never looks through
        // more places than there are descriptions.
        if said_nothing {
            let places = self.resolved_shared.len();
            match self.resolved_shared.iter_mut().find(|(_, at)| *at == i) {
                Some((seen, _)) => *seen = Arc::clone(description),
                None if places < SHARED_KEPT => {
                    self.resolved_shared.push((Arc::clone(description), i));
                }
                None => {}
            }
        }
        let (.., party, kept) = &self.resolved[i];
        (*party, kept.clone())
    }

    /// Which of `resolved` this description (and party said) became, resolved now
    /// if it is new.
    fn resolved_at(&mut self, description: &str, counts_for: Option<&str>) -> usize {
        let said = counts_for.map(str::trim).unwrap_or_default();
        const SCANNED: usize = 32;
        let found = if self.resolved.len() <= SCANNED {
            // The description first: its length alone tells most parties apart, and
            // a comparison of two empty "counts for" is not worth a call (a million
            // candidates come this way).
            self.resolved.iter().position(|(s, d, ..)| {
                d == description && (s.is_empty() && said.is_empty() || s == said)
            })
        } else {
            self.resolved_index
                .get(&(said.to_string(), description.to_string()))
                .copied()
        };
        if let Some(i) = found.filter(|&i| i < self.resolved.len()) {
            return i;
        }
        let shown = display_name(description);
        let counted = Some(said)
            .filter(|p| !p.is_empty())
            .or_else(|| self.groups.counts_for(shown))
            .unwrap_or(shown);
        let party = self.election.parties.intern(counted);
        let kept: Option<Box<str>> =
            (shown != self.election.parties.name(party)).then(|| shown.into());
        self.resolved_index.insert(
            (said.to_string(), description.to_string()),
            self.resolved.len(),
        );
        self.resolved
            .push((said.to_string(), description.to_string(), party, kept));
        self.resolved.len() - 1
    }

    /// Interns a party that has no candidate yet (e.g. one only in the baseline).
    pub fn intern_party(&mut self, name: &str) -> PartyIx {
        self.election.parties.intern(name)
    }

    pub fn build(self) -> Election {
        let mut election = self.election;
        (election.division_by_key, election.shared_names) = self.names.into_keys();
        election
    }
}

/// The division's name, trimmed, where it has one and elects a seat.
fn named<N: AsRef<str> + Into<String>>(name: N, seats: u32) -> Result<N, SetupError> {
    if name.as_ref().is_empty() {
        return Err(SetupError::EmptyName);
    }
    if seats == 0 {
        return Err(SetupError::NoSeats {
            division: name.into(),
        });
    }
    Ok(name)
}

/// A division's own fields as the election keeps them, trimmed.
struct Kept<'a> {
    name: String,
    council: Option<&'a str>,
    code: Option<String>,
    area: Option<String>,
    seats: u32,
    electorate: Option<u64>,
    cancelled: bool,
}
