//! The long texts a user reads, as snapshots (`tests/it/snapshots/`): a change of
//! wording or of a figure shows as a difference to review (`cargo insta review`, or
//! compare the `.snap.new` file written beside the snapshot), never passes unseen.

use crate::support::commands::{run, run_ok, tempdir};
use crate::support::elections::sample;

/// The summary table of the shared Lancashire night against its baseline.
#[test]
fn the_summary_table_of_lancashire_2025_against_2021() {
    let results = sample("lancashire-2025.csv");
    let baseline = sample("lancashire-2021.csv");
    let table = run_ok(&[
        "summary",
        results.to_str().unwrap(),
        "--baseline",
        baseline.to_str().unwrap(),
    ]);
    insta::assert_snapshot!(table);
}

/// `check` on a results file with an error and a warning of each kind it meets
/// first: every finding at its line and column.
#[test]
fn the_check_of_a_file_with_errors_and_warnings() {
    let dir = tempdir();
    let file = dir.path().join("night.csv");
    std::fs::write(
        &file,
        "division,seats,candidate,party,votes,ballots_issued,rejected\n\
         Abbey,1,Ann Smith,Labour,120,150,40\n\
         Abbey,1,Bob Jones,Conservative,0,150,40\n\
         Brook,1,Cy Patel,Labour,12a,,\n\
         Brook,1,Di Evans,Conservative,5,,\n",
    )
    .unwrap();
    let out = run(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "errors give exit status 1");
    let text = String::from_utf8_lossy(&out.stdout).replace(dir.path().to_str().unwrap(), "DIR");
    insta::assert_snapshot!(text);
}

/// The log of a night: who entered what, and a correction with its reason. Times and
/// the machine's name differ from run to run and are shown as placeholders.
#[test]
fn the_log_of_a_declaration_and_its_correction() {
    let dir = tempdir();
    let setup = dir.path().join("night.csv");
    std::fs::write(
        &setup,
        "division,seats,candidate,party,votes\n\
         Abbey,1,Ann Smith,Labour,\n\
         Abbey,1,Bob Jones,Conservative,\n\
         Brook,1,Cy Patel,Labour,\n\
         Brook,1,Di Evans,Conservative,\n",
    )
    .unwrap();
    let night = dir.path().join("night.tally");
    let night = night.to_str().unwrap();
    run_ok(&["new", "--from", setup.to_str().unwrap(), "--out", night]);
    run_ok(&[
        "declare",
        night,
        "--division",
        "Abbey",
        "--by",
        "ann",
        "Ann Smith=1,120",
        "Bob Jones=980",
    ]);
    run_ok(&[
        "correct",
        night,
        "--division",
        "Abbey",
        "--by",
        "bob",
        "--reason",
        "recount of bundle 3",
        "Ann Smith=1,121",
        "Bob Jones=980",
    ]);
    let log = run_ok(&["log", night]);
    insta::assert_snapshot!(placeholders(&log));
}

/// Each date and time as `[time]`, each "on MACHINE" as `on [machine]`.
fn placeholders(text: &str) -> String {
    text.lines()
        .map(|line| {
            let mut out = Vec::new();
            let words: Vec<&str> = line.split("  ").collect();
            for word in words {
                let w = word.trim();
                let is_time = w.len() == 23
                    && w.ends_with(" UTC")
                    && w.chars().filter(|c| c.is_ascii_digit()).count() == 14;
                if is_time {
                    out.push("[time]".to_string());
                } else if let Some((who, _machine)) = w.split_once(" on ") {
                    out.push(format!("{who} on [machine]"));
                } else {
                    out.push(word.to_string());
                }
            }
            out.join("  ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}
