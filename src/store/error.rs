//! What can go wrong with an election file, in words a volunteer can act on.

use std::path::Path;

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
    Refused(String),
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

    pub(crate) fn database(file: &Path, e: &rusqlite::Error) -> Self {
        let file = file.display().to_string();
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
            _ => StoreError::Database {
                file,
                detail: in_words(e),
            },
        }
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

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::CannotOpen { file, detail } => {
                write!(
                    f,
                    "{file} cannot be opened ({detail}); check the path and permissions"
                )
            }
            StoreError::NotElectionFile { file, detail } => write!(
                f,
                "{file} is not a tallyroom election file ({detail}); it was left untouched. Open a .tally file, or create one with `tallyroom new`"
            ),
            StoreError::NewerVersion { file, version } => write!(
                f,
                "{file} was written by a newer tallyroom (file version {version}, this one reads up to {}); it was left untouched. Open it with the newer version",
                schema::SCHEMA_VERSION
            ),
            StoreError::Damaged { file, detail } => write!(
                f,
                "{file} is damaged ({detail}); it was left untouched. Restore the latest backup with `tallyroom restore`"
            ),
            StoreError::Busy { file } => write!(
                f,
                "{file} is in use by another copy of tallyroom that is writing to it; nothing was saved. Try again in a moment"
            ),
            StoreError::Exists { file } => {
                write!(
                    f,
                    "{file} already exists; choose another name, nothing was overwritten"
                )
            }
            StoreError::Refused(reason) => write!(f, "{reason}; nothing was saved"),
            StoreError::Database { file, detail } => write!(f, "{file}: database error ({detail})"),
        }
    }
}

impl std::error::Error for StoreError {}
