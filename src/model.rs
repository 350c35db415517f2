//! The election as it is set up before the night: divisions, seats, candidates in
//! ballot order and parties, plus what a returning officer declares for a division.
//!
//! Everything here is plain data. The tally engine (`crate::tally`) turns it into figures.

use std::collections::HashMap;
use std::ops::Range;

use jiff::Timestamp;

use crate::tally::baseline::Baseline;

/// Index of a division in [`Election::divisions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DivisionIx(pub u32);

/// Index of a candidate in [`Election::candidates`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CandidateIx(pub u32);

/// Index of a party in [`Parties`]. Party names are interned once per election.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartyIx(pub u32);

impl DivisionIx {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl CandidateIx {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl PartyIx {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The name every candidate without a party stands under. All of them are grouped
/// under it on party tables, as results services do.
pub const INDEPENDENT: &str = "Independent";

/// Interned party names.
#[derive(Debug, Clone, Default)]
pub struct Parties {
    names: Vec<String>,
    by_key: HashMap<String, PartyIx>,
}

impl Parties {
    /// The index for `name`, adding it if it is new. Names differing only in case or
    /// surrounding spaces are one party; a blank name is [`INDEPENDENT`].
    pub fn intern(&mut self, name: &str) -> PartyIx {
        let trimmed = name.trim();
        let display = if trimmed.is_empty() {
            INDEPENDENT
        } else {
            trimmed
        };
        let key = display.to_lowercase();
        if let Some(&ix) = self.by_key.get(&key) {
            return ix;
        }
        let ix = PartyIx(u32::try_from(self.names.len()).unwrap_or(u32::MAX));
        self.names.push(display.to_string());
        self.by_key.insert(key, ix);
        ix
    }

    pub fn find(&self, name: &str) -> Option<PartyIx> {
        let trimmed = name.trim();
        let display = if trimmed.is_empty() {
            INDEPENDENT
        } else {
            trimmed
        };
        self.by_key.get(&display.to_lowercase()).copied()
    }

    pub fn name(&self, ix: PartyIx) -> &str {
        &self.names[ix.index()]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (PartyIx, &str)> {
        self.names
            .iter()
            .enumerate()
            .map(|(i, n)| (PartyIx(i as u32), n.as_str()))
    }

    /// Independents are not a party: they are grouped for tables but cannot hold control.
    pub fn is_independent(&self, ix: PartyIx) -> bool {
        self.names[ix.index()].eq_ignore_ascii_case(INDEPENDENT)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Division {
    pub name: String,
    /// Stable code such as a GSS code or a Democracy Club ballot paper id.
    pub code: Option<String>,
    /// District, count centre or region.
    pub area: Option<String>,
    pub seats: u32,
    pub electorate: Option<u64>,
    /// The division's candidates, contiguous in [`Election::candidates`], in ballot order.
    pub candidates: Range<u32>,
    /// The poll was cancelled (countermanded): no result tonight, and none is taken.
    pub cancelled: bool,
}

impl Division {
    pub fn candidate_ixs(&self) -> impl Iterator<Item = CandidateIx> + use<> {
        self.candidates.clone().map(CandidateIx)
    }

    pub fn candidate_count(&self) -> usize {
        self.candidates.len()
    }

    /// A division with no more candidates than seats is returned unopposed: no poll.
    pub fn is_uncontested(&self) -> bool {
        self.candidate_count() <= self.seats as usize
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub name: String,
    pub party: PartyIx,
    pub division: DivisionIx,
}

/// An election's set-up. Immutable once built; the night's declarations live in the tally.
#[derive(Debug, Clone, Default)]
pub struct Election {
    pub name: String,
    pub parties: Parties,
    pub divisions: Vec<Division>,
    pub candidates: Vec<Candidate>,
    /// The previous election on the same boundaries, for change and gain/hold figures.
    pub baseline: Option<Baseline>,
    division_by_key: HashMap<String, DivisionIx>,
    /// Kept as divisions are added: control is asked for on every declaration.
    seats: u64,
}

impl Election {
    pub fn division(&self, ix: DivisionIx) -> &Division {
        &self.divisions[ix.index()]
    }

    pub fn candidate(&self, ix: CandidateIx) -> &Candidate {
        &self.candidates[ix.index()]
    }

    pub fn party_name(&self, ix: PartyIx) -> &str {
        self.parties.name(ix)
    }

    pub fn total_seats(&self) -> u64 {
        self.seats
    }

    /// Seats needed for control: more than half of all seats.
    pub fn majority_needed(&self) -> u64 {
        self.total_seats() / 2 + 1
    }

    /// Finds a division by name, ignoring case, punctuation and "&" versus "and".
    pub fn find_division(&self, name: &str) -> Option<DivisionIx> {
        self.division_by_key.get(&division_key(name)).copied()
    }

    /// Finds a candidate of a division by name, ignoring case and spacing.
    pub fn find_candidate(&self, division: DivisionIx, name: &str) -> Option<CandidateIx> {
        let wanted = name_key(name);
        self.division(division)
            .candidate_ixs()
            .find(|&c| name_key(&self.candidate(c).name) == wanted)
    }

    pub fn division_ixs(&self) -> impl Iterator<Item = DivisionIx> + use<> {
        (0..self.divisions.len() as u32).map(DivisionIx)
    }
}

/// Key used to match division names typed by people or written by other sources.
pub fn division_key(name: &str) -> String {
    let lower = name.to_lowercase().replace('&', " and ");
    let cleaned: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Why an election could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupError {
    DuplicateDivision { name: String },
    DuplicateCandidate { division: String, name: String },
    NoSeats { division: String },
    EmptyName,
    TooLarge,
}

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetupError::DuplicateDivision { name } => {
                write!(
                    f,
                    "division \"{name}\" appears twice; division names must be unique"
                )
            }
            SetupError::DuplicateCandidate { division, name } => write!(
                f,
                "candidate \"{name}\" appears twice in \"{division}\"; each candidate needs a distinct name"
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

/// Builds an [`Election`] division by division, keeping candidates contiguous.
#[derive(Debug, Default)]
pub struct ElectionBuilder {
    election: Election,
}

/// What a division is made of, before it is added.
#[derive(Debug, Clone, Default)]
pub struct DivisionSetup {
    pub name: String,
    pub code: Option<String>,
    pub area: Option<String>,
    pub seats: u32,
    pub electorate: Option<u64>,
    /// (candidate name, party name) in ballot order.
    pub candidates: Vec<(String, String)>,
    /// The poll was cancelled; see [`Division::cancelled`].
    pub cancelled: bool,
}

impl ElectionBuilder {
    pub fn new(name: impl Into<String>) -> Self {
        ElectionBuilder {
            election: Election {
                name: name.into(),
                ..Election::default()
            },
        }
    }

    pub fn add_division(&mut self, setup: DivisionSetup) -> Result<DivisionIx, SetupError> {
        let name = setup.name.trim().to_string();
        if name.is_empty() {
            return Err(SetupError::EmptyName);
        }
        if setup.seats == 0 {
            return Err(SetupError::NoSeats { division: name });
        }
        let key = division_key(&name);
        if self.election.division_by_key.contains_key(&key) {
            return Err(SetupError::DuplicateDivision { name });
        }
        let ix = DivisionIx(
            u32::try_from(self.election.divisions.len()).map_err(|_| SetupError::TooLarge)?,
        );
        let first =
            u32::try_from(self.election.candidates.len()).map_err(|_| SetupError::TooLarge)?;
        let mut seen = std::collections::HashSet::new();
        let mut candidates = Vec::with_capacity(setup.candidates.len());
        for (cand_name, party) in &setup.candidates {
            let cand_name = cand_name.trim().to_string();
            if cand_name.is_empty() {
                return Err(SetupError::EmptyName);
            }
            if !seen.insert(name_key(&cand_name)) {
                return Err(SetupError::DuplicateCandidate {
                    division: name,
                    name: cand_name,
                });
            }
            candidates.push(Candidate {
                name: cand_name,
                party: self.election.parties.intern(party),
                division: ix,
            });
        }
        let last = first
            .checked_add(u32::try_from(candidates.len()).map_err(|_| SetupError::TooLarge)?)
            .ok_or(SetupError::TooLarge)?;
        self.election.candidates.extend(candidates);
        self.election.division_by_key.insert(key, ix);
        self.election.seats += u64::from(setup.seats);
        self.election.divisions.push(Division {
            name,
            code: setup.code.filter(|c| !c.trim().is_empty()),
            area: setup.area.filter(|a| !a.trim().is_empty()),
            seats: setup.seats,
            electorate: setup.electorate,
            candidates: first..last,
            // A poll "cancelled" because nobody opposed is an unopposed return, not a gap.
            cancelled: setup.cancelled && setup.candidates.len() > setup.seats as usize,
        });
        Ok(ix)
    }

    /// Interns a party that has no candidate yet (e.g. one only in the baseline).
    pub fn intern_party(&mut self, name: &str) -> PartyIx {
        self.election.parties.intern(name)
    }

    pub fn build(self) -> Election {
        self.election
    }
}

impl Election {
    /// Interns a party name; used when attaching a baseline with parties not standing now.
    pub(crate) fn intern_party(&mut self, name: &str) -> PartyIx {
        self.parties.intern(name)
    }
}

/// What the returning officer reads out for one division.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Declaration {
    /// Votes per candidate, in ballot order (same order as the division's candidates).
    pub votes: Vec<u64>,
    pub ballots_issued: Option<u64>,
    pub rejected: Option<u64>,
    /// Candidates (by position in ballot order) who won a seat by a drawing of lots.
    pub won_by_lot: Vec<u32>,
    pub declared_at: Option<Timestamp>,
}

impl Declaration {
    pub fn total_votes(&self) -> u64 {
        self.votes.iter().sum()
    }
}
