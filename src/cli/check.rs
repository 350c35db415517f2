//! `tallyroom check`: every declaration check over a results file.

use std::fmt::Write;
use std::path::Path;

use crate::cli::{CliError, SourceArgs, print};
use crate::formats::{ReadOptions, display_name, read_file, read_raw_any, stem};
use crate::tally::checks::Severity;

pub fn run(path: &Path, source: &SourceArgs) -> Result<u8, CliError> {
    let file = display_name(path);
    let bytes = read_file(path).map_err(CliError::data)?;
    let constituencies = match &source.constituencies {
        Some(c) => Some((display_name(c), read_file(c).map_err(CliError::data)?)),
        None => None,
    };
    let options = ReadOptions {
        format: source.format.map(Into::into),
        election_ids: &source.election_ids,
        constituencies: constituencies
            .as_ref()
            .map(|(n, b)| (n.as_str(), b.as_slice())),
    };
    let (raw, notes) = read_raw_any(&file, &bytes, &options).map_err(CliError::data)?;
    for note in notes {
        eprintln!("note: {note}");
    }
    let election = raw.election(&stem(path)).map_err(CliError::data)?;
    let findings = raw.check(&election);

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
        "{errors} errors, {warnings} warnings in {declared} declared of {} divisions",
        raw.divisions.len()
    );
    print(&out)?;
    Ok(if errors > 0 { 1 } else { 0 })
}
