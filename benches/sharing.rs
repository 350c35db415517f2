//! A shared night on loopback: 12 count centres entering declarations and 50 laptops
//! watching, each a replica with its own sync worker and connection. Measures the
//! time from `saved` on a centre's laptop to the declaration being in the tally on
//! every watching laptop. Run with `cargo bench --bench sharing`; needs a PostgreSQL
//! server (TALLYROOM_BENCH_PG, default postgres://$USER@127.0.0.1:5432).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tallyroom::generate::{GenerateOptions, SeatPattern, generate};
use tallyroom::model::{Declaration, DivisionIx};
use tallyroom::share::worker::{Link, Worker};
use tallyroom::share::{self, Address};
use tallyroom::store::Store;
use tallyroom::store::events::Identity;

const WRITERS: usize = 12;
const WATCHERS: usize = 50;
const DECLARATIONS_EACH: usize = 20;
/// Between one centre's declarations (a busy night, all centres at once).
const PAUSE: Duration = Duration::from_millis(150);

fn main() {
    let base = std::env::var("TALLYROOM_BENCH_PG").unwrap_or_else(|_| {
        let user = std::process::Command::new("id")
            .arg("-un")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_else(|_| "postgres".into());
        format!("postgres://{user}@127.0.0.1:5432")
    });
    let database = format!("tallyroom_bench_{}", std::process::id());
    if let Err(e) = admin(
        &format!("{base}/postgres"),
        &format!("CREATE DATABASE {database}"),
    ) {
        println!("sharing bench skipped: no PostgreSQL server at {base} ({e})");
        return;
    }
    let result = std::panic::catch_unwind(|| run(&format!("{base}/{database}")));
    let _ = admin(
        &format!("{base}/postgres"),
        &format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"),
    );
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

fn admin(url: &str, statement: &str) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        client
            .batch_execute(statement)
            .await
            .map_err(|e| e.to_string())
    })
}

fn identity(name: &str) -> Identity {
    Identity {
        who: name.into(),
        machine: name.into(),
    }
}

fn run(url: &str) {
    let address = Address::parse(url).expect("an address");
    let dir = tempfile::tempdir().expect("temp dir");
    let (election, declarations) = generate(&GenerateOptions {
        divisions: 650,
        seats: SeatPattern::One,
        parties: 8,
        declared: 1.0,
        seed: 3,
    });
    let hq = dir.path().join("hq.tally");
    Store::create(&hq, &election, None, identity("hq")).expect("creates");
    share::share(&hq, &address, Some("general"), "hq").expect("shares");
    let join = |name: String| -> PathBuf {
        let file = dir.path().join(format!("{name}.tally"));
        share::join(&address, "general", &file).expect("joins");
        file
    };
    let writers: Vec<PathBuf> = (0..WRITERS).map(|i| join(format!("centre-{i}"))).collect();
    let watchers: Vec<PathBuf> = (0..WATCHERS).map(|i| join(format!("watch-{i}"))).collect();

    let saved: Arc<Mutex<HashMap<DivisionIx, Instant>>> = Arc::default();
    let seen: Arc<Mutex<Vec<(DivisionIx, Instant)>>> = Arc::default();
    let done = Arc::new(AtomicBool::new(false));
    let expected: Vec<DivisionIx> = (0..WRITERS * DECLARATIONS_EACH)
        .map(|i| DivisionIx(i as u32))
        .collect();

    let watching: Vec<_> = watchers
        .iter()
        .map(|file| {
            let (file, seen, done, expected) =
                (file.clone(), seen.clone(), done.clone(), expected.clone());
            std::thread::spawn(move || watch(&file, &address_of(&file), &expected, &seen, &done))
        })
        .collect();
    // Every watcher online before the first declaration.
    std::thread::sleep(Duration::from_secs(2));

    let started = Instant::now();
    let entering: Vec<_> = writers
        .iter()
        .enumerate()
        .map(|(w, file)| {
            let file = file.clone();
            let saved = saved.clone();
            let mine: Vec<(DivisionIx, Declaration)> = (0..DECLARATIONS_EACH)
                .map(|k| {
                    let d = DivisionIx((k * WRITERS + w) as u32);
                    (d, declarations[d.index()].clone().expect("declared"))
                })
                .collect();
            std::thread::spawn(move || enter(&file, &mine, &saved))
        })
        .collect();
    for e in entering {
        e.join().expect("a centre");
    }
    let entered_in = started.elapsed();
    let waited = Instant::now();
    while seen.lock().expect("lock").len() < expected.len() * WATCHERS
        && waited.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    done.store(true, Ordering::Release);
    for w in watching {
        w.join().expect("a watcher");
    }
    // Saved times are all known now: a watcher may see a declaration before its centre
    // has noted the time (its worker can send it with another exchange).
    let saved = saved.lock().expect("lock");
    let mut latencies: Vec<Duration> = seen
        .lock()
        .expect("lock")
        .iter()
        .filter_map(|(d, at)| saved.get(d).map(|s| at.saturating_duration_since(*s)))
        .collect();
    latencies.sort();
    let missing = expected.len() * WATCHERS - latencies.len();
    let at = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{WRITERS} centres entered {} declarations in {:.1} s; {WATCHERS} laptops watching; {} saved → visible times",
        expected.len(),
        entered_in.as_secs_f64(),
        latencies.len()
    );
    println!(
        "| from saved to visible on another laptop | median | 99th percentile | slowest | never seen |"
    );
    println!("|---|---|---|---|---|");
    println!(
        "| {WRITERS} writers, {WATCHERS} watchers, loopback | {:.0} ms | {:.0} ms | {:.0} ms | {missing} |",
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        latencies.last().map_or(0.0, |l| l.as_secs_f64() * 1e3)
    );
}

fn address_of(file: &Path) -> Address {
    let sharing = share::sharing_of(file).expect("shared");
    Address::parse(&sharing.server).expect("an address")
}

/// A count centre: saves each declaration, notes when it was saved, wakes its worker.
fn enter(
    file: &Path,
    mine: &[(DivisionIx, Declaration)],
    saved: &Mutex<HashMap<DivisionIx, Instant>>,
) {
    let name = file
        .file_stem()
        .map_or("centre".into(), |s| s.to_string_lossy().into_owned());
    let mut store = Store::open(file, identity(&name)).expect("opens");
    let worker = Worker::start(
        file.to_path_buf(),
        address_of(file),
        "general".into(),
        || {},
    );
    for (d, declaration) in mine {
        store.declare(*d, declaration).expect("declares");
        saved.lock().expect("lock").insert(*d, Instant::now());
        worker.wake();
        std::thread::sleep(PAUSE);
    }
    // Let the last ones go out before the worker stops.
    let until = Instant::now() + Duration::from_secs(10);
    while store.unsent().count() > 0 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
        let _ = store.refresh();
    }
    worker.stop();
}

/// A watching laptop: takes in what its worker brings, as the window does each
/// frame, and notes when each declaration first counts in its tally.
fn watch(
    file: &Path,
    address: &Address,
    expected: &[DivisionIx],
    seen: &Mutex<Vec<(DivisionIx, Instant)>>,
    done: &AtomicBool,
) {
    let mut store = Store::open(file, identity("watch")).expect("opens");
    let worker = Worker::start(file.to_path_buf(), address.clone(), "general".into(), || {});
    while worker.status().link != Link::Online {
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut waiting: Vec<DivisionIx> = expected.to_vec();
    let mut arrivals = 0;
    while !waiting.is_empty() && !done.load(Ordering::Acquire) {
        if worker.arrivals() != arrivals {
            arrivals = worker.arrivals();
            store.refresh().expect("refreshes");
            let now = Instant::now();
            waiting.retain(|d| {
                if store.tally().declaration(*d).is_none() {
                    return true;
                }
                seen.lock().expect("lock").push((*d, now));
                false
            });
        }
        // About a frame at 60 Hz: how often the window would look.
        std::thread::sleep(Duration::from_millis(16));
    }
    worker.stop();
}
