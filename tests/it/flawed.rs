//! Files that disagree with themselves: a row given twice, winners marked that the
//! votes do not elect, a Windows file's line numbers. Never a figure taken silently.

use crate::support::commands::{run, tempdir};

/// The Lancashire 2025 results with `edit` applied to its text, written to a file.
fn lancashire_with(dir: &std::path::Path, edit: impl Fn(&str) -> String) -> std::path::PathBuf {
    let text =
        std::fs::read_to_string(crate::support::elections::sample("lancashire-2025.csv")).unwrap();
    let path = dir.join("lancashire.csv");
    std::fs::write(&path, edit(&text)).unwrap();
    path
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn a_candidate_row_given_twice_is_refused_naming_both_lines() {
    let dir = tempdir();
    let row = "Oswaldtwistle,E58000796,Hyndburn,1,9650,Nancy Mills,Green Party,157,N";
    let file = lancashire_with(dir.path(), |t| t.replace(row, &format!("{row}\n{row}")));
    let text = std::fs::read_to_string(&file).unwrap();
    let first = line_of(&text, row);
    let out = run(&["summary", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!(
            "Nancy Mills (Green Party, 157 votes) in \"Oswaldtwistle\" is given twice: on line {first} and here"
        )),
        "{said}"
    );
    assert!(said.contains(&format!("line {}", first + 1)), "{said}");
    // `check` says so too, and nothing is made.
    let out = run(&["check", file.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is given twice"));
    // Two real candidates of one name and party, told apart by their votes, stand.
    let twins = lancashire_with(dir.path(), |t| {
        t.replace(row, &format!("{row}\n{}", row.replace(",157,", ",12,")))
    });
    let out = run(&["summary", twins.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn winners_marked_that_the_votes_do_not_elect_are_said_and_the_votes_decide() {
    let dir = tempdir();
    // Oswaldtwistle's winner unmarked and the runner-up marked instead.
    let file = lancashire_with(dir.path(), |t| {
        t.replace(
            "Gaynor Louise Hargreaves,Reform UK,1475,Y",
            "Gaynor Louise Hargreaves,Reform UK,1475,N",
        )
        .replace(
            "Peter Britcliffe,Conservative,1467,N",
            "Peter Britcliffe,Conservative,1467,Y",
        )
    });
    let out = run(&["summary", file.to_str().unwrap(), "--json"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("Oswaldtwistle marks 1 elected of 1 seat: Peter Britcliffe (1467); the votes elect Gaynor Louise Hargreaves (1475); the tally goes by the votes"),
        "{said}"
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let oswaldtwistle = summary["divisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["division"] == "Oswaldtwistle")
        .unwrap();
    assert_eq!(
        oswaldtwistle["winners"][0]["candidate"],
        "Gaynor Louise Hargreaves"
    );
    // The real file says nothing of the kind.
    let out = run(&[
        "summary",
        crate::support::elections::sample("lancashire-2025.csv")
            .to_str()
            .unwrap(),
    ]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("the tally goes by the votes"));
}

#[test]
fn a_tie_marked_as_the_votes_have_it_is_not_said_and_one_marked_otherwise_is_said_as_a_tie() {
    let dir = tempdir();
    let tied = |t: &str| {
        t.replace(
            "Peter Britcliffe,Conservative,1467,N",
            "Peter Britcliffe,Conservative,1475,N",
        )
    };
    // Neither of the tied marked (lots not yet drawn, as the app itself writes it), or
    // one of them (lots drawn): nothing to say.
    for marks in [
        "Gaynor Louise Hargreaves,Reform UK,1475,",
        "Gaynor Louise Hargreaves,Reform UK,1475,Y",
    ] {
        let file = lancashire_with(dir.path(), |t| {
            tied(t).replace("Gaynor Louise Hargreaves,Reform UK,1475,Y", marks)
        });
        let out = run(&["summary", file.to_str().unwrap(), "--json"]);
        assert!(out.status.success());
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!said.contains("Oswaldtwistle marks"), "{marks}: {said}");
    }
    // The last candidate marked: said, and the votes are said to tie, not to elect.
    let file = lancashire_with(dir.path(), |t| {
        tied(t)
            .replace(
                "Gaynor Louise Hargreaves,Reform UK,1475,Y",
                "Gaynor Louise Hargreaves,Reform UK,1475,N",
            )
            .replace(
                "Nancy Mills,Green Party,157,N",
                "Nancy Mills,Green Party,157,Y",
            )
    });
    let out = run(&["summary", file.to_str().unwrap(), "--json"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("Oswaldtwistle marks 1 elected of 1 seat: Nancy Mills (157); the votes tie Gaynor Louise Hargreaves (1475), Peter Britcliffe (1475) for the seat; the tally goes by the votes"),
        "{said}"
    );
}

#[test]
fn an_error_in_a_windows_file_names_its_own_line() {
    let dir = tempdir();
    let text =
        std::fs::read_to_string(crate::support::elections::sample("lancashire-2025.csv")).unwrap();
    let bad = text.replace(
        "Oswaldtwistle,E58000796,Hyndburn,1,9650,Nancy Mills,Green Party,157,N",
        "Oswaldtwistle,E58000796,Hyndburn,1,9650,Nancy Mills,Green Party,15x,N",
    );
    let line = line_of(&bad, "15x");
    for (ending, name) in [("\r\n", "crlf.csv"), ("\r", "cr.csv"), ("\n", "lf.csv")] {
        let path = dir.path().join(name);
        std::fs::write(&path, bad.lines().collect::<Vec<_>>().join(ending) + ending).unwrap();
        let out = run(&["check", path.to_str().unwrap()]);
        let said = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(said.contains(&format!("line {line}")), "{name}: {said}");
        assert!(said.contains("15x"), "{name}: {said}");
    }
}

#[test]
fn title_rows_above_the_header_are_skipped_and_said_and_lines_keep_their_numbers() {
    let dir = tempdir();
    let text =
        std::fs::read_to_string(crate::support::elections::sample("lancashire-2025.csv")).unwrap();
    let titled = format!(
        "Lancashire County Council: results by candidate,,,,,,,,\n\"Source: the county's website, 2 May 2025\",,,,,,,,\n{text}"
    );
    let path = dir.path().join("titled.csv");
    std::fs::write(&path, &titled).unwrap();
    let out = run(&["summary", path.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("titled.csv: lines 1–2 taken as titles above the header: \"Lancashire County Council: results by candidate\", \"Source: the county's website, 2 May 2025\""),
        "{said}"
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["divisions_declared"], 82);
    // An error below names its line in the file as it is, titles counted.
    let bad = titled.replace(
        ",Nancy Mills,Green Party,157,",
        ",Nancy Mills,Green Party,15x,",
    );
    std::fs::write(&path, &bad).unwrap();
    let out = run(&["check", path.to_str().unwrap()]);
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!("line {}", line_of(&bad, "15x"))),
        "{said}"
    );
}

#[test]
fn every_missing_column_is_named_at_once_with_the_header_as_written() {
    let dir = tempdir();
    let path = dir.path().join("short.csv");
    std::fs::write(
        &path,
        "Ward Name,Candidate,\u{1f}Party\nPreston East,Luke Parker,Reform UK\n",
    )
    .unwrap();
    let out = run(&["summary", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(
            "the required columns \"division\", \"seats\", \"party\", \"votes\" are missing"
        ),
        "{said}"
    );
    // The columns found as the file writes them, an invisible character shown.
    assert!(
        said.contains("\"Ward Name\", \"Candidate\", \"\\u{1f}Party\""),
        "{said}"
    );
}

#[test]
fn a_blank_number_of_seats_in_a_composition_is_refused_not_read_as_none() {
    use tallyroom::formats::composition::read;
    use tallyroom::model::CompositionKind;
    let refused = read(
        "continuing.csv",
        b"council,party,seats\nAdur,Conservative,\nAdur,Labour,7\n",
        CompositionKind::Continuing,
        None,
    )
    .unwrap_err();
    assert_eq!(refused.line, Some(2));
    assert!(
        refused.to_string().contains("the number of seats is blank"),
        "{refused}"
    );
    assert!(refused.to_string().contains("Write 0"), "{refused}");
    // Open Council Data's columns: a blank party cell likewise.
    let refused = read(
        "ocd.csv",
        b"authority,year,total,con,lab,ld,green,ukip,ref,pc,snp,other,majority\nAdur,2023,29,19,,0,0,0,0,0,0,2,Con\n",
        CompositionKind::Before,
        Some("2023"),
    )
    .unwrap_err();
    assert!(
        refused.to_string().contains("the number of seats is blank"),
        "{refused}"
    );
    // Zeros written as zeros read.
    assert!(
        read(
            "continuing.csv",
            b"council,party,seats\nAdur,Conservative,0\nAdur,Labour,7\n",
            CompositionKind::Continuing,
            None,
        )
        .is_ok()
    );
}

#[test]
fn a_mistyped_division_code_on_one_row_is_refused_not_made_a_division() {
    let dir = tempdir();
    let file = lancashire_with(dir.path(), |t| {
        t.replace(
            "Oswaldtwistle,E58000796,Hyndburn,1,9650,Peter Britcliffe",
            "Oswaldtwistle,E58000999,Hyndburn,1,9650,Peter Britcliffe",
        )
    });
    let text = std::fs::read_to_string(&file).unwrap();
    let out = run(&["summary", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!("line {}", line_of(&text, "E58000999,Hyndburn"))),
        "{said}"
    );
    assert!(
        said.contains("has division_id E58000999, but the rows around it"),
        "{said}"
    );
}

#[test]
fn party_groups_are_read_by_their_header_and_cycles_and_broken_text_refused() {
    let dir = tempdir();
    let results = crate::support::elections::sample("lancashire-2025.csv");
    let results = results.to_str().unwrap();
    let groups = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    // Columns the other way round read as their header says.
    let swapped = groups(
        "swapped.csv",
        "party,description\nLabour,Our West Lancashire\n",
    );
    let out = run(&["summary", results, "--party-groups", &swapped, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let seats = |party: &str| {
        summary["parties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["party"] == party)
            .map(|p| p["seats"].as_u64().unwrap())
    };
    // Our West Lancashire's 2 seats count for Labour (5 + 2), not the other way round.
    assert_eq!(seats("Labour"), Some(7));
    assert_eq!(seats("Our West Lancashire"), None);
    for (name, text, expected) in [
        (
            "cycle.csv",
            "description,party\nGreen Party,Labour\nLabour,Green Party\n",
            "which itself counts for",
        ),
        (
            "broken.csv",
            "description,party\nOur West Lancashire,Labour\u{fffd}\n",
            "not text as written",
        ),
        (
            "headless.csv",
            "Our West Lancashire,Labour\n",
            "must name a \"description\" and a \"party\" column",
        ),
    ] {
        let path = groups(name, text);
        let out = run(&["summary", results, "--party-groups", &path]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains(expected), "{name}: {said}");
    }
}

#[test]
fn a_baseline_matches_a_ward_of_the_same_name_only_in_its_own_council() {
    let dir = tempdir();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let now = write(
        "now.csv",
        "council,division,seats,candidate,party,votes\n\
         Oxfordshire,Henley,1,A Green,Green Party,900\n\
         Oxfordshire,Henley,1,B Blue,Conservative,800\n\
         Coventry,Henley,1,C Red,Labour,700\n\
         Coventry,Henley,1,D Teal,Reform UK,600\n",
    );
    // Both councils' Henleys in the baseline: each to its own.
    let both = write(
        "both.csv",
        "council,division,seats,candidate,party,votes\n\
         Coventry City Council,Henley,1,E Red,Labour,500\n\
         Coventry City Council,Henley,1,F Local,Henley Residents Group,400\n\
         Oxfordshire County Council,Henley,1,G Local,Henley Residents Group,1000\n\
         Oxfordshire County Council,Henley,1,H Blue,Conservative,300\n",
    );
    let out = run(&["summary", &now, "--baseline", &both, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = summary.to_string();
    assert!(
        text.contains("Green Party gain from Henley Residents Group"),
        "{text}"
    );
    assert!(text.contains("Labour hold"), "{text}");
    // Coventry's Henley alone in the baseline: Oxfordshire's has no baseline, and is
    // never said to be a gain from Coventry's winner.
    let coventry = write(
        "coventry.csv",
        "council,division,seats,candidate,party,votes\n\
         Coventry,Henley,1,E Red,Labour,500\n\
         Coventry,Henley,1,F Local,Henley Residents Group,400\n",
    );
    let out = run(&["summary", &now, "--baseline", &coventry, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("gain from Labour"), "{text}");
    assert!(text.contains("Labour hold"), "{text}");
    // Kept in an election file, the baseline still knows its council; the match
    // report says names were matched within each council.
    let night = dir.path().join("night.tally");
    let night = night.to_str().unwrap();
    crate::support::commands::run_ok(&["new", "--from", &now, "--out", night]);
    let said = crate::support::commands::run_ok(&["baseline", night, "--from", &coventry]);
    assert!(
        said.contains("1 of 2 divisions have a baseline result; none for: Henley")
            && said.contains("names matched within each council only"),
        "{said}"
    );
    let summary = crate::support::commands::run_ok(&["summary", night, "--json"]);
    assert!(summary.contains("Labour hold"), "{summary}");
    assert!(!summary.contains("gain from Labour"), "{summary}");
}

#[test]
fn what_reading_a_file_said_shows_in_the_window_once_it_is_open() {
    let mut w = crate::window::Window::start();
    let dir = tempdir();
    let file = lancashire_with(dir.path(), |t| {
        t.replace(
            "Gaynor Louise Hargreaves,Reform UK,1475,Y",
            "Gaynor Louise Hargreaves,Reform UK,1475,N",
        )
        .replace(
            "Peter Britcliffe,Conservative,1467,N",
            "Peter Britcliffe,Conservative,1467,Y",
        )
    });
    let out = dir.path().join("night.tally");
    w.click("New from a CSV…");
    w.retype("Set-up CSV", file.to_str().unwrap());
    w.retype("New election file", out.to_str().unwrap());
    w.click("Create");
    w.give_name("Ann");
    assert!(
        w.app()
            .messages
            .items
            .iter()
            .any(|m| m.text.contains("Oswaldtwistle marks 1 elected")
                && m.text.contains("the tally goes by the votes")),
        "{:?}",
        w.app().messages.items
    );
}

#[test]
fn a_by_constituency_file_given_as_the_results_says_what_to_do() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let file = "general-elections/as-published/hoc-ge2010-results-by-constituency.csv";
    let out = run(&["summary", shared.join(file).to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1), "{file}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("as --constituencies FILE"), "{file}: {said}");
}

#[test]
fn check_reports_what_reading_the_file_found_without_making_anything() {
    let dir = tempdir();
    // A title row above the header, and Oswaldtwistle's winner marked on the wrong row.
    let file = lancashire_with(dir.path(), |t| {
        format!(
            "Lancashire County Council: results 2025\r\n{}",
            t.replace(
                "Gaynor Louise Hargreaves,Reform UK,1475,Y",
                "Gaynor Louise Hargreaves,Reform UK,1475,N",
            )
        )
    });
    let out = run(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let said = String::from_utf8_lossy(&out.stderr);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(
            "line 1 taken as a title above the header: \"Lancashire County Council: results 2025\""
        ),
        "{said}"
    );
    assert!(
        said.contains("Oswaldtwistle marks 0 elected of 1 seat"),
        "{said}"
    );
    assert!(
        report.contains("0 errors, 0 warnings, 2 notes (above) in 82 declared of 82 divisions"),
        "{report}"
    );
    // Nothing was made beside it.
    let made: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(made.len(), 1);
    // A repeated row is refused by check too, naming both lines.
    let file = lancashire_with(dir.path(), |t| {
        let row = t.lines().nth(1).unwrap().to_string();
        t.replacen(&row, &format!("{row}\n{row}"), 1)
    });
    let out = run(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is given twice: on line 2 and here"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
