//! The election as it is set up before the night: divisions, seats, candidates in
//! ballot order and parties, plus what a returning officer declares for a division.
//!
//! Everything here is plain data. The tally engine (`crate::tally`) turns it into figures.

use std::collections::HashMap;
use std::ops::Range;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::model::baseline::Baseline;

/// Index of a division in [`Election::divisions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DivisionIx(pub u32);

/// Index of a candidate in [`Election::candidates`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CandidateIx(pub u32);

/// Index of a council in [`Election::councils`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct CouncilIx(pub u32);

impl CouncilIx {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of a party in [`Parties`]. Party names are interned once per election.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

pub mod baseline;
mod builder;
mod compositions;
mod lookup;
mod paper_account;
mod parties;
pub mod search;
mod subset;

pub use builder::{CandidateSetup, DivisionSetup, ElectionBuilder, SetupError};
pub use compositions::{
    Composition, CompositionKind, CompositionMatch, CouncilSeats, apply_composition,
};
pub use paper_account::{Heading, KeptAccount, PaperAccount, PollKind};

pub use lookup::{
    CandidateLookupError, CandidateRef, DivisionLookupError, candidate_name_key,
    same_candidate_name,
};
pub use parties::{
    INDEPENDENT, OTHERS, Parties, PartyGroups, display_name, groups_by_mark, party_key,
};

/// A body elected on the night, whose control is decided on its own seats: one
/// council, or Parliament. A file with no `council` column is one council.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Council {
    /// None for the one council of a file that names none (shown as the election's
    /// name).
    pub name: Option<String>,
    /// Seats up for election tonight, over its divisions, and how many divisions.
    pub seats: u64,
    pub divisions: u64,
    /// Tonight elects only part of the council (by thirds or halves): control cannot
    /// be told from tonight's seats alone.
    pub elects_part: bool,
    /// The councillors not up for election tonight, by party, where known.
    pub continuing: Option<Vec<(PartyIx, u64)>>,
    /// The council as it stood before the poll, by party, and where that comes from.
    pub before: Option<Vec<(PartyIx, u64)>>,
    pub before_source: Option<String>,
    /// The kind of poll its divisions hold, which names the headings rejected ballot
    /// papers are counted under.
    #[serde(default)]
    pub poll: PollKind,
}

impl Council {
    /// Continuing seats of a party (none known: 0).
    pub fn continuing_seats(&self, party: PartyIx) -> u64 {
        self.continuing
            .as_ref()
            .and_then(|c| c.iter().find(|(p, _)| *p == party))
            .map_or(0, |(_, n)| *n)
    }

    /// Whether tonight elects only part of the council: said by the source, or seen
    /// from the council before the poll having more seats than are up tonight (the
    /// Commons Library marks some councils electing by thirds as "All").
    pub fn is_partial(&self) -> bool {
        self.elects_part
            || (self.continuing.is_none()
                && self
                    .before
                    .as_ref()
                    .is_some_and(|b| b.iter().map(|(_, n)| n).sum::<u64>() > self.seats))
    }

    /// All continuing seats.
    pub fn continuing_total(&self) -> u64 {
        self.continuing
            .as_ref()
            .map_or(0, |c| c.iter().map(|(_, n)| n).sum())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Division {
    pub name: String,
    /// The council the division elects to.
    pub council: CouncilIx,
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

/// A source's own ids for a candidate: what tells two people of one name apart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateIds {
    /// Democracy Club's person id (the Commons Library's "DC Person ID").
    pub person_id: Option<String>,
    /// The Commons Library's "Member MNIS ID" (sitting and former MPs).
    pub member_id: Option<String>,
    /// Democracy Club's party_id or the Electoral Commission's party id ("PP53",
    /// "joint-party:53-119").
    pub party_id: Option<String>,
    /// For a sitting member: the party they were elected for last time, where the
    /// source says (`party_elected_as`); a defection shows against the party now.
    pub elected_as: Option<String>,
}

impl CandidateIds {
    pub fn is_empty(&self) -> bool {
        self.person_id.is_none()
            && self.member_id.is_none()
            && self.party_id.is_none()
            && self.elected_as.is_none()
    }

    /// Whether both name one person by an id they share: the same Democracy Club
    /// person, or the same Member of Parliament.
    pub fn same_person(&self, other: &CandidateIds) -> Option<bool> {
        let same = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (Some(a), Some(b)) => Some(a == b),
            _ => None,
        };
        same(&self.person_id, &other.person_id).or_else(|| same(&self.member_id, &other.member_id))
    }

    /// Trimmed, blanks dropped, and none at all when no id is left: most files have
    /// none, and a big file has a million candidates.
    pub fn boxed(mut self) -> Option<Box<Self>> {
        for id in [
            &mut self.person_id,
            &mut self.member_id,
            &mut self.party_id,
            &mut self.elected_as,
        ] {
            *id = id
                .take()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty());
        }
        (!self.is_empty()).then(|| Box::new(self))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The name on the ballot paper. Names need not differ within a division: a
    /// candidate is its division and its place on the ballot.
    pub name: String,
    /// The party the candidate counts for in every figure (seats, votes, control,
    /// change): a joint description counts for its main party.
    pub party: PartyIx,
    /// The description on the ballot paper, where it is not the party's own name
    /// ("Labour and Co-operative Party" for a Labour candidate).
    pub description: Option<Box<str>>,
    /// The source's ids; none for most hand-made files.
    pub ids: Option<Box<CandidateIds>>,
    pub division: DivisionIx,
    /// A sitting member standing again (a councillor for the division, or the MP),
    /// where the source says so.
    pub incumbent: bool,
}

impl Candidate {
    pub fn ids(&self) -> CandidateIds {
        self.ids.as_deref().cloned().unwrap_or_default()
    }
}

/// An election's set-up. Immutable once built; the night's declarations live in the tally.
// Serialised only as the election file's snapshot of its set-up (`store::snapshot`),
// without the baseline, which is read again from the file's own copy of it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Election {
    pub name: String,
    pub parties: Parties,
    #[serde(deserialize_with = "crate::whole::vec")]
    pub divisions: Vec<Division>,
    #[serde(deserialize_with = "crate::whole::vec")]
    pub candidates: Vec<Candidate>,
    /// The councils elected tonight, each with its divisions' seats; at least one
    /// once a division is added.
    pub councils: Vec<Council>,
    /// The previous election on the same boundaries, for change and gain/hold figures.
    #[serde(skip)]
    pub baseline: Option<Baseline>,
    /// Division name key -> the division of that name; names several divisions share
    /// are in `shared_names` instead.
    #[serde(deserialize_with = "crate::whole::map")]
    division_by_key: HashMap<String, DivisionIx>,
    shared_names: HashMap<String, Vec<DivisionIx>>,
    /// Kept as divisions are added: control is asked for on every declaration.
    seats: u64,
    /// Whether any candidate is marked a sitting member.
    any_incumbent: bool,
}

impl Election {
    pub fn division(&self, ix: DivisionIx) -> &Division {
        &self.divisions[ix.index()]
    }

    pub fn candidate(&self, ix: CandidateIx) -> &Candidate {
        &self.candidates[ix.index()]
    }

    /// The kind of poll a division holds (its council's).
    pub fn poll_of(&self, ix: DivisionIx) -> PollKind {
        self.councils
            .get(self.division(ix).council.index())
            .map_or_else(PollKind::default, |c| c.poll)
    }

    pub fn party_name(&self, ix: PartyIx) -> &str {
        self.parties.name(ix)
    }

    /// The candidate's description as on the ballot paper (its party's name unless
    /// the ballot said otherwise).
    pub fn description(&self, c: CandidateIx) -> &str {
        let candidate = self.candidate(c);
        candidate
            .description
            .as_deref()
            .unwrap_or_else(|| self.party_name(candidate.party))
    }

    /// The candidate's place on the ballot paper, from 0.
    pub fn ballot_position(&self, c: CandidateIx) -> u32 {
        let d = self.division(self.candidate(c).division);
        c.0 - d.candidates.start
    }

    /// The candidate's name, with the party where another candidate of the division
    /// has the same name ("Greg Smith (Green Party)"), and with the ballot position
    /// too where even that is shared.
    pub fn candidate_label(&self, c: CandidateIx) -> String {
        self.candidate_label_borrowed(c).into_owned()
    }

    /// [`candidate_label`](Self::candidate_label) without a copy of a name that is
    /// the only one of its kind (nearly every one): for a big night's rows, written
    /// as they are made.
    pub fn candidate_label_borrowed(&self, c: CandidateIx) -> std::borrow::Cow<'_, str> {
        let candidate = self.candidate(c);
        let d = self.division(candidate.division);
        // The candidate's own name matches without a comparison (the one comparison
        // that goes to the end of the name).
        let same_name = || {
            d.candidate_ixs().filter(|&o| {
                o == c || same_candidate_name(&self.candidate(o).name, &candidate.name)
            })
        };
        // Nearly always the name is the only one of its kind: said without a list.
        if same_name().nth(1).is_none() {
            return std::borrow::Cow::Borrowed(&candidate.name);
        }
        let same_name: Vec<CandidateIx> = same_name().collect();
        let description = self.description(c);
        let same_party = same_name
            .iter()
            .filter(|&&o| party_key(self.description(o)) == party_key(description))
            .count();
        std::borrow::Cow::Owned(if same_party < 2 {
            format!("{} ({description})", candidate.name)
        } else {
            format!(
                "{} ({description}, #{})",
                candidate.name,
                self.ballot_position(c) + 1
            )
        })
    }

    /// The division's name, with its area or code where another division has the
    /// same name.
    pub fn division_label(&self, ix: DivisionIx) -> String {
        let d = self.division(ix);
        if self.shared_names.is_empty() {
            return d.name.clone();
        }
        let Some(others) = self.shared_names.get(&division_key(&d.name)) else {
            return d.name.clone();
        };
        let area_unique = d.area.as_ref().is_some_and(|a| {
            others
                .iter()
                .filter(|&&o| self.division(o).area.as_ref() == Some(a))
                .count()
                == 1
        });
        let council_unique = others
            .iter()
            .filter(|&&o| self.division(o).council == d.council)
            .count()
            == 1;
        match (&d.area, &d.code) {
            (Some(area), _) if area_unique => format!("{} ({area})", d.name),
            _ if council_unique && self.has_councils() => {
                format!("{} ({})", d.name, self.council_name(d.council))
            }
            (_, Some(code)) => format!("{} ({code})", d.name),
            _ => d.name.clone(),
        }
    }

    pub fn total_seats(&self) -> u64 {
        self.seats
    }

    pub fn council(&self, ix: CouncilIx) -> &Council {
        &self.councils[ix.index()]
    }

    pub fn council_ixs(&self) -> impl Iterator<Item = CouncilIx> + use<> {
        (0..self.councils.len() as u32).map(CouncilIx)
    }

    /// A council's name; the election's for the one council of a file naming none.
    pub fn council_name(&self, ix: CouncilIx) -> &str {
        self.council(ix).name.as_deref().unwrap_or(&self.name)
    }

    /// Whether the source marks any candidate as a sitting member.
    pub fn has_incumbents(&self) -> bool {
        self.any_incumbent
    }

    /// The one council of a night of one council; none on a night of several.
    pub fn sole_council(&self) -> Option<&Council> {
        match self.councils.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }

    /// A party's seats not up for election tonight on a night of one council (0 on a
    /// night of several, where each council keeps its own).
    pub fn sole_continuing(&self, party: PartyIx) -> u64 {
        self.sole_council().map_or(0, |c| c.continuing_seats(party))
    }

    /// Whether every division of a council has declared.
    pub fn council_complete(&self, c: CouncilIx, declared: u64) -> bool {
        declared == self.council(c).divisions
    }

    /// Whether the night elects to more than one council (a local elections day).
    pub fn has_councils(&self) -> bool {
        self.councils.len() > 1
    }

    /// Finds a council by name, ignoring case; else the one council whose name is
    /// the same but for "Council", "City of" and the like ([`council_key`]).
    pub fn find_council(&self, name: &str) -> Option<CouncilIx> {
        let name = name.trim();
        if let Some(c) = self
            .council_ixs()
            .find(|&c| self.council_name(c).eq_ignore_ascii_case(name))
        {
            return Some(c);
        }
        let key = council_key(name);
        let mut alike = self
            .council_ixs()
            .filter(|&c| council_key(self.council_name(c)) == key);
        match (alike.next(), alike.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    }

    /// Seats needed for control: more than half of all seats.
    pub fn majority_needed(&self) -> u64 {
        self.total_seats() / 2 + 1
    }

    /// Finds a division by its name (ignoring case, punctuation and "&" versus
    /// "and"), its code, or its label; none when nothing or more than one matches.
    pub fn find_division(&self, text: &str) -> Option<DivisionIx> {
        self.lookup_division(text).ok()
    }

    /// The divisions of a name (several where something else tells them apart).
    pub fn divisions_named(&self, name: &str) -> Vec<DivisionIx> {
        self.divisions_with_key(&division_key(name))
    }

    fn divisions_with_key(&self, key: &str) -> Vec<DivisionIx> {
        match self.division_by_key.get(key) {
            Some(&ix) => vec![ix],
            None => self.shared_names.get(key).cloned().unwrap_or_default(),
        }
    }

    /// Finds a candidate of a division by name, ignoring case and spacing; none when
    /// no candidate or more than one has that name.
    pub fn find_candidate(&self, division: DivisionIx, name: &str) -> Option<CandidateIx> {
        self.lookup_candidate(division, name).ok()
    }

    pub fn division_ixs(&self) -> impl Iterator<Item = DivisionIx> + use<> {
        (0..self.divisions.len() as u32).map(DivisionIx)
    }

    /// Descriptions counted for another party, with the party and how many candidates
    /// stood under each: what the summary says was grouped. Spellings of the party's
    /// own name ("Labour Party" for "Labour") are not listed.
    pub fn grouped_descriptions(&self) -> Vec<(String, PartyIx, usize)> {
        let mut out: Vec<(String, PartyIx, usize)> = Vec::new();
        // Descriptions found to be the party's own name, so that each is keyed once
        // (a big night's quarter of a million candidates made their two keys each).
        let mut own_names: Vec<(&str, PartyIx)> = Vec::new();
        for c in &self.candidates {
            let Some(description) = c.description.as_deref() else {
                continue;
            };
            if let Some(row) = out
                .iter_mut()
                .find(|(d, p, _)| d == description && *p == c.party)
            {
                row.2 += 1;
                continue;
            }
            if own_names.contains(&(description, c.party)) {
                continue;
            }
            if party_key(description) == party_key(self.party_name(c.party)) {
                own_names.push((description, c.party));
                continue;
            }
            out.push((description.to_string(), c.party, 1));
        }
        out
    }
}

/// At most `most` of `names`, joined by `separator`, then how many more there are:
/// a list a reader can take in, where all of them (a whole country's wards against
/// one council's) would bury what the line says.
pub fn some_of<S: AsRef<str>>(names: &[S], most: usize, separator: &str) -> String {
    let mut text = names
        .iter()
        .take(most)
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(separator);
    if names.len() > most {
        text.push_str(&format!(" and {} more", names.len() - most));
    }
    text
}

/// How many names a line of text lists before it counts the rest.
pub const NAMES_LISTED: usize = 30;

/// A text without the white space around it (as `str::trim`): a text that starts
/// and ends with a visible ASCII character, as nearly every field of a results file
/// does, is its own, said without the search for Unicode spaces (a big file's million
/// rows trim several fields each).
pub fn trim_space(text: &str) -> &str {
    let visible = |b: &u8| (b'!'..=b'~').contains(b);
    let bytes = text.as_bytes();
    if bytes.first().is_some_and(visible) && bytes.last().is_some_and(visible) {
        text
    } else {
        text.trim()
    }
}

/// Key used to match division names typed by people or written by other sources:
/// lower case, "&" read as "and", every run of anything but letters and digits one
/// space, none at either end.
pub fn division_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    division_key_onto(name, &mut key);
    key
}

/// [`division_key`] written at the end of `out` (a reader makes a key for each of a
/// big night's 200,000 divisions to look it up, in a text it uses again).
pub fn division_key_onto(name: &str, out: &mut String) {
    if name.is_ascii() {
        ascii_division_key(name, out);
    } else {
        out.push_str(&any_division_key(name));
    }
}

/// [`division_key`] of a name all in ASCII (as nearly every one is), in one pass with
/// no allocation of its own: the general way took five allocations each.
fn ascii_division_key(name: &str, out: &mut String) {
    let start = out.len();
    // A word ended since the last letter or digit was written.
    let mut gap = false;
    for byte in name.bytes() {
        if byte == b'&' {
            if out.len() > start {
                out.push(' ');
            }
            out.push_str("and");
            gap = true;
        } else if byte.is_ascii_alphanumeric() {
            if gap && out.len() > start {
                out.push(' ');
            }
            gap = false;
            out.push(char::from(byte.to_ascii_lowercase()));
        } else {
            gap = true;
        }
    }
}

/// [`division_key`] of any name (Unicode's lower case, which for a capital sigma
/// depends on where it stands in the word).
fn any_division_key(name: &str) -> String {
    let lower = name.to_lowercase().replace('&', " and ");
    let cleaned: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A council's name as two sources may write it: "Coventry", "Coventry City
/// Council", "COVENTRY" are one council.
pub fn council_key(name: &str) -> String {
    let key = crate::model::division_key(name);
    let mut words: Vec<&str> = key.split(' ').collect();
    // "Bristol, City of", "City of Bristol", "County Durham": the same council as
    // "Bristol" and "Durham".
    if words.len() > 2 && words[words.len() - 2..] == ["city", "of"] {
        words.truncate(words.len() - 2);
    }
    if words.len() > 2 && words[..2] == ["city", "of"] {
        words.drain(..2);
    }
    if words.len() > 1 && words[0] == "county" {
        words.remove(0);
    }
    while words.len() > 1
        && matches!(
            words.last().copied(),
            Some("council" | "city" | "borough" | "district" | "county" | "metropolitan")
        )
    {
        words.pop();
    }
    words.join(" ")
}

impl Election {
    /// Interns a party name; used when attaching a baseline with parties not standing now.
    pub fn intern_party(&mut self, name: &str) -> PartyIx {
        self.parties.intern(name)
    }
}

/// What the returning officer reads out for one division.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Declaration {
    /// Votes per candidate, in ballot order (same order as the division's candidates).
    pub votes: Vec<u64>,
    pub ballots_issued: Option<u64>,
    pub rejected: Option<u64>,
    /// Candidates (by position in ballot order) who won a seat by a drawing of lots.
    pub won_by_lot: Vec<u32>,
    pub declared_at: Option<Timestamp>,
    /// The papers verified and counted and the rejected by heading, where given.
    #[serde(default)]
    pub account: KeptAccount,
}

impl Declaration {
    pub fn total_votes(&self) -> u64 {
        self.votes.iter().sum()
    }
}

#[cfg(test)]
mod division_key_tests {
    use super::{any_division_key, ascii_division_key, division_key, trim_space};

    #[test]
    fn the_quick_trim_is_the_trim_of_every_short_text() {
        // Every text of up to four characters from the edges of the visible ASCII
        // range, ASCII and Unicode spaces and a control character: 12^4 texts.
        const CHARS: [char; 12] = [
            'a', '!', '~', ' ', '\t', '\r', '\u{7f}', '\u{1f}', '\u{a0}', '\u{85}', '\u{3000}', 'é',
        ];
        fn each(text: &mut String, left: usize) {
            assert_eq!(trim_space(text), text.trim(), "{text:?}");
            if left == 0 {
                return;
            }
            for c in CHARS {
                text.push(c);
                each(text, left - 1);
                text.pop();
            }
        }
        each(&mut String::new(), 4);
    }

    #[test]
    fn the_ascii_way_gives_the_general_key_of_every_short_name() {
        // Every name of up to five characters from letters of both cases, digits,
        // spaces, "&" and punctuation: 11^5 names, each keyed both ways.
        const CHARS: &[u8] = b"aZ9 &-'.,\t/";
        let mut name = Vec::new();
        fn each(name: &mut Vec<u8>, left: usize) {
            let text = std::str::from_utf8(name).unwrap();
            // Written after other text, as a reader writes it after a council's name.
            let mut key = String::from("x\u{1f}");
            ascii_division_key(text, &mut key);
            assert_eq!(
                key,
                format!("x\u{1f}{}", any_division_key(text)),
                "{text:?}"
            );
            if left == 0 {
                return;
            }
            for &c in CHARS {
                name.push(c);
                each(name, left - 1);
                name.pop();
            }
        }
        each(&mut name, 5);
    }

    #[test]
    fn names_match_as_people_and_sources_write_them() {
        assert_eq!(division_key("  Accrington  North "), "accrington north");
        assert_eq!(division_key("Heysham & Overton"), "heysham and overton");
        assert_eq!(division_key("Heysham and Overton"), "heysham and overton");
        assert_eq!(division_key("St. Anne's-on-Sea"), "st anne s on sea");
        assert_eq!(division_key("Ynys Môn"), "ynys môn");
        assert_eq!(division_key("ΟΔΟΣ"), "οδος");
    }
}
