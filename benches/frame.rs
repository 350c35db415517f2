//! CPU time of one frame of the window, headless: layout, every chart, and
//! tessellation into triangles (all the CPU does before the GPU draws).

mod support;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;
use support::frame;

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use tallyroom::app::TallyApp;
use tallyroom::app::settings::Settings;
use tallyroom::formats::native::{self, LoadedResults};
use tallyroom::generate::{GenerateOptions, generate};
use tallyroom::store::events::Identity;
use tallyroom::store::import::create_from_results;
use tallyroom::window_state::session::{Session, Tab};

fn app(dir: &Path, name: &str, results: &LoadedResults, tab: Tab) -> TallyApp {
    let identity = Identity {
        who: "bench".into(),
        machine: "bench".into(),
    };
    let (store, _) = create_from_results(
        &dir.join(format!("{name}.tally")),
        name,
        results.clone(),
        None,
        identity,
    )
    .expect("creates");
    let mut app = TallyApp::new(Settings::default(), dir.to_path_buf(), true);
    let mut session = Session::new(store);
    session.volunteer_confirmed = true;
    session.tab = tab;
    app.session = Some(session);
    app
}

fn frames(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let lancashire = {
        let bytes = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/lancashire-2025.csv"),
        )
        .expect("sample");
        native::read("lancashire-2025.csv", "lancashire", &bytes).expect("reads")
    };
    let general = {
        let (election, declarations) = generate(&GenerateOptions::default());
        LoadedResults {
            election,
            declarations,
        }
    };
    let mut group = c.benchmark_group("frame");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(4));
    for (label, results) in [
        ("Lancashire 82 divisions", &lancashire),
        ("general election 650 divisions", &general),
    ] {
        for (tab, what) in [
            (Tab::Dashboard, "full dashboard, every chart"),
            (Tab::Entry, "entry screen with the live panel"),
        ] {
            let ctx = egui::Context::default();
            let mut app = app(
                dir.path(),
                &format!("{label}-{what}").replace(' ', "-"),
                results,
                tab,
            );
            frame(&ctx, &mut app);
            group.bench_function(format!("{what}, {label}"), |b| {
                b.iter(|| black_box(frame(&ctx, &mut app)))
            });
        }
        // A correction saved, then the next frame: every chart worked out again.
        let ctx = egui::Context::default();
        let mut app = app(
            dir.path(),
            &format!("{label}-declare").replace(' ', "-"),
            results,
            Tab::Dashboard,
        );
        frame(&ctx, &mut app);
        group.bench_function(format!("save a correction, then the full dashboard with every chart worked out again, {label}"), |b| {
            b.iter(|| {
                if let Some(session) = app.session.as_mut() {
                    let store = &mut session.store;
                    let ix = tallyroom::model::DivisionIx(0);
                    if let Some(mut d) = store.tally().declaration(ix).cloned() {
                        d.votes[0] += 1;
                        d.ballots_issued = None;
                        d.rejected = None;
                        let _ = store.correct(ix, &d, "bench");
                    }
                }
                black_box(frame(&ctx, &mut app))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
