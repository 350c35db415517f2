//! Files of the UK election ecosystem, built by hand: Democracy Club exports and the
//! Commons Library's results, round trips, corrected releases and malformed input.

use std::process::Output;

use proptest::prelude::*;
use serde_json::Value;
use tallyroom::formats::commons_library::repair_mojibake;
use tallyroom::formats::democracy_club;
use tallyroom::formats::{Format, ReadOptions, read_any};

use crate::support::commands::{json_summary, run, tempdir};

pub const DC_SAMPLE: &str = DC;

const DC: &str = "\
person_id,person_name,election_id,ballot_paper_id,election_date,election_current,party_name,party_id,post_label,cancelled_poll,seats_contested,votes_cast,elected,tied_vote_winner,turnout_reported,spoilt_ballots,total_electorate,gss
1,Ann Smith,local.sheffield.2026-05-07,local.sheffield.ecclesall.2026-05-07,2026-05-07,True,Labour Party,PP53,Ecclesall,False,2,1200,True,,2100,12,9000,E05010863
2,Bob Jones,local.sheffield.2026-05-07,local.sheffield.ecclesall.2026-05-07,2026-05-07,True,Labour Party,PP53,Ecclesall,False,2,900,False,,2100,12,9000,E05010863
3,Cat Green,local.sheffield.2026-05-07,local.sheffield.ecclesall.2026-05-07,2026-05-07,True,Green Party,PP63,Ecclesall,False,2,1100,True,,2100,12,9000,E05010863
4,Dan Brown,local.sheffield.2026-05-07,local.sheffield.ecclesall.2026-05-07,2026-05-07,True,Independent,ynmp-party:2,Ecclesall,False,2,300,False,,2100,12,9000,E05010863
5,Eve White,local.sheffield.2026-05-07,local.sheffield.crookes.2026-05-07,2026-05-07,True,Labour Party,PP53,Crookes,True,1,,,,,,8000,E05010864
6,Fay Black,local.sheffield.2026-05-07,local.sheffield.crookes.2026-05-07,2026-05-07,True,Conservative and Unionist Party,PP52,Crookes,True,1,,,,,,8000,E05010864
7,Gus Grey,local.sheffield.2026-05-07,local.sheffield.walkley.2026-05-07,2026-05-07,True,Labour Party,PP53,Walkley,False,1,500,True,True,1010,10,8000,E05010865
8,Hal Gold,local.sheffield.2026-05-07,local.sheffield.walkley.2026-05-07,2026-05-07,True,Green Party,PP63,Walkley,False,1,500,False,,1010,10,8000,E05010865
9,Ivy Rose,local.leeds.2026-05-07,local.leeds.headingley.2026-05-07,2026-05-07,True,Labour Party,PP53,Headingley,False,1,,,,,,7000,E05001420
10,Jim Reed,local.leeds.2026-05-07,local.leeds.headingley.2026-05-07,2026-05-07,True,Green Party,PP63,Headingley,False,1,,,,,,7000,E05001420
";

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn division<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["divisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["division"] == name)
        .unwrap()
}

#[test]
fn a_democracy_club_export_lists_its_elections_and_loads_the_one_chosen() {
    let list = democracy_club::elections("dc.csv", DC.as_bytes()).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].election_id, "local.sheffield.2026-05-07");
    assert_eq!(
        (
            list[0].ballots,
            list[0].candidates,
            list[0].cancelled_ballots
        ),
        (3, 8, 1)
    );
    assert_eq!((list[1].ballots, list[1].candidates), (1, 2));

    let err = read_any("dc.csv", "dc", DC.as_bytes(), &ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("the file holds 2 elections: local.sheffield.2026-05-07 (3 ballots, 8 candidates); local.leeds.2026-05-07 (1 ballots, 2 candidates)"), "{err}");
    assert!(err.contains("--election-id"));

    let tmp = tempdir();
    let file = write(tmp.path(), "dc.csv", DC);
    let json = json_summary(&[
        file.to_str().unwrap(),
        "--election-id",
        "local.sheffield.2026-05-07",
    ]);
    assert_eq!(json["divisions_total"], 3);
    assert_eq!(json["seats_total"], 4);
    let ecclesall = division(&json, "Ecclesall");
    assert_eq!(ecclesall["seats"], 2);
    assert_eq!(
        ecclesall["division_id"],
        "local.sheffield.ecclesall.2026-05-07"
    );
    assert_eq!(ecclesall["ballots_issued"], 2100);
    assert_eq!(ecclesall["rejected"], 12);
    assert_eq!(ecclesall["electorate"], 9000);
    let winners: Vec<&str> = ecclesall["winners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["candidate"].as_str().unwrap())
        .collect();
    assert_eq!(winners, ["Ann Smith", "Cat Green"]);
    // A cancelled poll is shown as such, never as a result.
    let crookes = division(&json, "Crookes");
    assert_eq!(crookes["status"], "cancelled");
    assert_eq!(crookes["winners"].as_array().unwrap().len(), 0);
    // A tie decided by lot, from tied_vote_winner.
    let walkley = division(&json, "Walkley");
    assert_eq!(walkley["status"], "declared");
    assert_eq!(walkley["winners"][0]["candidate"], "Gus Grey");
    assert_eq!(walkley["winners"][0]["by_lot"], true);
    let independents = json["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == "Independent")
        .unwrap();
    assert_eq!(independents["votes"], 300);

    let both = json_summary(&[
        file.to_str().unwrap(),
        "--election-id",
        "local.sheffield.2026-05-07",
        "--election-id",
        "local.leeds.2026-05-07",
    ]);
    assert_eq!(both["divisions_total"], 4);
    assert_eq!(division(&both, "Headingley")["status"], "awaiting");
    assert_eq!(
        both["areas"].as_array().unwrap().len(),
        2,
        "progress per election"
    );
    // Two elections, two councils: each with its own seats and control.
    let councils: Vec<(&str, u64)> = both["councils"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["council"].as_str().unwrap(),
                c["seats_total"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        councils,
        [
            ("local.sheffield.2026-05-07", 4),
            ("local.leeds.2026-05-07", 1)
        ]
    );
    // With the export's organisation_name, the councils are named by it.
    let named = DC
        .replacen(",gss\n", ",gss,organisation_name\n", 1)
        .replace(",E05010863\n", ",E05010863,Sheffield City Council\n")
        .replace(",E05010864\n", ",E05010864,Sheffield City Council\n")
        .replace(",E05010865\n", ",E05010865,Sheffield City Council\n")
        .replace(",E05001420\n", ",E05001420,Leeds City Council\n");
    let named_file = write(tmp.path(), "dc-named.csv", &named);
    let named = json_summary(&[
        named_file.to_str().unwrap(),
        "--election-id",
        "local.sheffield.2026-05-07",
        "--election-id",
        "local.leeds.2026-05-07",
    ]);
    assert_eq!(named["councils"][0]["council"], "Sheffield City Council");
    assert_eq!(named["councils"][1]["council"], "Leeds City Council");
}

#[test]
fn an_electorate_too_large_or_negative_in_a_democracy_club_export_is_said_so() {
    let ids = ["local.sheffield.2026-05-07".to_string()];
    let options = ReadOptions {
        election_ids: &ids,
        ..ReadOptions::default()
    };
    for (given, said) in [
        (
            "2147483647",
            "is too large to be a real count (above 1,000,000,000)",
        ),
        ("-9000", "is negative"),
        ("many", "is not a whole number"),
    ] {
        let text = DC.replace(",9000,", &format!(",{given},"));
        let err = read_any("dc.csv", "dc", text.as_bytes(), &options)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!("the electorate \"{given}\" {said}")),
            "{err}"
        );
        assert!(err.contains("line 2"), "{err}");
    }
}

#[test]
fn an_electorate_too_large_in_the_commons_library_constituencies_is_said_so() {
    let tmp = tempdir();
    let candidates = String::from(HOC_HEADER)
        + &hoc_row("E1", "North", "Labour", "Ann", "Lee", 500)
        + &hoc_row("E1", "North", "Green", "Bea", "Lee", 300);
    let out = hoc_summary(
        tmp.path(),
        &candidates,
        &format!("{HOC_CONSTITUENCIES_HEADER}E1,North,05/07/2024 06:10,5241500000,800,4\n"),
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("line 2")
            && said.contains(
                "the electorate \"5241500000\" is too large to be a real count (above 1,000,000,000)"
            ),
        "{said}"
    );
}

#[test]
fn democracy_club_in_results_and_democracy_club_out_keep_what_the_app_understands() {
    let tmp = tempdir();
    let file = write(tmp.path(), "dc.csv", DC);
    let night = tmp.path().join("night.tally");
    let out = run(&[
        "new",
        "--from",
        file.to_str().unwrap(),
        "--election-id",
        "local.leeds.2026-05-07",
        "--out",
        night.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&[
        "declare",
        night.to_str().unwrap(),
        "--division",
        "Headingley",
        "--ballots-issued",
        "2000",
        "--rejected",
        "5",
        "Ivy Rose=1200",
        "Jim Reed=795",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let back = tmp.path().join("back.csv");
    let out = run(&[
        "export",
        night.to_str().unwrap(),
        "--what",
        "dc",
        "--out",
        back.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&back).unwrap();
    let header = text.lines().next().unwrap();
    for column in [
        "election_id",
        "ballot_paper_id",
        "post_label",
        "seats_contested",
        "cancelled_poll",
        "person_name",
        "party_name",
        "votes_cast",
        "elected",
        "tied_vote_winner",
        "turnout_reported",
        "spoilt_ballots",
        "total_electorate",
    ] {
        assert!(
            header.split(',').any(|h| h == column),
            "{column} in {header}"
        );
    }
    assert!(text.contains("local.leeds.2026-05-07,local.leeds.headingley.2026-05-07,Headingley,1,False,9,Ivy Rose,PP53,Labour Party,1200,True,,2000,5,7000"), "{text}");
    // Read back, it is the same election with the same result.
    let json = json_summary(&[back.to_str().unwrap()]);
    let headingley = division(&json, "Headingley");
    assert_eq!(headingley["majority"], 405);
    assert_eq!(headingley["ballots_issued"], 2000);
}

#[test]
fn own_csv_to_election_file_and_back_is_the_same_content() {
    let tmp = tempdir();
    let source = crate::support::elections::sample("lancashire-2025.csv");
    let night = tmp.path().join("lancs.tally");
    assert!(
        run(&[
            "new",
            "--from",
            source.to_str().unwrap(),
            "--out",
            night.to_str().unwrap()
        ])
        .status
        .success()
    );
    let back = tmp.path().join("back.csv");
    assert!(
        run(&[
            "export",
            night.to_str().unwrap(),
            "--out",
            back.to_str().unwrap()
        ])
        .status
        .success()
    );
    // The same, with the party each joint description counted for beside it.
    assert_eq!(
        crate::support::elections::without_column(
            &std::fs::read_to_string(back).unwrap(),
            "party_group"
        ),
        std::fs::read_to_string(source).unwrap()
    );
}

const HOC_HEADER: &str = "ONS ID,ONS region ID,Constituency name,County name,Region name,Country name,Constituency type,Party name,Party abbreviation,Electoral Commission party ID,MNIS party ID,Electoral Commission adjunct party ID,Candidate first name,Candidate surname,Candidate gender,Sitting MP,Former MP,Member MNIS ID,Votes,Share,Change,DC Person ID\n";

fn hoc_row(id: &str, name: &str, party: &str, first: &str, surname: &str, votes: u64) -> String {
    // The Library abbreviates each party its own way ("Con", "Lab"); a joint
    // description shares its party's abbreviation.
    let abbreviation: String = party.chars().take(3).collect();
    format!(
        "{id},E1,{name},Somewhere,North West,England,County,{party},{abbreviation},,1,,{first},{surname},Female,No,No,,{votes},0.5,0.1,\n"
    )
}

const HOC_CONSTITUENCIES_HEADER: &str =
    "ONS ID,Constituency name,Declaration time,Electorate,Valid votes,Invalid votes\n";

/// `summary --json` of Commons Library results by candidate, with their file of
/// constituencies beside them.
fn hoc_summary(dir: &std::path::Path, candidates: &str, constituencies: &str) -> Output {
    let candidates = write(dir, "candidates.csv", candidates);
    let constituencies = write(dir, "constituencies.csv", constituencies);
    run(&[
        "summary",
        candidates.to_str().unwrap(),
        "--constituencies",
        constituencies.to_str().unwrap(),
        "--json",
    ])
}

#[test]
fn commons_library_results_load_with_repaired_names_and_the_constituency_file() {
    let tmp = tempdir();
    let mut text = String::from(HOC_HEADER);
    text += &hoc_row(
        "E14001001",
        "Ynys Môn",
        "Plaid Cymru",
        "Llinos",
        "Medi",
        10590,
    );
    text += &hoc_row(
        "E14001001",
        "Ynys Môn",
        "Conservative",
        "Virginia",
        "Crosbie",
        9953,
    );
    // Double-encoded, as real releases carry them.
    text += &hoc_row(
        "E14001002",
        "Ynys MÃ´n East",
        "Labour",
        "JosÃ©",
        "NÃºÃ±ez",
        20000,
    );
    text += &hoc_row(
        "E14001002",
        "Ynys MÃ´n East",
        "Independent",
        "Zoë",
        "Smith",
        5000,
    );
    let out = hoc_summary(
        tmp.path(),
        &text,
        &format!(
            "{HOC_CONSTITUENCIES_HEADER}E14001001,Ynys Môn,05/07/2024 06:10,52415,20543,104\nE14001002,Ynys Môn East,05/07/2024 02:43,70000,25000,80\n"
        ),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("3 names were double-encoded in UTF-8 and have been repaired")
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let east = division(&json, "Ynys Môn East");
    assert_eq!(east["winners"][0]["candidate"], "José Núñez");
    assert_eq!(east["electorate"], 70000);
    assert_eq!(east["rejected"], 80);
    assert_eq!(
        east["declared_at"], "2024-07-05T01:43:00Z",
        "BST is an hour ahead of UTC"
    );
    let mon = division(&json, "Ynys Môn");
    assert_eq!(mon["majority"], 637);
    assert_eq!(mon["area"], "North West");
    // Zoë is spelt right already: left alone.
    assert_eq!(repair_mojibake("Zoë"), None);
    assert_eq!(repair_mojibake("ZoÃ«").as_deref(), Some("Zoë"));
    assert_eq!(Format::detect(text.as_bytes()), Format::CommonsLibrary);
}

#[test]
fn a_corrected_release_becomes_corrections_with_old_and_new_figures() {
    let tmp = tempdir();
    let mut first = String::from(HOC_HEADER);
    first += &hoc_row("E1", "North", "Labour", "Ann", "Lee", 500);
    first += &hoc_row("E1", "North", "Conservative", "Bob", "Ray", 400);
    first += &hoc_row("E2", "South", "Labour", "Cat", "Day", 300);
    first += &hoc_row("E2", "South", "Conservative", "Dan", "Fox", 350);
    let v1 = write(tmp.path(), "results-v1.csv", &first);
    let corrected = first.replace(",Bob,Ray,Female,No,No,,400,", ",Bob,Ray,Female,No,No,,520,");
    let v2 = write(tmp.path(), "results-v2.csv", &corrected);
    let night = tmp.path().join("ge.tally");
    assert!(
        run(&[
            "new",
            "--from",
            v1.to_str().unwrap(),
            "--out",
            night.to_str().unwrap()
        ])
        .status
        .success()
    );
    let out = run(&[
        "update",
        night.to_str().unwrap(),
        "--from",
        v2.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("corrected North: Bob Ray 400 -> 520"),
        "{text}"
    );
    assert!(
        text.contains("saved: 0 declared, 1 corrected, 1 unchanged"),
        "{text}"
    );
    let log = String::from_utf8(run(&["log", night.to_str().unwrap()]).stdout).unwrap();
    assert!(
        log.contains("corrected: Bob Ray 400 -> 520  (reason: corrected release: results-v2.csv)"),
        "{log}"
    );
    let json = json_summary(&[night.to_str().unwrap()]);
    assert_eq!(
        division(&json, "North")["winners"][0]["party"],
        "Conservative"
    );
}

#[test]
fn a_general_election_in_the_commons_library_layout_loads_and_summarises() {
    let tmp = tempdir();
    let parties = [
        "Labour",
        "Conservative",
        "Liberal Democrat",
        "Reform UK",
        "Green",
        "SNP",
        "Plaid Cymru",
    ];
    let mut text = String::from(HOC_HEADER);
    let mut seats = [0u64; 7];
    for c in 0..650u64 {
        let winner = ((c * 7) % 11 % 7) as usize;
        seats[winner] += 1;
        for (i, party) in parties.iter().enumerate() {
            let votes = if i == winner {
                15_000 + c
            } else {
                9_000 + i as u64 * 10
            };
            text += &hoc_row(
                &format!("E14{c:06}"),
                &format!("Seat {c}"),
                party,
                "Cand",
                &format!("{c}x{i}"),
                votes,
            );
        }
    }
    let file = write(tmp.path(), "ge2024.csv", &text);
    let json = json_summary(&[file.to_str().unwrap()]);
    assert_eq!(json["divisions_total"], 650);
    assert_eq!(json["divisions_declared"], 650);
    assert_eq!(json["majority_needed"], 326);
    // Counted under the names the shipped party groups give them.
    fn counted(name: &str) -> &str {
        match name {
            "Liberal Democrat" => "Liberal Democrats",
            "SNP" => "Scottish National Party",
            other => other,
        }
    }
    for p in json["parties"].as_array().unwrap() {
        let i = parties
            .iter()
            .position(|n| counted(n) == p["party"])
            .unwrap();
        assert_eq!(p["seats"].as_u64().unwrap(), seats[i], "{}", parties[i]);
    }
    assert_eq!(division(&json, "Seat 0")["majority"], 15_000 - 9_060);
}

#[test]
fn every_malformed_file_gives_one_located_message_and_loads_nothing() {
    let dc_header = DC.lines().next().unwrap();
    let dc_row = DC.lines().nth(7).unwrap();
    let dc_other = DC.lines().nth(8).unwrap();
    let cases: Vec<(String, &str)> = vec![
        // Democracy Club
        (
            dc_header.replace("person_name,", "") + "\n",
            "the required column \"person_name\" is missing",
        ),
        (
            format!(
                "{dc_header}\n{}\n{dc_other}\n",
                dc_row.replacen(",500,", ",5oo,", 1)
            ),
            "line 2, column 12 (votes_cast): \"Walkley\": Votes for Gus Grey: \"5oo\" is not a whole number",
        ),
        (
            format!(
                "{dc_header}\n{}\n{dc_other}\n",
                dc_row.replacen(",500,", ",-500,", 1)
            ),
            "line 2, column 12 (votes_cast): \"Walkley\": Votes for Gus Grey: \"-500\" is negative",
        ),
        (
            format!(
                "{dc_header}\n{dc_row}\n{}\n",
                dc_other.replacen(",Walkley,False,1,", ",Walkley,False,2,", 1)
            ),
            "line 3, column 11 (seats_contested): \"local.sheffield.walkley.2026-05-07\" has seats_contested \"2\" here but \"1\" on line 2",
        ),
        // Commons Library
        (
            HOC_HEADER.replace("Votes,", ""),
            "the required column \"Votes\" is missing",
        ),
        (
            format!(
                "{HOC_HEADER}{}{}",
                hoc_row("E1", "North", "Labour", "Ann", "Lee", 5).replace(",5,0.5", ",five,0.5"),
                hoc_row("E1", "North", "Green", "Bea", "Lee", 3)
            ),
            "line 2, column 19 (Votes): \"North\": Votes for Ann Lee: \"five\" is not a whole number",
        ),
        (
            format!(
                "{HOC_HEADER}{}{}",
                hoc_row("E1", "North", "Labour", "Ann", "Lee", 5),
                hoc_row("E1", "South", "Labour", "Bob", "Lee", 5)
            ),
            "line 3, column 3 (Constituency name): \"E1\" has Constituency name \"South\" here but \"North\" on line 2",
        ),
        // Any format
        (String::new(), "the file is empty"),
    ];
    for (text, expected) in &cases {
        for format in [
            None,
            Some(Format::DemocracyClub),
            Some(Format::CommonsLibrary),
        ] {
            let options = ReadOptions {
                format,
                ..ReadOptions::default()
            };
            let result = read_any("f.csv", "f", text.as_bytes(), &options);
            if format.is_some()
                && format != Some(Format::detect(text.as_bytes()))
                && !text.is_empty()
            {
                assert!(
                    result.is_err(),
                    "a file read as the wrong format is refused"
                );
                continue;
            }
            let err = result
                .err()
                .unwrap_or_else(|| panic!("{text:?} should be refused"))
                .to_string();
            assert!(err.contains(expected), "\n got: {err}\nwant: {expected}");
            assert!(err.starts_with("f.csv"), "{err}");
            assert_eq!(err.lines().count(), 1);
        }
    }
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    for format in [
        Format::Native,
        Format::DemocracyClub,
        Format::CommonsLibrary,
    ] {
        let options = ReadOptions {
            format: Some(format),
            ..ReadOptions::default()
        };
        let err = read_any("b.csv", "b", &binary, &options)
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a text CSV file"), "{err}");
    }
}

#[test]
fn two_hundred_megabytes_of_random_bytes_are_refused_quickly_and_quietly() {
    let mut state: u64 = 0x1234_5678_9ABC_DEF1;
    let mut bytes = vec![0u8; 200 * 1024 * 1024];
    for chunk in bytes.chunks_mut(8) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let word = state.to_le_bytes();
        chunk.copy_from_slice(&word[..chunk.len()]);
    }
    for format in [
        Format::Native,
        Format::DemocracyClub,
        Format::CommonsLibrary,
    ] {
        let options = ReadOptions {
            format: Some(format),
            ..ReadOptions::default()
        };
        assert!(read_any("r.csv", "r", &bytes, &options).is_err());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// No text, however odd, makes a reader panic: it loads or it says why.
    #[test]
    fn readers_never_panic(
        header in prop::sample::select(vec![
            "division,seats,candidate,party,votes,electorate,ballots_issued,rejected,elected,won_by_lot,declared_at",
            "person_name,election_id,ballot_paper_id,party_name,post_label,cancelled_poll,seats_contested,votes_cast,elected,tied_vote_winner,turnout_reported,spoilt_ballots,total_electorate",
            "ONS ID,Constituency name,Region name,Party name,Candidate first name,Candidate surname,Votes",
        ]),
        rows in prop::collection::vec(prop::collection::vec("[a-zA-Z0-9 ,\"\\-\\.\u{e9}Ã]{0,8}", 0..14), 0..8),
    ) {
        let mut text = format!("{header}\n");
        for row in rows {
            text += &row.join(",");
            text.push('\n');
        }
        for format in [Format::Native, Format::DemocracyClub, Format::CommonsLibrary] {
            let options = ReadOptions { format: Some(format), ..ReadOptions::default() };
            let _ = read_any("p.csv", "p", text.as_bytes(), &options);
        }
    }
}

#[test]
fn a_baseline_from_any_format_is_set_later_and_lists_what_did_not_match() {
    let tmp = tempdir();
    let night = tmp.path().join("lancs.tally");
    let now = crate::support::elections::sample("lancashire-2025.csv");
    assert!(
        run(&[
            "new",
            "--from",
            now.to_str().unwrap(),
            "--out",
            night.to_str().unwrap()
        ])
        .status
        .success()
    );
    let out = run(&[
        "baseline",
        night.to_str().unwrap(),
        "--from",
        crate::support::elections::sample("lancashire-2021.csv")
            .to_str()
            .unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "saved: baseline lancashire-2021: 74 of 82 divisions have a baseline result; none for: "
        ),
        "{text}"
    );
    assert!(text.contains("Whitworth & Bacup"));
    let json = json_summary(&[night.to_str().unwrap()]);
    assert_eq!(
        division(&json, "Oswaldtwistle")["result"],
        "Reform UK gain from Conservative"
    );
    let log = String::from_utf8(run(&["log", night.to_str().unwrap()]).stdout).unwrap();
    assert!(
        log.contains("baseline_set: baseline set: lancashire-2021"),
        "{log}"
    );
}

/// Reading options for a baseline, which may be party totals by constituency.
fn as_baseline() -> ReadOptions<'static> {
    ReadOptions {
        baseline: true,
        ..ReadOptions::default()
    }
}

const TOTALS_HEADER: &str = "ONS ID,Constituency name,Region name,Member first name,Member surname,First party,Electorate,Valid votes,Invalid votes,Majority,Con,Lab,LD,RUK,All other candidates,Of which other winner\n";

/// Each candidate of the file's divisions as (division, candidate, party, votes).
fn candidates_read(
    loaded: &tallyroom::formats::native::LoadedResults,
) -> Vec<(String, String, String, u64)> {
    let e = &loaded.election;
    e.division_ixs()
        .flat_map(|d| {
            let votes = loaded.declarations[d.index()]
                .as_ref()
                .unwrap()
                .votes
                .clone();
            e.division(d).candidate_ixs().zip(votes).map(move |(c, v)| {
                let c = e.candidate(c);
                (
                    e.division(d).name.clone(),
                    c.name.clone(),
                    e.party_name(c.party).to_string(),
                    v,
                )
            })
        })
        .collect()
}

#[test]
fn party_totals_by_constituency_are_read_as_a_baseline_with_the_winner_named() {
    let text = String::from(TOTALS_HEADER)
        // Estimates with decimals; the winner has a column of its own.
        + "E1,North,North East,Ann,Lee,Lab,70000,29001,50,999,12000.6,13000,3000,,1000,0\n"
        // The Speaker, among the other candidates, with their own votes given.
        + "E2,Chorley,North West,Lindsay,Hoyle,Spk,75000,30000,40,,,,,3000,27000,26000\n";
    let options = as_baseline();
    let (loaded, notes) = read_any("totals.csv", "totals", text.as_bytes(), &options).unwrap();
    let n = |s: &str| s.to_string();
    assert_eq!(
        candidates_read(&loaded),
        [
            (n("North"), n("Conservative"), n("Conservative"), 12001),
            (n("North"), n("Ann Lee"), n("Labour"), 13000),
            (
                n("North"),
                n("Liberal Democrat"),
                n("Liberal Democrats"),
                3000
            ),
            (n("North"), n("All other candidates"), n("Others"), 1000),
            (n("Chorley"), n("Reform UK"), n("Reform UK"), 3000),
            (n("Chorley"), n("Lindsay Hoyle"), n("Speaker"), 26000),
            (n("Chorley"), n("All other candidates"), n("Others"), 1000),
        ]
    );
    let said = notes.join("\n");
    assert!(said.contains("1 figure with decimals"), "{said}");
    assert!(said.contains("counted together as \"Others\""), "{said}");

    // As tonight's results the file is refused, saying what to give.
    let err = read_any(
        "totals.csv",
        "totals",
        text.as_bytes(),
        &ReadOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("--constituencies FILE"), "{err}");
}

#[test]
fn party_totals_whose_first_party_has_fewer_votes_than_another_are_refused() {
    let text = String::from(TOTALS_HEADER)
        + "E1,North,North East,Ann,Lee,Lab,70000,29000,50,999,12000,13000,3000,,1000,0\n"
        + "E2,South,North East,Bea,Ray,Con,70000,29000,50,999,12000,13000,3000,,1000,0\n";
    let options = as_baseline();
    let err = read_any("totals.csv", "totals", text.as_bytes(), &options)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("line 3")
            && err.contains("First party")
            && err.contains("the first party is \"Con\" with 12000 votes, but Labour has 13000"),
        "{err}"
    );
    // A figure that is not a number is named where it stands.
    let text = String::from(TOTALS_HEADER)
        + "E1,North,North East,Ann,Lee,Lab,70000,29000,50,999,12000,many,3000,,1000,0\n";
    let err = read_any("totals.csv", "totals", text.as_bytes(), &options)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("line 2")
            && err.contains("Lab")
            && err.contains("\"many\" is not a number of votes"),
        "{err}"
    );
}

#[test]
fn party_shares_by_constituency_are_read_as_shares_not_as_a_few_votes() {
    // Shares in per cent, one decimal or two: read as whole votes they would lose up
    // to half a point each; every row adding up to 100 says they are shares.
    let text = "ONS ID,Constituency name,First party,Con,Lab,LD,All other candidates\n\
                E1,North,Lab,40.5,45.25,10,4.25\n\
                E2,South,Con,50.1,29.9,20,\n";
    let options = as_baseline();
    let (loaded, notes) = read_any("shares.csv", "shares", text.as_bytes(), &options).unwrap();
    let votes: Vec<(String, u64)> = candidates_read(&loaded)
        .into_iter()
        .map(|(_, _, party, v)| (party, v))
        .collect();
    let n = |s: &str, v: u64| (s.to_string(), v);
    assert_eq!(
        votes,
        [
            n("Conservative", 4050),
            n("Labour", 4525),
            n("Liberal Democrats", 1000),
            n("Others", 425),
            n("Conservative", 5010),
            n("Labour", 2990),
            n("Liberal Democrats", 2000),
        ]
    );
    let said = notes.join("\n");
    assert!(said.contains("read as shares in per cent"), "{said}");
    assert!(!said.contains("rounded"), "{said}");
}

#[test]
fn party_totals_name_their_winner_even_when_tied_or_outvoted_by_the_others_together() {
    let options = as_baseline();
    let winners = |text: &str| {
        let (loaded, _) = read_any("totals.csv", "totals", text.as_bytes(), &options).unwrap();
        let e = &loaded.election;
        e.division_ixs()
            .map(|d| {
                let declaration = loaded.declarations[d.index()].as_ref().unwrap();
                let outcome = tallyroom::tally::outcome::decide(e.division(d), Some(declaration));
                outcome
                    .elected
                    .iter()
                    .map(|&c| e.party_name(e.candidate(c).party).to_string())
                    .collect::<Vec<_>>()
                    .join("")
            })
            .collect::<Vec<_>>()
    };
    let text = String::from(TOTALS_HEADER)
        // Two others together outvote Sinn Féin's winner, as in Fermanagh and South
        // Tyrone in 2010; a tie decided, as the file says, for Labour.
        + "E1,West,Northern Ireland,Ann,Lee,Lab,70000,52000,50,0,22000,22000,3000,,5000,0\n"
        + "E2,East,Northern Ireland,Bea,Ray,LD,70000,50000,50,0,2000,2000,21000,,25000,0\n";
    assert_eq!(winners(&text), ["Labour", "Liberal Democrats"]);
}

#[test]
fn party_totals_that_do_not_say_who_won_or_leave_out_the_winner_s_votes_are_refused() {
    let options = as_baseline();
    let err = |text: &str| {
        read_any("totals.csv", "totals", text.as_bytes(), &options)
            .unwrap_err()
            .to_string()
    };
    // No First party, and the other candidates together outvote every party.
    let said = err("ONS ID,Constituency name,Con,Lab,All other candidates\nE1,North,100,200,300\n");
    assert!(
        said.contains("line 2") && said.contains("does not say who won"),
        "{said}"
    );
    // A First party the Library gives a column, without its column.
    let said = err(
        "ONS ID,Constituency name,First party,Lab,All other candidates\nE1,North,Con,200,300\n",
    );
    assert!(
        said.contains("column 3 (First party)") && said.contains("no column of its votes"),
        "{said}"
    );
    // The parties' votes above the valid votes.
    let said =
        err("ONS ID,Constituency name,First party,Valid votes,Con,Lab\nE1,North,Lab,300,100,250\n");
    assert!(
        said.contains("column 4 (Valid votes)") && said.contains("more than the 300 valid votes"),
        "{said}"
    );
    // Without the other candidates' column, what the valid votes leave is theirs.
    let text =
        "ONS ID,Constituency name,First party,Valid votes,Con,Lab\nE1,North,Lab,1000,300,500\n";
    let (loaded, notes) = read_any("totals.csv", "totals", text.as_bytes(), &options).unwrap();
    let parties: Vec<(String, u64)> = candidates_read(&loaded)
        .into_iter()
        .map(|(_, _, p, v)| (p, v))
        .collect();
    assert_eq!(
        parties,
        [
            ("Conservative".to_string(), 300),
            ("Labour".to_string(), 500),
            ("Others".to_string(), 200)
        ]
    );
    assert!(
        notes.join("\n").contains("the rest counted as \"Others\""),
        "{notes:?}"
    );
}

#[test]
fn party_totals_are_votes_or_shares_throughout_and_a_winner_s_unknown_votes_are_left_out() {
    let options = as_baseline();
    let read = |text: &str| read_any("totals.csv", "totals", text.as_bytes(), &options);
    // Shares rounded to whole numbers add up to 101 or 99: still shares.
    let (loaded, notes) = read(
        "ONS ID,Constituency name,First party,Con,Lab,LD\nE1,North,Lab,41,50,10\nE2,South,Con,50,30,19\n",
    )
    .unwrap();
    assert_eq!(
        candidates_read(&loaded)[1].3,
        5000,
        "Labour's 50 % of 10,000"
    );
    assert!(
        notes.join("\n").contains("read as shares in per cent"),
        "{notes:?}"
    );
    // Shares on one line and votes on the next: refused, naming both.
    let err = read(
        "ONS ID,Constituency name,First party,Con,Lab,LD\nE1,North,Lab,41,50,10\nE2,South,Con,5000,3000,1900\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("line 3")
            && err.contains("the figures of line 2 add up to 101 (shares in per cent) but those of line 3 to 9900 (votes)"),
        "{err}"
    );
    // The Speaker among the other candidates, with no count of the Speaker's own:
    // the seat stands, its votes are left out rather than all given to the Speaker.
    let (loaded, notes) = read(
        "ONS ID,Constituency name,Member first name,Member surname,First party,Con,Lab,All other candidates\n\
         E1,Buckingham,John,Bercow,Spk,,,33191\n\
         E2,North,Ann,Lee,Lab,100,200,50\n",
    )
    .unwrap();
    let e = &loaded.election;
    let buckingham = e.division_ixs().next().unwrap();
    assert!(loaded.declarations[buckingham.index()].is_none());
    let speaker: Vec<String> = e
        .division(buckingham)
        .candidate_ixs()
        .map(|c| {
            format!(
                "{} ({})",
                e.candidate(c).name,
                e.party_name(e.candidate(c).party)
            )
        })
        .collect();
    assert_eq!(speaker, ["John Bercow (Speaker)"]);
    assert!(
        notes.join("\n").contains(
            "in 1 constituency (line 2): the seat is kept, its votes left out of every share"
        ),
        "{notes:?}"
    );
    // Without a First party, a tie at the top cannot be told.
    let err = read("ONS ID,Constituency name,Con,Lab\nE1,North,200,200\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 2") && err.contains("ties with"), "{err}");
    // Other candidates split in whole parts that add up to what they had.
    let (loaded, _) = read(
        "ONS ID,Constituency name,First party,SF,UUP,All other candidates\nE1,Fermanagh,SF,21304,0,42977\n",
    )
    .unwrap();
    let others: Vec<u64> = candidates_read(&loaded)
        .into_iter()
        .filter(|c| c.2 == "Others")
        .map(|c| c.3)
        .collect();
    assert_eq!(others.iter().sum::<u64>(), 42977);
    assert!(others.iter().all(|&v| v < 21304), "{others:?}");
}

#[test]
fn a_refusal_of_the_header_names_the_header_line_below_title_rows() {
    let err = |text: &str, options: &ReadOptions| {
        read_any("titled.csv", "titled", text.as_bytes(), options)
            .unwrap_err()
            .to_string()
    };
    // The by-constituency file given as tonight's results, two title rows above it.
    let said = err(
        &format!(
            "Results by constituency\nGeneral election 2019\n{TOTALS_HEADER}E1,North,A,B,Lab,100,90,1,10,20,30,5,1,0,0\n"
        ),
        &ReadOptions::default(),
    );
    assert!(
        said.contains("line 3") && said.contains("results by constituency"),
        "{said}"
    );
    // As a baseline, without a single party column.
    let said = err(
        "Results by constituency\nONS ID,Constituency name,First party,Valid votes\nE1,North,Lab,100\n",
        &as_baseline(),
    );
    assert!(
        said.contains("line 2") && said.contains("no column of votes"),
        "{said}"
    );
}

#[test]
fn a_header_of_no_format_read_is_told_it_was_read_as_the_apps_own() {
    let err = |text: &str| {
        read_any(
            "other.csv",
            "other",
            text.as_bytes(),
            &ReadOptions::default(),
        )
        .unwrap_err()
        .to_string()
    };
    // No format's header: the refusal names the missing columns and what was tried.
    let said = err("Constituency,Party,Votes\nNorth,Lab,100\n");
    assert!(
        said.contains("\"seats\", \"candidate\" are missing")
            && said.contains("read as the app's own results CSV")
            && said.contains("docs/formats.md"),
        "{said}"
    );
    // The app's own header lacking a column is told only what it lacks.
    let said = err("division,candidate,party,votes\nNorth,A B,Lab,100\n");
    assert!(
        said.contains("\"seats\" is missing") && !said.contains("read as the app's own"),
        "{said}"
    );
    // A no-break space, as a spreadsheet may save one, is a space: the Library's
    // header is told for what it is.
    let said = err("ONS\u{a0}ID,Constituency\u{a0}name,Party name,Votes\nE1,North,Lab,100\n");
    assert!(
        said.contains("\"Candidate first name\" is missing"),
        "{said}"
    );
}
