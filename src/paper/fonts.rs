//! The papers' type: Liberation Sans, regular and bold, shipped in `assets/fonts/`
//! (SIL Open Font License 1.1, `assets/fonts/OFL.txt`) and built into the binary, so a
//! paper looks the same on every laptop and embeds the font it was set in.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use super::layout::{Face, Measure};

pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");

pub fn bytes(face: Face) -> &'static [u8] {
    match face {
        Face::Regular => REGULAR,
        Face::Bold => BOLD,
    }
}

/// Measures text by the fonts' own advance widths.
pub struct Metrics {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

impl Metrics {
    /// None only if a shipped font cannot be read (a broken build).
    pub fn new() -> Option<Metrics> {
        Some(Metrics {
            regular: FontRef::new(REGULAR).ok()?,
            bold: FontRef::new(BOLD).ok()?,
        })
    }

    fn font(&self, face: Face) -> &FontRef<'static> {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    /// The characters of `text` the font has no letter for (they would print as a box).
    pub fn missing(&self, text: &str) -> Vec<char> {
        let charmap = self.regular.charmap();
        let mut missing: Vec<char> = text
            .chars()
            .filter(|c| !c.is_control() && charmap.map(*c).is_none())
            .collect();
        missing.dedup();
        missing
    }
}

impl Measure for Metrics {
    fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let font = self.font(face);
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                let glyph = charmap.map(c).unwrap_or_default();
                metrics.advance_width(glyph).unwrap_or(size / 2.0)
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_fonts_read_and_measure() {
        let m = Metrics::new().expect("the shipped fonts read");
        let narrow = m.width(Face::Regular, 10.0, "iiii");
        let wide = m.width(Face::Regular, 10.0, "WWWW");
        assert!(narrow > 0.0 && wide > 2.0 * narrow);
        assert!(m.width(Face::Bold, 10.0, "Votes") > m.width(Face::Regular, 10.0, "Votes"));
        // Welsh names and words print: ŵ, ŷ, â.
        assert!(m.missing("Dŵr Tŷ Llanfair-ym-Muallt â").is_empty());
        assert_eq!(m.missing("Zhang 张"), ['张']);
    }
}
