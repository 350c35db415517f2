//! The scoreboard of a night of many councils, drawn: councils by control,
//! councillors by party, councils as they complete (the dashboard's card, and the
//! board's panel at a larger scale).

use super::*;

/// The night's scoreboard: councils complete, councils by control with gains and
/// losses of control, councillors by party, and each council's result as it
/// completes; in one column on the dashboard, three on the board. `scale` enlarges it.
pub(crate) fn scoreboard(
    ui: &mut egui::Ui,
    board: &crate::charts::Scoreboard,
    scale: f32,
    columns: bool,
) {
    if columns {
        ui.columns(3, |cols| {
            by_control(&mut cols[0], board, scale);
            councillors(&mut cols[1], board, scale);
            completed(&mut cols[2], board, scale);
        });
    } else {
        by_control(ui, board, scale);
        ui.add_space(6.0 * scale);
        councillors(ui, board, scale);
        ui.add_space(6.0 * scale);
        completed(ui, board, scale);
    }
}

pub(super) fn scoreboard_heading(ui: &mut egui::Ui, text: &str, scale: f32) {
    ui.label(RichText::new(text).strong().size(15.0 * scale));
}

/// A swatch and a line of text, at `scale`.
pub(super) fn scoreboard_line(
    ui: &mut egui::Ui,
    colour: crate::colours::Rgb,
    text: String,
    scale: f32,
) {
    ui.horizontal(|ui| {
        let side = 12.0 * scale;
        let (rect, _) = ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::hover());
        ui.painter().rect_filled(rect, 2.0, rgb(colour));
        // A long line wraps under itself rather than running past the column.
        ui.add(egui::Label::new(RichText::new(text).size(14.0 * scale)).wrap());
    });
}

pub(super) fn by_control(ui: &mut egui::Ui, board: &crate::charts::Scoreboard, scale: f32) {
    scoreboard_heading(
        ui,
        &format!(
            "Councils: {} of {} complete",
            board.councils_complete, board.councils_total
        ),
        scale,
    );
    for c in &board.by_control {
        let change = if c.gains + c.losses > 0 {
            format!(" (+{} −{})", c.gains, c.losses)
        } else {
            String::new()
        };
        scoreboard_line(
            ui,
            c.colour,
            format!("{}: {}{change}", c.label, c.councils),
            scale,
        );
    }
}

pub(super) fn councillors(ui: &mut egui::Ui, board: &crate::charts::Scoreboard, scale: f32) {
    const MOST: usize = 12;
    scoreboard_heading(ui, "Councillors by party", scale);
    for p in board.councillors.iter().take(MOST) {
        let change = p
            .change_label(0)
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        scoreboard_line(
            ui,
            p.colour,
            format!("{}: {}{change}", p.party, p.value as u64),
            scale,
        );
    }
    if board.councillors.len() > MOST {
        ui.label(
            RichText::new(format!(
                "and {} more parties",
                board.councillors.len() - MOST
            ))
            .weak()
            .size(14.0 * scale),
        );
    }
}

pub(super) fn completed(ui: &mut egui::Ui, board: &crate::charts::Scoreboard, scale: f32) {
    const LATEST: usize = 12;
    scoreboard_heading(ui, "Results as they complete, latest first", scale);
    if board.results.is_empty() {
        ui.label(
            RichText::new("No council complete yet")
                .weak()
                .size(14.0 * scale),
        );
    }
    for r in board.results.iter().take(LATEST) {
        let text = match &r.change {
            Some(change) => format!("{}: {change}", r.council),
            None => format!("{}: {}", r.council, r.control),
        };
        scoreboard_line(ui, r.colour, text, scale);
    }
    if board.results.len() > LATEST {
        ui.label(
            RichText::new(format!("and {} earlier", board.results.len() - LATEST))
                .weak()
                .size(14.0 * scale),
        );
    }
}
