//! What can go wrong with an election file, in words a volunteer can act on.

use std::path::Path;

use crate::store::refusal::{Advice, Plain, Refusal};
use crate::store::schema;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    CannotOpen {
        file: String,
        detail: String,
    },
    NotElectionFile {
        file: String,
        detail: String,
    },
    NewerVersion {
        file: String,
        version: u32,
    },
    Damaged {
        file: String,
        detail: String,
    },
    Busy {
        file: String,
    },
    Exists {
        file: String,
    },
    /// The change was refused; the file is as it was.
    Refused(Refusal),
    /// The disk the file is on is full: nothing was saved.
    DiskFull {
        file: String,
        /// Bytes free on that disk, where the system says.
        free: Option<u64>,
        /// The file's size now.
        size: Option<u64>,
    },
    Database {
        file: String,
        detail: String,
    },
}

impl StoreError {
    pub(crate) fn cannot_open(file: &str, e: &std::io::Error) -> Self {
        StoreError::CannotOpen {
            file: file.to_string(),
            detail: e.to_string(),
        }
    }

    pub(crate) fn database(path: &Path, e: &rusqlite::Error) -> Self {
        let file = path.display().to_string();
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy { file }
            }
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                StoreError::Damaged {
                    file,
                    detail: e.to_string(),
                }
            }
            // SQLite says a full disk as a failed write where it was growing its shared
            // index, not only as "full": a failed write with (next to) no room left is
            // a full disk.
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull {
                file,
                free: free_space(path),
                size: std::fs::metadata(path).ok().map(|m| m.len()),
            },
            Some(rusqlite::ErrorCode::SystemIoFailure)
                if free_space(path).is_some_and(|free| free < NEXT_TO_NO_ROOM) =>
            {
                StoreError::DiskFull {
                    file,
                    free: free_space(path),
                    size: std::fs::metadata(path).ok().map(|m| m.len()),
                }
            }
            _ => StoreError::Database {
                file,
                detail: in_words(e),
            },
        }
    }
}

/// Less room than a save of a big night writes (its pages and journal): a failed write
/// with less than this free is taken as a full disk.
const NEXT_TO_NO_ROOM: u64 = 1 << 20;

/// Bytes free (to an ordinary user) on the disk a file is on.
#[cfg(unix)]
fn free_space(file: &Path) -> Option<u64> {
    let folder = file.parent().filter(|p| !p.as_os_str().is_empty())?;
    let stat = rustix::fs::statvfs(folder).ok()?;
    stat.f_bavail.checked_mul(stat.f_frsize)
}

/// Windows has no statvfs, and asking it (GetDiskFreeSpaceEx) needs unsafe code, which
/// the crate forbids: the message then says the disk is full without the figure.
#[cfg(not(unix))]
fn free_space(_file: &Path) -> Option<u64> {
    None
}

/// A size as people say it: "340 KB", "12.5 MB".
fn size_in_words(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB * KB {
        format!("{:.0} KB", (b / KB).ceil())
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / KB / KB)
    } else {
        format!("{:.1} GB", b / KB / KB / KB)
    }
}

/// A database error as what happened, in words: a full disk, a read-only place, a
/// failed write; anything else as the database says it.
pub fn in_words(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => {
            "the disk is full: free some space (or save to another disk) and try again".to_string()
        }
        Some(rusqlite::ErrorCode::ReadOnly) => {
            "the file or its folder is read-only: copy it somewhere you can write to".to_string()
        }
        Some(rusqlite::ErrorCode::SystemIoFailure) => {
            "the disk could not be read or written (removed, full or failing)".to_string()
        }
        Some(rusqlite::ErrorCode::CannotOpen) => {
            "the file cannot be opened there (check the folder exists and can be written)"
                .to_string()
        }
        _ => e.to_string(),
    }
}

impl StoreError {
    /// The error in words, with the advice of the interface in front of the reader.
    pub fn in_words(&self, advice: &dyn Advice) -> String {
        match self {
            StoreError::CannotOpen { file, detail } => {
                format!("{file} cannot be opened ({detail}); check the path and permissions")
            }
            StoreError::NotElectionFile { file, detail } => format!(
                "{file} is not a tallyroom election file ({detail}); it was left untouched. Open a .tally file, or create one with {}",
                advice.create_file()
            ),
            StoreError::NewerVersion { file, version } => format!(
                "{file} was written by a newer tallyroom (file version {version}, this one reads up to {}); it was left untouched. Open it with the newer version",
                schema::SCHEMA_VERSION
            ),
            StoreError::Damaged { file, detail } => format!(
                "{file} is damaged ({detail}); it was left untouched. Restore the latest backup{}",
                advice.restore_backup()
            ),
            StoreError::Busy { file } => format!(
                "{file} is in use by another copy of tallyroom that is writing to it; nothing was saved. Try again in a moment"
            ),
            StoreError::Exists { file } => {
                format!("{file} already exists; choose another name, nothing was overwritten")
            }
            StoreError::Refused(refusal) => {
                format!("{}; nothing was saved", refusal.in_words(advice))
            }
            StoreError::DiskFull { file, free, size } => {
                let free =
                    free.map_or_else(String::new, |b| format!(" ({} free)", size_in_words(b)));
                let room = size.map_or_else(String::new, |b| {
                    format!(
                        "; the file is {}, and each save needs room for it to grow",
                        size_in_words(b)
                    )
                });
                format!(
                    "{file}: the disk is full{free}, so nothing was saved{room}. Free some space on that disk, or save a copy to another one{}, and try again",
                    advice.save_copy()
                )
            }
            StoreError::Database { file, detail } => format!("{file}: database error ({detail})"),
        }
    }
}

/// In no interface's words (logs, tests); each interface words its own advice with
/// [`StoreError::in_words`].
impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_words(&Plain))
    }
}

impl std::error::Error for StoreError {}
