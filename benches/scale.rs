//! The app at national scale: 650, 10,000 and 200,000 divisions (mixed seats, about
//! seven candidates each). Each size runs in a process of its own so that its peak
//! memory can be read. Run with `cargo bench --bench scale`; prints a Markdown table.

mod support;

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::frame;

use eframe::egui;
use tallyroom::app::TallyApp;
use tallyroom::app::session::{Session, Tab};
use tallyroom::app::settings::Settings;
use tallyroom::formats::export::{What, export};
use tallyroom::formats::native::{self, Content, LoadedResults};
use tallyroom::generate::{GenerateOptions, SeatPattern, generate};
use tallyroom::model::DivisionIx;
use tallyroom::report::{SummaryOptions, summarise};
use tallyroom::store::Store;
use tallyroom::store::events::Identity;
use tallyroom::store::import::create_from_results;
use tallyroom::tally::Tally;

const SIZES: [usize; 3] = [650, 10_000, 200_000];

fn main() {
    // `cargo bench` passes "--bench"; the size comes from the environment in children.
    if let Ok(size) = std::env::var("TALLYROOM_SCALE_SIZE") {
        run_size(size.parse().expect("a size"));
        return;
    }
    let exe = std::env::current_exe().expect("this program");
    let mut rows: Vec<Vec<String>> = Vec::new();
    for size in SIZES {
        let out = Command::new(&exe)
            .env("TALLYROOM_SCALE_SIZE", size.to_string())
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        rows.push(text.lines().map(str::to_string).collect());
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
    }
    // Each child prints "label\tfigure" lines in the same order.
    println!(
        "| what | {} |",
        SIZES.map(|s| format!("{s} divisions")).join(" | ")
    );
    println!("|---|{}", "---|".repeat(SIZES.len()));
    for (i, line) in rows[0].iter().enumerate() {
        let label = line.split('\t').next().unwrap_or_default();
        let figures: Vec<&str> = rows
            .iter()
            .map(|r| r.get(i).and_then(|l| l.split('\t').nth(1)).unwrap_or("-"))
            .collect();
        println!("| {label} | {} |", figures.join(" | "));
    }
}

/// The median of `runs` timings of `f`, formatted.
fn time<R>(runs: usize, mut f: impl FnMut() -> R) -> String {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    format_duration(times[times.len() / 2])
}

/// The slowest of `runs` timings of `f`, formatted.
fn slowest<R>(runs: usize, mut f: impl FnMut() -> R) -> String {
    let worst = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .max()
        .unwrap_or_default();
    format!("{} (slowest of {runs})", format_duration(worst))
}

fn format_duration(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1000.0 {
        format!("{us:.1} µs")
    } else if us < 1e6 {
        format!("{:.1} ms", us / 1000.0)
    } else {
        format!("{:.2} s", us / 1e6)
    }
}

fn peak_memory_mb() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
        })
        .map_or_else(|| "-".to_string(), |kb| format!("{:.0} MB", kb / 1024.0))
}

fn run_size(size: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (election, declarations) = generate(&GenerateOptions {
        divisions: size,
        seats: SeatPattern::Mixed,
        parties: 10,
        ..GenerateOptions::default()
    });
    let candidates = election.candidates.len();
    let declared: Vec<(DivisionIx, _)> = declarations
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.clone().map(|d| (DivisionIx(i as u32), d)))
        .collect();
    let tally =
        Tally::with_declarations(Arc::new(election.clone()), declared.clone()).expect("applies");
    let mut csv = Vec::new();
    native::write(&mut csv, &tally, Content::Results).expect("writes");
    let csv_path = dir.path().join("results.csv");
    std::fs::write(&csv_path, &csv).expect("writes");
    let runs = if size > 50_000 { 3 } else { 10 };
    let row = |label: &str, figure: String| println!("{label}\t{figure}");

    row("candidates", candidates.to_string());
    row(
        "read the results CSV and compute the full summary (in process)",
        time(runs, || {
            let loaded = native::read("results.csv", "results", &csv).expect("reads");
            let declared: Vec<_> = loaded.declared().collect();
            let tally =
                Tally::with_declarations(Arc::new(loaded.election), declared).expect("applies");
            summarise(&tally, &SummaryOptions::default())
        }),
    );
    let exe = Path::new(env!("CARGO_BIN_EXE_tallyroom"));
    row(
        "`tallyroom summary FILE --json`, whole process",
        time(runs.min(5), || {
            Command::new(exe)
                .args(["summary", csv_path.to_str().expect("utf-8 path"), "--json"])
                .output()
                .expect("runs")
        }),
    );

    let mut live = tally.clone();
    let (ix, first) = declared[0].clone();
    let mut second = first.clone();
    second.votes[0] += 1;
    second.ballots_issued = None;
    second.rejected = None;
    let mut flip = false;
    row(
        "apply one declaration and update control",
        time(10_000, || {
            flip = !flip;
            live.declare(ix, if flip { second.clone() } else { first.clone() })
                .expect("applies");
            live.control()
        }),
    );
    row(
        "export the candidates CSV",
        time(runs, || export(&tally, What::Candidates).expect("exports")),
    );

    let identity = || Identity {
        who: "bench".into(),
        machine: "bench".into(),
    };
    let results = LoadedResults {
        election,
        declarations,
    };
    let file = dir.path().join("night.tally");
    let start = Instant::now();
    let (store, _) =
        create_from_results(&file, "night", &results, None, identity()).expect("creates");
    row(
        "create an election file with the whole night (one transaction)",
        format_duration(start.elapsed()),
    );
    drop(store);
    row(
        "open an election file holding the whole night",
        time(runs.min(5), || {
            Store::open(&file, identity()).expect("opens")
        }),
    );
    let mut store = Store::open(&file, identity()).expect("opens");
    let mut n = 0;
    row(
        "save one declaration (a correction, committed and fsynced)",
        time(20, || {
            n += 1;
            let mut d = first.clone();
            d.votes[0] += n % 2;
            d.ballots_issued = None;
            d.rejected = None;
            store.correct(ix, &d, "bench").expect("saves").seq
        }),
    );

    for (tab, label, after_save) in [
        (
            Tab::Dashboard,
            "one frame of the full dashboard",
            "save a correction, then a frame of the full dashboard with every chart worked out again",
        ),
        (
            Tab::Entry,
            "one frame of the entry screen and divisions list",
            "save a correction, then a frame of the entry screen with its figures worked out again",
        ),
    ] {
        let ctx = egui::Context::default();
        let mut app = TallyApp::new(Settings::default(), dir.path().to_path_buf(), true);
        let mut session = Session::new(Store::open(&file, identity()).expect("opens"));
        session.volunteer_confirmed = true;
        session.tab = tab;
        app.session = Some(session);
        frame(&ctx, &mut app);
        row(label, time(runs, || frame(&ctx, &mut app)));
        let mut k = 0;
        // The slowest of ten, not the median: a frame over 50 ms is what a user feels.
        row(
            after_save,
            slowest(10, || {
                k += 1;
                if let Some(session) = app.session.as_mut() {
                    let mut d = first.clone();
                    d.votes[0] += k % 2 + 1;
                    d.ballots_issued = None;
                    d.rejected = None;
                    let _ = session.store.correct(ix, &d, "bench");
                }
                frame(&ctx, &mut app)
            }),
        );
    }
    row("peak memory of this size's run", peak_memory_mb());
}
