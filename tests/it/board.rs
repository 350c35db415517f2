//! The board for the back of the hall: type large enough to read across a room on
//! every panel, charts with labels on the data and nothing else drawn, and nothing
//! said that the night does not support.

use eframe::egui::{self, epaint::Shape};
use egui_kittest::Harness;
use tallyroom::app::TallyApp;
use tallyroom::app::settings::Settings;
use tallyroom::model::Declaration;
use tallyroom::window_state::dashboard::BoardPanel;

use crate::window::Window;

/// The Lancashire 2025 results, division by division, in the order of the file.
pub fn lancashire_results() -> Vec<(String, Vec<u64>)> {
    let mut reader =
        csv::Reader::from_path(crate::support::elections::sample("lancashire-2025.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (d, v) = (col("division"), col("votes"));
    let mut night: Vec<(String, Vec<u64>)> = Vec::new();
    for row in reader.records() {
        let row = row.unwrap();
        let votes: u64 = row[v].parse().unwrap();
        match night.last_mut() {
            Some((name, counts)) if name == &row[d] => counts.push(votes),
            _ => night.push((row[d].to_string(), vec![votes])),
        }
    }
    night
}

/// Declares the first `n` divisions of the real result in the open rehearsal.
pub fn declare_first(w: &mut Window, n: usize) {
    let store = &mut w.harness.state_mut().session.as_mut().unwrap().store;
    for (name, votes) in lancashire_results().into_iter().take(n) {
        let ix = store.election().find_division(&name).unwrap();
        let declaration = Declaration {
            votes,
            ..Default::default()
        };
        store.declare(ix, &declaration).unwrap();
    }
}

/// Every piece of text the board painted, with its size in pixels, and whether any
/// thin straight line (a plot's gridline) was drawn on it.
fn board_paint(w: &Window) -> (Vec<(String, f32)>, usize) {
    let area = w
        .app()
        .session
        .as_ref()
        .unwrap()
        .dashboard
        .board
        .area
        .expect("the board was drawn")
        .expand(1.0);
    let ppp = w.harness.ctx.pixels_per_point();
    let mut texts = Vec::new();
    let mut thin_lines = 0;
    fn walk(
        shape: &Shape,
        area: egui::Rect,
        ppp: f32,
        texts: &mut Vec<(String, f32)>,
        thin: &mut usize,
    ) {
        match shape {
            Shape::Vec(shapes) => {
                for s in shapes {
                    walk(s, area, ppp, texts, thin);
                }
            }
            Shape::Text(t) if area.contains(t.pos) && !t.galley.text().trim().is_empty() => {
                for section in &t.galley.job.sections {
                    texts.push((
                        t.galley.text().to_string(),
                        section.format.font_id.size * ppp,
                    ));
                }
            }
            Shape::LineSegment { points, stroke }
                if area.contains(points[0])
                    && stroke.width * ppp < 1.5
                    && (points[0].x == points[1].x || points[0].y == points[1].y)
                    && (points[0] - points[1]).length() > 60.0 =>
            {
                *thin += 1;
            }
            _ => {}
        }
    }
    for clipped in &w.harness.output().shapes {
        if area.contains_rect(clipped.clip_rect) || area.intersects(clipped.clip_rect) {
            walk(&clipped.shape, area, ppp, &mut texts, &mut thin_lines);
        }
    }
    (texts, thin_lines)
}

/// The board alone, full screen on a projector of `pixels` (at 1 pixel a point), on
/// the rehearsal with the first `declared` divisions of the real result.
fn projector(pixels: [f32; 2], declared: usize) -> Window {
    let mut w = Window::rehearsal("Ann");
    declare_first(&mut w, declared);
    w.harness.run();
    projector_sized(w, pixels)
}

/// The board alone at 1920×1080, for the night open in `w`.
fn projector_of(w: Window) -> Window {
    projector_sized(w, [1920.0, 1080.0])
}

fn projector_sized(mut w: Window, pixels: [f32; 2]) -> Window {
    let app = std::mem::replace(
        w.harness.state_mut(),
        TallyApp::new(Settings::default(), std::env::temp_dir(), true),
    );
    let harness = Harness::builder()
        .with_size(pixels)
        .with_max_steps(6)
        .build_ui_state(
            |ui, app: &mut TallyApp| {
                let colours = app.colours.clone();
                let session = app.session.as_mut().unwrap();
                let mut commands = Vec::new();
                tallyroom::ui::board::window(ui, session, &colours, &mut commands);
            },
            app,
        );
    w.harness = harness;
    w.harness.run();
    w
}

#[test]
fn every_board_panel_at_1080p_has_text_of_24_pixels_or_more_and_no_plot_furniture() {
    let mut w = projector([1920.0, 1080.0], 41);
    let credit = w
        .store()
        .night()
        .map
        .as_ref()
        .unwrap()
        .boundaries
        .attribution
        .clone();
    for panel in [
        BoardPanel::Seats,
        BoardPanel::Chamber,
        BoardPanel::Latest,
        BoardPanel::Map,
        BoardPanel::Projection,
    ] {
        {
            let dashboard = w.dashboard();
            dashboard.board.show(panel);
            // Nothing has moved the pointer: the board's controls are not drawn.
            dashboard.board.pointer_at = None;
            dashboard.projection.settle();
        }
        w.harness.run();
        let (texts, thin_lines) = board_paint(&w);
        assert!(texts.len() > 5, "{panel:?}: {texts:?}");
        let small: Vec<&(String, f32)> = texts
            .iter()
            // The boundaries' credit is a licence line, not a label of the chart.
            .filter(|(t, size)| *size < 24.0 && *t != credit)
            .collect();
        assert!(small.is_empty(), "{panel:?}: text under 24 px: {small:?}");
        assert_eq!(thin_lines, 0, "{panel:?}: gridlines drawn");
    }
    // The charts are there, labelled on their data.
    w.dashboard().board.show(BoardPanel::Seats);
    w.harness.run();
    assert!(w.has_text("Seats chart: Reform UK"));
    let (texts, _) = board_paint(&w);
    assert!(
        texts.iter().any(|(t, _)| t == "43 for control"),
        "{texts:?}"
    );
}

#[test]
fn the_board_s_controls_show_only_while_the_pointer_moves() {
    let mut w = projector([1920.0, 1080.0], 3);
    w.dashboard().board.pointer_at = None;
    w.harness.run();
    let (texts, _) = board_paint(&w);
    assert!(
        !texts.iter().any(|(t, _)| t.contains("Rotate every")),
        "controls hidden: {texts:?}"
    );
    // The pointer moves over the board: the controls are drawn.
    w.harness
        .event(egui::Event::PointerMoved(egui::pos2(900.0, 500.0)));
    w.harness
        .event(egui::Event::PointerMoved(egui::pos2(905.0, 505.0)));
    w.harness.run();
    let (texts, _) = board_paint(&w);
    assert!(texts.iter().any(|(t, _)| t.contains("Rotate every")));
}

#[test]
fn the_projection_says_no_more_than_99_percent_and_goes_once_all_have_declared() {
    let mut w = Window::start_sized([1920.0, 1080.0], 1.0, 6);
    w.click("Rehearse the Lancashire 2025 count");
    w.give_name("Ann");
    declare_first(&mut w, 75);
    w.harness.run();
    w.click("Dashboard");
    w.dashboard().projection.settle();
    w.harness.run();
    assert!(w.has_text("Projection"));
    assert!(!w.has_text("100%"), "a projection is never certain");
    assert!(w.has_text("> 99%") || w.has_text("chance"));
    // The last divisions: the result, and no projection.
    let rest = lancashire_results();
    let store = &mut w.harness.state_mut().session.as_mut().unwrap().store;
    for (name, votes) in rest.into_iter().skip(75) {
        let ix = store.election().find_division(&name).unwrap();
        store
            .declare(
                ix,
                &Declaration {
                    votes,
                    ..Default::default()
                },
            )
            .unwrap();
    }
    w.harness.run();
    assert!(w.has_text("82 of 82 declared"));
    assert!(!w.has_text("Projected"));
    assert!(!w.has_text("chance of control"));
}

#[test]
fn the_board_s_councils_panel_is_the_night_s_whatever_the_dashboard_shows() {
    let dir = crate::support::commands::tempdir();
    let file = crate::councils::night_2024(dir.path());
    let mut w = Window::start_sized([1920.0, 1080.0], 1.0, 6);
    w.open_typed(&file, "Ann");
    // The dashboard shows Preston alone.
    let preston = w.store().election().find_council("Preston").unwrap();
    w.show_council(preston);
    let mut w = projector_of(w);
    w.dashboard().board.show(BoardPanel::Councils);
    w.harness.run();
    assert!(w.has_text("Councils: 107 of 107 complete"));
    // The board's own choice: Preston on the board, the night's scoreboard kept.
    w.dashboard().board.council = Some(preston);
    w.dashboard().board.show(BoardPanel::Seats);
    w.harness.run();
    assert!(w.has_text("Preston"));
    w.dashboard().board.show(BoardPanel::Councils);
    w.harness.run();
    assert!(w.has_text("Councils: 107 of 107 complete"));
    // The feed names each division's council.
    w.dashboard().board.council = None;
    w.dashboard().board.show(BoardPanel::Latest);
    w.harness.run();
    let (texts, _) = board_paint(&w);
    assert!(
        texts
            .iter()
            .any(|(t, _)| t.contains(") : ") || t.contains("): ")),
        "{texts:?}"
    );
}
