//! Files the app reads and writes (`formats.md`). Every reader follows the same rules:
//! UTF-8 with or without a byte-order mark, CRLF or LF, quoted fields, header names in
//! any case, unknown columns ignored; a bad file gives one [`FileError`] saying where
//! and what, and nothing of it is loaded.

pub mod areas;
pub mod csv_table;
pub mod export;
pub mod native;

use std::fmt;
use std::path::Path;

/// What is wrong with a file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub file: String,
    pub line: Option<u64>,
    /// 1-based column number and the column's name.
    pub column: Option<(usize, String)>,
    pub problem: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl FileError {
    pub fn new(file: &str, problem: impl Into<String>) -> Self {
        FileError {
            file: file.to_string(),
            line: None,
            column: None,
            problem: problem.into(),
            hint: None,
        }
    }

    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at_column(mut self, number: usize, name: &str) -> Self {
        self.column = Some((number, name.to_string()));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some((number, name)) = &self.column {
            write!(f, ", column {number} ({name})")?;
        }
        write!(f, ": {}", self.problem)?;
        if let Some(hint) = &self.hint {
            write!(f, ". {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FileError {}

/// Reads a whole file, with the error naming the file.
pub fn read_file(path: &Path) -> Result<Vec<u8>, FileError> {
    std::fs::read(path).map_err(|e| {
        FileError::new(&path.display().to_string(), format!("cannot be read ({e})"))
            .hint("Check the path and that the file is readable")
    })
}

/// The name a file is called by in messages and the election it becomes.
pub fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// An election's default name: the file name without its extension.
pub fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Writes beside the target and renames over it, so that a failure never leaves half
/// a file where a whole one is expected.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let fail = |e: std::io::Error| format!("cannot write {} ({e})", path.display());
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.partial"));
    let mut f = std::fs::File::create(&temp).map_err(fail)?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(fail)?;
    std::fs::rename(&temp, path).map_err(fail)
}
