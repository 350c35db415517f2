//! Final results as CSV: one row per division, or one row per party. The candidates
//! export is the app's own format (`native::write`).

use std::io::Write;

use crate::formats::native::{self, Content};
use crate::report::{Summary, SummaryOptions, summarise};
use crate::tally::Tally;

/// The final results files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// One row per candidate: the app's own format with `elected` filled.
    Candidates,
    /// One row per division: winners, majority, turnout, result.
    Divisions,
    /// One row per party: seats, votes, share and changes.
    Parties,
    /// Democracy Club's results columns.
    DemocracyClub,
}

impl What {
    pub fn label(self) -> &'static str {
        match self {
            What::Candidates => "candidates",
            What::Divisions => "divisions",
            What::Parties => "parties",
            What::DemocracyClub => "Democracy Club results",
        }
    }
}

/// The bytes of an export.
pub fn export(tally: &Tally, what: What) -> Result<Vec<u8>, csv::Error> {
    let mut bytes = Vec::new();
    match what {
        What::Candidates => native::write(&mut bytes, tally, Content::Results)?,
        What::Divisions => {
            write_divisions(&mut bytes, &summarise(tally, &SummaryOptions::default()))?
        }
        What::Parties => write_parties(&mut bytes, &summarise(tally, &SummaryOptions::default()))?,
        What::DemocracyClub => crate::formats::democracy_club::write(&mut bytes, tally)?,
    }
    Ok(bytes)
}

/// A line saying the night is not over, for the top of an export's summary; none when
/// every division is declared.
pub fn unfinished_note(tally: &Tally) -> Option<String> {
    let totals = tally.totals();
    let undecided = tally.election().divisions.len() as u64 - totals.divisions_declared;
    (undecided > 0).then(|| {
        format!(
            "{undecided} divisions are not declared yet ({} tied); the export shows the night so far",
            totals.divisions_tied
        )
    })
}

/// A figure with a fixed number of decimals, blank when unknown.
fn decimals(value: Option<f64>, places: usize) -> String {
    value.map(|v| format!("{v:.places$}")).unwrap_or_default()
}

fn number<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// One row per division: winners, majority, majority %, turnout and result.
pub fn write_divisions<W: Write>(out: W, summary: &Summary) -> Result<(), csv::Error> {
    let mut writer = crate::formats::csv_out::Writer::from_writer(out);
    // The paper account's columns only where a declaration gave one: a night without
    // them is written as before.
    let with_account = summary.divisions.iter().any(|d| d.paper_account.is_some());
    let mut header = vec![
        "division",
        "division_id",
        "area",
        "seats",
        "status",
        "winners",
        "winning_parties",
        "majority",
        "majority_percent",
        "turnout_percent",
        "electorate",
        "ballots_issued",
        "rejected",
        "valid_votes",
        "result",
        "declared_at",
    ];
    if with_account {
        header.extend([
            "ballots_verified",
            "ballots_counted",
            "rejected_by_heading",
            "rejected_in_part",
            "discrepancy",
        ]);
    }
    writer.write_record(&header)?;
    for d in &summary.divisions {
        let winners: Vec<String> = d
            .winners
            .iter()
            .map(|w| {
                let lot = if w.by_lot { ", by lot" } else { "" };
                format!("{} ({}{lot})", w.candidate, w.party)
            })
            .collect();
        let parties: Vec<&str> = d.winners.iter().map(|w| w.party.as_str()).collect();
        let mut record = vec![
            d.division.clone(),
            d.division_id.clone().unwrap_or_default(),
            d.area.clone().unwrap_or_default(),
            d.seats.to_string(),
            d.status.to_string(),
            winners.join("; "),
            parties.join("; "),
            number(d.majority),
            decimals(d.majority_percent, 2),
            decimals(d.turnout, 2),
            number(d.electorate),
            number(d.ballots_issued),
            number(d.rejected),
            number(d.valid_votes),
            d.result.clone().unwrap_or_default(),
            d.declared_at.clone().unwrap_or_default(),
        ];
        if with_account {
            let a = d.paper_account.as_ref();
            record.extend([
                number(a.and_then(|a| a.verified)),
                number(a.and_then(|a| a.counted)),
                a.map(|a| a.headings_text()).unwrap_or_default(),
                number(a.and_then(|a| a.rejected_in_part)),
                a.and_then(|a| a.discrepancy.clone()).unwrap_or_default(),
            ]);
        }
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}

/// One row per party: seats, votes, share and the changes against the baseline.
pub fn write_parties<W: Write>(out: W, summary: &Summary) -> Result<(), csv::Error> {
    let mut writer = crate::formats::csv_out::Writer::from_writer(out);
    writer.write_record([
        "party",
        "candidates",
        "seats",
        "votes",
        "share_percent",
        "share_top_candidate_percent",
        "seats_change",
        "share_change",
        "gains",
        "losses",
    ])?;
    for p in &summary.parties {
        writer.write_record([
            p.party.clone(),
            p.candidates.to_string(),
            p.seats.to_string(),
            p.votes.to_string(),
            decimals(p.share, 2),
            decimals(p.share_top_candidate, 2),
            number(p.seats_change),
            decimals(p.share_change, 2),
            number(p.gains),
            number(p.losses),
        ])?;
    }
    writer.flush()?;
    Ok(())
}
