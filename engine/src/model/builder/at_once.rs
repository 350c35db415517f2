//! A whole file's divisions added at once on two cores: one core adds the divisions
//! and their candidates, the other checks their codes and names against those before
//! them. Adding 200,000 divisions one after another took a quarter of reading a big
//! results file, on one core; each half is about half of it.

use super::*;

/// Where a refusal stands among a division's checks, so that of two found at one
/// division the one `add_division` makes first is said: its name and seats, then its
/// code and name against the others, then its candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    NameAndSeats,
    AgainstOthers,
    Candidates,
}

/// A refusal at a division: its index in the list, the step, and why.
type Refused = (usize, Step, SetupError);

impl ElectionBuilder {
    /// The election of every division of `setups` added in order, as [`add_division`]
    /// one after another would add them, refusing the list at the same first division
    /// with the same error (and the division's index in the list). The candidates
    /// are taken out of the set-ups, and once the election is made their names, codes
    /// and areas (the election's divisions have them); a refusal leaves the rest. On a
    /// builder that already has divisions, they are added one by one.
    ///
    /// [`add_division`]: ElectionBuilder::add_division
    pub fn build_with<S>(mut self, setups: &mut [S]) -> Result<Election, (usize, SetupError)>
    where
        S: AsRef<DivisionSetup> + AsMut<DivisionSetup> + Sync + Send,
    {
        if !self.election.divisions.is_empty() {
            for (i, setup) in setups.iter_mut().enumerate() {
                let setup = setup.as_mut();
                let candidates = std::mem::take(&mut setup.candidates);
                self.add_division(DivisionSetup {
                    candidates,
                    ..setup.clone()
                })
                .map_err(|e| (i, e))?;
            }
            return Ok(self.build());
        }
        let candidates: Vec<Vec<CandidateSetup>> = setups
            .iter_mut()
            .map(|s| std::mem::take(&mut s.as_mut().candidates))
            .collect();
        let setups_read: &[S] = setups;
        // The room the builder made for the lookups by name is theirs on the other
        // core; the codes are looked up in the set-ups' own text there, and nothing is
        // kept of them.
        let reserved = std::mem::take(&mut self.names);
        let ((checked, keys), added) = std::thread::scope(|scope| {
            let checked = scope.spawn(|| {
                let mut names = reserved.with_borrowed_codes();
                names.reserve(setups_read.len());
                let checked = check_names(&mut names, setups_read);
                (checked, names.into_keys())
            });
            let added = self.add_without_names(setups_read, candidates);
            let checked = checked
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (checked, added)
        });
        let first = [checked.err(), added.err()]
            .into_iter()
            .flatten()
            .min_by_key(|(i, step, _)| (*i, *step));
        if let Some((i, _, why)) = first {
            return Err((i, why));
        }
        let mut election = self.election;
        (election.division_by_key, election.shared_names) = keys;
        // Each division's name, code and area, trimmed, moved from its set-up rather
        // than copied (a big night's 200,000 names were made twice and freed once);
        // a big night's in two halves at once (on one core, a twentieth of its
        // summary, the other core idle).
        let divisions = &mut election.divisions[..];
        if divisions.len() >= MOVED_IN_HALVES_FROM && divisions.len() == setups.len() {
            let half = divisions.len() / 2;
            let (divisions_first, divisions_later) = divisions.split_at_mut(half);
            let (setups_first, setups_later) = setups.split_at_mut(half);
            std::thread::scope(|scope| {
                scope.spawn(|| identities_moved(divisions_later, setups_later));
                identities_moved(divisions_first, setups_first);
            });
        } else {
            identities_moved(divisions, setups);
        }
        Ok(election)
    }

    /// Adds each division with its candidates, checking all but its code and name
    /// against the others'.
    fn add_without_names<S: AsRef<DivisionSetup>>(
        &mut self,
        setups: &[S],
        candidates: Vec<Vec<CandidateSetup>>,
    ) -> Result<(), Refused> {
        for (i, (setup, candidates)) in setups.iter().zip(candidates).enumerate() {
            let setup = setup.as_ref();
            let identity = Identity::of(setup);
            let refused = |step: Step| move |why: SetupError| (i, step, why);
            named(identity.name, setup.seats).map_err(refused(Step::NameAndSeats))?;
            let ix = self.next_division().map_err(refused(Step::NameAndSeats))?;
            // The name, code and area are moved in once the other core has done with
            // them.
            let division = Kept {
                name: String::new(),
                council: identity.council,
                code: None,
                area: None,
                seats: setup.seats,
                electorate: setup.electorate,
                cancelled: setup.cancelled,
            };
            self.push_division(ix, division, candidates)
                .map_err(refused(Step::Candidates))?;
        }
        Ok(())
    }
}

/// From this many divisions, their names are moved in on two cores.
const MOVED_IN_HALVES_FROM: usize = 20_000;

/// Each division's name, code and area, trimmed, moved in from its set-up.
fn identities_moved<S: AsMut<DivisionSetup>>(divisions: &mut [Division], setups: &mut [S]) {
    for (division, setup) in divisions.iter_mut().zip(setups) {
        let setup = setup.as_mut();
        let kept = |text: &mut Option<String>| text.take().map(trimmed).filter(|t| !t.is_empty());
        division.name = trimmed(std::mem::take(&mut setup.name));
        division.code = kept(&mut setup.code);
        division.area = kept(&mut setup.area);
    }
}

/// Checks each division's code and name against those before it, recording them.
fn check_names<'s, S: AsRef<DivisionSetup>>(
    names: &mut Names<&'s str>,
    setups: &'s [S],
) -> Result<(), Refused> {
    for (i, setup) in setups.iter().enumerate() {
        let identity = Identity::of(setup.as_ref());
        let key = division_key(identity.name);
        // An index past u32 is refused by the other core, at this division.
        let ix = DivisionIx(u32::try_from(i).unwrap_or(u32::MAX));
        if let Some(why) = names.record_unless_clash(key, &identity, ix, identity.code, |other| {
            Identity::of(setups[other.index()].as_ref())
        }) {
            return Err((i, Step::AgainstOthers, why));
        }
    }
    Ok(())
}
