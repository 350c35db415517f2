//! A party colours file (`party, short_name, colour`), read into rows for
//! [`PartyColours`](crate::colours::PartyColours), with what is wrong and where.

use crate::colours::{ColourRow, Rgb};
use crate::formats::FileError;
use crate::formats::csv_table::{ColumnSpec, CsvTable};

const PARTY: ColumnSpec = ColumnSpec {
    name: "party",
    aliases: &["party_name"],
};
const SHORT: ColumnSpec = ColumnSpec {
    name: "short_name",
    aliases: &["abbreviation"],
};
const COLOUR: ColumnSpec = ColumnSpec {
    name: "colour",
    aliases: &["color"],
};

/// Every row of a colours file; refused at the first colour that is not one.
pub fn read(file: &str, bytes: &[u8]) -> Result<Vec<ColourRow>, FileError> {
    let mut table = CsvTable::new(file, bytes)?;
    let c_party = table.require(&PARTY)?;
    let c_colour = table.require(&COLOUR)?;
    let c_short = table.column(&SHORT);
    let mut rows = Vec::new();
    while let Some(row) = table.next_row() {
        let row = row?;
        let colour_text = row.get(Some(c_colour));
        let Some(colour) = Rgb::parse(colour_text) else {
            return Err(
                FileError::new(file, format!("\"{colour_text}\" is not a colour"))
                    .at_line(row.line)
                    .at_column(c_colour + 1, "colour")
                    .hint("Write colours as #RRGGBB, e.g. #E4003B"),
            );
        };
        rows.push(ColourRow {
            party: row.get(Some(c_party)).to_string(),
            short_name: row.get(c_short).to_string(),
            colour,
        });
    }
    Ok(rows)
}
