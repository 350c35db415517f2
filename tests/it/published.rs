//! Files exactly as their publishers offer them, read with no `--format` and no
//! conversion by hand: the Commons Library's Local Elections Handbook workbooks
//! (title rows, each edition's own column names, a sheet of wards), LEAP's headerless
//! archives, and the Commons Library's general-election files.

use std::path::PathBuf;

use serde_json::Value;

use crate::support::commands::{run, run_ok, tempdir};

fn shared(file: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(file)
        .to_str()
        .unwrap()
        .to_string()
}

/// `summary FILE --json`, which must succeed: the summary and what it said on stderr.
fn summary(args: &[&str]) -> (Value, String) {
    let mut all = vec!["summary"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = run(&all);
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?}: {said}");
    (serde_json::from_slice(&out.stdout).expect("JSON"), said)
}

fn council<'a>(summary: &'a Value, name: &str) -> &'a Value {
    summary["councils"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["council"] == name)
        .unwrap_or_else(|| panic!("no council {name}"))
}

/// A council's seats won tonight by party, parties with none left out.
fn won(council: &Value) -> Vec<(String, u64)> {
    council["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["party"].as_str().unwrap().to_string(),
                p["seats"].as_u64().unwrap(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

fn seats(summary: &Value, party: &str) -> u64 {
    summary["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == party)
        .and_then(|p| p["seats"].as_u64())
        .unwrap_or(0)
}

#[test]
fn the_2024_workbook_reads_as_its_converted_csv_council_by_council() {
    let (book, said) = summary(&[&shared(
        "local-elections/as-published/commons-library-local-elections-2024.xlsx",
    )]);
    let (csv, _) = summary(&[&shared(
        "local-elections/commons-library-local-elections-2024-candidates.csv",
    )]);
    // Every council: seats, control and each party's seats and votes, the same.
    assert_eq!(book["councils"].as_array().unwrap().len(), 107);
    assert_eq!(book["councils"], csv["councils"]);
    assert_eq!(book["seats_total"], 2659);
    // The sheets it took, and the title row above the header, are said.
    assert!(
        said.contains("read sheet \"Candidates results\" (results by candidate), \"Wards results\" (wards), \"Party names\" (party names)"),
        "{said}"
    );
    assert!(
        said.contains("line 1 taken as a title above the header: \"Local election results by candidate, 2024\""),
        "{said}"
    );
}

#[test]
fn the_2021_workbook_gives_county_divisions_to_their_county_and_calls_no_part_council() {
    let (book, said) = summary(&[&shared(
        "local-elections/as-published/commons-library-local-elections-2021.xlsx",
    )]);
    // Lancashire's divisions are filed under its districts; they are Lancashire's.
    let lancashire = council(&book, "Lancashire");
    assert_eq!(lancashire["seats_total"], 84);
    assert_eq!(
        won(lancashire),
        [
            ("Conservative".to_string(), 48),
            ("Labour".to_string(), 32),
            ("Liberal Democrats".to_string(), 2),
            ("Green Party".to_string(), 2)
        ]
    );
    assert_eq!(lancashire["control"]["party"], "Conservative");
    // No district of Lancashire took a county division.
    let preston = council(&book, "Preston");
    assert!(preston["seats_total"].as_u64().unwrap() < 20, "{preston}");
    // Sheffield elected a third (29 of 84 seats): no verdict on them alone.
    let sheffield = council(&book, "Sheffield");
    assert_eq!(sheffield["seats_total"], 29);
    assert_eq!(sheffield["control"]["state"], "cannot_tell");
    // And so for every council electing part of its seats.
    for c in book["councils"].as_array().unwrap() {
        if c["elects_part"] == true {
            assert_eq!(c["control"]["state"], "cannot_tell", "{c}");
        }
    }
    // The candidate sheet has no vacancies: they came from the sheet of wards; where
    // that says "NA", the seats are those marked elected, and said.
    assert!(said.contains("\"Wards-results\" (wards)"), "{said}");
    assert!(
        said.contains("wards give no number of seats; each elects the candidates it marks elected: Brentwood North (Brentwood, line 4037)"),
        "{said}"
    );
}

#[test]
fn the_2022_workbook_reads_and_says_which_ward_codes_it_gives_to_two_wards() {
    let (book, said) = summary(&[&shared(
        "local-elections/as-published/commons-library-local-elections-2022.xlsx",
    )]);
    for (code, council, first, second) in [
        (
            "E05013778",
            "Richmond upon Thames",
            "\"Hampton\" (line 6905)",
            "\"Hampton Wick\" (line 6924)",
        ),
        (
            "E05009317",
            "Tower Hamlets",
            "\"Bethnal Green East\" (line 7468)",
            "\"Bethnal Green West\" (line 7483)",
        ),
        (
            "W05001146",
            "Powys",
            "\"Llanelwedd\" (line 15952)",
            "\"LLANWDDYN\"",
        ),
    ] {
        let line = said
            .lines()
            .find(|l| {
                l.contains(&format!(
                    "ward code {code} is given to 2 wards of {council}"
                ))
            })
            .unwrap_or_else(|| panic!("{code}: {said}"));
        assert!(line.contains(first) || line.contains(second), "{line}");
        assert!(
            line.contains("each is read as a division of its own name"),
            "{line}"
        );
    }
    // Both wards of a shared code are there, each with its own result.
    let divisions = book["divisions"].as_array().unwrap();
    for name in [
        "Hampton",
        "Hampton Wick",
        "Bethnal Green East",
        "Bethnal Green West",
    ] {
        assert!(
            divisions.iter().any(|d| d["division"] == name),
            "{name} missing"
        );
    }
}

#[test]
fn leap_archives_load_without_a_header_and_leave_out_councils_elected_by_stv() {
    let (leap2017, said) = summary(&[&shared("local-elections/as-published/leap-2017-05-04.csv")]);
    assert!(
        said.contains("read as a Local Elections Archive Project file"),
        "{said}"
    );
    // Scotland's councils elect by single transferable vote: not tallied, and said.
    assert!(
        said.contains("32 councils elect by single transferable vote and are left out"),
        "{said}"
    );
    // Lancashire 2017, counted from the file's own flags: Con 46, Lab 30, LD 4,
    // Ind 2, Green 1, UKIP 1, of 84.
    let lancashire = council(&leap2017, "Lancashire");
    assert_eq!(lancashire["seats_total"], 84);
    assert_eq!(won(lancashire)[0], ("Conservative".to_string(), 46));
    assert_eq!(won(lancashire)[1], ("Labour".to_string(), 30));
    assert_eq!(lancashire["control"]["party"], "Conservative");
    // A council with a by-election or two on the day is never given control.
    let birmingham = council(&leap2017, "Birmingham");
    assert_eq!(birmingham["seats_total"], 2);
    assert_eq!(birmingham["control"]["state"], "cannot_tell");

    let (leap2018, said) = summary(&[&shared("local-elections/as-published/leap-2018-05-03.csv")]);
    assert_eq!(leap2018["seats_total"], 4418);
    // Barnet 2018, all out: Con 38, Lab 25.
    let barnet = council(&leap2018, "Barnet");
    assert_eq!(
        won(barnet),
        [("Conservative".to_string(), 38), ("Labour".to_string(), 25)]
    );
    assert!(
        said.contains("rows without a candidate left out: Hackney Elected Mayor (line 4784)"),
        "{said}"
    );
}

#[test]
fn general_elections_as_published_give_the_published_seats_without_a_format() {
    let (ge2010, _) = summary(&[&shared(
        "general-elections/as-published/hoc-ge2010-results-by-candidate.csv",
    )]);
    assert_eq!(seats(&ge2010, "Conservative"), 306);
    assert_eq!(seats(&ge2010, "Labour"), 258);
    assert_eq!(seats(&ge2010, "Liberal Democrats"), 57);
    assert_eq!(ge2010["control"]["state"], "no_overall_control");
    let (ge2015, _) = summary(&[&shared(
        "general-elections/as-published/hoc-ge2015-results-by-candidate.csv",
    )]);
    assert_eq!(seats(&ge2015, "Conservative"), 330);
    assert_eq!(seats(&ge2015, "Labour"), 232);
    assert_eq!(seats(&ge2015, "Scottish National Party"), 56);
    assert_eq!(seats(&ge2015, "Liberal Democrats"), 8);
}

#[test]
fn a_workbook_in_the_2025_layout_reads_by_what_its_columns_mean() {
    // Hand-made (.ods): a title row and a blank row above the header, councils in
    // tiers, "Ward/ County Electoral District name", "Seats contested", "Votes cast",
    // Elected as TRUE/FALSE.
    let file =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/handbook-2025-layout.ods");
    let (book, said) = summary(&[file.to_str().unwrap()]);
    assert!(
        said.contains("read sheet \"Candidates\" (results by candidate)"),
        "{said}"
    );
    // The upper tier elects: one council, its divisions from two districts.
    assert_eq!(book["seats_total"], 4);
    let divisions = book["divisions"].as_array().unwrap();
    assert_eq!(divisions.len(), 3);
    // One council (no per-council table), its divisions in their districts.
    assert_eq!(book["councils"].as_array().map_or(0, Vec::len), 0);
    let areas: Vec<&str> = divisions
        .iter()
        .map(|d| d["area"].as_str().unwrap())
        .collect();
    assert_eq!(areas, ["Preston", "Preston", "Burnley"]);
    // Four of Lancashire's 84 seats: no verdict on control.
    assert_eq!(book["control"]["state"], "cannot_tell");
    assert!(said.contains("Lancashire (4 of 84)"), "{said}");
    assert_eq!(seats(&book, "Reform UK"), 2);
    assert_eq!(seats(&book, "Liberal Democrats"), 1);
    assert_eq!(seats(&book, "Independent"), 1);
}

#[test]
fn the_2024_night_with_the_councils_before_the_poll_calls_control_where_it_can() {
    let dir = tempdir();
    let night = dir.path().join("may2024.tally");
    let night = night.to_str().unwrap();
    run_ok(&[
        "new",
        "--from",
        &shared("local-elections/commons-library-local-elections-2024-candidates.csv"),
        "--out",
        night,
    ]);
    run_ok(&[
        "composition",
        night,
        "--from",
        &shared("local-elections/open-council-data-compositions-2016-2025.csv"),
        "--before",
        "--year",
        "2023",
    ]);
    let verdicts = |summary: &Value| {
        summary["councils"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["control"]["state"] != "cannot_tell")
            .count()
    };
    // The council before the poll alone: a verdict only where it holds whichever
    // seats were defended tonight.
    let (before_only, _) = summary(&[night]);
    assert_eq!(verdicts(&before_only), 56);
    let preston = council(&before_only, "Preston");
    assert_eq!(preston["control"]["state"], "cannot_tell");
    assert_eq!(
        preston["control"]["text"],
        "Cannot tell: depends on which seats were defended"
    );
    // With the 2021 results of the same wards (the seats up in 2024 were last fought
    // then), who defended each seat is known: the continuing seats are derived.
    run_ok(&[
        "baseline",
        night,
        "--from",
        &shared("local-elections/as-published/commons-library-local-elections-2021.xlsx"),
    ]);
    let (derived, _) = summary(&[night]);
    assert_eq!(verdicts(&derived), 71);
    // Preston by hand: before the poll (Open Council Data 2023) Labour 31, Liberal
    // Democrats 7, Conservative 10, of 48; the 16 seats up were won in 2021 by Labour
    // 10, Conservative 5, Liberal Democrats 1; so 32 continue: Labour 21, Liberal
    // Democrats 6, Conservative 5. Tonight Labour 9, Liberal Democrats 6,
    // Conservative 1: the council after is Labour 30 of 48, control (25 needed).
    let preston = council(&derived, "Preston");
    assert_eq!(preston["seats_continuing"], 32);
    assert_eq!(preston["seats_continuing_derived"], true);
    let after: Vec<(String, u64)> = preston["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["party"].as_str().unwrap().to_string(),
                p["council_after"].as_u64().unwrap(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(
        after,
        [
            ("Labour".to_string(), 30),
            ("Liberal Democrats".to_string(), 12),
            ("Conservative".to_string(), 6)
        ]
    );
    assert_eq!(preston["majority_needed"], 25);
    assert_eq!(preston["control"]["party"], "Labour");
    assert!(
        preston["control"]["text"]
            .as_str()
            .unwrap()
            .contains("seats not up derived"),
        "{preston}"
    );
}

#[test]
fn a_backtest_of_the_2024_night_scores_control_only_where_the_night_tells_it() {
    // 2 May 2024 against the same wards in 2021 (most of its councils elect a third or
    // a half of their seats, and the Handbook gives no councillors not up): a party
    // winning most of a council's third is not a win of the council, so only the
    // councils whose control the night tells are scored, in every order.
    let (night, _) = summary(&[&shared(
        "local-elections/as-published/commons-library-local-elections-2024.xlsx",
    )]);
    let told = night["councils"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            c["control"]["state"] == "control" || c["control"]["state"] == "no_overall_control"
        })
        .count();
    assert!(told < 20, "{told} councils' control told");
    let args = [
        "backtest",
        &shared("local-elections/as-published/commons-library-local-elections-2024.xlsx"),
        "--baseline",
        &shared("local-elections/as-published/commons-library-local-elections-2021.xlsx"),
        "--orders",
        "2",
        "--simulations",
        "100",
    ];
    let said = run_ok(&args);
    assert!(said.contains("control is scored in"), "{said}");
    let mut json = args.to_vec();
    json.push("--json");
    let stages: Value = serde_json::from_str(&run_ok(&json)).unwrap();
    for stage in stages.as_array().unwrap() {
        let scored = stage["council_orders"].as_u64().unwrap_or(0);
        assert!(scored > 0, "{stage}");
        assert!(
            scored <= 2 * told as u64,
            "{scored} council-orders: {stage}"
        );
        let missed = stage["councils_missed"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            !missed.iter().any(|m| m[0] == "Hastings"),
            "Hastings elected half its council: {stage}"
        );
    }
}

#[test]
fn preston_s_third_half_declared_projects_its_seats_but_not_control_of_the_council() {
    // Preston elected 16 of its 48 councillors on 2 May 2024. Half way through that
    // third, against the same wards in 2021, the projection tells the seats up tonight
    // and no chance of control: tonight's seats are a third of the council.
    let text = std::fs::read_to_string(shared(
        "local-elections/commons-library-local-elections-2024-candidates.csv",
    ))
    .unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|c| c == name).unwrap();
    let (council, ward, votes, elected) = (
        column("Local authority name"),
        column("Ward name"),
        column("Votes"),
        column("Elected"),
    );
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    let mut whole = csv::Writer::from_writer(Vec::new());
    whole.write_record(&header).unwrap();
    let mut wards: Vec<String> = Vec::new();
    for record in reader.records() {
        let mut fields: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        if fields[council] != "Preston" {
            continue;
        }
        whole.write_record(&fields).unwrap();
        if !wards.contains(&fields[ward]) {
            wards.push(fields[ward].clone());
        }
        if wards.iter().position(|w| *w == fields[ward]).unwrap() % 2 == 1 {
            fields[votes].clear();
            fields[elected].clear();
        }
        writer.write_record(&fields).unwrap();
    }
    let dir = tempdir();
    let half = dir.path().join("preston-2024-half.csv");
    std::fs::write(&half, writer.into_inner().unwrap()).unwrap();
    let baseline = shared("local-elections/as-published/commons-library-local-elections-2021.xlsx");
    let args = [
        "summary",
        half.to_str().unwrap(),
        "--baseline",
        &baseline,
        "--projection",
        "--simulations",
        "200",
    ];
    let said = run_ok(&args);
    assert!(
        said.contains("Control cannot be told: part of the council is up"),
        "{said}"
    );
    assert!(!said.contains("No overall control:"), "{said}");
    let mut json = args.to_vec();
    json.push("--json");
    let summary: Value = serde_json::from_str(&run_ok(&json)).unwrap();
    let projection = &summary["projection"];
    assert_eq!(projection["control_told"], false, "{projection}");
    let seats: u64 = projection["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["seats_median"].as_u64().unwrap())
        .sum();
    assert!((14..=18).contains(&seats), "{seats} of 16 seats up tonight");
    // Replayed whole, the backtest scores its seats and not its control.
    let complete = dir.path().join("preston-2024.csv");
    std::fs::write(&complete, whole.into_inner().unwrap()).unwrap();
    let said = run_ok(&[
        "backtest",
        complete.to_str().unwrap(),
        "--baseline",
        &baseline,
        "--orders",
        "2",
        "--simulations",
        "100",
    ]);
    assert!(said.contains("control not scored"), "{said}");
    assert!(!said.contains("called in"), "{said}");
}

#[test]
fn a_councillor_beaten_by_another_sitting_councillor_is_beaten_by_someone() {
    // Cumberland's first election (5 May 2022): in Botcherby three sitting councillors
    // of the old councils stood for one seat, and the independent among them won.
    let (night, _) = summary(&[&shared(
        "local-elections/as-published/commons-library-local-elections-2022.xlsx",
    )]);
    let defeated = night["incumbents"]["defeated"].as_array().unwrap();
    assert!(
        defeated
            .iter()
            .all(|d| !d["by"].as_array().unwrap().is_empty())
    );
    let botcherby: Vec<&Value> = defeated
        .iter()
        .filter(|d| d["division"] == "Botcherby" && d["council"] == "Cumberland")
        .collect();
    assert_eq!(botcherby.len(), 2, "{botcherby:?}");
    for d in botcherby {
        assert_eq!(d["by"][0], "Betton R. (Independent)", "{d}");
    }
}

#[test]
fn a_damaged_workbook_is_refused_in_words_never_a_crash_or_a_wrong_figure() {
    let damaged = |name: &str| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/damaged")
            .join(name)
            .to_str()
            .unwrap()
            .to_string()
    };
    for (file, expected) in [
        // A cell reference past what a sheet can hold made the spreadsheet reader
        // overflow.
        (
            "cell-beyond-u32.xlsx",
            "cell-beyond-u32.xlsx: the workbook is damaged: its cells cannot be read",
        ),
        // One stray cell at Excel's last cell (XFD1048576) asked for 549 GB.
        (
            "stray-cell-far-out.xlsx",
            "sheet \"Candidates results\", line 1048576",
        ),
        // A ward code lost to #REF! made a ward of its own.
        (
            "ref-error-in-ward-code.xlsx",
            "line 2, column 2 (Ward code): the cell holds the spreadsheet error #REF!",
        ),
        // A date typed in a votes cell was 45,414 votes.
        (
            "date-in-votes.xlsx",
            "line 2, column 6 (Votes): \"North\": Votes for Smith, A.: \"(a date or time: 45414)\" is not a whole number",
        ),
    ] {
        let out = run(&["summary", &damaged(file)]);
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{file}: {said}");
        assert!(said.contains(expected), "{file}: {said}");
        assert!(!said.contains("panicked"), "{file}: {said}");
        let errors = said.lines().filter(|l| l.starts_with("error: ")).count();
        assert_eq!(errors, 1, "{file}: one error: {said}");
    }
    // A council the archive names otherwise ("Cambs") is found by its code: three of
    // Cambridgeshire's 61 seats are not its control.
    let (cambs, said) = summary(&[&damaged("leap-council-renamed.csv")]);
    assert_eq!(cambs["control"]["state"], "cannot_tell");
    assert!(said.contains("Cambs (3 of 61)"), "{said}");
}

#[test]
fn results_by_constituency_are_a_baseline_as_notional_results_come() {
    // No candidates, one column of votes a party: the shape notional results on new
    // boundaries come in. Against it the 2019 night must win and lose the same seats,
    // party by party, as against the 2017 results by candidate.
    let night = shared("general-elections/ge2019-results-by-candidate.csv");
    let (by_candidate, _) = summary(&[
        &night,
        "--baseline",
        &shared("general-elections/ge2017-results-by-candidate.csv"),
    ]);
    let (by_constituency, said) = summary(&[
        &night,
        "--baseline",
        &shared("general-elections/ge2017-results-by-constituency.csv"),
    ]);
    // 2015 against 2010: in Fermanagh and South Tyrone the two other candidates
    // together (21,488) outvoted the winner, Sinn Féin (21,304); the seat is still
    // Sinn Féin's to lose, as against the file by candidate.
    let ge2015 = shared("general-elections/as-published/hoc-ge2015-results-by-candidate.csv");
    let (ge2015_by_candidate, _) = summary(&[
        &ge2015,
        "--baseline",
        &shared("general-elections/as-published/hoc-ge2010-results-by-candidate.csv"),
    ]);
    let (ge2015_by_constituency, said_2010) = summary(&[
        &ge2015,
        "--baseline",
        &shared("general-elections/as-published/hoc-ge2010-results-by-constituency.csv"),
    ]);
    let result = |summary: &Value, name: &str| {
        summary["divisions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["division"] == name)
            .map(|d| d["result"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(
        result(&ge2015_by_constituency, "Fermanagh and South Tyrone").as_deref(),
        Some("Ulster Unionist Party gain from Sinn Féin")
    );
    // The 2010 file has no count of the Speaker's own votes among the others': the
    // seat stands, and no share of 82.6 % is made of them all.
    assert_eq!(
        result(&ge2015_by_constituency, "Buckingham").as_deref(),
        Some("Speaker hold")
    );
    assert!(
        said_2010.contains("in 2 constituencies (lines 99, 401): the seat is kept"),
        "{said_2010}"
    );
    assert!(said.contains("read as results by constituency"), "{said}");
    assert!(said.contains("counted together as \"Others\""), "{said}");
    assert_eq!(by_constituency["baseline"]["divisions_compared"], 650);
    let changes = |summary: &Value| {
        summary["parties"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["seats"].as_u64() > Some(0) || p["losses"].as_u64() > Some(0))
            .map(|p| {
                (
                    p["party"].as_str().unwrap().to_string(),
                    p["seats_change"].as_i64().unwrap(),
                    p["gains"].as_u64().unwrap(),
                    p["losses"].as_u64().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let expected = changes(&by_candidate);
    assert_eq!(changes(&by_constituency), expected);
    assert_eq!(
        changes(&ge2015_by_constituency),
        changes(&ge2015_by_candidate)
    );
    assert!(
        expected.contains(&("Conservative".to_string(), 48, 58, 10)),
        "{expected:?}"
    );
    // The main parties' changes in share are theirs alone: each has a column.
    let share_change = |summary: &Value, party: &str| {
        summary["parties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["party"] == party)
            .and_then(|p| p["share_change"].as_f64())
            .unwrap()
    };
    for party in [
        "Conservative",
        "Labour",
        "Liberal Democrats",
        "Scottish National Party",
    ] {
        let (a, b) = (
            share_change(&by_candidate, party),
            share_change(&by_constituency, party),
        );
        assert!((a - b).abs() < 1e-9, "{party}: {a} against {b}");
    }
    // As tonight's results the same file is refused: a night needs its candidates.
    let out = run(&[
        "summary",
        &shared("general-elections/ge2017-results-by-constituency.csv"),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn results_by_constituency_in_a_workbook_are_a_baseline_too() {
    // The Library publishes the file by constituency as a workbook as well: a sheet
    // with title rows above its header, read as the CSV would be.
    let dir = tempdir();
    let all = std::fs::read_to_string(shared("general-elections/ge2019-results-by-candidate.csv"))
        .unwrap();
    let three: String = all
        .lines()
        .enumerate()
        .filter(|(i, l)| {
            *i == 0
                || ["W07000049,", "W07000058,", "S14000001,"]
                    .iter()
                    .any(|c| l.starts_with(c))
        })
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let tonight = dir.path().join("three.csv");
    std::fs::write(&tonight, three).unwrap();
    let book =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/by-constituency-2019.xlsx");
    let (with_book, said) = summary(&[
        tonight.to_str().unwrap(),
        "--baseline",
        book.to_str().unwrap(),
    ]);
    assert!(
        said.contains("read sheet \"Results\" (results by constituency)"),
        "{said}"
    );
    assert_eq!(with_book["baseline"]["divisions_compared"], 3);
    let results: Vec<&str> = with_book["divisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["result"].as_str().unwrap())
        .collect();
    assert_eq!(
        results,
        [
            "Labour hold",
            "Conservative hold",
            "Scottish National Party hold"
        ]
    );
    // As tonight's results the workbook is refused as the CSV is.
    let out = run(&["summary", book.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--baseline FILE"));
}
