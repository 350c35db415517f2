//! The manual pages (`man tallyroom`, one page per command) and the shell completions,
//! made from the command line's own definition, so that they say what `--help` says
//! and a new command appears in them without further work.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;

/// The shells completions are written for.
pub const SHELLS: [Shell; 3] = [Shell::Bash, Shell::Zsh, Shell::Fish];

/// Writes `man/man1/tallyroom.1`, `man/man1/tallyroom-COMMAND.1` for each command,
/// and `completions/` for each of [`SHELLS`] under `out`. Returns the files those two
/// folders then hold.
pub fn write_all(out: &Path) -> std::io::Result<Vec<PathBuf>> {
    let pages = out.join("man").join("man1");
    std::fs::create_dir_all(&pages)?;
    clap_mangen::generate_to(Cli::command(), &pages)?;
    let completions = out.join("completions");
    std::fs::create_dir_all(&completions)?;
    for shell in SHELLS {
        clap_complete::generate_to(shell, &mut Cli::command(), "tallyroom", &completions)?;
    }
    let mut written = Vec::new();
    for folder in [pages, completions] {
        for entry in std::fs::read_dir(folder)? {
            written.push(entry?.path());
        }
    }
    written.sort();
    Ok(written)
}
