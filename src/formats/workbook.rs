//! Spreadsheet workbooks as their publishers offer them (.xlsx, .xls, .ods): the
//! sheet of results by candidate is found by what its header says, not by its name
//! or place, and read as the CSV a user would have saved from it. Each sheet row
//! keeps its number, so a message's "line 5" is the spreadsheet's row 5. The sheets
//! a results sheet leans on are found the same way: the sheet of wards (seats,
//! electorate and election type where the candidate sheet lacks them) and the key to
//! the party abbreviations.

use std::io::Cursor;

use calamine::{Data, Reader};

use crate::formats::FileError;
use crate::formats::csv_table::header_key;

/// One sheet, as CSV text.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub csv: Vec<u8>,
}

/// The sheets of a results workbook the app reads.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// Results by candidate; else results by constituency (see `by_constituency`).
    pub results: Sheet,
    /// The results sheet is the Commons Library's by constituency: read only as a
    /// baseline.
    pub by_constituency: bool,
    /// One row per ward or division, where the workbook has one.
    pub wards: Option<Sheet>,
    /// The key to party abbreviations, where the workbook has one.
    pub party_names: Option<Sheet>,
    /// Sheets that cannot be read (a damaged workbook), with why: said, never
    /// skipped in silence.
    pub unreadable: Vec<String>,
}

/// Whether `bytes` are a workbook rather than text: .xlsx and .ods are zip files,
/// .xls an OLE compound file.
pub fn looks_like(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// How many rows at the top of a sheet are searched for its header.
const HEADER_ROWS: usize = 50;

/// What a sheet is, told from its header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Results,
    /// The Commons Library's results by constituency (party totals, no candidates):
    /// a baseline's results where the workbook has no sheet by candidate.
    Constituencies,
    Wards,
    PartyNames,
}

/// What a header row makes its sheet (cells as the sheet writes them).
fn kind_of(cells: &[String]) -> Option<Kind> {
    let keys: Vec<String> = cells.iter().map(|c| header_key(c)).collect();
    let has = |name: &str| keys.iter().any(|c| c == &header_key(name));
    if has("Party name") && has("Party abbreviation") {
        return Some(Kind::PartyNames);
    }
    if has("ONS ID") && !has("Party name") && (has("First party") || has("All other candidates")) {
        return Some(Kind::Constituencies);
    }
    crate::formats::Format::of_header(&cells.join(","))?;
    // Results by candidate have a column of each candidate's votes; a sheet of wards
    // has the parties' votes across (CON, LAB, …), a total or a share.
    let votes = keys.iter().any(|c| {
        let words: Vec<&str> = c
            .split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        matches!(
            words.as_slice(),
            ["votes"] | ["votes", "cast"] | ["candidate", "votes"]
        )
    });
    let seats = keys
        .iter()
        .any(|c| c.contains("vacancies") || c.contains("seats") || c.contains("electorate"));
    if votes {
        Some(Kind::Results)
    } else if seats {
        Some(Kind::Wards)
    } else {
        None
    }
}

/// A cell as a CSV field: whole numbers without a decimal point (spreadsheets keep
/// every number as a float), TRUE/FALSE as written in the sheet, a spreadsheet error
/// as the spreadsheet shows it ("#REF!"), a date never as the day number it is kept
/// as (45414 is not a count of votes), and a line break inside a cell as a space.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Bool(true) => "TRUE".to_string(),
        Data::Bool(false) => "FALSE".to_string(),
        Data::Error(e) => e.to_string(),
        Data::DateTime(d) => format!("(a date or time: {})", d.as_f64()),
        Data::DateTimeIso(d) | Data::DurationIso(d) => format!("(a date or time: {d})"),
        Data::String(text) if text.contains(['\n', '\r']) => text.replace(['\r', '\n'], " "),
        other => other.to_string(),
    }
}

/// The biggest sheet a spreadsheet program makes (Excel's limits): a cell beyond
/// them is damage, not data.
const MAX_ROWS: u32 = 1 << 20;
const MAX_COLUMNS: u32 = 1 << 14;
/// Cells read from one sheet at most: a Handbook's candidate sheet has half a million.
const MAX_CELLS: usize = 20_000_000;

/// A sheet's used cells by row, each row's cells by column.
type Cells = std::collections::BTreeMap<u32, Vec<(u32, String)>>;

/// A sheet's cells as CSV, each at its row and column in the sheet (blank rows and
/// blank cells to the left kept, so that line N is row N).
fn sheet_csv(cells: &Cells) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let mut next_row = 0;
    for (&row, fields) in cells {
        for _ in next_row..row {
            // A line of one empty field keeps the row's number.
            let _ = writer.write_record([""]);
        }
        let width = fields.iter().map(|(c, _)| c + 1).max().unwrap_or(1) as usize;
        let mut line = vec![""; width];
        for (c, text) in fields {
            line[*c as usize] = text;
        }
        // Written to memory, which does not fail.
        let _ = writer.write_record(&line);
        next_row = row + 1;
    }
    writer.into_inner().unwrap_or_default()
}

/// A cell's place in the sheet, checked against a spreadsheet's limits.
fn place(
    file: &str,
    sheet: &str,
    (row, column): (u32, u32),
    count: usize,
) -> Result<(), FileError> {
    if row >= MAX_ROWS || column >= MAX_COLUMNS || count >= MAX_CELLS {
        return Err(FileError::new(
            &format!("{file}, sheet \"{sheet}\""),
            format!(
                "a cell at row {}, column {} is beyond what a spreadsheet holds: the workbook is damaged",
                u64::from(row) + 1,
                u64::from(column) + 1
            ),
        )
        .hint("Open it in a spreadsheet program, save the sheet of results by candidate as \"CSV UTF-8\", and read that"));
    }
    Ok(())
}

/// The used cells of every sheet: (name, cells, or why the sheet cannot be read).
type SheetCells = Vec<(String, Result<Cells, String>)>;

/// An .xlsx read cell by cell, so that a stray cell far out does not make the whole
/// rectangle up to it.
fn xlsx_cells(file: &str, bytes: &[u8]) -> Result<Option<SheetCells>, FileError> {
    let Ok(mut book) = calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes))
    else {
        return Ok(None);
    };
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let mut cells = Cells::new();
        let mut count = 0;
        let read: Result<(), String> = match book.worksheet_cells_reader(&name) {
            Err(e) => Err(e.to_string()),
            Ok(mut reader) => loop {
                match reader.next_cell() {
                    Ok(Some(cell)) => {
                        let pos = cell.get_position();
                        place(file, &name, pos, count)?;
                        let data = Data::from(cell.get_value().clone());
                        if data != Data::Empty {
                            count += 1;
                            cells
                                .entry(pos.0)
                                .or_default()
                                .push((pos.1, cell_text(&data)));
                        }
                    }
                    Ok(None) => break Ok(()),
                    Err(e) => break Err(e.to_string()),
                }
            },
        };
        sheets.push((name, read.map(|()| cells)));
    }
    Ok(Some(sheets))
}

/// An .ods or .xls read sheet by sheet (their sheets are bounded by their formats).
fn other_cells(file: &str, bytes: &[u8]) -> Result<SheetCells, FileError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        FileError::new(file, format!("cannot be read as a spreadsheet workbook ({e})"))
            .hint("Open it in a spreadsheet program and save the sheet of results by candidate as \"CSV UTF-8\"")
    })?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let read = match book.worksheet_range(&name) {
            Err(e) => Err(e.to_string()),
            Ok(range) => {
                let mut cells = Cells::new();
                // Used cells are numbered from the range's first cell.
                let (top, left) = range.start().unwrap_or((0, 0));
                for (count, (row, column, data)) in range.used_cells().enumerate() {
                    let pos = (
                        u32::try_from(row).map_or(u32::MAX, |r| r.saturating_add(top)),
                        u32::try_from(column).map_or(u32::MAX, |c| c.saturating_add(left)),
                    );
                    place(file, &name, pos, count)?;
                    cells
                        .entry(pos.0)
                        .or_default()
                        .push((pos.1, cell_text(data)));
                }
                Ok(cells)
            }
        };
        sheets.push((name, read));
    }
    Ok(sheets)
}

/// Reads a workbook's results sheet and the sheets that go with it. A damaged
/// workbook is refused in words: the reader of spreadsheets is never let take the
/// app down with it.
pub fn read(file: &str, bytes: &[u8]) -> Result<Workbook, FileError> {
    quiet_panics_here();
    QUIET.with(|q| q.set(true));
    let read = std::panic::catch_unwind(|| read_sheets(file, bytes));
    QUIET.with(|q| q.set(false));
    read.unwrap_or_else(|_| {
        Err(FileError::new(
            file,
            "the workbook is damaged: its cells cannot be read",
        )
        .hint("Open it in a spreadsheet program, save the sheet of results by candidate as \"CSV UTF-8\", and read that"))
    })
}

thread_local! {
    /// Set while this thread reads a workbook: a failure of the spreadsheet reader
    /// is said as one message about the file, not as a panic report.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Puts a panic hook in front of the one in place, silent for a thread reading a
/// workbook and the same as before for every other.
fn quiet_panics_here() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                before(info);
            }
        }));
    });
}

fn read_sheets(file: &str, bytes: &[u8]) -> Result<Workbook, FileError> {
    let sheets = match xlsx_cells(file, bytes)? {
        Some(sheets) => sheets,
        None => other_cells(file, bytes)?,
    };
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    let mut results: Option<Sheet> = None;
    let mut constituencies: Option<Sheet> = None;
    let mut wards: Option<Sheet> = None;
    let mut party_names: Option<Sheet> = None;
    let mut unreadable: Vec<String> = Vec::new();
    for (name, cells) in &sheets {
        let cells = match cells {
            Ok(cells) => cells,
            Err(why) => {
                unreadable.push(format!("\"{name}\" ({why})"));
                continue;
            }
        };
        let kind = cells.values().take(HEADER_ROWS).find_map(|row| {
            let width = row.iter().map(|(c, _)| c + 1).max().unwrap_or(0) as usize;
            let mut line = vec![String::new(); width];
            for (c, text) in row {
                line[*c as usize] = text.trim().to_string();
            }
            kind_of(&line)
        });
        let slot = match kind {
            Some(Kind::Results) => &mut results,
            Some(Kind::Constituencies) => &mut constituencies,
            Some(Kind::Wards) => &mut wards,
            Some(Kind::PartyNames) => &mut party_names,
            None => continue,
        };
        if slot.is_none() {
            *slot = Some(Sheet {
                name: name.clone(),
                csv: sheet_csv(cells),
            });
        }
    }
    let by_constituency = results.is_none() && constituencies.is_some();
    let Some(results) = results.or(constituencies) else {
        let mut problem = format!(
            "no sheet of this workbook has a header of results by candidate in its first {HEADER_ROWS} rows (its sheets: {})",
            names.join(", ")
        );
        if !unreadable.is_empty() {
            problem.push_str(&format!(
                "; sheets that cannot be read, the workbook being damaged: {}",
                unreadable.join(", ")
            ));
        }
        return Err(FileError::new(file, problem)
        .hint("The sheet needs a row naming its columns, among them each candidate's votes, its ward and its council or division"));
    };
    Ok(Workbook {
        results,
        by_constituency,
        wards,
        party_names,
        unreadable,
    })
}
