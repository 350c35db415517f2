//! Final results as CSV: one row per division, or one row per party. The candidates
//! export is the app's own format (`native::write`).

use std::io::Write;

use crate::report::Summary;

/// A figure with a fixed number of decimals, blank when unknown.
fn decimals(value: Option<f64>, places: usize) -> String {
    value.map(|v| format!("{v:.places$}")).unwrap_or_default()
}

fn number<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// One row per division: winners, majority, majority %, turnout and result.
pub fn write_divisions<W: Write>(out: W, summary: &Summary) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
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
    ])?;
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
        writer.write_record([
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
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// One row per party: seats, votes, share and the changes against the baseline.
pub fn write_parties<W: Write>(out: W, summary: &Summary) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
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
