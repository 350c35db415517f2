//! The election file's snapshot of its set-up and checkpoint of its night: used only
//! when they agree with the tables and the log, rebuilt from them otherwise; and a
//! shared night's reorder, taken back and applied again, ends where a replay of the
//! whole log ends.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use tallyroom::model::DivisionIx;
use tallyroom::report::{SummaryOptions, summarise};
use tallyroom::store::Store;
use tallyroom::store::events::{Change, Event, Figures, Identity};
use tallyroom::store::replica::{Replica, WireEvent};

use crate::support::commands::{run_ok, tempdir};
use crate::support::elections::sample;

fn who(name: &str) -> Identity {
    Identity {
        who: name.to_string(),
        machine: name.to_string(),
    }
}

/// The Lancashire 2025 night, every division declared, as a new election file.
fn lancashire_night(dir: &Path) -> PathBuf {
    let file = dir.join("night.tally");
    run_ok(&[
        "new",
        "--from",
        sample("lancashire-2025.csv").to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    file
}

/// Everything the tally shows, every division included, as the file opens.
fn figures(file: &Path) -> serde_json::Value {
    let store = Store::open(file, who("Reader")).unwrap();
    serde_json::to_value(summarise(store.tally(), &SummaryOptions::default())).unwrap()
}

/// The same, from the tables and the log alone: snapshot and checkpoint removed from
/// a copy first.
fn figures_from_the_log(file: &Path) -> serde_json::Value {
    let copy = file.with_extension("copy.tally");
    let _ = std::fs::remove_file(&copy);
    // A consistent copy, with what is still in the write-ahead log.
    sql(file, &format!("VACUUM INTO '{}'", copy.display()));
    sql(&copy, "DELETE FROM snapshot; DELETE FROM checkpoint;");
    let figures = figures(&copy);
    assert_eq!(
        count(&copy, "SELECT count(*) FROM snapshot"),
        1,
        "rewritten"
    );
    figures
}

/// Where two sets of figures first differ ("" where they agree).
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> String {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x
            .iter()
            .map(|(k, v)| {
                first_difference(v, y.get(k).unwrap_or(&Value::Null), &format!("{at}.{k}"))
            })
            .find(|d| !d.is_empty())
            .unwrap_or_default(),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .map(|(i, (v, w))| first_difference(v, w, &format!("{at}[{i}]")))
            .find(|d| !d.is_empty())
            .unwrap_or_default(),
        _ if a == b => String::new(),
        _ => format!("{at}: {a} against {b}"),
    }
}

fn assert_same(a: &serde_json::Value, b: &serde_json::Value) {
    let difference = first_difference(a, b, "");
    assert!(difference.is_empty(), "the figures differ at {difference}");
}

/// The build that wrote the file's copy of its set-up.
fn written_by(file: &Path) -> String {
    Connection::open(file)
        .unwrap()
        .query_row("SELECT build FROM snapshot", [], |r| r.get(0))
        .unwrap()
}

fn sql(file: &Path, statements: &str) {
    Connection::open(file)
        .unwrap()
        .execute_batch(statements)
        .unwrap();
}

fn count(file: &Path, query: &str) -> i64 {
    Connection::open(file)
        .unwrap()
        .query_row(query, [], |r| r.get(0))
        .unwrap()
}

fn correction(store: &Store, division: DivisionIx, more: u64) -> tallyroom::model::Declaration {
    let mut d = store.tally().declaration(division).cloned().unwrap();
    d.votes[0] += more;
    d.ballots_issued = None;
    d.rejected = None;
    d
}

#[test]
fn a_new_file_opens_from_its_checkpoint_and_a_damaged_or_stale_one_is_rebuilt_from_the_log() {
    let dir = tempdir();
    let file = lancashire_night(dir.path());
    let events = count(&file, "SELECT count(*) FROM events");
    assert_eq!(events, 82);
    assert_eq!(count(&file, "SELECT events FROM checkpoint"), events);
    // The copies name the build that wrote them in the same way in every process (here
    // the command line wrote them, and this test's process writes them again).
    let by_the_command = written_by(&file);
    let whole = figures_from_the_log(&file);
    assert_eq!(
        written_by(&file.with_extension("copy.tally")),
        by_the_command
    );
    assert_same(&figures(&file), &whole);
    assert_eq!(whole["parties"][0]["party"], "Reform UK");
    assert_eq!(whole["parties"][0]["seats"], 53);

    // Stale: a correction after the checkpoint, and the process gone without closing.
    let mut store = Store::open(&file, who("Preston")).unwrap();
    let d = correction(&store, DivisionIx(0), 1000);
    store.correct(DivisionIx(0), &d, "recount").unwrap();
    std::mem::forget(store);
    assert_eq!(count(&file, "SELECT events FROM checkpoint"), events);
    let corrected = figures_from_the_log(&file);
    assert_ne!(corrected, whole);
    assert_same(&figures(&file), &corrected);

    // Damaged: the checkpoint's bytes overwritten.
    sql(
        &file,
        "UPDATE checkpoint SET data = zeroblob(length(data)); UPDATE snapshot SET data = zeroblob(length(data));",
    );
    assert_same(&figures(&file), &corrected);
    // Closing writes a checkpoint that agrees with the log again.
    let mut store = Store::open(&file, who("Preston")).unwrap();
    store.backup_now().unwrap();
    drop(store);
    assert_eq!(count(&file, "SELECT events FROM checkpoint"), events + 1);
    assert_same(&figures(&file), &corrected);

    // Another night's checkpoint, whole and of this build, but made from other events:
    // never trusted.
    let other_dir = tempdir();
    let other = lancashire_night(other_dir.path());
    sql(
        &file,
        &format!(
            "ATTACH '{}' AS other; DELETE FROM checkpoint; INSERT INTO checkpoint SELECT * FROM other.checkpoint;",
            other.display()
        ),
    );
    assert_same(&figures(&file), &corrected);
}

/// An event as the server would pass it on.
fn wire(e: &Event) -> WireEvent {
    WireEvent::of(e).unwrap()
}

#[test]
fn an_arrival_placed_before_unsent_declarations_ends_as_a_replay_of_the_log() {
    let dir = tempdir();
    let file = lancashire_night(dir.path());
    let mut store = Store::open(&file, who("Preston")).unwrap();
    let mut replica = Replica::open(&file).unwrap();
    // Every event placed on the server, as after a sync.
    let placed: Vec<(i64, WireEvent)> = store
        .events()
        .iter()
        .enumerate()
        .map(|(k, e)| (k as i64 + 1, wire(e)))
        .collect();
    replica.take_from_server(&placed).unwrap();
    store.refresh().unwrap();
    let last = placed.len() as i64;
    let (a, b, c) = (DivisionIx(3), DivisionIx(10), DivisionIx(40));
    let base_of_a = store.night().base(Some(a));

    // Entered here, not yet sent: corrections of A and B.
    let d = correction(&store, a, 7);
    store.correct(a, &d, "typing error").unwrap();
    let d = correction(&store, b, 11);
    store.correct(b, &d, "typing error").unwrap();

    // From another centre, placed before them: a different correction of A (written
    // without seeing ours: a conflict) and one of C.
    let arrival = |division: DivisionIx, more: u64, base: Option<String>, n: u64| {
        let change = Change::Corrected(Figures::from_declaration(&correction(
            &store, division, more,
        )));
        WireEvent {
            id: format!("{:032x}", 0xa11_0000 + n),
            at: jiff::Timestamp::now().to_string(),
            machine: "Burnley".into(),
            who: "Burnley".into(),
            kind: change.kind().to_string(),
            division: Some(i64::from(division.0)),
            payload: serde_json::to_string(&change).unwrap(),
            reason: Some("recount".into()),
            base,
        }
    };
    let from_a = arrival(a, 50, base_of_a, 1);
    let from_c = arrival(c, 9, store.night().base(Some(c)), 2);
    replica
        .take_from_server(&[(last + 1, from_a), (last + 2, from_c)])
        .unwrap();
    assert_eq!(store.refresh().unwrap(), 2);

    let now = serde_json::to_value(summarise(store.tally(), &SummaryOptions::default())).unwrap();
    let order: Vec<String> = store.events().iter().map(|e| e.id.clone()).collect();
    let conflicts: Vec<DivisionIx> = store.conflicts().collect();
    assert_eq!(conflicts, vec![a], "the two corrections of A conflict");
    let unsent: Vec<String> = store.unsent().map(|e| e.id.clone()).collect();
    assert_eq!(order[order.len() - 2..], unsent[..]);
    drop(store);

    // The same file from the log alone, every event applied in the night's order.
    assert_same(&figures_from_the_log(&file), &now);
    let replayed = Store::open(&file.with_extension("copy.tally"), who("Reader")).unwrap();
    let replayed_order: Vec<String> = replayed.events().iter().map(|e| e.id.clone()).collect();
    assert_eq!(replayed_order, order);
    assert_eq!(replayed.conflicts().collect::<Vec<_>>(), conflicts);
}

/// A big night's lists and maps are read back from the file's copies with room for
/// their whole length at once (`tallyroom::whole`): as they were written, and a
/// length a damaged copy made up is refused rather than made room for.
mod whole {
    use std::collections::HashMap;

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Copy {
        #[serde(deserialize_with = "tallyroom::whole::vec")]
        list: Vec<Option<u32>>,
        #[serde(deserialize_with = "tallyroom::whole::map")]
        names: HashMap<String, u32>,
    }

    #[test]
    fn what_is_read_back_is_what_was_written_with_room_for_all_of_it() {
        let copy = Copy {
            list: (0..300_000).map(|i| (i % 7 != 0).then_some(i)).collect(),
            names: (0..50_000).map(|i| (format!("Ward {i}"), i)).collect(),
        };
        let bytes = postcard::to_allocvec(&copy).unwrap();
        let back: Copy = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, copy);
        assert_eq!(back.list.capacity(), 300_000);
        let json: Copy = serde_json::from_str(&serde_json::to_string(&copy).unwrap()).unwrap();
        assert_eq!(json, copy);
    }

    #[test]
    fn a_made_up_length_is_refused_not_made_room_for() {
        // An empty list, then a map that says it holds 2^60 entries and ends: room for
        // them all would be more than the address space (a panic). (postcard itself
        // says nothing of a list's length beyond the bytes left; of a map's it does.)
        let bytes = [0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10];
        assert!(postcard::from_bytes::<Copy>(&bytes).is_err());
    }
}

#[test]
fn copies_written_by_a_build_of_another_commit_are_not_read() {
    let dir = tempdir();
    let file = lancashire_night(dir.path());
    let ours = written_by(&file);
    let (this_build, sample) = ours.rsplit_once('/').unwrap();
    assert_eq!(
        this_build,
        format!(
            "{}/{}",
            tallyroom::version::NUMBER,
            tallyroom::version::COMMIT
        )
    );
    // The same version and the same sample night, another commit: a build that may
    // lay its copies out otherwise where the sample does not show it.
    let theirs = format!("{}/another-commit/{sample}", tallyroom::version::NUMBER);

    // A checkpoint that shows other figures when it is read: made on a copy of the
    // file after a correction, and put in the file's own, which keeps the count and
    // digest of the file's events.
    let other = dir.path().join("other.tally");
    sql(&file, &format!("VACUUM INTO '{}'", other.display()));
    let mut store = Store::open(&other, who("Preston")).unwrap();
    let d = correction(&store, DivisionIx(0), 1000);
    store.correct(DivisionIx(0), &d, "recount").unwrap();
    store.backup_now().unwrap();
    store.close().unwrap();
    sql(
        &file,
        &format!(
            "ATTACH '{}' AS other;
             UPDATE checkpoint SET data = (SELECT data FROM other.checkpoint),
                 checksum = (SELECT checksum FROM other.checkpoint);
             DETACH other;",
            other.display()
        ),
    );
    let from_the_log = figures_from_the_log(&file);
    assert!(
        !first_difference(&figures(&file), &from_the_log, "").is_empty(),
        "marked as this build's, the checkpoint is read"
    );

    sql(
        &file,
        &format!(
            "UPDATE snapshot SET build = '{theirs}'; UPDATE checkpoint SET build = '{theirs}';"
        ),
    );
    assert_same(&figures(&file), &from_the_log);
    assert_eq!(written_by(&file), ours, "the set-up's copy written again");
}
