//! Opening the files a command names, as a tally.

use std::path::Path;
use std::sync::Arc;

use crate::cli::CliError;
use crate::formats::native::{self, LoadedResults};
use crate::formats::{areas, display_name, read_file, stem};
use crate::tally::Tally;
use crate::tally::baseline::attach_baseline;

/// Reads a results file.
pub fn results(path: &Path) -> Result<LoadedResults, CliError> {
    let bytes = read_file(path).map_err(CliError::data)?;
    native::read(&display_name(path), &stem(path), &bytes).map_err(CliError::data)
}

/// Reads a results file, with its baseline and area lookup when given, into a tally.
pub fn tally(
    path: &Path,
    baseline: Option<&Path>,
    area_file: Option<&Path>,
) -> Result<Tally, CliError> {
    let loaded = results(path)?;
    let declared: Vec<_> = loaded.declared().collect();
    let mut election = loaded.election;
    if let Some(base_path) = baseline {
        let base = results(base_path)?;
        attach_baseline(&mut election, &base.election, &base.declarations);
    }
    if let Some(area_path) = area_file {
        let file = display_name(area_path);
        let bytes = read_file(area_path).map_err(CliError::data)?;
        let lookup = areas::read(&file, &bytes).map_err(CliError::data)?;
        areas::apply(&file, &mut election, &lookup).map_err(CliError::data)?;
    }
    Tally::with_declarations(Arc::new(election), declared).map_err(|(ix, e)| {
        CliError::data(format!(
            "{}: division {}: {e}",
            display_name(path),
            ix.0 + 1
        ))
    })
}
