//! The real Lancashire County Council 2025 result, against figures published for it
//! and against a calculation made here, apart from the engine.

use std::collections::BTreeMap;

use serde_json::Value;
use tallyroom::report::{SummaryOptions, summarise};

use crate::support::commands::{json_summary, load};
use crate::support::elections::sample;

/// Division -> (seats, votes of each candidate with party), read with the csv crate alone.
fn source_rows() -> BTreeMap<String, (usize, Vec<(u64, String)>)> {
    let mut reader = csv::Reader::from_path(sample("lancashire-2025.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (d, s, p, v) = (col("division"), col("seats"), col("party"), col("votes"));
    let mut out: BTreeMap<String, (usize, Vec<(u64, String)>)> = BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        let entry = out
            .entry(row[d].to_string())
            .or_insert((row[s].parse().unwrap(), Vec::new()));
        entry.1.push((row[v].parse().unwrap(), row[p].to_string()));
    }
    out
}

#[test]
fn seats_by_party_and_control_match_the_published_result() {
    let json = json_summary(&[sample("lancashire-2025.csv").to_str().unwrap()]);
    let seats: BTreeMap<String, u64> = json["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["party"].as_str().unwrap().to_string(),
                p["seats"].as_u64().unwrap(),
            )
        })
        .filter(|(_, s)| *s > 0)
        .collect();
    let expected: BTreeMap<String, u64> = [
        ("Reform UK", 53),
        ("Conservative", 8),
        ("Independent", 7),
        ("Liberal Democrats", 5),
        ("Green Party", 4),
        // One of the five with a Labour & Co-operative candidate (Preston Central West).
        ("Labour", 5),
        ("Our West Lancashire", 2),
    ]
    .into_iter()
    .map(|(p, s)| (p.to_string(), s))
    .collect();
    assert_eq!(seats, expected);
    assert_eq!(json["seats_total"], 84);
    assert_eq!(json["majority_needed"], 43);
    assert_eq!(json["divisions_total"], 82);
    assert_eq!(json["divisions_declared"], 82);
    assert_eq!(json["control"]["state"], "control");
    assert_eq!(json["control"]["party"], "Reform UK");
    let oswaldtwistle = division(&json, "Oswaldtwistle");
    assert_eq!(oswaldtwistle["majority"], 8);
    assert_eq!(oswaldtwistle["status"], "declared");
    assert_eq!(oswaldtwistle["winners"][0]["party"], "Reform UK");
    assert_eq!(oswaldtwistle["result"], Value::Null, "no baseline given");
}

fn division<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["divisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["division"] == name)
        .unwrap_or_else(|| panic!("{name} is in the summary"))
}

#[test]
fn every_majority_and_winner_matches_an_independent_calculation() {
    let json = json_summary(&[sample("lancashire-2025.csv").to_str().unwrap()]);
    let rows = source_rows();
    assert_eq!(rows.len(), 82);
    let mut seats_by_party: BTreeMap<String, u64> = BTreeMap::new();
    for (name, (seats, candidates)) in &rows {
        let mut sorted = candidates.clone();
        sorted.sort_by_key(|c| std::cmp::Reverse(c.0));
        let majority = sorted[seats - 1].0 - sorted[*seats].0;
        let d = division(&json, name);
        assert_eq!(d["majority"].as_u64(), Some(majority), "majority of {name}");
        let mut winners: Vec<&str> = d["winners"]
            .as_array()
            .unwrap()
            .iter()
            // The description on the ballot, as the file gives it.
            .map(|w| {
                w.get("description")
                    .unwrap_or(&w["party"])
                    .as_str()
                    .unwrap()
            })
            .collect();
        let mut expected: Vec<&str> = sorted[..*seats].iter().map(|c| c.1.as_str()).collect();
        winners.sort_unstable();
        expected.sort_unstable();
        assert_eq!(winners, expected, "winners of {name}");
        for party in expected {
            // Joint descriptions count for their main party, as results services count them.
            let party = match party {
                "Labour & Co-operative" => "Labour",
                "UKIP" => "UK Independence Party",
                other => other,
            };
            *seats_by_party.entry(party.to_string()).or_default() += 1;
        }
        // Turnout for single-member divisions is votes / electorate; unknown for two-seat ones.
        if *seats == 1 {
            let total: u64 = candidates.iter().map(|c| c.0).sum();
            let electorate = d["electorate"].as_u64().unwrap();
            let turnout = d["turnout"].as_f64().unwrap();
            assert!((turnout - total as f64 * 100.0 / electorate as f64).abs() < 1e-9);
        } else {
            assert_eq!(d["turnout"], Value::Null, "turnout of two-seat {name}");
        }
    }
    for p in json["parties"].as_array().unwrap() {
        let name = p["party"].as_str().unwrap();
        assert_eq!(
            p["seats"].as_u64().unwrap(),
            seats_by_party.get(name).copied().unwrap_or(0),
            "seats of {name}"
        );
    }
    let total_votes: u64 = rows.values().flat_map(|r| r.1.iter().map(|c| c.0)).sum();
    let reform: u64 = rows
        .values()
        .flat_map(|r| r.1.iter())
        .filter(|c| c.1 == "Reform UK")
        .map(|c| c.0)
        .sum();
    let share = json["parties"][0]["share"].as_f64().unwrap();
    assert!((share - reform as f64 * 100.0 / total_votes as f64).abs() < 1e-9);
}

#[test]
fn two_member_divisions_elect_two_each() {
    let json = json_summary(&[sample("lancashire-2025.csv").to_str().unwrap()]);
    for name in ["Great Harwood, Rishton & Clayton-le-Moors", "Pendle Rural"] {
        let d = division(&json, name);
        assert_eq!(d["seats"], 2);
        assert_eq!(d["winners"].as_array().unwrap().len(), 2, "{name}");
    }
}

#[test]
fn baseline_gives_gains_holds_and_lists_the_gaps() {
    let json = json_summary(&[
        sample("lancashire-2025.csv").to_str().unwrap(),
        "--baseline",
        sample("lancashire-2021.csv").to_str().unwrap(),
    ]);
    assert_eq!(
        division(&json, "Oswaldtwistle")["result"],
        "Reform UK gain from Conservative"
    );
    assert_eq!(division(&json, "Chorley Central")["result"], "Labour hold");
    assert_eq!(
        division(&json, "Preston Central East")["result"],
        "Independent gain from Labour"
    );
    assert_eq!(
        division(&json, "Pendle Rural")["result"],
        "Reform UK gain from Conservative; Liberal Democrats gain from Conservative"
    );
    // No baseline: no result, rather than a guess.
    assert_eq!(
        division(&json, "Thornton & Hambleton")["result"],
        Value::Null
    );

    let baseline = &json["baseline"];
    let mut gaps: Vec<&str> = baseline["divisions_without_baseline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    gaps.sort_unstable();
    assert_eq!(
        gaps,
        [
            "Brierfield & Nelson West",
            "Euxton, Buckshaw & Astley",
            "Fleetwood West & Cleveleys West",
            "Great Harwood, Rishton & Clayton-le-Moors",
            "Padiham and Burnley West",
            "Penwortham East & Walton-le-Dale",
            "Thornton & Hambleton",
            "Whitworth & Bacup",
        ]
    );
    assert_eq!(baseline["divisions_compared"], 74);

    // Seat change is over the 74 divisions with a baseline (75 seats): the changes
    // balance, and a party's change is its seats there now minus its seats there then.
    let parties = json["parties"].as_array().unwrap();
    let change_sum: i64 = parties
        .iter()
        .map(|p| p["seats_change"].as_i64().unwrap())
        .sum();
    assert_eq!(change_sum, 0);
    let reform = parties.iter().find(|p| p["party"] == "Reform UK").unwrap();
    let conservative = parties
        .iter()
        .find(|p| p["party"] == "Conservative")
        .unwrap();
    // 2021 in these 74 divisions: Conservative 41, Labour 30, Green 2, Lib Dem 2. Of the
    // 8 Conservative seats of 2025, 7 are in them (Euxton, Buckshaw & Astley has no
    // baseline), so the change is 7 - 41.
    assert_eq!(conservative["seats_change"], 7 - 41);
    assert_eq!(conservative["losses"], 34);
    assert_eq!(reform["gains"], reform["seats_change"]);
    let gains: u64 = parties.iter().map(|p| p["gains"].as_u64().unwrap()).sum();
    let losses: u64 = parties.iter().map(|p| p["losses"].as_u64().unwrap()).sum();
    assert_eq!(gains, losses);
}

#[test]
fn the_engine_needs_no_baseline_and_no_lancashire_names() {
    // The same summary through the library, with nothing but the file.
    let tally = load(&sample("lancashire-2025.csv"));
    let summary = summarise(&tally, &SummaryOptions::default());
    assert_eq!(summary.parties[0].party, "Reform UK");
    assert_eq!(summary.parties[0].seats, 53);
    assert_eq!(summary.areas.len(), 12);
    let preston = summary.areas.iter().find(|a| a.area == "Preston").unwrap();
    assert_eq!((preston.divisions_total, preston.seats_total), (9, 9));
}
