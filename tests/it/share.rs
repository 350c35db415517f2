//! A night shared through PostgreSQL: replicas that converge whatever the network
//! and the server do, conflicts kept and resolved, accounts that may only watch.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use egui_kittest::kittest::Queryable;
use tallyroom::generate::{GenerateOptions, SeatPattern, generate};
use tallyroom::model::{Declaration, DivisionIx, Election};
use tallyroom::share::{self, Address, ShareError};
use tallyroom::store::Store;
use tallyroom::store::events::Identity;

use crate::pg::{Database, PrivateServer, eventually, sql};

fn who(name: &str) -> Identity {
    Identity {
        who: name.into(),
        machine: format!("{name}-laptop"),
    }
}

/// A generated night in which every fifth division has two candidates of one name
/// (as Mid Buckinghamshire had two Greg Smiths in 2024).
fn rehearsal(divisions: usize) -> (Election, Vec<(DivisionIx, Declaration)>) {
    let (mut election, declarations) = generate(&GenerateOptions {
        divisions,
        seats: SeatPattern::Mixed,
        parties: 6,
        declared: 1.0,
        seed: 7,
    });
    for d in 0..election.divisions.len() {
        let range = election.divisions[d].candidates.clone();
        if d % 5 == 0 && range.len() >= 2 {
            let first = election.candidates[range.start as usize].name.clone();
            election.candidates[range.start as usize + 1].name = first;
        }
    }
    let declared = declarations
        .into_iter()
        .enumerate()
        .filter_map(|(i, d)| d.map(|d| (DivisionIx(i as u32), d)))
        .collect();
    (election, declared)
}

fn summary_json(file: &Path) -> String {
    crate::support::commands::run_ok(&["summary", file.to_str().unwrap(), "--json"])
}

/// A `tallyroom sync FILE --watch` process: one laptop's sync worker.
fn watch(file: &Path) -> Child {
    crate::support::commands::tallyroom_command()
        .args(["sync", file.to_str().unwrap(), "--watch"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Every event of a replica by id, and how many the server does not have yet: read
/// only, so that looking never waits on the sync worker writing beside it.
fn replica_state(file: &Path) -> (Vec<String>, usize) {
    let store = Store::open_to_read(file, who("check")).unwrap();
    let mut ids: Vec<String> = store.events().iter().map(|e| e.id.clone()).collect();
    ids.sort();
    (ids, store.unsent().count())
}

#[test]
fn three_count_centres_converge_through_a_server_stopped_and_a_laptop_killed() {
    let Some(server) = PrivateServer::start("three_count_centres_converge") else {
        return;
    };
    sql(&server.url("postgres"), "CREATE DATABASE night").unwrap();
    let address = Address::parse(&server.url("night")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = ["hq", "burnley", "preston"]
        .iter()
        .map(|n| dir.path().join(format!("{n}.tally")))
        .collect();
    let (election, declared) = rehearsal(240);
    Store::create(&files[0], &election, None, who("hq")).unwrap();
    share::share(&files[0], &address, Some("rehearsal"), "hq").unwrap();
    for file in &files[1..] {
        let joined = share::join(&address, "rehearsal", file).unwrap();
        assert!(joined.can_enter);
    }
    let mut workers: Vec<Child> = files.iter().map(|f| watch(f)).collect();

    // Three centres enter their divisions at once: 80 declarations each.
    let entered = Arc::new(AtomicUsize::new(0));
    let kept: Arc<Mutex<Vec<(DivisionIx, Declaration)>>> = Arc::default();
    let writers: Vec<_> = files
        .iter()
        .enumerate()
        .map(|(n, file)| {
            let file = file.clone();
            let mine: Vec<_> = declared
                .iter()
                .filter(|(d, _)| d.index() % 3 == n)
                .cloned()
                .collect();
            let entered = entered.clone();
            let kept = kept.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&file, who(&format!("centre-{n}"))).unwrap();
                for (d, declaration) in mine {
                    store.declare(d, &declaration).unwrap();
                    kept.lock().unwrap().push((d, declaration));
                    entered.fetch_add(1, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(15));
                }
            })
        })
        .collect();
    let reach = |n: usize| {
        while entered.load(Ordering::SeqCst) < n {
            std::thread::sleep(Duration::from_millis(5));
        }
    };
    // In the middle: the server goes down, declarations go on, it comes back.
    reach(60);
    server.stop().unwrap();
    assert!(
        share::sync_once(&files[0], None).is_err_and(|e| e.is_transient()),
        "the server is down"
    );
    reach(110);
    // A laptop's sync process is killed outright, and started again later.
    workers[1].kill().unwrap();
    workers[1].wait().unwrap();
    reach(140);
    server.start_again().unwrap();
    reach(190);
    workers[1] = watch(&files[1]);
    for w in writers {
        w.join().unwrap();
    }
    assert_eq!(entered.load(Ordering::SeqCst), 240);

    eventually(
        Duration::from_secs(90),
        "every replica holds every event, all sent",
        || {
            let states: Vec<_> = files.iter().map(|f| replica_state(f)).collect();
            for (file, (ids, unsent)) in files.iter().zip(&states) {
                if ids.len() != 240 || *unsent != 0 {
                    return Err(format!(
                        "{}: {} events, {unsent} unsent",
                        file.display(),
                        ids.len()
                    ));
                }
            }
            if states.iter().any(|s| s.0 != states[0].0) {
                return Err("the replicas hold different events".into());
            }
            Ok(())
        },
    );
    for w in &mut workers {
        let _ = w.kill();
        let _ = w.wait();
    }
    // Every replica holds the same-name candidates as two, with their own figures.
    for file in &files {
        let store = Store::open(file, who("check")).unwrap();
        let e = store.election();
        let d = &e.divisions[0];
        let (a, b) = (d.candidates.start as usize, d.candidates.start as usize + 1);
        assert_eq!(e.candidates[a].name, e.candidates[b].name);
        assert_eq!(
            store
                .tally()
                .declaration(DivisionIx(0))
                .map(|x| x.votes.clone()),
            Some(declared[0].1.votes.clone())
        );
    }
    let summaries: Vec<String> = files.iter().map(|f| summary_json(f)).collect();
    assert_eq!(summaries[0], summaries[1]);
    assert_eq!(summaries[0], summaries[2]);
    // The three laptops' records have one fingerprint: the same events, in the night's
    // one order.
    let fingerprint = |text: &str| -> String {
        let json: serde_json::Value = serde_json::from_str(text).unwrap();
        json["fingerprint"]
            .as_str()
            .expect("a fingerprint")
            .to_string()
    };
    assert_eq!(fingerprint(&summaries[0]), fingerprint(&summaries[2]));
    assert_eq!(fingerprint(&summaries[0]).len(), 19);
    // The server keeps each event's digest and links them in its order: its newest
    // link is the laptops' fingerprint, so the server vouches for it too.
    let head = sql(
        &server.url("night"),
        "SELECT encode(link, 'hex') FROM tallyroom.events WHERE election = 'rehearsal'
         ORDER BY server_seq DESC LIMIT 1",
    )
    .unwrap();
    let head = head[0][0].clone().expect("the server's link");
    assert_eq!(
        fingerprint(&summaries[0]).replace('-', ""),
        head[..16],
        "the server's chain and the laptops' fingerprint"
    );
    // A file made on one laptop from the same figures has other events (its own ids,
    // machine and times): the same figures, another record.
    let without_fingerprint = |text: &str| -> serde_json::Value {
        let mut json: serde_json::Value = serde_json::from_str(text).unwrap();
        json.as_object_mut().unwrap().remove("fingerprint");
        json
    };
    // The same as one laptop given the same declarations.
    let single = dir.path().join("single.tally");
    let mut store = Store::create(&single, &election, None, who("single")).unwrap();
    // Times as the replicas recorded them: the time of entry, where the figures gave none.
    let replica = Store::open(&files[0], who("check")).unwrap();
    let timed: Vec<(DivisionIx, Declaration)> = kept
        .lock()
        .unwrap()
        .iter()
        .map(|(d, _)| (*d, replica.tally().declaration(*d).unwrap().clone()))
        .collect();
    for (d, declaration) in &kept.lock().unwrap().clone() {
        let on_replica = replica.tally().declaration(*d).unwrap();
        assert_eq!(
            on_replica.votes, declaration.votes,
            "nothing entered was lost or changed"
        );
    }
    store.import_all(timed).unwrap();
    drop(store);
    assert_eq!(
        without_fingerprint(&summary_json(&single)),
        without_fingerprint(&summaries[0])
    );
    assert_eq!(replica.conflicts().count(), 0);
}

/// Two replicas of one shared election on the machine's server.
fn pair(test: &str) -> Option<(Database, tempfile::TempDir, Address, PathBuf, PathBuf)> {
    let db = Database::fresh(test)?;
    let address = Address::parse(&db.url).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.tally");
    let b = dir.path().join("b.tally");
    let (election, _) = rehearsal(12);
    Store::create(&a, &election, None, who("alice")).unwrap();
    share::share(&a, &address, Some("council"), "alice").unwrap();
    share::join(&address, "council", &b).unwrap();
    Some((db, dir, address, a, b))
}

/// Alice (file a) and Bob (file b) declare the same division with different figures,
/// neither having seen the other's; both then sync. Returns the division, Alice's
/// figures (first on the server) and Bob's.
fn declare_on_both(a: &Path, b: &Path) -> (DivisionIx, Declaration, Declaration) {
    let (_, declared) = rehearsal(12);
    let (d, first) = declared[0].clone();
    let mut second = first.clone();
    second.votes[0] += 10;
    second.ballots_issued = second.ballots_issued.map(|b| b + 10);
    Store::open(a, who("alice"))
        .unwrap()
        .declare(d, &first)
        .unwrap();
    Store::open(b, who("bob"))
        .unwrap()
        .declare(d, &second)
        .unwrap();
    for file in [a, b, a] {
        share::sync_once(file, None).unwrap();
    }
    (d, first, second)
}

#[test]
fn two_declarations_made_without_seeing_each_other_are_both_kept_until_resolved() {
    let Some((_db, _dir, _address, a, b)) = pair("conflicting_declarations") else {
        return;
    };
    // Both laptops declare the division while neither has the other's figures.
    let (d, first, second) = declare_on_both(&a, &b);
    for file in [&a, &b] {
        let store = Store::open(file, who("check")).unwrap();
        assert_eq!(
            store.conflicts().collect::<Vec<_>>(),
            vec![d],
            "{}",
            file.display()
        );
        // The first to reach the server stands; the other is kept with who entered it.
        assert_eq!(store.tally().declaration(d).unwrap().votes, first.votes);
        let rivals = &store.night().rivals[d.index()];
        assert_eq!(rivals.len(), 1);
        assert_eq!(rivals[0].who, "bob");
        assert_eq!(rivals[0].machine, "bob-laptop");
        assert_eq!(rivals[0].figures.votes, second.votes);
        assert_eq!(store.events().len(), 2, "both declarations are in the log");
    }
    // A correction that does not name them is refused, with who entered what.
    let mut carol = Store::open(&a, who("carol")).unwrap();
    let error = carol.correct(d, &second, "recount").unwrap_err();
    let refused = error.in_words(&tallyroom::cli::advice::CommandLine);
    assert!(refused.contains("conflicting declarations"), "{refused}");
    assert!(refused.contains("bob on bob-laptop"), "{refused}");
    assert!(
        refused.contains("--resolve"),
        "the refusal says how, at the command line: {refused}"
    );
    // The window words the same refusal with its own button, not a command.
    let in_window = error.in_words(&tallyroom::window_state::advice::Window);
    assert!(in_window.contains("bob on bob-laptop"), "{in_window}");
    assert!(
        in_window.contains("Keep these figures") && !in_window.contains("--resolve"),
        "the window says how in its own words: {in_window}"
    );
    drop(carol);
    // Everywhere else the conflict shows too: the summary (both sets of figures and
    // who entered them), its JSON, and the exports' warning.
    for file in [&a, &b] {
        let json: serde_json::Value = serde_json::from_str(&summary_json(file)).unwrap();
        assert_eq!(json["divisions_conflicting"], 1);
        let row = &json["divisions"][d.index()];
        let conflict = &row["conflict"];
        assert_eq!(conflict["counted"]["who"], "alice", "{row}");
        assert_eq!(conflict["counted"]["votes"], serde_json::json!(first.votes));
        assert_eq!(conflict["also_entered"][0]["who"], "bob");
        assert_eq!(conflict["also_entered"][0]["machine"], "bob-laptop");
        assert_eq!(
            conflict["also_entered"][0]["votes"],
            serde_json::json!(second.votes)
        );
        assert!(
            conflict["to_settle"]
                .as_str()
                .unwrap()
                .contains("--resolve")
        );
        let table = crate::support::commands::tallyroom_command()
            .args(["summary", file.to_str().unwrap()])
            .output()
            .unwrap();
        let table = String::from_utf8_lossy(&table.stdout);
        assert!(
            table.contains("Conflicting declarations, not settled (1)"),
            "{table}"
        );
        assert!(table.contains("also entered: votes"), "{table}");
        let export = crate::support::commands::tallyroom_command()
            .args(["export", file.to_str().unwrap(), "--out", "-"])
            .output()
            .unwrap();
        assert!(export.status.success());
        let warning = String::from_utf8_lossy(&export.stderr);
        assert!(
            warning.contains("conflicting declarations not yet settled in 1 division"),
            "{warning}"
        );
    }
    let mut carol = Store::open(&a, who("carol")).unwrap();
    // Resolved: the correction names them; every replica agrees once synced.
    carol
        .resolve(d, &second, "checked with the returning officer")
        .unwrap();
    drop(carol);
    for file in [&a, &b] {
        share::sync_once(file, None).unwrap();
    }
    for file in [&a, &b] {
        let store = Store::open(file, who("check")).unwrap();
        assert_eq!(store.conflicts().count(), 0);
        assert_eq!(store.tally().declaration(d).unwrap().votes, second.votes);
        assert_eq!(store.events().len(), 3);
    }
    let log = crate::support::commands::tallyroom_command()
        .args(["log", b.to_str().unwrap()])
        .output()
        .unwrap();
    let log = String::from_utf8(log.stdout).unwrap();
    assert!(
        log.contains("resolves the conflicting declarations of bob on bob-laptop"),
        "{log}"
    );
}

/// `tallyroom log FILE --json`: each line's `what`, for the division's events.
fn logged(file: &Path, division: &str) -> Vec<String> {
    let out = crate::support::commands::run_ok(&["log", file.to_str().unwrap(), "--json"]);
    let lines: serde_json::Value = serde_json::from_str(&out).unwrap();
    lines
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["division"] == division)
        .map(|l| l["what"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_correction_that_resolves_a_conflict_logs_the_figures_that_counted_before_it() {
    let Some((_db, _dir, _address, a, b)) = pair("resolve_logs_old_figures") else {
        return;
    };
    let (d, first, _) = declare_on_both(&a, &b);
    let election = Store::open(&a, who("check")).unwrap().election().clone();
    let name = election.division(d).name.clone();

    // 1. Bob, whose figures did not count, settles it with the figures that count:
    //    nothing changes, and the log says so.
    Store::open(&b, who("bob"))
        .unwrap()
        .resolve(d, &first, "count sheet")
        .unwrap();
    for file in [&b, &a, &b] {
        share::sync_once(file, None).unwrap();
    }
    for file in [&a, &b] {
        let what = logged(file, &name);
        assert_eq!(what.len(), 3, "{what:?}");
        assert!(
            what[1].starts_with("conflicting declaration, kept but not counted"),
            "{what:?}"
        );
        assert!(
            what[2].starts_with(
                "figures unchanged; resolves the conflicting declarations of bob on bob-laptop"
            ),
            "{}: {what:?}",
            file.display()
        );
        let store = Store::open(file, who("check")).unwrap();
        assert_eq!(store.tally().declaration(d).unwrap().votes, first.votes);
        assert_eq!(store.conflicts().count(), 0);
    }

    // 2. Both declare another division differently again; Alice settles with Bob's
    //    figures: the log shows the change from the figures that counted (hers).
    let (_, declared) = rehearsal(12);
    let (d2, mine) = declared[1].clone();
    let mut theirs = mine.clone();
    theirs.votes[0] += 7;
    theirs.ballots_issued = theirs.ballots_issued.map(|b| b + 7);
    Store::open(&a, who("alice"))
        .unwrap()
        .declare(d2, &mine)
        .unwrap();
    Store::open(&b, who("bob"))
        .unwrap()
        .declare(d2, &theirs)
        .unwrap();
    for file in [&a, &b, &a] {
        share::sync_once(file, None).unwrap();
    }
    Store::open(&a, who("alice"))
        .unwrap()
        .resolve(d2, &theirs, "recount")
        .unwrap();
    for file in [&a, &b] {
        share::sync_once(file, None).unwrap();
    }
    let name2 = election.division(d2).name.clone();
    let first2 = election.candidate_label(election.division(d2).candidate_ixs().next().unwrap());
    let expected = format!("{first2} {} -> {}", mine.votes[0], theirs.votes[0]);
    for file in [&a, &b] {
        let what = logged(file, &name2);
        assert!(
            what[2].starts_with(&expected),
            "{}: {what:?}",
            file.display()
        );
        assert!(
            what[2].contains("resolves the conflicting declarations of bob on bob-laptop"),
            "{what:?}"
        );
        let store = Store::open(file, who("check")).unwrap();
        assert_eq!(store.tally().declaration(d2).unwrap().votes, theirs.votes);
    }
}

#[test]
fn sending_an_event_twice_is_harmless() {
    let Some((db, _dir, address, a, _b)) = pair("idempotent_send") else {
        return;
    };
    let (_, declared) = rehearsal(12);
    let mut store = Store::open(&a, who("alice")).unwrap();
    for (d, declaration) in &declared[..3] {
        store.declare(*d, declaration).unwrap();
    }
    drop(store);
    let unsent = tallyroom::store::replica::Replica::open(&a)
        .unwrap()
        .unsent()
        .unwrap();
    assert_eq!(unsent.len(), 3);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut conn = share::server::connect(&address).await.unwrap();
        assert_eq!(conn.push("council", &unsent).await.unwrap(), 3);
        assert_eq!(conn.push("council", &unsent).await.unwrap(), 0);
    });
    // And the replica's own sending of them again changes nothing either.
    share::sync_once(&a, None).unwrap();
    let count = sql(&db.url, "SELECT count(*) FROM tallyroom.events").unwrap();
    assert_eq!(count[0][0].as_deref(), Some("3"));
}

#[test]
fn an_event_changed_on_the_server_is_refused_by_every_laptop_that_reads_it() {
    let Some((db, dir, address, a, _b)) = pair("server_tamper") else {
        return;
    };
    let (_, declared) = rehearsal(12);
    let mut store = Store::open(&a, who("alice")).unwrap();
    for (d, declaration) in &declared[..3] {
        store.declare(*d, declaration).unwrap();
    }
    drop(store);
    share::sync_once(&a, None).unwrap();
    // Someone with the server's keys changes a figure of the second event.
    sql(
        &db.url,
        "ALTER TABLE tallyroom.events DISABLE TRIGGER append_only;
         UPDATE tallyroom.events SET payload = replace(payload, '[', '[1') WHERE server_seq = (SELECT min(server_seq) + 1 FROM tallyroom.events);
         ALTER TABLE tallyroom.events ENABLE TRIGGER append_only;",
    )
    .unwrap();
    let late = dir.path().join("late.tally");
    let error = share::join(&address, "council", &late)
        .map(|_| ())
        .and_then(|()| share::sync_once(&late, None).map(|_| ()))
        .expect_err("a changed event is not taken");
    let said = error.to_string();
    assert!(
        said.contains("is not as it was sent") && said.contains("changed on the server"),
        "{said}"
    );
    // Whatever the late laptop holds, it is not the changed figure.
    if late.exists() {
        let store = Store::open(&late, who("late")).unwrap();
        assert!(
            store.tally().declarations().iter().flatten().count() < 2,
            "no event from the changed one on"
        );
    }
}

/// Headquarters shares a 12-division council; a login of its own in `tallyroom_view`
/// (the press room) joins it. The login is dropped at the end.
struct PressRoom {
    db: Database,
    _dir: tempfile::TempDir,
    hq: PathBuf,
    press: PathBuf,
    viewer: String,
    as_viewer: Address,
    joined: share::Joined,
}

impl PressRoom {
    fn new(test: &str) -> Option<PressRoom> {
        let db = Database::fresh(test)?;
        // Roles are the server's, not the database's: the group is made once, shared.
        let viewer = format!("viewer_{}_{test}", std::process::id());
        sql(
            &db.url,
            &format!(
                "DO $$ BEGIN
                   IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tallyroom_view') THEN
                     CREATE ROLE tallyroom_view NOLOGIN;
                   END IF;
                 END $$;
                 DROP ROLE IF EXISTS {viewer};
                 CREATE ROLE {viewer} LOGIN IN ROLE tallyroom_view;"
            ),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let hq = dir.path().join("hq.tally");
        let press = dir.path().join("press.tally");
        Store::create(&hq, &rehearsal(12).0, None, who("hq")).unwrap();
        share::share(
            &hq,
            &Address::parse(&db.url).unwrap(),
            Some("council"),
            "hq",
        )
        .unwrap();
        let as_viewer = Address::parse(&db.url_as(&viewer)).unwrap();
        let joined = share::join(&as_viewer, "council", &press).unwrap();
        Some(PressRoom {
            db,
            _dir: dir,
            hq,
            press,
            viewer,
            as_viewer,
            joined,
        })
    }
}

impl Drop for PressRoom {
    fn drop(&mut self) {
        let viewer = &self.viewer;
        let _ = sql(
            &self.db.url,
            &format!("DROP OWNED BY {viewer}; DROP ROLE IF EXISTS {viewer}"),
        );
    }
}

#[test]
fn a_viewer_account_cannot_enter_results_and_is_told_why() {
    let Some(room) = PressRoom::new("viewer_account") else {
        return;
    };
    let (hq, press, as_viewer) = (&room.hq, &room.press, &room.as_viewer);
    assert!(!room.joined.can_enter, "the press room may only watch");
    // The viewer sees what headquarters enters...
    let declared = rehearsal(12).1;
    let (d, declaration) = declared[0].clone();
    Store::open(hq, who("hq"))
        .unwrap()
        .declare(d, &declaration)
        .unwrap();
    share::sync_once(hq, None).unwrap();
    share::sync_once(press, Some(as_viewer)).unwrap();
    let press_store = Store::open(press, who("press")).unwrap();
    assert!(press_store.tally().declaration(d).is_some());
    drop(press_store);
    // ...but its own file refuses every change of the night up front, with why:
    // the library, and the command line's declare, correct and undo.
    let (d2, other) = declared[1].clone();
    let refused = Store::open(press, who("press"))
        .unwrap()
        .declare(d2, &other)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("may only watch"), "{refused}");
    let press_str = press.to_str().unwrap();
    let election = Store::open(press, who("press")).unwrap().election().clone();
    let name = election.division(d).name.clone();
    let first = election.candidate_label(election.division(d).candidate_ixs().next().unwrap());
    let vote = format!("{first}={}", declaration.votes[0] + 1);
    for args in [
        vec!["declare", press_str, "--division", &name, &vote],
        vec![
            "correct",
            press_str,
            "--division",
            &name,
            "--reason",
            "x",
            &vote,
        ],
        vec!["undo", press_str],
    ] {
        let out = crate::support::commands::tallyroom_command()
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("may only watch"), "{args:?}: {err}");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("saved"));
    }
    let press_store = Store::open(press, who("press")).unwrap();
    assert_eq!(press_store.events().len(), 1, "nothing was written");
    assert_eq!(
        press_store.tally().declaration(d).map(|x| x.votes.clone()),
        Some(declaration.votes.clone()),
        "its figures are what headquarters sent"
    );
    assert!(press_store.tally().declaration(d2).is_none());
    drop(press_store);

    // A file written by an older version took a declaration before it knew better:
    // the server refuses it, and sync still reads what headquarters sends.
    rusqlite::Connection::open(press)
        .unwrap()
        .execute("UPDATE sharing SET watch_only = 0", [])
        .unwrap();
    Store::open(press, who("press"))
        .unwrap()
        .declare(d2, &other)
        .unwrap();
    let (d3, third) = declared[2].clone();
    Store::open(hq, who("hq"))
        .unwrap()
        .declare(d3, &third)
        .unwrap();
    share::sync_once(hq, None).unwrap();
    let done = share::sync_once(press, Some(as_viewer)).unwrap();
    assert_eq!(done.received, 1, "headquarters' new declaration was read");
    let refused = done
        .refused
        .expect("the press room's own event was refused");
    assert!(
        refused.contains("may watch the night but not enter results"),
        "{refused}"
    );
    let press_store = Store::open(press, who("press")).unwrap();
    assert_eq!(
        press_store.tally().declaration(d3).map(|x| x.votes.clone()),
        Some(third.votes.clone())
    );
    assert!(
        press_store.watch_only().unwrap().is_some(),
        "sync marked the file again"
    );
    drop(press_store);
    let count = sql(&room.db.url, "SELECT count(*) FROM tallyroom.events").unwrap();
    assert_eq!(
        count[0][0].as_deref(),
        Some("2"),
        "only headquarters' events"
    );
    // The command line says what was read and what was not sent.
    let out = crate::support::commands::tallyroom_command()
        .args(["sync", press_str, "--db", &room.db.url_as(&room.viewer)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("synced: 0 event(s) sent"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("were not sent"));
}

/// The window on an election file, the volunteer's name given.
fn open_window(file: &Path, volunteer: &str) -> crate::window::Window {
    // More steps per frame: the sync worker asks for frames from its own thread.
    let mut w = crate::window::Window::start_with_steps(64);
    let ctx = w.harness.ctx.clone();
    w.harness
        .state_mut()
        .open_at_start(&ctx, Some(file.to_path_buf()));
    w.harness.run();
    w.give_name(volunteer);
    w
}

#[test]
fn the_window_shows_a_conflict_with_who_entered_what_and_resolves_it_for_everyone() {
    let Some((_db, _dir, _address, a, b)) = pair("window_conflict") else {
        return;
    };
    let (d, _, second) = declare_on_both(&a, &b);
    let name = rehearsal(12).0.division(d).name.clone();

    // The projector's board at the other laptop says the division is being checked.
    {
        let mut board = open_window(&b, "dan");
        board.click("Dashboard");
        board.click("Board for the projector");
        assert!(board.has_text(&format!(
            "Being checked (declared twice with different figures): {name}"
        )));
    }
    let mut w = open_window(&a, "carol");
    wait_for_text(&mut w, "online");
    w.find(&name);
    assert!(w.has_text("Conflicting declarations"));
    assert!(w.has_text("Counting now, entered by alice on alice-laptop"));
    assert!(w.has_text("Also entered by bob on bob-laptop"));
    // Bob's figures are the right ones: keep them.
    w.harness
        .query_all_by_label("Keep these figures")
        .nth(1)
        .unwrap()
        .click();
    w.harness.run();
    assert_eq!(w.store().conflicts().count(), 0);
    assert_eq!(w.votes(&name), Some(second.votes.clone()));
    // The resolution reaches the other laptop through the server.
    eventually(
        Duration::from_secs(15),
        "the other laptop sees it resolved",
        || {
            w.harness.run();
            share::sync_once(&b, None).map_err(|e| e.to_string())?;
            let store = Store::open(&b, who("check")).unwrap();
            if store.conflicts().count() == 0
                && store.tally().declaration(d).unwrap().votes == second.votes
            {
                Ok(())
            } else {
                Err("still conflicting".into())
            }
        },
    );
}

#[test]
fn the_connection_is_encrypted_when_the_address_asks_and_checked_when_told_to_verify() {
    let Some(db) = Database::fresh("tls") else {
        return;
    };
    let ssl = sql(&db.url, "SHOW ssl").unwrap();
    if ssl[0][0].as_deref() != Some("on") {
        crate::pg::unavailable("tls", "the test server has TLS switched off (ssl = off)");
        return;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let encrypted = |mode: &str| -> bool {
        let address = Address::parse(&format!("{}?sslmode={mode}", db.url)).unwrap();
        runtime.block_on(async {
            let conn = share::server::connect(&address).await.unwrap();
            conn.client
                .query_one(
                    "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                    &[],
                )
                .await
                .unwrap()
                .get(0)
        })
    };
    assert!(
        encrypted("require"),
        "sslmode=require gives an encrypted connection"
    );
    assert!(!encrypted("disable"));
    // verify-full checks the certificate: a test server's own (snake-oil) one is refused,
    // with a message that says what to check.
    let verified = Address::parse(&format!("{}?sslmode=verify-full", db.url)).unwrap();
    let err = runtime
        .block_on(share::server::connect(&verified))
        .err()
        .expect("an untrusted certificate is refused");
    assert!(matches!(err, ShareError::Tls(_)), "{err:?}");
    assert!(err.to_string().contains("sslrootcert"), "{err}");
    // The address as kept and shown never holds a password.
    let with_password =
        Address::parse("postgres://hq:s3cret@example.org:5432/night?sslmode=require").unwrap();
    assert_eq!(
        with_password.shown,
        "postgres://hq@example.org:5432/night?sslmode=require"
    );
    assert!(with_password.has_password());
}

#[test]
fn the_password_file_is_read_as_postgresql_reads_it() {
    let text = "# comment\nother:5432:*:hq:wrong\nserver.example:5432:night:hq:pa\\:ss\n*:*:*:*:fallback\n";
    assert_eq!(
        share::address::password_file_lookup(text, ["server.example", "5432", "night", "hq"])
            .as_deref(),
        Some("pa:ss")
    );
    assert_eq!(
        share::address::password_file_lookup(text, ["elsewhere", "5432", "night", "hq"]).as_deref(),
        Some("fallback")
    );
}

#[test]
fn double_entry_works_across_laptops_the_second_entry_typed_at_headquarters() {
    let Some((_db, _dir, _address, hq, centre)) = pair("double_entry_across_laptops") else {
        return;
    };
    let (_, declared) = rehearsal(12);
    let (d, figures) = declared[0].clone();
    Store::open(&hq, who("hq"))
        .unwrap()
        .set_double_entry(true)
        .unwrap();
    share::sync_once(&hq, None).unwrap();
    share::sync_once(&centre, None).unwrap();
    // The centre types the first entry; it does not count yet.
    Store::open(&centre, who("dee"))
        .unwrap()
        .first_entry(d, &figures)
        .unwrap();
    share::sync_once(&centre, None).unwrap();
    share::sync_once(&hq, None).unwrap();
    let mut at_hq = Store::open(&hq, who("hq")).unwrap();
    assert!(at_hq.night().first_entries[d.index()].is_some());
    assert!(at_hq.tally().declaration(d).is_none());
    // Headquarters types it again, blind: it matches, and the division is declared.
    let second = at_hq.second_entry(d, &figures).unwrap();
    assert!(matches!(second, tallyroom::store::SecondEntry::Declared(_)));
    drop(at_hq);
    share::sync_once(&hq, None).unwrap();
    share::sync_once(&centre, None).unwrap();
    let store = Store::open(&centre, who("check")).unwrap();
    assert_eq!(store.tally().declaration(d).unwrap().votes, figures.votes);
}

#[test]
fn sharing_twice_or_joining_a_wrong_name_is_refused_with_what_to_do() {
    let Some((_db, dir, address, a, _b)) = pair("sharing_twice") else {
        return;
    };
    let err = share::share(&a, &address, None, "alice").unwrap_err();
    assert!(matches!(err, ShareError::FileShared { .. }), "{err:?}");
    let other = dir.path().join("other.tally");
    let (election, _) = rehearsal(12);
    Store::create(&other, &election, None, who("xavier")).unwrap();
    let err = share::share(&other, &address, Some("council"), "xavier").unwrap_err();
    assert!(matches!(err, ShareError::AlreadyShared { .. }), "{err:?}");
    let words = err.in_words(&tallyroom::cli::advice::CommandLine);
    assert!(words.contains("tallyroom join"), "{words}");
    let words = err.in_words(&tallyroom::window_state::advice::Window);
    assert!(
        words.contains("File > Join a shared night") && !words.contains("tallyroom join"),
        "{words}"
    );
    // Joining a name not shared lists those that are, and makes no file.
    let out = dir.path().join("nothing.tally");
    let err = share::join(&address, "county", &out).unwrap_err();
    assert!(err.to_string().contains("Shared there: council"), "{err}");
    assert!(!out.exists());
}

/// Runs frames until the window shows `text` (the sync worker answers from its own
/// thread).
fn wait_for_text(w: &mut crate::window::Window, text: &str) {
    let start = std::time::Instant::now();
    while !w.has_text(text) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the window never showed \"{text}\""
        );
        std::thread::sleep(Duration::from_millis(100));
        w.harness.run();
    }
}

#[test]
fn offline_the_window_keeps_declarations_waiting_and_sends_them_on_reconnection() {
    let Some(server) = PrivateServer::start("offline_window") else {
        return;
    };
    sql(&server.url("postgres"), "CREATE DATABASE night").unwrap();
    let address = Address::parse(&server.url("night")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("county.tally");
    let made = crate::support::commands::tallyroom_command()
        .args(["new", "--from"])
        .arg(crate::support::elections::sample(
            "lancashire-2025-rehearsal.csv",
        ))
        .arg("--out")
        .arg(&file)
        .output()
        .unwrap();
    assert!(made.status.success());
    share::share(&file, &address, Some("county"), "hq").unwrap();
    // The count centre's Wi-Fi is down (the server cannot be reached).
    server.stop().unwrap();

    let mut w = open_window(&file, "dee");
    wait_for_text(&mut w, "offline");
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "1467", "406", "157"]);
    w.ctrl_enter();
    wait_for_text(&mut w, "offline: 1 declaration waiting to send");
    assert_eq!(w.votes("Oswaldtwistle"), Some(vec![1475, 1467, 406, 157]));

    // Back online: it sends itself.
    server.start_again().unwrap();
    let start = std::time::Instant::now();
    while w.has_text("waiting to send") || !w.has_text("online") {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "never sent after reconnection"
        );
        std::thread::sleep(Duration::from_millis(100));
        w.harness.run();
    }
    let rows = sql(
        &server.url("night"),
        "SELECT who, kind FROM tallyroom.events",
    )
    .unwrap();
    assert_eq!(
        rows,
        vec![vec![Some("dee".to_string()), Some("declared".to_string())]]
    );
}

#[test]
fn a_viewer_gets_no_entry_form_in_the_window() {
    let Some(room) = PressRoom::new("viewer_window") else {
        return;
    };
    let name = rehearsal(12).0.division(DivisionIx(0)).name.clone();
    let mut w = open_window(&room.press, "press");
    wait_for_text(&mut w, "watching only");
    w.find(&name);
    assert!(w.has_text("Watching only: this account may not enter results."));
    assert!(
        !w.has_text("Ballot papers issued"),
        "no entry form for a viewer"
    );
}

#[test]
fn the_rehearsal_is_shared_from_the_window_and_joined_from_the_window() {
    let Some(db) = Database::fresh("share_dialog") else {
        return;
    };
    let mut w = crate::window::Window::rehearsal("hana");
    w.menu("Night", "Share this night");
    w.retype("Server", &db.url);
    w.retype("Shared as", "county");
    w.click("Share");
    wait_for_text(&mut w, "online");
    assert!(w.has_text("Shared as \"county\""));
    assert_eq!(
        share::sharing_of(w.store().path()).unwrap().election,
        "county"
    );
    drop(w);

    // Another laptop joins it through File → Join a shared night.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("preston.tally");
    let mut w = crate::window::Window::start_with_steps(64);
    w.menu("File", "Join a shared night");
    w.retype("Server", &db.url);
    w.retype("Election", "county");
    w.retype("Save as", out.to_str().unwrap());
    w.click("Join");
    w.give_name("pat");
    wait_for_text(&mut w, "online");
    assert_eq!(w.store().path(), out.as_path());
    assert_eq!(share::sharing_of(&out).unwrap().election, "county");
}

#[test]
fn the_map_travels_to_every_laptop_of_a_shared_night() {
    let Some((_db, _dir, _address, a, b)) = pair("map_boundaries") else {
        return;
    };
    let mut store = Store::open(&a, who("alice")).unwrap();
    // A square for each division, by its code.
    let shapes = store
        .election()
        .divisions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let x = -3.0 + i as f32 * 0.01;
            tallyroom::map::boundaries::Shape {
                code: d.code.clone(),
                name: None,
                outline: tallyroom::map::boundaries::Outline::Polygons(vec![vec![vec![
                    [x, 53.8],
                    [x + 0.01, 53.8],
                    [x + 0.01, 53.81],
                    [x, 53.81],
                ]]]),
            }
        })
        .collect();
    let boundaries = tallyroom::map::boundaries::Boundaries {
        source: "squares.geojson".into(),
        attribution: "Boundaries: squares.geojson".into(),
        hex_layout: None,
        shapes,
    };
    let found = store.set_boundaries(&boundaries).unwrap();
    assert!(found.divisions_without.is_empty());
    drop(store);
    for file in [&a, &b] {
        share::sync_once(file, None).unwrap();
    }
    let bob = Store::open(&b, who("bob")).unwrap();
    let map = bob.night().map.as_ref().expect("Bob's laptop has the map");
    assert_eq!(map.boundaries, boundaries);
    assert_eq!(map.matching.matched_divisions(bob.election()), 12);
}

#[test]
fn the_paper_account_reaches_every_laptop_of_a_shared_night() {
    let Some((_db, _dir, _address, a, b)) = pair("paper_account") else {
        return;
    };
    let (_, declared) = rehearsal(12);
    let (d, mut declaration) = declared[0].clone();
    let rejected = declaration.rejected.unwrap_or(0);
    declaration.rejected = Some(rejected);
    // The papers counted are those the generator issued (votes and rejected fit them).
    let counted = declaration
        .ballots_issued
        .expect("generated with ballot papers");
    declaration.account = tallyroom::model::PaperAccount {
        verified: Some(counted + 10),
        counted: Some(counted),
        rejected_by_heading: Some(vec![rejected, 0, 0, 0]),
        rejected_in_part: None,
        discrepancy: Some("Ten papers counted in the next ward".into()),
    }
    .into();
    Store::open(&a, who("alice"))
        .unwrap()
        .declare(d, &declaration)
        .unwrap();
    for file in [&a, &b] {
        share::sync_once(file, None).unwrap();
    }
    let store = Store::open(&b, who("bob")).unwrap();
    assert_eq!(
        store.tally().declaration(d).unwrap().account,
        declaration.account
    );
}
