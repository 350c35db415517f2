//! Applying declarations one by one gives exactly the figures of a recount from scratch,
//! on many generated elections with corrections, withdrawals, ties and a baseline.

use std::sync::Arc;

use proptest::prelude::*;
use tallyroom::model::{
    CandidateSetup, Declaration, DivisionIx, DivisionSetup, Election, ElectionBuilder,
};
use tallyroom::tally::baseline::attach_baseline;
use tallyroom::tally::outcome::tie_for_last_seat;
use tallyroom::tally::{ShareMethod, Tally};

const PARTIES: [&str; 5] = ["Lab", "Con", "Grn", "Independent", "Reform"];

/// (seats, parties of candidates) per division.
fn elections() -> impl Strategy<Value = Vec<(u32, Vec<usize>)>> {
    prop::collection::vec(
        (1u32..=3, prop::collection::vec(0usize..PARTIES.len(), 0..6)),
        1..12,
    )
}

fn build(shape: &[(u32, Vec<usize>)]) -> Election {
    let mut b = ElectionBuilder::new("generated");
    for (i, (seats, parties)) in shape.iter().enumerate() {
        b.add_division(DivisionSetup {
            name: format!("D{i}"),
            seats: *seats,
            electorate: Some(5000),
            candidates: parties
                .iter()
                .enumerate()
                .map(|(j, &p)| CandidateSetup::new(format!("C{i}-{j}"), PARTIES[p]))
                .collect(),
            ..DivisionSetup::default()
        })
        .unwrap();
    }
    b.build()
}

/// A declaration for a division from a seed: small vote counts so that ties happen,
/// and lots drawn for a tie when the seed says so.
fn declaration(election: &Election, ix: DivisionIx, seed: u64) -> Declaration {
    let d = election.division(ix);
    let mut s = seed;
    let mut next = || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        s >> 33
    };
    let votes: Vec<u64> = (0..d.candidate_count()).map(|_| next() % 6).collect();
    let mut decl = Declaration {
        votes,
        ballots_issued: (next() % 2 == 0).then(|| next() % 40),
        rejected: None,
        ..Declaration::default()
    };
    if let Some((tied, seats)) = tie_for_last_seat(d, &decl)
        && next() % 2 == 0
    {
        decl.won_by_lot = tied.into_iter().take(seats as usize).collect();
    }
    decl
}

fn assert_same(a: &Tally, b: &Tally) {
    let election = a.election();
    for (p, name) in election.parties.iter() {
        assert_eq!(a.party(p), b.party(p), "party {name}");
        for method in [ShareMethod::AllVotes, ShareMethod::TopCandidate] {
            assert_eq!(a.share(p, method), b.share(p, method));
            assert_eq!(a.share_change(p, method), b.share_change(p, method));
        }
        assert_eq!(a.seats_change(p), b.seats_change(p));
    }
    assert_eq!(a.totals(), b.totals());
    assert_eq!(a.control(), b.control());
    for ix in election.division_ixs() {
        assert_eq!(a.outcome(ix), b.outcome(ix));
        assert_eq!(a.result_text(ix), b.result_text(ix));
    }
    // The timeline ends at the seat totals now.
    let last = a.seat_totals_over_time().pop().unwrap();
    for (p, _) in election.parties.iter() {
        assert_eq!(last[p.index()], a.party(p).seats);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn incremental_equals_recount(
        shape in elections(),
        base_shape in elections(),
        base_seed in any::<u64>(),
        steps in prop::collection::vec((any::<u16>(), any::<u64>(), 0u8..10), 1..60),
    ) {
        // A baseline on partly the same divisions (names D0, D1, ... overlap by index).
        let previous = build(&base_shape);
        let base_decls: Vec<Option<Declaration>> = previous
            .division_ixs()
            .map(|ix| (base_seed % 3 != ix.0 as u64 % 3).then(|| declaration(&previous, ix, base_seed ^ u64::from(ix.0))))
            .collect();
        let mut election = build(&shape);
        attach_baseline(&mut election, &previous, &base_decls);
        let election = Arc::new(election);

        let mut live = Tally::new(election.clone());
        for (which, seed, action) in steps {
            let ix = DivisionIx(u32::from(which) % election.divisions.len() as u32);
            if action == 0 {
                live.withdraw(ix).unwrap();
            } else {
                live.declare(ix, declaration(&election, ix, seed)).unwrap();
            }
        }
        let recount = Tally::with_declarations(
            election.clone(),
            live.declarations().iter().enumerate().filter_map(|(i, d)| d.clone().map(|d| (DivisionIx(i as u32), d))),
        ).unwrap();
        assert_same(&live, &recount);
    }
}
