//! The Commons Library's results by constituency read as a baseline
//! (`docs/formats.md`, "Other formats"): one row a constituency and one column of
//! votes a party ("Con", "Lab", … "All other candidates"), no candidates. Notional
//! results on new boundaries — the only baseline a general election after a boundary
//! review has — come in this shape. Each party's column becomes one candidate of that
//! party, named after it (the winner by the member's name where the file gives it), so
//! that the tally reads the last election's shares and winners as from any other file.

use crate::formats::FileError;
use crate::formats::commons_library::{repair_mojibake, uk_time};
use crate::formats::csv_table::{ColumnSpec, CsvTable, header_key};
use crate::formats::native::{RawCandidate, RawDivision, RawResults, some_candidates};
use crate::model::{CandidateSetup, DivisionSetup, OTHERS, PollKind};
use crate::tally::checks::{CountProblem, CountText, parse_count};

const fn column(name: &'static str) -> ColumnSpec {
    ColumnSpec { name, aliases: &[] }
}

const ONS_ID: ColumnSpec = column("ONS ID");
const CONSTITUENCY: ColumnSpec = column("Constituency name");
const REGION: ColumnSpec = column("Region name");
const ELECTORATE: ColumnSpec = column("Electorate");
const INVALID: ColumnSpec = column("Invalid votes");
const DECLARATION_TIME: ColumnSpec = column("Declaration time");
const FIRST_PARTY: ColumnSpec = column("First party");
const MEMBER_FIRST_NAME: ColumnSpec = column("Member first name");
const MEMBER_SURNAME: ColumnSpec = column("Member surname");
const MAJORITY: ColumnSpec = column("Majority");
const VALID: ColumnSpec = column("Valid votes");
const ALL_OTHER: ColumnSpec = column("All other candidates");
const OTHER_WINNER: ColumnSpec = column("Of which other winner");
const PARTY_NAME: ColumnSpec = column("Party name");

/// The Library's party abbreviations, in its columns and its "First party", and the
/// names its by-candidate files give those parties, so that a party here is the same
/// party as tonight's candidates of it.
const PARTIES: [(&str, &str); 20] = [
    ("Con", "Conservative"),
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

/// The party an abbreviation stands for; an abbreviation the table does not know is
/// taken as the party's name.
fn party_of(abbreviation: &str) -> &str {
    PARTIES
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(abbreviation.trim()))
        .map_or(abbreviation.trim(), |(_, name)| name)
}

/// Whether the file is the Library's results by constituency: party columns, no
/// candidates.
pub fn looks_like(bytes: &[u8]) -> bool {
    CsvTable::new("", bytes).is_ok_and(|table| {
        table.column(&PARTY_NAME).is_none()
            && table.column(&ONS_ID).is_some()
            && (table.column(&FIRST_PARTY).is_some() || table.column(&ALL_OTHER).is_some())
    })
}

/// One party's column: where it is and the party it counts.
struct PartyColumn {
    index: usize,
    party: String,
}

/// The party columns: every header the table of abbreviations knows, and any other
/// between "Majority" and "All other candidates", where the Library puts its parties.
fn party_columns(table: &CsvTable) -> Vec<PartyColumn> {
    let written = table.headers_as_written();
    let between = match (table.column(&MAJORITY), table.column(&ALL_OTHER)) {
        (Some(m), Some(a)) if m < a => Some((m, a)),
        _ => None,
    };
    written
        .iter()
        .enumerate()
        .filter_map(|(index, header)| {
            let known = PARTIES
                .iter()
                .any(|(a, _)| header_key(a) == header_key(header));
            let placed = between.is_some_and(|(m, a)| m < index && index < a);
            (known || placed).then(|| PartyColumn {
                index,
                party: party_of(header).to_string(),
            })
        })
        .collect()
}

/// A figure as the file writes it: blank is none (the party did not stand); decimals
/// are kept (notional estimates may have them; shares in per cent do), to be made
/// whole votes once the file is read ([`whole_votes`]).
fn figure_of(text: &str) -> Result<f64, String> {
    match parse_count(text) {
        // Counts are at most a billion: exact as f64.
        #[allow(clippy::cast_precision_loss)]
        Ok(v) => Ok(v.unwrap_or(0) as f64),
        Err(CountProblem::NotWholeNumber) => match text.trim().parse::<f64>() {
            Ok(v) if (0.0..1e9).contains(&v) => Ok(v),
            _ => Err(format!("\"{text}\" is not a number of votes")),
        },
        Err(CountProblem::Negative) => Err(format!("the votes \"{text}\" are negative")),
        Err(CountProblem::TooLarge) => Err(format!(
            "the votes \"{text}\" are too many to be a real count"
        )),
    }
}

/// What the figures of a file are: votes, or shares in per cent (every
/// constituency's add up to 100), which a baseline can use as well, since it needs
/// only each party's share and the winner.
#[derive(Clone, Copy, PartialEq)]
enum Figures {
    Votes,
    Shares,
}

/// Tells votes from shares: shares where every constituency's figures add up to
/// 100 (within rounding to one decimal), which no constituency's votes do.
fn figures_are(rows: &[Vec<f64>]) -> Figures {
    let shares = !rows.is_empty()
        && rows
            .iter()
            .all(|r| (r.iter().sum::<f64>() - 100.0).abs() <= 0.6);
    if shares {
        Figures::Shares
    } else {
        Figures::Votes
    }
}

/// A figure as whole votes: a count rounded to the nearest vote; a share in per cent
/// as a share of the valid votes where the file gives them, else of 10,000 (so that
/// a share keeps two decimals).
fn whole_votes(figure: f64, figures: Figures, valid: Option<f64>) -> u64 {
    let votes = match figures {
        Figures::Votes => figure,
        Figures::Shares => figure * valid.filter(|&v| v > 0.0).unwrap_or(10_000.0) / 100.0,
    };
    // Figures are checked finite, not negative and below 1e9 as they are read.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let whole = votes.round() as u64;
    whole
}

/// Reads the file as a baseline; notes say what was worked out (figures rounded,
/// shares read as shares).
///
/// Long: One pass over the rows, each checked as it is read (its votes, its first
/// party against them); split, the checks would need the row handed on.
pub fn read_raw(file: &str, bytes: &[u8]) -> Result<(RawResults, Vec<String>), FileError> {
    let mut table = CsvTable::new(file, bytes)?;
    let c_id = table.require(&ONS_ID)?;
    let c_name = table.require(&CONSTITUENCY)?;
    let c_region = table.column(&REGION);
    let c_electorate = table.column(&ELECTORATE);
    let c_invalid = table.column(&INVALID);
    let c_time = table.column(&DECLARATION_TIME);
    let c_first = table.column(&FIRST_PARTY);
    let c_member = (
        table.column(&MEMBER_FIRST_NAME),
        table.column(&MEMBER_SURNAME),
    );
    let c_all_other = table.column(&ALL_OTHER);
    let c_other_winner = table.column(&OTHER_WINNER);
    let columns = party_columns(&table);
    let headers = table.headers_as_written().to_vec();
    if columns.is_empty() {
        return Err(FileError::new(
            file,
            "no column of votes by party (the Library's are headed Con, Lab, LD and so on)",
        )
        .at_line(1)
        .hint("Give the results by constituency as the Commons Library publishes them"));
    }
    let c_valid = table.column(&VALID);
    let mut divisions: Vec<RawDivision> = Vec::new();
    // Per division: its candidates' figures, and its valid votes where given.
    let mut figures: Vec<Vec<f64>> = Vec::new();
    let mut valid: Vec<Option<f64>> = Vec::new();
    let mut seen: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    while let Some(row) = table.next_row() {
        let row = row?;
        let line = row.line;
        let at = |c: usize, problem: String, hint: &str| {
            FileError::new(file, problem)
                .at_line(line)
                .at_column(c + 1, &headers[c])
                .hint(hint)
        };
        let id = row.get(Some(c_id));
        if id.is_empty() {
            return Err(at(
                c_id,
                "the ONS ID is blank".into(),
                "Every row needs its constituency's ONS ID",
            ));
        }
        if let Some(first) = seen.insert(id.to_string(), line) {
            return Err(at(
                c_id,
                format!("constituency {id} is given twice (first on line {first})"),
                "Keep one row per constituency",
            ));
        }
        let mut votes: Vec<(String, f64)> = Vec::new();
        for pc in &columns {
            let v = figure_of(row.get(Some(pc.index)))
                .map_err(|p| at(pc.index, p, "Correct the figure or leave it blank"))?;
            if v > 0.0 {
                votes.push((pc.party.clone(), v));
            }
        }
        let first = c_first
            .map(|c| (c, row.get(Some(c))))
            .filter(|(_, t)| !t.is_empty());
        let others = match c_all_other {
            Some(c) => figure_of(row.get(Some(c)))
                .map_err(|p| at(c, p, "Correct the figure or leave it blank"))?,
            None => 0.0,
        };
        let mut others_left = others;
        // A winner without a column of its own (the Speaker, an independent) is among
        // "All other candidates": the file says how many of those were the winner's,
        // or, where it does not, all of them are taken as the winner's.
        if let Some((c, abbreviation)) = first {
            let winner = party_of(abbreviation).to_string();
            if !votes.iter().any(|(p, _)| *p == winner) {
                let winner_votes = match c_other_winner {
                    Some(w) => figure_of(row.get(Some(w)))
                        .map_err(|p| at(w, p, "Correct the figure or leave it blank"))?,
                    None => others,
                };
                let winner_votes = if winner_votes > 0.0 {
                    winner_votes
                } else {
                    others
                };
                if winner_votes <= 0.0 || winner_votes > others {
                    return Err(at(
                        c,
                        format!(
                            "the first party is \"{abbreviation}\", which has no column here, and the other candidates' votes ({others}) cannot hold its {winner_votes}"
                        ),
                        "Correct the first party or the votes",
                    ));
                }
                others_left = others - winner_votes;
                votes.push((winner, winner_votes));
            }
            // The first party must have the most votes: a baseline whose winner is
            // not its largest party would give every gain against it wrong.
            let top = votes.iter().map(|&(_, v)| v).fold(0.0, f64::max);
            let said = party_of(abbreviation);
            let said_votes = votes
                .iter()
                .find(|(p, _)| p == said)
                .map_or(0.0, |&(_, v)| v);
            if said_votes < top {
                let (bigger, bigger_votes) = votes
                    .iter()
                    .find(|&&(_, v)| v == top)
                    .cloned()
                    .unwrap_or_default();
                return Err(at(
                    c,
                    format!(
                        "the first party is \"{abbreviation}\" with {said_votes} votes, but {bigger} has {bigger_votes}"
                    ),
                    "Correct the first party or the votes",
                ));
            }
        }
        if others_left > 0.0 {
            votes.push((OTHERS.to_string(), others_left));
        }
        if votes.is_empty() {
            return Err(
                FileError::new(file, format!("constituency {id} has no votes"))
                    .at_line(line)
                    .hint("Give each party's votes, or leave the constituency out"),
            );
        }
        let fix = |text: &str| repair_mojibake(text).unwrap_or_else(|| text.to_string());
        let member = format!("{} {}", row.get(c_member.0), row.get(c_member.1));
        let member = fix(member.trim());
        let winner = first.map(|(_, a)| party_of(a).to_string());
        let electorate = match row.get(c_electorate) {
            "" => None,
            text => crate::formats::electorate(text).map_err(|p| {
                at(
                    c_electorate.unwrap_or_default(),
                    p,
                    "Correct it or leave it blank",
                )
            })?,
        };
        let declared_at = match row.get(c_time) {
            "" => None,
            text => uk_time(text),
        };
        let candidates = votes
            .iter()
            .map(|(party, _)| {
                let name = if Some(party) == winner.as_ref() && !member.is_empty() {
                    member.clone()
                } else if party == OTHERS {
                    "All other candidates".to_string()
                } else {
                    party.clone()
                };
                CandidateSetup::new(name, party.as_str())
            })
            .collect();
        let mut division = RawDivision::named(
            DivisionSetup {
                name: fix(row.get(Some(c_name))),
                code: Some(id.to_string()),
                area: c_region
                    .map(|c| row.get(Some(c)).to_string())
                    .filter(|a| !a.is_empty()),
                seats: 1,
                electorate,
                candidates,
                ..DivisionSetup::default()
            },
            line,
        );
        division.rejected = CountText::new(row.get(c_invalid));
        division.declared_at = declared_at;
        figures.push(votes.iter().map(|&(_, v)| v).collect());
        valid.push(
            Some(row.get(c_valid))
                .filter(|t| !t.is_empty())
                .and_then(|t| figure_of(t).ok()),
        );
        divisions.push(division);
    }
    some_candidates(file, &divisions)?;
    let kind = figures_are(&figures);
    let mut rounded = 0;
    for ((division, figures), valid) in divisions.iter_mut().zip(&figures).zip(&valid) {
        let line = division.line;
        division.candidates = figures
            .iter()
            .map(|&v| {
                rounded += usize::from(kind == Figures::Votes && v.fract() != 0.0);
                RawCandidate {
                    votes: CountText::Digits(whole_votes(v, kind, *valid)),
                    elected: None,
                    won_by_lot: None,
                    line,
                }
            })
            .collect();
    }
    let mut notes = vec![format!(
        "{file}: read as results by constituency, one candidate a party column ({} columns); parties without a column of their own are counted together as \"{OTHERS}\", so each of them is new against this baseline: their seats won and lost are right, their changes in share are not theirs alone",
        columns.len()
    )];
    if kind == Figures::Shares {
        notes.push(format!(
            "{file}: every constituency's figures add up to 100: read as shares in per cent, made votes of {}",
            if c_valid.is_some() {
                "each constituency's valid votes"
            } else {
                "10,000 (the file gives no valid votes)"
            }
        ));
    }
    if rounded > 0 {
        let figures = if rounded == 1 { "figure" } else { "figures" };
        notes.push(format!(
            "{file}: {rounded} {figures} with decimals (estimates) rounded to whole votes"
        ));
    }
    let votes_column = columns[0].index;
    Ok((
        RawResults {
            poll: PollKind::Parliament,
            ..RawResults::votes_only(file, divisions, votes_column, headers)
        },
        notes,
    ))
}
