//! A new election file from results already read: the set-up, the baseline kept as
//! a normalised results CSV, and any declarations in the results as events.

use std::path::Path;
use std::sync::Arc;

use crate::formats::native::{self, Content, LoadedResults};
use crate::model::{Declaration, DivisionIx, Election};
use crate::store::events::Identity;
use crate::store::{BaselineSource, Store, StoreError};
use crate::tally::Tally;

/// Creates `out` with the election of `results` (named `name`), keeping `baseline`
/// (its name and results) in the file. Returns the store and how many declarations
/// were imported.
pub fn create_from_results(
    out: &Path,
    name: &str,
    results: &LoadedResults,
    baseline: Option<(&str, LoadedResults)>,
    identity: Identity,
) -> Result<(Store, usize), StoreError> {
    let mut election = results.election.clone();
    election.name = name.to_string();
    let baseline_source = match baseline {
        None => None,
        Some((base_name, base)) => Some(baseline_source(base_name, base)?),
    };
    let mut store = Store::create(out, &election, baseline_source.as_ref(), identity)?;
    let declared: Vec<(DivisionIx, Declaration)> = results
        .declared()
        .filter(|(d, _)| !store.election().division(*d).is_uncontested())
        .collect();
    let imported = store.import_all(&declared)?;
    Ok((store, imported))
}

/// A baseline read from any format, kept as the app's own results CSV.
pub fn baseline_source(name: &str, results: LoadedResults) -> Result<BaselineSource, StoreError> {
    let declared: Vec<_> = results.declared().collect();
    let tally = Tally::with_declarations(Arc::new(results.election), declared)
        .map_err(|(_, e)| StoreError::Refused(format!("the baseline {name}: {e}")))?;
    let mut csv = Vec::new();
    native::write(&mut csv, &tally, Content::Results)
        .map_err(|e| StoreError::Refused(format!("the baseline cannot be kept ({e})")))?;
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
/// a silent overwrite. Divisions match by code, then by name; candidates by name.
pub fn update_from(
    store: &mut Store,
    loaded: &LoadedResults,
    source: &str,
) -> Result<UpdateReport, StoreError> {
    let reason = format!("corrected release: {source}");
    let mut report = UpdateReport::default();
    for (new_ix, figures) in loaded.declared() {
        let election = store.election().clone();
        let Some((ix, declaration)) = translate(&election, &loaded.election, new_ix, &figures)
        else {
            report
                .unmatched
                .push(loaded.election.division(new_ix).name.clone());
            continue;
        };
        if election.division(ix).is_uncontested() {
            continue;
        }
        let name = &election.division(ix).name;
        match store.tally().declaration(ix).cloned() {
            None => {
                store.import(ix, &declaration)?;
                report.declared.push(name.clone());
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
                    .map(|(c, (a, b))| format!("{} {a} -> {b}", election.candidate(c).name))
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
/// candidate order; none when the division or a candidate has no match.
fn translate(
    election: &Election,
    other: &Election,
    ix: DivisionIx,
    figures: &Declaration,
) -> Option<(DivisionIx, Declaration)> {
    let theirs = other.division(ix);
    let mine = theirs
        .code
        .as_ref()
        .and_then(|code| {
            election
                .division_ixs()
                .find(|&d| election.division(d).code.as_ref() == Some(code))
        })
        .or_else(|| election.find_division(&theirs.name))?;
    let d = election.division(mine);
    if d.candidate_count() != theirs.candidate_count() {
        return None;
    }
    let mut votes = Vec::with_capacity(d.candidate_count());
    let mut won_by_lot = Vec::new();
    for (pos, c) in d.candidate_ixs().enumerate() {
        let theirs_c = other.find_candidate(ix, &election.candidate(c).name)?;
        let their_pos = (theirs_c.0 - theirs.candidates.start) as usize;
        votes.push(*figures.votes.get(their_pos)?);
        if figures.won_by_lot.contains(&(their_pos as u32)) {
            won_by_lot.push(pos as u32);
        }
    }
    Some((
        mine,
        Declaration {
            votes,
            ballots_issued: figures.ballots_issued,
            rejected: figures.rejected,
            won_by_lot,
            declared_at: figures.declared_at,
        },
    ))
}
