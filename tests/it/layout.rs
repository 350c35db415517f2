//! The window's layout at a council laptop's size (1280×720) and at full HD, read
//! through the accessibility tree: everything a volunteer uses lies inside the window
//! and no two controls overlap.

use eframe::egui::{self, Rect};
use egui_kittest::kittest::{NodeT, Queryable};
use tallyroom::window_state::dashboard::WHOLE;

use crate::support::commands::{run_ok, tempdir};
use crate::window::Window;

const LAPTOP: [f32; 2] = [1280.0, 720.0];
const FULL_HD: [f32; 2] = [1920.0, 1080.0];
/// The window's own text size at start.
const ZOOM: f32 = 1.25;
/// Each size at the default text size, and full HD at double size (200 %).
const CASES: [([f32; 2], f32); 3] = [(LAPTOP, ZOOM), (FULL_HD, ZOOM), (FULL_HD, 2.0)];

/// A widget that takes clicks or typing, where it is drawn, and the part of it in
/// view (what its panel or scroll area does not clip).
#[derive(Debug)]
struct Control {
    role: egui::accesskit::Role,
    label: String,
    rect: Rect,
    visible: Rect,
}

fn is_control(role: egui::accesskit::Role) -> bool {
    use egui::accesskit::Role;
    matches!(
        role,
        Role::Button
            | Role::DefaultButton
            | Role::CheckBox
            | Role::RadioButton
            | Role::ComboBox
            | Role::TextInput
            | Role::MultilineTextInput
            | Role::SearchInput
            | Role::SpinButton
            | Role::Slider
            | Role::Link
            | Role::Tab
            | Role::MenuItem
            | Role::Switch
    )
}

/// Every control in the window, with what of it is in view: egui's own record of
/// the widget, whose interaction area is cut to the clip of its panel or scroll area.
fn controls(w: &Window) -> Vec<Control> {
    let mut found = Vec::new();
    for node in w.harness.root().children_recursive() {
        let ak = node.accesskit_node();
        if !is_control(ak.role()) || ak.bounding_box().is_none() {
            continue;
        }
        // egui's id for the widget: the node's id is its value, and an id is
        // written and read as that value.
        let (node_id, _) = ak.locate();
        let Ok(id) = serde_json::from_value::<egui::Id>(serde_json::json!(node_id.0)) else {
            continue;
        };
        let Some(response) = w.harness.ctx.read_response(id) else {
            continue;
        };
        found.push(Control {
            role: ak.role(),
            label: ak.label().unwrap_or_default(),
            rect: response.rect,
            visible: response.interact_rect,
        });
    }
    found
}

/// The layout rules every screen keeps: every control in view lies inside the window
/// and is whole across (nothing is cut at a side; down, a panel may scroll), and no
/// two controls in view overlap.
fn assert_fits(w: &Window, what: &str) {
    let window = w.harness.ctx.content_rect();
    let controls = controls(w);
    assert!(
        controls.len() > 10,
        "{what}: only {} controls found",
        controls.len()
    );
    const SLACK: f32 = 0.5;
    let in_view: Vec<&Control> = controls
        .iter()
        .filter(|c| c.visible.is_positive())
        .collect();
    for c in &in_view {
        assert!(
            c.rect.left() >= window.left() - SLACK && c.rect.right() <= window.right() + SLACK,
            "{what}: {:?} {:?} at {:?} runs past the side of the window {window:?}",
            c.role,
            c.label,
            c.rect
        );
        assert!(
            c.visible.width() >= c.rect.width() - SLACK,
            "{what}: {:?} {:?} at {:?} is cut at a side: only {:?} in view",
            c.role,
            c.label,
            c.rect,
            c.visible
        );
    }
    for (i, a) in in_view.iter().enumerate() {
        for b in &in_view[i + 1..] {
            let overlap = a.visible.intersect(b.visible);
            assert!(
                !overlap.is_positive() || overlap.area() < 1.0,
                "{what}: {:?} {:?} at {:?} overlaps {:?} {:?} at {:?}",
                a.role,
                a.label,
                a.visible,
                b.role,
                b.label,
                b.visible
            );
        }
    }
}

/// The rehearsal with Oswaldtwistle open in the entry form.
fn rehearsal_with_one_division_open(size: [f32; 2], zoom: f32) -> Window {
    let mut w = Window::start_sized(size, zoom, 4);
    w.click("Rehearse the Lancashire 2025 count");
    w.give_name("Ann");
    w.find("Oswaldtwistle");
    w
}

#[test]
fn the_entry_form_fits_a_council_laptop_and_full_hd() {
    for (size, zoom) in CASES {
        let w = rehearsal_with_one_division_open(size, zoom);
        let what = format!("entry form at {size:?}, zoom {zoom}");
        assert_fits(&w, &what);
        // The whole form in view without scrolling: every vote field and its buttons.
        let window = w.harness.ctx.content_rect();
        let fields = w
            .harness
            .query_all_by_role(egui::accesskit::Role::TextInput)
            .filter(|n| {
                n.accesskit_node()
                    .label()
                    .is_some_and(|l| l != "Find division")
            })
            .count();
        assert!(fields >= 6, "{what}: {fields} fields");
        for node in w
            .harness
            .query_all_by_role(egui::accesskit::Role::TextInput)
        {
            assert!(
                window.contains_rect(node.rect()),
                "{what}: field {:?} at {:?} is not wholly in view",
                node.accesskit_node().label(),
                node.rect()
            );
        }
        for button in ["Declare (Ctrl+Enter)", "Cancel (Esc)"] {
            let rect = w.harness.get_by_label(button).rect();
            assert!(window.contains_rect(rect), "{what}: {button} at {rect:?}");
        }
    }
}

/// The Lancashire night with every other division declared, open on the dashboard.
fn half_declared_dashboard(size: [f32; 2], zoom: f32) -> Window {
    lancashire_dashboard(size, zoom, true)
}

/// The Lancashire 2025 night against 2021 on the dashboard: every other division
/// declared (`half`), else all of them.
fn lancashire_dashboard(size: [f32; 2], zoom: f32, half: bool) -> Window {
    let dir = tempdir();
    let text =
        std::fs::read_to_string(crate::support::elections::sample("lancashire-2025.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let columns: Vec<&str> = header.split(',').collect();
    let at = |name: &str| columns.iter().position(|c| *c == name).unwrap();
    let (division, votes, elected) = (at("division"), at("votes"), at("elected"));
    let mut out = format!("{header}\n");
    let mut divisions: Vec<String> = Vec::new();
    for line in lines {
        // The sample quotes no field, so a split on commas is a split into fields.
        let mut fields: Vec<String> = line.split(',').map(str::to_string).collect();
        if !divisions.contains(&fields[division]) {
            divisions.push(fields[division].clone());
        }
        if half && divisions.len().is_multiple_of(2) {
            fields[votes].clear();
            fields[elected].clear();
        }
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    let csv = dir.path().join("half.csv");
    std::fs::write(&csv, out).unwrap();
    let file = dir.path().join("half.tally");
    run_ok(&[
        "new",
        "--from",
        csv.to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    let baseline = crate::support::elections::sample("lancashire-2021.csv");
    run_ok(&[
        "baseline",
        file.to_str().unwrap(),
        "--from",
        baseline.to_str().unwrap(),
    ]);
    let mut w = Window::start_sized(size, zoom, 6);
    w.open_typed(&file, "Ann");
    w.click("Dashboard");
    // The details are worked out a frame after the tab opens.
    w.harness.run();
    let tally = w.store().tally();
    let declared = if half { 41 } else { 82 };
    assert_eq!(tally.totals().divisions_declared, declared);
    std::mem::forget(dir);
    w
}

#[test]
fn the_dashboard_of_a_half_declared_night_fits_a_council_laptop_and_full_hd() {
    for (size, zoom) in CASES {
        let w = half_declared_dashboard(size, zoom);
        let what = format!("dashboard at {size:?}, zoom {zoom}");
        assert_fits(&w, &what);
        let window = w.harness.ctx.content_rect();
        let dashboard = &w.app().session.as_ref().unwrap().dashboard;
        let whole = dashboard.rect(WHOLE).expect("the dashboard was drawn");
        assert!(window.contains_rect(whole), "{what}: {whole:?}");
        // Every chart as wide as it is drawn lies across the window (down, it scrolls).
        let mut charts = 0;
        for title in [
            "Seats by party",
            "Path to control",
            "Seats through the night",
            "Vote share",
            "Closest results",
            "Council chamber",
        ] {
            let rect = dashboard
                .rect(title)
                .unwrap_or_else(|| panic!("{what}: no {title}"));
            assert!(
                rect.left() >= whole.left() && rect.right() <= whole.right(),
                "{what}: {title} at {rect:?} runs past the dashboard {whole:?}"
            );
            charts += 1;
        }
        assert_eq!(charts, 6);
        // The first row is in view at once: the seats and the latest declarations.
        let seats = dashboard.rect("Seats by party").unwrap();
        assert!(
            seats.top() < window.bottom() && seats.top() > whole.top(),
            "{what}"
        );
        assert!(w.has_text("Latest declarations"), "{what}");
        // The charts reflow: two columns on the laptop, three at full HD, one at
        // double text size on full HD.
        let mut columns: Vec<i32> = Vec::new();
        for title in [
            "Seats by party",
            "Path to control",
            "Seats through the night",
            "Vote share",
        ] {
            let left = dashboard.rect(title).unwrap().left().round() as i32;
            if !columns.contains(&left) {
                columns.push(left);
            }
        }
        let expected = match (size, zoom) {
            (LAPTOP, ZOOM) => 2,
            (FULL_HD, ZOOM) => 3,
            _ => 1,
        };
        assert_eq!(columns.len(), expected, "{what}: columns at {columns:?}");
    }
}

#[test]
fn the_scoreboard_of_a_night_of_107_councils_fits_a_council_laptop_and_full_hd() {
    for (size, zoom) in CASES {
        let dir = tempdir();
        let file = crate::councils::night_2024(dir.path());
        let mut w = Window::start_sized(size, zoom, 6);
        w.open_typed(&file, "Ann");
        w.click("Dashboard");
        w.harness.run();
        let what = format!("2024 scoreboard at {size:?}, zoom {zoom}");
        assert!(w.has_text("Councils: 107 of 107 complete"), "{what}");
        assert_fits(&w, &what);
    }
}

/// Every text painted inside `rect`, with the colour it is painted in.
fn texts_in(w: &Window, rect: Rect) -> Vec<(String, egui::Color32)> {
    fn walk(shape: &egui::Shape, rect: Rect, out: &mut Vec<(String, egui::Color32)>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, rect, out)),
            egui::Shape::Text(t) if rect.contains(t.visual_bounding_rect().center()) => {
                let colour = t.override_text_color.unwrap_or_else(|| {
                    match t.galley.job.sections.first().map(|s| s.format.color) {
                        Some(c) if c != egui::Color32::PLACEHOLDER => c,
                        _ => t.fallback_color,
                    }
                });
                out.push((t.galley.text().to_string(), colour));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &w.harness.output().shapes {
        walk(&clipped.shape, rect, &mut out);
    }
    out
}

/// On a projector a faint label is no label: the closest results' division names,
/// one to a row, and the timeline's marks along its declarations are painted in the
/// text's own colour wherever they fit, not faded as a plot fades marks it thinks
/// too close together (which left every name but the 1st and the 11th at a contrast
/// of about 1.6 to 1, and the declarations axis with only "0").
#[test]
fn the_closest_results_names_and_the_timeline_marks_are_painted_in_full() {
    // Tall enough that every card is in view, since what a scroll area hides is
    // not painted.
    let w = half_declared_dashboard([FULL_HD[0], 2400.0], ZOOM);
    let dashboard = &w.app().session.as_ref().unwrap().dashboard;
    let full = w.harness.ctx.global_style().visuals.text_color();
    let election = w.store().election();
    let is_division = |text: &str| election.divisions.iter().any(|d| d.name == text);

    let closest = texts_in(&w, dashboard.rect("Closest results").unwrap());
    let names: Vec<&(String, egui::Color32)> =
        closest.iter().filter(|(t, _)| is_division(t)).collect();
    assert!(names.len() >= 10, "names painted: {closest:?}");
    let faint: Vec<_> = names.iter().filter(|(_, c)| *c != full).collect();
    assert!(faint.is_empty(), "faint names {faint:?} against {full:?}");

    // 41 declared: marks at 0, 10, 20, 30 and 40 along the bottom; the seats (29 at
    // most) reach no 40, so a 40 is the declarations axis's.
    let timeline = texts_in(&w, dashboard.rect("Seats through the night").unwrap());
    let forty: Vec<_> = timeline.iter().filter(|(t, _)| t == "40").collect();
    assert!(!forty.is_empty(), "marks painted: {timeline:?}");
    assert!(forty.iter().all(|(_, c)| *c == full), "{forty:?}");
}

/// A bar's seats keep their change wherever the two fit over it: on the whole night
/// at full HD, Reform UK's "53 (+46)" (its width had been measured at the body text
/// size, larger than the plot's labels are drawn at, and it lost its "+46").
#[test]
fn the_seats_bars_carry_their_change_where_it_fits() {
    let w = lancashire_dashboard(FULL_HD, ZOOM, false);
    let dashboard = &w.app().session.as_ref().unwrap().dashboard;
    let seats = texts_in(&w, dashboard.rect("Seats by party").unwrap());
    let labels: Vec<&str> = seats.iter().map(|(t, _)| t.as_str()).collect();
    for label in [
        "53 (+46)",
        "8 (\u{2212}34)",
        "7 (+6)",
        "5 (+3)",
        "4 (+2)",
        "2 (+2)",
    ] {
        assert!(labels.contains(&label), "no {label} in {labels:?}");
    }
}
