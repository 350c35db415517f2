//! The app at national scale: 650, 10,000 and 200,000 divisions (mixed seats, about
//! ten candidates each). Each size runs in a process of its own, and the window in
//! another, so that their peak memory can be read. Run with `cargo bench --bench
//! scale`; prints a Markdown table.

mod support;

// As the app itself runs (`src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::frame;

use eframe::egui;
use tallyroom::app::TallyApp;
use tallyroom::app::settings::Settings;
use tallyroom::formats::export::{What, export};
use tallyroom::formats::native::{self, Content, LoadedResults};
use tallyroom::generate::{GenerateOptions, SeatPattern, generate};
use tallyroom::model::DivisionIx;
use tallyroom::report::{SummaryOptions, summarise};
use tallyroom::store::Store;
use tallyroom::store::events::{Change, Figures, Identity};
use tallyroom::store::import::create_from_results;
use tallyroom::store::replica::{Replica, WireEvent};
use tallyroom::tally::Tally;
use tallyroom::window_state::session::{Session, Tab};

const SIZES: [usize; 3] = [650, 10_000, 200_000];

fn main() {
    // `cargo bench` passes "--bench"; the size comes from the environment in children.
    if let Ok(file) = std::env::var("TALLYROOM_SCALE_WINDOW") {
        run_window(Path::new(&file));
        return;
    }
    if let Ok(size) = std::env::var("TALLYROOM_SCALE_SIZE") {
        run_size(size.parse().expect("a size"));
        return;
    }
    let exe = std::env::current_exe().expect("this program");
    // TALLYROOM_SCALE_SIZES=200000 (say) runs only those sizes.
    let sizes: Vec<usize> = std::env::var("TALLYROOM_SCALE_SIZES").map_or_else(
        |_| SIZES.to_vec(),
        |list| {
            list.split(',')
                .map(|s| s.trim().parse().expect("a size"))
                .collect()
        },
    );
    let mut rows: Vec<Vec<String>> = Vec::new();
    for &size in &sizes {
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
        sizes
            .iter()
            .map(|s| format!("{s} divisions"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|{}", "---|".repeat(sizes.len()));
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

/// The median of `runs` durations that `f` measures itself, formatted.
fn median_of(runs: usize, mut f: impl FnMut() -> Duration) -> String {
    let mut times: Vec<Duration> = (0..runs).map(|_| f()).collect();
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

    let results = LoadedResults {
        election,
        declarations,
    };
    let file = dir.path().join("night.tally");
    let start = Instant::now();
    let (store, _) =
        create_from_results(&file, "night", results, None, identity()).expect("creates");
    row(
        "create an election file with the whole night (one transaction)",
        format_duration(start.elapsed()),
    );
    store.close().expect("closes");
    row(
        "open an election file holding the whole night",
        time(runs.min(5), || {
            Store::open(&file, identity()).expect("opens")
        }),
    );
    row(
        "`tallyroom verify FILE`: every link of the record, and its copies against it (whole process)",
        time(runs.min(5), || {
            Command::new(exe)
                .args(["verify", file.to_str().expect("utf-8 path")])
                .output()
                .expect("runs")
        }),
    );
    // As a new build first opens a file: without the snapshot of its set-up and the
    // checkpoint of its night, which it then writes.
    let copy = dir.path().join("copy.tally");
    row(
        "open it without its snapshot and checkpoint (read from the tables and the log)",
        median_of(runs.min(3), || {
            std::fs::copy(&file, &copy).expect("copies");
            let conn = rusqlite::Connection::open(&copy).expect("opens");
            conn.execute_batch("DELETE FROM snapshot; DELETE FROM checkpoint;")
                .expect("deletes");
            drop(conn);
            let start = Instant::now();
            let store = Store::open(&copy, identity()).expect("opens");
            let took = start.elapsed();
            drop(store);
            took
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
    for local in [1, 100] {
        row(
            &format!(
                "shared night: an arrival goes before {local} local declaration(s) not yet sent (taken back and applied again)"
            ),
            reorder(&mut store, &file, &declared, local),
        );
    }
    drop(store);

    // The window in a process of its own, for its own peak memory.
    let out = Command::new(std::env::current_exe().expect("this program"))
        .env("TALLYROOM_SCALE_WINDOW", &file)
        .output()
        .expect("runs");
    print!("{}", String::from_utf8_lossy(&out.stdout));
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    row(
        "peak memory of this size's run (without the window)",
        peak_memory_mb(),
    );
}

/// A shared night where every event has its place on the server: `local` corrections
/// entered here and not yet sent, then a correction from another count centre that
/// the server placed before them. Times taking it in (the median of 10).
fn reorder(
    store: &mut Store,
    file: &Path,
    declared: &[(DivisionIx, tallyroom::model::Declaration)],
    local: usize,
) -> String {
    let mut replica = Replica::open(file).expect("opens");
    let wire = |e: &tallyroom::store::events::Event| WireEvent::of(e).expect("json");
    let place_all = |store: &mut Store, replica: &mut Replica| {
        let mut next = store
            .events()
            .iter()
            .filter_map(|e| e.server_seq)
            .max()
            .unwrap_or(0);
        let unplaced: Vec<(i64, WireEvent)> = store
            .unsent()
            .map(|e| {
                next += 1;
                (next, wire(e))
            })
            .collect();
        replica.take_from_server(&unplaced).expect("places");
        store.refresh().expect("reads");
        next
    };
    let mut times = Vec::new();
    for run in 0..10u64 {
        let last = place_all(store, &mut replica);
        for k in 0..local {
            let (ix, d) = &declared[(k * 7 + 1) % declared.len()];
            let mut d = d.clone();
            d.votes[0] += run % 2 + 1;
            d.ballots_issued = None;
            d.rejected = None;
            store.correct(*ix, &d, "bench").expect("saves");
        }
        let (ix, d) = &declared[declared.len() / 2];
        let mut d = d.clone();
        d.votes[0] += run % 2 + 1;
        d.ballots_issued = None;
        d.rejected = None;
        let change = Change::Corrected(Figures::from_declaration(&d));
        let arrival = WireEvent {
            id: format!("{:032x}", 0xbe_0000 + run + 100 * local as u64),
            at: jiff::Timestamp::now().to_string(),
            machine: "another centre".into(),
            who: "another centre".into(),
            kind: change.kind().to_string(),
            division: Some(i64::from(ix.0)),
            payload: serde_json::to_string(&change).expect("json"),
            reason: Some("recount".into()),
            base: store.night().base(Some(*ix)),
        };
        replica
            .take_from_server(&[(last + 1, arrival)])
            .expect("writes");
        let start = Instant::now();
        store.refresh().expect("reads");
        times.push(start.elapsed());
    }
    place_all(store, &mut replica);
    times.sort();
    format_duration(times[times.len() / 2])
}

/// The window with the night open: frames of the dashboard and of the entry screen,
/// each before and after a correction; then the process's peak memory.
fn run_window(file: &Path) {
    let row = |label: &str, figure: String| println!("{label}\t{figure}");
    let dir = tempfile::tempdir().expect("temp dir");
    let probe = Store::open(file, identity()).expect("opens");
    let (ix, first) = probe
        .tally()
        .declarations()
        .iter()
        .enumerate()
        .find_map(|(i, d)| d.clone().map(|d| (DivisionIx(i as u32), d)))
        .expect("a declaration");
    drop(probe);
    let runs = 10;
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
        let mut session = Session::new(Store::open(file, identity()).expect("opens"));
        session.volunteer_confirmed = true;
        session.tab = tab;
        app.session = Some(session);
        frame(&ctx, &mut app);
        row(label, time(runs, || frame(&ctx, &mut app)));
        let mut k = 0;
        // The slowest of ten, not the median: a frame over 16 ms is one a user sees.
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
    row(
        "peak memory of the window with the night open (both screens, 20 corrections)",
        peak_memory_mb(),
    );
}

fn identity() -> Identity {
    Identity {
        who: "bench".into(),
        machine: "bench".into(),
    }
}
