//! Every declaration check of `docs/figures.md`, each on an entry that trips it alone.

use std::sync::Arc;

use tallyroom::model::Election;
use tallyroom::tally::checks::{CheckCode, Field, RawEntry, Severity, check_entry, parse_count};

use crate::support::elections::build;

fn election() -> Arc<Election> {
    let mut e = build(&[
        (
            "Single",
            1,
            &[("Ann", "Lab"), ("Bob", "Con"), ("Cat", "Grn")],
        ),
        (
            "Double",
            2,
            &[("Dan", "Lab"), ("Eve", "Lab"), ("Fay", "Con")],
        ),
    ]);
    e.divisions[0].electorate = Some(1000);
    e.divisions[1].electorate = Some(1000);
    Arc::new(e)
}

fn entry(votes: &[&str], ballots: &str, rejected: &str) -> RawEntry {
    RawEntry {
        votes: votes.iter().map(|s| s.to_string()).collect(),
        ballots_issued: ballots.to_string(),
        rejected: rejected.to_string(),
        ..RawEntry::default()
    }
}

/// The codes an entry trips in a division, in order.
fn codes(division: usize, e: RawEntry) -> Vec<(CheckCode, Field)> {
    let election = election();
    let ix = election.division_ixs().nth(division).unwrap();
    check_entry(&election, ix, &e)
        .findings
        .iter()
        .map(|f| (f.code, f.field))
        .collect()
}

#[test]
fn a_clean_entry_gives_a_declaration_and_no_finding() {
    let election = election();
    let ix = election.find_division("Single").unwrap();
    let checked = check_entry(&election, ix, &entry(&["200", "150", "50"], "404", "4"));
    assert_eq!(checked.findings, []);
    let d = checked.declaration.unwrap();
    assert_eq!(d.votes, [200, 150, 50]);
    assert_eq!((d.ballots_issued, d.rejected), (Some(404), Some(4)));
}

#[test]
fn errors_block_the_declaration() {
    use CheckCode::*;
    assert_eq!(
        codes(0, entry(&["12a", "100", "50"], "", "")),
        [(NotWholeNumber, Field::Candidate(0))]
    );
    assert_eq!(
        codes(0, entry(&["1.5", "100", "50"], "", "")),
        [(NotWholeNumber, Field::Candidate(0))]
    );
    assert_eq!(
        codes(0, entry(&["-3", "100", "50"], "", "")),
        [(Negative, Field::Candidate(0))]
    );
    assert_eq!(
        codes(0, entry(&["100", "", "50"], "", "")),
        [(Missing, Field::Candidate(1))]
    );
    assert_eq!(
        codes(0, entry(&["100", "1001", "50"], "", "")),
        [
            (MoreThanElectorate, Field::Candidate(1)),
            (TurnoutOver100, Field::Division)
        ]
    );
    assert_eq!(
        codes(0, entry(&["100", "300", "50"], "250", "")),
        [
            (MoreThanBallots, Field::Candidate(1)),
            (TooManyVotes, Field::Division)
        ]
    );
    assert_eq!(
        codes(0, entry(&["100", "100", "50"], "250", "260")),
        [(MoreThanBallots, Field::Rejected)]
    );
    assert_eq!(
        codes(0, entry(&["100", "99999999999", "50"], "", "")),
        [(TooLarge, Field::Candidate(1))]
    );
    assert_eq!(parse_count("1,000"), Ok(Some(1000)));
    assert_eq!(
        codes(0, entry(&["100", "100", "50"], "x", "")),
        [(NotWholeNumber, Field::BallotsIssued)]
    );
    // Two seats: each voter has two votes, so up to 2 x valid papers; more is an error.
    assert_eq!(codes(1, entry(&["300", "300", "200"], "400", "0")), []);
    assert_eq!(
        codes(1, entry(&["300", "300", "201"], "400", "0")),
        [(TooManyVotes, Field::Division)]
    );
    let election = election();
    let checked = check_entry(
        &election,
        election.find_division("Single").unwrap(),
        &entry(&["12a", "", "5"], "", ""),
    );
    assert!(checked.has_errors());
    assert_eq!(checked.declaration, None);
    assert!(
        checked
            .findings
            .iter()
            .all(|f| f.severity() == Severity::Error)
    );
}

#[test]
fn warnings_leave_the_declaration_to_be_acknowledged() {
    use CheckCode::*;
    // Turnout above 100% from ballot papers above the electorate.
    assert!(
        codes(0, entry(&["400", "400", "400"], "1200", "0"))
            .contains(&(TurnoutOver100, Field::BallotsIssued))
    );
    // Turnout below 10%.
    assert_eq!(
        codes(0, entry(&["30", "30", "30"], "", "")),
        [(TurnoutUnder10, Field::Division)]
    );
    // Rejected above 3% of ballot papers.
    assert_eq!(
        codes(0, entry(&["200", "150", "100"], "500", "50")),
        [(ManyRejected, Field::Rejected)]
    );
    // Every candidate on zero (and turnout is then below 10%).
    assert_eq!(
        codes(0, entry(&["0", "0", "0"], "", "")),
        [
            (TurnoutUnder10, Field::Division),
            (AllZero, Field::Division)
        ]
    );
    // A candidate on exactly zero.
    assert_eq!(
        codes(0, entry(&["200", "0", "150"], "", "")),
        [(CandidateZero, Field::Candidate(1))]
    );
    // Single member: votes differ from ballot papers minus rejected.
    assert_eq!(
        codes(0, entry(&["200", "100", "150"], "460", "5")),
        [(TotalMismatch, Field::Division)]
    );
    // ... but not in a multi-member division, where it is expected.
    assert_eq!(codes(1, entry(&["200", "100", "150"], "460", "5")), []);

    let election = election();
    let checked = check_entry(
        &election,
        election.find_division("Single").unwrap(),
        &entry(&["200", "0", "150"], "", ""),
    );
    assert!(!checked.has_errors());
    assert!(checked.declaration.is_some(), "a warning does not block");
    assert_eq!(checked.warnings().count(), 1);
    assert_eq!(checked.findings[0].message, "Votes for Bob: exactly zero");
    assert_eq!(checked.findings[0].code.code(), "W05");
}

#[test]
fn counts_are_read_as_people_type_them() {
    assert_eq!(parse_count(" 1475 "), Ok(Some(1475)));
    assert_eq!(parse_count("1,475"), Ok(Some(1475)));
    assert_eq!(parse_count(""), Ok(None));
    assert!(parse_count("14,75").is_err());
    assert!(parse_count("1 475").is_err());
    assert!(parse_count("0x10").is_err());
    assert!(parse_count("-0").is_ok());
}
