//! The engine: one declaration applied and every figure brought up to date.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use tallyroom::generate::{GenerateOptions, SeatPattern, generate};
use tallyroom::model::DivisionIx;
use tallyroom::report::{SummaryOptions, summarise};
use tallyroom::tally::Tally;

fn apply_one(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine");
    group
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for (label, divisions, seats) in [
        ("lancashire-size 82", 82, SeatPattern::Mixed),
        ("general-election 650", 650, SeatPattern::One),
    ] {
        let (election, declarations) = generate(&GenerateOptions {
            divisions,
            seats,
            ..GenerateOptions::default()
        });
        let declared: Vec<_> = declarations
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.clone().map(|d| (DivisionIx(i as u32), d)))
            .collect();
        let mut tally = Tally::with_declarations(Arc::new(election), declared.clone())
            .expect("generated figures apply");
        let (ix, first) = declared[0].clone();
        let mut second = first.clone();
        second.votes[0] += 1;
        let mut flip = false;
        group.bench_function(
            format!("apply one declaration and update control, {label}"),
            |b| {
                b.iter(|| {
                    flip = !flip;
                    let d = if flip { second.clone() } else { first.clone() };
                    tally.declare(ix, d).expect("applies");
                    black_box(tally.control());
                })
            },
        );
        group.bench_function(format!("full summary, {label}"), |b| {
            b.iter(|| black_box(summarise(&tally, &SummaryOptions::default())))
        });
    }
    group.finish();
}

criterion_group!(benches, apply_one);
criterion_main!(benches);
