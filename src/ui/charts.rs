//! Drawing the charts of [`crate::charts`] with egui_plot: the figures are worked out
//! there; here they only become bars, points and lines.

use eframe::egui::{self, Align2, Color32, RichText};
use egui_plot::{Bar, BarChart, HLine, Legend, Line, Plot, PlotPoint, PlotPoints, Points, Text};

use crate::charts::{ChamberSeat, ControlPath, MajorityBar, PartyBar, SeatChart, Series};
use crate::colours::{PartyColours, Rgb};
use crate::model::PartyIx;
use crate::ui::colour::rgb;

/// A plot that does not move under the mouse: these are pictures of the night.
fn still(id: &str, height: f32) -> Plot<'static> {
    Plot::new(id.to_string())
        .height(height)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([false, true])
}

/// Vertical party bars with their names under them and the change over them.
fn party_bars(
    plot: Plot<'static>,
    ui: &mut egui::Ui,
    bars: &[PartyBar],
    colours: &PartyColours,
    decimals: usize,
    extra: impl FnOnce(&mut egui_plot::PlotUi<'_>),
) {
    let top = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    // Party names are written under the bars: axis labels vanish when bars are narrow.
    plot.show_axes([false, true])
        .include_y(-top * 0.1 - 0.5)
        .include_y(top * 1.15 + 1.0)
        .show(ui, |plot| {
            let chart: Vec<Bar> = bars
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    Bar::new(i as f64, b.value)
                        .name(&b.party)
                        .fill(rgb(b.colour))
                        .width(0.7)
                })
                .collect();
            plot.bar_chart(BarChart::new("bars", chart));
            for (i, b) in bars.iter().enumerate() {
                let label = match b.change_label(decimals) {
                    Some(change) => format!("{:.decimals$} ({change})", b.value),
                    None => format!("{:.decimals$}", b.value),
                };
                plot.text(
                    Text::new("value", PlotPoint::new(i as f64, b.value), label)
                        .anchor(Align2::CENTER_BOTTOM),
                );
                let name = RichText::new(colours.short_name(&b.party)).small();
                plot.text(
                    Text::new("party", PlotPoint::new(i as f64, 0.0), name)
                        .anchor(Align2::CENTER_TOP),
                );
            }
            extra(plot);
        });
}

pub fn seats(ui: &mut egui::Ui, id: &str, chart: &SeatChart, colours: &PartyColours, height: f32) {
    let threshold = chart.threshold as f64;
    let plot = still(id, height).include_y(threshold * 1.1);
    party_bars(plot, ui, &chart.bars, colours, 0, |plot| {
        plot.hline(
            HLine::new("control", threshold)
                .color(Color32::DARK_GRAY)
                .width(1.5),
        );
        plot.text(
            Text::new(
                "control",
                PlotPoint::new(-0.45, threshold),
                format!("{} for control", chart.threshold),
            )
            .anchor(Align2::LEFT_BOTTOM),
        );
    });
}

pub fn shares(ui: &mut egui::Ui, id: &str, bars: &[PartyBar], colours: &PartyColours, height: f32) {
    let plot = still(id, height).y_axis_formatter(|mark, _| format!("{}%", mark.value));
    party_bars(plot, ui, bars, colours, 1, |_| {});
}

/// Each party's seats won and still possible, against the line for control.
pub fn control(ui: &mut egui::Ui, paths: &[ControlPath], needed: u64, total: u64) {
    egui::Grid::new(ui.scope_id().with("control-paths"))
        .num_columns(3)
        .show(ui, |ui| {
            for p in paths {
                ui.label(&p.party);
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(220.0, 14.0), egui::Sense::hover());
                let painter = ui.painter();
                let x =
                    |seats: u64| rect.left() + rect.width() * seats as f32 / total.max(1) as f32;
                painter.rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
                let possible =
                    egui::Rect::from_min_max(rect.min, egui::pos2(x(p.possible), rect.max.y));
                painter.rect_filled(possible, 2.0, rgb(p.colour).gamma_multiply(0.35));
                let won = egui::Rect::from_min_max(rect.min, egui::pos2(x(p.won), rect.max.y));
                painter.rect_filled(won, 2.0, rgb(p.colour));
                let line = x(needed);
                painter.line_segment(
                    [
                        egui::pos2(line, rect.top() - 2.0),
                        egui::pos2(line, rect.bottom() + 2.0),
                    ],
                    (2.0, ui.visuals().text_color()),
                );
                let needs = if p.needed == 0 {
                    "has control".to_string()
                } else if p.possible < needed {
                    format!("won {}, can reach {} at most", p.won, p.possible)
                } else {
                    format!(
                        "won {}, needs {} more, can reach {}",
                        p.won, p.needed, p.possible
                    )
                };
                ui.label(RichText::new(needs).small());
                ui.end_row();
            }
        });
}

/// Every declared division's majority as a horizontal bar, closest at the top.
pub fn majorities(ui: &mut egui::Ui, id: &str, bars: &[MajorityBar], percent: bool, height: f32) {
    // With more bars than pixel rows, the widest results are left out of the picture
    // (the closest ones are what people look for); the table has them all.
    let rows = (height / 2.0).max(10.0) as usize;
    let shown = &bars[..bars.len().min(rows)];
    let names: Vec<String> = shown.iter().map(|b| b.name.clone()).collect();
    let info: Vec<String> = shown
        .iter()
        .map(|b| {
            let over = b
                .runner_up
                .as_ref()
                .map(|r| format!(" over {r}"))
                .unwrap_or_default();
            format!("{}: {}{over}", b.name, b.winner)
        })
        .collect();
    still(id, height)
        .show_grid([true, false])
        .invert_y(true)
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_axis_formatter(move |mark, _| {
            if percent {
                format!("{}%", mark.value)
            } else {
                format!("{}", mark.value)
            }
        })
        .label_formatter(move |hover| {
            let position = match hover {
                egui_plot::HoverPosition::NearDataPoint { position, .. }
                | egui_plot::HoverPosition::Elsewhere { position } => position,
            };
            let i = position.y.round();
            (i >= 0.0).then(|| info.get(i as usize).cloned()).flatten()
        })
        .show(ui, |plot| {
            let chart: Vec<Bar> = shown
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    Bar::new(i as f64, b.value)
                        .fill(rgb(b.colour))
                        .name(&b.name)
                        .width(0.8)
                })
                .collect();
            plot.bar_chart(BarChart::new("majorities", chart).horizontal());
        });
}

/// The council chamber: one dot per seat, undeclared seats grey.
/// `groups`: each party in the chamber (none for undeclared seats), its name and colour.
pub fn chamber(
    ui: &mut egui::Ui,
    id: &str,
    seats: &[ChamberSeat],
    groups: &[(Option<PartyIx>, String, Rgb)],
    height: f32,
) {
    let radius = (height / (seats.len() as f32).sqrt().max(1.0) * 0.45).clamp(1.5, 9.0);
    still(id, height)
        .data_aspect(1.0)
        .show_axes([false, false])
        .show_grid([false, false])
        .include_y(0.0)
        .include_y(1.05)
        .include_x(-1.05)
        .include_x(1.05)
        .legend(Legend::default())
        .show(ui, |plot| {
            for (party, name, colour) in groups {
                let points: Vec<[f64; 2]> = seats
                    .iter()
                    .filter(|s| s.party == *party)
                    .map(|s| [s.x, s.y])
                    .collect();
                if !points.is_empty() {
                    plot.points(
                        Points::new(name.clone(), PlotPoints::from(points))
                            .radius(radius)
                            .color(rgb(*colour)),
                    );
                }
            }
        });
}

pub fn timeline(ui: &mut egui::Ui, id: &str, timed: bool, series: &[Series], height: f32) {
    still(id, height)
        .legend(Legend::default())
        .x_axis_label(if timed {
            "hours since the first declaration"
        } else {
            "declarations"
        })
        .y_axis_label("seats")
        .show(ui, |plot| {
            for s in series {
                plot.line(
                    Line::new(s.party.clone(), PlotPoints::from(s.points.clone()))
                        .color(rgb(s.colour))
                        .width(2.0),
                );
            }
        });
}
