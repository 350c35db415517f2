//! The projection: the time to work it out again after a declaration (2,000 runs),
//! at 82, 650 and 10,000 divisions, half of them declared, against a baseline.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use tallyroom::generate::{GenerateOptions, SeatPattern, generate};
use tallyroom::model::DivisionIx;
use tallyroom::tally::Tally;
use tallyroom::tally::baseline::attach_baseline;
use tallyroom::tally::projection::{ProjectionOptions, project};

// As the app itself runs (`src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn projection(c: &mut Criterion) {
    let mut group = c.benchmark_group("projection");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    for (label, divisions, seats) in [
        (
            "82 divisions (Lancashire size, mixed seats)",
            82,
            SeatPattern::Mixed,
        ),
        ("650 divisions", 650, SeatPattern::One),
        ("10,000 divisions", 10_000, SeatPattern::One),
    ] {
        let options = |seed| GenerateOptions {
            divisions,
            seats,
            seed,
            ..GenerateOptions::default()
        };
        // Two generated nights of the same divisions: the second is the baseline.
        let (mut election, declarations) = generate(&options(1));
        let (previous, previous_declarations) = generate(&options(2));
        attach_baseline(&mut election, &previous, &previous_declarations);
        // Twelve count centres, as Lancashire has.
        for (i, d) in election.divisions.iter_mut().enumerate() {
            d.area = Some(format!("Centre {}", i % 12));
        }
        let declared: Vec<_> = declarations
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .filter_map(|(i, d)| d.clone().map(|d| (DivisionIx(i as u32), d)))
            .collect();
        let tally = Tally::with_declarations(Arc::new(election), declared).expect("applies");
        if let Err(e) = project(&tally, ProjectionOptions::default()) {
            panic!("{label}: {}", e.text());
        }
        group.bench_function(
            format!("project with 2,000 runs, half declared, {label}"),
            |b| b.iter(|| black_box(project(&tally, ProjectionOptions::default()))),
        );
    }
    group.finish();
}

criterion_group!(benches, projection);
criterion_main!(benches);
