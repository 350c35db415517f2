//! Files the app reads and writes (`docs/formats.md`). Every reader follows the same rules:
//! UTF-8 with or without a byte-order mark, CRLF or LF, quoted fields, header names in
//! any case, unknown columns ignored; a bad file gives one [`FileError`] saying where
//! and what, and nothing of it is loaded.

pub mod areas;
pub mod boundaries;
pub mod colours_file;
pub mod commons_library;
pub mod composition;
pub mod constituency_totals;
pub mod councils_table;
pub mod csv_out;
pub mod csv_table;
pub mod democracy_club;
pub mod export;
pub mod leap;
pub mod local_handbook;
pub mod manifest;
pub mod native;
pub mod party_groups;
mod self_checks;
pub mod workbook;

use csv_table::MISSING_COLUMNS;
use self_checks::{councils_elected_in_part, refuse_stray_rows, seats_beyond_candidates};
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

    /// A problem in one cell: `column` counted from 0 and named by `headers`, the
    /// header as the file writes it.
    pub fn in_cell(
        file: &str,
        line: u64,
        column: usize,
        headers: &[String],
        problem: impl Into<String>,
    ) -> Self {
        FileError::new(file, problem)
            .at_line(line)
            .at_column(column + 1, &headers[column])
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

/// Whether a character cannot be seen for what it is, and so is shown as an escape
/// wherever text from a file reaches a person: control characters (an ESC in a
/// candidate's name retitles or clears a terminal), zero-width characters, and the
/// marks that turn text right to left (a name could reverse the figures after it).
pub fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}' | '\u{061c}')
}

/// Text from a file as a message shows it: letters of any alphabet as they are
/// ("Vácancies"), and only what cannot be seen ([`invisible`]) as an escape (`\u{1f}`).
pub fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            if invisible(c) {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// An electorate a file gives, read as a count (none where blank), or what is wrong
/// with it in words: one above 1,000,000,000 is said to be too large, not "not a whole
/// number".
pub(crate) fn electorate(text: &str) -> Result<Option<u64>, String> {
    use crate::tally::checks::{CountProblem, parse_count};
    parse_count(text).map_err(|problem| match problem {
        CountProblem::TooLarge => format!(
            "the electorate \"{text}\" is too large to be a real count (above 1,000,000,000)"
        ),
        CountProblem::Negative => format!("the electorate \"{text}\" is negative"),
        CountProblem::NotWholeNumber => {
            format!("the electorate \"{text}\" is not a whole number")
        }
    })
}

/// A note naming what a reader saw, where it saw any: "FILE: 3 WHAT: a, b, c", with
/// `what` as [one, several] ("ward marks", "wards mark").
pub(crate) fn note_of(file: &str, what: [&str; 2], list: &[String]) -> Option<String> {
    let what = if list.len() == 1 { what[0] } else { what[1] };
    (!list.is_empty()).then(|| format!("{file}: {} {what}: {}", list.len(), list.join(", ")))
}

/// Reads a whole file, with the error naming the file.
pub fn read_file(path: &Path) -> Result<Vec<u8>, FileError> {
    std::fs::read(path).map_err(|e| cannot_read(path, &e))
}

fn cannot_read(path: &Path, e: &std::io::Error) -> FileError {
    FileError::new(&path.display().to_string(), format!("cannot be read ({e})"))
        .hint("Check the path and that the file is readable")
}

/// A file's bytes, read whole: a big one into memory of its own, given back to the
/// system as soon as it is dropped.
pub enum FileBytes {
    Small(Vec<u8>),
    Big(memmap2::MmapMut),
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Small(bytes) => bytes,
            FileBytes::Big(bytes) => bytes,
        }
    }
}

/// Reads a results file whole. One of 8 MB or more is read into memory mapped for it
/// alone rather than taken from the allocator: freed, the allocator kept a big
/// file's pages (78 MB of a national night's 200,000 divisions) for a while, through
/// the building of the election from it, where a summary's memory peaks.
pub fn read_results_file(path: &Path) -> Result<FileBytes, FileError> {
    let cannot = |e: std::io::Error| cannot_read(path, &e);
    let file = std::fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    let Some(size) = usize::try_from(size)
        .ok()
        .filter(|&s| s >= csv_table::IN_HALVES_FROM)
    else {
        return read_file(path).map(FileBytes::Small);
    };
    let mut bytes = memmap2::MmapMut::map_anon(size).map_err(cannot)?;
    // Its halves are read at once, on two cores, each at its place in the one file
    // opened (a second opening by name could find another file put in its place): the
    // copy from the system's cache, and the clearing of the fresh pages it goes into,
    // are most of the time of reading.
    let (first, second) = bytes.split_at_mut(size / 2);
    let both_read = std::thread::scope(|scope| {
        let later = scope.spawn(|| read_exact_at(&file, second, (size / 2) as u64));
        let first_read = read_exact_at(&file, first, 0).is_ok();
        let second_read = later.join().is_ok_and(|read| read.is_ok());
        first_read && second_read
    });
    let whole = both_read && read_at(&file, &mut [0], size as u64).ok() == Some(0);
    if whole {
        Ok(FileBytes::Big(bytes))
    } else {
        // It changed size while it was read: read again, as it is now.
        drop(bytes);
        read_file(path).map(FileBytes::Small)
    }
}

/// Reads from `offset` on into `buf`, without moving the file's own position (so
/// that two cores can read one file at once).
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_at(file, buf, offset)
    }
    #[cfg(windows)]
    {
        std::os::windows::fs::FileExt::seek_read(file, buf, offset)
    }
}

/// Fills `buf` from `offset` on, as [`read_at`] reads.
fn read_exact_at(file: &std::fs::File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match read_at(file, buf, offset) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// A Local Elections Handbook's party-names sheet saved beside its candidate sheet
/// (a CSV in the same folder whose name has "party-names" or "party names" in it):
/// the key to the abbreviations the candidate sheet uses. Only where there is exactly
/// one such file, never a guess between two.
pub fn party_names_beside(path: &Path) -> Option<std::path::PathBuf> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let found: Vec<std::path::PathBuf> = std::fs::read_dir(folder)
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            let name = display_name(p).to_lowercase();
            name.ends_with(".csv") && (name.contains("party-names") || name.contains("party names"))
        })
        .collect();
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
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

/// The results files the app reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The app's own results CSV.
    Native,
    /// Democracy Club's candidates / results CSV.
    DemocracyClub,
    /// The House of Commons Library's results by candidate.
    CommonsLibrary,
    /// The Commons Library's Local Elections Handbook, results by candidate: many
    /// councils in one file.
    LocalHandbook,
    /// The Local Elections Archive Project's files: no header, eight columns.
    Leap,
}

impl Format {
    /// Tells the format from the header row.
    pub fn detect(bytes: &[u8]) -> Format {
        header_line(bytes).map_or_else(|| Format::headerless(bytes), |(_, format)| format)
    }

    /// The format of a file whose first lines hold no format's header: LEAP's
    /// headerless archive where its first line reads as one, else the app's own.
    fn headerless(bytes: &[u8]) -> Format {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        if leap::looks_like(head.trim_start_matches('\u{feff}')) {
            Format::Leap
        } else {
            Format::Native
        }
    }

    /// The format whose header `line` is, if it is one.
    pub(crate) fn of_header(line: &str) -> Option<Format> {
        // Any space (a spreadsheet may save a no-break one between words) is a space,
        // as in the column names (`header_key`).
        let line: String = line
            .to_lowercase()
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        if line.contains("ballot_paper_id") {
            Some(Format::DemocracyClub)
        } else if line.contains("ons id") && line.contains("constituency name") {
            Some(Format::CommonsLibrary)
        } else if local_handbook::looks_like(&line) {
            Some(Format::LocalHandbook)
        } else if native::looks_like_header(&line) {
            Some(Format::Native)
        } else {
            None
        }
    }
}

/// How many lines of a file may stand above its header as titles.
const TITLE_LINES: usize = 50;

/// The header of a results file: the first line, among the first few, that reads as
/// one (a workbook saved as CSV keeps its title rows above it); its 0-based index and
/// format.
fn header_line(bytes: &[u8]) -> Option<(usize, Format)> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1 << 16)]);
    head.lines()
        .take(TITLE_LINES)
        .enumerate()
        .find_map(|(i, line)| Format::of_header(line).map(|f| (i, f)))
}

/// A file with title rows above its header, read from its header: the title lines
/// are emptied (their line ends kept, so that every line keeps its number), and said.
fn without_title_rows<'a>(
    file: &str,
    bytes: &'a [u8],
) -> (std::borrow::Cow<'a, [u8]>, Option<String>) {
    let Some((header, _)) = header_line(bytes).filter(|&(i, _)| i > 0) else {
        return (std::borrow::Cow::Borrowed(bytes), None);
    };
    let mut out = Vec::with_capacity(bytes.len());
    let mut line = 0;
    let mut titles: Vec<String> = Vec::new();
    let mut current = Vec::new();
    let mut rest = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if line >= header {
            rest = i;
            break;
        }
        if b == b'\n' || b == b'\r' {
            out.push(b);
            if b == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                let text = String::from_utf8_lossy(&current)
                    .trim_start_matches('\u{feff}')
                    .trim_matches(|c: char| c == ',' || c == '"' || c.is_whitespace())
                    .to_string();
                if !text.is_empty() {
                    titles.push(text);
                }
                current.clear();
                line += 1;
            }
        } else {
            current.push(b);
        }
        rest = i + 1;
    }
    out.extend_from_slice(&bytes[rest..]);
    let said = format!(
        "{file}: line{} 1{} taken as {} above the header: {}",
        if header == 1 { "" } else { "s" },
        if header == 1 {
            String::new()
        } else {
            format!("–{header}")
        },
        if titles.len() == 1 {
            "a title"
        } else {
            "titles"
        },
        titles
            .iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    (std::borrow::Cow::Owned(out), Some(said))
}

/// How to read a results file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions<'a> {
    /// None: tell from the header.
    pub format: Option<Format>,
    /// Democracy Club: which elections of the export.
    pub election_ids: &'a [String],
    /// Commons Library: the by-constituency file, as (name, bytes).
    pub constituencies: Option<(&'a str, &'a [u8])>,
    /// Local Elections Handbook: its party-names sheet, as (name, bytes).
    pub party_names: Option<(&'a str, &'a [u8])>,
    /// Local Elections Handbook: its sheet of wards, as (name, bytes).
    pub wards: Option<(&'a str, &'a [u8])>,
    /// The file is a baseline: the Commons Library's results by constituency (party
    /// totals, no candidates), as notional results on new boundaries come, are read.
    pub baseline: bool,
}

/// Reads a results file of any format into raw results (checks not yet run), with
/// notes for the user (names repaired).
pub fn read_raw_any(
    file: &str,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<(native::RawResults, Vec<String>), FileError> {
    if workbook::looks_like(bytes) {
        return read_workbook(file, bytes, options);
    }
    let (bytes, title) = without_title_rows(file, bytes);
    let by_header = header_line(&bytes).map(|(_, format)| format);
    let format = options
        .format
        .or(by_header)
        .unwrap_or_else(|| Format::headerless(&bytes));
    // No format's header found: read as the app's own, whose refusal of the header
    // then says so, rather than leave a file of another shape told only that it
    // lacks the app's own columns.
    let by_default = options.format.is_none() && by_header.is_none() && format == Format::Native;
    let (mut raw, mut notes) =
        read_raw_of_format(file, &bytes, format, options).map_err(|e| match e {
            // (Told by its words: a flag on every FileError would make the error
            // type too large to pass back by value on every path.)
            e if by_default && e.problem.starts_with(MISSING_COLUMNS) => {
                let said = format!(
                    "No header of another format the app reads was found in the first {TITLE_LINES} lines, so this was read as the app's own results CSV; the formats read (Democracy Club, the Commons Library by candidate, the Local Elections Handbook, LEAP's archives, workbooks) and their columns are in the manual, docs/formats.md"
                );
                FileError {
                    hint: Some(match &e.hint {
                        Some(hint) => format!("{hint}. {said}"),
                        None => said,
                    }),
                    ..e
                }
            }
            e => e,
        })?;
    notes.extend(title);
    // An archive of many councils is not the council's own file: a council it does
    // not say elects every seat is not taken as whole.
    let archive = matches!(format, Format::LocalHandbook | Format::Leap);
    notes.extend(councils_elected_in_part(file, &mut raw, archive));
    notes.extend(seats_beyond_candidates(file, &raw));
    let (repeated, disagreeing) = self_checks::by_division(file, &raw.divisions);
    repeated?;
    refuse_stray_rows(file, &raw)?;
    notes.extend(disagreeing);
    Ok((raw, notes))
}

/// A workbook as published: its results sheet read as the CSV saved from it would
/// be, with its sheet of wards and its key to party names where it has them (a key
/// or wards given by the user come first). Messages name the sheet; lines are its
/// rows.
fn read_workbook(
    file: &str,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<(native::RawResults, Vec<String>), FileError> {
    let book = workbook::read(file, bytes)?;
    let sheet = |s: &workbook::Sheet| format!("{file}, sheet \"{}\"", s.name);
    let results_name = sheet(&book.results);
    let wards_name = book.wards.as_ref().map(sheet);
    let key_name = book.party_names.as_ref().map(sheet);
    let inner = ReadOptions {
        format: options.format,
        election_ids: options.election_ids,
        constituencies: options.constituencies,
        party_names: options.party_names.or_else(|| {
            key_name
                .as_deref()
                .zip(book.party_names.as_ref().map(|s| s.csv.as_slice()))
        }),
        wards: options.wards.or_else(|| {
            wards_name
                .as_deref()
                .zip(book.wards.as_ref().map(|s| s.csv.as_slice()))
        }),
        baseline: options.baseline,
    };
    let (raw, mut notes) = read_raw_any(&results_name, &book.results.csv, &inner)?;
    let mut read = vec![format!(
        "sheet \"{}\" ({})",
        book.results.name,
        if book.by_constituency {
            "results by constituency"
        } else {
            "results by candidate"
        }
    )];
    if let Some(w) = &book.wards {
        read.push(format!("\"{}\" (wards)", w.name));
    }
    if let Some(k) = &book.party_names {
        read.push(format!("\"{}\" (party names)", k.name));
    }
    notes.insert(0, format!("{file}: read {}", read.join(", ")));
    if !book.unreadable.is_empty() {
        notes.insert(
            1,
            format!(
                "{file}: sheets that cannot be read, left out (the workbook is damaged): {}",
                book.unreadable.join(", ")
            ),
        );
    }
    Ok((raw, notes))
}

/// The rows as the file's own format reads them, before the checks every format shares.
fn read_raw_of_format(
    file: &str,
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
) -> Result<(native::RawResults, Vec<String>), FileError> {
    match format {
        Format::Native => {
            let raw = native::read_raw(file, bytes)?;
            let notes = if raw.withdrawn.is_empty() {
                Vec::new()
            } else {
                vec![format!(
                    "{file}: {} withdrawn candidates left off their ballots: {}",
                    raw.withdrawn.len(),
                    raw.withdrawn.join("; ")
                )]
            };
            Ok((raw, notes))
        }
        Format::DemocracyClub => Ok((
            democracy_club::read_raw(file, bytes, options.election_ids)?,
            Vec::new(),
        )),
        Format::LocalHandbook => {
            let key = match options.party_names {
                Some((name, bytes)) => Some(local_handbook::read_party_key(name, bytes)?),
                None => None,
            };
            let wards = match options.wards {
                Some((name, bytes)) => {
                    let (bytes, _) = without_title_rows(name, bytes);
                    Some(local_handbook::Wards::read(name, &bytes)?)
                }
                None => None,
            };
            let mut raw = local_handbook::read_raw(file, bytes, key.as_ref(), wards.as_ref())?;
            let mut notes = std::mem::take(&mut raw.notes);
            if !raw.partial_councils.is_empty() {
                notes.push(format!(
                    "{file}: {} of the councils elect only part of their seats tonight (by thirds); their control needs the councillors not up for election",
                    raw.partial_councils.len()
                ));
            }
            Ok((raw, notes))
        }
        Format::Leap => {
            let mut raw = leap::read_raw(file, bytes)?;
            let notes = std::mem::take(&mut raw.notes);
            Ok((raw, notes))
        }
        Format::CommonsLibrary if options.baseline && constituency_totals::looks_like(bytes) => {
            constituency_totals::read_raw(file, bytes)
        }
        Format::CommonsLibrary => {
            let read = commons_library::read_raw(file, bytes, options.constituencies)?;
            let notes = if read.names_repaired > 0 {
                vec![format!(
                    "{file}: {} names were double-encoded in UTF-8 and have been repaired",
                    read.names_repaired
                )]
            } else {
                Vec::new()
            };
            Ok((read.raw, notes))
        }
    }
}

/// Reads a results file of any format: the election and its declarations.
pub fn read_any(
    file: &str,
    name: &str,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<(native::LoadedResults, Vec<String>), FileError> {
    let (raw, notes) = read_raw_any(file, bytes, options)?;
    Ok((raw.into_results(name)?, notes))
}
