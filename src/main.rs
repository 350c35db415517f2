use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    tallyroom::cli::run(tallyroom::cli::Cli::parse())
}
