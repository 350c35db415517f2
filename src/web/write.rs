//! Writing the site into its folder: each file whole or not at all (written beside
//! itself, then renamed over the old one, so that a reader never sees half a page),
//! and only the files whose content changed, so that a declaration rewrites its
//! division's page, its council's, the night's and the feed, and nothing else.
//! A list of the files the site wrote is kept beside them (`.tallyroom-site`), so
//! that a page the night no longer has (a division renamed in a corrected release) is
//! taken away rather than left showing old figures; no other file is ever touched.

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
}

/// The list of the files the site wrote, in its folder.
const WRITTEN_LIST: &str = ".tallyroom-site";

/// Writes `files` into `folder` (made if need be), each only if it differs from what
/// is there.
pub fn write_site(folder: &Path, files: &[SiteFile]) -> Result<Written, String> {
    let mut written = Written::default();
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
    let list = folder.join(WRITTEN_LIST);
    let before = std::fs::read_to_string(&list).unwrap_or_default();
    let now: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for old in before.lines().filter(|p| !now.contains(p)) {
        // Only a name the site could have written, inside the folder.
        let Ok(target) = inside(folder, old) else {
            continue;
        };
        match std::fs::remove_file(&target) {
            Ok(()) => written.removed.push(old.to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(format!(
                    "cannot take away {}, which the results no longer have: {e}; delete it by hand",
                    target.display()
                ));
            }
        }
    }
    let mut names: Vec<&str> = now.into_iter().collect();
    names.sort_unstable();
    let text = names.join("\n") + "\n";
    if before != text {
        crate::formats::write_whole(&list, text.as_bytes())?;
    }
    Ok(written)
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
        std::fs::write(folder.join(WRITTEN_LIST), "../outside.html\nindex.html\n").unwrap();
        let outside = folder.parent().unwrap().join("outside.html");
        let existed = outside.exists();
        write_site(&folder, &second).unwrap();
        assert_eq!(outside.exists(), existed);
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
