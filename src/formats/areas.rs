//! A lookup of the area (district, count centre, region) of each division, as a CSV
//! with the columns `division` and `area`, for files that do not carry one.

use std::collections::HashMap;

use crate::formats::FileError;
use crate::formats::csv_table::{ColumnSpec, CsvTable};
use crate::model::{Election, division_key};

const DIVISION: ColumnSpec = ColumnSpec {
    name: "division",
    aliases: &["ward", "constituency"],
};
const AREA: ColumnSpec = ColumnSpec {
    name: "area",
    aliases: &["district", "count_centre", "region"],
};

/// Division name (as a matching key) to area.
pub fn read(file: &str, bytes: &[u8]) -> Result<HashMap<String, (String, String)>, FileError> {
    let mut table = CsvTable::new(file, bytes)?;
    let c_division = table.require(&DIVISION)?;
    let c_area = table.require(&AREA)?;
    let mut areas = HashMap::new();
    while let Some(row) = table.next_row() {
        let row = row?;
        let (division, area) = (row.get(Some(c_division)), row.get(Some(c_area)));
        if division.is_empty() || area.is_empty() {
            return Err(FileError::new(file, "a division or area is blank")
                .at_line(row.line)
                .hint("Every row needs a division and its area"));
        }
        areas.insert(
            division_key(division),
            (division.to_string(), area.to_string()),
        );
    }
    Ok(areas)
}

/// Sets each division's area from the lookup. Every division must be in it, so that a
/// misspelling cannot pass unnoticed; entries for other divisions are ignored (one
/// lookup serves several elections on the same boundaries).
pub fn apply(
    file: &str,
    election: &mut Election,
    areas: &HashMap<String, (String, String)>,
) -> Result<(), FileError> {
    let missing: Vec<&str> = election
        .divisions
        .iter()
        .filter(|d| !areas.contains_key(&division_key(&d.name)))
        .map(|d| d.name.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(
            FileError::new(file, format!("no area for {}", missing.join(", ")))
                .hint("Add a row for each of these divisions"),
        );
    }
    for division in &mut election.divisions {
        division.area = areas
            .get(&division_key(&division.name))
            .map(|(_, a)| a.clone());
    }
    Ok(())
}
