//! Party colours as egui colours.

use eframe::egui::Color32;

use crate::colours::Rgb;

pub fn rgb(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// Black or white, whichever reads better on this background.
pub fn text_on(c: Rgb) -> Color32 {
    let luma = 0.299 * f32::from(c.0) + 0.587 * f32::from(c.1) + 0.114 * f32::from(c.2);
    if luma > 150.0 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}
