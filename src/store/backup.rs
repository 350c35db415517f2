//! Rotating backups of an election file, kept in the user's data folder (see
//! [`crate::places`]) in a folder of their own per file, and restoring one.
//!
//! Not beside the file: a night kept on a stick that fails takes copies beside it
//! with it, and a file made from a terminal would scatter backups in whatever folder
//! that was. Backups that earlier versions made beside the file
//! (`NAME.tally.backups/`) are still listed and restored.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::Connection;

use crate::store::{StoreError, schema};

/// A copy at most this often while results are being entered (and one on close).
pub const INTERVAL: Duration = Duration::from_secs(5 * 60);

/// How many copies are kept; older ones are removed.
pub const KEEP: usize = 12;

/// A path beside `path` with a suffix added to its file name.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// The folder holding the backups of an election file: `backups/NAME-HASH` in the
/// user's data folder, the hash of the file's full path telling apart two files of
/// one name in different folders.
pub fn folder(path: &Path) -> PathBuf {
    use sha2::{Digest, Sha256};
    // The full path as the file system resolves it, so that `night.tally`,
    // `./night.tally` and a link to it share their backups; for a file that is not
    // there (lost, or not made yet), its folder resolved and its name joined on.
    let resolved_folder = || {
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
        let folder = std::fs::canonicalize(folder.unwrap_or(Path::new(".")))?;
        Ok::<_, std::io::Error>(folder.join(path.file_name().unwrap_or_default()))
    };
    let full = std::fs::canonicalize(path)
        .or_else(|_| resolved_folder())
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let hash = Sha256::digest(full.to_string_lossy().as_bytes());
    let short: String = hash.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    crate::places::Places::current()
        .backups()
        .join(format!("{name}-{short}"))
}

/// Where versions before 0.2 kept a file's backups: beside it.
fn folder_beside(path: &Path) -> PathBuf {
    sibling(path, ".backups")
}

/// The backups of an election file, oldest first (with any an earlier version made
/// beside the file).
pub fn list(path: &Path) -> Vec<PathBuf> {
    let mut copies: Vec<PathBuf> = [folder(path), folder_beside(path)]
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "tally"))
        .collect();
    // Names carry the time, so name order is time order.
    copies.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    copies
}

/// Whether the newest backup is older than [`INTERVAL`] (or there is none).
pub fn due(path: &Path) -> bool {
    let newest = list(path)
        .last()
        .and_then(|p| std::fs::metadata(p).ok())
        .and_then(|m| m.modified().ok());
    match newest {
        None => true,
        Some(time) => SystemTime::now()
            .duration_since(time)
            .map_or(true, |age| age >= INTERVAL),
    }
}

/// Writes a consistent copy of the open file into the backups folder and removes
/// the oldest copies beyond [`KEEP`].
pub fn make(conn: &Connection, path: &Path) -> Result<PathBuf, String> {
    let dir = folder(path);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let stamp = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%S%.3fZ")
        .to_string();
    let target = dir.join(format!("{stem}-{stamp}.tally"));
    copy_to(conn, &target)?;
    // Only this folder's: copies an earlier version left beside the file are the
    // user's to remove.
    let mut copies: Vec<PathBuf> = list(path)
        .into_iter()
        .filter(|copy| copy.parent() == Some(dir.as_path()))
        .collect();
    copies.sort();
    for old in copies.iter().take(copies.len().saturating_sub(KEEP)) {
        // An old copy left behind is only disk space; the new one is made.
        let _ = std::fs::remove_file(old);
    }
    Ok(target)
}

/// Writes a consistent single-file copy of the open file to `target` (replacing
/// it): the whole night, whatever the write-ahead log beside the file holds, even
/// while others write. A copy that fails leaves nothing half-written behind.
pub fn copy_to(conn: &Connection, target: &Path) -> Result<(), String> {
    let temp = sibling(target, ".partial");
    // A leftover of a copy that was cut off; none is the usual case.
    let _ = std::fs::remove_file(&temp);
    let temp_text = temp.to_str().ok_or("the path is not valid text")?;
    // VACUUM INTO writes a complete, consistent copy even while others write.
    let made = conn
        .execute("VACUUM INTO ?1", [temp_text])
        .map_err(|e| crate::store::error::in_words(&e))
        .and_then(|_| std::fs::rename(&temp, target).map_err(|e| e.to_string()));
    if made.is_err() {
        // Tidying after a failure already reported: the half-made copy is no one's.
        let _ = std::fs::remove_file(&temp);
    }
    made
}

/// The newest backup whose night's record holds link by link, if any.
pub fn newest_sound(path: &Path) -> Option<PathBuf> {
    list(path).into_iter().rev().find(|copy| {
        Connection::open_with_flags(copy, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .ok()
            .and_then(|conn| crate::store::chain::check(&conn).ok())
            .is_some_and(|checked| checked.broken.is_none())
    })
}

/// Like [`make`], from a connection of its own, so that it can run on another thread
/// while the app goes on writing.
pub fn make_from_path(path: &Path) -> Result<PathBuf, String> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|e| e.to_string())?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| e.to_string())?;
    make(&conn, path)
}

/// Restores a backup as `out`. The backup must be a sound election file. An existing
/// `out` is only replaced with `replace`, and is then first moved aside, never lost.
/// Returns where the replaced file went, if any.
pub fn restore(backup: &Path, out: &Path, replace: bool) -> Result<Option<PathBuf>, StoreError> {
    schema::inspect(backup)?;
    let conn = Connection::open_with_flags(backup, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| StoreError::database(backup, &e))?;
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| StoreError::database(backup, &e))?;
    drop(conn);
    if check != "ok" {
        return Err(StoreError::Damaged {
            file: backup.display().to_string(),
            detail: check,
        });
    }
    let mut moved = None;
    if out.exists() {
        if !replace {
            return Err(StoreError::Exists {
                file: out.display().to_string(),
            });
        }
        let stamp = jiff::Timestamp::now()
            .strftime("%Y%m%dT%H%M%SZ")
            .to_string();
        let aside = sibling(out, &format!(".before-restore-{stamp}"));
        let io = |e: std::io::Error| StoreError::cannot_open(&out.display().to_string(), &e);
        std::fs::rename(out, &aside).map_err(io)?;
        for suffix in ["-wal", "-shm"] {
            // The log files beside it may not exist (a folded log): then there is nothing
            // to move.
            let _ = std::fs::rename(sibling(out, suffix), sibling(&aside, suffix));
        }
        moved = Some(aside);
    }
    let temp = sibling(out, ".restoring");
    let io = |e: std::io::Error| StoreError::cannot_open(&out.display().to_string(), &e);
    std::fs::copy(backup, &temp).map_err(io)?;
    std::fs::File::open(&temp)
        .and_then(|f| f.sync_all())
        .map_err(io)?;
    std::fs::rename(&temp, out).map_err(io)?;
    Ok(moved)
}
