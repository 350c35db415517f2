//! The command line as a user runs it: exit status, stdout and stderr.

use std::path::Path;
use std::process::Output;

use tallyroom::report::{SummaryOptions, summarise};

use crate::support::commands::{json_summary, run, tempdir};
use crate::support::elections::sample;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn exit_status_is_1_for_bad_data_and_2_for_bad_usage() {
    let tmp = tempdir();
    let dir = tmp.path();
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "division,seats,candidate,party,votes\nA,1,X,Lab,12a\nA,1,Y,Con,3\n",
    )
    .unwrap();
    let out = run(&["summary", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("bad.csv, line 2, column 5 (votes)"), "{err}");
    assert!(err.contains("\"12a\" is not a whole number"), "{err}");
    assert_eq!(err.lines().count(), 1, "one sentence: {err}");
    assert!(!err.contains("panicked"));

    let missing = run(&["summary", dir.join("nowhere.csv").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("cannot be read"));

    let usage = run(&["summary"]);
    assert_eq!(usage.status.code(), Some(2));
    let usage = run(&[
        "summary",
        sample("lancashire-2025.csv").to_str().unwrap(),
        "--swing",
        "Labour,Nobody",
        "--baseline",
        sample("lancashire-2021.csv").to_str().unwrap(),
    ]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(stderr(&usage).contains("no party called \"Nobody\""));
    assert!(
        stderr(&usage).contains("the largest are: Conservative, Reform UK, "),
        "{}",
        stderr(&usage)
    );
}

#[test]
fn swing_takes_the_librarys_abbreviations_and_the_start_of_a_name() {
    let swing = |parties: &str| {
        let out = run(&[
            "summary",
            sample("lancashire-2025.csv").to_str().unwrap(),
            "--swing",
            parties,
            "--baseline",
            sample("lancashire-2021.csv").to_str().unwrap(),
        ]);
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        text.lines()
            .find(|l| l.starts_with("Swing from"))
            .map(str::to_string)
            .unwrap_or(text)
    };
    let by_name = swing("Conservative,Labour");
    assert!(
        by_name.starts_with("Swing from Conservative to Labour: "),
        "{by_name}"
    );
    assert_eq!(swing("Con,Lab"), by_name);
    assert_eq!(swing("Conservative,lab"), by_name);
    assert!(
        swing("LD,Con").starts_with("Swing from Liberal Democrats to Conservative: "),
        "{}",
        swing("LD,Con")
    );
    assert_eq!(swing("Liberal Democrat,Con"), swing("LD,Con"));
    // Never a part of a name, which could be another party's; never an empty one.
    for part in ["Liberal,Con", "Ref,Con", "Con,"] {
        assert!(
            !swing(part).starts_with("Swing from"),
            "{part}: {}",
            swing(part)
        );
    }
}

#[test]
fn summary_table_names_control_and_progress() {
    let out = run(&["summary", sample("lancashire-2025.csv").to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("lancashire-2025: 82 of 82 divisions declared, 84 of 84 seats"));
    assert!(text.contains("Reform UK has control (43 seats needed for a majority)"));
}

#[test]
fn rehearsal_file_is_all_awaiting_and_open() {
    let json = json_summary(&[sample("lancashire-2025-rehearsal.csv").to_str().unwrap()]);
    assert_eq!(json["divisions_declared"], 0);
    assert_eq!(json["seats_declared"], 0);
    assert_eq!(json["control"]["state"], "open");
    assert_eq!(json["control"]["text"], "Still open: 84 seats to declare");
    let statuses: Vec<&str> = json["divisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert!(statuses.iter().all(|s| *s == "awaiting"));
    let reform = json["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == "Reform UK")
        .unwrap();
    assert_eq!(reform["seats_possible"], 84);
}

#[test]
fn export_writes_candidates_divisions_and_parties() {
    let tmp = tempdir();
    let dir = tmp.path();
    let source = sample("lancashire-2025.csv");
    let candidates = dir.join("candidates.csv");
    let out = run(&[
        "export",
        source.to_str().unwrap(),
        "--out",
        candidates.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The app's own format round-trips: what it writes is what it read, with the
    // party each joint description was counted for beside it.
    let written = std::fs::read_to_string(&candidates).unwrap();
    assert!(written.starts_with(
        "division,division_id,area,seats,electorate,candidate,party,party_group,votes,elected\n"
    ));
    assert!(written.contains(",Matthew John Brown,Labour & Co-operative,Labour,799,Y\n"));
    assert_eq!(
        crate::support::elections::without_column(&written, "party_group"),
        std::fs::read_to_string(&source).unwrap()
    );

    let divisions = dir.join("divisions.csv");
    let out = run(&[
        "export",
        source.to_str().unwrap(),
        "--what",
        "divisions",
        "--baseline",
        sample("lancashire-2021.csv").to_str().unwrap(),
        "--out",
        divisions.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&divisions).unwrap();
    assert_eq!(text.lines().count(), 83);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .starts_with("division,division_id,area,seats,status,winners")
    );
    let oswaldtwistle = text
        .lines()
        .find(|l| l.starts_with("Oswaldtwistle,"))
        .unwrap();
    assert!(
        oswaldtwistle.contains("Gaynor Louise Hargreaves (Reform UK)"),
        "{oswaldtwistle}"
    );
    assert!(
        oswaldtwistle.contains(",8,0.23,"),
        "majority and majority %: {oswaldtwistle}"
    );
    assert!(oswaldtwistle.contains("Reform UK gain from Conservative"));

    let parties = dir.join("parties.csv");
    let out = run(&[
        "export",
        source.to_str().unwrap(),
        "--what",
        "parties",
        "--out",
        parties.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&parties).unwrap();
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("Reform UK,84,53,117707,35."),
        "{text}"
    );
}

#[test]
fn export_of_an_unfinished_night_says_so() {
    let tmp = tempdir();
    let dir = tmp.path();
    let out = run(&[
        "export",
        sample("lancashire-2025-rehearsal.csv").to_str().unwrap(),
        "--what",
        "divisions",
        "--out",
        dir.join("d.csv").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("82 divisions are not declared yet"));
}

#[test]
fn check_lists_errors_and_warnings_and_fails_on_errors() {
    let tmp = tempdir();
    let dir = tmp.path();
    let file = dir.join("night.csv");
    std::fs::write(
        &file,
        "division,seats,electorate,candidate,party,votes\n\
         North,1,1000,Ann,Lab,600\n\
         North,1,1000,Bob,Con,0\n\
         South,1,1000,Cat,Lab,1200\n\
         South,1,1000,Dan,Con,50\n\
         West,1,1000,Gus,Lab,-3\n\
         West,1,1000,Hal,Con,50\n\
         East,1,1000,Eve,Lab,\n\
         East,1,1000,Fay,Con,\n",
    )
    .unwrap();
    let out = run(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "night.csv, line 3, column 6 (votes): warning W05: North: Votes for Bob: exactly zero"
        ),
        "{text}"
    );
    assert!(text.contains("night.csv, line 4, column 6 (votes): error E04: South: Votes for Cat: 1200 is more than the electorate of 1000"), "{text}");
    assert!(
        text.contains(
            "night.csv, line 4: warning W01: South: Turnout is 125.0%, above 100% of the electorate"
        ),
        "{text}"
    );
    assert!(
        text.contains("night.csv, line 6, column 6 (votes): error E02: West"),
        "{text}"
    );
    assert!(
        text.contains("2 errors, 2 warnings in 3 declared of 4 divisions"),
        "{text}"
    );

    let clean = run(&["check", sample("lancashire-2025.csv").to_str().unwrap()]);
    assert_eq!(clean.status.code(), Some(0));
}

#[test]
fn a_general_election_of_650_constituencies_works_the_same_way() {
    let tmp = tempdir();
    let dir = tmp.path();
    let file = dir.join("ge.csv");
    let parties = [
        "Labour",
        "Conservative",
        "Liberal Democrats",
        "Reform UK",
        "Green Party",
        "Scottish National Party",
    ];
    let mut text = String::from("constituency,ons_id,region,seats,candidate,party,votes\n");
    let mut expected = [0u64; 6];
    for c in 0..650u64 {
        // A different winner pattern per constituency; party (c % 5) always wins by c + 1.
        let winner = (c % 5) as usize;
        expected[winner] += 1;
        for (i, party) in parties.iter().enumerate() {
            let votes = if i == winner {
                20_000 + c + 1
            } else {
                20_000 - i as u64 * 100
            };
            text.push_str(&format!(
                "Constituency {c},E140{c:05},Region {},1,Cand {c}-{i},{party},{votes}\n",
                c % 12
            ));
        }
    }
    std::fs::write(&file, text).unwrap();
    let json = json_summary(&[file.to_str().unwrap()]);
    assert_eq!(json["seats_total"], 650);
    assert_eq!(json["majority_needed"], 326);
    assert_eq!(json["divisions_declared"], 650);
    assert_eq!(json["control"]["state"], "no_overall_control");
    for p in json["parties"].as_array().unwrap() {
        let i = parties.iter().position(|n| *n == p["party"]).unwrap();
        assert_eq!(
            p["seats"].as_u64().unwrap(),
            if i < 5 { expected[i] } else { 0 }
        );
    }
    let d = &json["divisions"][7];
    assert_eq!(d["division"], "Constituency 7");
    // Liberal Democrats (20,008) over Labour (20,000).
    assert_eq!(d["majority"], 8);
    assert_eq!(json["areas"].as_array().unwrap().len(), 12);
}

/// `summary --json` to a pipe writes each division's row straight from the tally; the
/// bytes are serde's JSON of the whole summary, on Lancashire against its baseline and
/// on a hand-made night of two councils with what else a row can hold: a tie, a seat
/// won by lot, a paper account, a description, a declaration time, names to escape and
/// one not in ASCII. (A conflict is held to serde's JSON in the library's own test.)
#[test]
fn summary_json_to_a_pipe_is_the_summary_as_serde_writes_it() {
    let tmp = tempdir();
    let night = tmp.path().join("night.csv");
    std::fs::write(
        &night,
        "council,division,division_id,seats,candidate,party,party_group,votes,won_by_lot,declared_at,ballots_verified,ballots_counted\n\
         North,\"Ward \"\"A\"\"\",N1,1,Ann \\ Smith,Labour Co-op,Labour,500,,2025-05-02T01:30:00+01:00,900,900\n\
         North,\"Ward \"\"A\"\"\",N1,1,Bob Jones,Conservative,,400,,2025-05-02T01:30:00+01:00,900,900\n\
         North,Ward B,N2,2,Cat Lee,Green Party,,300,,,,\n\
         North,Ward B,N2,2,Dan Roe,Green Party,,200,Y,,,\n\
         North,Ward B,N2,2,Eve Poe,Labour,,200,N,,,\n\
         South,Ward C,S1,1,Fay Ray,Labour,,250,,,,\n\
         South,Ward C,S1,1,Gus Hay,Reform UK,,250,,,,\n\
         South,Ward D,S2,1,Hal Fox,Labour,,,,,,\n\
         South,Ward D,S2,1,Ida Cox,Conservative,,,,,,\n\
         South,Ward E,S3,1,Siân Ellis,Plaid Cymru,,300,,,,\n\
         South,Ward E,S3,1,Ian Orr,Labour,,100,,,,\n",
    )
    .expect("written");
    let lancashire = sample("lancashire-2025.csv");
    let lancashire_2021 = sample("lancashire-2021.csv");
    let nights: [(&Path, Option<&Path>, &[&str]); 2] = [
        (
            &lancashire,
            Some(&lancashire_2021),
            &["\"result\":\"Reform UK gain from Conservative\""],
        ),
        (
            &night,
            None,
            &[
                "\"council\":\"North\"",
                "\"division\":\"Ward \\\"A\\\"\"",
                "\"candidate\":\"Ann \\\\ Smith\"",
                "\"description\":\"Labour Co-op\"",
                "\"by_lot\":true",
                "\"tied\":[\"Fay Ray\",\"Gus Hay\"]",
                "\"paper_account\":{",
                "\"declared_at\":\"2025-05-02",
                "\"candidate\":\"Siân Ellis\"",
            ],
        ),
    ];
    for (file, baseline, held) in nights {
        let tally = tallyroom::cli::load_tally(file, baseline).expect("loads");
        let expected =
            serde_json::to_string(&summarise(&tally, &SummaryOptions::default())).expect("json");
        for field in held {
            assert!(expected.contains(field), "{field} is not in {expected}");
        }
        let mut args = vec!["summary", file.to_str().expect("utf-8"), "--json"];
        if let Some(baseline) = baseline {
            args.extend(["--baseline", baseline.to_str().expect("utf-8")]);
        }
        let out = run(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(
            String::from_utf8(out.stdout).expect("utf-8"),
            format!("{expected}\n")
        );
    }
}
