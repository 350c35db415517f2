//! Writing the site into its folder: each file whole or not at all (written beside
//! itself, then renamed over the old one, so that a reader never sees half a page),
//! and only the files whose content changed, so that a declaration rewrites its
//! division's page, its council's, the night's and the feed, and nothing else.

use std::path::{Path, PathBuf};

use super::SiteFile;

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    /// Files written (new or changed), by their path in the site.
    pub changed: Vec<String>,
    /// Files left as they were.
    pub unchanged: usize,
}

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
}
