//! The reader rules shared by every CSV format: encoding, header matching and
//! located errors. Rows are read one at a time, so large files stay cheap.

use csv::{ReaderBuilder, StringRecord};

use crate::formats::FileError;
use crate::model::trim_space;

/// A column a format knows, with the other header names it accepts.
pub struct ColumnSpec {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
}

/// Texts from this size are checked, and results files read, in two halves at once.
pub const IN_HALVES_FROM: usize = 8 << 20;

/// A CSV file being read, row by row.
pub struct CsvTable<'a> {
    file: String,
    /// Where in `text` the next row is looked for.
    next: usize,
    /// The CSV reader rows with quotes are read with, and where in `text` its input
    /// starts; current while no row has been read without it since.
    reader: Option<(csv::Reader<&'a [u8]>, usize)>,
    reader_current: bool,
    /// Rows without a quote are split at their commas here rather than by the CSV
    /// reader (which reads a byte at a time); off only to test that both read alike.
    split_plain_rows: bool,
    headers: Vec<String>,
    /// The header as the file writes it (trimmed), for messages.
    raw_headers: Vec<String>,
    /// The header's line in the file.
    header_line: u64,
    /// The row as the CSV reader read it (while `reader_current`), or the line and
    /// where each of its fields ends, split at its commas.
    record: StringRecord,
    plain: &'a str,
    ends: Vec<usize>,
    line: u64,
    /// The file's text (without a byte order mark), and where its data rows start.
    text: &'a [u8],
    /// The whole file's text as checked to be UTF-8, in one or two pieces: a row is
    /// taken from them as text without checking its bytes again.
    checked: [&'a str; 2],
    body_start: usize,
    /// The file's text before the text this table reads (for a part of a file), and
    /// its lines, counted when a line is first asked for (by the core reading the
    /// part, not the one handing it out).
    before: &'a [u8],
    lines_before: Option<u64>,
    /// How far into `text` lines have been counted, and how many ended before it:
    /// line numbers come from the bytes, so that a Windows file (CRLF) or an old
    /// Mac one (CR) is counted as an editor counts it.
    counted_to: usize,
    lines_counted: u64,
}

/// Line ends in `bytes`: "\r\n", "\n" and a lone "\r" each end one line.
fn count_line_ends(bytes: &[u8]) -> u64 {
    let ends_a_line = |i: usize| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n');
    // Between two rows there is mostly one line end: a byte or two looked at one by
    // one. Setting up memchr's search for them was a twelfth of the instructions of
    // reading a big file's rows.
    if bytes.len() <= 8 {
        return (0..bytes.len())
            .filter(|&i| matches!(bytes[i], b'\n' | b'\r') && ends_a_line(i))
            .count() as u64;
    }
    // Longer stretches (blank lines, the lines before the second half of a big file)
    // are searched with memchr.
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&i| ends_a_line(i))
        .count() as u64
}

/// A text checked: whether it holds a NUL byte, and its UTF-8: the text as one or two
/// pieces (the second empty for one), or where it first fails (the bytes before that
/// are valid). A big text is checked in two halves at once, split at a line end (a
/// byte no character's encoding holds, so each half is valid as the whole is).
fn checked_text(bytes: &[u8]) -> (bool, Result<[&str; 2], usize>) {
    let check = |part| {
        (
            memchr::memchr(0, part).is_some(),
            std::str::from_utf8(part).map_err(|e| e.valid_up_to()),
        )
    };
    let split = (bytes.len() >= IN_HALVES_FROM)
        .then(|| memchr::memchr(b'\n', &bytes[bytes.len() / 2..]))
        .flatten()
        .map(|at| bytes.len() / 2 + at);
    let Some(split) = split else {
        let (nul, text) = check(bytes);
        return (nul, text.map(|text| [text, ""]));
    };
    let (first, second) = bytes.split_at(split);
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| check(second));
        let first = check(first);
        (
            first,
            second
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    });
    let text = match (first.1, second.1) {
        (Ok(first), Ok(second)) => Ok([first, second]),
        (Err(at), _) => Err(at),
        (Ok(_), Err(at)) => Err(split + at),
    };
    (first.0 || second.0, text)
}

/// How a refusal of the header for columns it lacks begins (`read_raw_any` tells it
/// by these words).
pub const MISSING_COLUMNS: &str = "the required";

/// Header names match in any case, with surrounding spaces, and with spaces or
/// underscores alike ("Division ID" = "division_id"); a no-break space, as a
/// spreadsheet may save one, is a space.
pub fn header_key(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_whitespace() || c == '-' {
                '_'
            } else {
                c
            }
        })
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
        let (binary, checked) = checked_text(bytes);
        if binary {
            return Err(FileError::new(
                file,
                "this is not a text CSV file (it contains binary data)",
            )
            .hint("Choose a CSV file saved as UTF-8 text"));
        }
        let checked = match checked {
            Ok(pieces) => pieces,
            Err(valid_up_to) => {
                let (line, column) = line_and_column(bytes, valid_up_to);
                return Err(FileError::new(
                    file,
                    format!("the text is not valid UTF-8 (bad byte at character {column})"),
                )
                .at_line(line)
                .hint("Save the file as \"CSV UTF-8\" and try again"));
            }
        };
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
        // The header's own line, past the blank lines (title lines emptied) above it:
        // the reader's position is where it began looking for the header.
        let header_line = header.position().map_or(1, |p| {
            let from = usize::try_from(p.byte()).unwrap_or(0).min(bytes.len());
            let blank = bytes[from..]
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
            count_line_ends(&bytes[..from + blank]) + 1
        });
        for (i, h) in headers.iter().enumerate() {
            if !h.is_empty() && headers[..i].contains(h) {
                return Err(FileError::new(
                    file,
                    format!("the column \"{h}\" appears twice in the header"),
                )
                .at_line(header_line)
                .at_column(i + 1, h)
                .hint("Remove or rename one of them"));
            }
        }
        Ok(CsvTable {
            file: file.to_string(),
            next: body_start,
            reader: None,
            reader_current: false,
            split_plain_rows: true,
            headers,
            raw_headers,
            header_line,
            record: StringRecord::new(),
            plain: "",
            ends: Vec::new(),
            line: 1,
            text: bytes,
            checked,
            body_start,
            before: &[],
            lines_before: Some(0),
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
            next: 0,
            reader: None,
            reader_current: false,
            split_plain_rows: self.split_plain_rows,
            headers: self.headers.clone(),
            raw_headers: self.raw_headers.clone(),
            header_line: self.header_line,
            record: StringRecord::new(),
            plain: "",
            ends: Vec::new(),
            line: 0,
            text: part,
            checked: self.checked,
            body_start: 0,
            before,
            lines_before: None,
            counted_to: 0,
            lines_counted: 0,
        }
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    /// The header's own line, 1-based (title lines may stand above it).
    pub fn header_line(&self) -> u64 {
        self.header_line
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
                "{MISSING_COLUMNS} {columns} {} {} missing",
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
            if let Err(err) = self.next_record()? {
                return Some(Err(err));
            }
            let fields = self.fields();
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            if fields.len() != self.headers.len() {
                return Some(Err(self.wrong_field_count()));
            }
            // Only a quoted field holds a line end (a row split at its commas has none).
            if self.reader_current
                && let Some(column) = fields.iter().position(|f| f.contains('\n'))
            {
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
                fields: self.fields(),
            }));
        }
    }

    /// The fields of the row read last.
    fn fields(&self) -> Fields<'_> {
        if self.reader_current {
            Fields::Read(&self.record)
        } else {
            Fields::Split {
                line: self.plain,
                ends: &self.ends,
            }
        }
    }

    /// Reads the next row (into `plain` and `ends`, or `record`) and the line it
    /// starts on (into `line`); none at the end. A line without a quote is split at
    /// its commas, as the CSV reader would split it (a line end ends it, blank lines
    /// are skipped); one with a quote is the CSV reader's, which reads on over quoted
    /// line ends.
    fn next_record(&mut self) -> Option<Result<(), FileError>> {
        let rest = &self.text[self.next..];
        let start = self.next + rest.iter().position(|&b| b != b'\n' && b != b'\r')?;
        let rest = &self.text[start..];
        let line = &rest[..memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len())];
        if self.split_plain_rows
            && memchr::memchr(b'"', line).is_none()
            && let Some(line) = self.as_text(line)
        {
            // Eight bytes at a time (fields are short: a search per field cost
            // more than the CSV reader it replaces). The fields stay in the file's
            // text.
            self.ends.clear();
            push_commas(line.as_bytes(), &mut self.ends);
            self.ends.push(line.len());
            self.plain = line;
            self.next = start + line.len();
            self.reader_current = false;
            self.line = self.line_at(start);
            // The row holds no line end: lines are counted on from its end, not over
            // it again for the next row.
            self.counted_to = self.next;
            return Some(Ok(()));
        }
        if !self.reader_current {
            let reader = ReaderBuilder::new()
                .flexible(true)
                .has_headers(false)
                .from_reader(&self.text[start..]);
            self.reader = Some((reader, start));
        }
        let (reader, at) = self.reader.as_mut()?;
        let at = *at;
        let read = reader.read_record(&mut self.record);
        let after = reader.position().byte();
        // The reader's positions are in its own input, which starts at `at`.
        let byte = |b: u64| at.saturating_add(usize::try_from(b).unwrap_or(usize::MAX));
        // On past what was read (at least a byte, after a refusal too), so that a
        // caller reading on after a refusal does not read the same row again.
        self.next = byte(after).max(start + 1).min(self.text.len());
        self.reader_current = true;
        match read {
            Err(e) => {
                let mut err = csv_error(&self.file, &e);
                err.line = e.position().map(|p| self.line_at(byte(p.byte())));
                return Some(Err(err));
            }
            Ok(false) => return None,
            Ok(true) => {}
        }
        // The row's own line, past any blank ones: the reader's position for the row
        // is where it began looking for it, before the blank lines it skipped.
        self.line = self.line_at(start);
        Some(Ok(()))
    }
}

impl<'a> CsvTable<'a> {
    /// Bytes of this table's text as the text they are, taken from the pieces the
    /// file was checked in; checked again only where they are not within one.
    fn as_text(&self, bytes: &'a [u8]) -> Option<&'a str> {
        let at = bytes.as_ptr() as usize;
        self.checked
            .iter()
            .find_map(|piece| {
                let start = at.checked_sub(piece.as_ptr() as usize)?;
                piece.get(start..start.checked_add(bytes.len())?)
            })
            .or_else(|| std::str::from_utf8(bytes).ok())
    }

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
        let before = *self
            .lines_before
            .get_or_insert_with(|| count_line_ends(self.before));
        before + self.lines_counted + 1
    }

    fn wrong_field_count(&self) -> FileError {
        let row = self.fields();
        let (fields, header) = (row.len(), self.headers.len());
        let err = FileError::new(
            &self.file,
            format!("this row has {fields} fields but the header has {header}"),
        )
        .at_line(self.line);
        if fields > header {
            err.at_column(header + 1, "(none)").hint(format!(
                "The extra field is \"{}\"; put quotes around names that contain commas",
                row.get(header).unwrap_or_default()
            ))
        } else {
            err.hint("Every row needs a field for each column of the header, even if blank")
        }
    }
}

/// Where each comma of `line` is, in order, pushed onto `ends`: eight bytes at a time
/// as one number, whose bytes that are a comma are found together by arithmetic that
/// carries nothing from one byte to the next (each byte's top bit ends up set exactly
/// where it was a comma), then each comma by its bit. A byte at a time, with a test and
/// a branch for each, was most of the time of splitting a big file's rows; sixteen
/// bytes at a time, each compared into a mask of sixteen bits, took about 230
/// instructions a row of gen_big.py's file, this about half as many.
fn push_commas(line: &[u8], ends: &mut Vec<usize>) {
    // Byte k of a word is bits 8k to 8k + 7 (the word read little-endian, on every
    // machine), so a set bit's place over 8 is its byte's.
    const COMMAS: u64 = u64::from_le_bytes([b','; 8]);
    const LOW_SEVEN: u64 = u64::from_le_bytes([0x7f; 8]);
    let (words, rest) = line.as_chunks::<8>();
    for (w, word) in words.iter().enumerate() {
        // Zero where the byte was a comma.
        let x = u64::from_le_bytes(*word) ^ COMMAS;
        // A byte's low seven bits plus 0x7f reach its top bit unless all are zero, and
        // never carry into the next byte; with the byte's own top bit, every byte but
        // a zero one has its top bit set. With every low bit set too and all turned
        // over, only a zero byte's top bit is left.
        let mut commas = !(((x & LOW_SEVEN) + LOW_SEVEN) | x | LOW_SEVEN);
        while commas != 0 {
            ends.push(w * 8 + (commas.trailing_zeros() / 8) as usize);
            commas &= commas - 1;
        }
    }
    let at = words.len() * 8;
    ends.extend(
        rest.iter()
            .enumerate()
            .filter_map(|(k, &b)| (b == b',').then_some(at + k)),
    );
}

/// One data row.
pub struct Row<'r> {
    pub line: u64,
    fields: Fields<'r>,
}

impl Row<'_> {
    /// A field, trimmed; the apostrophe an export puts before a would-be formula
    /// taken off (`csv_out`), so that an export reads back as it was.
    pub fn get(&self, column: Option<usize>) -> &str {
        column
            .and_then(|c| self.fields.get(c))
            .map_or("", |f| crate::formats::csv_out::unprotect(trim_space(f)))
    }
}

/// A row's fields: a line of the file and where each field ends in it (split at
/// its commas), or as the CSV reader read them.
#[derive(Clone, Copy)]
enum Fields<'r> {
    Split { line: &'r str, ends: &'r [usize] },
    Read(&'r StringRecord),
}

impl<'r> Fields<'r> {
    fn len(self) -> usize {
        match self {
            Fields::Split { ends, .. } => ends.len(),
            Fields::Read(record) => record.len(),
        }
    }

    fn get(self, i: usize) -> Option<&'r str> {
        match self {
            Fields::Split { line, ends } => {
                let start = match i {
                    0 => 0,
                    _ => ends.get(i - 1)? + 1,
                };
                line.get(start..*ends.get(i)?)
            }
            Fields::Read(record) => record.get(i),
        }
    }

    fn iter(self) -> impl Iterator<Item = &'r str> {
        (0..self.len()).filter_map(move |i| self.get(i))
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
    let text = trim_space(text);
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
    use super::{CsvTable, count_line_ends};
    use proptest::prelude::*;

    #[test]
    fn commas_are_found_where_a_byte_at_a_time_finds_them() {
        // Lines of every length over several eight-byte steps, of commas, other ASCII
        // and the bytes of multi-byte letters (none of which is a comma's byte), and
        // the bytes next to a comma's in value or but for its top bit ("-", "+",
        // 0xac), 0 and 0xff, which a search eight bytes at a time could mistake.
        let pieces: [&[u8]; 10] = [
            b",",
            b"a",
            b" ",
            "é".as_bytes(),
            "Ynys Môn,".as_bytes(),
            b"-",
            b"+",
            &[0xac],
            &[0],
            &[0xff],
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for len in 0..80 {
            for _ in 0..200 {
                let mut line = Vec::new();
                while line.len() < len {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    line.extend_from_slice(pieces[(state % 10) as usize]);
                }
                let expected: Vec<usize> = line
                    .iter()
                    .enumerate()
                    .filter_map(|(i, &b)| (b == b',').then_some(i))
                    .collect();
                let mut found = vec![99];
                super::push_commas(&line, &mut found);
                assert_eq!(found[0], 99, "what was there is kept");
                assert_eq!(
                    found[1..],
                    expected[..],
                    "{:?}",
                    String::from_utf8_lossy(&line)
                );
            }
        }
    }

    /// Every row (its line and fields) or refusal a table reads, to the end.
    fn rows(text: &str, split_plain_rows: bool) -> Vec<Result<(u64, Vec<String>), String>> {
        let mut table = match CsvTable::new("t.csv", text.as_bytes()) {
            Ok(table) => table,
            Err(e) => return vec![Err(format!("{e:?}"))],
        };
        table.split_plain_rows = split_plain_rows;
        let mut out = Vec::new();
        while let Some(row) = table.next_row() {
            out.push(
                row.map(|r| (r.line, r.fields.iter().map(str::to_string).collect()))
                    .map_err(|e| format!("{e:?}")),
            );
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn rows_split_at_commas_read_as_the_csv_reader_reads_them(
            header in prop::sample::select(vec!["x,y,z\n", "x,y,z\r\n", "x,y,z\r", "\n\nx,y,z\n"]),
            body in prop::collection::vec(
                prop::sample::select(vec!["a", "é", ",", "\"", "\n", "\r", " ", "\r\n", "a,b,c", "\"\""]),
                0..40,
            ),
        ) {
            let text = format!("{header}{}", body.concat());
            prop_assert_eq!(rows(&text, true), rows(&text, false), "{:?}", text);
        }
    }

    #[test]
    fn a_big_texts_problems_are_found_in_halves_where_they_are_whole() {
        use super::{IN_HALVES_FROM, checked_text};
        fn text_problems(bytes: &[u8]) -> (bool, Option<usize>) {
            let (nul, checked) = checked_text(bytes);
            if let Ok(pieces) = checked {
                assert_eq!(pieces.concat().as_bytes(), bytes, "the pieces are the text");
            }
            (nul, checked.err())
        }
        let line = "Ynys Môn,1,Ann,Plaid Cymru,100\n".as_bytes();
        let text: Vec<u8> = line.repeat(IN_HALVES_FROM / line.len() + 2);
        let whole = |bytes: &[u8]| {
            (
                bytes.contains(&0),
                std::str::from_utf8(bytes).err().map(|e| e.valid_up_to()),
            )
        };
        assert_eq!(text_problems(&text), (false, None));
        let spoilt = |at: &[usize], byte: u8| {
            let mut bytes = text.clone();
            for &i in at {
                bytes[i] = byte;
            }
            assert_eq!(text_problems(&bytes), whole(&bytes), "{byte} at {at:?}");
        };
        let (early, late) = (1_000, text.len() - 1_000);
        for at in [&[early][..], &[late], &[early, late], &[text.len() / 2]] {
            spoilt(at, 0xFF);
            spoilt(at, 0);
        }
        // A character's second byte taken away where the text is split.
        let middle = text.len() / 2;
        let second_byte = middle + text[middle..].iter().position(|&b| b == 0xB4).unwrap();
        spoilt(&[second_byte], b'x');
    }

    #[test]
    fn a_row_with_a_quote_between_plain_rows_is_read_whole() {
        let text = "x,y,z\na,b,c\n\"d\ne\",f,g\r\n\rh,i,j";
        let read = rows(text, true);
        assert_eq!(read, rows(text, false));
        assert_eq!(
            read,
            vec![
                Ok((2, vec!["a".into(), "b".into(), "c".into()])),
                Err(read[1].clone().unwrap_err()),
                Ok((6, vec!["h".into(), "i".into(), "j".into()])),
            ]
        );
    }

    #[test]
    fn every_byte_is_told_from_a_comma_wherever_it_stands() {
        // Each of the 256 byte values at each place of a word, among commas and among
        // letters, in a line of two words and a few bytes more.
        for byte in 0..=255u8 {
            for at in 0..19 {
                for background in [b',', b'a'] {
                    let mut line = vec![background; 19];
                    line[at] = byte;
                    let expected: Vec<usize> =
                        (0..line.len()).filter(|&i| line[i] == b',').collect();
                    let mut found = Vec::new();
                    super::push_commas(&line, &mut found);
                    assert_eq!(
                        found, expected,
                        "byte {byte:#04x} at {at} among {background}"
                    );
                }
            }
        }
    }

    #[test]
    fn line_ends_are_counted_as_an_editor_counts_them() {
        // Every text of up to ten bytes of "a", "\r" and "\n" (short ones are looked at
        // a byte at a time, longer ones searched), against the rule said a byte at a
        // time: "\n" ends a line, and "\r" does unless "\n" follows.
        let alphabet = [b'a', b'\r', b'\n'];
        for len in 0..=10u32 {
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
