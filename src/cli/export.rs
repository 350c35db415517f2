//! `tallyroom export`: final results as CSV, written whole or not at all.

use std::io::Write;
use std::path::Path;

use std::sync::Arc;

use crate::cli::{CliError, SeatsArg, What, load, print};
use crate::formats::export::{write_divisions, write_parties};
use crate::formats::native::{self, Content};
use crate::generate::{GenerateOptions, SeatPattern, generate as generate_election};
use crate::model::DivisionIx;
use crate::report::{SummaryOptions, summarise};
use crate::tally::Tally;

pub fn run(
    file: &Path,
    out: &Path,
    what: What,
    baseline: Option<&Path>,
    areas: Option<&Path>,
    blank: bool,
) -> Result<u8, CliError> {
    if blank && what != What::Candidates {
        return Err(CliError::usage("--blank goes with --what candidates"));
    }
    let tally = load::tally(file, baseline, areas)?;
    let mut bytes = Vec::new();
    let written = match what {
        What::Candidates => {
            let content = if blank {
                Content::Blank
            } else {
                Content::Results
            };
            native::write(&mut bytes, &tally, content)
        }
        What::Divisions => {
            write_divisions(&mut bytes, &summarise(&tally, &SummaryOptions::default()))
        }
        What::Parties => write_parties(&mut bytes, &summarise(&tally, &SummaryOptions::default())),
    };
    written.map_err(|e| CliError::data(format!("cannot write the CSV ({e})")))?;
    if out == Path::new("-") {
        print(&String::from_utf8_lossy(&bytes))?;
    } else {
        write_whole(out, &bytes)?;
    }
    let totals = tally.totals();
    let undecided = tally.election().divisions.len() as u64 - totals.divisions_declared;
    if undecided > 0 && !blank {
        eprintln!(
            "note: {undecided} divisions are not declared yet ({} tied); the export shows the night so far",
            totals.divisions_tied
        );
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
        print(&String::from_utf8_lossy(&bytes))?;
    } else {
        write_whole(out, &bytes)?;
    }
    Ok(0)
}

/// Writes beside the target and renames over it, so a failure never leaves half a file.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let fail = |e: std::io::Error| CliError::data(format!("cannot write {} ({e})", path.display()));
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.partial"));
    let mut f = std::fs::File::create(&temp).map_err(fail)?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(fail)?;
    std::fs::rename(&temp, path).map_err(fail)
}
