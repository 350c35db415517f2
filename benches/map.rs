//! CPU time of a frame with the results map, headless at 1920×1080 (layout, the
//! map's meshes, tessellation): the map alone in a window, and the whole dashboard
//! with its map card; at rest, after a declaration (colours and meshes made again),
//! and while panning (meshes placed again). At 650 constituencies (the real 2024
//! boundaries) and 10,000 divisions (a generated grid of 20-sided shapes, about a
//! national ward map's size).

mod support;

// As the app itself runs (`src/main.rs`): a frame hands egui meshes of megabytes,
// whose pages the system allocator gives back and faults in again every frame.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use tallyroom::app::TallyApp;
use tallyroom::app::settings::Settings;
use tallyroom::colours::PartyColours;
use tallyroom::formats::boundaries::{BoundaryOptions, read};
use tallyroom::formats::native;
use tallyroom::map::boundaries::{Boundaries, Outline, Shape};
use tallyroom::model::DivisionIx;
use tallyroom::store::Store;
use tallyroom::store::events::Identity;
use tallyroom::store::import::create_from_results;
use tallyroom::window_state::map::MapState;
use tallyroom::window_state::session::{Session, Tab};

const PARTIES: [&str; 5] = [
    "Labour",
    "Conservative",
    "Reform UK",
    "Liberal Democrats",
    "Green Party",
];

/// A results file of `codes` (code, name), three candidates each, every one declared.
fn results(codes: &[(String, String)]) -> native::LoadedResults {
    let mut csv = String::from("division,division_id,seats,candidate,party,votes\n");
    let mut seed = 7u64;
    for (code, name) in codes {
        for k in 0..3 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            // Three different parties: 0, 2 and 4 steps on from a random one.
            let party = PARTIES[(k * 2 + (seed >> 61) as usize) % PARTIES.len()];
            let votes = 1000 + (seed >> 52) % 4000;
            csv.push_str(&format!(
                "\"{}\",{code},1,Candidate {k},{party},{votes}\n",
                name.replace('"', "")
            ));
        }
    }
    native::read("bench.csv", "bench", csv.as_bytes()).expect("reads")
}

/// The 650 constituencies of 2024, as the ONS draws them.
fn westminster() -> (native::LoadedResults, Boundaries) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/maps/westminster-2024-constituencies.geojson");
    let bytes = std::fs::read(&path).expect("the 2024 boundaries");
    let b = read(
        "westminster-2024.geojson",
        &bytes,
        &BoundaryOptions::default(),
    )
    .expect("reads");
    let codes: Vec<(String, String)> = b
        .shapes
        .iter()
        .map(|s| {
            (
                s.code.clone().unwrap_or_default(),
                s.name.clone().unwrap_or_default(),
            )
        })
        .collect();
    (results(&codes), b)
}

/// `n` divisions as a grid of 20-sided shapes.
fn grid(n: usize) -> (native::LoadedResults, Boundaries) {
    let side = (n as f64).sqrt().ceil() as usize;
    let mut shapes = Vec::with_capacity(n);
    let mut codes = Vec::with_capacity(n);
    for i in 0..n {
        let (x, y) = ((i % side) as f32, (i / side) as f32);
        let ring: Vec<[f32; 2]> = (0..20)
            .map(|k| {
                let a = k as f32 / 20.0 * std::f32::consts::TAU;
                let r = 0.45 + 0.04 * ((k * 7 + i) % 5) as f32 / 5.0;
                [
                    -5.0 + (x + 0.5 + r * a.cos()) * 0.01,
                    50.0 + (y + 0.5 + r * a.sin()) * 0.01,
                ]
            })
            .collect();
        let code = format!("X{i:07}");
        codes.push((code.clone(), format!("Division {i}")));
        shapes.push(Shape {
            code: Some(code),
            name: None,
            outline: Outline::Polygons(vec![vec![ring]]),
        });
    }
    let b = Boundaries {
        source: "grid".into(),
        attribution: "generated".into(),
        hex_layout: None,
        shapes,
    };
    (results(&codes), b)
}

fn store(dir: &Path, name: &str, night: &(native::LoadedResults, Boundaries)) -> Store {
    let identity = Identity {
        who: "bench".into(),
        machine: "bench".into(),
    };
    let (mut store, _) = create_from_results(
        &dir.join(format!("{name}.tally")),
        name,
        night.0.clone(),
        None,
        identity,
    )
    .expect("creates");
    store.set_boundaries(&night.1).expect("sets");
    store
}

fn input(events: Vec<egui::Event>) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1920.0, 1080.0),
        )),
        events,
        ..egui::RawInput::default()
    }
}

/// One frame of the map alone, filling the window.
fn map_frame(
    ctx: &egui::Context,
    state: &mut MapState,
    store: &Store,
    colours: &PartyColours,
    events: Vec<egui::Event>,
) -> usize {
    let output = ctx.run_ui(input(events), |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            let options = tallyroom::ui::map::MapOptions {
                place: "bench",
                height: 900.0,
                council: None,
                text: 14.0,
                controls: true,
                wheel_zooms: true,
            };
            let mut commands = Vec::new();
            tallyroom::ui::map::map(ui, state, store, colours, &options, &mut commands);
        });
    });
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

/// A correction of division 0: the night changes, so colours are worked out again.
fn correct(store: &mut Store) {
    let ix = DivisionIx(0);
    if let Some(mut d) = store.tally().declaration(ix).cloned() {
        d.votes[0] += 1;
        let _ = store.correct(ix, &d, "bench");
    }
}

fn frames(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut group = c.benchmark_group("map");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    let colours = PartyColours::default();
    for (label, night) in [
        ("650 constituencies", westminster()),
        ("10,000 divisions", grid(10_000)),
    ] {
        group.bench_function(format!("lay out and triangulate, {label}"), |b| {
            b.iter(|| black_box(tallyroom::map::geometry::Geometry::build(&night.1, &[])))
        });
        let mut store = store(dir.path(), &label.replace([' ', ','], "-"), &night);
        let ctx = egui::Context::default();
        let mut state = MapState::default();
        map_frame(&ctx, &mut state, &store, &colours, Vec::new());
        group.bench_function(format!("map alone, at rest, {label}"), |b| {
            b.iter(|| black_box(map_frame(&ctx, &mut state, &store, &colours, Vec::new())))
        });
        group.bench_function(format!("map alone, after a declaration, {label}"), |b| {
            b.iter(|| {
                correct(&mut store);
                black_box(map_frame(&ctx, &mut state, &store, &colours, Vec::new()))
            })
        });
        // Dragging: the button held down, the pointer moving a few points each frame;
        // every frame the view moves and the meshes are placed again.
        let press = vec![
            egui::Event::PointerMoved(egui::pos2(900.0, 500.0)),
            egui::Event::PointerButton {
                pos: egui::pos2(900.0, 500.0),
                button: egui::PointerButton::Primary,
                pressed: true,
                modifiers: egui::Modifiers::NONE,
            },
        ];
        map_frame(&ctx, &mut state, &store, &colours, press);
        let mut x = 900.0;
        let mut step = 4.0;
        group.bench_function(format!("map alone, while panning, {label}"), |b| {
            b.iter(|| {
                if !(700.0..=1100.0).contains(&x) {
                    step = -step;
                }
                x += step;
                let events = vec![egui::Event::PointerMoved(egui::pos2(x, 500.0))];
                black_box(map_frame(&ctx, &mut state, &store, &colours, events))
            })
        });
        map_frame(
            &ctx,
            &mut state,
            &store,
            &colours,
            vec![egui::Event::PointerButton {
                pos: egui::pos2(x, 500.0),
                button: egui::PointerButton::Primary,
                pressed: false,
                modifiers: egui::Modifiers::NONE,
            }],
        );
        // The whole dashboard with the map card among every chart.
        let mut app = TallyApp::new(Settings::default(), dir.path().to_path_buf(), true);
        let mut session = Session::new(store);
        session.volunteer_confirmed = true;
        session.tab = Tab::Dashboard;
        app.session = Some(session);
        let ctx = egui::Context::default();
        support::frame(&ctx, &mut app);
        group.bench_function(
            format!("full dashboard with the map, at rest, {label}"),
            |b| b.iter(|| black_box(support::frame(&ctx, &mut app))),
        );
    }
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
