//! Headless commands on the same engine as the window. Exit status: 0 success,
//! 1 invalid data, 2 bad usage. Errors go to stderr as one plain sentence.

mod check;
mod export;
mod load;
mod summary;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Election-night tally: seats, votes, majorities and control from declared results.
#[derive(Debug, Parser)]
#[command(name = "tallyroom", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the tally of a results file: control, parties and every division.
    Summary {
        /// A results CSV (the app's own format).
        file: PathBuf,
        /// The previous election's results, for change and gain / hold.
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// One JSON object on stdout instead of tables.
        #[arg(long)]
        json: bool,
        /// Which votes make up a party's share.
        #[arg(long, value_enum, default_value_t = ShareArg::All)]
        share: ShareArg,
        /// Butler swing between two parties, "FROM,TO" (needs --baseline).
        #[arg(long, value_name = "FROM,TO")]
        swing: Option<String>,
    },
    /// Write the final results as CSV.
    Export {
        file: PathBuf,
        /// Where to write; "-" for standard output.
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = What::Candidates)]
        what: What,
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// Set each division's area from a CSV with columns division, area.
        #[arg(long, value_name = "FILE")]
        areas: Option<PathBuf>,
        /// Candidates only: write the set-up with every vote blank (a rehearsal sheet).
        #[arg(long)]
        blank: bool,
    },
    /// Run every declaration check over a results file; exit status 1 on errors.
    Check { file: PathBuf },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShareArg {
    /// Share of all votes cast.
    All,
    /// Each party's top candidate per division only.
    Top,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum What {
    /// One row per candidate, the app's own format with `elected` filled.
    Candidates,
    /// One row per division: winners, majority, turnout, result.
    Divisions,
    /// One row per party: seats, votes, share and changes.
    Parties,
}

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

/// Reads a results file (and its baseline) into a tally, as the commands do.
pub fn load_tally(
    path: &std::path::Path,
    baseline: Option<&std::path::Path>,
) -> Result<crate::tally::Tally, CliError> {
    load::tally(path, baseline, None)
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Summary {
            file,
            baseline,
            json,
            share,
            swing,
        } => summary::run(&file, baseline.as_deref(), json, share, swing.as_deref()),
        Command::Export {
            file,
            out,
            what,
            baseline,
            areas,
            blank,
        } => export::run(
            &file,
            &out,
            what,
            baseline.as_deref(),
            areas.as_deref(),
            blank,
        ),
        Command::Check { file } => check::run(&file),
    };
    match result {
        Ok(status) => ExitCode::from(status),
        Err(e) => {
            eprintln!("error: {}", e.message);
            ExitCode::from(e.status)
        }
    }
}

/// Writes to stdout; a closed pipe (e.g. `| head`) ends quietly instead of panicking.
pub(crate) fn print(text: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::data(format!("cannot write the output ({e})"))),
    }
}
