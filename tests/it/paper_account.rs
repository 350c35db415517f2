//! The declaration's paper account: papers verified and counted, rejected under each
//! heading of the poll, rejected in part; its checks, and its way through the file.

use std::sync::Arc;

use tallyroom::model::{Election, PollKind};
use tallyroom::tally::checks::{CheckCode, Field, RawAccountText, RawEntry, check_entry};

use crate::support::commands::{json_summary, load, run, run_ok, tempdir};
use crate::support::elections::{build, sample};

fn election(poll: PollKind) -> Arc<Election> {
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
    for c in &mut e.councils {
        c.poll = poll;
    }
    Arc::new(e)
}

fn entry(votes: &[&str], rejected: &str, account: RawAccountText) -> RawEntry {
    RawEntry {
        votes: votes.iter().map(|s| s.to_string()).collect(),
        ballots_issued: String::new(),
        rejected: rejected.to_string(),
        account,
    }
}

fn account(verified: &str, counted: &str, headings: &[&str], in_part: &str) -> RawAccountText {
    RawAccountText {
        verified: verified.into(),
        counted: counted.into(),
        headings: headings.iter().map(|s| s.to_string()).collect(),
        in_part: in_part.into(),
        discrepancy: String::new(),
    }
}

/// A new election file made from `from` in a fresh folder.
fn new_night(from: &std::path::Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempdir();
    let night = tmp.path().join("night.tally");
    run_ok(&[
        "new",
        "--from",
        from.to_str().unwrap(),
        "--out",
        night.to_str().unwrap(),
    ]);
    (tmp, night)
}

fn codes(poll: PollKind, division: &str, e: RawEntry) -> Vec<(CheckCode, Field)> {
    let election = election(poll);
    let ix = election.find_division(division).unwrap();
    check_entry(&election, ix, &e)
        .findings
        .iter()
        .map(|f| (f.code, f.field))
        .collect()
}

#[test]
fn a_single_member_count_adds_up_or_is_refused() {
    use CheckCode::*;
    // 200 + 150 + 50 votes and 4 rejected are the 404 papers counted.
    let fine = entry(
        &["200", "150", "50"],
        "4",
        account("404", "404", &["1", "1", "0", "2"], ""),
    );
    assert_eq!(codes(PollKind::Local, "Single", fine), []);
    // One paper too many counted: an error, not a warning to tick.
    let off = entry(&["200", "150", "50"], "4", account("", "405", &[], ""));
    assert_eq!(
        codes(PollKind::Local, "Single", off),
        [(CountedNotVotes, Field::Counted)]
    );
}

#[test]
fn a_multi_member_count_is_never_checked_against_the_sum_of_votes() {
    use CheckCode::*;
    // 300 papers of two votes each hold up to 600 votes; the 520 given are fine.
    let fine = entry(&["250", "170", "100"], "3", account("300", "300", &[], "2"));
    assert_eq!(codes(PollKind::Local, "Double", fine), []);
    // More votes than two on each valid paper is still an error.
    let over = entry(&["400", "170", "100"], "3", account("", "300", &[], ""));
    assert_eq!(
        codes(PollKind::Local, "Double", over),
        [(TooManyVotes, Field::Counted)]
    );
}

#[test]
fn counted_against_verified_is_a_warning_kept_with_its_explanation() {
    let election = election(PollKind::Local);
    let ix = election.find_division("Double").unwrap();
    let mut a = account("301", "300", &[], "");
    a.discrepancy = "One paper found in the box of another ward".into();
    let checked = check_entry(&election, ix, &entry(&["250", "170", "100"], "3", a));
    let found: Vec<_> = checked.findings.iter().map(|f| (f.code, f.field)).collect();
    assert_eq!(found, [(CheckCode::CountedNotVerified, Field::Counted)]);
    assert!(
        checked.findings[0]
            .message
            .contains("300, 1 fewer than the 301 verified"),
        "{}",
        checked.findings[0].message
    );
    let d = checked.declaration.expect("a warning does not block");
    assert_eq!(
        d.account.discrepancy.as_deref(),
        Some("One paper found in the box of another ward")
    );
}

#[test]
fn the_headings_add_up_to_the_rejected_total_or_give_it() {
    use CheckCode::*;
    let wrong = entry(
        &["200", "150", "50"],
        "5",
        account("", "", &["1", "1", "0", "2"], ""),
    );
    assert_eq!(
        codes(PollKind::Parliament, "Single", wrong),
        [(HeadingsNotTotal, Field::Rejected)]
    );
    // Left out, the total is the headings' sum.
    let election = election(PollKind::Parliament);
    let ix = election.find_division("Single").unwrap();
    let given = entry(
        &["200", "150", "50"],
        "",
        account("", "404", &["1", "1", "0", "2"], ""),
    );
    let checked = check_entry(&election, ix, &given);
    assert_eq!(checked.findings, []);
    let d = checked.declaration.unwrap();
    assert_eq!(d.rejected, Some(4));
    assert_eq!(d.account.rejected_by_heading, Some(vec![1, 1, 0, 2]));
    // A police and crime commissioner poll has five headings: four is not its list.
    let four = entry(
        &["200", "150", "50"],
        "4",
        account("", "", &["1", "1", "0", "2"], ""),
    );
    assert_eq!(
        codes(PollKind::PoliceAndCrime, "Single", four),
        [(HeadingsNotTotal, Field::Rejected)]
    );
    // A heading left blank among typed ones is missing, not nought.
    let blank = entry(
        &["200", "150", "50"],
        "4",
        account("", "", &["1", "", "1", "2"], ""),
    );
    assert_eq!(
        codes(PollKind::Parliament, "Single", blank),
        [(Missing, Field::Heading(1))]
    );
}

#[test]
fn only_a_multi_member_local_paper_is_rejected_in_part() {
    use CheckCode::*;
    let single = entry(&["200", "150", "50"], "4", account("", "", &[], "1"));
    assert_eq!(
        codes(PollKind::Local, "Single", single),
        [(NoPartRejection, Field::RejectedInPart)]
    );
    let parliament = entry(&["250", "170", "100"], "3", account("", "", &[], "1"));
    assert_eq!(
        codes(PollKind::Parliament, "Double", parliament),
        [(NoPartRejection, Field::RejectedInPart)]
    );
}

#[test]
fn the_paper_account_is_kept_in_the_election_file() {
    let (tmp, night) = new_night(&sample("lancashire-2025-rehearsal.csv"));
    let tally = load(&night);
    let ix = tally.election().find_division("Accrington North").unwrap();
    let names: Vec<String> = tally
        .election()
        .division(ix)
        .candidate_ixs()
        .map(|c| tally.election().candidate(c).name.clone())
        .collect();
    let votes = [1615u64, 683, 300, 200, 100, 50];
    let mut args: Vec<String> = [
        "declare",
        night.to_str().unwrap(),
        "--division",
        "Accrington North",
        "--verified",
        "3,000",
        "--counted",
        "2,999",
        "--discrepancy",
        "A postal vote opened at the wrong count",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let total: u64 = votes.iter().take(names.len()).sum();
    let rejected = 2999 - total;
    for h in [rejected - 3, 1, 1, 1] {
        args.push("--rejected-heading".into());
        args.push(h.to_string());
    }
    for (name, v) in names.iter().zip(votes) {
        args.push(format!("{name}={v}"));
    }
    args.push("--accept-warnings".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_ok(&args);
    let back = load(&night);
    let d = back.declaration(ix).expect("declared");
    assert_eq!(d.rejected, Some(rejected));
    assert_eq!(d.account.verified, Some(3000));
    assert_eq!(d.account.counted, Some(2999));
    assert_eq!(
        d.account.rejected_by_heading,
        Some(vec![rejected - 3, 1, 1, 1])
    );
    assert_eq!(
        d.account.discrepancy.as_deref(),
        Some("A postal vote opened at the wrong count")
    );

    // Out as the app's own CSV and in again: the same account.
    let csv = tmp.path().join("out.csv");
    run_ok(&[
        "export",
        night.to_str().unwrap(),
        "--out",
        csv.to_str().unwrap(),
    ]);
    let again = load(&csv);
    let ix2 = again.election().find_division("Accrington North").unwrap();
    assert_eq!(again.declaration(ix2).unwrap().account, d.account);
    assert_eq!(again.election().poll_of(ix2), PollKind::Local);

    // The summary names the headings.
    let summary = json_summary(&[night.to_str().unwrap()]);
    let row = summary["divisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["division"] == "Accrington North")
        .unwrap();
    let account = &row["paper_account"];
    assert_eq!(account["verified"], 3000);
    assert_eq!(account["counted"], 2999);
    assert_eq!(
        account["rejected_by_heading"][1]["heading"],
        "voting for more candidates than the voter was entitled to"
    );
    assert_eq!(account["rejected_by_heading"][0]["count"], rejected - 3);

    // And the divisions export has them in words.
    let divisions = tmp.path().join("divisions.csv");
    run_ok(&[
        "export",
        night.to_str().unwrap(),
        "--what",
        "divisions",
        "--out",
        divisions.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&divisions).unwrap();
    assert!(text.lines().next().unwrap().ends_with(
        "ballots_verified,ballots_counted,rejected_by_heading,rejected_in_part,discrepancy"
    ));
    assert!(text.contains("want of an official mark"), "{text}");
}

#[test]
fn a_file_with_some_headings_of_its_poll_is_refused_in_words() {
    let tmp = tempdir();
    let file = tmp.path().join("headings.csv");
    std::fs::write(
        &file,
        "division,seats,candidate,party,votes,rejected,rejected_want_of_official_mark,rejected_more_than_one\n\
         Ward,1,Ann,Lab,10,1,1,0\n\
         Ward,1,Bob,Con,5,1,1,0\n",
    )
    .unwrap();
    let out = run(&["summary", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("rejected_identifies_voter, rejected_unmarked_or_void are missing"),
        "{err}"
    );
}

#[test]
fn rows_of_a_division_that_disagree_on_a_heading_are_refused_with_both_lines() {
    let tmp = tempdir();
    let file = tmp.path().join("headings.csv");
    std::fs::write(
        &file,
        "division,seats,candidate,party,votes,rejected,rejected_want_of_official_mark,rejected_more_than_one,rejected_identifies_voter,rejected_unmarked_or_void\n\
         Ward,1,Ann,Lab,10,2,1,0,0,1\n\
         Ward,1,Bob,Con,5,2,1,1,0,1\n",
    )
    .unwrap();
    let out = run(&["summary", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("rejected_more_than_one"), "{err}");
    assert!(err.contains("on line 2"), "{err}");
}

#[test]
fn a_general_election_file_holds_a_parliament_poll_and_keeps_it() {
    let ge = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/general-elections/as-published/hoc-ge2015-results-by-candidate.csv");
    let (_tmp, night) = new_night(&ge);
    let tally = load(&night);
    let first = tally.election().division_ixs().next().unwrap();
    assert_eq!(tally.election().poll_of(first), PollKind::Parliament);
    // And a council's results file is a local election.
    let local = load(&sample("lancashire-2025.csv"));
    let first = local.election().division_ixs().next().unwrap();
    assert_eq!(local.election().poll_of(first), PollKind::Local);
}

#[test]
fn the_command_line_asks_why_the_papers_counted_differ_from_those_verified() {
    let (_tmp, night) = new_night(&sample("lancashire-2025-rehearsal.csv"));
    // Accrington South: four candidates, 3,556 votes and 12 rejected.
    let args = [
        "declare",
        night.to_str().unwrap(),
        "--division",
        "Accrington South",
        "--rejected",
        "12",
        "--counted",
        "3568",
        "--verified",
        "3570",
        "--accept-warnings",
        "#1=1297",
        "#2=1000",
        "#3=967",
        "#4=292",
    ];
    let out = run(&args);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--discrepancy"), "{err}");
    assert!(err.contains("nothing was saved"), "{err}");
    let tally = load(&night);
    let ix = tally.election().find_division("Accrington South").unwrap();
    assert!(tally.declaration(ix).is_none());
}

/// A declaration without a paper account keeps none (a national night's 200,000 held
/// an empty one each), reads as an empty one, and is written as it always was; one
/// with an account keeps it from its first figure on.
#[test]
fn an_account_is_kept_only_where_one_is_given() {
    use tallyroom::model::{Declaration, PaperAccount};
    let mut declaration = Declaration {
        votes: vec![10, 5],
        ..Declaration::default()
    };
    assert!(declaration.account.is_empty());
    assert!(
        std::mem::size_of::<Declaration>() < 120,
        "the account is not held inline"
    );
    let as_json = |d: &Declaration| serde_json::to_value(d).unwrap();
    assert_eq!(
        as_json(&declaration)["account"],
        serde_json::to_value(PaperAccount::default()).unwrap()
    );
    declaration.account.verified = Some(16);
    assert_eq!(declaration.account.verified, Some(16));
    let back: Declaration = serde_json::from_value(as_json(&declaration)).unwrap();
    assert_eq!(back, declaration);
    let kept: Declaration =
        postcard::from_bytes(&postcard::to_allocvec(&declaration).unwrap()).unwrap();
    assert_eq!(kept.account.verified, Some(16));
    assert_ne!(
        back,
        Declaration {
            votes: vec![10, 5],
            ..Declaration::default()
        }
    );
}
