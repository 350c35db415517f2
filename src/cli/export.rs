//! `tallyroom export`: final results as CSV, written whole or not at all.

use std::path::Path;
use std::sync::Arc;

use crate::cli::{CliError, SeatsArg, SourceArgs, WhatArg, load};
use crate::formats::export::{export, unfinished_note};
use crate::formats::native::{self, Content};
use crate::formats::write_whole;
use crate::generate::{GenerateOptions, SeatPattern, generate as generate_election};
use crate::model::DivisionIx;
use crate::tally::Tally;

pub fn run(
    file: &Path,
    source: &SourceArgs,
    out: &Path,
    what: WhatArg,
    baseline: Option<&Path>,
    areas: Option<&Path>,
    blank: bool,
) -> Result<u8, CliError> {
    if blank && what != WhatArg::Candidates {
        return Err(CliError::usage("--blank goes with --what candidates"));
    }
    let (tally, conflicts, fingerprint) =
        load::tally_conflicts_and_fingerprint(file, source, baseline, areas)?;
    let bytes = match (what, blank) {
        (WhatArg::Candidates, true) => {
            let mut bytes = Vec::new();
            native::write(&mut bytes, &tally, Content::Blank).map(|()| bytes)
        }
        _ => export(&tally, what.into()),
    }
    .map_err(|e| CliError::data(format!("cannot write the CSV ({e})")))?;
    if out == Path::new("-") {
        crate::cli::print_data(&bytes)?;
    } else {
        write_whole(out, &bytes).map_err(CliError::data)?;
        // Beside it, the manifest that ties it to the night's record.
        let name = crate::formats::display_name(out);
        let manifest = crate::formats::manifest::write(
            &[(&name, &bytes)],
            &tally.election().name,
            fingerprint.as_deref(),
            &crate::store::events::Identity::new(None).who,
        );
        write_whole(
            &crate::formats::manifest::path_for(out),
            manifest.as_bytes(),
        )
        .map_err(CliError::data)?;
    }
    if let Some(note) = unfinished_note(&tally).filter(|_| !blank) {
        crate::cli::say(&format!("note: {note}"));
    }
    if !conflicts.is_empty() && !blank {
        let election = tally.election();
        let names: Vec<&str> = conflicts
            .iter()
            .map(|(d, _)| election.division(*d).name.as_str())
            .collect();
        crate::cli::say(&format!(
            "warning: {} holds conflicting declarations not yet settled in {} division(s): {}; the export has the figures that reached the server first. `tallyroom summary` shows both sets of figures and how to settle them",
            crate::formats::display_name(file),
            names.len(),
            names.join(", ")
        ));
    }
    Ok(0)
}

/// `tallyroom generate`: a synthetic election as a results CSV.
pub fn generate(
    divisions: usize,
    seats: SeatsArg,
    parties: usize,
    declared: f64,
    seed: u64,
    out: &Path,
) -> Result<u8, CliError> {
    if divisions == 0 || !(0.0..=1.0).contains(&declared) {
        return Err(CliError::usage(
            "--divisions must be 1 or more and --declared between 0 and 1",
        ));
    }
    let options = GenerateOptions {
        divisions,
        seats: match seats {
            SeatsArg::One => SeatPattern::One,
            SeatsArg::Two => SeatPattern::Two,
            SeatsArg::Three => SeatPattern::Three,
            SeatsArg::Mixed => SeatPattern::Mixed,
        },
        parties,
        declared,
        seed,
    };
    let (mut election, declarations) = generate_election(&options);
    election.name = crate::formats::stem(out);
    let declared: Vec<_> = declarations
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.clone().map(|d| (DivisionIx(i as u32), d)))
        .collect();
    let tally = Tally::with_declarations(Arc::new(election), declared).map_err(|(_, e)| {
        CliError::data(format!("the generated election is inconsistent ({e})"))
    })?;
    let mut bytes = Vec::new();
    native::write(&mut bytes, &tally, Content::Results)
        .map_err(|e| CliError::data(format!("cannot write the CSV ({e})")))?;
    if out == Path::new("-") {
        crate::cli::print_data(&bytes)?;
    } else {
        write_whole(out, &bytes).map_err(CliError::data)?;
    }
    Ok(0)
}
