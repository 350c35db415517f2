//! The dashboard: the live picture of the council beside the entry form, every chart
//! on its own tab, and the board for a projector. Chart data is worked out once per
//! change of the night, not once per frame.

use eframe::egui::{self, RichText};

use crate::charts::SeatChart;
use crate::colours::{PartyColours, UNDECLARED};
use crate::store::Store;
use crate::tally::ShareMethod;
use crate::tally::projection::{Projection, TooEarly};
use crate::ui::charts as draw;
use crate::ui::colour::rgb;
use crate::window_state::command::Command;
use crate::window_state::dashboard::{Dashboard, DashboardFigures, Details, WHOLE};
use crate::window_state::dialogs::DialogKind;

mod projection_card;
mod scoreboard;

use projection_card::projection_card;
pub(crate) use scoreboard::scoreboard;

/// Seats by party as text beside the chart: readable by everyone, screen readers too.
fn seat_list(ui: &mut egui::Ui, f: &DashboardFigures) {
    ui.horizontal_wrapped(|ui| {
        for b in &f.seats.bars {
            let change = b
                .change_label(0)
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            draw::swatch(ui, b.colour, &format!("{}: {}{change}", b.party, b.value));
        }
        if f.seats.undeclared > 0 {
            draw::swatch(
                ui,
                UNDECLARED,
                &format!("To declare: {}", f.seats.undeclared),
            );
        }
    });
}

/// The latest declarations, newest first, in at most `height` points: what does not
/// fit scrolls, so the feed never pushes what is below it off the screen.
pub(crate) fn feed(ui: &mut egui::Ui, id: &str, f: &DashboardFigures, size: f32, height: f32) {
    egui::ScrollArea::vertical()
        .id_salt(id)
        .max_height(height.max(size * 2.0))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            // Ragged right: columns justify their contents, which spreads words out.
            ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                if f.feed.is_empty() {
                    ui.label(RichText::new("No declarations yet").weak().size(size));
                }
                for line in &f.feed {
                    ui.label(RichText::new(line).size(size));
                }
            });
        });
}

/// What an empty chart says instead of bare axes.
fn no_declarations(ui: &mut egui::Ui) {
    ui.add_space(12.0);
    ui.label(RichText::new("No declarations yet").weak());
    ui.add_space(12.0);
}

/// The live picture beside the entry form: control, seats, the latest declarations.
pub fn side(ui: &mut egui::Ui, dashboard: &mut Dashboard, store: &Store, colours: &PartyColours) {
    let f = dashboard.figures(store, colours);
    ui.heading(&f.control_text);
    ui.label(&f.progress);
    if !f.seats.bars.is_empty() {
        draw::seats(ui, "side-seats", &f.seats, colours, 220.0);
    }
    seat_list(ui, f);
    ui.separator();
    ui.label(RichText::new("Latest declarations").strong());
    let height = ui.available_height();
    feed(ui, "side-feed", f, 14.0, height);
}

/// The dashboard's cards, in the order they fill the grid: the seats and the latest
/// declarations first, where the eye lands.
#[derive(Clone, Copy, PartialEq)]
enum Card {
    /// The night's scoreboard, on a night of several councils.
    Councils,
    Seats,
    /// The results map, once the night has boundaries.
    Map,
    Feed,
    /// The projection of the final seats, where there is a baseline and it is shown.
    Projection,
    Control,
    Timeline,
    Shares,
    Majorities,
    Chamber,
    Gains,
    Turnout,
    Independents,
    /// Sitting members re-elected and defeated.
    Incumbents,
}

/// The map card's title (and its picture's name).
const MAP_TITLE: &str = "Results map";

/// The narrowest a card may be: a chart's title with its picture button, and party
/// names under seven or eight bars.
const CARD_NARROWEST: f32 = 320.0;
/// Space between cards.
const CARD_GAP: f32 = 12.0;

/// How many cards to a row, and how wide each is, in `width`: one to three columns,
/// as many as fit.
pub fn grid(width: f32) -> (usize, f32) {
    let per_row = (((width + CARD_GAP) / (CARD_NARROWEST + CARD_GAP)).floor() as usize).clamp(1, 3);
    let card = ((width - CARD_GAP * (per_row as f32 - 1.0)) / per_row as f32).floor();
    (per_row, card.max(1.0))
}

/// Every chart, for the dashboard tab, in a grid that reflows to the width.
///
/// Long: Immediate-mode layout, read top to bottom as the window shows it: each part is a
/// few widgets sharing the same `ui` and state, and a helper apiece would only pass them
/// along.
pub fn full(
    ui: &mut egui::Ui,
    dashboard: &mut Dashboard,
    store: &Store,
    colours: &PartyColours,
    commands: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        // On a night of several councils, the charts show the night or one council.
        let election = store.election();
        if election.has_councils() {
            crate::ui::council_picker(ui, "council-view", &mut dashboard.council, election);
            ui.separator();
        }
        ui.label("Vote share:");
        ui.selectable_value(
            &mut dashboard.share_method,
            ShareMethod::AllVotes,
            "all votes",
        );
        ui.selectable_value(
            &mut dashboard.share_method,
            ShareMethod::TopCandidate,
            "top candidate per party and division",
        );
        ui.separator();
        ui.label("Majorities:");
        ui.selectable_value(&mut dashboard.majority_percent, false, "votes");
        ui.selectable_value(&mut dashboard.majority_percent, true, "percent");
        ui.separator();
        ui.checkbox(
            &mut dashboard.independents_one_by_one,
            "Independents one by one",
        );
        if store.election().baseline.is_some() {
            ui.checkbox(&mut dashboard.projection.shown, "Show projection")
                .on_hover_text("The final seats projected from the divisions declared and the baseline; untick for a night that must not show one");
        }
        ui.separator();
        if ui.button("Board for the projector").clicked() {
            commands.push(Command::ToggleBoard);
        }
    });
    dashboard.rects.clear();
    dashboard.rects.push((WHOLE, ui.max_rect()));
    let options = CardOptions {
        method: dashboard.share_method,
        percent: dashboard.majority_percent,
    };
    let one_by_one = dashboard.independents_one_by_one;
    let council = dashboard.council;
    let mut map_state = std::mem::take(&mut dashboard.map);
    let projection_state = std::mem::take(&mut dashboard.projection);
    let projection_on = projection_state.shown
        && store.election().baseline.is_some()
        && !crate::window_state::projection::every_division_declared(store);
    let projection = projection_state.current(store);
    let mut rects: Vec<(&'static str, egui::Rect)> = Vec::new();
    let (f, details) = dashboard.all_figures(ui.ctx(), store, colours);
    ui.heading(format!("{}: {}", f.title, f.control_text));
    ui.label(&f.progress);
    let mut cards = Vec::new();
    if f.scoreboard.is_some() {
        cards.push(Card::Councils);
    }
    cards.push(Card::Seats);
    // The map leads where there is one, beside the seats.
    if store.night().map.is_some() {
        cards.push(Card::Map);
    }
    cards.push(Card::Feed);
    if projection_on {
        cards.push(Card::Projection);
    }
    cards.extend([
        Card::Control,
        Card::Timeline,
        Card::Shares,
        Card::Majorities,
        Card::Chamber,
    ]);
    // A night of several councils has no one chamber to control or seat.
    if f.scoreboard.is_some() {
        cards.retain(|c| !matches!(c, Card::Control | Card::Chamber));
    }
    if !f.gains.is_empty() {
        cards.push(Card::Gains);
    }
    if !details.turnout().is_empty() {
        cards.push(Card::Turnout);
    }
    if one_by_one {
        cards.push(Card::Independents);
    }
    if details.incumbents().is_some() {
        cards.push(Card::Incumbents);
    }
    egui::ScrollArea::vertical()
        .id_salt("dashboard")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let (per_row, width) = grid(ui.available_width());
            let mut out = CardOut {
                rects: &mut rects,
                commands,
                map: &mut map_state,
                council,
                projection,
            };
            // Each card in a rect of its own: a row is as tall as its tallest card.
            let left = ui.cursor().left();
            for row in cards.chunks(per_row) {
                let top = ui.cursor().top();
                let mut bottom = top;
                for (i, &card) in row.iter().enumerate() {
                    let x = left + i as f32 * (width + CARD_GAP);
                    let space = egui::Rect::from_min_size(
                        egui::pos2(x, top),
                        egui::vec2(width, f32::INFINITY),
                    );
                    let builder = egui::UiBuilder::new()
                        .max_rect(space)
                        .layout(egui::Layout::top_down(egui::Align::Min));
                    let drawn = ui.scope_builder(builder, |ui| {
                        let frame = egui::Frame::group(ui.style());
                        let inner = width - frame.total_margin().sum().x - 2.0 * frame.stroke.width;
                        frame.show(ui, |ui| {
                            ui.set_width(inner);
                            ui.set_max_width(inner);
                            draw_card(ui, card, f, details, store, colours, &options, &mut out);
                        });
                    });
                    bottom = bottom.max(drawn.response.rect.bottom());
                }
                let below = bottom + CARD_GAP - ui.cursor().top();
                if below > 0.0 {
                    ui.add_space(below);
                }
            }
        });
    dashboard.rects.extend(rects);
    dashboard.map = map_state;
    dashboard.projection = projection_state;
}

/// The options a card is drawn with.
struct CardOptions {
    method: ShareMethod,
    percent: bool,
}

/// What drawing the cards gives back: where each chart lies, and commands.
struct CardOut<'a> {
    rects: &'a mut Vec<(&'static str, egui::Rect)>,
    commands: &'a mut Vec<Command>,
    map: &'a mut crate::window_state::map::MapState,
    /// The council shown, on a night of several (none: the night).
    council: Option<crate::model::CouncilIx>,
    /// The projection, where shown and worked out.
    projection: Option<&'a Result<Projection, TooEarly>>,
}

// Long: One arm per card, each a few lines of drawing; the match is exhaustive, so that a
// new card cannot compile undrawn.
#[allow(clippy::too_many_arguments)]
fn draw_card(
    ui: &mut egui::Ui,
    card: Card,
    f: &DashboardFigures,
    details: &Details,
    store: &Store,
    colours: &PartyColours,
    options: &CardOptions,
    out: &mut CardOut<'_>,
) {
    match card {
        Card::Councils => {
            if let Some(board) = &f.scoreboard {
                scoreboard(ui, board, 1.0, false);
            }
            // The councils by control the projection expects, where it is shown.
            if let Some(Ok(p)) = out.projection
                && !p.councils_by_control.is_empty()
            {
                let projected: Vec<String> = p
                    .councils_by_control
                    .iter()
                    .map(|(label, n)| format!("{label} {n:.0}"))
                    .collect();
                ui.label(
                    RichText::new(format!(
                        "Projected councils by control: {}",
                        projected.join(", ")
                    ))
                    .italics(),
                );
            }
        }
        Card::Seats => chart(ui, "Seats by party", out, |ui| {
            if f.seats.bars.is_empty() {
                no_declarations(ui);
            } else {
                draw::seats(ui, "seats", &f.seats, colours, 260.0);
            }
            seat_list(ui, f);
        }),
        Card::Map => {
            let options = crate::ui::map::MapOptions {
                place: "dashboard",
                height: 380.0,
                council: out.council,
                text: 14.0,
                controls: true,
                wheel_zooms: false,
            };
            let response = ui.scope(|ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(MAP_TITLE).strong());
                    if ui
                        .small_button(format!("Save {MAP_TITLE} as PNG"))
                        .clicked()
                    {
                        out.commands
                            .push(Command::ShowDialog(DialogKind::Picture(Some(MAP_TITLE))));
                    }
                });
                crate::ui::map::map(ui, out.map, store, colours, &options, out.commands);
            });
            out.rects.push((MAP_TITLE, response.response.rect));
        }
        Card::Projection => projection_card(ui, out.projection, &f.seats, colours),
        Card::Feed => {
            ui.label(RichText::new("Latest declarations").strong());
            // About twelve lines; the rest scrolls, and the charts stay in place.
            feed(ui, "dashboard-feed", f, 14.0, 12.0 * 14.0 * 1.5);
        }
        Card::Control => chart(ui, "Path to control", out, |ui| {
            if f.paths.is_empty() {
                ui.label(RichText::new(&f.control_text).weak());
            }
            draw::control(ui, &f.paths, f.seats.threshold, f.total_seats);
        }),
        Card::Timeline => chart(ui, "Seats through the night", out, |ui| {
            let (timed, series) = details.timeline();
            if series.is_empty() {
                no_declarations(ui);
            } else {
                draw::timeline(ui, "timeline", timed, series, 220.0);
            }
        }),
        Card::Shares => chart(ui, "Vote share", out, |ui| {
            ui.label(RichText::new(options.method.label()).weak());
            if f.shares.iter().all(|b| b.value <= 0.0) {
                no_declarations(ui);
            } else {
                draw::shares(ui, "shares", &f.shares, colours, 240.0);
            }
        }),
        Card::Majorities => chart(ui, "Closest results", out, |ui| {
            let unit = if options.percent {
                "majority %"
            } else {
                "majority in votes"
            };
            let all = details.majorities();
            if all.is_empty() {
                no_declarations(ui);
            } else {
                let shown = all.len().min(draw::CLOSEST_SHOWN);
                // The list is cut at the closest thousand: past it, no count is given.
                let of = if all.len() < crate::charts::MAJORITY_BARS {
                    format!(" of {}", all.len())
                } else {
                    String::new()
                };
                ui.label(
                    RichText::new(format!(
                        "the closest {shown}{of}, {unit}; hover for winner and runner-up"
                    ))
                    .weak(),
                );
                draw::majorities(ui, "majorities", all, options.percent, 480.0);
            }
        }),
        Card::Chamber => chart(ui, "Council chamber", out, |ui| {
            if f.seats_per_dot > 1 {
                ui.label(RichText::new(format!("Each dot is {} seats", f.seats_per_dot)).weak());
            }
            draw::chamber(ui, "chamber", &f.chamber, &f.chamber_groups, 240.0);
        }),
        Card::Gains => {
            ui.label(RichText::new("Gains and losses").strong());
            egui::Grid::new("gains").striped(true).show(ui, |ui| {
                for h in ["Party", "Gains", "Losses", "Net"] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for row in &f.gains {
                    ui.label(&row.party);
                    ui.label(row.gains.to_string());
                    ui.label(row.losses.to_string());
                    ui.label(format!("{:+}", row.net));
                    ui.end_row();
                }
            });
        }
        Card::Turnout => {
            ui.label(RichText::new("Turnout by division").strong());
            // Only the rows in view are laid out: there may be thousands.
            let row_height = ui.text_style_height(&egui::TextStyle::Body);
            egui::ScrollArea::vertical()
                .id_salt("turnout")
                .max_height(240.0)
                .auto_shrink([false, true])
                .show_rows(ui, row_height, details.turnout().len(), |ui, range| {
                    let election = store.election();
                    for &(division, pct) in &details.turnout()[range] {
                        ui.label(format!("{pct:.1}%  {}", election.division(division).name));
                    }
                });
        }
        Card::Incumbents => {
            if let Some(inc) = details.incumbents() {
                ui.label(RichText::new("Sitting members").strong());
                ui.label(format!(
                    "{} standing again: {} re-elected, {} defeated",
                    inc.standing,
                    inc.re_elected,
                    inc.defeated.len()
                ));
                // Only the rows in view are laid out: a local elections day has hundreds.
                let row_height = ui.text_style_height(&egui::TextStyle::Body);
                egui::ScrollArea::vertical()
                    .id_salt("incumbents")
                    .max_height(240.0)
                    .auto_shrink([false, true])
                    .show_rows(ui, row_height, inc.defeated.len(), |ui, range| {
                        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                        for d in &inc.defeated[range] {
                            let place = match &d.council {
                                Some(council) => format!("{} ({council})", d.division),
                                None => d.division.clone(),
                            };
                            ui.label(format!(
                                "{} ({}) lost {place} to {}",
                                d.candidate,
                                d.party,
                                d.by.join(", ")
                            ));
                        }
                    });
            }
        }
        Card::Independents => {
            ui.label(RichText::new("Independents elected").strong());
            if details.independents().is_empty() {
                ui.label(RichText::new("None yet").weak());
            }
            for (name, division) in details.independents() {
                ui.label(format!("{name} ({division})"));
            }
        }
    }
}

/// A chart with its title and a button to save it as a picture; where it was drawn
/// is kept for that picture. The button goes under the title when both do not fit.
fn chart(
    ui: &mut egui::Ui,
    title: &'static str,
    out: &mut CardOut<'_>,
    add: impl FnOnce(&mut egui::Ui),
) {
    let response = ui.scope(|ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(title).strong());
            if ui.small_button(format!("Save {title} as PNG")).clicked() {
                out.commands
                    .push(Command::ShowDialog(DialogKind::Picture(Some(title))));
            }
        });
        add(ui);
    });
    out.rects.push((title, response.response.rect));
}
