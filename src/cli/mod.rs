//! Headless commands on the same engine as the window. Exit status: 0 success,
//! 1 invalid data, 2 bad usage. Errors go to stderr as one plain sentence.

pub mod advice;
mod args;
mod backtest;
mod check;
mod export;
mod file;
mod load;
pub mod manual;
mod night;
mod paper;
mod publish;
mod share;
mod summary;
mod verify;
mod visible;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub use visible::{VisibleWriter, visible, visible_bytes};

pub use args::{
    Cli, CliCommand, Entry, FormatArg, MapArgs, SeatsArg, ShareArg, SiteArgs, SourceArgs, WhatArg,
};

/// A failed command: the sentence to print and the exit status.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub status: u8,
}

impl CliError {
    /// The data is invalid (exit status 1).
    pub fn data(message: impl std::fmt::Display) -> Self {
        CliError {
            message: message.to_string(),
            status: 1,
        }
    }

    /// The command was used wrongly (exit status 2).
    pub fn usage(message: impl std::fmt::Display) -> Self {
        CliError {
            message: message.to_string(),
            status: 2,
        }
    }
}

/// Reads a results file (and its baseline) into a tally, as the commands do (an
/// election file read alone leaves the rest of its store for the process's end).
pub fn load_tally(
    path: &std::path::Path,
    baseline: Option<&std::path::Path>,
) -> Result<crate::tally::Tally, CliError> {
    load::tally(path, &SourceArgs::default(), baseline, None)
}

/// Runs a parsed command line.
///
/// Long: One arm per case, and the match exhaustive, so that a new one cannot compile
/// unhandled; each arm is short.
pub fn run(cli: Cli) -> ExitCode {
    let Some(command) = cli.command else {
        return window(None, cli.new_from_results);
    };
    let result = match command {
        CliCommand::Open { file } => return window(file, false),
        CliCommand::Summary {
            file,
            baseline,
            json,
            share,
            swing,
            projection,
            simulations,
            seed,
            source,
        } => summary::run(
            &file,
            &source,
            baseline.as_deref(),
            json,
            share,
            swing.as_deref(),
            projection.then_some(crate::tally::projection::ProjectionOptions { simulations, seed }),
        ),
        CliCommand::Export {
            file,
            out,
            what,
            baseline,
            areas,
            blank,
            source,
        } => export::run(
            &file,
            &source,
            &out,
            what,
            baseline.as_deref(),
            areas.as_deref(),
            blank,
        ),
        CliCommand::Check { file, source } => check::run(&file, &source),
        CliCommand::Update {
            file,
            from,
            by,
            source,
        } => file::update(&file, &from, &source, by.as_deref()),
        CliCommand::New {
            from,
            out,
            baseline,
            name,
            by,
            boundaries,
            map,
            source,
        } => map.need(boundaries.as_deref()).and_then(|()| {
            file::new(
                &from,
                &source,
                &out,
                baseline.as_deref(),
                boundaries.as_deref().map(|b| (b, map.options())),
                name.as_deref(),
                by.as_deref(),
            )
        }),
        CliCommand::Declare { file, entry } => {
            night::declare(&file, entry.by.as_deref(), &entry.args())
        }
        CliCommand::Correct {
            file,
            entry,
            reason,
            resolve,
        } => night::correct(&file, entry.by.as_deref(), &entry.args(), &reason, resolve),
        CliCommand::Share { file, db, name, by } => {
            share::share(&file, &db, name.as_deref(), by.as_deref())
        }
        CliCommand::Join { db, election, out } => share::join(&db, &election, &out),
        CliCommand::Sync { file, db, watch } => share::sync(&file, db.as_deref(), watch),
        CliCommand::DrawLots {
            file,
            division,
            winners,
            by,
        } => night::draw_lots(&file, by.as_deref(), &division, &winners),
        CliCommand::Undo { file, by } => night::undo(&file, by.as_deref()),
        CliCommand::Withdraw {
            file,
            division,
            reason,
            by,
        } => night::withdraw(&file, by.as_deref(), &division, &reason),
        CliCommand::Log { file, json } => file::log(&file, json),
        CliCommand::Baseline {
            file,
            from,
            by,
            source,
        } => file::baseline(&file, &from, &source, by.as_deref()),
        CliCommand::Boundaries {
            file,
            from,
            map,
            by,
        } => file::boundaries(&file, &from, &map.options(), by.as_deref()),
        CliCommand::Backtest {
            file,
            baseline,
            suite,
            orders,
            blocks,
            declared_order,
            simulations,
            seed,
            json,
            central_shares,
            source,
        } => match (suite, file, baseline) {
            (Some(manifest), _, _) => backtest::suite(&manifest, orders, (simulations, seed), json),
            (None, Some(file), Some(baseline)) => backtest::backtest(
                &file,
                &source,
                &baseline,
                (orders, blocks.as_deref(), declared_order),
                (simulations, seed),
                (json, central_shares.as_deref()),
            ),
            _ => Err(CliError::usage(
                "give the results and --baseline, or --suite MANIFEST",
            )),
        },
        CliCommand::Composition {
            file,
            from,
            continuing,
            before,
            year,
            by,
        } => file::composition(
            &file,
            &from,
            continuing,
            before,
            year.as_deref(),
            by.as_deref(),
        ),
        CliCommand::Declaration {
            file,
            division,
            out,
            provisional,
            returning_officer,
            welsh,
            source,
        } => paper::declaration(
            &file,
            &source,
            &division,
            &out,
            provisional,
            returning_officer,
            welsh,
        ),
        CliCommand::Notice {
            file,
            council,
            out,
            welsh,
            source,
        } => paper::notice(&file, &source, council.as_deref(), &out, welsh),
        CliCommand::Publish { out, watch, site } => publish::publish(&site, &out, watch),
        CliCommand::Serve { port, bind, site } => publish::serve(&site, &bind, port),
        CliCommand::Verify {
            file,
            export,
            acknowledge,
            by,
            drop_copies,
        } => match (export, acknowledge) {
            (true, _) => verify::export(&file),
            (false, Some(why)) => verify::acknowledge(&file, &why, by.as_deref()),
            (false, None) => verify::run(&file, drop_copies),
        },
        CliCommand::Backup { file, to } => file::backup(&file, to.as_deref()),
        CliCommand::Manual { out } => manual::write_all(&out)
            .map(|written| {
                println!("saved: {} files under {}", written.len(), out.display());
                0
            })
            .map_err(|e| CliError::data(format!("the manual could not be written: {e}"))),
        CliCommand::Restore {
            backup,
            out,
            replace,
        } => file::restore(&backup, &out, replace),
        CliCommand::Generate {
            divisions,
            seats,
            parties,
            declared,
            seed,
            out,
        } => export::generate(divisions, seats, parties, declared, seed, &out),
    };
    match result {
        Ok(status) => ExitCode::from(status),
        Err(e) => {
            say(&format!("error: {}", e.message));
            ExitCode::from(e.status)
        }
    }
}

fn window(file: Option<PathBuf>, new_from_results: bool) -> ExitCode {
    match crate::app::run(file, new_from_results) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say(&format!("error: {e}"));
            ExitCode::from(1)
        }
    }
}

/// Writes a line to stderr; a closed stderr is no reason to panic.
pub(crate) fn say(line: &str) {
    // A closed stderr is no reason to panic, and there is nowhere else to say it.
    let _ = writeln!(std::io::stderr().lock(), "{}", visible(line));
}

/// Writes to stdout; a closed pipe (e.g. `| head`) ends quietly instead of panicking.
pub(crate) fn print(text: &str) -> Result<(), CliError> {
    print_data(visible(text).as_bytes())
}

/// Writes a file's bytes to stdout as they are (`export --out -`): data piped on,
/// whose cells are already safe to open, never rewritten for a terminal.
pub(crate) fn print_data(bytes: &[u8]) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::data(format!("cannot write the output ({e})"))),
    }
}
