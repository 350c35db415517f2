//! The declaration of result of one division, and the provisional sheet shown before
//! it, laid out in the order the returning officer reads them: the candidates in ballot
//! order with their votes, the rejected papers under each heading, the papers and
//! turnout, who is elected, and the line the returning officer signs.

use super::layout::{Align, Column, Face, Flow, Measure, Page};
use super::sheet::{DivisionSheet, Rejected, Stage};
use super::{Imprint, wording as w};
use crate::numbers;

/// The body text size, in points.
pub(super) const BODY: f32 = 10.5;

/// The columns of the candidates' table: name, description, votes, elected.
pub(super) fn candidate_columns(width: f32) -> [Column; 4] {
    [
        Column {
            x: 0.0,
            width: 0.36 * width,
            align: Align::Left,
        },
        Column {
            x: 0.38 * width,
            width: 0.34 * width,
            align: Align::Left,
        },
        Column {
            x: 0.72 * width,
            width: 0.11 * width,
            align: Align::Right,
        },
        Column {
            x: 0.86 * width,
            width: 0.14 * width,
            align: Align::Left,
        },
    ]
}

/// The candidates' table with its header; `provisional` leaves the elected column blank.
pub(super) fn candidates_table(flow: &mut Flow, sheet: &DivisionSheet, size: f32) {
    let columns = candidate_columns(flow.width());
    flow.row(
        &columns,
        &[
            (w::CANDIDATE, Face::Bold),
            (w::DESCRIPTION, Face::Bold),
            (w::VOTES, Face::Bold),
            ("", Face::Bold),
        ],
        size,
    );
    flow.rule(4.0, 0.5);
    for c in &sheet.candidates {
        let votes = if sheet.uncontested {
            String::new()
        } else {
            numbers::count(c.votes)
        };
        let elected = match (c.elected, c.by_lot) {
            (true, true) => w::ELECTED_BY_LOT,
            (true, false) => w::ELECTED,
            _ => "",
        };
        let face = if c.elected { Face::Bold } else { Face::Regular };
        flow.row(
            &columns,
            &[
                (&c.name, face),
                (&c.description, Face::Regular),
                (&votes, face),
                (elected, Face::Bold),
            ],
            size,
        );
    }
    flow.rule(4.0, 0.5);
}

/// A block of labels and figures: a figure sits right-aligned in the votes column;
/// words ("not entered") start there and may run to the margin.
fn figure_rows(flow: &mut Flow, rows: &[(String, String, Face)]) {
    let width = flow.width();
    let label = Column {
        x: 0.0,
        width: 0.70 * width,
        align: Align::Left,
    };
    let count = Column {
        x: 0.72 * width,
        width: 0.11 * width,
        align: Align::Right,
    };
    let words = Column {
        x: 0.72 * width,
        width: 0.28 * width,
        align: Align::Left,
    };
    for (text, value, face) in rows {
        let is_count = value.starts_with(|c: char| c.is_ascii_digit() || c == '<')
            && value
                .chars()
                .all(|c| c.is_ascii_digit() || ",.% <".contains(c));
        let column = if is_count { count } else { words };
        flow.row(&[label, column], &[(text, *face), (value, *face)], BODY);
    }
}

fn rejected_block(flow: &mut Flow, sheet: &DivisionSheet) {
    match &sheet.rejected {
        Rejected::ByHeading { headings, total } => {
            flow.paragraph(Face::Regular, BODY, w::REJECTED_INTRO);
            flow.space(3.0);
            let mut rows: Vec<(String, String, Face)> = headings
                .iter()
                .enumerate()
                .map(|(i, (h, n))| (w::heading(i, *h), numbers::count(*n), Face::Regular))
                .collect();
            rows.push((w::REJECTED_TOTAL.into(), numbers::count(*total), Face::Bold));
            figure_rows(flow, &rows);
        }
        Rejected::TotalOnly(total) => {
            flow.paragraph(Face::Regular, BODY, &w::rejected_total_only(*total))
        }
        Rejected::NotEntered => flow.paragraph(Face::Regular, BODY, w::REJECTED_NOT_ENTERED),
    }
}

fn papers_block(flow: &mut Flow, sheet: &DivisionSheet) {
    let count = |n: Option<u64>| n.map_or_else(|| w::NOT_KNOWN.to_string(), numbers::count);
    let mut rows = Vec::new();
    if let Some(n) = sheet.rejected_in_part {
        rows.push((
            w::REJECTED_IN_PART.to_string(),
            count(Some(n)),
            Face::Regular,
        ));
    }
    rows.push((w::ELECTORATE.into(), count(sheet.electorate), Face::Regular));
    if sheet.verified.is_some() {
        rows.push((w::VERIFIED.into(), count(sheet.verified), Face::Regular));
    }
    if sheet.counted.is_some() {
        rows.push((w::COUNTED.into(), count(sheet.counted), Face::Regular));
    }
    if sheet.ballots_issued.is_some() {
        rows.push((w::ISSUED.into(), count(sheet.ballots_issued), Face::Regular));
    }
    if !sheet.uncontested {
        rows.push((
            w::VALID_VOTES.into(),
            numbers::count(sheet.valid_votes),
            Face::Regular,
        ));
        let (label, turnout) = match sheet.turnout {
            Some(t) => (
                format!("{} ({})", w::TURNOUT, w::turnout_basis(t.basis)),
                numbers::percent(t.percent),
            ),
            None => (w::TURNOUT.to_string(), w::NOT_KNOWN.to_string()),
        };
        rows.push((label, turnout, Face::Regular));
    }
    figure_rows(flow, &rows);
    if let Some(why) = &sheet.discrepancy {
        flow.space(3.0);
        flow.paragraph(Face::Regular, BODY, &w::discrepancy(why));
    }
}

/// The head every paper of a division starts with.
pub(super) fn head(flow: &mut Flow, council: &str, election: &str, title: &str) {
    flow.centred(Face::Bold, 15.0, council);
    if !election.eq_ignore_ascii_case(council) {
        flow.centred(Face::Regular, 11.0, election);
    }
    flow.space(6.0);
    flow.centred(Face::Bold, 18.0, &title.to_uppercase());
    flow.space(4.0);
}

/// The pages of a division's declaration or provisional sheet.
pub fn pages(sheet: &DivisionSheet, imprint: &Imprint, measure: &dyn Measure) -> Vec<Page> {
    let provisional = sheet.stage == Stage::Provisional;
    let mut flow = Flow::new(measure);
    head(
        &mut flow,
        &sheet.council,
        &sheet.election,
        w::declaration_title(provisional),
    );
    flow.centred(
        Face::Regular,
        12.0,
        &w::election_of(sheet.poll, sheet.seats, &sheet.division),
    );
    flow.space(14.0);
    flow.paragraph(Face::Regular, BODY, w::votes_intro(provisional));
    flow.space(8.0);
    candidates_table(&mut flow, sheet, BODY);
    if sheet.uncontested {
        flow.paragraph(Face::Regular, BODY, w::uncontested(sheet.seats));
    }
    if !sheet.tied.is_empty() {
        flow.paragraph(Face::Bold, BODY, &w::tied(&sheet.tied));
    }
    flow.space(8.0);
    if !sheet.uncontested {
        rejected_block(&mut flow, sheet);
        flow.space(8.0);
    }
    papers_block(&mut flow, sheet);
    flow.space(12.0);
    if !provisional {
        let names: Vec<String> = sheet
            .elected()
            .map(|c| format!("{} ({})", c.name, c.description))
            .collect();
        if !names.is_empty() {
            flow.paragraph(Face::Bold, BODY, &w::duly_elected(&names));
            flow.space(8.0);
        }
    }
    let when = sheet.declared_at.map(super::local_time);
    match (&when, provisional) {
        (Some(when), false) => flow.paragraph(Face::Regular, BODY, &w::declared_at(when)),
        (None, false) => flow.paragraph(Face::Regular, BODY, w::NOT_DECLARED_TIME),
        (_, true) => {}
    }
    if !provisional {
        flow.space(30.0);
        let officer = match &imprint.returning_officer {
            Some(name) => format!(
                "{}: ____________________________   {name}, {}",
                w::SIGNED,
                w::RETURNING_OFFICER
            ),
            None => format!(
                "{}: ____________________________   {}",
                w::SIGNED,
                w::RETURNING_OFFICER
            ),
        };
        flow.paragraph(Face::Regular, BODY, &officer);
    }
    flow.pages
}
