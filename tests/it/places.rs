//! Where the app keeps its own things: settings and backups in the platform's
//! places under the user's home, nothing in the folder it was started from.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The binary as a fresh user runs it: `HOME` an empty folder, none of the XDG
/// variables or `TALLYROOM_HOME` set, started in another empty folder.
fn as_new_user(home: &Path, cwd: &Path, args: &[&str]) -> std::process::Output {
    run_with(home, cwd, None, args)
}

/// As [`as_new_user`], with `TALLYROOM_HOME` set to `portable` if given.
fn run_with(
    home: &Path,
    cwd: &Path,
    portable: Option<&Path>,
    args: &[&str],
) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tallyroom"));
    command
        .args(args)
        .current_dir(cwd)
        .env("HOME", home)
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_STATE_HOME")
        .env_remove(tallyroom::places::HOME_VARIABLE);
    if let Some(root) = portable {
        command.env(tallyroom::places::HOME_VARIABLE, root);
    }
    let out = command.output().expect("the binary runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

// The places named here are the XDG ones; macOS and Windows have theirs (see
// `tallyroom::places`), which this machine cannot run.
#[cfg(target_os = "linux")]
#[test]
fn settings_and_backups_go_to_the_users_places_and_nothing_to_the_working_folder() {
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/lancashire-2025.csv");
    let night = files.path().join("night.tally");
    let night_arg = night.to_str().unwrap();
    as_new_user(
        home.path(),
        cwd.path(),
        &[
            "new",
            "--from",
            sample.to_str().unwrap(),
            "--out",
            night_arg,
        ],
    );
    let listed = as_new_user(home.path(), cwd.path(), &["backup", night_arg]);
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();

    // Settings: the new file offered among the window's recent files.
    let settings = home.path().join(".config/tallyroom/settings.json");
    let text = std::fs::read_to_string(&settings)
        .unwrap_or_else(|e| panic!("no settings at {}: {e}", settings.display()));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["recent"][0].as_str(), Some(night_arg), "{text}");

    // Backups: in the data folder, in a folder of the file's own.
    let backups_root = home.path().join(".local/share/tallyroom/backups");
    let backups = files_under(&backups_root);
    // A new file gets none (it can be made again); `backup` made one.
    assert_eq!(backups.len(), 1, "{backups:?}");
    for copy in &backups {
        let folder = copy
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy();
        assert!(folder.starts_with("night.tally-"), "{}", copy.display());
        assert!(
            listed.contains(&copy.display().to_string()),
            "`tallyroom backup` lists {}:\n{listed}",
            copy.display()
        );
    }

    // The file lost: its backups are still listed, to restore one.
    std::fs::remove_file(&night).unwrap();
    let lost = as_new_user(home.path(), cwd.path(), &["backup", night_arg]);
    let lost = String::from_utf8_lossy(&lost.stdout).into_owned();
    assert!(lost.contains("is not there"), "{lost}");
    assert!(lost.contains(&backups[0].display().to_string()), "{lost}");
    let restored = files.path().join("restored.tally");
    as_new_user(
        home.path(),
        cwd.path(),
        &[
            "restore",
            backups[0].to_str().unwrap(),
            "--out",
            restored.to_str().unwrap(),
        ],
    );

    // Nothing in the working folder; beside the file, only the file restored.
    assert_eq!(files_under(cwd.path()), Vec::<PathBuf>::new());
    let beside: Vec<PathBuf> = files_under(files.path())
        .into_iter()
        .filter(|p| {
            !p.to_string_lossy().ends_with("-wal") && !p.to_string_lossy().ends_with("-shm")
        })
        .collect();
    assert_eq!(beside, vec![restored.clone()]);

    // Everything the app wrote is under the home folder's standard places.
    for written in files_under(home.path()) {
        let relative = written.strip_prefix(home.path()).unwrap();
        assert!(
            relative.starts_with(".config/tallyroom")
                || relative.starts_with(".local/share/tallyroom")
                || relative.starts_with(".local/state/tallyroom"),
            "{} is outside the platform's places",
            relative.display()
        );
    }
}

#[test]
fn tallyroom_home_keeps_everything_under_one_folder() {
    let portable = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/lancashire-2025.csv");
    let night = files.path().join("night.tally");
    let night_arg = night.to_str().unwrap();
    let root = Some(portable.path());
    run_with(
        home.path(),
        files.path(),
        root,
        &[
            "new",
            "--from",
            sample.to_str().unwrap(),
            "--out",
            night_arg,
        ],
    );
    run_with(home.path(), files.path(), root, &["backup", night_arg]);
    let written = files_under(portable.path());
    assert!(
        written.contains(&portable.path().join("config/settings.json")),
        "{written:?}"
    );
    assert!(
        written
            .iter()
            .any(|p| p.starts_with(portable.path().join("data/backups"))),
        "{written:?}"
    );
    assert_eq!(
        files_under(home.path()),
        Vec::<PathBuf>::new(),
        "nothing in the home folder"
    );
}
