//! A night of many councils: the Commons Library's results of the English local
//! elections of 2 May 2024 (107 councils, 1,903 contests) as one night, each council
//! with its own seats and control.

use std::collections::HashMap;
use std::path::PathBuf;

use egui_kittest::kittest::Queryable;

use tallyroom::formats::{ReadOptions, read_any};
use tallyroom::model::Election;
use tallyroom::report::council_control_text;
use tallyroom::tally::Tally;
use tallyroom::tally::outcome::Status;

use crate::support::commands::{run_ok, tempdir};

pub fn handbook() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/local-elections/commons-library-local-elections-2024-candidates.csv")
}

/// The 2024 night as an election file in `dir`.
pub fn night_2024(dir: &std::path::Path) -> PathBuf {
    let file = dir.join("le2024.tally");
    run_ok(&[
        "new",
        "--from",
        handbook().to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    file
}

/// The 2024 file's text as a tally, every contest declared.
pub fn load(text: &str) -> Tally {
    let (loaded, _) = read_any(
        "le2024.csv",
        "le2024",
        text.as_bytes(),
        &ReadOptions::default(),
    )
    .expect("the 2024 file reads");
    Tally::with_declarations(
        std::sync::Arc::new(loaded.election),
        loaded
            .declarations
            .into_iter()
            .enumerate()
            .filter_map(|(i, d)| d.map(|d| (tallyroom::model::DivisionIx(i as u32), d))),
    )
    .expect("every declaration applies")
}

/// One row of the file, as the test reads it itself.
struct Row {
    contest: String,
    council: String,
    ward: String,
    vacancies: usize,
    name: String,
    votes: u64,
    elected: bool,
    party: String,
}

fn rows(text: &str) -> Vec<Row> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id, council, ward, vacancies, name, votes, elected, party) = (
        at("ID"),
        at("Local authority name"),
        at("Ward name"),
        at("Vacancies"),
        at("Name"),
        at("Votes"),
        at("Elected"),
        at("Party name"),
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Row {
                contest: r[id].to_string(),
                council: r[council].to_string(),
                ward: r[ward].to_string(),
                vacancies: r[vacancies].parse().unwrap(),
                name: r[name].to_string(),
                votes: r[votes].parse().unwrap(),
                elected: &r[elected] == "1",
                party: r[party].to_string(),
            }
        })
        .collect()
}

/// The winners of each contest by the rule, worked out here from the rows: the
/// `vacancies` candidates with most votes; none where the last seat is tied.
fn winners_by_rule(rows: &[Row]) -> HashMap<String, Option<Vec<String>>> {
    let mut contests: HashMap<String, Vec<&Row>> = HashMap::new();
    for r in rows {
        contests.entry(r.contest.clone()).or_default().push(r);
    }
    contests
        .into_iter()
        .map(|(id, mut rs)| {
            let seats = rs[0].vacancies;
            rs.sort_by_key(|r| std::cmp::Reverse(r.votes));
            let tied = rs.len() > seats && rs[seats - 1].votes == rs[seats].votes;
            let mut names: Vec<String> = rs[..seats.min(rs.len())]
                .iter()
                .map(|r| r.name.clone())
                .collect();
            names.sort();
            (id, (!tied).then_some(names))
        })
        .collect()
}

fn winners_in_tally(tally: &Tally, election: &Election, council: &str, ward: &str) -> Vec<String> {
    let d = election
        .division_ixs()
        .find(|&d| {
            let division = election.division(d);
            division.name == ward && election.council_name(division.council) == council
        })
        .unwrap_or_else(|| panic!("{ward} ({council}) is a division"));
    let mut names: Vec<String> = tally
        .outcome(d)
        .elected
        .iter()
        .map(|&c| election.candidate(c).name.clone())
        .collect();
    names.sort();
    names
}

#[test]
fn the_2024_local_elections_are_one_night_of_107_councils_and_every_contest_has_its_winners() {
    let text = std::fs::read_to_string(handbook()).expect("the local elections file");
    let tally = load(&text);
    let election = tally.election().clone();
    assert_eq!(election.councils.len(), 107);
    assert_eq!(election.divisions.len(), 1903);
    assert_eq!(election.total_seats(), 2659);
    let rows = rows(&text);
    let by_rule = winners_by_rule(&rows);
    let mut tied = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in &rows {
        if !seen.insert(r.contest.clone()) {
            continue;
        }
        let in_tally = winners_in_tally(&tally, &election, &r.council, &r.ward);
        match &by_rule[&r.contest] {
            Some(names) => assert_eq!(&in_tally, names, "{} ({})", r.ward, r.council),
            None => tied.push((r.council.clone(), r.ward.clone(), in_tally)),
        }
    }
    // One contest is tied at its last seat; the file's Elected flags say who won the
    // drawing of lots, and the tally takes them as that drawing.
    assert_eq!(tied.len(), 1, "{tied:?}");
    let (council, ward, winners) = &tied[0];
    assert_eq!(
        (council.as_str(), ward.as_str()),
        ("Stevenage", "Woodfield")
    );
    let flagged: Vec<String> = {
        let mut v: Vec<String> = rows
            .iter()
            .filter(|r| &r.ward == ward && &r.council == council && r.elected)
            .map(|r| r.name.clone())
            .collect();
        v.sort();
        v
    };
    assert_eq!(winners, &flagged);
    let woodfield = election.find_division("Woodfield").unwrap();
    assert_eq!(tally.outcome(woodfield).by_lot.len(), 1, "one seat by lot");

    // Councillors by party over the night: the sum of the file's Elected flags.
    let mut flags: HashMap<&str, u64> = HashMap::new();
    for r in rows.iter().filter(|r| r.elected) {
        *flags.entry(r.party.as_str()).or_default() += 1;
    }
    for (abbreviation, party) in [
        ("LAB", "Labour"),
        ("CON", "Conservative"),
        ("LD", "Liberal Democrats"),
        ("GREEN", "Green Party"),
        ("IND", "Independent"),
        ("RES", "RES"),
    ] {
        let p = election.parties.find(party).unwrap();
        assert_eq!(tally.party(p).seats, flags[abbreviation], "{party}");
    }
    let total: u64 = election
        .parties
        .iter()
        .map(|(p, _)| tally.party(p).seats)
        .sum();
    assert_eq!(total, flags.values().sum::<u64>());
}

#[test]
fn without_the_elected_flags_the_tied_contest_stays_tied() {
    let text = std::fs::read_to_string(handbook()).expect("the local elections file");
    let tally = load(&crate::support::elections::without_column(&text, "Elected"));
    let election = tally.election();
    let woodfield = election.find_division("Woodfield").unwrap();
    assert_eq!(tally.outcome(woodfield).status, Status::Tied);
    assert_eq!(tally.totals().divisions_tied, 1);
}

#[test]
fn a_council_electing_by_thirds_is_not_judged_on_tonight_s_seats_alone() {
    let text = std::fs::read_to_string(handbook()).expect("the local elections file");
    let tally = load(&text);
    let election = tally.election();
    // Preston elects a third of its council: Labour won 9 of the 16 seats up, which
    // says nothing about who controls its 48.
    let preston = election.find_council("Preston").unwrap();
    assert!(election.council(preston).elects_part);
    let labour = election.parties.find("Labour").unwrap();
    assert_eq!(tally.council(preston).party(labour).seats, 9);
    let control = council_control_text(&tally, preston);
    assert_eq!(control.state, "cannot_tell");
    assert_eq!(tally.council_control(preston).needed, None);
    // The file calls Barnsley's election "All", but 21 of its 63 seats were up (the
    // table of councils): part of the council, so no verdict on those 21 alone.
    let barnsley = election.find_council("Barnsley").unwrap();
    assert!(election.council(barnsley).elects_part);
    assert_eq!(tally.council_control(barnsley).needed, None);
    assert_eq!(
        council_control_text(&tally, barnsley).text,
        "Cannot tell: part of the council up"
    );
}

#[test]
fn the_night_s_scoreboard_is_in_the_summary_and_survives_the_election_file() {
    let dir = tempdir();
    let file = night_2024(dir.path());
    let json = crate::support::commands::json_summary(&[file.to_str().unwrap()]);
    assert_eq!(json["control"]["state"], "councils");
    let night = &json["night"];
    assert_eq!(night["councils_total"], 107);
    assert_eq!(night["councils_complete"], 107);
    let by_control: u64 = night["councils_by_control"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["councils"].as_u64().unwrap())
        .sum();
    assert_eq!(by_control, 107);
    let councillors: u64 = night["councillors_by_party"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["seats"].as_u64().unwrap())
        .sum();
    assert_eq!(councillors, 2659);
    let councils = json["councils"].as_array().unwrap();
    assert_eq!(councils.len(), 107);
    let preston = councils.iter().find(|c| c["council"] == "Preston").unwrap();
    // Read back from the file: the council and that it elects by thirds.
    assert_eq!(preston["elects_part"], true);
    assert_eq!(preston["control"]["state"], "cannot_tell");
    assert_eq!(preston["seats_total"], 16);
    // Incumbents are kept in the file too.
    assert_eq!(json["incumbents"]["standing"], 2044);
}

#[test]
fn wards_of_one_name_on_two_councils_are_two_divisions_and_the_council_column_round_trips() {
    let csv = "council,division,seats,candidate,party,votes\n\
               Northtown,Central,1,Ann Able,Labour,500\n\
               Northtown,Central,1,Bob Best,Conservative,400\n\
               Southtown,Central,1,Cat Cole,Conservative,300\n\
               Southtown,Central,1,Dan Dee,Labour,200\n";
    let dir = tempdir();
    let source = dir.path().join("two.csv");
    std::fs::write(&source, csv).unwrap();
    let json = crate::support::commands::json_summary(&[source.to_str().unwrap()]);
    assert_eq!(json["divisions_total"], 2);
    let councils = json["councils"].as_array().unwrap();
    let names: Vec<&str> = councils
        .iter()
        .map(|c| c["council"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Northtown", "Southtown"]);
    assert_eq!(councils[0]["control"]["text"], "Labour has control");
    assert_eq!(councils[1]["control"]["text"], "Conservative has control");
    // Each Central with its council.
    let divisions: Vec<(&str, &str)> = json["divisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["division"].as_str().unwrap(),
                d["council"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        divisions,
        [("Central", "Northtown"), ("Central", "Southtown")]
    );
    // Written out and read again: the same two councils.
    let file = dir.path().join("two.tally");
    run_ok(&[
        "new",
        "--from",
        source.to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    let out = dir.path().join("out.csv");
    run_ok(&[
        "export",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("council,division,"), "{written}");
    let again = crate::support::commands::json_summary(&[out.to_str().unwrap()]);
    assert_eq!(again["councils"], json["councils"]);
}

#[test]
fn with_continuing_seats_a_by_thirds_council_is_decided_on_the_whole_council() {
    let dir = tempdir();
    let file = night_2024(dir.path());
    // Preston after the 2024 poll, from Open Council Data's compositions (48 seats).
    let compositions = handbook().with_file_name("open-council-data-compositions-2016-2025.csv");
    let after = tallyroom::formats::composition::read(
        "compositions.csv",
        &std::fs::read(&compositions).unwrap(),
        tallyroom::model::CompositionKind::Continuing,
        Some("2024"),
    )
    .expect("the compositions read");
    let preston = after
        .councils
        .iter()
        .find(|c| c.council == "Preston")
        .expect("Preston is in the compositions");
    let seats_of = |party: &str| {
        preston
            .seats
            .iter()
            .find(|(p, _)| p == party)
            .map_or(0, |(_, n)| *n)
    };
    assert_eq!(
        (
            seats_of("Labour"),
            seats_of("Liberal Democrats"),
            seats_of("Conservative")
        ),
        (30, 12, 6)
    );
    // Those not up tonight: the council after, less tonight's winners (Labour 9,
    // Liberal Democrats 6, Conservative 1).
    let continuing = format!(
        "council,party,seats\nPreston,Labour,{}\nPreston,Liberal Democrats,{}\nPreston,Conservative,{}\n",
        seats_of("Labour") - 9,
        seats_of("Liberal Democrats") - 6,
        seats_of("Conservative") - 1
    );
    let csv = dir.path().join("continuing.csv");
    std::fs::write(&csv, continuing).unwrap();
    let said = run_ok(&[
        "composition",
        file.to_str().unwrap(),
        "--from",
        csv.to_str().unwrap(),
        "--continuing",
    ]);
    assert!(
        said.contains("continuing seats for 1 councils: Preston"),
        "{said}"
    );
    let json = crate::support::commands::json_summary(&[file.to_str().unwrap()]);
    let preston = json["councils"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["council"] == "Preston")
        .unwrap()
        .clone();
    assert_eq!(preston["seats_continuing"], 32);
    assert_eq!(preston["council_seats"], 48);
    assert_eq!(preston["majority_needed"], 25);
    assert_eq!(preston["control"]["text"], "Labour has control");
    let labour = &preston["parties"][0];
    assert_eq!(
        (
            &labour["party"],
            &labour["seats"],
            &labour["continuing"],
            &labour["council_after"]
        ),
        (&"Labour".into(), &9.into(), &21.into(), &30.into())
    );
    // Kept in the log as an event: the audit trail says what was set.
    let log = run_ok(&["log", file.to_str().unwrap()]);
    assert!(log.contains("continuing seats set for 1 councils"), "{log}");
    // Pendle, not given, still cannot be told.
    let pendle = json["councils"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["council"] == "Pendle")
        .unwrap();
    assert_eq!(pendle["control"]["state"], "cannot_tell");
}

#[test]
fn incumbents_re_elected_and_defeated_per_council_match_the_file() {
    let text = std::fs::read_to_string(handbook()).expect("the local elections file");
    let tally = load(&text);
    let report = tallyroom::report::incumbents(&tally).expect("the file marks incumbents");
    // Worked out here from the Incumbent and Elected columns.
    let mut expected: HashMap<String, (u64, u64)> = HashMap::new();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (council, incumbent, elected) =
        (at("Local authority name"), at("Incumbent"), at("Elected"));
    for r in reader.records() {
        let r = r.unwrap();
        if &r[incumbent] != "1" {
            continue;
        }
        let e = expected.entry(r[council].to_string()).or_default();
        if &r[elected] == "1" {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    assert_eq!(report.by_council.len(), expected.len());
    for c in &report.by_council {
        let (re_elected, defeated) = expected[&c.council];
        assert_eq!(
            (c.re_elected, c.defeated),
            (re_elected, defeated),
            "{}",
            c.council
        );
        assert_eq!(c.standing, re_elected + defeated);
    }
    assert_eq!(report.standing, 2044);
    assert_eq!(
        report.re_elected + report.defeated.len() as u64,
        report.standing
    );
    // Each defeat names the winners who beat them.
    let first = &report.defeated[0];
    assert!(!first.by.is_empty(), "{first:?}");
    // The feed says so as each result comes in.
    let feed = tallyroom::charts::feed(&tally, 1903);
    let adur = feed
        .iter()
        .find(|l| l.starts_with("Buckingham") && l.contains("Boram"))
        .expect("Buckingham in the feed");
    assert!(
        adur.ends_with("; sitting Boram, K. (Conservative) defeated"),
        "{adur}"
    );
}

#[test]
fn a_change_of_control_is_judged_against_the_council_before_the_poll_else_the_last_election() {
    let dir = tempdir();
    let file = dir.path().join("lancs.tally");
    run_ok(&[
        "new",
        "--from",
        crate::support::elections::sample("lancashire-2025.csv")
            .to_str()
            .unwrap(),
        "--baseline",
        crate::support::elections::sample("lancashire-2021.csv")
            .to_str()
            .unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    // Against the last election: the Conservatives won 2021 outright.
    let json = crate::support::commands::json_summary(&[file.to_str().unwrap()]);
    assert_eq!(json["control"]["text"], "Reform UK has control");
    assert_eq!(
        json["control"]["change"]["text"],
        "Reform UK gain from Conservative"
    );
    assert_eq!(
        json["control"]["change"]["against"],
        "the last election (lancashire-2021)"
    );
    // Defections before the poll left the Conservatives one short of a majority: the
    // change is then judged against the council as it stood, and says so.
    let before = dir.path().join("before.csv");
    std::fs::write(
        &before,
        "council,party,seats\n\
         lancs,Conservative,42\nlancs,Labour,27\nlancs,Independent,9\n\
         lancs,Liberal Democrats,4\nlancs,Green Party,2\n",
    )
    .unwrap();
    run_ok(&[
        "composition",
        file.to_str().unwrap(),
        "--from",
        before.to_str().unwrap(),
        "--before",
    ]);
    let json = crate::support::commands::json_summary(&[file.to_str().unwrap()]);
    assert_eq!(
        json["control"]["change"]["text"],
        "Reform UK gain from no overall control"
    );
    assert_eq!(
        json["control"]["change"]["against"],
        "the council before the poll (before.csv)"
    );
    let table = run_ok(&["summary", file.to_str().unwrap()]);
    assert!(
        table.contains("Reform UK gain from no overall control, against the council before the poll (before.csv)"),
        "{table}"
    );
}

#[test]
fn a_by_thirds_council_held_before_the_poll_is_a_hold_once_its_continuing_seats_are_known() {
    let dir = tempdir();
    let file = night_2024(dir.path());
    let path = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    // Before the poll: Preston as Open Council Data has it for 2023 (48 seats, Labour 31).
    let before = path(
        "before.csv",
        "authority,year,total,con,lab,ld,green,ukip,ref,pc,snp,other,majority\n\
         Preston,2023,48,10,31,7,0,0,0,0,0,0,Lab\n\
         Preston,2024,48,6,30,12,0,0,0,0,0,0,Lab\n",
    );
    run_ok(&[
        "composition",
        &file.to_string_lossy(),
        "--from",
        &before,
        "--before",
        "--year",
        "2023",
    ]);
    let council = |json: &serde_json::Value| {
        json["councils"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["council"] == "Preston")
            .unwrap()
            .clone()
    };
    // Without the seats not up tonight, neither control nor its change can be told.
    let json = crate::support::commands::json_summary(&[file.to_str().unwrap()]);
    assert_eq!(council(&json)["control"]["state"], "cannot_tell");
    assert!(council(&json)["control_change"].is_null());
    let continuing = path(
        "continuing.csv",
        "council,party,seats\nPreston,Labour,21\nPreston,Liberal Democrats,6\nPreston,Conservative,5\n",
    );
    run_ok(&[
        "composition",
        &file.to_string_lossy(),
        "--from",
        &continuing,
        "--continuing",
    ]);
    let json = crate::support::commands::json_summary(&[file.to_str().unwrap()]);
    let preston = council(&json);
    assert_eq!(preston["control"]["text"], "Labour has control");
    assert_eq!(preston["control_change"]["text"], "Labour hold");
    assert_eq!(
        preston["control_change"]["against"],
        "the council before the poll (before.csv (2023))"
    );
    // A year the file does not have is refused with what it has.
    let out = crate::support::commands::run(&[
        "composition",
        file.to_str().unwrap(),
        "--from",
        &before,
        "--before",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--year") && err.contains("2023, 2024"),
        "{err}"
    );
}

#[test]
fn the_scoreboard_counts_councils_by_control_and_their_changes_of_hands() {
    let dir = tempdir();
    let file = night_2024(dir.path());
    let path = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    // Before the poll (Open Council Data's 2023 rows): Dorset, elected whole tonight
    // (82 seats), Conservative-held; Barnsley, 63 seats of which 21 are up tonight
    // though the Handbook marks its election "All"; Preston, Labour-held, whose
    // continuing seats are given too.
    let before = path(
        "before.csv",
        "authority,year,total,con,lab,ld,green,ukip,ref,pc,snp,other,majority\n\
         Dorset,2023,82,43,1,27,5,0,0,0,0,6,Con\n\
         Barnsley,2023,63,6,49,8,0,0,0,0,0,0,Lab\n\
         Preston,2023,48,10,31,7,0,0,0,0,0,0,Lab\n",
    );
    let continuing = path(
        "continuing.csv",
        "council,party,seats\nPreston,Labour,21\nPreston,Liberal Democrats,6\nPreston,Conservative,5\n",
    );
    let f = file.to_str().unwrap();
    run_ok(&[
        "composition",
        f,
        "--from",
        &before,
        "--before",
        "--year",
        "2023",
    ]);
    run_ok(&["composition", f, "--from", &continuing, "--continuing"]);
    let store = tallyroom::store::Store::open(
        &file,
        tallyroom::store::events::Identity::new(Some("checker")),
    )
    .unwrap();
    let tally = store.tally();
    let colours = tallyroom::colours::PartyColours::default();
    let board = tallyroom::charts::scoreboard(tally, &colours).expect("a night of councils");
    assert_eq!((board.councils_total, board.councils_complete), (107, 107));
    assert_eq!(
        board.by_control.iter().map(|c| c.councils).sum::<u64>(),
        107
    );
    assert_eq!(
        board
            .councillors
            .iter()
            .map(|p| p.value as u64)
            .sum::<u64>(),
        2659
    );
    let result = |council: &str| {
        board
            .results
            .iter()
            .find(|r| r.council == council)
            .map(|r| (r.control.clone(), r.change.clone()))
            .unwrap()
    };
    assert_eq!(
        result("Dorset"),
        (
            "Liberal Democrats has control".to_string(),
            Some("Liberal Democrats gain from Conservative".to_string())
        )
    );
    assert_eq!(
        result("Preston"),
        (
            "Labour has control".to_string(),
            Some("Labour hold".to_string())
        )
    );
    // Barnsley's council before the poll has 63 seats and 21 were up: only part of it
    // was elected, whatever the file's election type says. Labour held 49: whichever
    // 21 seats were defended, at least 28 of its seats continue, and with the 17 it
    // won tonight it has 45, past the 32 needed.
    assert_eq!(
        result("Barnsley"),
        (
            "Labour has control (whichever seats were defended tonight)".to_string(),
            Some("Labour hold".to_string())
        )
    );
    // With no composition, a change cannot be judged on a night of several councils
    // (the last election is not kept per council).
    assert_eq!(result("Wigan").1, None);
    let tallied = |label: &str| {
        let c = board.by_control.iter().find(|c| c.label == label).unwrap();
        (c.councils, c.gains, c.losses)
    };
    // Labour: the 3 councils it won whole tonight, Barnsley and Preston. The file's
    // other "All" councils with a third of their seats up (Bolton 21 of 60, Leeds 33
    // of 99: the table of councils) are not called without their council before the
    // poll.
    assert_eq!(tallied("Labour"), (5, 0, 0));
    // Dorset, gained from the Conservatives, who hold no council called tonight.
    assert_eq!(tallied("Liberal Democrats"), (1, 1, 0));
    assert_eq!(tallied("Conservative"), (0, 0, 1));
}

#[test]
fn the_window_shows_the_night_s_scoreboard_on_the_dashboard_and_the_board() {
    let dir = tempdir();
    let file = night_2024(dir.path());
    let mut w = crate::window::Window::start_sized([1920.0, 1080.0], 1.25, 6);
    w.open_typed(&file, "Ann");
    // The status bar gives the night's headline, not one chamber's control.
    // The file's "All" councils with a third of their seats up are not called.
    assert!(
        w.has_text("107 of 107 councils complete: Cannot tell 96, No overall control 7, Labour 3")
    );
    w.click("Dashboard");
    w.harness.run();
    assert!(w.has_text("Councils: 107 of 107 complete"));
    assert!(w.has_text("Labour: 3"));
    assert!(w.has_text("Councillors by party"));
    assert!(w.has_text("Labour: 1158"));
    assert!(w.has_text("Results as they complete, latest first"));
    // No path to control or chamber for a night of 107 councils.
    assert!(!w.has_text("Path to control"));
    // Sitting councillors: the counts, and each one defeated with who beat them.
    w.harness.run();
    assert!(w.has_text("2044 standing again: 1604 re-elected, 440 defeated"));
    assert!(w.has_text("lost Buckingham (Adur) to Jenner, N. (Labour)"));
    // One council's charts: Preston alone, whose control cannot be told yet.
    let preston = w.store().election().find_council("Preston").unwrap();
    w.show_council(preston);
    w.harness.run();
    assert!(w.has_text("Preston: Cannot tell: part of the council up"));
    assert!(
        w.has_text("Path to control"),
        "one council has a path to control"
    );
    assert!(!w.has_text("Councillors by party"));
    {
        // Not drawn on tonight's seats alone: no line for control, no bars to it.
        let colours = tallyroom::colours::PartyColours::default();
        let session = w.harness.state_mut().session.as_mut().unwrap();
        let figures = session.dashboard.figures(&session.store, &colours);
        assert_eq!(figures.seats.threshold, 0);
        assert!(figures.paths.is_empty());
    }
    // Preston's continuing seats read from the Night menu: its control is then known.
    let continuing = dir.path().join("continuing.csv");
    std::fs::write(
        &continuing,
        "council,party,seats\nPreston,Labour,21\nPreston,Liberal Democrats,6\nPreston,Conservative,5\n",
    )
    .unwrap();
    w.menu("Night", "Council compositions…");
    w.retype("Composition file", continuing.to_str().unwrap());
    w.click("Read compositions");
    assert!(w.has_text("continuing seats set for 1 councils from continuing.csv"));
    let store = w.store();
    assert_eq!(
        tallyroom::report::council_control_text(store.tally(), preston).text,
        "Labour has control"
    );
    w.harness.run();
    assert!(w.has_text("Preston: Labour has control"));
    // Its charts are of the whole council: the seats and the path to control count
    // the councillors not up tonight, against the line for 25 of 48.
    let colours = tallyroom::colours::PartyColours::default();
    let session = w.harness.state_mut().session.as_mut().unwrap();
    let figures = session.dashboard.figures(&session.store, &colours);
    assert_eq!(figures.seats.threshold, 25);
    assert_eq!(figures.total_seats, 48);
    assert_eq!(
        (
            figures.seats.bars[0].party.as_str(),
            figures.seats.bars[0].value
        ),
        ("Labour", 30.0)
    );
    assert_eq!(
        (figures.paths[0].won, figures.paths[0].needed),
        (30, 0),
        "Labour: 9 won tonight and 21 continuing"
    );
    // The council before the poll typed into the same dialog: Labour held Preston.
    w.menu("Night", "Council compositions…");
    w.click("The council before the poll (for change of control)");
    w.harness
        .get_by_label("Or type them, a line each: council, party, seats")
        .focus();
    w.harness.run();
    w.type_text("Preston, Labour, 31\nPreston, Liberal Democrats, 7\nPreston, Conservative, 10");
    w.click("Read compositions");
    assert!(
        w.has_text("the council before the poll set for 1 councils from seats typed in the window")
    );
    let change = w.store().tally().control_change(preston).unwrap();
    assert_eq!(change.text, "Labour hold");
    w.click("Board for the projector");
    w.click("Councils");
    let panel = w.app().session.as_ref().unwrap().dashboard.board.panel;
    assert_eq!(
        panel,
        tallyroom::window_state::dashboard::BoardPanel::Councils
    );
}

#[test]
fn a_night_of_one_by_thirds_council_counts_its_continuing_seats_for_control() {
    // Preston's 2024 results alone, as the app's own CSV with no council column.
    let text = std::fs::read_to_string(handbook()).expect("the local elections file");
    let mut out = String::from("division,division_id,seats,candidate,party,votes\n");
    for r in rows(&text).iter().filter(|r| r.council == "Preston") {
        out.push_str(&format!(
            "\"{}\",{},{},\"{}\",{},{}\n",
            r.ward, r.contest, r.vacancies, r.name, r.party, r.votes
        ));
    }
    let dir = tempdir();
    let csv = dir.path().join("preston.csv");
    std::fs::write(&csv, out).unwrap();
    let file = dir.path().join("preston.tally");
    run_ok(&[
        "new",
        "--from",
        csv.to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    // Tonight alone: 16 seats, 9 needed, and the Handbook's LAB (9) has it.
    let json = crate::support::commands::json_summary(&[file.to_str().unwrap()]);
    assert_eq!(json["majority_needed"], 9);
    let continuing = dir.path().join("continuing.csv");
    std::fs::write(
        &continuing,
        "council,party,seats\npreston,LAB,21\npreston,LD,6\npreston,CON,5\n",
    )
    .unwrap();
    run_ok(&[
        "composition",
        file.to_str().unwrap(),
        "--from",
        continuing.to_str().unwrap(),
        "--continuing",
    ]);
    // The whole council: 48 seats, 25 needed; LAB 9 tonight and 21 continuing.
    let json = crate::support::commands::json_summary(&[file.to_str().unwrap()]);
    assert_eq!(json["majority_needed"], 25);
    assert_eq!(json["control"]["text"], "LAB has control");
    let lab = json["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == "LAB")
        .unwrap();
    assert_eq!(lab["seats"], 9);
    assert_eq!(lab["seats_needed"], 0);
}

#[test]
fn a_sitting_member_re_elected_for_another_party_is_named_and_kept_in_the_file() {
    let csv = "council,division,seats,candidate,party,votes,incumbent,party_elected_as\n\
               Northtown,Abbey,1,Ann Able,Independent,900,Y,Labour\n\
               Northtown,Abbey,1,Bob Best,Labour,400,N,\n\
               Northtown,Bank,1,Cat Cole,Conservative,300,Y,Conservative\n\
               Northtown,Bank,1,Dan Dee,Reform UK,700,N,\n\
               Southtown,Central,1,Eve Eden,Labour,500,Y,Labour\n\
               Southtown,Central,1,Fay Ford,Green Party,450,N,\n";
    let dir = tempdir();
    let source = dir.path().join("defections.csv");
    std::fs::write(&source, csv).unwrap();
    let file = dir.path().join("defections.tally");
    run_ok(&[
        "new",
        "--from",
        source.to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    for from in [source.to_str().unwrap(), file.to_str().unwrap()] {
        let json = crate::support::commands::json_summary(&[from]);
        let inc = &json["incumbents"];
        assert_eq!(
            (&inc["standing"], &inc["re_elected"]),
            (&3.into(), &2.into())
        );
        let changed = inc["re_elected_for_another_party"].as_array().unwrap();
        assert_eq!(changed.len(), 1, "{from}");
        assert_eq!(changed[0]["candidate"], "Ann Able");
        assert_eq!(changed[0]["elected_as"], "Labour");
        assert_eq!(changed[0]["now"], "Independent");
        assert_eq!(inc["defeated"][0]["candidate"], "Cat Cole");
        assert_eq!(inc["defeated"][0]["by"][0], "Dan Dee (Reform UK)");
    }
    let table = run_ok(&["summary", file.to_str().unwrap()]);
    assert!(
        table.contains(
            "Ann Able re-elected in Abbey (Northtown) as Independent, elected as Labour last time"
        ),
        "{table}"
    );
}

#[test]
fn the_handbook_s_party_abbreviations_read_as_the_names_its_key_gives() {
    let dir = tempdir();
    let file = night_2024(dir.path());
    let out = run_ok(&["summary", file.to_str().unwrap(), "--json"]);
    let summary: serde_json::Value = serde_json::from_str(&out).unwrap();
    let parties: Vec<&str> = summary["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["party"].as_str().unwrap())
        .collect();
    // The key beside the candidate sheet names them: "PIP", "IOA", "Res", and
    // "HandBFI", which the key writes "H&BFI".
    for name in [
        "People's Independent Party",
        "Independent Oxford Alliance",
        "Residents Association",
        "Horwich & Bolfton First Independents",
    ] {
        assert!(parties.contains(&name), "{name} in {parties:?}");
    }
    for abbreviation in ["PIP", "IOA", "Res", "HandBFI"] {
        assert!(
            !parties.contains(&abbreviation),
            "{abbreviation} left as it is"
        );
    }
    // The national parties keep the names the app knows them by.
    assert!(parties.contains(&"Labour") && parties.contains(&"Green Party"));
    // A key that is not one is refused with what to give instead.
    let bad = dir.path().join("not-a-key.csv");
    std::fs::write(&bad, "a,b\n1,2\n").unwrap();
    let out = crate::support::commands::run(&[
        "summary",
        handbook().to_str().unwrap(),
        "--party-names",
        bad.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("Party abbreviation"), "{said}");
}

#[test]
fn a_chamber_of_a_dot_for_several_seats_has_none_to_declare_once_all_have_declared() {
    let text = std::fs::read_to_string(handbook()).unwrap();
    let tally = load(&text);
    let colours = tallyroom::colours::PartyColours::default();
    let seats = tallyroom::charts::chamber(&tally, &colours);
    // 2,659 seats at 3 a dot.
    assert_eq!(seats.len(), 887);
    assert!(
        seats.iter().all(|s| s.party.is_some()),
        "{} dots left to declare",
        seats.iter().filter(|s| s.party.is_none()).count()
    );
}
