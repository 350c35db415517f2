//! `tallyroom check`: every declaration check over a results file.

// `let _ = write!(text, …)` below writes into a String, which cannot fail.

use std::fmt::Write;
use std::path::Path;

use crate::cli::{CliError, SourceArgs, load, print};
use crate::formats::{display_name, stem};
use crate::tally::checks::Severity;

pub fn run(path: &Path, source: &SourceArgs) -> Result<u8, CliError> {
    let file = display_name(path);
    let (raw, notes) = load::raw_results_and_notes(path, source, &source.election_ids, false)?;
    // What reading the file said (titles taken, winners marked that the votes do not
    // elect, codes given to two wards, councils elected in part), counted below.
    for note in &notes {
        crate::cli::say(&format!("note: {note}"));
    }
    let notes = notes.len();
    let election = raw.election(&stem(path)).map_err(CliError::data)?;
    let findings = raw.check(&election);

    // The file as reading it names it: a workbook's sheet included.
    let file = if raw.file.is_empty() {
        file
    } else {
        raw.file.clone()
    };
    let mut out = String::new();
    for f in &findings {
        let _ = write!(out, "{file}, line {}", f.line);
        if let Some((number, name)) = &f.column {
            let _ = write!(out, ", column {number} ({name})");
        }
        let severity = match f.finding.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            out,
            ": {severity} {}: {}: {}",
            f.finding.code.code(),
            f.division,
            f.finding.message
        );
    }
    let errors = findings.iter().filter(|f| f.finding.is_error()).count();
    let warnings = findings.len() - errors;
    let declared = raw.divisions.iter().filter(|d| !d.is_awaiting()).count();
    let _ = writeln!(
        out,
        "{errors} error{}, {warnings} warning{}{} in {declared} declared of {} divisions",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
        if notes == 0 {
            String::new()
        } else {
            format!(
                ", {notes} note{} (above)",
                if notes == 1 { "" } else { "s" }
            )
        },
        raw.divisions.len()
    );
    print(&out)?;
    Ok(if errors > 0 { 1 } else { 0 })
}
