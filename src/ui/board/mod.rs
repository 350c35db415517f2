//! The board for a projector or TV, read from the back of a hall: the control state as
//! the headline, progress, then one panel (seats, chamber, latest results, map,
//! councils, projection). Every number and label is at least 24 pixels tall on a
//! 1080-line screen and grows with the screen; the charts are painted with their
//! labels on the data (no gridlines, ticks or hover furniture); the board's own
//! controls show only while the pointer moves over it.

use std::time::{Duration, Instant};

use eframe::egui::{self, RichText};

use crate::charts::{ChamberSeat, PartyBar, SeatChart};
use crate::colours::PartyColours;
use crate::numbers;
use crate::store::Store;
use crate::tally::projection::{Projection, TooEarly};
use crate::ui::colour::rgb;
use crate::window_state::command::Command;
use crate::window_state::dashboard::{
    Board, BoardPanel, Dashboard, DashboardFigures, Panels, ROTATE_EVERY,
};

mod projection;

use projection::{projection_line, projection_panel};

/// The smallest text on the board, in pixels on a 1080-line screen.
pub const SMALLEST: f32 = 24.0;

/// How long the controls stay after the pointer last moved over the board.
const CONTROLS_FOR: Duration = Duration::from_secs(3);

/// How much larger than on a 1920×1080 screen the board's type is: it follows the
/// board's window (a 4K projector gets type twice as tall), and is worked out in
/// points, so that a screen scaled by its system keeps the same proportions.
pub fn scale(ctx: &egui::Context) -> f32 {
    let r = ctx.content_rect();
    (r.height() / 1080.0).min(r.width() / 1920.0).max(0.5)
}

/// The board's own controls at its top: the panel, the rotation, the theme and full
/// screen. They are drawn invisible (their place kept, so nothing moves) until the
/// pointer moves over the board, and fade out again a few seconds after it stops.
/// Returns whether full screen was asked for.
pub fn controls(
    ui: &mut egui::Ui,
    board: &mut Board,
    has: Panels,
    election: &crate::model::Election,
) -> bool {
    let now = Instant::now();
    if ui.input(|i| i.pointer.delta() != egui::Vec2::ZERO || i.pointer.any_pressed()) {
        board.pointer_at = Some(now);
    }
    let visible = board
        .pointer_at
        .is_some_and(|at| now.saturating_duration_since(at) < CONTROLS_FOR);
    if visible {
        ui.ctx().request_repaint_after(CONTROLS_FOR);
    }
    // Keys 1, 2, 3… put up the panels in the order of their buttons, without the
    // pointer ever crossing the projected picture.
    const KEYS: [egui::Key; 6] = [
        egui::Key::Num1,
        egui::Key::Num2,
        egui::Key::Num3,
        egui::Key::Num4,
        egui::Key::Num5,
        egui::Key::Num6,
    ];
    for (panel, key) in BoardPanel::shown(has).zip(KEYS) {
        if ui.input(|i| i.key_pressed(key) && i.modifiers.is_none()) {
            board.show(panel);
        }
    }
    let mut full_screen = false;
    ui.scope(|ui| {
        ui.set_opacity(if visible { 1.0 } else { 0.0 });
        ui.horizontal_wrapped(|ui| {
            for (i, panel) in BoardPanel::shown(has).enumerate() {
                if ui
                    .selectable_label(board.panel == panel, panel.label())
                    .on_hover_text(format!("Key {}", i + 1))
                    .clicked()
                {
                    board.show(panel);
                }
            }
            ui.separator();
            ui.checkbox(
                &mut board.rotate,
                format!("Rotate every {} s", ROTATE_EVERY.as_secs()),
            );
            ui.checkbox(&mut board.light, "Light background");
            if election.has_councils() {
                // The board's own choice of council: the dashboard may show another.
                ui.separator();
                crate::ui::council_picker(ui, "board-council", &mut board.council, election);
            }
            ui.separator();
            full_screen = ui.button("Full screen (F11, Esc to leave)").clicked();
        });
    });
    full_screen
}

/// The board's whole window, as a projector shows it: its theme, its controls (F11
/// or the button for full screen, Esc to leave it), then the board.
pub fn window(
    ui: &mut egui::Ui,
    session: &mut crate::window_state::session::Session,
    colours: &PartyColours,
    commands: &mut Vec<Command>,
) {
    ui.style_mut().visuals = if session.dashboard.board.light {
        egui::Visuals::light()
    } else {
        egui::Visuals::dark()
    };
    egui::CentralPanel::default().show(ui, |ui| {
        let full = ui.input(|i| i.viewport().fullscreen.unwrap_or(false));
        let (f11, esc) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::F11),
                i.key_pressed(egui::Key::Escape),
            )
        });
        let has = Panels::of(&session.store, &session.dashboard);
        let election = session.store.election().clone();
        let clicked = controls(ui, &mut session.dashboard.board, has, &election);
        if clicked || f11 {
            ui.send_viewport_cmd(egui::ViewportCommand::Fullscreen(!full));
        } else if esc && full {
            ui.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        }
        show(
            ui,
            &mut session.dashboard,
            &session.store,
            colours,
            commands,
        );
    });
}

/// The board: headline, progress, then the panel chosen (or the one the rotation has
/// reached).
///
/// Long: Immediate-mode layout, read top to bottom as the window shows it: each part is a
/// few widgets sharing the same `ui` and state, and a helper apiece would only pass them
/// along.
pub fn show(
    ui: &mut egui::Ui,
    dashboard: &mut Dashboard,
    store: &Store,
    colours: &PartyColours,
    commands: &mut Vec<Command>,
) {
    let s = scale(ui.ctx());
    dashboard.board.area = Some(ui.max_rect());
    let has = Panels::of(store, dashboard);
    dashboard.board.turn(ui.ctx(), has);
    let panel = dashboard.board.panel;
    let controls_visible = dashboard
        .board
        .pointer_at
        .is_some_and(|at| at.elapsed() < CONTROLS_FOR);
    let council = dashboard.board.council;
    let mut map_state = std::mem::take(&mut dashboard.map);
    let projection_state = std::mem::take(&mut dashboard.projection);
    let projection = projection_state.current(store);
    let projected = projection
        .and_then(|r| r.as_ref().ok())
        .and_then(projection_line);
    let f = dashboard.board_figures(store, colours);
    // The footer: the fingerprint of the night's record these figures come from, so a
    // photograph of the screen can be traced to the file.
    let footer = match store.fingerprint() {
        Some(fingerprint) => format!("record {fingerprint}"),
        None => {
            "the night's record does not hold: these figures may not be the night's".to_string()
        }
    };
    let corner = ui.max_rect().right_bottom() - egui::vec2(8.0 * s, 4.0 * s);
    let footer_colour = if store.chain_break().is_some() {
        ui.visuals().warn_fg_color
    } else {
        ui.visuals().weak_text_color()
    };
    ui.painter().text(
        corner,
        egui::Align2::RIGHT_BOTTOM,
        footer,
        egui::FontId::proportional(SMALLEST * s),
        footer_colour,
    );
    // Nothing of the board is drawn under the footer.
    ui.set_max_height((ui.available_height() - SMALLEST * s * 1.5).max(0.0));
    ui.vertical_centered(|ui| {
        ui.label(RichText::new(&f.title).size(30.0 * s).strong());
        ui.label(RichText::new(&f.control_text).size(48.0 * s).strong());
        ui.label(RichText::new(&f.progress).size(28.0 * s));
        if let Some(line) = &projected {
            ui.label(RichText::new(line).size(26.0 * s).italics());
        }
        // A shared night's division declared twice with different figures: the room
        // must not take its figures as settled.
        let election = store.election();
        let conflicting: Vec<&str> = store
            .conflicts()
            .map(|d| election.division(d).name.as_str())
            .collect();
        if !conflicting.is_empty() {
            ui.label(
                RichText::new(format!(
                    "Being checked (declared twice with different figures): {}",
                    conflicting.join(", ")
                ))
                .size(28.0 * s)
                .color(ui.visuals().warn_fg_color),
            );
        }
    });
    ui.add_space(8.0 * s);
    match panel {
        BoardPanel::Seats => {
            ui.columns(2, |cols| {
                seat_cards(&mut cols[0], &f.seats, colours, s);
                // The bars against the line for control, where there is room for them.
                let height = cols[0].available_height() - 8.0;
                if height >= 150.0 * s {
                    seat_bars(&mut cols[0], &f.seats, colours, height, s);
                }
                latest_card(&mut cols[1], f.latest.as_ref(), s);
                let height = cols[1].available_height();
                feed(&mut cols[1], f, SMALLEST * s, height);
            });
        }
        BoardPanel::Chamber => {
            ui.columns(2, |cols| {
                let height = (cols[0].available_height() - 8.0).max(200.0);
                chamber(&mut cols[0], &f.chamber, height, s);
                seat_cards(&mut cols[1], &f.seats, colours, s);
            });
        }
        BoardPanel::Projection => {
            projection_panel(ui, projection, &f.seats, colours, s);
        }
        BoardPanel::Councils => match &f.scoreboard {
            Some(board) => crate::ui::dashboard::scoreboard(ui, board, 1.75 * s, true),
            None => {
                ui.label(RichText::new("One council tonight: see Seats").size(28.0 * s));
            }
        },
        BoardPanel::Latest => {
            latest_card(ui, f.latest.as_ref(), 1.25 * s);
            ui.add_space(8.0 * s);
            let height = ui.available_height();
            feed(ui, f, 28.0 * s, height);
        }
        BoardPanel::Map => {
            ui.columns(2, |cols| {
                // The controls above and the legend below take about four lines of
                // board type.
                let height = (cols[0].available_height() - 6.0 * SMALLEST * s).max(200.0);
                let options = crate::ui::map::MapOptions {
                    place: "board",
                    height,
                    council,
                    text: SMALLEST * s,
                    controls: controls_visible,
                    wheel_zooms: true,
                };
                crate::ui::map::map(
                    &mut cols[0],
                    &mut map_state,
                    store,
                    colours,
                    &options,
                    commands,
                );
                latest_card(&mut cols[1], f.latest.as_ref(), s);
                seat_cards(&mut cols[1], &f.seats, colours, s);
            });
        }
    }
    dashboard.map = map_state;
    dashboard.projection = projection_state;
}

/// The latest declarations, newest first, as many as fit whole in `height`: a line
/// that would not fit is left out, never shown cut in half.
fn feed(ui: &mut egui::Ui, f: &DashboardFigures, size: f32, height: f32) {
    let width = ui.available_width();
    let colour = ui.visuals().text_color();
    if f.feed.is_empty() {
        ui.label(RichText::new("No declarations yet").weak().size(size));
        return;
    }
    let gap = ui.spacing().item_spacing.y;
    let mut used = 0.0;
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
        for line in &f.feed {
            let galley = ui.fonts_mut(|fonts| {
                fonts.layout(
                    line.clone(),
                    egui::FontId::proportional(size),
                    colour,
                    width,
                )
            });
            used += galley.size().y + gap;
            if used > height {
                break;
            }
            ui.add(egui::Label::new(galley).wrap());
        }
    });
}

/// Each party's seats as a bar with its name and number on it, against the line for
/// control: what a results graphic shows, with nothing else drawn.
///
/// Long: Immediate-mode layout, read top to bottom as the window shows it: each part is a
/// few widgets sharing the same `ui` and state, and a helper apiece would only pass them
/// along.
fn seat_bars(ui: &mut egui::Ui, chart: &SeatChart, colours: &PartyColours, height: f32, s: f32) {
    let bars: Vec<&PartyBar> = chart
        .bars
        .iter()
        .filter(|b| b.value > 0.0)
        .take(8)
        .collect();
    if bars.is_empty() {
        return;
    }
    let text = SMALLEST * s;
    let font = egui::FontId::proportional(text);
    let colour = ui.visuals().text_color();
    // One row for the line's label, then a row a bar.
    let rows = bars.len() as f32 + 1.0;
    let row = (height / rows).min(text * 2.2);
    let width = ui.available_width();
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(width, row * rows), egui::Sense::hover());
    let described: Vec<String> = bars
        .iter()
        .map(|b| format!("{} {}", b.party, b.value as u64))
        .collect();
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Image,
            true,
            format!("Seats chart: {}", described.join(", ")),
        )
    });
    let painter = ui.painter_at(rect);
    let width_of = |t: &str| {
        ui.fonts_mut(|f| {
            f.layout_no_wrap(t.to_string(), font.clone(), colour)
                .size()
                .x
        })
    };
    let name_width = bars
        .iter()
        .map(|b| width_of(&colours.short_name(&b.party)))
        .fold(0.0, f32::max)
        .min(width * 0.35);
    // A name longer than its column is cut short with "…", never cut at the edge.
    let names: Vec<String> = bars
        .iter()
        .map(|b| crate::ui::charts::fit(&colours.short_name(&b.party), name_width, width_of))
        .collect();
    let left = rect.left() + name_width + 12.0 * s;
    // Room after the longest bar for its number.
    let room = width - name_width - 12.0 * s - text * 2.5;
    let top_value = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let most = top_value.max(chart.threshold as f64).max(1.0);
    let x = |v: f64| left + room * (v / most) as f32;
    for (i, (bar, name)) in bars.iter().zip(&names).enumerate() {
        let y = rect.top() + row * (i as f32 + 1.0);
        let band = egui::Rect::from_min_max(
            egui::pos2(left, y + row * 0.12),
            egui::pos2(x(bar.value).max(left + 2.0), y + row * 0.88),
        );
        painter.rect_filled(band, 3.0, rgb(bar.colour));
        painter.text(
            egui::pos2(left - 8.0 * s, band.center().y),
            egui::Align2::RIGHT_CENTER,
            name,
            font.clone(),
            colour,
        );
        painter.text(
            egui::pos2(band.right() + 8.0 * s, band.center().y),
            egui::Align2::LEFT_CENTER,
            format!("{}", bar.value as u64),
            font.clone(),
            colour,
        );
    }
    if chart.threshold > 0 {
        let at = x(chart.threshold as f64);
        painter.line_segment(
            [
                egui::pos2(at, rect.top() + row * 0.9),
                egui::pos2(at, rect.bottom()),
            ],
            egui::Stroke::new(3.0 * s, colour),
        );
        // The line's label centred over it, moved in from the edge where it would
        // be cut.
        let label =
            painter.layout_no_wrap(format!("{} for control", chart.threshold), font, colour);
        let half = label.size().x / 2.0;
        let x = at.clamp(
            rect.left() + half,
            (rect.right() - half).max(rect.left() + half),
        );
        painter.galley(
            egui::pos2(x - half, rect.top() + row * 0.5 - label.size().y / 2.0),
            label,
            colour,
        );
    }
}

/// The council chamber: a dot a seat, in the winner's colour; seats still to declare
/// as rings, told apart from any party's colour.
fn chamber(ui: &mut egui::Ui, seats: &[ChamberSeat], height: f32, s: f32) {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(width, height.min(width / 2.0)),
        egui::Sense::hover(),
    );
    let awaiting = seats.iter().filter(|seat| seat.party.is_none()).count();
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Image,
            true,
            format!(
                "Council chamber: {} seats, {awaiting} still to declare",
                seats.len()
            ),
        )
    });
    if seats.is_empty() {
        return;
    }
    // The hemicycle spans x from -1 to 1 and y from 0 to 1; a dot's radius of margin
    // all round, so that no dot is cut at the edge.
    let fit = (rect.width() / 2.0).min(rect.height());
    let radius = (fit * 0.42 * (1.3 / seats.len() as f32).sqrt()).clamp(1.5, 40.0 * s);
    let unit = ((rect.width() - 2.0 * radius - 4.0) / 2.0).min(rect.height() - 2.0 * radius - 4.0);
    let origin = egui::pos2(rect.center().x, rect.bottom() - radius - 2.0);
    let painter = ui.painter_at(rect);
    let ring = ui.visuals().text_color().gamma_multiply(0.6);
    for seat in seats {
        let at = egui::pos2(
            origin.x + seat.x as f32 * unit,
            origin.y - seat.y as f32 * unit,
        );
        if seat.party.is_some() {
            painter.circle_filled(at, radius, rgb(seat.colour));
        } else {
            painter.circle_stroke(
                at,
                radius * 0.85,
                egui::Stroke::new((radius * 0.18).max(1.0), ring),
            );
        }
    }
}

/// The newest declaration as a large card on its winner's colour: where, what
/// happened, who won and by how much. `scale` enlarges it when it is the panel.
fn latest_card(ui: &mut egui::Ui, latest: Option<&crate::charts::LatestResult>, scale: f32) {
    // Before the first declaration the feed under the card says so.
    let Some(latest) = latest else {
        return;
    };
    let text = crate::ui::colour::text_on(latest.colour);
    egui::Frame::new()
        .fill(rgb(latest.colour))
        .corner_radius(10.0)
        .inner_margin(egui::Margin::same(16))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            // Ragged right: a justified layout spreads the words of a large headline.
            ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                ui.label(
                    RichText::new(format!("Latest: {}", latest.division))
                        .size(26.0 * scale)
                        .color(text),
                );
                ui.label(
                    RichText::new(&latest.headline)
                        .size(40.0 * scale)
                        .strong()
                        .color(text),
                );
                for winner in &latest.winners {
                    ui.label(RichText::new(winner).size(26.0 * scale).color(text));
                }
                if let Some(majority) = &latest.majority {
                    ui.label(RichText::new(majority).size(26.0 * scale).color(text));
                }
            });
        });
    ui.add_space(8.0);
}

/// Each party's seats as a number to read from the back of a hall: on the party's
/// colour, in black or white by contrast, with its change against the baseline. The
/// cards fill rows of equal width; a long name is cut short, never wrapped.
fn seat_cards(ui: &mut egui::Ui, seats: &SeatChart, colours: &PartyColours, s: f32) {
    // Points: at the board's zoom of 1 a 56-point number is 56 pixels tall.
    let (number, change_size, name_size) = (56.0 * s, 30.0 * s, SMALLEST * s);
    let narrowest = 220.0 * s;
    const GAP: f32 = 8.0;
    const MARGIN: i8 = 12;
    // Parties with seats, and those that lost every seat they had: a party wiped out
    // is news too.
    let shown: Vec<&PartyBar> = seats
        .bars
        .iter()
        .filter(|b| b.value > 0.0 || b.change.is_some_and(|c| c < 0.0))
        .take(8)
        .collect();
    // About how tall a card stands: a line of each size and the margins.
    let card_height = (number + name_size) * 1.3 + 8.0;
    let width = ui.available_width();
    let mut per_row = (((width + GAP) / (narrowest + GAP)).floor() as usize).max(1);
    // On a short screen, more cards to a row rather than rows below the edge.
    let rows_fit = (((ui.available_height() + GAP) / (card_height + GAP)).floor() as usize).max(1);
    if shown.len().div_ceil(per_row) > rows_fit {
        per_row = shown.len().div_ceil(rows_fit);
    }
    let card = (width - GAP * (per_row as f32 - 1.0)) / per_row as f32;
    for row in shown.chunks(per_row) {
        // Cards of a row top-aligned, side by side.
        ui.with_layout(egui::Layout::left_to_right(egui::Align::Min), |ui| {
            ui.spacing_mut().item_spacing.x = GAP;
            for bar in row {
                let text = crate::ui::colour::text_on(bar.colour);
                ui.allocate_ui_with_layout(
                    egui::vec2(card, 0.0),
                    egui::Layout::top_down(egui::Align::Min),
                    |ui| {
                        egui::Frame::new()
                            .fill(rgb(bar.colour))
                            .corner_radius(8.0)
                            .inner_margin(egui::Margin::symmetric(MARGIN, 4))
                            .show(ui, |ui| {
                                ui.set_width(card - 2.0 * f32::from(MARGIN));
                                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                                ui.horizontal(|ui| {
                                    ui.label(
                                        RichText::new(format!("{}", bar.value as u64))
                                            .size(number)
                                            .strong()
                                            .color(text),
                                    );
                                    if let Some(change) = bar.change_label(0) {
                                        ui.label(
                                            RichText::new(change).size(change_size).color(text),
                                        );
                                    }
                                });
                                // The party's short name where the whole one would be cut.
                                let whole = ui.fonts_mut(|f| {
                                    f.layout_no_wrap(
                                        bar.party.clone(),
                                        egui::FontId::proportional(name_size),
                                        text,
                                    )
                                    .size()
                                    .x
                                });
                                let name = if whole <= ui.available_width() {
                                    bar.party.clone()
                                } else {
                                    colours.short_name(&bar.party)
                                };
                                ui.label(RichText::new(name).size(name_size).color(text));
                            });
                    },
                );
            }
        });
        ui.add_space(GAP);
    }
}
