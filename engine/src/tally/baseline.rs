//! The previous election on the same boundaries, matched division by division, and
//! the gain / hold wording against it. Rules: `docs/figures.md`, "Change" and "Gain / hold".

use std::collections::{BTreeMap, HashMap};

use crate::model::{Declaration, DivisionIx, Election, PartyIx, party_key};
use crate::tally::outcome::{Status, decide};

pub use crate::model::baseline::{Baseline, BaselineResult, MatchedBy};

/// Per party: seats, all votes and top-candidate votes from a list of candidates.
pub(crate) struct PartyFigures {
    pub seats: Vec<(PartyIx, u32)>,
    pub votes: Vec<(PartyIx, u64)>,
    pub top_votes: Vec<(PartyIx, u64)>,
}

/// Sums a division's candidates by party. `top_votes` keeps each party's best candidate,
/// except for independents, who are separate candidates and all count.
pub(crate) fn party_figures(
    candidates: impl Iterator<Item = (PartyIx, u64, bool)>,
    is_independent: impl Fn(PartyIx) -> bool,
) -> PartyFigures {
    // A division has a handful of parties: small vectors searched in line, sorted at
    // the end, cost far less than maps (this runs for every declaration).
    fn slot<T: Default>(rows: &mut Vec<(PartyIx, T)>, party: PartyIx) -> &mut T {
        let i = match rows.iter().position(|(p, _)| *p == party) {
            Some(i) => i,
            None => {
                rows.push((party, T::default()));
                rows.len() - 1
            }
        };
        &mut rows[i].1
    }
    let mut seats: Vec<(PartyIx, u32)> = Vec::new();
    let mut votes: Vec<(PartyIx, u64)> = Vec::new();
    let mut top: Vec<(PartyIx, u64)> = Vec::new();
    for (party, v, elected) in candidates {
        *slot(&mut votes, party) += v;
        let t = slot(&mut top, party);
        if is_independent(party) {
            *t += v;
        } else {
            *t = (*t).max(v);
        }
        if elected {
            *slot(&mut seats, party) += 1;
        }
    }
    seats.sort_unstable_by_key(|r| r.0);
    votes.sort_unstable_by_key(|r| r.0);
    top.sort_unstable_by_key(|r| r.0);
    PartyFigures {
        seats,
        votes,
        top_votes: top,
    }
}

/// Attaches `previous` (with its declarations, by its own division index) to `current`
/// as the baseline. Divisions match by code first, then by name ignoring case, "&"
/// versus "and" and punctuation. Parties match by name; baseline-only parties are added.
pub fn attach_baseline(
    current: &mut Election,
    previous: &Election,
    declarations: &[Option<Declaration>],
) {
    let by_code: HashMap<String, DivisionIx> = current
        .division_ixs()
        .filter_map(|ix| current.division(ix).code.clone().map(|c| (c, ix)))
        .collect();
    let mut divisions: Vec<Option<BaselineResult>> = vec![None; current.divisions.len()];
    let mut unmatched = Vec::new();
    let mut undecided = Vec::new();
    let mut seats_by_party: Vec<(PartyIx, u64)> = Vec::new();
    let mut complete = true;
    for prev_ix in previous.division_ixs() {
        let prev_div = previous.division(prev_ix);
        let outcome = decide(
            prev_div,
            declarations.get(prev_ix.index()).and_then(Option::as_ref),
        );
        complete &= outcome.status == Status::Declared;
        for &c in &outcome.elected {
            let p = party_tonight(current, previous.party_name(previous.candidate(c).party));
            match seats_by_party.iter_mut().find(|(q, _)| *q == p) {
                Some((_, n)) => *n += 1,
                None => seats_by_party.push((p, 1)),
            }
        }
    }

    let matches = matches(current, previous, &by_code);
    for prev_ix in previous.division_ixs() {
        let prev_div = previous.division(prev_ix);
        let Some((cur_ix, matched_by)) = matches[prev_ix.index()] else {
            unmatched.push(prev_div.name.clone());
            continue;
        };
        let declaration = declarations.get(prev_ix.index()).and_then(Option::as_ref);
        let outcome = decide(prev_div, declaration);
        if outcome.status != Status::Declared {
            undecided.push(prev_div.name.clone());
            continue;
        }
        let parties: Vec<PartyIx> = prev_div
            .candidate_ixs()
            .map(|c| party_tonight(current, previous.party_name(previous.candidate(c).party)))
            .collect();
        let figures = party_figures(
            prev_div.candidate_ixs().enumerate().map(|(pos, c)| {
                let v = declaration
                    .and_then(|d| d.votes.get(pos).copied())
                    .unwrap_or(0);
                (parties[pos], v, outcome.elected.contains(&c))
            }),
            // Independents, and a source's lump of other candidates, are several
            // people: each counts, not only the best.
            |p| current.parties.cannot_hold_control(p),
        );
        divisions[cur_ix.index()] = Some(BaselineResult {
            matched_by,
            baseline_name: prev_div.name.clone(),
            seats: figures.seats,
            votes: if outcome.uncontested {
                Vec::new()
            } else {
                figures.votes
            },
            top_votes: if outcome.uncontested {
                Vec::new()
            } else {
                figures.top_votes
            },
        });
    }
    current.baseline = Some(Baseline {
        name: previous.name.clone(),
        divisions,
        unmatched,
        undecided,
        seats_by_party,
        seats_total: previous.total_seats(),
        complete,
    });
}

/// Each baseline division's division tonight, and how it was matched: by code first,
/// then by name among the divisions no code has claimed. Two baseline divisions
/// matching one division by name (a constituency given twice under two codes) match
/// nothing: a baseline is never attached to a guess, nor one row over another by
/// the order of the file.
fn matches(
    current: &Election,
    previous: &Election,
    by_code: &HashMap<String, DivisionIx>,
) -> Vec<Option<(DivisionIx, MatchedBy)>> {
    let by_code_match: Vec<Option<DivisionIx>> = previous
        .division_ixs()
        .map(|prev_ix| {
            let code = previous.division(prev_ix).code.as_deref()?;
            by_code.get(code).copied()
        })
        .collect();
    // A division two baseline rows claim by code is claimed, but by neither.
    let claimed: std::collections::HashSet<DivisionIx> =
        by_code_match.iter().flatten().copied().collect();
    let mut code_times: HashMap<DivisionIx, usize> = HashMap::new();
    for ix in by_code_match.iter().flatten() {
        *code_times.entry(*ix).or_default() += 1;
    }
    let mut out: Vec<Option<(DivisionIx, MatchedBy)>> = by_code_match
        .iter()
        .map(|m| {
            m.filter(|ix| code_times[ix] == 1)
                .map(|ix| (ix, MatchedBy::Code))
        })
        .collect();
    let by_name: Vec<Option<DivisionIx>> = previous
        .division_ixs()
        .map(|prev_ix| {
            if by_code_match[prev_ix.index()].is_some() {
                return None;
            }
            division_by_name(current, previous, previous.division(prev_ix))
                .filter(|ix| !claimed.contains(ix))
        })
        .collect();
    let mut naming: HashMap<DivisionIx, Vec<usize>> = HashMap::new();
    for (prev, ix) in by_name.iter().enumerate() {
        if let Some(ix) = ix {
            naming.entry(*ix).or_default().push(prev);
        }
    }
    for (ix, rows) in naming {
        let chosen = match rows.as_slice() {
            [only] => Some(*only),
            several => the_one_of_its_place(current, previous, ix, several),
        };
        if let Some(prev) = chosen {
            out[prev] = Some((ix, MatchedBy::Name));
        }
    }
    out
}

/// Of several baseline divisions named as `ix` is (Park in ten councils, against a
/// night of one of them), the one of its council where both files name councils,
/// else of its area; none where that leaves no single one.
fn the_one_of_its_place(
    current: &Election,
    previous: &Election,
    ix: DivisionIx,
    several: &[usize],
) -> Option<usize> {
    let division = current.division(ix);
    let council = current.council(division.council).name.as_deref();
    let single = |keep: &dyn Fn(&crate::model::Division) -> bool| {
        let mut kept = several
            .iter()
            .filter(|&&prev| keep(previous.division(DivisionIx(prev as u32))));
        match (kept.next(), kept.next()) {
            (Some(&prev), None) => Some(prev),
            _ => None,
        }
    };
    let of_council = council.and_then(|council| {
        let council = council_key(council);
        single(&|d| {
            previous
                .council(d.council)
                .name
                .as_deref()
                .is_some_and(|name| council_key(name) == council)
        })
    });
    of_council.or_else(|| {
        let area = division.area.as_deref()?;
        single(&|d| {
            d.area
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case(area))
        })
    })
}

/// Parties renamed since a baseline and registered as the same party, as (name then,
/// name now): The Brexit Party has been Reform UK since January 2021.
const RENAMED: [(&str, &str); 1] = [("The Brexit Party", "Reform UK")];

/// The party tonight a baseline party is: the party of its name, or, for a party
/// renamed since, the party under its new name where tonight has that name and not
/// the old one (so Reform UK's change in 2024 is against the Brexit Party's 2019 vote,
/// as results services gave it).
fn party_tonight(current: &mut Election, name: &str) -> PartyIx {
    let renamed = RENAMED
        .iter()
        .find(|(then, _)| party_key(then) == party_key(name))
        .filter(|_| current.parties.find(name).is_none())
        .and_then(|(_, now)| current.parties.find(now));
    renamed.unwrap_or_else(|| current.intern_party(name))
}

/// The division of `current` with the name of `previous`: the one of that name, or
/// where several share it, the one of the same area. None where that still leaves a
/// choice: a baseline is never attached to a guess. On a night of several councils
/// against a baseline of several, only a division of the same council can match:
/// Oxfordshire's Henley is never Coventry's.
fn division_by_name(
    current: &Election,
    previous_election: &Election,
    previous: &crate::model::Division,
) -> Option<DivisionIx> {
    let mut named = current.divisions_named(&previous.name);
    // The baseline's council where its file names one (even a file of one council).
    let previous_council = previous_election.council(previous.council).name.as_deref();
    if let (true, Some(council)) = (current.has_councils(), previous_council) {
        let council = council_key(council);
        named.retain(|&ix| {
            council_key(current.council_name(current.division(ix).council)) == council
        });
    }
    match named.as_slice() {
        [] => None,
        [only] => Some(*only),
        several => {
            let area = previous.area.as_deref()?;
            let mut same_area = several.iter().filter(|&&ix| {
                current
                    .division(ix)
                    .area
                    .as_deref()
                    .is_some_and(|a| a.eq_ignore_ascii_case(area))
            });
            match (same_area.next(), same_area.next()) {
                (Some(&ix), None) => Some(ix),
                _ => None,
            }
        }
    }
}

pub use crate::model::council_key;

/// Seats gained and lost by each party in one division, seat by seat.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SeatChanges {
    /// (party, seats now, seats at the baseline), parties in index order.
    pub parties: Vec<(PartyIx, u32, u32)>,
}

impl SeatChanges {
    pub fn compare(now: &[(PartyIx, u32)], before: &[(PartyIx, u32)]) -> Self {
        let mut merged: BTreeMap<PartyIx, (u32, u32)> = BTreeMap::new();
        for &(p, n) in now {
            merged.entry(p).or_default().0 += n;
        }
        for &(p, b) in before {
            merged.entry(p).or_default().1 += b;
        }
        SeatChanges {
            parties: merged.into_iter().map(|(p, (n, b))| (p, n, b)).collect(),
        }
    }

    pub fn gains(&self, party: PartyIx) -> u32 {
        self.parties
            .iter()
            .find(|r| r.0 == party)
            .map_or(0, |&(_, n, b)| n.saturating_sub(b))
    }

    pub fn losses(&self, party: PartyIx) -> u32 {
        self.parties
            .iter()
            .find(|r| r.0 == party)
            .map_or(0, |&(_, n, b)| b.saturating_sub(n))
    }

    /// The division's result as phrases, seat by seat: each seat gained paired with a
    /// seat lost in party order (repeats counted), then the seats held.
    pub fn phrases(&self) -> Vec<SeatChange> {
        let mut gained: Vec<PartyIx> = Vec::new();
        let mut lost: Vec<PartyIx> = Vec::new();
        let mut held: Vec<(PartyIx, u32)> = Vec::new();
        for &(p, n, b) in &self.parties {
            gained.extend(std::iter::repeat_n(p, n.saturating_sub(b) as usize));
            lost.extend(std::iter::repeat_n(p, b.saturating_sub(n) as usize));
            if n.min(b) > 0 {
                held.push((p, n.min(b)));
            }
        }
        let mut phrases: Vec<SeatChange> = Vec::new();
        let longest = gained.len().max(lost.len());
        for i in 0..longest {
            let phrase = match (gained.get(i).copied(), lost.get(i).copied()) {
                (Some(by), Some(from)) => SeatChange::GainFrom { by, from, seats: 1 },
                (Some(by), None) => SeatChange::Gain { by, seats: 1 },
                (None, Some(of)) => SeatChange::Loss { of, seats: 1 },
                (None, None) => continue,
            };
            match phrases.last_mut() {
                Some(last) if last.same_parties(&phrase) => last.add_seat(),
                _ => phrases.push(phrase),
            }
        }
        phrases.extend(
            held.into_iter()
                .map(|(party, seats)| SeatChange::Hold { party, seats }),
        );
        phrases
    }

    /// "Reform UK gain from Labour", "Labour hold", and for multi-member divisions each
    /// seat counted: "Reform UK gain from Labour (2 seats); Conservative hold".
    pub fn describe(&self, party_name: impl Fn(PartyIx) -> String) -> String {
        let seats = |count: u32| {
            if count > 1 {
                format!(" ({count} seats)")
            } else {
                String::new()
            }
        };
        self.phrases()
            .into_iter()
            .map(|phrase| match phrase {
                SeatChange::GainFrom { by, from, seats: n } => {
                    format!(
                        "{} gain from {}{}",
                        party_name(by),
                        party_name(from),
                        seats(n)
                    )
                }
                SeatChange::Gain { by, seats: n } => format!("{} gain{}", party_name(by), seats(n)),
                SeatChange::Loss { of, seats: n } => format!("{} loss{}", party_name(of), seats(n)),
                SeatChange::Hold { party, seats: n } => {
                    format!("{} hold{}", party_name(party), seats(n))
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// One phrase of a division's result against the baseline, with how many seats it
/// covers: a seat taken from another party, a seat won with none lost (the division
/// has more seats than before), a seat lost with none won, or seats kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatChange {
    GainFrom {
        by: PartyIx,
        from: PartyIx,
        seats: u32,
    },
    Gain {
        by: PartyIx,
        seats: u32,
    },
    Loss {
        of: PartyIx,
        seats: u32,
    },
    Hold {
        party: PartyIx,
        seats: u32,
    },
}

impl SeatChange {
    fn same_parties(&self, other: &SeatChange) -> bool {
        use SeatChange::*;
        match (self, other) {
            (GainFrom { by, from, .. }, GainFrom { by: b, from: f, .. }) => by == b && from == f,
            (Gain { by, .. }, Gain { by: b, .. }) => by == b,
            (Loss { of, .. }, Loss { of: o, .. }) => of == o,
            _ => false,
        }
    }

    fn add_seat(&mut self) {
        match self {
            SeatChange::GainFrom { seats, .. }
            | SeatChange::Gain { seats, .. }
            | SeatChange::Loss { seats, .. }
            | SeatChange::Hold { seats, .. } => *seats += 1,
        }
    }
}
