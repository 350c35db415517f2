//! The election file: refused files stay untouched, two writers lose nothing, the
//! log records undo, corrections and lots, and a backup restores.

use std::path::{Path, PathBuf};
use std::time::Duration;

use tallyroom::model::Declaration;
use tallyroom::store::events::{Change, Identity};
use tallyroom::store::{Refusal, Store, StoreError, backup};

use crate::support::commands::{run, tempdir};
use crate::support::elections::{build, sample, votes};

fn who(name: &str) -> Identity {
    Identity {
        who: name.to_string(),
        machine: "test-machine".to_string(),
    }
}

/// A small election file with two divisions.
fn small(dir: &Path) -> PathBuf {
    let path = dir.join("small.tally");
    let election = build(&[
        ("North", 1, &[("Ann", "Lab"), ("Bob", "Con")]),
        (
            "South",
            1,
            &[("Cat", "Lab"), ("Dan", "Con"), ("Eve", "Grn")],
        ),
    ]);
    Store::create(&path, &election, None, who("Setup"))
        .unwrap()
        .close()
        .unwrap();
    path
}

fn assert_refused(path: &Path, expected: &str) {
    let before = std::fs::read(path).unwrap();
    let err = match Store::open(path, who("Ann")) {
        Ok(_) => panic!("{} should be refused", path.display()),
        Err(e) => e.to_string(),
    };
    assert!(err.contains(expected), "{err}");
    assert!(err.contains("left untouched"), "{err}");
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "{} changed",
        path.display()
    );
    // The command line says the same in one sentence, with exit status 1.
    let out = run(&["summary", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(expected));
    assert_eq!(std::fs::read(path).unwrap(), before);
}

#[test]
fn bad_files_are_refused_and_left_byte_for_byte_unchanged() {
    let tmp = tempdir();
    let dir = tmp.path();

    let empty = dir.join("empty.tally");
    std::fs::write(&empty, b"").unwrap();
    assert_refused(&empty, "the file is empty");

    let text = dir.join("notes.tally");
    std::fs::write(&text, "division,seats\nNorth,1\n".repeat(20)).unwrap();
    assert_refused(&text, "it is not a database");

    let foreign = dir.join("foreign.tally");
    let conn = rusqlite::Connection::open(&foreign).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    assert_refused(&foreign, "a database of another program");

    let newer = small(dir);
    let mut bytes = std::fs::read(&newer).unwrap();
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(&newer, &bytes).unwrap();
    assert_refused(&newer, "written by a newer tallyroom (file version 99");

    let truncated = dir.join("truncated.tally");
    let sound = dir.join("sound");
    std::fs::create_dir_all(&sound).unwrap();
    let bytes = std::fs::read(small(&sound)).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    assert_refused(&truncated, "is damaged");
    std::fs::write(&truncated, &bytes[..bytes.len() - 100]).unwrap();
    assert_refused(&truncated, "is damaged");

    let corrupt = dir.join("corrupt.tally");
    let mut bytes = bytes.clone();
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    for b in &mut bytes[page + 8..3 * page] {
        *b = 0xA5;
    }
    std::fs::write(&corrupt, &bytes).unwrap();
    assert_refused(&corrupt, "is damaged");
}

#[test]
fn two_copies_on_one_file_lose_no_update() {
    let tmp = tempdir();
    let path = small(tmp.path());
    let mut first = Store::open(&path, who("Ann")).unwrap();
    let mut second = Store::open(&path, who("Bob")).unwrap();
    let north = first.election().find_division("North").unwrap();
    let south = first.election().find_division("South").unwrap();

    first.declare(north, &votes(&[100, 50])).unwrap();
    // The second copy has not seen it yet, but learns of it before writing.
    let err = second.declare(north, &votes(&[10, 500])).unwrap_err();
    assert_eq!(
        err,
        StoreError::Refused(Refusal::AlreadyDeclared {
            division: "North".into()
        })
    );
    assert_eq!(
        err.to_string(),
        "North is already declared; correct it with a reason instead; nothing was saved"
    );
    assert_eq!(second.tally().declaration(north).unwrap().votes, [100, 50]);
    second.declare(south, &votes(&[5, 6, 7])).unwrap();
    assert_eq!(first.refresh().unwrap(), 1);
    assert_eq!(first.tally().totals().divisions_declared, 2);
    assert_eq!(first.events().len(), 2);
    assert_eq!(first.events()[1].who, "Bob");

    // A writer holding the file: the other is told plainly, and nothing is saved.
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    first.set_busy_timeout(Duration::from_millis(200)).unwrap();
    let err = first.withdraw(north, "test").unwrap_err();
    assert!(matches!(err, StoreError::Busy { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("in use by another copy of tallyroom")
    );
    holder.execute_batch("ROLLBACK").unwrap();
    first.withdraw(north, "test").unwrap();
    assert_eq!(Store::open(&path, who("Cy")).unwrap().events().len(), 3);
}

#[test]
fn the_log_cannot_be_rewritten() {
    let tmp = tempdir();
    let path = small(tmp.path());
    let mut store = Store::open(&path, who("Ann")).unwrap();
    let north = store.election().find_division("North").unwrap();
    store.declare(north, &votes(&[100, 50])).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert!(
        conn.execute("UPDATE events SET payload = '{}'", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM events", []).is_err());
}

#[test]
fn refused_changes_leave_the_log_as_it_was() {
    let tmp = tempdir();
    let path = small(tmp.path());
    let mut store = Store::open(&path, who("Ann")).unwrap();
    let north = store.election().find_division("North").unwrap();
    assert!(
        store.correct(north, &votes(&[1, 2]), "typo").is_err(),
        "nothing to correct"
    );
    assert!(
        store.declare(north, &votes(&[1, 2, 3])).is_err(),
        "wrong shape"
    );
    assert!(store.draw_lots(north, vec![0]).is_err(), "not tied");
    store.declare(north, &votes(&[100, 50])).unwrap();
    assert!(
        store.correct(north, &votes(&[100, 60]), " ").is_err(),
        "a reason is needed"
    );
    assert!(store.withdraw(north, "").is_err());
    assert_eq!(Store::open(&path, who("Bob")).unwrap().events().len(), 1);
}

#[test]
fn undo_correction_and_lots_appear_in_the_log_with_old_and_new_figures() {
    let tmp = tempdir();
    let file = small(tmp.path());
    let f = file.to_str().unwrap();
    let ok = crate::support::commands::run_ok;
    assert!(
        ok(&[
            "declare",
            f,
            "--division",
            "North",
            "--by",
            "Ann",
            "Ann=100",
            "Bob=50"
        ])
        .starts_with("saved: North declared")
    );
    let out = ok(&[
        "correct",
        f,
        "--division",
        "north",
        "--by",
        "Bob",
        "--reason",
        "recount",
        "Ann=100",
        "Bob=100",
    ]);
    assert!(
        out.contains("tied: lots to be drawn between Ann and Bob"),
        "{out}"
    );
    ok(&[
        "draw-lots",
        f,
        "--division",
        "North",
        "--winner",
        "Bob",
        "--by",
        "Cat",
    ]);
    ok(&[
        "declare",
        f,
        "--division",
        "South",
        "Cat=10",
        "Dan=20",
        "Eve=30",
    ]);
    assert!(ok(&["undo", f, "--by", "Dan"]).starts_with("saved: South withdrawn (undo)"));

    let log = ok(&["log", f]);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 5, "{log}");
    assert!(
        lines[0].contains("Ann on ") && lines[0].contains("North  declared: Ann 100, Bob 50"),
        "{log}"
    );
    assert!(
        lines[1].contains("Bob on ")
            && lines[1].contains("corrected: Bob 50 -> 100  (reason: recount)"),
        "{log}"
    );
    assert!(
        lines[2].contains("Cat on ") && lines[2].contains("lots_drawn: won by lot: Bob"),
        "{log}"
    );
    assert!(
        lines[4].contains("Dan on ")
            && lines[4].contains(
                "South  withdrawn: withdrawn; was Cat 10, Dan 20, Eve 30  (reason: undo)"
            ),
        "{log}"
    );

    let json: serde_json::Value = serde_json::from_str(&ok(&["summary", f, "--json"])).unwrap();
    let north = &json["divisions"][0];
    assert_eq!(north["winners"][0]["candidate"], "Bob");
    assert_eq!(north["winners"][0]["by_lot"], true);
    assert_eq!(json["divisions"][1]["status"], "awaiting");
}

#[test]
fn declare_refuses_errors_and_unacknowledged_warnings() {
    let tmp = tempdir();
    let file = small(tmp.path());
    let f = file.to_str().unwrap();
    let out = run(&["declare", f, "--division", "North", "Ann=12a", "Bob=5"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error E01: North: Votes for Ann: \"12a\" is not a whole number"),
        "{err}"
    );
    let out = run(&["declare", f, "--division", "North", "Ann=0", "Bob=5"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("add --accept-warnings"));
    let out = run(&[
        "declare",
        f,
        "--division",
        "North",
        "Ann=0",
        "Bob=5",
        "--accept-warnings",
    ]);
    assert!(out.status.success());
    let out = run(&["declare", f, "--division", "Nowhere", "Ann=1"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(Store::open(&file, who("x")).unwrap().events().len(), 1);
}

#[test]
fn a_backup_restores_the_night_as_it_was() {
    let tmp = tempdir();
    let path = small(tmp.path());
    let mut store = Store::open(&path, who("Ann")).unwrap();
    let north = store.election().find_division("North").unwrap();
    let south = store.election().find_division("South").unwrap();
    store.declare(north, &votes(&[100, 50])).unwrap();
    let copy = store.backup_now().unwrap();
    store.declare(south, &votes(&[1, 2, 3])).unwrap();
    assert_eq!(backup::list(&path), std::slice::from_ref(&copy));

    let restored = tmp.path().join("restored.tally");
    let out = run(&[
        "restore",
        copy.to_str().unwrap(),
        "--out",
        restored.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let back = Store::open(&restored, who("Bob")).unwrap();
    assert_eq!(back.events().len(), 1);
    assert_eq!(
        back.tally().declaration(north).map(|d| d.votes.clone()),
        Some(vec![100, 50])
    );
    assert_eq!(back.tally().declaration(south), None::<&Declaration>);

    // Restoring over an existing file needs --replace, and keeps the replaced file.
    drop(store);
    let out = run(&[
        "restore",
        copy.to_str().unwrap(),
        "--out",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&[
        "restore",
        copy.to_str().unwrap(),
        "--out",
        path.to_str().unwrap(),
        "--replace",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("the file it replaced was kept as"), "{text}");
    let kept: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".before-restore-"))
        .collect();
    assert!(!kept.is_empty());
}

#[test]
fn set_up_changes_are_events_and_keep_declarations() {
    let tmp = tempdir();
    let path = small(tmp.path());
    let mut store = Store::open(&path, who("Ann")).unwrap();
    let north = store.election().find_division("North").unwrap();
    store.declare(north, &votes(&[100, 50])).unwrap();
    store
        .change_setup(
            north,
            tallyroom::store::events::SetupChange::CandidateParty {
                position: 1,
                party: "Reform UK".into(),
            },
            "wrong party on the sheet",
        )
        .unwrap();
    let reopened = Store::open(&path, who("Bob")).unwrap();
    let election = reopened.election();
    assert_eq!(
        election.party_name(election.candidates[1].party),
        "Reform UK"
    );
    assert_eq!(
        reopened.tally().declaration(north).unwrap().votes,
        [100, 50]
    );
    assert!(matches!(
        reopened.events()[1].change,
        Change::SetupChanged(_)
    ));
}

#[test]
fn the_file_keeps_its_baseline() {
    let tmp = tempdir();
    let path = tmp.path().join("lancs.tally");
    let out = run(&[
        "new",
        "--from",
        sample("lancashire-2025.csv").to_str().unwrap(),
        "--baseline",
        sample("lancashire-2021.csv").to_str().unwrap(),
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::open(&path, who("x")).unwrap();
    let baseline = store.election().baseline.as_ref().unwrap();
    assert_eq!(
        baseline.divisions.iter().filter(|d| d.is_some()).count(),
        74
    );
    let oswaldtwistle = store.election().find_division("Oswaldtwistle").unwrap();
    assert_eq!(
        store.tally().result_text(oswaldtwistle).as_deref(),
        Some("Reform UK gain from Conservative")
    );
}

#[test]
fn a_file_of_the_first_version_is_upgraded_after_a_backup() {
    let tmp = tempdir();
    let path = tmp.path().join("old.tally");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(
            None,
            "application_id",
            tallyroom::store::schema::APPLICATION_ID as i64,
        )
        .unwrap();
        tallyroom::store::schema::migrate_to(&mut conn, 0, 1).unwrap();
        conn.execute_batch(
            "INSERT INTO meta VALUES ('name', 'Old night');
             INSERT INTO parties VALUES (0, 'Lab', NULL), (1, 'Con', NULL);
             INSERT INTO divisions VALUES (0, 'North', NULL, NULL, 1, 1000);
             INSERT INTO candidates VALUES (0, 0, 'Ann', 0), (1, 0, 'Bob', 1);
             INSERT INTO events (id, at, machine, who, kind, division, payload)
               VALUES ('e1', '2025-05-02T01:00:00Z', 'm', 'Ann', 'declared', 0,
                       '{\"kind\":\"declared\",\"votes\":[300,200]}');",
        )
        .unwrap();
    }
    let store = Store::open(&path, who("Bob")).unwrap();
    assert_eq!(store.election().name, "Old night");
    assert_eq!(store.tally().totals().divisions_declared, 1);
    assert!(!store.election().divisions[0].cancelled);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, tallyroom::store::schema::SCHEMA_VERSION);
    assert_eq!(
        backup::list(&path).len(),
        1,
        "a copy of the old file was kept first"
    );
}

#[test]
fn an_import_is_all_or_nothing() {
    let tmp = tempdir();
    let path = small(tmp.path());
    let mut store = Store::open(&path, who("Ann")).unwrap();
    let north = store.election().find_division("North").unwrap();
    let south = store.election().find_division("South").unwrap();
    let err = store
        .import_all([(north, votes(&[100, 50])), (south, votes(&[1, 2]))])
        .unwrap_err();
    assert!(err.to_string().contains("South"), "{err}");
    assert!(store.events().is_empty());
    // North was tried on the night before South was refused: the night is as it was.
    assert_eq!(store.tally().totals().divisions_declared, 0);
    assert!(store.tally().declaration(north).is_none());
    assert!(Store::open(&path, who("Bob")).unwrap().events().is_empty());
    assert_eq!(
        store
            .import_all([(north, votes(&[100, 50])), (south, votes(&[1, 2, 3]))])
            .unwrap(),
        2
    );
    let reopened = Store::open(&path, who("Bob")).unwrap();
    assert_eq!(reopened.tally().totals().divisions_declared, 2);
    assert_eq!(
        reopened.tally().declaration(north).unwrap().declared_at,
        None,
        "no made-up time"
    );
}

/// A file made from results keeps the election it was made from as its set-up, rather
/// than reading back what it just wrote: that must be the set-up the file opens with
/// later, baseline, lookups and figures alike.
#[test]
fn a_new_files_kept_set_up_is_the_one_it_opens_with_later() {
    use tallyroom::formats::native;
    use tallyroom::report::{SummaryOptions, summarise};
    use tallyroom::store::import::create_from_results;

    let dir = tempdir();
    let read = |name: &str| {
        let bytes = std::fs::read(sample(name)).unwrap();
        native::read(name, name, &bytes).unwrap()
    };
    let path = dir.path().join("night.tally");
    let (made, imported) = create_from_results(
        &path,
        "Lancashire 2025",
        read("lancashire-2025.csv"),
        Some(("Lancashire 2021", read("lancashire-2021.csv"))),
        who("Setup"),
    )
    .unwrap();
    assert_eq!(imported, 82);
    let opened = Store::open(&path, who("Later")).unwrap();
    let (kept, read_back) = (made.election(), opened.election());
    assert_eq!(
        format!("{:?}", kept.divisions),
        format!("{:?}", read_back.divisions)
    );
    assert_eq!(
        format!("{:?}", kept.candidates),
        format!("{:?}", read_back.candidates)
    );
    assert_eq!(
        format!("{:?}", kept.councils),
        format!("{:?}", read_back.councils)
    );
    assert!(kept.baseline.is_some() && read_back.baseline.is_some());
    for division in &read_back.divisions {
        assert_eq!(
            kept.find_division(&division.name),
            read_back.find_division(&division.name)
        );
    }
    let summary = |store: &Store| {
        serde_json::to_string(&summarise(store.tally(), &SummaryOptions::default())).unwrap()
    };
    let made_summary = summary(&made);
    assert!(made_summary.contains("\"gain"), "the baseline gives gains");
    assert_eq!(made_summary, summary(&opened));
}

/// A big import is made ready on one thread while another writes it: a refusal far
/// into it (beyond what the writer holds ready) still keeps nothing, and the import
/// tried again after it numbers its events on from the log, each in the chain.
#[test]
fn a_big_import_refused_late_keeps_nothing_and_the_next_numbers_on() {
    use tallyroom::generate::{GenerateOptions, generate};
    use tallyroom::model::DivisionIx;

    let tmp = tempdir();
    let path = tmp.path().join("big.tally");
    let (election, declarations) = generate(&GenerateOptions {
        divisions: 3200,
        declared: 0.95,
        ..GenerateOptions::default()
    });
    let mut store = Store::create(&path, &election, None, who("Ann")).unwrap();
    let mut all: Vec<(DivisionIx, Declaration)> = declarations
        .into_iter()
        .enumerate()
        .filter_map(|(i, d)| d.map(|d| (DivisionIx(i as u32), d)))
        // As a file is imported: a division with no contest is elected unopposed.
        .filter(|(d, _)| !election.division(*d).is_uncontested())
        .collect();
    assert!(all.len() > 2600, "{} declared", all.len());
    let late = all.len() - 300;
    let refused_name = election.division(all[late].0).name.clone();
    all[late].1.votes.push(1);
    let err = store.import_all(all.clone()).unwrap_err();
    assert!(err.to_string().contains(&refused_name), "{err}");
    assert!(store.events().is_empty());
    assert_eq!(store.tally().totals().divisions_declared, 0);
    assert!(Store::open(&path, who("Bob")).unwrap().events().is_empty());

    all[late].1.votes.pop();
    let count = all.len();
    assert_eq!(store.import_all(all).unwrap(), count);
    let reopened = Store::open(&path, who("Bob")).unwrap();
    let seqs: Vec<i64> = reopened.events().iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=count as i64).collect::<Vec<_>>());
    // The night the import was applied to as it was made ready is the one the file
    // gives when read again.
    assert_eq!(reopened.tally().totals(), store.tally().totals());
    let declared =
        store.tally().totals().divisions_declared + store.tally().totals().divisions_tied;
    assert_eq!(declared as usize, count);
    assert!(reopened.chain_break().is_none(), "the chain holds");
    // One more declaration numbers on after the import.
    let mut one = Store::open(&path, who("Cy")).unwrap();
    let open_division = (0..election.divisions.len() as u32)
        .map(DivisionIx)
        .filter(|&d| one.tally().declaration(d).is_none())
        .find(|&d| !election.division(d).is_uncontested())
        .expect("a division not declared");
    let n = election.division(open_division).candidate_count();
    let votes_of = votes(&(1..=n as u64).map(|v| 100 * v).collect::<Vec<_>>());
    let event = one.declare(open_division, &votes_of).unwrap();
    assert_eq!(event.seq, count as i64 + 1);
}

#[test]
fn lots_drawn_and_a_withdrawal_read_as_they_were_after_the_file_is_opened_again() {
    let tmp = tempdir();
    let path = small(tmp.path());
    let mut store = Store::open(&path, who("Ann")).unwrap();
    let north = store.election().find_division("North").unwrap();
    let south = store.election().find_division("South").unwrap();
    store.declare(north, &votes(&[100, 100])).unwrap();
    store.draw_lots(north, vec![1]).unwrap();
    store.declare(south, &votes(&[300, 200, 100])).unwrap();
    store.withdraw(south, "declared in error").unwrap();
    let before = tallyroom::charts::feed(store.tally(), 2);
    assert_eq!(
        before,
        [
            "South: declaration withdrawn",
            "Lots drawn: North: Con win, majority 0 (elected by lot)"
        ]
    );
    store.close().unwrap();
    // Opened again (from its checkpoint where this build wrote one), the night reads
    // the same.
    let store = Store::open(&path, who("Ann")).unwrap();
    assert_eq!(tallyroom::charts::feed(store.tally(), 2), before);
}
