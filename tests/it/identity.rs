//! Candidates are people, not names: two candidates of one name on one ballot (Mid
//! Buckinghamshire 2024), divisions of one name, joint party descriptions counted
//! with their main party, and the real general elections of 2017 and 2019.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::support::commands::{json_summary, run, tempdir};
use crate::support::elections::sample;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

use crate::support::commands::run_ok as ok;

fn refused(args: &[&str]) -> String {
    let out = run(args);
    assert!(!out.status.success(), "{args:?} should be refused");
    String::from_utf8(out.stderr).unwrap()
}

/// Mid Buckinghamshire, 4 July 2024, in ballot order: (name, party, votes). The four
/// leading figures are the declared result (Greg Smith, Conservative, elected with a
/// majority of 5,872 over the Liberal Democrat; Greg Smith of the Green Party on
/// 2,942); the last three candidates stand in for the rest of the ballot.
const MID_BUCKS: [(&str, &str, u64); 7] = [
    ("Carissma Griffiths", "Labour", 9_171),
    ("Anja Schaefer", "Liberal Democrats", 14_278),
    ("Greg Smith", "Green Party", 2_942),
    ("Greg Smith", "Conservative", 20_150),
    ("Sam Turner", "Reform UK", 6_563),
    ("Pat Walker", "Independent", 478),
    ("Jo Young", "Independent", 399),
];
const MID_BUCKS_CODE: &str = "E14001369";
const MID_BUCKS_REJECTED: u64 = 201;

fn mid_bucks_native(votes: bool) -> String {
    let mut csv =
        String::from("division,division_id,seats,candidate,party,person_id,votes,rejected\n");
    for (i, (name, party, v)) in MID_BUCKS.iter().enumerate() {
        let (v, rejected) = if votes {
            (v.to_string(), MID_BUCKS_REJECTED.to_string())
        } else {
            (String::new(), String::new())
        };
        csv += &format!(
            "Mid Buckinghamshire,{MID_BUCKS_CODE},1,{name},{party},{},{v},{rejected}\n",
            9000 + i
        );
    }
    csv
}

fn mid_bucks_dc() -> String {
    let mut csv = String::from(
        "person_id,person_name,election_id,ballot_paper_id,election_date,election_current,party_name,party_id,post_label,cancelled_poll,seats_contested,votes_cast,elected,spoilt_ballots\n",
    );
    for (i, (name, party, v)) in MID_BUCKS.iter().enumerate() {
        csv += &format!(
            "{},{name},parl.2024-07-04,parl.mid-buckinghamshire.2024-07-04,2024-07-04,False,{party},PP{i},Mid Buckinghamshire,False,1,{v},{},{MID_BUCKS_REJECTED}\n",
            9000 + i,
            if i == 3 { "True" } else { "False" }
        );
    }
    csv
}

const HOC_HEADER: &str = "ONS ID,ONS region ID,Constituency name,County name,Region name,Country name,Constituency type,Party name,Party abbreviation,Electoral Commission party ID,MNIS party ID,Electoral Commission adjunct party ID,Candidate first name,Candidate surname,Candidate gender,Sitting MP,Former MP,Member MNIS ID,Votes,Share,Change,DC Person ID\n";

fn hoc_row(
    code: &str,
    constituency: &str,
    party: &str,
    name: &str,
    votes: u64,
    person: &str,
) -> String {
    let (first, surname) = name.rsplit_once(' ').unwrap_or(("", name));
    let abbreviation: String = party
        .chars()
        .filter(|c| c.is_alphanumeric())
        .take(4)
        .collect();
    format!(
        "{code},E15000008,{constituency},Buckinghamshire,South East,England,County,{party},{abbreviation},,,,{first},{surname},Male,No,No,,{votes},,,{person}\n"
    )
}

fn mid_bucks_hoc() -> String {
    let mut csv = String::from(HOC_HEADER);
    for (i, (name, party, v)) in MID_BUCKS.iter().enumerate() {
        let person = (9000 + i).to_string();
        csv += &hoc_row(
            MID_BUCKS_CODE,
            "Mid Buckinghamshire",
            party,
            name,
            *v,
            &person,
        );
    }
    csv
}

/// The parts of a summary that must agree whatever file the result came from.
fn essentials(json: &Value) -> Value {
    let d = &json["divisions"][0];
    serde_json::json!({
        "winner": d["winners"][0]["candidate"],
        "party": d["winners"][0]["party"],
        "majority": d["majority"],
        "parties": json["parties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["party"].clone(), p["seats"].clone(), p["votes"].clone()))
            .collect::<Vec<_>>(),
    })
}

#[test]
fn the_mid_buckinghamshire_ballot_with_two_greg_smiths_loads_in_every_format_and_agrees() {
    let tmp = tempdir();
    let dir = tmp.path();
    let native = write(dir, "mid-bucks.csv", &mid_bucks_native(true));
    let dc = write(dir, "mid-bucks-dc.csv", &mid_bucks_dc());
    let hoc = write(dir, "mid-bucks-hoc.csv", &mid_bucks_hoc());
    let mut agreed: Option<Value> = None;
    for (file, format) in [(&native, "native"), (&dc, "dc"), (&hoc, "hoc")] {
        let json = json_summary(&[file, "--format", format]);
        let d = &json["divisions"][0];
        assert_eq!(d["status"], "declared", "{format}");
        assert_eq!(d["majority"], 5_872, "{format}");
        assert_eq!(d["winners"][0]["party"], "Conservative", "{format}");
        assert_eq!(
            d["winners"][0]["candidate"], "Greg Smith (Conservative)",
            "the winner is named with the party, since two Greg Smiths stood ({format})"
        );
        let these = essentials(&json);
        match &agreed {
            None => agreed = Some(these.clone()),
            Some(first) => assert_eq!(first, &these, "{format} agrees with native"),
        }

        // The candidates export, read back, and the Democracy Club export, read back.
        let night = dir.join(format!("{format}.tally"));
        let night = night.to_str().unwrap();
        ok(&["new", "--from", file, "--format", format, "--out", night]);
        let candidates = dir.join(format!("{format}-candidates.csv"));
        let candidates = candidates.to_str().unwrap();
        ok(&["export", night, "--what", "candidates", "--out", candidates]);
        let text = std::fs::read_to_string(candidates).unwrap();
        assert!(text.lines().next().unwrap().contains("person_id"), "{text}");
        assert!(text.contains("Greg Smith,Green Party"), "{text}");
        assert_eq!(essentials(&json_summary(&[candidates])), these);
        let dc_out = dir.join(format!("{format}-dc.csv"));
        let dc_out = dc_out.to_str().unwrap();
        ok(&["export", night, "--what", "dc", "--out", dc_out]);
        let text = std::fs::read_to_string(dc_out).unwrap();
        assert!(text.lines().next().unwrap().contains("person_id"), "{text}");
        assert!(text.lines().next().unwrap().contains("party_id"), "{text}");
        assert!(
            text.contains("9002,Greg Smith,"),
            "person ids written back: {text}"
        );
        assert_eq!(
            essentials(&json_summary(&[dc_out, "--format", "dc"])),
            these
        );
    }
}

#[test]
fn a_corrected_release_corrects_the_right_greg_smith_and_the_command_line_never_guesses() {
    let tmp = tempdir();
    let dir = tmp.path();
    let sheet = write(dir, "sheet.csv", &mid_bucks_native(false));
    let night = dir.join("night.tally");
    let night = night.to_str().unwrap();
    ok(&["new", "--from", &sheet, "--out", night]);

    let err = refused(&[
        "declare",
        night,
        "--division",
        "Mid Buckinghamshire",
        "--by",
        "ann",
        "Greg Smith=2942",
    ]);
    assert!(
        err.contains("\"Greg Smith\" could be any of 2 candidates"),
        "{err}"
    );
    assert!(err.contains("#3 Greg Smith (Green Party)"), "{err}");
    assert!(err.contains("#4 Greg Smith (Conservative)"), "{err}");

    let mut args: Vec<String> = vec![
        "declare".into(),
        night.into(),
        "--division".into(),
        "mid buckinghamshire".into(),
        "--by".into(),
        "ann".into(),
        "--rejected".into(),
        MID_BUCKS_REJECTED.to_string(),
    ];
    for (i, (name, party, v)) in MID_BUCKS.iter().enumerate() {
        args.push(match i {
            2 => format!("#3={v}"),
            3 => format!("{name} ({party})={v}"),
            _ => format!("{name}={v}"),
        });
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let saved = ok(&args);
    assert!(
        saved.contains("won by Conservative, majority 5872"),
        "{saved}"
    );

    // A corrected release changes the Green Greg Smith's votes, and only his.
    let release = mid_bucks_native(true).replace(
        ",Greg Smith,Green Party,9002,2942,",
        ",Greg Smith,Green Party,9002,2952,",
    );
    assert_ne!(release, mid_bucks_native(true));
    let release = write(dir, "release.csv", &release);
    let text = ok(&["update", night, "--from", &release]);
    assert!(
        text.contains("corrected Mid Buckinghamshire: Greg Smith (Green Party) 2942 -> 2952"),
        "{text}"
    );
    let json = json_summary(&[night]);
    let green = json["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == "Green Party")
        .unwrap();
    assert_eq!(green["votes"], 2_952);
    let con = json["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == "Conservative")
        .unwrap();
    assert_eq!(con["votes"], 20_150);

    // Without ids, parties or ballot positions to tell them apart, the release is refused.
    let twins = "division,seats,candidate,party,votes\nTwinsham,1,Jo Bloggs,Independent,\nTwinsham,1,Jo Bloggs,Independent,\nTwinsham,1,Al Other,Labour,\n";
    let twins_night = dir.join("twins.tally");
    let twins_night = twins_night.to_str().unwrap();
    ok(&[
        "new",
        "--from",
        &write(dir, "twins.csv", twins),
        "--out",
        twins_night,
    ]);
    let reordered = "division,seats,candidate,party,votes\nTwinsham,1,Jo Bloggs,Independent,10\nTwinsham,1,Al Other,Labour,5\nTwinsham,1,Jo Bloggs,Independent,20\n";
    let err = refused(&[
        "update",
        twins_night,
        "--from",
        &write(dir, "reordered.csv", reordered),
    ]);
    assert!(err.contains("nothing was read"), "{err}");
    assert!(
        err.contains("#1 Jo Bloggs (Independent)") && err.contains("#3 Jo Bloggs (Independent)"),
        "{err}"
    );
    assert_eq!(json_summary(&[twins_night])["divisions_declared"], 0);
    // In the same order as here, the ballot position tells them apart.
    let same_order = "division,seats,candidate,party,votes\nTwinsham,1,Jo Bloggs,Independent,10\nTwinsham,1,Jo Bloggs,Independent,20\nTwinsham,1,Al Other,Labour,5\n";
    let text = ok(&[
        "update",
        twins_night,
        "--from",
        &write(dir, "same-order.csv", same_order),
    ]);
    assert!(text.contains("saved: 1 declared"), "{text}");
    let json = json_summary(&[twins_night]);
    assert_eq!(
        json["divisions"][0]["winners"][0]["candidate"],
        "Jo Bloggs (Independent, #2)"
    );
}

#[test]
fn divisions_of_one_name_are_told_apart_by_code_or_area_and_otherwise_refused_with_the_fix() {
    let tmp = tempdir();
    let dir = tmp.path();
    let two = "division,division_id,seats,candidate,party,votes\n\
               Central,E05000001,1,Ann,Labour,500\nCentral,E05000001,1,Bob,Conservative,400\n\
               Central,E05000002,1,Cat,Labour,300\nCentral,E05000002,1,Dan,Conservative,350\n";
    let json = json_summary(&[&write(dir, "two.csv", two)]);
    assert_eq!(json["divisions_total"], 2);
    assert_eq!(json["parties"][0]["seats"], 1);
    assert_eq!(json["parties"][1]["seats"], 1);

    let by_area = "division,area,seats,candidate,party,votes\n\
                   Central,Sheffield,1,Ann,Labour,500\nCentral,Sheffield,1,Bob,Conservative,400\n\
                   Central,Leeds,1,Cat,Labour,300\nCentral,Leeds,1,Dan,Conservative,350\n";
    let file = write(dir, "by-area.csv", by_area);
    assert_eq!(json_summary(&[&file])["divisions_total"], 2);
    let night = dir.join("areas.tally");
    let night = night.to_str().unwrap();
    ok(&["new", "--from", &file, "--out", night]);
    let err = refused(&["withdraw", night, "--division", "Central", "--reason", "x"]);
    assert!(
        err.contains("2 divisions are called \"Central\": Central (Sheffield), Central (Leeds)"),
        "{err}"
    );
    let err = refused(&["declare", night, "--division", "Central", "Cat=1"]);
    assert!(err.contains("name one by its code or as shown"), "{err}");

    // Two divisions of one name by code, and a row apart from both that names neither.
    let unclear = "division,division_id,seats,candidate,party,votes\n\
                   Central,E05000001,1,Ann,Labour,500\n\
                   Central,E05000002,1,Cat,Labour,300\n\
                   North,E05000003,1,Eve,Labour,300\n\
                   Central,,1,Dan,Conservative,350\n";
    let err = refused(&["summary", &write(dir, "unclear.csv", unclear)]);
    assert!(err.contains("line 5"), "{err}");
    assert!(err.contains("2 divisions are called \"Central\""), "{err}");
    assert!(err.contains("division_id"), "{err}");
}

#[test]
fn joint_descriptions_count_for_their_main_party_and_keep_their_own_name() {
    // Lancashire 2025: Labour won five divisions, one of them (Preston Central West)
    // with a Labour and Co-operative candidate.
    let lancs = sample("lancashire-2025.csv");
    let json = json_summary(&[lancs.to_str().unwrap()]);
    let labour = json["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == "Labour")
        .unwrap();
    assert_eq!(labour["seats"], 5);
    assert!(
        json["parties"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["party"] != "Labour & Co-operative"),
        "no party of its own"
    );
    let grouped = json["grouped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["description"] == "Labour & Co-operative")
        .expect("the joint description is listed");
    assert_eq!(grouped["counted_as"], "Labour");
    assert_eq!(grouped["candidates"], 5);
    let table = ok(&["summary", lancs.to_str().unwrap()]);
    assert!(
        table.contains("Labour & Co-operative as Labour (5 candidates)"),
        "{table}"
    );
    // The description stays the candidate's own in the export.
    let out = ok(&[
        "export",
        lancs.to_str().unwrap(),
        "--what",
        "candidates",
        "--out",
        "-",
    ]);
    assert!(
        out.contains("Matthew John Brown,Labour & Co-operative,Labour,"),
        "{out}"
    );

    // A source's own grouping: Democracy Club's joint party id.
    let tmp = tempdir();
    let dc = "person_id,person_name,election_id,ballot_paper_id,election_date,election_current,party_name,party_id,post_label,cancelled_poll,seats_contested,votes_cast\n\
              1,Ann Lee,local.x.2026-05-07,local.x.a.2026-05-07,2026-05-07,True,Labour and Co-operative Party,joint-party:53-119,A,False,1,500\n\
              2,Bob Ray,local.x.2026-05-07,local.x.a.2026-05-07,2026-05-07,True,Our Town First,PP9999,A,False,1,400\n\
              3,Cat Day,local.x.2026-05-07,local.x.b.2026-05-07,2026-05-07,True,Labour Party,PP53,B,False,1,300\n\
              4,Dan Fox,local.x.2026-05-07,local.x.b.2026-05-07,2026-05-07,True,Our Town First,PP9999,B,False,1,200\n";
    let json = json_summary(&[&write(tmp.path(), "dc.csv", dc)]);
    assert_eq!(json["parties"][0]["party"], "Labour Party");
    assert_eq!(json["parties"][0]["seats"], 2);
    assert_eq!(
        json["divisions"][0]["winners"][0]["description"],
        "Labour and Co-operative Party"
    );

    // A table of one's own: a local party counted with its national one.
    let groups = write(
        tmp.path(),
        "groups.csv",
        "description,party\nOur Town First,Labour Party\n",
    );
    let json = json_summary(&[&write(tmp.path(), "dc2.csv", dc), "--party-groups", &groups]);
    assert_eq!(json["parties"][0]["seats"], 2);
    assert_eq!(json["parties"][0]["votes"], 1400);
}

#[test]
fn real_files_with_blank_parties_blank_rejected_and_a_baseline_spelled_differently() {
    let tmp = tempdir();
    let dir = tmp.path();
    // Tonight: an independent with no description at all, blank rejected ballots, and
    // a candidate who withdrew after nomination (not on the ballot).
    let now = "division,seats,candidate,party,votes,rejected\n\
               Brook,1,Ann Lee,Labour & Co-operative,500,\n\
               Brook,1,Bob Ray,,520,\n\
               Brook,1,Cat Day,Conservative,100,\n\
               Brook,1,Zed Quit,Green Party,withdrawn,\n\
               Dale,1,Dan Fox,Labour and Co-operative Party,700,\n\
               Dale,1,Eve Roe,Conservative,600,\n";
    // Last time, spelled otherwise.
    let before = "division,seats,candidate,party,votes\n\
                  Brook,1,Ann Lee,Labour and Co-operative Party,600\n\
                  Brook,1,Cat Day,Conservative Party,400\n\
                  Dale,1,Dan Fox,Labour,700\n\
                  Dale,1,Eve Roe,The Conservative Party,650\n";
    let json = json_summary(&[
        &write(dir, "now.csv", now),
        "--baseline",
        &write(dir, "before.csv", before),
    ]);
    let parties = json["parties"].as_array().unwrap();
    let names: Vec<&str> = parties
        .iter()
        .map(|p| p["party"].as_str().unwrap())
        .collect();
    assert_eq!(
        names.len(),
        3,
        "Labour, Independent, Conservative and no more: {names:?}"
    );
    let out = run(&["summary", &dir.join("now.csv").to_string_lossy()]);
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(
        note.contains("1 withdrawn candidates left off their ballots: Zed Quit (Brook, line 5)"),
        "{note}"
    );
    let find = |name: &str| parties.iter().find(|p| p["party"] == name).unwrap();
    assert_eq!(find("Independent")["seats"], 1);
    assert_eq!(find("Labour")["seats"], 1);
    assert_eq!(
        find("Labour")["seats_change"],
        -1,
        "Labour held Dale and lost Brook"
    );
    assert_eq!(find("Conservative")["seats_change"], 0);
    assert!(
        json["baseline"]["baseline_divisions_unmatched"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        json["divisions"][0]["result"],
        "Independent gain from Labour"
    );
    assert_eq!(json["divisions"][0]["rejected"], Value::Null);
}

/// A general election of 650 constituencies in the Commons Library's layout, with a
/// same-name pair in every 25th: seats and every majority checked against a count
/// made here, independently of the app.
#[test]
fn six_hundred_and_fifty_constituencies_with_same_name_pairs_match_an_independent_count() {
    const PARTIES: [&str; 6] = [
        "Conservative",
        "Labour",
        "Liberal Democrat",
        "Green Party",
        "Reform UK",
        "Independent",
    ];
    let mut seed: u64 = 2024;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        seed >> 33
    };
    let mut csv = String::from(HOC_HEADER);
    let mut expected_seats: BTreeMap<String, u64> = BTreeMap::new();
    let mut expected_majority: BTreeMap<String, u64> = BTreeMap::new();
    let mut pairs = 0;
    for i in 0..650 {
        let code = format!("E14{i:06}");
        let name = format!("Constituency {i}");
        let standing = 4 + (next() % 3) as usize;
        let mut rows: Vec<(String, &str, u64)> = Vec::new();
        for (j, party) in PARTIES
            .iter()
            .cycle()
            .skip(i % 6)
            .take(standing)
            .enumerate()
        {
            // Distinct figures: no ties to settle by lot.
            let votes = 1_000 + next() % 30_000 + j as u64;
            rows.push((format!("Candidate {i}-{j}"), party, votes * 10 + j as u64));
        }
        if i % 25 == 0 {
            rows[1].0 = rows[0].0.clone();
            pairs += 1;
        }
        let mut sorted: Vec<&(String, &str, u64)> = rows.iter().collect();
        sorted.sort_by_key(|c| std::cmp::Reverse(c.2));
        *expected_seats.entry(sorted[0].1.to_string()).or_default() += 1;
        expected_majority.insert(name.clone(), sorted[0].2 - sorted[1].2);
        for (candidate, party, votes) in &rows {
            csv += &hoc_row(&code, &name, party, candidate, *votes, "");
        }
    }
    assert_eq!(pairs, 26);
    let tmp = tempdir();
    let file = write(tmp.path(), "ge.csv", &csv);
    let json = json_summary(&[&file, "--format", "hoc"]);
    assert_eq!(json["divisions_declared"], 650);
    for d in json["divisions"].as_array().unwrap() {
        let name = d["division"].as_str().unwrap();
        assert_eq!(d["majority"], expected_majority[name], "{name}");
    }
    let seats: BTreeMap<String, u64> = json["parties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["seats"].as_u64().unwrap() > 0)
        .map(|p| {
            let name = p["party"]
                .as_str()
                .unwrap()
                .replace("Liberal Democrats", "Liberal Democrat");
            (name, p["seats"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(seats, expected_seats);
}

fn seats(json: &Value, party: &str) -> u64 {
    json["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == party)
        .map_or(0, |p| p["seats"].as_u64().unwrap())
}

#[test]
fn the_general_elections_of_2017_and_2019_give_the_published_totals() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/general-elections");
    if !data.exists() {
        panic!("the general election files are missing: {}", data.display());
    }
    let published = [
        ("2017", [317, 262, 35, 12, 10]),
        ("2019", [365, 202, 48, 11, 8]),
    ];
    for (year, [con, lab, snp, ld, dup]) in published {
        let candidates = data.join(format!("ge{year}-results-by-candidate.csv"));
        let constituencies = data.join(format!("ge{year}-results-by-constituency.csv"));
        let json = json_summary(&[
            candidates.to_str().unwrap(),
            "--format",
            "hoc",
            "--constituencies",
            constituencies.to_str().unwrap(),
        ]);
        assert_eq!(json["divisions_declared"], 650, "{year}");
        assert_eq!(seats(&json, "Conservative"), con, "{year}");
        assert_eq!(
            seats(&json, "Labour"),
            lab,
            "{year}: Labour and Co-operative included"
        );
        assert_eq!(seats(&json, "Scottish National Party"), snp, "{year}");
        assert_eq!(seats(&json, "Liberal Democrats"), ld, "{year}");
        assert_eq!(seats(&json, "Democratic Unionist Party"), dup, "{year}");
        // 2017 was a hung parliament: 317 of 650 is short of the 326 a majority needs.
        let control = if year == "2017" {
            "no_overall_control"
        } else {
            "control"
        };
        assert_eq!(json["control"]["state"], control, "{year}");
    }
}

/// A version-3 election file, as the build before candidate ids wrote it: the
/// Lancashire night of 2025 with every description its own party.
#[test]
fn a_version_3_file_is_migrated_after_a_backup_and_keeps_every_figure() {
    use std::sync::Arc;
    use tallyroom::formats::native;
    use tallyroom::model::PartyGroups;
    use tallyroom::report::{SummaryOptions, summarise};
    use tallyroom::store::events::{Change, Figures, Identity};
    use tallyroom::store::{Store, backup, schema};
    use tallyroom::tally::Tally;

    let bytes = std::fs::read(sample("lancashire-2025.csv")).unwrap();
    let mut raw = native::read_raw("lancashire-2025.csv", &bytes).unwrap();
    raw.groups = PartyGroups::default();
    let old = raw.into_results("Lancashire 2025").unwrap();
    let election = &old.election;

    let tmp = tempdir();
    let path = tmp.path().join("v3.tally");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID as i64)
            .unwrap();
        schema::migrate_to(&mut conn, 0, 3).unwrap();
        let tx = conn.transaction().unwrap();
        tx.execute("INSERT INTO meta VALUES ('name', 'Lancashire 2025')", [])
            .unwrap();
        for (ix, name) in election.parties.iter() {
            tx.execute(
                "INSERT INTO parties (id, name) VALUES (?1, ?2)",
                rusqlite::params![ix.0, name],
            )
            .unwrap();
        }
        for (position, d) in election.divisions.iter().enumerate() {
            tx.execute(
                "INSERT INTO divisions (position, name, code, area, seats, electorate) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![position as i64, d.name, d.code, d.area, d.seats, d.electorate.map(|e| e as i64)],
            )
            .unwrap();
            for c in d.candidate_ixs() {
                let candidate = election.candidate(c);
                tx.execute(
                    "INSERT INTO candidates (position, division, name, party) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![c.0, position as i64, candidate.name, candidate.party.0],
                )
                .unwrap();
            }
        }
        for (ix, declaration) in old.declared() {
            let mut figures = Figures::from_declaration(&declaration);
            figures.imported = true;
            let payload = serde_json::to_string(&Change::Declared(figures)).unwrap();
            tx.execute(
                "INSERT INTO events (id, at, machine, who, kind, division, payload) VALUES (?1, '2025-05-02T01:00:00Z', 'count', 'ann', 'declared', ?2, ?3)",
                rusqlite::params![format!("e{}", ix.0), ix.0, payload],
            )
            .unwrap();
        }
        tx.commit().unwrap();
    }
    let before = std::fs::read(&path).unwrap();

    let who = Identity {
        who: "bob".into(),
        machine: "hq".into(),
    };
    let store = Store::open(&path, who).unwrap();
    let backups = backup::list(&path);
    assert_eq!(
        backups.len(),
        1,
        "a copy of the version-3 file was made first"
    );
    assert_eq!(
        std::fs::read(&backups[0]).unwrap().len(),
        before.len(),
        "the backup is the file as it was"
    );
    let migrated =
        serde_json::to_value(summarise(store.tally(), &SummaryOptions::default())).unwrap();
    let declared: Vec<_> = old.declared().collect();
    let reference = Tally::with_declarations(Arc::new(old.election.clone()), declared).unwrap();
    let expected = serde_json::to_value(summarise(&reference, &SummaryOptions::default())).unwrap();
    assert_eq!(
        migrated, expected,
        "every figure as the version-3 file gave it"
    );
    assert_eq!(migrated["divisions_declared"], 82);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, schema::SCHEMA_VERSION);
    let problems: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(problems, 0);
}
