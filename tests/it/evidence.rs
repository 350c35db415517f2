//! The election file and its outputs as evidence: exports safe to open in a
//! spreadsheet, terminal output that names cannot rewrite, and a file that holds
//! every saved declaration on its own.

use crate::support::commands::{run, run_ok, tempdir};

/// Names that a spreadsheet would run as formulas, or a terminal obey.
const HOSTILE: [&str; 6] = [
    "=HYPERLINK(\"http://example.invalid\",\"x\")",
    "+cmd|' /C calc'!A0",
    "-2+3 Independent",
    "@SUM(A1:A9)",
    "\tTabbed Party",
    "Evil\u{1b}]0;owned\u{7}\u{202e}Name",
];

/// A two-division night whose candidates, parties and a division carry the hostile
/// names, every division declared.
fn hostile_night(dir: &std::path::Path) -> std::path::PathBuf {
    let csv = dir.join("hostile.csv");
    let mut text = String::from("division,seats,candidate,party,votes\n");
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    for (i, name) in HOSTILE.iter().enumerate() {
        let division = if i < 3 { "=Division(1)" } else { "Plain" };
        text.push_str(&format!(
            "{},1,{},{},{}\n",
            quote(division),
            quote(name),
            quote(HOSTILE[(i + 1) % HOSTILE.len()]),
            100 + i
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let file = dir.join("hostile.tally");
    run_ok(&[
        "new",
        "--from",
        csv.to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    file
}

#[test]
fn exports_never_carry_a_formula_and_read_back_with_the_names_as_they_were() {
    let dir = tempdir();
    let file = hostile_night(dir.path());
    for what in ["candidates", "divisions", "parties", "dc"] {
        let out = dir.path().join(format!("{what}.csv"));
        run_ok(&[
            "export",
            file.to_str().unwrap(),
            "--what",
            what,
            "--out",
            out.to_str().unwrap(),
        ]);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(&out)
            .unwrap();
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
                assert!(
                    !risky || cell.trim().parse::<f64>().is_ok(),
                    "{what}: a cell a spreadsheet would run: {cell:?}"
                );
            }
        }
    }
    // The candidates export read back by the app gives every name as the night holds
    // it (names are trimmed when read, so the tab before "Tabbed Party" never was).
    let night = crate::support::commands::json_summary(&[file.to_str().unwrap()]);
    let back = crate::support::commands::json_summary(&[dir
        .path()
        .join("candidates.csv")
        .to_str()
        .unwrap()]);
    assert_eq!(back["parties"], night["parties"]);
    assert_eq!(
        back["divisions"][0]["winners"],
        night["divisions"][0]["winners"]
    );
    assert!(night.to_string().contains("=HYPERLINK"), "{night}");
}

#[test]
fn terminal_output_shows_control_characters_and_direction_marks_as_escapes() {
    let dir = tempdir();
    let file = hostile_night(dir.path());
    let f = file.to_str().unwrap();
    let hostile_by = "Mallory\u{1b}[2J\u{202e}";
    run_ok(&[
        "correct",
        f,
        "--division",
        "Plain",
        "--reason",
        "recount",
        "--by",
        hostile_by,
        "#1=150",
        "#2=105",
        "#3=100",
    ]);
    for args in [
        vec!["log", f],
        vec!["summary", f],
        vec!["summary", f, "--json"],
        vec!["log", f, "--json"],
    ] {
        let out = run(&args);
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{args:?} printed a raw control character: {text:?}"
        );
    }
    let log = run_ok(&["log", f]);
    assert!(log.contains("Mallory\\u001b[2J\\u202e"), "{log}");
    // JSON stays JSON, and reads back to the name as it was.
    let json: serde_json::Value = serde_json::from_str(&run_ok(&["log", f, "--json"])).unwrap();
    assert!(json.to_string().contains("Mallory"), "{json}");
    assert!(
        serde_json::to_string(&json)
            .unwrap()
            .contains("\\u001b[2J\u{202e}"),
        "{json}"
    );
}

#[test]
fn a_plain_copy_of_the_file_holds_a_declaration_saved_with_the_store_still_open() {
    let dir = tempdir();
    let csv = dir.path().join("night.csv");
    std::fs::write(
        &csv,
        "division,seats,candidate,party,votes\nNorth,1,Ann,Labour,\nNorth,1,Bob,Green Party,\nSouth,1,Cy,Labour,\nSouth,1,Di,Reform UK,\n",
    )
    .unwrap();
    let file = dir.path().join("night.tally");
    run_ok(&[
        "new",
        "--from",
        csv.to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    let mut store =
        tallyroom::store::Store::open(&file, tallyroom::store::events::Identity::new(Some("Ann")))
            .unwrap();
    let north = store.election().find_division("North").unwrap();
    store
        .declare(north, &crate::support::elections::votes(&[500, 400]))
        .unwrap();
    // The window's store stays open; the file alone is copied, as to a stick.
    let copy = dir.path().join("stick.tally");
    std::fs::copy(&file, &copy).unwrap();
    let summary = crate::support::commands::json_summary(&[copy.to_str().unwrap()]);
    assert_eq!(summary["divisions_declared"], 1, "{summary}");
    // And a copy made on purpose, while it is open.
    let carried = dir.path().join("carried.tally");
    let said = run_ok(&[
        "backup",
        file.to_str().unwrap(),
        "--to",
        carried.to_str().unwrap(),
    ]);
    assert!(said.contains("a single file to carry away"), "{said}");
    let summary = crate::support::commands::json_summary(&[carried.to_str().unwrap()]);
    assert_eq!(summary["divisions_declared"], 1);
    drop(store);
    // A copy that cannot be made says so in words and leaves nothing behind.
    let nowhere = dir.path().join("night.csv").join("inside-a-file.tally");
    let out = run(&[
        "backup",
        file.to_str().unwrap(),
        "--to",
        nowhere.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("the copy failed"), "{said}");
    assert!(
        !dir.path()
            .join("night.csv")
            .join("inside-a-file.tally.partial")
            .exists()
    );
}

/// The Lancashire night as an election file, every division declared, with a backup
/// taken while its record holds.
fn lancashire_night(dir: &std::path::Path) -> std::path::PathBuf {
    let file = dir.join("lancashire.tally");
    lancashire_file(&file);
    run_ok(&["backup", file.to_str().unwrap()]);
    file
}

/// The Lancashire 2025 night, every division declared, as `file`.
fn lancashire_file(file: &std::path::Path) {
    run_ok(&[
        "new",
        "--from",
        crate::support::elections::sample("lancashire-2025.csv")
            .to_str()
            .unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
}

/// Changes the file as another program would (the append-only triggers dropped).
fn tamper(file: &std::path::Path, sql: &str) {
    let conn = rusqlite::Connection::open(file).unwrap();
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS events_are_never_updated;
         DROP TRIGGER IF EXISTS events_are_never_deleted;",
    )
    .unwrap();
    conn.execute_batch(sql).unwrap();
}

/// The record fingerprint a command printed.
fn fingerprint_said(said: &str) -> String {
    said.lines()
        .find_map(|l| l.strip_prefix("record fingerprint "))
        .unwrap_or_else(|| panic!("no fingerprint in {said}"))
        .to_string()
}

/// `verify`'s exit status and what it printed.
fn verify(file: &std::path::Path) -> (Option<i32>, String) {
    let out = run(&["verify", file.to_str().unwrap()]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_record_shows_a_digit_changed_a_row_added_removed_or_moved() {
    let dir = tempdir();
    let file = lancashire_night(dir.path());
    let (code, said) = verify(&file);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("the night's record holds: 82 events"),
        "{said}"
    );
    let fingerprint = fingerprint_said(&said);
    // The summary carries the same fingerprint, so a figure on paper can be traced
    // (read off the chain's last link there, folded from the digests by `verify`).
    assert!(run_ok(&["summary", file.to_str().unwrap()]).contains(&fingerprint));

    // 1297 became 1397 in Accrington South's event: its majority would be 397.
    let changed = dir.path().join("changed.tally");
    std::fs::copy(&file, &changed).unwrap();
    tamper(
        &changed,
        "UPDATE events SET payload = replace(payload, '[1297,', '[1397,') WHERE payload LIKE '%[1297,%';",
    );
    let (code, said) = verify(&changed);
    assert_eq!(code, Some(1));
    assert!(
        said.contains("Accrington South): its content is not what was written"),
        "{said}"
    );
    // Opening says so before any figure, and takes no new result.
    let out = run(&["summary", changed.to_str().unwrap()]);
    let warned = String::from_utf8_lossy(&out.stderr);
    assert!(
        warned.contains("warning: the night's record does not hold at event"),
        "{warned}"
    );
    let out = run(&[
        "withdraw",
        changed.to_str().unwrap(),
        "--division",
        "Accrington South",
        "--reason",
        "test",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("No new results are taken until then"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A second "declared" written with SQL: another program's row.
    let added = dir.path().join("added.tally");
    std::fs::copy(&file, &added).unwrap();
    tamper(
        &added,
        "INSERT INTO events (id, at, machine, who, kind, division, payload, reason, base)
         SELECT 'forged', at, machine, who, kind, division, '{\"kind\":\"declared\",\"votes\":[99999,1,1,1]}', NULL, NULL
         FROM events WHERE seq = 2;",
    );
    let (code, said) = verify(&added);
    assert_eq!(code, Some(1));
    assert!(said.contains("(declared forged, by"), "{said}");
    assert!(said.contains("written by another program"), "{said}");

    // An event removed.
    let removed = dir.path().join("removed.tally");
    std::fs::copy(&file, &removed).unwrap();
    tamper(&removed, "DELETE FROM events WHERE seq = 5;");
    let (code, said) = verify(&removed);
    assert_eq!(code, Some(1));
    assert!(
        said.contains("at event 6") && said.contains("an event was removed"),
        "{said}"
    );

    // Two events' contents swapped, in the file itself, whose backup was taken while
    // its record held.
    let swapped = file.clone();
    tamper(
        &swapped,
        "UPDATE events SET division = CASE seq WHEN 3 THEN (SELECT division FROM events WHERE seq = 4)
                                              ELSE (SELECT division FROM events WHERE seq = 3) END,
                           payload  = CASE seq WHEN 3 THEN (SELECT payload FROM events WHERE seq = 4)
                                              ELSE (SELECT payload FROM events WHERE seq = 3) END
         WHERE seq IN (3, 4);",
    );
    let (code, said) = verify(&swapped);
    assert_eq!(code, Some(1));
    assert!(said.contains("at event 3"), "{said}");
    // The backup taken while the record held is named, to restore.
    assert!(
        said.contains("the newest backup whose record holds is"),
        "{said}"
    );
}

#[test]
fn an_export_carries_a_manifest_that_verifies_until_one_byte_changes() {
    let dir = tempdir();
    let file = lancashire_night(dir.path());
    let out_dir = dir.path().join("results");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("divisions.csv");
    run_ok(&[
        "export",
        file.to_str().unwrap(),
        "--what",
        "divisions",
        "--out",
        out.to_str().unwrap(),
    ]);
    let manifest = std::fs::read_to_string(out_dir.join("divisions.csv.manifest")).unwrap();
    let fingerprint = run_ok(&["verify", file.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("record fingerprint ").map(str::to_string))
        .unwrap();
    assert!(
        manifest.contains(&format!("fingerprint: {fingerprint}")),
        "{manifest}"
    );
    assert!(manifest.contains(" divisions.csv\n"), "{manifest}");
    let (code, said) = {
        let o = run(&["verify", "--export", out_dir.to_str().unwrap()]);
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        )
    };
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("divisions.csv: as exported"), "{said}");
    // One byte changed: a 7 became an 8 somewhere in the figures.
    let mut bytes = std::fs::read(&out).unwrap();
    let at = bytes.iter().rposition(|&b| b == b'7').unwrap();
    bytes[at] = b'8';
    std::fs::write(&out, bytes).unwrap();
    let o = run(&["verify", "--export", out_dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("divisions.csv: changed since it was exported"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn an_event_that_is_not_an_event_is_named_in_words_not_as_a_conversion_error() {
    let dir = tempdir();
    let file = lancashire_night(dir.path());
    tamper(
        &file,
        "INSERT INTO events (id, at, machine, who, kind, division, payload)
         VALUES ('x', '2025-05-01T23:00:00Z', 'm', 'w', 'declared', 1, 'garbage');",
    );
    let out = run(&["summary", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("is damaged (event 83 of the night's record cannot be read: its content is not what tallyroom writes"),
        "{said}"
    );
    assert!(said.contains("Restore the latest backup"), "{said}");
    assert!(!said.contains("Conversion error"), "{said}");
    // verify reads it without the parse: the row came from another program.
    let (code, said) = verify(&file);
    assert_eq!(code, Some(1));
    assert!(said.contains("written by another program"), "{said}");
    // The log still shows every event as written, the bad one named.
    let out = run(&["log", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let warned = String::from_utf8_lossy(&out.stderr);
    assert!(warned.contains("is damaged (event 83"), "{warned}");
    let logged = String::from_utf8_lossy(&out.stdout);
    assert_eq!(logged.lines().count(), 83, "{logged}");
    let last = logged.lines().last().unwrap();
    assert!(
        last.contains("garbage") && last.contains("CANNOT BE READ: its content"),
        "{last}"
    );
    assert!(!logged.lines().next().unwrap().contains("CANNOT BE READ"));
}

#[test]
fn the_window_says_the_record_does_not_hold_before_the_room_reads_a_figure() {
    let dir = tempdir();
    let file = lancashire_night(dir.path());
    tamper(
        &file,
        "UPDATE events SET payload = replace(payload, '[1297,', '[1397,') WHERE payload LIKE '%[1297,%';",
    );
    let mut w = crate::window::Window::start();
    w.open_typed(&file, "Ann");
    w.harness.run();
    // The message line shows it, newest first.
    assert!(
        w.has_text("the night's record does not hold at event 2"),
        "{:?}",
        w.app().messages.items
    );
}

#[test]
fn the_window_saves_a_single_file_copy_to_carry_away() {
    let dir = tempdir();
    let file = lancashire_night(dir.path());
    let mut w = crate::window::Window::start();
    w.open_typed(&file, "Ann");
    let copy = dir.path().join("stick").join("carried.tally");
    std::fs::create_dir(copy.parent().unwrap()).unwrap();
    w.menu("File", "Save a copy…");
    w.retype("Save the copy as", copy.to_str().unwrap());
    w.click("Save copy");
    w.harness.run();
    assert!(
        w.has_text("Saved a copy of the night as"),
        "{:?}",
        w.app().messages.items
    );
    let summary = crate::support::commands::json_summary(&[copy.to_str().unwrap()]);
    assert_eq!(summary["divisions_declared"], 82);
    let (code, _) = verify(&copy);
    assert_eq!(code, Some(0));
}

#[test]
fn reading_commands_leave_the_file_byte_for_byte_as_it_was() {
    let dir = tempdir();
    let file = crate::councils::night_2024(dir.path());
    // Without its checkpoint, opening replays the 1,903 events: a reading command
    // used to write a new checkpoint back.
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute("DELETE FROM checkpoint", []).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&file).unwrap();
    let f = file.to_str().unwrap();
    let out = dir.path().join("out.csv");
    run_ok(&["summary", f, "--json"]);
    run_ok(&["log", f]);
    run_ok(&[
        "export",
        f,
        "--what",
        "parties",
        "--out",
        out.to_str().unwrap(),
    ]);
    run_ok(&["verify", f]);
    assert!(
        std::fs::read(&file).unwrap() == before,
        "a reading command wrote to the file"
    );
    let wal = crate::support::commands::sibling_len(&file, "-wal");
    assert!(wal == 0, "the write-ahead log holds {wal} bytes");
}

#[test]
fn a_file_whose_version_does_not_match_its_tables_is_said_in_words_not_sql() {
    let dir = tempdir();
    let file = lancashire_night(dir.path());
    for version in [5, 0] {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.pragma_update(None, "user_version", version).unwrap();
        drop(conn);
        let out = run(&["summary", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains(&format!(
                "is damaged (it says it is file version {version}, but its tables are not those of version {version}"
            )),
            "{said}"
        );
        assert!(!said.contains("CREATE TABLE"), "{said}");
    }
}

#[test]
fn a_break_acknowledged_in_the_log_lets_the_night_go_on_and_stays_in_the_record() {
    let dir = tempdir();
    let file = lancashire_night(dir.path());
    let f = file.to_str().unwrap();
    tamper(
        &file,
        "UPDATE events SET payload = replace(payload, '[1297,', '[1397,') WHERE payload LIKE '%[1297,%';",
    );
    assert_eq!(verify(&file).0, Some(1));
    let said = run_ok(&[
        "verify",
        f,
        "--acknowledge",
        "the returning officer's sheet says 1397",
        "--by",
        "Returning Officer",
    ]);
    assert!(
        said.contains("the break at event 2 acknowledged by Returning Officer"),
        "{said}"
    );
    assert!(said.contains("the file takes results again"), "{said}");
    let (code, said) = verify(&file);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("but for 1 break acknowledged in the log, at event 2"),
        "{said}"
    );
    // The record's fingerprint past the accepted break is the digests' fold, as
    // `verify` works it out, not the chain's last link (kept from the break on).
    assert_eq!(
        fingerprint_said(&said),
        fingerprint_said(&run_ok(&["summary", f]))
    );
    // The night goes on, and the decision is in the audit trail with its reason.
    run_ok(&[
        "withdraw",
        f,
        "--division",
        "Accrington South",
        "--reason",
        "recount",
    ]);
    assert_eq!(
        fingerprint_said(&verify(&file).1),
        fingerprint_said(&run_ok(&["summary", f]))
    );
    let log = run_ok(&["log", f]);
    assert!(
        log.contains("a break in the night's record at event 2 acknowledged")
            && log.contains("the returning officer's sheet says 1397"),
        "{log}"
    );
    // Nothing to acknowledge where the record holds.
    let out = run(&["verify", f, "--acknowledge", "again"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("there is no break to acknowledge"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The snapshot's and checkpoint's checksum (FNV-1a over 64-bit words), as another
/// program that knew it would write it.
fn copy_checksum(data: &[u8]) -> i64 {
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325 ^ data.len() as u64;
    let mut words = data.chunks_exact(8);
    for word in &mut words {
        hash = (hash ^ u64::from_le_bytes(word.try_into().unwrap())).wrapping_mul(0x100_0000_01B3);
    }
    for &byte in words.remainder() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01B3);
    }
    hash as i64
}

#[test]
fn verify_finds_a_checkpoint_that_disagrees_with_the_record_and_can_drop_it() {
    let dir = tempdir();
    let file = lancashire_night(dir.path());
    let (code, said) = verify(&file);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("agree with the record"), "{said}");

    // The checkpoint (the night kept whole, to open quickly) rewritten with 1397 for
    // Accrington South's 1297, its checksum made to fit: the record itself holds.
    let conn = rusqlite::Connection::open(&file).unwrap();
    let mut data: Vec<u8> = conn
        .query_row("SELECT data FROM checkpoint WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    // 1297 and 1397 as variable-length integers.
    let at = data
        .windows(2)
        .position(|w| w == [0x91, 0x0A])
        .expect("1297 in the checkpoint");
    data[at] = 0xF5;
    conn.execute(
        "UPDATE checkpoint SET data = ?1, checksum = ?2 WHERE id = 1",
        rusqlite::params![data, copy_checksum(&data)],
    )
    .unwrap();
    drop(conn);
    let before = crate::support::commands::json_summary(&[file.to_str().unwrap()]);

    let (code, said) = verify(&file);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("the night's record holds"), "{said}");
    assert!(
        said.contains("disagree with the record")
            && said.contains("1397")
            && said.contains("1297")
            && said.contains("--drop-copies"),
        "{said}"
    );

    let out = run(&["verify", file.to_str().unwrap(), "--drop-copies"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("removed"), "{said}");
    let (code, said) = verify(&file);
    assert_eq!(code, Some(0), "{said}");
    let after = crate::support::commands::json_summary(&[file.to_str().unwrap()]);
    let winners_votes = |s: &serde_json::Value| {
        s["divisions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["division"] == "Accrington South")
            .map(|d| d["winners"][0]["votes"].clone())
            .unwrap()
    };
    // Opening showed the copy's figure; once it is dropped, the record's.
    assert_eq!(winners_votes(&before), 1397);
    assert_eq!(winners_votes(&after), 1297);
}

/// The tests' user id: a test run as root runs the app as `nobody` where permissions
/// must bite (root may write anywhere).
#[cfg(unix)]
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// The app run as a user for whom a folder's permissions hold.
#[cfg(unix)]
/// The app as another user can run it: a copy in `dir` (which that user can reach),
/// since the build's own folder may be one only root can enter.
#[cfg(unix)]
fn run_unprivileged(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let app = dir.join("tallyroom-app");
    if !app.exists() {
        std::fs::copy(env!("CARGO_BIN_EXE_tallyroom"), &app).unwrap();
        std::fs::set_permissions(&app, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut command = std::process::Command::new(&app);
    // Its own settings and backups in the test's folder, which it may write.
    command
        .args(args)
        .current_dir(dir)
        .env(tallyroom::places::HOME_VARIABLE, dir.join(".tallyroom"));
    if running_as_root() {
        command.uid(65534).gid(65534).env("HOME", dir);
    }
    command.output().expect("the binary runs")
}

#[cfg(unix)]
#[test]
fn a_night_in_a_read_only_folder_is_read_and_exported_and_refuses_results_in_words() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let mode = |p: &std::path::Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    };
    mode(dir.path(), 0o755);
    let stick = dir.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let file = stick.join("night.tally");
    lancashire_file(&file);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    mode(&out, 0o777);
    mode(&file, 0o644);
    // The folder cannot be written (as on a write-protected stick).
    mode(&stick, 0o555);
    let bytes = std::fs::read(&file).unwrap();
    let path = file.to_str().unwrap();

    let summary = run_unprivileged(dir.path(), &["summary", path]);
    let said = String::from_utf8_lossy(&summary.stdout);
    assert!(
        summary.status.success() && said.contains("Reform UK"),
        "{said}{}",
        String::from_utf8_lossy(&summary.stderr)
    );
    let log = run_unprivileged(dir.path(), &["log", path]);
    assert!(
        log.status.success(),
        "{}",
        String::from_utf8_lossy(&log.stderr)
    );
    assert!(String::from_utf8_lossy(&log.stdout).contains("Accrington South"));
    let csv = out.join("divisions.csv");
    let export = run_unprivileged(
        dir.path(),
        &[
            "export",
            path,
            "--what",
            "divisions",
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .contains("Accrington South")
    );
    let verify = run_unprivileged(dir.path(), &["verify", path]);
    assert_eq!(
        verify.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );

    // A result is refused in words, and why.
    let withdraw = run_unprivileged(
        dir.path(),
        &[
            "withdraw",
            path,
            "--division",
            "Accrington South",
            "--reason",
            "test",
        ],
    );
    let refused = String::from_utf8_lossy(&withdraw.stderr);
    assert_eq!(withdraw.status.code(), Some(1), "{refused}");
    assert!(
        refused.contains("cannot be written here")
            && refused.contains("read-only")
            && refused.contains("nothing was saved"),
        "{refused}"
    );
    assert!(!refused.contains("attempt to write"), "{refused}");
    // A declaration likewise, before any check of its figures.
    let declare = run_unprivileged(
        dir.path(),
        &[
            "declare",
            path,
            "--division",
            "Accrington South",
            "#1=1",
            "#2=2",
            "#3=3",
            "#4=4",
        ],
    );
    let refused = String::from_utf8_lossy(&declare.stderr);
    assert_eq!(declare.status.code(), Some(1), "{refused}");
    assert!(refused.contains("cannot be written here"), "{refused}");
    assert_eq!(std::fs::read(&file).unwrap(), bytes, "the file as it was");
    mode(&stick, 0o755);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_said_in_words_nothing_is_lost_and_the_night_goes_on_once_there_is_room() {
    // A small disk of its own: a 3 MB tmpfs, mounted in a mount namespace of this
    // test alone (as root, or as a user where user namespaces are allowed), gone
    // when the script ends.
    let dir = tempdir();
    let script = r#"
        set -u
        mount -t tmpfs -o size=3m tmpfs "$DISK" || exit 77
        "$APP" new --from "$CSV" --out "$DISK/night.tally" >/dev/null || exit 78
        dd if=/dev/zero of="$DISK/filler" bs=4096 2>/dev/null
        echo "--- full"
        "$APP" withdraw "$DISK/night.tally" --division "Accrington South" --reason recount 2>&1
        echo "status $?"
        echo "--- summary"
        "$APP" summary "$DISK/night.tally" 2>&1
        echo "status $?"
        rm "$DISK/filler"
        echo "--- room"
        "$APP" withdraw "$DISK/night.tally" --division "Accrington South" --reason recount 2>&1
        echo "status $?"
        "$APP" verify "$DISK/night.tally" 2>&1
        echo "status $?"
    "#;
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let out = std::process::Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", script])
        .env("DISK", &disk)
        .env("APP", env!("CARGO_BIN_EXE_tallyroom"))
        .env(
            tallyroom::places::HOME_VARIABLE,
            crate::support::commands::test_home(),
        )
        .env(
            "CSV",
            crate::support::elections::sample("lancashire-2025.csv"),
        )
        .output();
    let out = match out {
        Ok(out) if out.status.code() != Some(77) && out.status.code() != Some(1) => out,
        other => {
            // No namespace or no tmpfs here: said, not silently passed.
            eprintln!(
                "*** full-disk test: this machine allows no private tmpfs ({other:?}); run it as root or where user namespaces are allowed"
            );
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must run the full-disk test"
            );
            return;
        }
    };
    let said = String::from_utf8_lossy(&out.stdout);
    let (full, rest) = said.split_once("--- summary").expect(&said);
    let (summary, room) = rest.split_once("--- room").expect(&said);
    assert!(
        full.contains("the disk is full") && full.contains("nothing was saved"),
        "{said}"
    );
    assert!(full.contains("free") && full.contains("status 1"), "{said}");
    assert!(!full.contains("disk I/O error"), "{said}");
    // Read while full: the night is there to read.
    assert!(
        summary.contains("Reform UK") && summary.contains("status 0"),
        "{said}"
    );
    // Room made: the same change is saved, and the record holds.
    assert!(
        room.contains("saved") && room.contains("status 0"),
        "{said}"
    );
    assert!(
        room.contains("the night's record holds: 83 events"),
        "{said}"
    );
}
