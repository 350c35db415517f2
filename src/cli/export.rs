//! `tallyroom export`: final results as CSV, written whole or not at all.

use std::io::Write;
use std::path::Path;

use crate::cli::{CliError, What, load, print};
use crate::formats::export::{write_divisions, write_parties};
use crate::formats::native::{self, Content};
use crate::report::{SummaryOptions, summarise};

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
