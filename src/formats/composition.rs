//! Council compositions: seats by party for councils of the night, from the app's own
//! long form (`council, party, seats`) or Open Council Data's history of
//! compositions (`authority, year, total, con, lab, ld, green, ukip, ref, pc, snp,
//! other`: one row per council and year, `--year` picks the year).

use crate::formats::FileError;
use crate::formats::csv_table::{ColumnSpec, CsvTable};
use crate::model::{Composition, CompositionKind, CouncilSeats, OTHERS};
use crate::tally::checks::parse_count;

const COUNCIL: ColumnSpec = ColumnSpec {
    name: "council",
    aliases: &["authority", "local_authority"],
};
const PARTY: ColumnSpec = ColumnSpec {
    name: "party",
    aliases: &[],
};
const SEATS: ColumnSpec = ColumnSpec {
    name: "seats",
    aliases: &[],
};
const YEAR: ColumnSpec = ColumnSpec {
    name: "year",
    aliases: &[],
};

/// Open Council Data's party columns, and the names the app knows the parties by.
/// "other" lumps independents and local parties together: it is kept as one group
/// that can never hold control.
const WIDE_PARTIES: &[(&str, &str)] = &[
    ("con", "Conservative"),
    ("lab", "Labour"),
    ("ld", "Liberal Democrats"),
    ("green", "Green Party"),
    ("ukip", "UKIP"),
    ("ref", "Reform UK"),
    ("pc", "Plaid Cymru"),
    ("snp", "SNP"),
    ("other", OTHERS),
];

/// Reads a composition file; `year` picks the year of a file with several.
///
/// Long: One pass over the rows: each field is checked in the file's order against what
/// earlier rows set (the division being read, fields that must agree); split, the pieces
/// would hand that state back and forth.
pub fn read(
    file: &str,
    bytes: &[u8],
    kind: CompositionKind,
    year: Option<&str>,
) -> Result<Composition, FileError> {
    let mut table = CsvTable::new(file, bytes)?;
    let c_council = table.require(&COUNCIL)?;
    let headers = table.headers().to_vec();
    let c_party = table.column(&PARTY);
    let c_seats = table.column(&SEATS);
    let c_year = table.column(&YEAR);
    let wide: Vec<(usize, &str)> = WIDE_PARTIES
        .iter()
        .filter_map(|(column, party)| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(column))
                .map(|c| (c, *party))
        })
        .collect();
    let long = c_party.is_some() && c_seats.is_some();
    if !long && wide.is_empty() {
        return Err(FileError::new(
            file,
            "it has neither party and seats columns nor Open Council Data's party columns (con, lab, ld, …)",
        )
        .hint("Give one row per council and party with columns council, party, seats"));
    }
    let mut councils: Vec<CouncilSeats> = Vec::new();
    let mut years: Vec<String> = Vec::new();
    while let Some(row) = table.next_row() {
        let row = row?;
        let line = row.line;
        let at = |c: usize, problem: String| FileError::in_cell(file, line, c, &headers, problem);
        let row_year = row.get(c_year);
        if !row_year.is_empty() && !years.iter().any(|y| y == row_year) {
            years.push(row_year.to_string());
        }
        if let Some(y) = year
            && !row_year.is_empty()
            && row_year != y
        {
            continue;
        }
        let council = row.get(Some(c_council)).trim();
        if council.is_empty() {
            return Err(at(c_council, "the council is blank".into())
                .hint("Every row needs its council's name"));
        }
        let count = |c: usize| -> Result<u64, FileError> {
            match parse_count(row.get(Some(c))) {
                Ok(Some(n)) => Ok(n),
                // A blank is not a zero: a council's seats left out would change who
                // controls it without a word.
                Ok(None) => Err(at(c, "the number of seats is blank".into())
                    .hint("Write 0 for a party with no seats, or leave the row out")),
                Err(_) => Err(at(
                    c,
                    format!("\"{}\" is not a number of seats", row.get(Some(c))),
                )
                .hint("Seats are whole numbers, 0 or more")),
            }
        };
        let mut seats: Vec<(String, u64)> = Vec::new();
        if long {
            let (Some(cp), Some(cs)) = (c_party, c_seats) else {
                continue;
            };
            seats.push((row.get(Some(cp)).trim().to_string(), count(cs)?));
        } else {
            for &(c, party) in &wide {
                seats.push((party.to_string(), count(c)?));
            }
        }
        match councils
            .iter_mut()
            .find(|c| c.council.eq_ignore_ascii_case(council))
        {
            Some(existing) if long => existing.seats.extend(seats),
            Some(_) => {
                return Err(at(
                    c_council,
                    format!("{council} has more than one row for the same year"),
                )
                .hint(format!(
                    "Choose the year with --year (the file has {})",
                    years.join(", ")
                )));
            }
            None => councils.push(CouncilSeats {
                council: council.to_string(),
                seats,
            }),
        }
    }
    if councils.is_empty() {
        return Err(FileError::new(
            file,
            match year {
                Some(y) => format!("it has no rows for {y}"),
                None => "it has a header but no rows".to_string(),
            },
        ));
    }
    let source = match year {
        Some(y) => format!("{file} ({y})"),
        None => file.to_string(),
    };
    Ok(Composition {
        kind,
        source,
        councils,
    })
}
