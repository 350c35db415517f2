//! Party colours as egui colours.

use eframe::egui::Color32;

use crate::colours::Rgb;

pub fn rgb(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// Black or white, whichever contrasts more with this background (WCAG).
pub fn text_on(c: Rgb) -> Color32 {
    rgb(c.text_colour())
}
