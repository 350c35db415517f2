//! What the benchmarks of the window share.

use eframe::egui;
use tallyroom::app::TallyApp;

/// One frame of the window, headless at 1920×1080: layout, every panel, and
/// tessellation into triangles (all the CPU does before the GPU draws). Returns the
/// number of meshes, so that nothing is optimised away.
pub fn frame(ctx: &egui::Context, app: &mut TallyApp) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1920.0, 1080.0),
        )),
        ..egui::RawInput::default()
    };
    let output = ctx.run_ui(input, |ui| app.show(ui));
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}
