//! `tallyroom declaration` and `tallyroom notice`: the count's paperwork as PDF.

use std::path::Path;

use crate::cli::load::Opened;
use crate::cli::night::find_division;
use crate::cli::{CliError, SourceArgs};
use crate::formats::{display_name, write_whole};
use crate::paper::{self, Imprint, Paper, Stage};

fn imprint(
    file: &Path,
    fingerprint: Option<String>,
    officer: Option<String>,
    welsh: bool,
) -> Imprint {
    Imprint {
        source: display_name(file),
        fingerprint,
        printed_at: jiff::Timestamp::now(),
        returning_officer: officer,
        languages: paper::wording::Languages { welsh },
    }
}

fn save(out: &Path, paper: &Paper) -> Result<u8, CliError> {
    write_whole(out, &paper.pdf).map_err(CliError::data)?;
    if !paper.unprintable.is_empty() {
        let chars: String = paper.unprintable.iter().collect();
        crate::cli::say(&format!(
            "warning: the paper's font has no letter for {chars:?}: those characters print \
             as boxes; check the names on the paper before it is read out"
        ));
    }
    crate::cli::say(&format!(
        "{} written ({} page{})",
        display_name(out),
        paper.pages.len(),
        if paper.pages.len() == 1 { "" } else { "s" }
    ));
    Ok(0)
}

pub fn declaration(
    file: &Path,
    source: &SourceArgs,
    division: &str,
    out: &Path,
    provisional: bool,
    officer: Option<String>,
    welsh: bool,
) -> Result<u8, CliError> {
    let opened = Opened::open(file, source)?;
    let tally = opened.tally();
    let ix = find_division(tally.election(), division)?;
    let stage = if provisional {
        Stage::Provisional
    } else {
        Stage::Declaration
    };
    let refused = |e: paper::Unprintable| CliError::data(format!("{}: {e}", display_name(file)));
    let figures = match opened.night() {
        Some(night) => paper::sheet::figures_on_night(night, ix, stage).map_err(refused)?,
        None => tally.declaration(ix).cloned().ok_or_else(|| {
            refused(paper::Unprintable::NotDeclared {
                division: tally.election().division_label(ix),
            })
        })?,
    };
    let sheet = paper::division_sheet(tally, ix, &figures, stage).map_err(refused)?;
    let paper = paper::division_paper(&sheet, &imprint(file, opened.fingerprint(), officer, welsh))
        .map_err(CliError::data)?;
    save(out, &paper)
}

pub fn notice(
    file: &Path,
    source: &SourceArgs,
    council: Option<&str>,
    out: &Path,
    welsh: bool,
) -> Result<u8, CliError> {
    let opened = Opened::open(file, source)?;
    let tally = opened.tally();
    let election = tally.election();
    let names = || {
        election
            .council_ixs()
            .map(|c| election.council_name(c).to_string())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let ix = match council {
        Some(name) => election.find_council(name).ok_or_else(|| {
            CliError::usage(format!(
                "{}: no council \"{name}\"; the councils are: {}",
                display_name(file),
                names()
            ))
        })?,
        None if election.councils.len() == 1 => crate::model::CouncilIx(0),
        None => {
            return Err(CliError::usage(format!(
                "{} elects {} councils: name one with --council (one of: {})",
                display_name(file),
                election.councils.len(),
                names()
            )));
        }
    };
    let sheet = paper::notice_sheet(tally, ix, opened.night());
    let paper = paper::notice_paper(&sheet, &imprint(file, opened.fingerprint(), None, welsh))
        .map_err(CliError::data)?;
    if !sheet.complete() {
        crate::cli::say(&format!(
            "note: {} of {} divisions declared: the notice says INCOMPLETE on every page",
            sheet.declared(),
            sheet.divisions.len()
        ));
    }
    save(out, &paper)
}
