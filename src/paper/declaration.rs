//! The declaration of result of one division, and the provisional sheet shown before
//! it, laid out in the order the returning officer reads them: the candidates in ballot
//! order with their votes, the rejected papers under each heading, the papers and
//! turnout, who is elected, and the line the returning officer signs.

use super::Imprint;
use super::layout::{Align, Column, Face, Flow, Measure, Page};
use super::sheet::{DivisionSheet, Rejected, Stage};
use super::wording::{self as w, Languages, cy};
use crate::numbers;

/// The body text size, in points: a little smaller where every line is said twice, so
/// that a declaration still fits on one page.
pub(super) fn body(l: Languages) -> f32 {
    if l.welsh { 9.5 } else { 10.5 }
}

/// The columns of the candidates' table: name, description, votes, elected.
pub(super) fn candidate_columns(width: f32) -> [Column; 4] {
    [
        Column {
            x: 0.0,
            width: 0.34 * width,
            align: Align::Left,
        },
        Column {
            x: 0.36 * width,
            width: 0.28 * width,
            align: Align::Left,
        },
        Column {
            x: 0.64 * width,
            width: 0.18 * width,
            align: Align::Right,
        },
        Column {
            x: 0.85 * width,
            width: 0.15 * width,
            align: Align::Left,
        },
    ]
}

/// The candidates' table with its header; `provisional` leaves the elected column blank.
pub(super) fn candidates_table(flow: &mut Flow, sheet: &DivisionSheet, size: f32, l: Languages) {
    let columns = candidate_columns(flow.width());
    let (candidate, description, votes) = (
        l.lines(cy::CANDIDATE, w::CANDIDATE),
        l.lines(cy::DESCRIPTION, w::DESCRIPTION),
        l.lines(cy::VOTES, w::VOTES),
    );
    flow.row(
        &columns,
        &[
            (&candidate, Face::Bold),
            (&description, Face::Bold),
            (&votes, Face::Bold),
            ("", Face::Bold),
        ],
        size,
    );
    let (elected_by_lot, elected) = (
        l.label("Etholwyd drwy goelbren", w::ELECTED_BY_LOT),
        l.label(cy::ELECTED, w::ELECTED),
    );
    flow.rule(4.0, 0.5);
    for c in &sheet.candidates {
        let votes = if sheet.uncontested {
            String::new()
        } else {
            numbers::count(c.votes)
        };
        let elected = match (c.elected, c.by_lot) {
            (true, true) => elected_by_lot.as_str(),
            (true, false) => elected.as_str(),
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
fn figure_rows(flow: &mut Flow, rows: &[(String, String, Face)], size: f32) {
    let width = flow.width();
    let label = Column {
        x: 0.0,
        width: 0.62 * width,
        align: Align::Left,
    };
    let count = Column {
        x: 0.64 * width,
        width: 0.18 * width,
        align: Align::Right,
    };
    let words = Column {
        x: 0.64 * width,
        width: 0.36 * width,
        align: Align::Left,
    };
    for (text, value, face) in rows {
        let is_count = value.starts_with(|c: char| c.is_ascii_digit() || c == '<')
            && value
                .chars()
                .all(|c| c.is_ascii_digit() || ",.% <".contains(c));
        let column = if is_count { count } else { words };
        flow.row(&[label, column], &[(text, *face), (value, *face)], size);
    }
}

fn rejected_block(flow: &mut Flow, sheet: &DivisionSheet, l: Languages) {
    let size = body(l);
    // The headings and their total kept together (each three lines in two languages).
    if let Rejected::ByHeading { headings, .. } = &sheet.rejected {
        let per = if l.welsh { 3 } else { 1 };
        flow.keep(Flow::lines_height(4 + headings.len() * per, size));
    }
    match &sheet.rejected {
        Rejected::ByHeading { headings, total } => {
            flow.paragraph(
                Face::Regular,
                size,
                &l.lines(cy::REJECTED_INTRO, w::REJECTED_INTRO),
            );
            flow.space(3.0);
            let mut rows: Vec<(String, String, Face)> = headings
                .iter()
                .enumerate()
                .map(|(i, (h, n))| {
                    let letter = w::letter(i);
                    let label =
                        l.lines(&format!("{letter} {}", cy::heading(*h)), &w::heading(i, *h));
                    (label, numbers::count(*n), Face::Regular)
                })
                .collect();
            rows.push((
                l.label(cy::REJECTED_TOTAL, w::REJECTED_TOTAL),
                numbers::count(*total),
                Face::Bold,
            ));
            figure_rows(flow, &rows, size);
        }
        Rejected::TotalOnly(total) => {
            flow.paragraph(Face::Regular, size, &w::rejected_total_only(*total))
        }
        Rejected::NotEntered => flow.paragraph(Face::Regular, size, w::REJECTED_NOT_ENTERED),
    }
}

fn papers_block(flow: &mut Flow, sheet: &DivisionSheet, l: Languages) {
    let size = body(l);
    let not_known = l.label(cy::NOT_KNOWN, w::NOT_KNOWN);
    let count = |n: Option<u64>| n.map_or_else(|| not_known.clone(), numbers::count);
    let mut rows = Vec::new();
    if let Some(n) = sheet.rejected_in_part {
        rows.push((
            w::REJECTED_IN_PART.to_string(),
            count(Some(n)),
            Face::Regular,
        ));
    }
    rows.push((
        l.label(cy::ELECTORATE, w::ELECTORATE),
        count(sheet.electorate),
        Face::Regular,
    ));
    if sheet.verified.is_some() {
        rows.push((
            l.label(cy::VERIFIED, w::VERIFIED),
            count(sheet.verified),
            Face::Regular,
        ));
    }
    if sheet.counted.is_some() {
        rows.push((
            l.label(cy::COUNTED, w::COUNTED),
            count(sheet.counted),
            Face::Regular,
        ));
    }
    if sheet.ballots_issued.is_some() {
        rows.push((
            l.label(cy::ISSUED, w::ISSUED),
            count(sheet.ballots_issued),
            Face::Regular,
        ));
    }
    if !sheet.uncontested {
        rows.push((
            l.label(cy::VALID_VOTES, w::VALID_VOTES),
            numbers::count(sheet.valid_votes),
            Face::Regular,
        ));
        let turnout_label = l.label(cy::TURNOUT, w::TURNOUT);
        let (label, turnout) = match sheet.turnout {
            Some(t) => (
                format!(
                    "{turnout_label} ({})",
                    w::turnout_basis(t.basis, sheet.rejected != Rejected::NotEntered)
                ),
                numbers::percent(t.percent),
            ),
            None => (turnout_label, not_known.clone()),
        };
        rows.push((label, turnout, Face::Regular));
    }
    figure_rows(flow, &rows, size);
    if let Some(why) = &sheet.discrepancy {
        flow.space(3.0);
        flow.paragraph(Face::Regular, size, &w::discrepancy(why));
    }
}

/// The head every paper of a division starts with.
pub(super) fn head(flow: &mut Flow, council: &str, election: &str, title: &str) {
    // `title` may be two lines (Welsh and English), each centred.
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
    let l = imprint.languages;
    let size = body(l);
    let mut flow = Flow::new(measure);
    flow.set_running_head(format!(
        "{}: {}, continued",
        sheet.division,
        w::declaration_title(provisional).to_lowercase()
    ));
    head(
        &mut flow,
        &sheet.council,
        &sheet.election,
        &l.lines(
            cy::declaration_title(provisional),
            w::declaration_title(provisional),
        ),
    );
    flow.centred(
        Face::Regular,
        12.0,
        &l.lines(
            &cy::election_of(sheet.poll, sheet.seats, &sheet.division),
            &w::election_of(sheet.poll, sheet.seats, &sheet.division),
        ),
    );
    flow.space(14.0);
    flow.paragraph(
        Face::Regular,
        size,
        &l.lines(cy::votes_intro(provisional), w::votes_intro(provisional)),
    );
    flow.space(8.0);
    candidates_table(&mut flow, sheet, size, l);
    if sheet.uncontested {
        flow.paragraph(Face::Regular, size, w::uncontested(sheet.seats));
    }
    if !sheet.tied.is_empty() {
        flow.paragraph(Face::Bold, size, &w::tied(&sheet.tied));
    }
    flow.space(8.0);
    if !sheet.uncontested {
        rejected_block(&mut flow, sheet, l);
        flow.space(8.0);
    }
    // The papers, who is elected and the signature kept on one page: a page that
    // starts with a signature line alone is no declaration.
    flow.keep(Flow::lines_height(if l.welsh { 18 } else { 12 }, size) + 40.0);
    papers_block(&mut flow, sheet, l);
    flow.space(12.0);
    if !provisional {
        let names: Vec<String> = sheet
            .elected()
            .map(|c| format!("{} ({})", c.name, c.description))
            .collect();
        if !names.is_empty() {
            let welsh = cy::duly_elected(&cy::list(&names), names.len() > 1);
            flow.paragraph(Face::Bold, size, &l.lines(&welsh, &w::duly_elected(&names)));
            flow.space(8.0);
        }
    }
    let when = sheet.declared_at.map(super::local_time);
    match (&when, provisional) {
        (Some(when), false) => {
            let (time, date) = sheet.declared_at.map(super::clock).unwrap_or_default();
            flow.paragraph(
                Face::Regular,
                size,
                &l.lines(&cy::declared_at(&time, &date), &w::declared_at(when)),
            );
        }
        (None, false) => flow.paragraph(
            Face::Regular,
            size,
            &l.lines(cy::NOT_DECLARED_TIME, w::NOT_DECLARED_TIME),
        ),
        (_, true) => {}
    }
    if !provisional {
        // Room to sign above the line.
        flow.space(24.0);
        let signed = l.label(cy::SIGNED, w::SIGNED);
        let role = l.label(cy::RETURNING_OFFICER, w::RETURNING_OFFICER);
        let officer = match &imprint.returning_officer {
            Some(name) => format!("{signed}: ____________________________   {name}, {role}"),
            None => format!("{signed}: ____________________________   {role}"),
        };
        flow.paragraph(Face::Regular, size, &officer);
    }
    flow.pages
}
