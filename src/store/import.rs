//! A new election file from results already read: the set-up, the baseline kept as
//! a normalised results CSV, and any declarations in the results as events.

use std::path::Path;
use std::sync::Arc;

use crate::formats::native::{self, Content, LoadedResults};
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
    let mut imported = 0;
    for (division, declaration) in results.declared() {
        if store.election().division(division).is_uncontested() {
            continue;
        }
        store.import(division, &declaration)?;
        imported += 1;
    }
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
