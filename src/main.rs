use std::process::ExitCode;

use clap::Parser;

// A faster allocator than the system's for the many small names and lists of a big
// night (reading a million-candidate file spends a third of its time allocating).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    tallyroom::places::log_panics();
    tallyroom::cli::run(tallyroom::cli::Cli::parse())
}
