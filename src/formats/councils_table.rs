//! The table of councils shipped with the app (`assets/councils.csv`): each
//! council's size, year by year, and how it elects where a source has said. A night
//! that elects fewer seats of a council than it has is only part of that council:
//! its control is not called on tonight's seats alone. Edit the asset to add a
//! council or correct a size; its sources are credited in `assets/README.md`.

use std::sync::OnceLock;

use crate::tally::baseline::council_key;

/// One council in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilYear {
    pub council: String,
    /// The Office for National Statistics code, where known.
    pub code: String,
    pub year: i32,
    /// All its seats.
    pub seats: u64,
    /// "all-out", "thirds", "halves", or empty where no source has said.
    pub elects: String,
}

const SHIPPED: &str = include_str!("../../assets/councils.csv");

/// The shipped table, read once. A row that does not read is left out (the table's
/// own test checks that every row reads).
pub fn shipped() -> &'static [CouncilYear] {
    &keyed().1
}

/// The shipped table and each row's council as [`council_key`] writes it, so that a
/// night of many councils looks each up without re-keying the table.
fn keyed() -> &'static (Vec<String>, Vec<CouncilYear>) {
    static TABLE: OnceLock<(Vec<String>, Vec<CouncilYear>)> = OnceLock::new();
    TABLE.get_or_init(|| {
        let rows = read(SHIPPED).0;
        (rows.iter().map(|r| council_key(&r.council)).collect(), rows)
    })
}

/// Reads a table of councils; the rows that do not read, by line.
pub fn read(text: &str) -> (Vec<CouncilYear>, Vec<u64>) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    for record in reader.records() {
        let Ok(r) = record else {
            bad.push(0);
            continue;
        };
        let line = r.position().map_or(0, |p| p.line());
        let field = |i: usize| r.get(i).unwrap_or("").trim();
        match (field(2).parse::<i32>(), field(3).parse::<u64>()) {
            (Ok(year), Ok(seats)) if !field(0).is_empty() && seats > 0 => {
                rows.push(CouncilYear {
                    council: field(0).to_string(),
                    code: field(1).to_string(),
                    year,
                    seats,
                    elects: field(4).to_string(),
                });
            }
            _ => bad.push(line),
        }
    }
    (rows, bad)
}

/// A council's row for `year` (the nearest year before it where that year is
/// missing), or its latest row when the year of the night is not known.
pub fn find(council: &str, year: Option<i32>) -> Option<&'static CouncilYear> {
    let key = council_key(council);
    let (keys, rows) = keyed();
    let rows = rows
        .iter()
        .zip(keys)
        .filter(|(_, k)| **k == key)
        .map(|(r, _)| r);
    match year {
        Some(y) => rows.filter(|r| r.year <= y).max_by_key(|r| r.year),
        None => rows.max_by_key(|r| r.year),
    }
}

/// A council's row by its ONS code, as [`find`] picks the year.
pub fn find_code(code: &str, year: Option<i32>) -> Option<&'static CouncilYear> {
    let rows = shipped()
        .iter()
        .filter(|r| !r.code.is_empty() && r.code == code.trim());
    match year {
        Some(y) => rows.filter(|r| r.year <= y).max_by_key(|r| r.year),
        None => rows.max_by_key(|r| r.year),
    }
}

/// The year a file's name gives ("leap-2017-05-04.csv", "local-elections-2021"): a
/// run of four digits from 1900 to 2199, the first one.
pub fn year_in_name(name: &str) -> Option<i32> {
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                let year: i32 = name[start..i].parse().ok()?;
                if (1900..2200).contains(&year) {
                    return Some(year);
                }
            }
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_shipped_table_reads() {
        let (rows, bad) = read(SHIPPED);
        assert!(bad.is_empty(), "lines that do not read: {bad:?}");
        assert_eq!(rows.len(), SHIPPED.lines().count() - 1);
        // Lancashire: 84 seats every year; Buckinghamshire's unitary of 2021 had 147.
        assert_eq!(
            find("Lancashire County Council", Some(2025)).map(|r| r.seats),
            Some(84)
        );
        assert_eq!(
            find("Buckinghamshire", Some(2021)).map(|r| r.seats),
            Some(147)
        );
        assert_eq!(find("County Durham", None).map(|r| r.seats), Some(98));
    }

    #[test]
    fn a_year_is_read_from_a_file_name() {
        assert_eq!(year_in_name("leap-2017-05-04.csv"), Some(2017));
        assert_eq!(
            year_in_name("commons-library-local-elections-2021.xlsx"),
            Some(2021)
        );
        assert_eq!(year_in_name("results.csv"), None);
        assert_eq!(year_in_name("ward12345.csv"), None);
    }
}
