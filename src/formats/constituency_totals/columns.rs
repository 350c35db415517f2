//! Which columns of a file by constituency are parties, and which party each is.

use crate::formats::csv_table::{ColumnSpec, CsvTable, header_key};

const fn column(name: &'static str) -> ColumnSpec {
    ColumnSpec { name, aliases: &[] }
}

pub const ONS_ID: ColumnSpec = column("ONS ID");
pub const CONSTITUENCY: ColumnSpec = column("Constituency name");
pub const REGION: ColumnSpec = column("Region name");
pub const ELECTORATE: ColumnSpec = column("Electorate");
pub const INVALID: ColumnSpec = column("Invalid votes");
pub const VALID: ColumnSpec = column("Valid votes");
pub const DECLARATION_TIME: ColumnSpec = column("Declaration time");
pub const FIRST_PARTY: ColumnSpec = column("First party");
pub const MEMBER_FIRST_NAME: ColumnSpec = column("Member first name");
pub const MEMBER_SURNAME: ColumnSpec = column("Member surname");
pub const MAJORITY: ColumnSpec = column("Majority");
pub const ALL_OTHER: ColumnSpec = ColumnSpec {
    name: "All other candidates",
    aliases: &["Other", "Others", "Oth", "All others"],
};
pub const OTHER_WINNER: ColumnSpec = column("Of which other winner");
const PARTY_NAME: ColumnSpec = column("Party name");

/// The Library's columns that are not parties, wherever a file puts them.
const NOT_PARTIES: [&str; 20] = [
    "ONS ID",
    "ONS region ID",
    "Constituency name",
    "County name",
    "Region name",
    "Country name",
    "Constituency type",
    "Declaration time",
    "Member first name",
    "Member surname",
    "Member gender",
    "Result",
    "First party",
    "Second party",
    "Electorate",
    "Valid votes",
    "Invalid votes",
    "Majority",
    "All other candidates",
    "Of which other winner",
];

/// The Library's party abbreviations, in its columns and its "First party", and the
/// names its by-candidate files give those parties, so that a party here is the same
/// party as tonight's candidates of it.
const PARTIES: [(&str, &str); 23] = [
    ("Con", "Conservative"),
    ("LDem", "Liberal Democrat"),
    ("BXP", "The Brexit Party"),
    ("Grn", "Green Party"),
    ("Lab", "Labour"),
    ("LD", "Liberal Democrat"),
    ("BRX", "The Brexit Party"),
    ("RUK", "Reform UK"),
    ("Reform", "Reform UK"),
    ("UKIP", "UK Independence Party"),
    ("Green", "Green Party"),
    ("SNP", "Scottish National Party"),
    ("PC", "Plaid Cymru"),
    ("DUP", "Democratic Unionist Party"),
    ("SF", "Sinn Féin"),
    ("SDLP", "Social Democratic & Labour Party"),
    ("UUP", "Ulster Unionist Party"),
    ("APNI", "Alliance"),
    ("TUV", "Traditional Unionist Voice"),
    ("Alba", "Alba Party"),
    ("Yrks", "The Yorkshire Party"),
    ("Spk", "Speaker"),
    ("Ind", "Independent"),
];

/// Winners the Library counts among "All other candidates", having no column of
/// their own: the Speaker, independents.
const AMONG_OTHERS: [&str; 2] = ["Spk", "Ind"];

/// An abbreviation as the table reads it: what comes before a note in brackets
/// ("UUP (as UCUNF)", the 2010 file's, is the UUP).
fn bare(abbreviation: &str) -> &str {
    abbreviation
        .split_once('(')
        .map_or(abbreviation, |(before, _)| before)
        .trim()
}

/// The party an abbreviation (or the party's own name) stands for, if the table
/// knows it.
pub fn known_party(abbreviation: &str) -> Option<&'static str> {
    let bare = bare(abbreviation);
    PARTIES
        .iter()
        .find(|(a, name)| {
            a.eq_ignore_ascii_case(bare)
                || crate::model::party_key(name) == crate::model::party_key(bare)
        })
        .map(|&(_, name)| name)
}

/// The party an abbreviation stands for; one the table does not know is taken as
/// the party's name.
pub fn party_of(abbreviation: &str) -> String {
    known_party(abbreviation).map_or_else(|| abbreviation.trim().to_string(), str::to_string)
}

/// Whether a winner of this abbreviation is counted among "All other candidates"
/// rather than in a column of its own: the Speaker, an independent, or a party the
/// table does not know.
pub fn counted_among_others(abbreviation: &str) -> bool {
    let bare = bare(abbreviation);
    AMONG_OTHERS.iter().any(|a| a.eq_ignore_ascii_case(bare)) || known_party(bare).is_none()
}

/// Whether the file is the Library's results by constituency: party columns, no
/// candidates.
pub fn looks_like(bytes: &[u8]) -> bool {
    CsvTable::new("", bytes).is_ok_and(|table| {
        table.column(&PARTY_NAME).is_none()
            && table.column(&ONS_ID).is_some()
            && (table.column(&FIRST_PARTY).is_some()
                || table.column(&ALL_OTHER).is_some()
                || table
                    .headers_as_written()
                    .iter()
                    .any(|h| known_party(h).is_some()))
    })
}

/// Columns the reader does not read: neither a party's nor one of the Library's
/// others, so said rather than passed over.
pub fn unread_columns(table: &CsvTable, parties: &[PartyColumn]) -> Vec<String> {
    table
        .headers_as_written()
        .iter()
        .enumerate()
        .filter(|(i, h)| {
            !h.trim().is_empty()
                && !parties.iter().any(|p| p.index == *i)
                && !NOT_PARTIES.iter().any(|n| header_key(n) == header_key(h))
                && table.column(&ALL_OTHER) != Some(*i)
        })
        .map(|(_, h)| h.trim().to_string())
        .collect()
}

/// One party's column: where it is and the party it counts.
pub struct PartyColumn {
    pub index: usize,
    pub party: String,
    /// The header is not among the Library's abbreviations: taken as a party's name.
    pub unknown: bool,
}

/// The party columns: every header the table of abbreviations knows, and any other
/// between "Majority" and "All other candidates", where the Library puts its parties,
/// that is not one of its other columns and has a name.
pub fn party_columns(table: &CsvTable) -> Vec<PartyColumn> {
    let written = table.headers_as_written();
    let between = match (table.column(&MAJORITY), table.column(&ALL_OTHER)) {
        (Some(m), Some(a)) if m < a => Some((m, a)),
        _ => None,
    };
    let not_party = |header: &str| {
        header.trim().is_empty()
            || NOT_PARTIES
                .iter()
                .any(|n| header_key(n) == header_key(header))
    };
    written
        .iter()
        .enumerate()
        .filter_map(|(index, header)| {
            let known = known_party(header).is_some();
            let placed = between.is_some_and(|(m, a)| m < index && index < a);
            (known || (placed && !not_party(header))).then(|| PartyColumn {
                index,
                party: party_of(header),
                unknown: !known,
            })
        })
        .collect()
}
