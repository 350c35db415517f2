//! Running the command line as a user runs it, and the files a test needs.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use tallyroom::tally::Tally;

/// `tallyroom ARGS` as a process: its exit status, standard output and error.
pub fn run(args: &[&str]) -> Output {
    tallyroom_command()
        .args(args)
        .output()
        .expect("the binary runs")
}

/// The binary, keeping its settings and backups in a folder of the build's (see
/// [`test_home`]) rather than the user's.
pub fn tallyroom_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tallyroom"));
    command.env(tallyroom::places::HOME_VARIABLE, test_home());
    command
}

/// Where the binary run by the tests keeps its settings, backups and log: under the
/// build's own temporary folder, so that a test run leaves nothing in the home folder
/// of whoever runs it.
pub fn test_home() -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("tallyroom-home")
}

/// `tallyroom summary ARGS --json`, parsed.
pub fn json_summary(args: &[&str]) -> Value {
    let mut all = vec!["summary"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = run(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object on stdout")
}

pub fn load(path: &Path) -> Tally {
    tallyroom::cli::load_tally(path, None).expect("loads")
}

/// Runs the command line, which must succeed; its standard output.
pub fn run_ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// A fresh directory for one test's files, removed when dropped. The stores the test
/// makes there keep their backups under [`test_home`], not the home folder of whoever
/// runs the tests.
pub fn tempdir() -> tempfile::TempDir {
    tallyroom::places::Places::keep_all_under(&test_home());
    tempfile::tempdir().unwrap()
}

/// The size of a file beside `path` with `suffix` added to its name (0 if none).
pub fn sibling_len(path: &std::path::Path, suffix: &str) -> u64 {
    let mut name = path.file_name().unwrap().to_os_string();
    name.push(suffix);
    std::fs::metadata(path.with_file_name(name)).map_or(0, |m| m.len())
}

/// A night of the Lancashire divisions and candidates, nothing declared, as an election
/// file in `dir` named as a council would name it.
pub fn rehearsal(dir: &Path) -> std::path::PathBuf {
    let night = dir.join("lancashire.tally");
    run_ok(&[
        "new",
        "--from",
        crate::support::elections::sample("lancashire-2025-rehearsal.csv")
            .to_str()
            .unwrap(),
        "--out",
        night.to_str().unwrap(),
        "--name",
        "Lancashire County Council",
    ]);
    night
}
