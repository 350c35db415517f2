//! Writing the site into its folder: each file whole or not at all (written beside
//! itself, then renamed over the old one, so that a reader never sees half a page),
//! and only the files whose content changed, so that a declaration rewrites its
//! division's page, its council's, the night's and the feed, and nothing else.
//! A list of the files the site wrote is kept beside them (`.tallyroom-site`), so
//! that a page the night no longer has (a division renamed in a corrected release) is
//! taken away rather than left showing old figures; no other file is ever touched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::SiteFile;

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    /// Files written (new or changed), by their path in the site.
    pub changed: Vec<String>,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files an earlier write made that the site no longer has, taken away.
    pub removed: Vec<String>,
    /// Files the site no longer has that could not be taken away, with why: still
    /// listed, so that the next write tries again. The pages themselves were written.
    pub not_removed: Vec<(String, String)>,
}

/// The list of the files the site wrote, in its folder.
const WRITTEN_LIST: &str = ".tallyroom-site";

/// Writes `files` into `folder` (made if need be), each only if it differs from what
/// is there, and takes away the files an earlier write made that `files` no longer
/// has.
pub fn write_site(folder: &Path, files: &[SiteFile]) -> Result<Written, String> {
    let mut written = Written::default();
    std::fs::create_dir_all(folder).map_err(|e| {
        format!(
            "cannot make the folder {}: {e}; check that it can be written",
            folder.display()
        )
    })?;
    let list = folder.join(WRITTEN_LIST);
    let before: BTreeSet<String> = std::fs::read_to_string(&list)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    let now: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    // Listed before any is written: a write that stops half-way (a full disk) still
    // has every file it made on the list.
    let both: BTreeSet<String> = before.union(&now).cloned().collect();
    write_list(&list, &before, &both)?;
    for file in files {
        let target = inside(folder, &file.path)?;
        if std::fs::read(&target).is_ok_and(|old| old == file.bytes) {
            written.unchanged += 1;
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                format!(
                    "cannot make the folder {}: {e}; check that it can be written",
                    parent.display()
                )
            })?;
        }
        crate::formats::write_whole(&target, &file.bytes)?;
        written.changed.push(file.path.clone());
    }
    let mut kept = now;
    let gone: Vec<String> = before.difference(&kept).cloned().collect();
    for old in &gone {
        // Only a name the site could have written, inside the folder.
        let Ok(target) = inside(folder, old) else {
            continue;
        };
        match std::fs::remove_file(&target) {
            Ok(()) => written.removed.push(old.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                written.not_removed.push((old.clone(), e.to_string()));
                kept.insert(old.clone());
            }
        }
    }
    write_list(&list, &both, &kept)?;
    Ok(written)
}

/// Writes the list of the site's files as `now`, unless it already is `was`.
fn write_list(list: &Path, was: &BTreeSet<String>, now: &BTreeSet<String>) -> Result<(), String> {
    if was == now {
        return Ok(());
    }
    let text: String = now.iter().map(|p| format!("{p}\n")).collect();
    crate::formats::write_whole(list, text.as_bytes())
}

/// The file's place in `folder`: its path is the site's own (letters, digits, `-`, `.`
/// and `/`), never one that leaves the folder.
fn inside(folder: &Path, path: &str) -> Result<PathBuf, String> {
    let fine = !path.is_empty()
        && path.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
        });
    if fine {
        Ok(folder.join(path))
    } else {
        Err(format!(
            "the site has a file with an unusable name: {path:?}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_that_leaves_the_folder_is_refused() {
        let folder = Path::new("/tmp/site");
        assert!(inside(folder, "division/a.html").is_ok());
        for bad in ["../x.html", "a/../../b", "/etc/passwd", "a//b", ""] {
            assert!(inside(folder, bad).is_err(), "{bad}");
        }
    }

    fn file(path: &str, text: &str) -> SiteFile {
        SiteFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_page_the_site_no_longer_has_is_taken_away_and_nothing_else() {
        let folder = std::env::temp_dir().join(format!("tallyroom-stale-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("theirs.html"), "a council's own page").unwrap();
        let first = [file("index.html", "1"), file("division/old-name.html", "a")];
        let written = write_site(&folder, &first).unwrap();
        assert_eq!(written.changed.len(), 2);
        let second = [file("index.html", "1"), file("division/new-name.html", "a")];
        let written = write_site(&folder, &second).unwrap();
        assert_eq!(written.removed, vec!["division/old-name.html".to_string()]);
        assert_eq!(written.changed, vec!["division/new-name.html".to_string()]);
        assert!(!folder.join("division/old-name.html").exists());
        assert!(folder.join("theirs.html").exists(), "not the site's: kept");
        // A list naming a path outside the folder is not followed.
        let name = format!("tallyroom-outside-{}.html", std::process::id());
        let outside = folder.parent().unwrap().join(&name);
        std::fs::write(&outside, "not the site's").unwrap();
        std::fs::write(
            folder.join(WRITTEN_LIST),
            format!("../{name}\nindex.html\n"),
        )
        .unwrap();
        write_site(&folder, &second).unwrap();
        assert!(outside.exists(), "outside the folder: never touched");
        // A file that cannot be taken away (here a folder in its place) is said, the
        // pages are written all the same, and it stays listed to be tried again.
        let third = [file("index.html", "2")];
        std::fs::remove_file(folder.join("division/new-name.html")).unwrap();
        std::fs::create_dir_all(folder.join("division/new-name.html")).unwrap();
        let written = write_site(&folder, &third).unwrap();
        assert_eq!(written.changed, vec!["index.html".to_string()]);
        assert_eq!(written.not_removed.len(), 1);
        assert_eq!(written.not_removed[0].0, "division/new-name.html");
        let list = std::fs::read_to_string(folder.join(WRITTEN_LIST)).unwrap();
        assert!(list.contains("division/new-name.html"), "{list}");
        std::fs::remove_file(&outside).unwrap();
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
