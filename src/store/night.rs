//! The state of the night as the log makes it: the tally, plus what the log knows
//! beyond the engine (first entries waiting for a second one, corrected divisions,
//! the double-entry setting); and the rules an event must pass to enter the log.

use std::sync::Arc;

use jiff::Timestamp;

use crate::map::MapLayer;
use crate::model::{DivisionIx, Election};
use crate::store::events::{Change, Event, Figures, Identity, SetupChange};
use crate::store::refusal::{Reasoned, Refusal};
use crate::tally::Tally;
use crate::tally::checks::check_declaration;
use crate::tally::outcome::Status;

/// A first entry waiting for its blind second entry.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FirstEntry {
    pub figures: Figures,
    pub who: String,
    pub at: Timestamp,
}

/// A declaration kept but not counted: entered without seeing the figures that stand
/// for its division (at another count centre, while offline), and different from them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Rival {
    pub id: String,
    pub figures: Figures,
    pub who: String,
    pub machine: String,
    pub at: Timestamp,
}

/// What an event found, to take it back: its division's state and the night's
/// before it.
#[derive(Debug, Clone)]
pub struct Undo {
    division: Option<(DivisionIx, DivisionState)>,
    double_entry: bool,
    timeline: usize,
}

#[derive(Debug, Clone)]
struct DivisionState {
    declaration: Option<crate::model::Declaration>,
    first_entry: Option<FirstEntry>,
    corrected: bool,
    last_event: Option<i64>,
    last_id: Option<String>,
    rivals: Vec<Rival>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Night {
    pub tally: Tally,
    /// Per division: a first entry waiting for its second.
    #[serde(deserialize_with = "crate::whole::vec")]
    pub first_entries: Vec<Option<FirstEntry>>,
    /// Per division: whether its standing declaration is a correction.
    #[serde(deserialize_with = "crate::whole::vec")]
    pub corrected: Vec<bool>,
    /// Per division: the log sequence number of the last event that touched it.
    #[serde(deserialize_with = "crate::whole::vec")]
    pub last_event: Vec<Option<i64>>,
    /// Per division: the id of the last event that counted for it.
    #[serde(deserialize_with = "crate::whole::vec")]
    pub last_id: Vec<Option<String>>,
    /// Per division: conflicting declarations, kept until a correction names them.
    #[serde(deserialize_with = "crate::whole::vec")]
    pub rivals: Vec<Vec<Rival>>,
    pub double_entry: bool,
    /// The results map's shapes and the division each is, once boundaries are set.
    #[serde(default)]
    pub map: Option<Arc<MapLayer>>,
}

impl Night {
    pub fn new(election: Arc<Election>) -> Self {
        let n = election.divisions.len();
        Night {
            tally: Tally::new(election),
            first_entries: vec![None; n],
            corrected: vec![false; n],
            last_event: vec![None; n],
            last_id: vec![None; n],
            rivals: vec![Vec::new(); n],
            double_entry: false,
            map: None,
        }
    }

    pub fn election(&self) -> &Arc<Election> {
        self.tally.election()
    }

    /// Applies an event, and says how to take it back: none for an event that replaces
    /// the election (a set-up, baseline or composition change), which is not taken back
    /// but replayed over.
    pub fn apply_undoable(&mut self, event: &Event) -> (Result<(), Refusal>, Option<Undo>) {
        let replaces_election = matches!(
            event.change,
            Change::BaselineSet { .. }
                | Change::CompositionSet { .. }
                | Change::SetupChanged(_)
                | Change::BoundariesSet { .. }
        );
        let undo = (!replaces_election).then(|| Undo {
            division: event
                .division
                .filter(|d| d.index() < self.first_entries.len())
                .map(|d| {
                    let i = d.index();
                    (
                        d,
                        DivisionState {
                            declaration: self.tally.declaration(d).cloned(),
                            first_entry: self.first_entries[i].clone(),
                            corrected: self.corrected[i],
                            last_event: self.last_event[i],
                            last_id: self.last_id[i].clone(),
                            rivals: self.rivals[i].clone(),
                        },
                    )
                }),
            double_entry: self.double_entry,
            timeline: self.tally.timeline().len(),
        });
        (self.apply(event), undo)
    }

    /// Takes an event back (see [`apply_undoable`](Self::apply_undoable)).
    pub fn undo(&mut self, undo: Undo) -> Result<(), Refusal> {
        self.double_entry = undo.double_entry;
        let division = match undo.division {
            None => None,
            Some((d, state)) => {
                let i = d.index();
                self.first_entries[i] = state.first_entry;
                self.corrected[i] = state.corrected;
                self.last_event[i] = state.last_event;
                self.last_id[i] = state.last_id;
                self.rivals[i] = state.rivals;
                Some((d, state.declaration))
            }
        };
        self.tally
            .restore(division, undo.timeline)
            .map_err(Refusal::Tally)
    }

    /// What an event does.
    pub fn apply(&mut self, event: &Event) -> Result<(), Refusal> {
        if let Change::DoubleEntry { on } = event.change {
            self.double_entry = on;
            return Ok(());
        }
        if let Change::BreakAcknowledged { .. } = event.change {
            // A decision about the record, not about the night's figures.
            return Ok(());
        }
        if let Change::BaselineSet { name, csv } = &event.change {
            let mut election = Election::clone(self.tally.election());
            set_baseline(&mut election, name, csv)?;
            return self.recount(election);
        }
        if let Change::CompositionSet { composition } = &event.change {
            let mut election = Election::clone(self.tally.election());
            crate::model::apply_composition(&mut election, composition);
            return self.recount(election);
        }
        if let Change::BoundariesSet { boundaries } = &event.change {
            let layer = MapLayer::new(self.election(), boundaries.clone());
            self.map = Some(Arc::new(layer));
            return Ok(());
        }
        let division = event.division.ok_or(Refusal::NoDivisionNamed)?;
        let i = division.index();
        if i >= self.first_entries.len() {
            return Err(Refusal::NoSuchDivision);
        }
        if self.kept_as_rival(division, event) {
            return Ok(());
        }
        match &event.change {
            Change::Declared(figures) | Change::Corrected(figures) => {
                self.tally
                    .declare(division, figures.declaration(event.at))
                    .map_err(Refusal::Tally)?;
                self.corrected[i] = matches!(event.change, Change::Corrected(_));
                self.first_entries[i] = None;
            }
            Change::LotsDrawn { winners } => {
                let mut declaration = self
                    .tally
                    .declaration(division)
                    .cloned()
                    .ok_or(Refusal::LotsWithoutDeclaration)?;
                declaration.won_by_lot = winners.clone();
                self.tally
                    .declare(division, declaration)
                    .map_err(Refusal::Tally)?;
            }
            Change::Withdrawn => {
                self.tally.withdraw(division).map_err(Refusal::Tally)?;
                self.corrected[i] = false;
            }
            Change::SetupChanged(change) => {
                let mut election = Election::clone(self.tally.election());
                change_setup(&mut election, division, change)?;
                self.recount(election)?;
            }
            Change::FirstEntry(figures) => {
                self.first_entries[i] = Some(FirstEntry {
                    figures: figures.clone(),
                    who: event.who.clone(),
                    at: event.at,
                });
            }
            Change::FirstEntryDiscarded => self.first_entries[i] = None,
            Change::DoubleEntry { .. }
            | Change::BaselineSet { .. }
            | Change::CompositionSet { .. }
            | Change::BoundariesSet { .. }
            | Change::BreakAcknowledged { .. } => {}
        }
        self.last_event[i] = Some(event.seq);
        self.last_id[i] = Some(event.id.clone());
        Ok(())
    }

    /// The base an event written now records: the last event of the division seen.
    pub fn base(&self, division: Option<DivisionIx>) -> Option<String> {
        division.map(|d| {
            self.last_id
                .get(d.index())
                .cloned()
                .flatten()
                .unwrap_or_default()
        })
    }

    /// Conflicting figures are kept beside the standing ones, not counted: an event
    /// that settles nothing and was written without seeing the division's last event
    /// (its base is older), whose figures differ from those that stand. The same
    /// figures entered twice are no conflict. Returns whether the event was kept so.
    fn kept_as_rival(&mut self, division: DivisionIx, event: &Event) -> bool {
        let i = division.index();
        let figures = match &event.change {
            Change::Declared(f) | Change::Corrected(f) => Some(f),
            _ => None,
        };
        // What the event has seen or names is settled, whatever else it does.
        let resolves = figures.map(|f| f.resolves.as_slice()).unwrap_or_default();
        self.rivals[i]
            .retain(|r| event.base.as_deref() != Some(r.id.as_str()) && !resolves.contains(&r.id));
        let stale = Night::is_stale(event.base.as_deref(), self.last_id[i].as_deref());
        let (Some(figures), Some(standing)) = (figures, self.tally.declaration(division)) else {
            return false;
        };
        if !stale {
            return false;
        }
        if !figures.same_count(standing) {
            self.rivals[i].push(Rival {
                id: event.id.clone(),
                figures: figures.clone(),
                who: event.who.clone(),
                machine: event.machine.clone(),
                at: event.at,
            });
        }
        true
    }

    /// Whether an event written on `base` (the last event of its division its writer
    /// had seen) was written without seeing `last`, the division's last counted event.
    /// Events from before sharing (no base) saw everything.
    pub fn is_stale(base: Option<&str>, last: Option<&str>) -> bool {
        base.is_some_and(|b| b != last.unwrap_or(""))
    }

    /// The same declarations on a changed set-up (candidates do not move), in time order.
    fn recount(&mut self, election: Election) -> Result<(), Refusal> {
        let declared = self.tally.declared_in_time_order();
        self.tally = Tally::with_declarations(Arc::new(election), declared)
            .map_err(|(_, e)| Refusal::Tally(e))?;
        Ok(())
    }

    /// Whether an event makes sense now: the log only ever holds events that apply.
    ///
    /// Long: One rule after another, each where the change it is about is named; the match
    /// is exhaustive, so that a new kind of change cannot compile unchecked.
    pub fn validate(
        &self,
        division: Option<DivisionIx>,
        change: &Change,
        reason: Option<&str>,
        identity: &Identity,
    ) -> Result<(), Refusal> {
        if let Change::DoubleEntry { on } = change {
            if *on == self.double_entry {
                return Err(Refusal::DoubleEntryAlready { on: *on });
            }
            return Ok(());
        }
        if let Change::BaselineSet { name, csv } = change {
            let mut copy = Election::clone(self.tally.election());
            return set_baseline(&mut copy, name, csv);
        }
        if let Change::CompositionSet { composition } = change {
            let mut copy = Election::clone(self.tally.election());
            let found = crate::model::apply_composition(&mut copy, composition);
            if found.matched.is_empty() {
                return Err(Refusal::CompositionMatchesNone {
                    councils: composition.councils.len(),
                    source: composition.source.clone(),
                });
            }
            return Ok(());
        }
        if let Change::BoundariesSet { boundaries } = change {
            let found = crate::map::boundaries::match_shapes(self.election(), boundaries);
            if found.divisions_without.len() == self.election().divisions.len() {
                return Err(Refusal::BoundariesMatchNone {
                    shapes: boundaries.shapes.len(),
                    source: boundaries.source.clone(),
                });
            }
            return Ok(());
        }
        if let Change::BreakAcknowledged { .. } = change {
            return if reason.is_none_or(|r| r.trim().is_empty()) {
                Err(Refusal::ReasonNeeded(Reasoned::BreakAccepted))
            } else {
                Ok(())
            };
        }
        let election = self.tally.election();
        let Some(division) = division else {
            return Err(Refusal::NoDivisionNamed);
        };
        let Some(d) = election.divisions.get(division.index()) else {
            return Err(Refusal::NoSuchDivision);
        };
        let name = &d.name;
        let needs_reason = || reason.is_none_or(|r| r.trim().is_empty());
        let declared = self.tally.declaration(division).is_some();
        let first = self.first_entries[division.index()].as_ref();
        let division_name = || name.clone();
        // The engine's outcome of a declaration, refused in its words where it has none.
        let has_outcome = |declaration: &crate::model::Declaration| {
            self.tally
                .try_outcome(division, Some(declaration))
                .map(|_| ())
                .map_err(|error| Refusal::Outcome {
                    division: division_name(),
                    error,
                })
        };
        let figures_sound = |figures: &Figures| -> Result<(), Refusal> {
            if d.is_uncontested() {
                return Err(Refusal::Unopposed {
                    division: division_name(),
                });
            }
            let declaration = figures.declaration(Timestamp::now());
            has_outcome(&declaration)?;
            if let Some(error) = check_declaration(election, division, &declaration)
                .into_iter()
                .find(|f| f.is_error())
            {
                return Err(Refusal::Check {
                    division: division_name(),
                    message: error.message,
                });
            }
            Ok(())
        };
        match change {
            Change::Declared(figures) => {
                if declared {
                    return Err(Refusal::AlreadyDeclared {
                        division: division_name(),
                    });
                }
                if self.double_entry {
                    match first {
                        None => {
                            return Err(Refusal::FirstEntryNeeded {
                                division: division_name(),
                            });
                        }
                        Some(f) if f.who == identity.who => {
                            return Err(Refusal::SecondEntryBySameVolunteer {
                                division: division_name(),
                                who: f.who.clone(),
                            });
                        }
                        Some(_) => {}
                    }
                }
                figures_sound(figures)?;
            }
            Change::Corrected(figures) => {
                if !declared {
                    return Err(Refusal::NotDeclared {
                        division: division_name(),
                    });
                }
                let rivals = &self.rivals[division.index()];
                if let Some(unknown) = figures
                    .resolves
                    .iter()
                    .find(|id| !rivals.iter().any(|r| &r.id == *id))
                {
                    return Err(Refusal::UnknownRival {
                        division: division_name(),
                        id: unknown.clone(),
                    });
                }
                if rivals.iter().any(|r| !figures.resolves.contains(&r.id)) {
                    return Err(Refusal::Conflicting {
                        division: division_name(),
                        entered_by: rivals
                            .iter()
                            .map(|r| format!("{} on {}", r.who, r.machine))
                            .collect(),
                    });
                }
                if needs_reason() {
                    return Err(Refusal::ReasonNeeded(Reasoned::Correction));
                }
                figures_sound(figures)?;
            }
            Change::FirstEntry(figures) => {
                if !self.double_entry {
                    return Err(Refusal::DoubleEntryOff);
                }
                if declared {
                    return Err(Refusal::AlreadyDeclared {
                        division: division_name(),
                    });
                }
                if first.is_some() {
                    return Err(Refusal::FirstEntryWaiting {
                        division: division_name(),
                    });
                }
                figures_sound(figures)?;
            }
            Change::FirstEntryDiscarded => {
                if first.is_none() {
                    return Err(Refusal::NoFirstEntry {
                        division: division_name(),
                    });
                }
                if needs_reason() {
                    return Err(Refusal::ReasonNeeded(Reasoned::FirstEntryDiscarded));
                }
            }
            Change::LotsDrawn { winners } => {
                if self.tally.outcome(division).status != Status::Tied {
                    return Err(Refusal::NotTied {
                        division: division_name(),
                    });
                }
                let mut declaration = self
                    .tally
                    .declaration(division)
                    .cloned()
                    .unwrap_or_default();
                declaration.won_by_lot = winners.clone();
                has_outcome(&declaration)?;
            }
            Change::Withdrawn => {
                if !declared {
                    return Err(Refusal::NothingToWithdraw {
                        division: division_name(),
                    });
                }
                if needs_reason() {
                    return Err(Refusal::ReasonNeeded(Reasoned::Withdrawal));
                }
            }
            Change::SetupChanged(setup) => {
                if needs_reason() {
                    return Err(Refusal::ReasonNeeded(Reasoned::SetupChange));
                }
                let mut copy = Election::clone(election);
                change_setup(&mut copy, division, setup)?;
            }
            Change::DoubleEntry { .. }
            | Change::BaselineSet { .. }
            | Change::CompositionSet { .. }
            | Change::BoundariesSet { .. }
            | Change::BreakAcknowledged { .. } => {}
        }
        Ok(())
    }
}

fn change_setup(
    election: &mut Election,
    division: DivisionIx,
    change: &SetupChange,
) -> Result<(), Refusal> {
    let d = election
        .divisions
        .get(division.index())
        .ok_or(Refusal::NoSuchDivision)?;
    let candidate = |position: u32| -> Result<usize, Refusal> {
        (position < d.candidates.len() as u32)
            .then(|| (d.candidates.start + position) as usize)
            .ok_or(Refusal::NoSuchCandidate { position })
    };
    match change {
        SetupChange::CandidateName { position, name } => {
            let c = candidate(*position)?;
            election.candidates[c].name = name.clone();
        }
        SetupChange::CandidateParty { position, party } => {
            let c = candidate(*position)?;
            // The new description counts for its main party, as when a file is read.
            let description = crate::model::display_name(party);
            let counts_for = crate::formats::party_groups::shipped()
                .counts_for(description)
                .unwrap_or(description)
                .to_string();
            let ix = election.intern_party(&counts_for);
            election.candidates[c].party = ix;
            election.candidates[c].description =
                (description != election.party_name(ix)).then(|| description.into());
        }
        SetupChange::Electorate { electorate } => {
            election.divisions[division.index()].electorate = *electorate;
        }
    }
    Ok(())
}

/// Attaches a baseline given as the app's own results CSV.
fn set_baseline(election: &mut Election, name: &str, csv: &str) -> Result<(), Refusal> {
    let previous = crate::formats::native::read(&format!("baseline {name}"), name, csv.as_bytes())
        .map_err(|e| Refusal::Baseline {
            detail: e.to_string(),
        })?;
    crate::tally::baseline::attach_baseline(election, &previous.election, &previous.declarations);
    Ok(())
}
