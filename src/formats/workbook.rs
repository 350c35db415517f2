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
    /// Results by candidate.
    pub results: Sheet,
    /// One row per ward or division, where the workbook has one.
    pub wards: Option<Sheet>,
    /// The key to party abbreviations, where the workbook has one.
    pub party_names: Option<Sheet>,
}

/// Whether `bytes` are a workbook rather than text: .xlsx and .ods are zip files,
/// .xls an OLE compound file.
pub fn looks_like(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// How many rows at the top of a sheet are searched for its header.
const HEADER_ROWS: usize = 20;

/// What a sheet is, told from its header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Results,
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
/// every number as a float), TRUE/FALSE as written in the sheet.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Bool(true) => "TRUE".to_string(),
        Data::Bool(false) => "FALSE".to_string(),
        Data::Error(e) => format!("#{e:?}"),
        other => other.to_string(),
    }
}

/// A sheet's cells as CSV, rows and columns at their places in the sheet (blank rows
/// above and blank cells to the left of the first used cell are kept).
fn sheet_csv(range: &calamine::Range<Data>) -> Vec<u8> {
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let blank = vec![String::new(); left as usize + 1];
    for _ in 0..top {
        // A line of one empty field keeps the row's number.
        let _ = writer.write_record(&blank[..1]);
    }
    for row in range.rows() {
        let fields = blank[..left as usize]
            .iter()
            .cloned()
            .chain(row.iter().map(cell_text));
        let _ = writer.write_record(fields);
    }
    writer.into_inner().unwrap_or_default()
}

/// Reads a workbook's results sheet and the sheets that go with it.
pub fn read(file: &str, bytes: &[u8]) -> Result<Workbook, FileError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        FileError::new(file, format!("cannot be read as a spreadsheet workbook ({e})"))
            .hint("Open it in a spreadsheet program and save the sheet of results by candidate as \"CSV UTF-8\"")
    })?;
    let names = book.sheet_names();
    let mut results: Option<Sheet> = None;
    let mut wards: Option<Sheet> = None;
    let mut party_names: Option<Sheet> = None;
    for name in &names {
        let Ok(range) = book.worksheet_range(name) else {
            continue;
        };
        let kind = range.rows().take(HEADER_ROWS).find_map(|row| {
            let cells: Vec<String> = row
                .iter()
                .map(|c| cell_text(c).trim().to_string())
                .collect();
            kind_of(&cells)
        });
        let slot = match kind {
            Some(Kind::Results) => &mut results,
            Some(Kind::Wards) => &mut wards,
            Some(Kind::PartyNames) => &mut party_names,
            None => continue,
        };
        if slot.is_none() {
            *slot = Some(Sheet {
                name: name.clone(),
                csv: sheet_csv(&range),
            });
        }
    }
    let Some(results) = results else {
        return Err(FileError::new(
            file,
            format!(
                "no sheet of this workbook has a header of results by candidate (its sheets: {})",
                names.join(", ")
            ),
        )
        .hint("The sheet needs a row naming its columns, among them each candidate's votes, its ward and its council or division"));
    };
    Ok(Workbook {
        results,
        wards,
        party_names,
    })
}
