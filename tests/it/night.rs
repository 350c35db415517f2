//! Whole nights through the command line: the Lancashire 2025 night replayed
//! declaration by declaration, and declarations killed at random moments.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tallyroom::store::events::Identity;
use tallyroom::store::{Plain, Store};

use crate::support::commands::{json_summary, run, tempdir};
use crate::support::elections::sample;

/// The `declare` arguments for each division of a results CSV, in file order.
fn declarations(results: &Path) -> Vec<(String, Vec<String>)> {
    let mut reader = csv::Reader::from_path(results).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (d, c, v) = (col("division"), col("candidate"), col("votes"));
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for row in reader.records() {
        let row = row.unwrap();
        let arg = format!("{}={}", &row[c], &row[v]);
        match out.last_mut() {
            Some((name, args)) if name == &row[d] => args.push(arg),
            _ => out.push((row[d].to_string(), vec![arg])),
        }
    }
    out
}

/// A summary without what differs between a file and a replay of it: its name and
/// the declaration times (the replay's are the times of entry).
fn comparable(mut json: Value) -> Value {
    json["election"] = Value::Null;
    // The election file's record has a fingerprint; a results file has none.
    if let Some(object) = json.as_object_mut() {
        object.remove("fingerprint");
    }
    for d in json["divisions"].as_array_mut().unwrap() {
        d["declared_at"] = Value::Null;
    }
    json
}

#[test]
fn replaying_the_lancashire_night_gives_the_results_file_summary() {
    let tmp = tempdir();
    let file = tmp.path().join("night.tally");
    let f = file.to_str().unwrap();
    let baseline = sample("lancashire-2021.csv");
    let out = run(&[
        "new",
        "--from",
        sample("lancashire-2025-rehearsal.csv").to_str().unwrap(),
        "--baseline",
        baseline.to_str().unwrap(),
        "--out",
        f,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let night = declarations(&sample("lancashire-2025.csv"));
    assert_eq!(night.len(), 82);
    for (division, votes) in &night {
        let mut args = vec![
            "declare",
            f,
            "--division",
            division.as_str(),
            "--by",
            "Volunteer",
        ];
        args.extend(votes.iter().map(String::as_str));
        let out = run(&args);
        assert!(
            out.status.success(),
            "{division}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("saved: "));
    }
    let replayed = comparable(json_summary(&[f]));
    let from_file = comparable(json_summary(&[
        sample("lancashire-2025.csv").to_str().unwrap(),
        "--baseline",
        baseline.to_str().unwrap(),
    ]));
    assert_eq!(replayed, from_file);
    assert_eq!(replayed["control"]["party"], "Reform UK");
}

/// Expected votes per division, as the engine stores them.
fn expected_votes(night: &[(String, Vec<String>)]) -> BTreeMap<String, Vec<u64>> {
    night
        .iter()
        .map(|(d, args)| {
            let votes = args
                .iter()
                .map(|a| a.rsplit_once('=').unwrap().1.parse().unwrap())
                .collect();
            (d.clone(), votes)
        })
        .collect()
}

/// After a kill: the file opens, passes SQLite's integrity check, holds every
/// declaration reported saved, and every declaration it holds is whole.
fn assert_sound(file: &Path, saved: &[String], expected: &BTreeMap<String, Vec<u64>>) {
    let conn = rusqlite::Connection::open(file).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(conn);
    let store = Store::open(file, Identity::new(Some("checker"))).unwrap();
    assert_eq!(store.problem_count(), 0, "{:?}", store.problems(&Plain));
    let election = store.election();
    for name in saved {
        let ix = election.find_division(name).unwrap();
        assert!(
            store.tally().declaration(ix).is_some(),
            "{name} was reported saved but is missing"
        );
    }
    for ix in election.division_ixs() {
        if let Some(d) = store.tally().declaration(ix) {
            let name = &election.division(ix).name;
            assert_eq!(
                &d.votes, &expected[name],
                "{name} holds a different declaration"
            );
        }
    }
}

#[test]
fn declarations_killed_at_random_moments_lose_nothing_that_was_saved() {
    let tmp = tempdir();
    let night = declarations(&sample("lancashire-2025.csv"));
    let expected = expected_votes(&night);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut random = move |below: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % below
    };
    let mut kills = 0;
    let mut rounds = 0;
    let mut saved_total = 0;
    while kills < 200 && rounds < 40 {
        rounds += 1;
        let file = tmp.path().join(format!("round{rounds}.tally"));
        let f = file.to_str().unwrap();
        let out = run(&[
            "new",
            "--from",
            sample("lancashire-2025-rehearsal.csv").to_str().unwrap(),
            "--out",
            f,
        ]);
        assert!(out.status.success());
        let mut saved: Vec<String> = Vec::new();
        for (division, votes) in &night {
            let mut child = crate::support::commands::tallyroom_command()
                .args(["declare", f, "--division", division])
                .args(votes)
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_micros(random(20_000)));
            if child.try_wait().unwrap().is_none() {
                child.kill().unwrap();
                kills += 1;
            }
            child.wait().unwrap();
            let mut stdout = String::new();
            child
                .stdout
                .take()
                .unwrap()
                .read_to_string(&mut stdout)
                .unwrap();
            if stdout.starts_with("saved") {
                saved.push(division.clone());
            }
            if random(8) == 0 {
                assert_sound(&file, &saved, &expected);
            }
        }
        assert_sound(&file, &saved, &expected);
        saved_total += saved.len();
    }
    eprintln!("{kills} kills and {saved_total} declarations reported saved over {rounds} rounds");
    assert!(
        saved_total > 0,
        "some declarations must get through for the test to mean anything"
    );
    assert!(kills >= 200, "only {kills} kills landed");
}
