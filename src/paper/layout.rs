//! Laying a paper out on A4 pages: text placed by a cursor that moves down the page,
//! lines wrapped to a width, a new page when the next block would not fit. The pages
//! are plain lists of what to draw, so that the whole paper is known (and its page
//! count with it, for "Page 1 of 3") before anything is drawn.

/// A4 in PDF points (1/72 inch).
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
/// 20 mm margins; the foot keeps room for the footer below the bottom margin.
pub const MARGIN: f32 = 56.7;
pub const FOOTER_ROOM: f32 = 28.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// How wide a piece of text is set in a face at a size.
pub trait Measure {
    fn width(&self, face: Face, size: f32, text: &str) -> f32;
}

/// One thing drawn on a page; `y` is the baseline, measured down from the top.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        text: String,
    },
    /// A horizontal rule.
    Rule {
        x0: f32,
        x1: f32,
        y: f32,
        width: f32,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub marks: Vec<Mark>,
}

impl Page {
    /// The page's text in the order it was placed (tests read papers by it).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for mark in &self.marks {
            if let Mark::Text { text, .. } = mark {
                out.push_str(text);
                out.push('\n');
            }
        }
        out
    }
}

/// A cell of a table row: where its column starts, how wide it is and how its text sits.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub x: f32,
    pub width: f32,
    pub align: Align,
}

/// The cursor that lays text down the pages.
pub struct Flow<'m> {
    measure: &'m dyn Measure,
    pub pages: Vec<Page>,
    /// The next line's top, down from the top of the page.
    y: f32,
    /// Said at the top of every page after the first, so that a page read on its own
    /// says what it continues ("Burnley Central East: declaration of result, continued").
    running_head: Option<String>,
}

impl<'m> Flow<'m> {
    pub fn new(measure: &'m dyn Measure) -> Self {
        Flow {
            measure,
            pages: vec![Page::default()],
            y: MARGIN,
            running_head: None,
        }
    }

    /// What every page after the first says at its top.
    pub fn set_running_head(&mut self, head: impl Into<String>) {
        self.running_head = Some(head.into());
    }

    /// The height of `lines` lines of text at `size`.
    pub fn lines_height(lines: usize, size: f32) -> f32 {
        lines as f32 * Self::line_height(size)
    }

    /// The width between the margins.
    pub fn width(&self) -> f32 {
        PAGE_WIDTH - 2.0 * MARGIN
    }

    fn bottom() -> f32 {
        PAGE_HEIGHT - MARGIN - FOOTER_ROOM
    }

    /// Starts a new page unless `height` more fits on this one.
    pub fn keep(&mut self, height: f32) {
        if self.y + height > Self::bottom() && self.y > MARGIN {
            self.pages.push(Page::default());
            self.y = MARGIN;
            if let Some(head) = self.running_head.clone() {
                let size = 8.5;
                self.put(MARGIN, Face::Regular, size, &head);
                self.y += Self::line_height(size);
                let y = self.y + 2.0;
                self.page().marks.push(Mark::Rule {
                    x0: MARGIN,
                    x1: PAGE_WIDTH - MARGIN,
                    y,
                    width: 0.5,
                });
                self.y += 10.0;
            }
        }
    }

    pub fn space(&mut self, height: f32) {
        self.y += height;
    }

    fn line_height(size: f32) -> f32 {
        size * 1.3
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a flow always has a page")
    }

    fn put(&mut self, x: f32, face: Face, size: f32, text: &str) {
        let y = self.y + size;
        self.page().marks.push(Mark::Text {
            x,
            y,
            face,
            size,
            text: text.to_string(),
        });
    }

    /// Text wrapped to the width between the margins.
    /// Kept whole on one page where it fits on one.
    pub fn paragraph(&mut self, face: Face, size: f32, text: &str) {
        let lines = self.wrap(face, size, text, self.width());
        self.keep(Self::lines_height(lines.len(), size));
        for line in lines {
            self.keep(Self::line_height(size));
            self.put(MARGIN, face, size, &line);
            self.y += Self::line_height(size);
        }
    }

    /// One line centred between the margins (a title).
    pub fn centred(&mut self, face: Face, size: f32, text: &str) {
        for line in self.wrap(face, size, text, self.width()) {
            self.keep(Self::line_height(size));
            let w = self.measure.width(face, size, &line);
            self.put((PAGE_WIDTH - w) / 2.0, face, size, &line);
            self.y += Self::line_height(size);
        }
    }

    /// A table row: each cell's text wrapped to its column; the row as tall as its
    /// tallest cell and kept whole on one page.
    pub fn row(&mut self, columns: &[Column], cells: &[(&str, Face)], size: f32) {
        let wrapped: Vec<Vec<String>> = columns
            .iter()
            .zip(cells)
            .map(|(col, (text, face))| self.wrap(*face, size, text, col.width))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = lines as f32 * Self::line_height(size);
        self.keep(height);
        let top = self.y;
        for ((col, (_, face)), cell) in columns.iter().zip(cells).zip(&wrapped) {
            self.y = top;
            for line in cell {
                let x = match col.align {
                    Align::Left => MARGIN + col.x,
                    Align::Right => {
                        MARGIN + col.x + col.width - self.measure.width(*face, size, line)
                    }
                };
                self.put(x, *face, size, line);
                self.y += Self::line_height(size);
            }
        }
        self.y = top + height;
    }

    /// A rule across the width, in the middle of `gap` points of space.
    pub fn rule(&mut self, gap: f32, width: f32) {
        self.keep(gap);
        let y = self.y + gap / 2.0;
        self.page().marks.push(Mark::Rule {
            x0: MARGIN,
            x1: PAGE_WIDTH - MARGIN,
            y,
            width,
        });
        self.y += gap;
    }

    /// Breaks `text` into lines no wider than `width`, at spaces; a word wider than the
    /// line is broken where it must be rather than running off the page.
    pub fn wrap(&self, face: Face, size: f32, text: &str, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.measure.width(face, size, &candidate) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line = self.break_word(face, size, word, width, &mut lines);
            }
            lines.push(line);
        }
        lines
    }

    /// Pushes the full-width pieces of an over-long word; returns what is left of it.
    fn break_word(
        &self,
        face: Face,
        size: f32,
        word: &str,
        width: f32,
        lines: &mut Vec<String>,
    ) -> String {
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if self.measure.width(face, size, &piece) > width && piece.chars().count() > 1 {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        piece
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character half the size wide.
    struct Even;
    impl Measure for Even {
        fn width(&self, _: Face, size: f32, text: &str) -> f32 {
            text.chars().count() as f32 * size / 2.0
        }
    }

    #[test]
    fn long_text_wraps_at_spaces_and_long_words_break() {
        let flow = Flow::new(&Even);
        // 10 points wide at size 2: five characters a line.
        assert_eq!(
            flow.wrap(Face::Regular, 2.0, "ab cd ef", 5.0),
            ["ab cd", "ef"]
        );
        assert_eq!(
            flow.wrap(Face::Regular, 2.0, "abcdefghijkl", 5.0),
            ["abcde", "fghij", "kl"]
        );
        assert_eq!(flow.wrap(Face::Regular, 2.0, "", 5.0), [""]);
    }

    #[test]
    fn a_paper_longer_than_a_page_goes_on_to_the_next() {
        let mut flow = Flow::new(&Even);
        flow.set_running_head("A paper, continued");
        for i in 0..100 {
            flow.paragraph(Face::Regular, 10.0, &format!("line {i}"));
        }
        assert!(flow.pages.len() >= 2);
        for page in &flow.pages {
            for mark in &page.marks {
                if let Mark::Text { y, .. } = mark {
                    assert!(*y <= PAGE_HEIGHT - MARGIN - FOOTER_ROOM + 1.0);
                }
            }
        }
        assert!(flow.pages[0].text().starts_with("line 0\n"));
        assert!(
            flow.pages[1]
                .text()
                .starts_with("A paper, continued\nline ")
        );
    }
}
