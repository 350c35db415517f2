//! The notice of result of a whole council: every division in the file's order with
//! its candidates, votes and rejected papers, then the councillors elected. A notice
//! printed before every division has declared says so on every page.

use super::Imprint;
use super::declaration::{body, candidates_table, head};
use super::layout::{Align, Column, Face, Flow, Measure, Page};
use super::sheet::{NoticeDivision, NoticeSheet, OpenWhy, Rejected};
use super::wording::{self as w, Languages, cy};
use crate::numbers;

/// The notice's text is a little smaller than a declaration's: it lists every division.
const SIZE: f32 = 9.0;

fn open_words(why: OpenWhy, l: Languages) -> String {
    match why {
        OpenWhy::NotDeclared => l.label(cy::OPEN_NOT_DECLARED, w::OPEN_NOT_DECLARED),
        OpenWhy::Tied => w::OPEN_TIED.into(),
        OpenWhy::Cancelled => w::OPEN_CANCELLED.into(),
        OpenWhy::Conflict => w::OPEN_CONFLICT.into(),
    }
}

fn division_block(flow: &mut Flow, division: &NoticeDivision, l: Languages) {
    match division {
        NoticeDivision::Open { division, why } => {
            // Kept with its note on one page.
            flow.keep(3.0 * SIZE * 1.3);
            flow.paragraph(Face::Bold, 11.0, division);
            flow.paragraph(Face::Regular, SIZE, &open_words(*why, l));
        }
        NoticeDivision::Declared(sheet) => {
            // A division kept whole on one page (its name, the table's head, every
            // candidate, the rejected papers), where it fits on one.
            let head = if l.welsh { 2 } else { 1 };
            flow.keep(Flow::lines_height(sheet.candidates.len() + head + 4, SIZE) + 30.0);
            flow.paragraph(
                Face::Bold,
                11.0,
                &match sheet.poll {
                    // A constituency or police area always elects one.
                    crate::model::PollKind::Local => {
                        format!("{} ({})", sheet.division, w::seats_word(sheet.seats))
                    }
                    _ => sheet.division.clone(),
                },
            );
            flow.space(2.0);
            candidates_table(flow, sheet, SIZE, l);
            if sheet.uncontested {
                flow.paragraph(Face::Regular, SIZE, w::uncontested(sheet.seats));
                return;
            }
            let rejected = match &sheet.rejected {
                Rejected::ByHeading { total, .. } => Some(*total),
                Rejected::TotalOnly(total) => Some(*total),
                Rejected::NotEntered => None,
            };
            let mut line = w::rejected_line(rejected);
            if let Rejected::ByHeading { headings, .. } = &sheet.rejected {
                let each: Vec<String> = headings
                    .iter()
                    .enumerate()
                    .map(|(i, (_, n))| format!("{} {n}", w::letter(i)))
                    .collect();
                line.push_str(&format!(" [{}]", each.join(", ")));
            }
            if let Some(n) = sheet.rejected_in_part {
                line.push_str(&format!(". {}: {}", w::REJECTED_IN_PART, numbers::count(n)));
            }
            if let Some(t) = sheet.turnout {
                line.push_str(&format!(
                    ". {}: {}",
                    w::TURNOUT,
                    numbers::percent(t.percent)
                ));
            }
            flow.paragraph(Face::Regular, SIZE, &line);
        }
    }
    flow.space(10.0);
}

fn councillors_elected(flow: &mut Flow, sheet: &NoticeSheet, l: Languages) {
    flow.keep(60.0);
    flow.paragraph(
        Face::Bold,
        13.0,
        &l.label(
            cy::elected_kind(sheet.poll),
            &format!("{} elected", w::elected_kind(sheet.poll)),
        ),
    );
    flow.space(4.0);
    let width = flow.width();
    let columns = [
        Column {
            x: 0.0,
            width: 0.36 * width,
            align: Align::Left,
        },
        Column {
            x: 0.38 * width,
            width: 0.30 * width,
            align: Align::Left,
        },
        Column {
            x: 0.70 * width,
            width: 0.30 * width,
            align: Align::Left,
        },
    ];
    for division in &sheet.divisions {
        match division {
            NoticeDivision::Declared(d) => {
                for c in d.elected() {
                    flow.row(
                        &columns,
                        &[
                            (&d.division, Face::Regular),
                            (&c.name, Face::Bold),
                            (&c.description, Face::Regular),
                        ],
                        SIZE,
                    );
                }
            }
            NoticeDivision::Open { division, why } => {
                flow.row(
                    &columns,
                    &[
                        (division, Face::Regular),
                        (&open_words(*why, l), Face::Regular),
                        ("", Face::Regular),
                    ],
                    SIZE,
                );
            }
        }
    }
}

/// The pages of a council's notice of result.
pub fn pages(sheet: &NoticeSheet, imprint: &Imprint, measure: &dyn Measure) -> Vec<Page> {
    let l = imprint.languages;
    let mut flow = Flow::new(measure);
    flow.set_running_head(format!(
        "{}: {}, continued",
        sheet.council,
        w::NOTICE_TITLE.to_lowercase()
    ));
    head(
        &mut flow,
        &sheet.council,
        &sheet.election,
        &l.lines(cy::NOTICE_TITLE, w::NOTICE_TITLE),
    );
    flow.paragraph(
        Face::Regular,
        body(l),
        &w::notice_intro(&sheet.council, sheet.poll),
    );
    let progress = w::notice_progress(sheet.declared(), sheet.divisions.len(), sheet.poll);
    let face = if sheet.complete() {
        Face::Regular
    } else {
        Face::Bold
    };
    flow.paragraph(face, body(l), &progress);
    flow.space(12.0);
    for division in &sheet.divisions {
        division_block(&mut flow, division, l);
    }
    councillors_elected(&mut flow, sheet, l);
    flow.pages
}
