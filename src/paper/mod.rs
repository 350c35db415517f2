//! The count's own paperwork, as PDF: the declaration of result of a division, the
//! provisional sheet shown to candidates and agents before it, and the notice of
//! result of a whole council (docs/paperwork.md).
//!
//! What a paper says is worked out from the tally first (`sheet`), laid out on A4 pages
//! as plain marks (`layout`, `declaration`, `notice`), and only then drawn (`pdf`), so
//! that tests read a paper's text without a PDF reader, and the words live in one place
//! (`wording`).

mod declaration;
mod fonts;
pub mod layout;
mod notice;
mod pdf;
pub mod sheet;
pub mod wording;

use jiff::Timestamp;

pub use sheet::{DivisionSheet, NoticeSheet, Stage, Unprintable, division_sheet, notice_sheet};

/// Where a paper came from, printed in its footer so that a figure on paper can be
/// traced to the record it was printed from.
#[derive(Debug, Clone)]
pub struct Imprint {
    /// The file printed from, as a person names it.
    pub source: String,
    /// The night's fingerprint, where the file is an election file whose record holds.
    pub fingerprint: Option<String>,
    pub printed_at: Timestamp,
    /// Printed beside the signature line, where given.
    pub returning_officer: Option<String>,
    /// Welsh and English (for councils in Wales), or English alone.
    pub languages: wording::Languages,
}

/// A paper ready to save, and the characters it could not print (the fonts have no
/// letter for them: they show as boxes, and whoever prints it should be told).
#[derive(Debug)]
pub struct Paper {
    pub pdf: Vec<u8>,
    pub pages: Vec<layout::Page>,
    pub unprintable: Vec<char>,
}

impl Paper {
    /// The whole paper's text, page by page.
    pub fn text(&self) -> String {
        self.pages.iter().map(layout::Page::text).collect()
    }
}

/// A moment in UK time, whatever the laptop's own zone: a count declares in UK time.
fn uk(at: Timestamp) -> jiff::Zoned {
    at.in_tz("Europe/London")
        .unwrap_or_else(|_| at.to_zoned(jiff::tz::TimeZone::UTC))
}

/// A time as the count reads it: "02:14 on Friday 2 May 2025".
pub fn local_time(at: Timestamp) -> String {
    uk(at).strftime("%H:%M on %A %-d %B %Y").to_string()
}

/// A time and its date in Welsh, UK time: ("02:14", "2 Mai 2025").
pub fn clock(at: Timestamp) -> (String, String) {
    let zoned = uk(at);
    (
        zoned.strftime("%H:%M").to_string(),
        wording::cy::date(zoned.day(), zoned.month(), zoned.year()),
    )
}

/// A file name short enough for the footer, keeping its end ("…-results-2024.csv").
fn short_source(name: &str) -> String {
    const MOST: usize = 40;
    let count = name.chars().count();
    if count <= MOST {
        return name.to_string();
    }
    let tail: String = name.chars().skip(count - (MOST - 1)).collect();
    format!("…{tail}")
}

fn metrics() -> Result<fonts::Metrics, String> {
    fonts::Metrics::new().ok_or_else(|| "the fonts built into tallyroom cannot be read".into())
}

fn finish(
    pages: Vec<layout::Page>,
    title: &str,
    across: Option<&str>,
    imprint: &Imprint,
    metrics: &fonts::Metrics,
) -> Result<Paper, String> {
    let footer = wording::footer(
        &short_source(&imprint.source),
        imprint.fingerprint.as_deref(),
        &local_time(imprint.printed_at),
    );
    let pdf = pdf::render(
        &pages,
        &pdf::Furniture {
            title,
            footer: &footer,
            across,
        },
        metrics,
        wording::page_of,
    )?;
    let mut unprintable: Vec<char> = pages
        .iter()
        .flat_map(|p| metrics.missing(&p.text()))
        .collect();
    unprintable.sort_unstable();
    unprintable.dedup();
    Ok(Paper {
        pdf,
        pages,
        unprintable,
    })
}

/// A division's declaration of result, or its provisional sheet.
pub fn division_paper(sheet: &DivisionSheet, imprint: &Imprint) -> Result<Paper, String> {
    let metrics = metrics()?;
    let pages = declaration::pages(sheet, imprint, &metrics);
    let provisional = sheet.stage == Stage::Provisional;
    let title = format!(
        "{}: {}",
        wording::declaration_title(provisional),
        sheet.division
    );
    finish(
        pages,
        &title,
        provisional.then_some(if imprint.languages.welsh {
            "DROS DRO · PROVISIONAL"
        } else {
            wording::PROVISIONAL
        }),
        imprint,
        &metrics,
    )
}

/// A council's notice of result.
pub fn notice_paper(sheet: &NoticeSheet, imprint: &Imprint) -> Result<Paper, String> {
    let metrics = metrics()?;
    let pages = notice::pages(sheet, imprint, &metrics);
    let title = format!("{}: {}", wording::NOTICE_TITLE, sheet.council);
    finish(
        pages,
        &title,
        (!sheet.complete()).then_some(if imprint.languages.welsh {
            "ANGHYFLAWN · INCOMPLETE"
        } else {
            wording::INCOMPLETE
        }),
        imprint,
        &metrics,
    )
}
