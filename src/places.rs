//! Where the app keeps what is its own rather than the user's: settings and recent
//! files, backups of election files, rehearsal nights and the log, each in the place
//! the platform has for it (never the working directory, which is wherever a
//! terminal happened to be).
//!
//! | | Linux (XDG) | macOS | Windows |
//! |---|---|---|---|
//! | settings | `~/.config/tallyroom` | `~/Library/Application Support/tallyroom` | `%APPDATA%\tallyroom\config` |
//! | backups, rehearsals, window layout | `~/.local/share/tallyroom` | `~/Library/Application Support/tallyroom` | `%LOCALAPPDATA%\tallyroom\data` |
//! | log | `~/.local/state/tallyroom` | `~/Library/Application Support/tallyroom/logs` | `%LOCALAPPDATA%\tallyroom\data\logs` |
//!
//! `TALLYROOM_HOME` puts all of them under one folder instead: a portable copy run
//! from a USB stick keeps its settings and backups on the stick.

use std::path::{Path, PathBuf};
use std::sync::{OnceLock, PoisonError, RwLock};

/// The environment variable that puts every place under one folder.
pub const HOME_VARIABLE: &str = "TALLYROOM_HOME";

/// The folders of this user's settings, data and log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    /// `settings.json`: the last file, recent files, the volunteer's name, text size.
    pub config: PathBuf,
    /// `backups/`, `rehearsals/`.
    pub data: PathBuf,
    /// `tallyroom.log`: what went wrong, for whoever looks after the laptop.
    pub logs: PathBuf,
}

/// Places set for the rest of the process (see [`Places::keep_all_under`]).
static SET_FOR_PROCESS: RwLock<Option<Places>> = RwLock::new(None);

impl Places {
    /// This user's places: those set for the process, else `TALLYROOM_HOME`'s, else
    /// the platform's (worked out once).
    pub fn current() -> Places {
        if let Some(set) = SET_FOR_PROCESS
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            return set.clone();
        }
        static OF_THIS_USER: OnceLock<Places> = OnceLock::new();
        OF_THIS_USER
            .get_or_init(|| {
                // Made absolute once, so that a relative one means the folder it was
                // given from, wherever the app goes later.
                let portable = std::env::var_os(HOME_VARIABLE)
                    .filter(|p| !p.is_empty())
                    .and_then(|p| std::path::absolute(p).ok());
                match portable {
                    Some(root) => Places::under(&root),
                    None => Places::of_this_user(),
                }
            })
            .clone()
    }

    /// Puts every place under `root` for the rest of this process, whatever the
    /// environment says: a program or a test using the store keeps its backups and
    /// settings apart from the user's.
    pub fn keep_all_under(root: &Path) {
        *SET_FOR_PROCESS
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Some(Places::under(root));
    }

    /// Every place under one folder.
    pub fn under(root: &Path) -> Places {
        Places {
            config: root.join("config"),
            data: root.join("data"),
            logs: root.join("logs"),
        }
    }

    /// The platform's places for this user.
    fn of_this_user() -> Places {
        match directories::ProjectDirs::from("", "", "tallyroom") {
            Some(dirs) => Places {
                config: dirs.config_dir().to_path_buf(),
                // The machine's own data, not the roaming profile (on Windows): backups
                // of a big night are hundreds of megabytes, and belong to this laptop.
                data: dirs.data_local_dir().to_path_buf(),
                // Only Linux has a place for state; elsewhere the log sits with the
                // machine's own (not roaming) data.
                logs: dirs
                    .state_dir()
                    .map_or_else(|| dirs.data_local_dir().join("logs"), Path::to_path_buf),
            },
            // No home folder at all (a service account, a stripped container): a
            // folder of this user's in the system's temporary folder, which every
            // platform has, rather than the working directory.
            None => {
                let user = std::env::var("USER")
                    .or_else(|_| std::env::var("USERNAME"))
                    .unwrap_or_default();
                Places::under(&std::env::temp_dir().join(format!("tallyroom-{user}")))
            }
        }
    }

    /// The settings file.
    pub fn settings_file(&self) -> PathBuf {
        self.config.join("settings.json")
    }

    /// The folder under which each election file's backups have a folder of their own.
    pub fn backups(&self) -> PathBuf {
        self.data.join("backups")
    }

    /// Where the window's "Rehearse" puts the nights it makes.
    pub fn rehearsals(&self) -> PathBuf {
        self.data.join("rehearsals")
    }

    /// The log file.
    pub fn log_file(&self) -> PathBuf {
        self.logs.join("tallyroom.log")
    }
}

/// Adds a line to the log, with the time and the version; a log that cannot be
/// written is let go (it is the last resort, not the record).
pub fn log(line: &str) {
    use std::io::Write;
    let file = Places::current().log_file();
    if let Some(folder) = file.parent() {
        let _ = std::fs::create_dir_all(folder);
    }
    let Ok(mut out) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)
    else {
        return;
    };
    let _ = writeln!(
        out,
        "{} tallyroom {}: {line}",
        jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        crate::version::LONG
    );
}

/// Logs a panic (what and where) before the usual message, so that a crash at 3 a.m.
/// leaves a trace for whoever looks after the laptop the next day.
pub fn log_panics() {
    let usual = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        log(&format!("panic: {info}"));
        usual(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_portable_root_holds_every_place_apart() {
        let places = Places::under(Path::new("/media/stick/tallyroom"));
        assert_eq!(
            places.settings_file(),
            Path::new("/media/stick/tallyroom/config/settings.json")
        );
        assert_eq!(
            places.backups(),
            Path::new("/media/stick/tallyroom/data/backups")
        );
        assert_eq!(
            places.log_file(),
            Path::new("/media/stick/tallyroom/logs/tallyroom.log")
        );
    }
}
