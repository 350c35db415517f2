//! The reader rules shared by every CSV format: encoding, header matching and
//! located errors. Rows are read one at a time, so large files stay cheap.

use csv::{ReaderBuilder, StringRecord};

use crate::formats::FileError;

/// A column a format knows, with the other header names it accepts.
pub struct ColumnSpec {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
}

/// A CSV file being read, row by row.
pub struct CsvTable<'a> {
    file: String,
    reader: csv::Reader<&'a [u8]>,
    headers: Vec<String>,
    /// The header as the file writes it (trimmed), for messages.
    raw_headers: Vec<String>,
    /// The header's line in the file.
    header_line: u64,
    record: StringRecord,
    line: u64,
    /// The file's text (without a byte order mark), and where its data rows start.
    text: &'a [u8],
    body_start: usize,
    /// Lines of the file before the text this table reads (for a part of a file).
    lines_before: u64,
    /// How far into `text` lines have been counted, and how many ended before it:
    /// line numbers come from the bytes, so that a Windows file (CRLF) or an old
    /// Mac one (CR) is counted as an editor counts it.
    counted_to: usize,
    lines_counted: u64,
}

/// Line ends in `bytes`: "\r\n", "\n" and a lone "\r" each end one line.
fn count_line_ends(bytes: &[u8]) -> u64 {
    // Found with memchr rather than looked at a byte at a time (4 % of reading a big
    // file, whose every row counts the bytes since the row before).
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
        .count() as u64
}

/// Header names match in any case, with surrounding spaces, and with spaces or
/// underscores alike ("Division ID" = "division_id").
pub fn header_key(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

impl<'a> CsvTable<'a> {
    /// Checks the encoding and reads the header row.
    pub fn new(file: &str, bytes: &'a [u8]) -> Result<Self, FileError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(FileError::new(file, "the file is empty")
                .hint("Choose a CSV file with a header row and one row per candidate"));
        }
        // A workbook (.xlsx and .ods are zip files) rather than its sheet as CSV.
        if bytes.starts_with(b"PK\x03\x04") {
            return Err(FileError::new(
                file,
                "this is a spreadsheet workbook (.xlsx or .ods), not a CSV file; only results are read from workbooks directly",
            )
            .hint("Open it, choose the sheet of results by candidate, and save that sheet as \"CSV UTF-8\""));
        }
        if bytes.contains(&0) {
            return Err(FileError::new(
                file,
                "this is not a text CSV file (it contains binary data)",
            )
            .hint("Choose a CSV file saved as UTF-8 text"));
        }
        if let Err(e) = std::str::from_utf8(bytes) {
            let (line, column) = line_and_column(bytes, e.valid_up_to());
            return Err(FileError::new(
                file,
                format!("the text is not valid UTF-8 (bad byte at character {column})"),
            )
            .at_line(line)
            .hint("Save the file as \"CSV UTF-8\" and try again"));
        }
        let mut reader = ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(bytes);
        let mut header = StringRecord::new();
        let read = reader
            .read_record(&mut header)
            .map_err(|e| csv_error(file, &e))?;
        if !read {
            return Err(FileError::new(file, "the file is empty"));
        }
        let body_start = usize::try_from(reader.position().byte()).unwrap_or(bytes.len());
        let headers: Vec<String> = header.iter().map(header_key).collect();
        let raw_headers: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
        // The header's own line (title lines above it are blank).
        let header_line = header.position().map_or(1, |p| {
            count_line_ends(&bytes[..usize::try_from(p.byte()).unwrap_or(0).min(bytes.len())]) + 1
        });
        for (i, h) in headers.iter().enumerate() {
            if !h.is_empty() && headers[..i].contains(h) {
                return Err(FileError::new(
                    file,
                    format!("the column \"{h}\" appears twice in the header"),
                )
                .at_line(1)
                .at_column(i + 1, h)
                .hint("Remove or rename one of them"));
            }
        }
        Ok(CsvTable {
            file: file.to_string(),
            reader,
            headers,
            raw_headers,
            header_line,
            record: StringRecord::new(),
            line: 1,
            text: bytes,
            body_start,
            lines_before: 0,
            counted_to: 0,
            lines_counted: 0,
        })
    }

    /// The file's data rows, from the header's end, as one text.
    pub fn body(&self) -> &'a [u8] {
        &self.text[self.body_start..]
    }

    /// A table of the same columns reading only `rows`, a byte range of whole rows of
    /// this table's [`body`](Self::body) (for reading a big file in parts at once).
    /// Lines are counted as in the whole file.
    pub fn part(&self, rows: std::ops::Range<usize>) -> CsvTable<'a> {
        let start = self.body_start + rows.start;
        let part = &self.text[start..self.body_start + rows.end];
        let before = &self.text[..start];
        CsvTable {
            file: self.file.clone(),
            reader: ReaderBuilder::new()
                .flexible(true)
                .has_headers(false)
                .from_reader(part),
            headers: self.headers.clone(),
            raw_headers: self.raw_headers.clone(),
            header_line: self.header_line,
            record: StringRecord::new(),
            line: 0,
            text: part,
            body_start: 0,
            lines_before: count_line_ends(before),
            counted_to: 0,
            lines_counted: 0,
        }
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    /// The 0-based index of a column by its name or one of its aliases.
    pub fn column(&self, spec: &ColumnSpec) -> Option<usize> {
        std::iter::once(spec.name)
            .chain(spec.aliases.iter().copied())
            .find_map(|name| self.headers.iter().position(|h| *h == header_key(name)))
    }

    /// Like [`column`](Self::column) for a column the format cannot do without.
    pub fn require(&self, spec: &ColumnSpec) -> Result<usize, FileError> {
        self.require_all([spec]).map(|[c]| c)
    }

    /// The columns a format cannot do without, found all at once: a refusal names
    /// every one missing (not one at a time) and the header as the file writes it.
    pub fn require_all<const N: usize>(
        &self,
        specs: [&ColumnSpec; N],
    ) -> Result<[usize; N], FileError> {
        let found = specs.map(|spec| self.column(spec));
        let missing: Vec<&str> = specs
            .iter()
            .zip(&found)
            .filter(|(_, f)| f.is_none())
            .map(|(spec, _)| spec.name)
            .collect();
        if missing.is_empty() {
            return Ok(found.map(|f| f.unwrap_or_default()));
        }
        // A first line of data, not names (an archive without a header row): said as
        // such, rather than listing its values as if they were columns.
        let looks_like_data = self
            .raw_headers
            .iter()
            .filter(|h| {
                !h.is_empty()
                    && (h.chars().all(|c| c.is_ascii_digit())
                        || (h.len() == 9
                            && h.starts_with(['E', 'W', 'S', 'N'])
                            && h[1..].chars().all(|c| c.is_ascii_digit())))
            })
            .count()
            >= 2;
        if looks_like_data {
            return Err(FileError::new(
                &self.file,
                format!(
                    "the file has no header row: its first line is data ({})",
                    self.raw_headers.join(", ")
                ),
            )
            .at_line(self.header_line)
            .hint(format!(
                "Add a first line naming the columns; the app's own format needs {}, and reads a council column too. (A headerless file read as it is must be LEAP's eight columns: council, council code, ward, ward code, candidate, party, votes, elected.)",
                specs.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
            )));
        }
        let quoted: Vec<String> = missing.iter().map(|m| format!("\"{m}\"")).collect();
        let columns = if missing.len() == 1 {
            "column"
        } else {
            "columns"
        };
        Err(FileError::new(
            &self.file,
            format!(
                "the required {columns} {} {} missing",
                quoted.join(", "),
                if missing.len() == 1 { "is" } else { "are" }
            ),
        )
        .at_line(self.header_line)
        .hint(format!(
            "The header row must name {}; the columns found are: {}",
            if missing.len() == 1 { "it" } else { "them" },
            self.raw_headers
                .iter()
                .map(|h| format!("\"{}\"", crate::formats::shown(h)))
                .collect::<Vec<_>>()
                .join(", ")
        )))
    }

    /// The header names, normalised.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The header names as the file writes them (trimmed), for reading by meaning
    /// and for messages in the source's own words.
    pub fn headers_as_written(&self) -> &[String] {
        &self.raw_headers
    }

    /// The next data row, or none at the end. Blank lines are skipped.
    pub fn next_row(&mut self) -> Option<Result<Row<'_>, FileError>> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Err(e) => {
                    let mut err = csv_error(&self.file, &e);
                    err.line = e
                        .position()
                        .map(|p| self.line_at(usize::try_from(p.byte()).unwrap_or(usize::MAX)));
                    return Some(Err(err));
                }
                Ok(false) => return None,
                Ok(true) => {}
            }
            self.line = match self.record.position() {
                Some(p) => self.line_at(usize::try_from(p.byte()).unwrap_or(usize::MAX)),
                None => self.line + 1,
            };
            if self.record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            if self.record.len() != self.headers.len() {
                return Some(Err(self.wrong_field_count()));
            }
            if let Some(column) = self.record.iter().position(|f| f.contains('\n')) {
                return Some(Err(FileError::new(
                    &self.file,
                    "this field runs over several lines, so a quote before it is probably not closed",
                )
                .at_line(self.line)
                .at_column(column + 1, &self.headers[column])
                .hint("Close the quote, or remove the stray quote character")));
            }
            return Some(Ok(Row {
                line: self.line,
                record: &self.record,
            }));
        }
    }
}

impl CsvTable<'_> {
    /// The 1-based line of the file at byte `at` of this table's text, counting on
    /// from where the last row was counted (rows come in order).
    fn line_at(&mut self, at: usize) -> u64 {
        let at = at.min(self.text.len());
        if at < self.counted_to {
            self.counted_to = 0;
            self.lines_counted = 0;
        }
        self.lines_counted += count_line_ends(&self.text[self.counted_to..at]);
        self.counted_to = at;
        // The reader puts a row that follows a "\r\n" at its "\n": the "\r" just
        // counted ended the line before, and the "\n" is not counted again.
        if at > 0 && self.text[at - 1] == b'\r' && self.text.get(at) == Some(&b'\n') {
            self.counted_to = at + 1;
        }
        self.lines_before + self.lines_counted + 1
    }

    fn wrong_field_count(&self) -> FileError {
        let (fields, header) = (self.record.len(), self.headers.len());
        let err = FileError::new(
            &self.file,
            format!("this row has {fields} fields but the header has {header}"),
        )
        .at_line(self.line);
        if fields > header {
            err.at_column(header + 1, "(none)").hint(format!(
                "The extra field is \"{}\"; put quotes around names that contain commas",
                &self.record[header]
            ))
        } else {
            err.hint("Every row needs a field for each column of the header, even if blank")
        }
    }
}

/// One data row.
pub struct Row<'r> {
    pub line: u64,
    record: &'r StringRecord,
}

impl Row<'_> {
    /// A field, trimmed; the apostrophe an export puts before a would-be formula
    /// taken off (`csv_out`), so that an export reads back as it was.
    pub fn get(&self, column: Option<usize>) -> &str {
        column
            .and_then(|c| self.record.get(c))
            .map_or("", |f| crate::formats::csv_out::unprotect(f.trim()))
    }
}

fn csv_error(file: &str, e: &csv::Error) -> FileError {
    let line = e.position().map(|p| p.line());
    let mut err = FileError::new(file, format!("the CSV cannot be read ({e})"))
        .hint("Check that quotes around fields are balanced");
    err.line = line;
    err
}

/// 1-based line and character column of a byte offset.
fn line_and_column(bytes: &[u8], offset: usize) -> (u64, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Reads a yes/no field as the sources write it: Y/N, yes/no, true/false, t/f, 1/0.
/// Blank is `Some(None)`; anything else is `None`.
pub fn parse_flag(text: &str) -> Option<Option<bool>> {
    // Without lower-casing into a new string: a results file has a few flags a row.
    let text = text.trim();
    let is = |word: &str| text.eq_ignore_ascii_case(word);
    if text.is_empty() {
        Some(None)
    } else if ["y", "yes", "true", "t", "1"].into_iter().any(is) {
        Some(Some(true))
    } else if ["n", "no", "false", "f", "0"].into_iter().any(is) {
        Some(Some(false))
    } else {
        None
    }
}

/// Division-level fields repeat on each row of a division and must agree: the first
/// value given for each is kept with its line; a different one is an error naming both.
#[derive(Debug, Default)]
pub struct Agreement {
    seen: std::collections::HashMap<(usize, usize), (String, u64)>,
}

impl Agreement {
    /// A blank value says nothing. `column` is 0-based.
    #[allow(clippy::too_many_arguments)]
    pub fn check(
        &mut self,
        file: &str,
        division: usize,
        division_name: &str,
        column: usize,
        header: &str,
        value: &str,
        line: u64,
    ) -> Result<(), FileError> {
        if value.is_empty() {
            return Ok(());
        }
        match self.seen.get(&(division, column)) {
            None => {
                self.seen.insert((division, column), (value.to_string(), line));
                Ok(())
            }
            Some((known, _)) if known == value => Ok(()),
            Some((known, first)) => Err(FileError::new(
                file,
                format!("\"{division_name}\" has {header} \"{value}\" here but \"{known}\" on line {first}"),
            )
            .at_line(line)
            .at_column(column + 1, header)
            .hint("Division-level columns must be the same on every row of a division")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::count_line_ends;

    #[test]
    fn line_ends_are_counted_as_an_editor_counts_them() {
        // Every text of up to seven bytes of "a", "\r" and "\n", against the rule
        // said a byte at a time: "\n" ends a line, and "\r" does unless "\n" follows.
        let alphabet = [b'a', b'\r', b'\n'];
        for len in 0..=7u32 {
            for code in 0..3usize.pow(len) {
                let text: Vec<u8> = (0..len)
                    .map(|k| alphabet[code / 3usize.pow(k) % 3])
                    .collect();
                let expected = (0..text.len())
                    .filter(|&i| {
                        text[i] == b'\n' || (text[i] == b'\r' && text.get(i + 1) != Some(&b'\n'))
                    })
                    .count() as u64;
                assert_eq!(count_line_ends(&text), expected, "{text:?}");
            }
        }
        assert_eq!(count_line_ends(b"one\r\ntwo\rthree\nfour"), 3);
    }
}
