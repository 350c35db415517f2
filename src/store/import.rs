//! A new election file from results already read: the set-up, the baseline kept as
//! a normalised results CSV, and any declarations in the results as events.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::formats::native::{self, Content, LoadedResults};
use crate::model::{Declaration, DivisionIx, Election};
use crate::store::events::Identity;
use crate::store::{BaselineSource, Refusal, Store, StoreError};
use crate::tally::Tally;

/// Creates `out` with the election of `results` (named `name`), keeping `baseline`
/// (its name and results) in the file. Returns the store and how many declarations
/// were imported.
///
/// The results are taken, not copied: a big night's election is let go once written,
/// and its declarations as they become events.
pub fn create_from_results(
    out: &Path,
    name: &str,
    results: LoadedResults,
    baseline: Option<(&str, LoadedResults)>,
    identity: Identity,
) -> Result<(Store, usize), StoreError> {
    let (mut election, declared) = results.into_declared();
    election.name = name.to_string();
    let baseline_source = match baseline {
        None => None,
        Some((base_name, base)) => Some(baseline_source(base_name, base)?),
    };
    let mut store = Store::create_keeping(out, election, baseline_source.as_ref(), identity)?;
    let election = Arc::clone(store.election());
    let imported =
        store.import_all(declared.filter(|(d, _)| !election.division(*d).is_uncontested()))?;
    store.settle_new_file();
    Ok((store, imported))
}

/// A baseline read from any format, kept as the app's own results CSV.
pub fn baseline_source(name: &str, results: LoadedResults) -> Result<BaselineSource, StoreError> {
    let (election, declared) = results.into_declared();
    let tally = Tally::with_declarations(Arc::new(election), declared).map_err(|(_, e)| {
        StoreError::Refused(Refusal::Baseline {
            detail: format!("the baseline {name}: {e}"),
        })
    })?;
    let mut csv = Vec::new();
    native::write(&mut csv, &tally, Content::Results).map_err(|e| {
        StoreError::Refused(Refusal::Baseline {
            detail: format!("the baseline cannot be kept ({e})"),
        })
    })?;
    Ok(BaselineSource {
        name: name.to_string(),
        csv: String::from_utf8_lossy(&csv).into_owned(),
    })
}

/// What reading a newer release did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateReport {
    pub declared: Vec<String>,
    /// "North: Bob Ray 400 -> 520"
    pub corrected: Vec<String>,
    pub unchanged: usize,
    /// Divisions of the release with no match here (left out).
    pub unmatched: Vec<String>,
}

impl UpdateReport {
    pub fn text(&self) -> String {
        let mut out = String::new();
        for d in &self.declared {
            out.push_str(&format!("declared {d}\n"));
        }
        for c in &self.corrected {
            out.push_str(&format!("corrected {c}\n"));
        }
        out.push_str(&format!(
            "saved: {} declared, {} corrected, {} unchanged\n",
            self.declared.len(),
            self.corrected.len(),
            self.unchanged
        ));
        if !self.unmatched.is_empty() {
            out.push_str(&format!(
                "not in this election, left out: {}\n",
                self.unmatched.join("; ")
            ));
        }
        out
    }
}

/// Reads a newer or corrected release of results into the file: new results are
/// declared; changed figures become corrections (with `source` in the reason), never
/// a silent overwrite. Divisions match by code, then by name (and area); candidates by
/// their ids, then by name and party, then by ballot position. Anything that stays
/// ambiguous refuses the whole release, with the choices, before anything is saved.
pub fn update_from(
    store: &mut Store,
    loaded: &LoadedResults,
    source: &str,
) -> Result<UpdateReport, StoreError> {
    let reason = format!("corrected release: {source}");
    let mut report = UpdateReport::default();
    let election = store.election().clone();
    let by_code: HashMap<&str, DivisionIx> = election
        .division_ixs()
        .filter_map(|ix| election.division(ix).code.as_deref().map(|c| (c, ix)))
        .collect();
    let mut translated = Vec::new();
    let mut ambiguous = Vec::new();
    for (new_ix, figures) in loaded.declared() {
        match translate(&election, &by_code, &loaded.election, new_ix, &figures) {
            Ok(Some(found)) => translated.push(found),
            Ok(None) => report
                .unmatched
                .push(loaded.election.division_label(new_ix)),
            Err(why) => ambiguous.push(why),
        }
    }
    if !ambiguous.is_empty() {
        return Err(StoreError::Refused(Refusal::AmbiguousRelease {
            source: source.to_string(),
            why: ambiguous,
        }));
    }
    for (ix, declaration) in translated {
        if election.division(ix).is_uncontested() {
            continue;
        }
        let name = election.division_label(ix);
        match store.tally().declaration(ix).cloned() {
            None => {
                store.import(ix, &declaration)?;
                report.declared.push(name);
            }
            Some(old)
                if old.votes == declaration.votes
                    && old.ballots_issued == declaration.ballots_issued
                    && old.rejected == declaration.rejected =>
            {
                report.unchanged += 1;
            }
            Some(old) => {
                store.correct(ix, &declaration, &reason)?;
                let changes: Vec<String> = election
                    .division(ix)
                    .candidate_ixs()
                    .zip(old.votes.iter().zip(&declaration.votes))
                    .filter(|(_, (a, b))| a != b)
                    .map(|(c, (a, b))| format!("{} {a} -> {b}", election.candidate_label(c)))
                    .collect();
                report
                    .corrected
                    .push(format!("{name}: {}", changes.join(", ")));
            }
        }
    }
    Ok(report)
}

/// A declaration of another file's election, in this election's division and
/// candidate order. `Ok(None)`: the division, or one of its candidates, is not here;
/// `Err`: what could be more than one thing here, with the choices.
fn translate(
    election: &Election,
    by_code: &HashMap<&str, DivisionIx>,
    other: &Election,
    ix: DivisionIx,
    figures: &Declaration,
) -> Result<Option<(DivisionIx, Declaration)>, String> {
    let theirs = other.division(ix);
    let mine = match theirs.code.as_deref().and_then(|code| by_code.get(code)) {
        Some(&mine) => mine,
        None => match election.divisions_named(&theirs.name).as_slice() {
            [] => return Ok(None),
            [only] => *only,
            several => {
                let same_area: Vec<DivisionIx> = several
                    .iter()
                    .copied()
                    .filter(|&d| theirs.area.is_some() && election.division(d).area == theirs.area)
                    .collect();
                match same_area.as_slice() {
                    [only] => *only,
                    _ => {
                        let choices: Vec<String> = several
                            .iter()
                            .map(|&d| election.division_label(d))
                            .collect();
                        return Err(format!(
                            "\"{}\" could be any of {}",
                            theirs.name,
                            choices.join(", ")
                        ));
                    }
                }
            }
        },
    };
    let d = election.division(mine);
    if d.candidate_count() != theirs.candidate_count() {
        return Ok(None);
    }
    let mut votes = Vec::with_capacity(d.candidate_count());
    let mut won_by_lot = Vec::new();
    let mut taken = vec![false; theirs.candidate_count()];
    for (pos, c) in d.candidate_ixs().enumerate() {
        let theirs_c = match other.match_candidate(ix, &election.candidate_ref(c)) {
            Ok(Some(found)) => found,
            Ok(None) => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        let their_pos = other.ballot_position(theirs_c) as usize;
        if std::mem::replace(&mut taken[their_pos], true) {
            return Err(format!(
                "in {}, two candidates here match {} in the release",
                election.division_label(mine),
                other.candidate_label(theirs_c)
            ));
        }
        let Some(&v) = figures.votes.get(their_pos) else {
            return Ok(None);
        };
        votes.push(v);
        if figures.won_by_lot.contains(&(their_pos as u32)) {
            won_by_lot.push(pos as u32);
        }
    }
    Ok(Some((
        mine,
        Declaration {
            votes,
            ballots_issued: figures.ballots_issued,
            rejected: figures.rejected,
            won_by_lot,
            declared_at: figures.declared_at,
            account: figures.account.clone(),
        },
    )))
}
