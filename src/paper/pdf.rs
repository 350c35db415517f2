//! Drawing laid-out pages into a PDF with krilla: A4, the shipped fonts embedded as
//! subsets, a footer on every page, and a word across the page (PROVISIONAL,
//! INCOMPLETE) where the paper must not be mistaken for a final one.

use krilla::Document;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::fonts::{self, Metrics};
use super::layout::{Face, MARGIN, Mark, Measure, PAGE_HEIGHT, PAGE_WIDTH, Page};

/// What goes on every page besides the paper itself.
pub struct Furniture<'a> {
    pub title: &'a str,
    /// The footer's left-hand text (where it came from, when, the fingerprint).
    pub footer: &'a str,
    /// Across every page, in light grey, where the paper is not final.
    pub across: Option<&'a str>,
}

struct Faces {
    regular: Font,
    bold: Font,
}

impl Faces {
    fn of(&self, face: Face) -> Font {
        match face {
            Face::Regular => self.regular.clone(),
            Face::Bold => self.bold.clone(),
        }
    }
}

fn text(surface: &mut Surface, faces: &Faces, face: Face, size: f32, x: f32, y: f32, t: &str) {
    surface.draw_text(
        Point::from_xy(x, y),
        faces.of(face),
        size,
        t,
        false,
        TextDirection::LeftToRight,
    );
}

fn across(surface: &mut Surface, faces: &Faces, metrics: &Metrics, word: &str) {
    // As large as fits along the diagonal, 96 points at most.
    let diagonal = (PAGE_WIDTH * PAGE_WIDTH + PAGE_HEIGHT * PAGE_HEIGHT).sqrt() * 0.8;
    let size = (96.0 * diagonal / metrics.width(Face::Bold, 96.0, word)).min(96.0);
    let width = metrics.width(Face::Bold, size, word);
    // Corner to corner, centred on the page.
    let angle = -(PAGE_HEIGHT / PAGE_WIDTH).atan().to_degrees();
    surface.push_transform(&Transform::from_rotate_at(
        angle,
        PAGE_WIDTH / 2.0,
        PAGE_HEIGHT / 2.0,
    ));
    surface.set_fill(Some(Fill {
        paint: luma::Color::new(222).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
    text(
        surface,
        faces,
        Face::Bold,
        size,
        (PAGE_WIDTH - width) / 2.0,
        PAGE_HEIGHT / 2.0 + size * 0.35,
        word,
    );
    surface.set_fill(None);
    surface.pop();
}

fn footer(surface: &mut Surface, faces: &Faces, metrics: &Metrics, left: &str, right: &str) {
    let size = 7.5;
    let y = PAGE_HEIGHT - MARGIN + 14.0;
    let right_width = metrics.width(Face::Regular, size, right);
    let room = PAGE_WIDTH - 2.0 * MARGIN - right_width - 12.0;
    // A footer too long for its line (a long file name) keeps its end: the fingerprint.
    let mut kept = left;
    let mut shown = left.to_string();
    while metrics.width(Face::Regular, size, &shown) > room && !kept.is_empty() {
        let first = kept.chars().next().map_or(0, char::len_utf8);
        kept = &kept[first..];
        shown = format!("…{kept}");
    }
    text(surface, faces, Face::Regular, size, MARGIN, y, &shown);
    text(
        surface,
        faces,
        Face::Regular,
        size,
        PAGE_WIDTH - MARGIN - right_width,
        y,
        right,
    );
}

fn marks(surface: &mut Surface, faces: &Faces, page: &Page) {
    for mark in &page.marks {
        match mark {
            Mark::Text {
                x,
                y,
                face,
                size,
                text: t,
            } => text(surface, faces, *face, *size, *x, *y, t),
            Mark::Rule { x0, x1, y, width } => {
                let mut path = PathBuilder::new();
                path.move_to(*x0, *y);
                path.line_to(*x1, *y);
                if let Some(path) = path.finish() {
                    surface.set_stroke(Some(Stroke {
                        width: *width,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                }
            }
        }
    }
}

/// The PDF of `pages`; an error only where the PDF library refuses (its words).
pub fn render(
    pages: &[Page],
    furniture: &Furniture,
    metrics: &Metrics,
    page_of: impl Fn(usize, usize) -> String,
) -> Result<Vec<u8>, String> {
    let faces = Faces {
        regular: Font::new(fonts::bytes(Face::Regular).into(), 0)
            .ok_or("the shipped regular font could not be read")?,
        bold: Font::new(fonts::bytes(Face::Bold).into(), 0)
            .ok_or("the shipped bold font could not be read")?,
    };
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(furniture.title.to_string())
            .language("en-GB".into())
            .creator(format!("tallyroom {}", env!("CARGO_PKG_VERSION"))),
    );
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or("A4 is not a page size")?;
    for (i, page) in pages.iter().enumerate() {
        let mut pdf_page = document.start_page_with(settings.clone());
        let mut surface = pdf_page.surface();
        if let Some(word) = furniture.across {
            across(&mut surface, &faces, metrics, word);
        }
        marks(&mut surface, &faces, page);
        footer(
            &mut surface,
            &faces,
            metrics,
            furniture.footer,
            &page_of(i + 1, pages.len()),
        );
        surface.finish();
        pdf_page.finish();
    }
    document.finish().map_err(|e| format!("{e:?}"))
}
