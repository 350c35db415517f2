//! The election file: saving one declaration (one fsynced transaction) and opening a
//! file that holds a whole general-election night.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use tallyroom::generate::{GenerateOptions, generate};
use tallyroom::model::DivisionIx;
use tallyroom::store::Store;
use tallyroom::store::events::Identity;

fn who() -> Identity {
    Identity {
        who: "bench".into(),
        machine: "bench".into(),
    }
}

/// A general election (650 divisions) with every division declared and 50 corrections:
/// about 700 events.
fn night(path: &Path) -> Store {
    let (election, declarations) = generate(&GenerateOptions::default());
    let mut store = Store::create(path, &election, None, who()).expect("creates");
    let declared: Vec<_> = declarations
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.clone().map(|d| (DivisionIx(i as u32), d)))
        .collect();
    for (ix, d) in &declared {
        store.declare(*ix, d).expect("declares");
    }
    for (ix, d) in declared.iter().take(50) {
        let mut corrected = d.clone();
        corrected.votes[0] += 1;
        corrected.ballots_issued = None;
        corrected.rejected = None;
        store.correct(*ix, &corrected, "recount").expect("corrects");
    }
    store
}

fn store(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ge.tally");
    let mut store = night(&path);
    println!(
        "file: {} divisions, {} candidates, {} events, {} bytes",
        store.election().divisions.len(),
        store.election().candidates.len(),
        store.events().len(),
        std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
    );
    let mut group = c.benchmark_group("store");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));

    let ix = DivisionIx(0);
    let base = store.tally().declaration(ix).cloned().expect("declared");
    let mut n = 0u64;
    group.bench_function(
        "save one declaration (committed and fsynced), general election file",
        |b| {
            b.iter(|| {
                n += 1;
                let mut d = base.clone();
                d.votes[0] += n % 2;
                d.ballots_issued = None;
                d.rejected = None;
                store.correct(ix, &d, "bench").expect("saves");
            })
        },
    );
    drop(store);

    let fresh = dir.path().join("night.tally");
    drop(night(&fresh));
    group.bench_function(
        "open a file with a whole night (650 divisions, 700 events)",
        |b| b.iter(|| black_box(Store::open(&fresh, who()).expect("opens"))),
    );
    group.finish();
}

criterion_group!(benches, store);
criterion_main!(benches);
