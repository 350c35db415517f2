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
    build_in_councils(shape, |_| None)
}

/// Divisions named D0, D1, ...; `council` names each one's council, if any.
fn build_in_councils(
    shape: &[(u32, Vec<usize>)],
    council: impl Fn(usize) -> Option<String>,
) -> Election {
    let mut b = ElectionBuilder::new("generated");
    for (i, (seats, parties)) in shape.iter().enumerate() {
        b.add_division(DivisionSetup {
            name: format!("D{i}"),
            council: council(i),
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

/// A national night's declarations are applied at once, on two cores: the tally and
/// its timeline are those of applying them one by one in the order given, and so is
/// the declaration refused when one cannot be taken.
#[test]
fn a_national_nights_declarations_at_once_equal_them_one_by_one() {
    // 12,000 divisions of one to three seats and none to five candidates (some
    // unopposed, some with none), against a baseline on most of them.
    let mut seed = 7u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        seed >> 33
    };
    let mut shape = || -> Vec<(u32, Vec<usize>)> {
        (0..12_000)
            .map(|_| {
                let seats = 1 + (next() % 3) as u32;
                let candidates = (next() % 6) as usize;
                (
                    seats,
                    (0..candidates)
                        .map(|_| (next() % PARTIES.len() as u64) as usize)
                        .collect(),
                )
            })
            .collect()
    };
    let (now, before) = (shape(), shape());
    let previous = build(&before[..11_000]);
    let base_decls: Vec<Option<Declaration>> = previous
        .division_ixs()
        .map(|ix| Some(declaration(&previous, ix, u64::from(ix.0))))
        .collect();
    // Seven councils, so that each council's sums are held to the same too.
    let mut election = build_in_councils(&now, |i| Some(format!("Council {}", i % 7)));
    assert_eq!(election.councils.len(), 7);
    attach_baseline(&mut election, &previous, &base_decls);
    let election = Arc::new(election);
    // Eleven in twelve declared, in an order of their own, with times.
    let mut order: Vec<DivisionIx> = election
        .division_ixs()
        .filter(|ix| ix.0 % 12 != 5)
        .collect();
    let n = order.len();
    for i in 0..n {
        order.swap(i, (i * 7919 + 13) % n);
    }
    let declared: Vec<(DivisionIx, Declaration)> = order
        .iter()
        .map(|&ix| {
            let mut d = declaration(&election, ix, u64::from(ix.0) * 31);
            d.declared_at =
                Some(jiff::Timestamp::from_second(1_746_000_000 + i64::from(ix.0)).unwrap());
            (ix, d)
        })
        .collect();
    let at_once = Tally::with_declarations(election.clone(), declared.clone()).unwrap();
    let mut one_by_one = Tally::new(election.clone());
    for (ix, d) in declared.clone() {
        one_by_one.declare(ix, d).unwrap();
    }
    assert!(at_once.totals().divisions_compared_seats > 5_000);
    assert_same(&at_once, &one_by_one);
    assert_same(&one_by_one, &at_once);
    assert_eq!(at_once.timeline(), one_by_one.timeline());
    assert_eq!(
        at_once.seat_totals_over_time(),
        one_by_one.seat_totals_over_time()
    );
    assert_eq!(at_once.declarations(), one_by_one.declarations());
    for c in election.council_ixs() {
        assert_eq!(at_once.council(c), one_by_one.council(c));
    }

    // Given by division, as a results file gives them: the tally of the divisions'
    // order, from the list as it is.
    let mut by_division: Vec<Option<Declaration>> = vec![None; election.divisions.len()];
    for (ix, d) in &declared {
        by_division[ix.index()] = Some(d.clone());
    }
    let in_divisions_order: Vec<(DivisionIx, Declaration)> = by_division
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.clone().map(|d| (DivisionIx(i as u32), d)))
        .collect();
    let mut in_order = Tally::new(election.clone());
    for (ix, d) in in_divisions_order {
        in_order.declare(ix, d).unwrap();
    }
    let taken = Tally::with_declared_by_division(election.clone(), by_division.clone()).unwrap();
    assert_same(&taken, &in_order);
    assert_same(&in_order, &taken);
    assert_eq!(taken.timeline(), in_order.timeline());
    assert_eq!(taken.declarations(), in_order.declarations());
    // Refused there: the first in the divisions' order.
    let mut wrong_two = by_division.clone();
    for ix in [declared[n / 4].0, declared[n / 3 * 2].0] {
        if let Some(d) = wrong_two[ix.index()].as_mut() {
            d.votes.push(1);
        }
    }
    let said = Tally::with_declared_by_division(election.clone(), wrong_two).unwrap_err();
    assert_eq!(said.0, declared[n / 4].0.min(declared[n / 3 * 2].0));

    // Two it cannot take: the first given is the one said, wherever it is.
    let wrong = |(ix, mut d): (DivisionIx, Declaration)| {
        d.votes.push(1);
        (ix, d)
    };
    let mut refused = declared.clone();
    let (early, late) = (n / 3 * 2, n / 4);
    refused[early] = wrong(refused[early].clone());
    refused[late] = wrong(refused[late].clone());
    let said = Tally::with_declarations(election.clone(), refused).unwrap_err();
    assert_eq!(said.0, declared[late].0);
    // A division given twice (a correction) is applied one by one, to the same end.
    let mut corrected = declared.clone();
    corrected.push(declared[10].clone());
    let twice = Tally::with_declarations(election.clone(), corrected).unwrap();
    assert_eq!(twice.timeline().len(), n + 1);
    assert_eq!(
        twice.timeline()[n].kind,
        tallyroom::tally::ChangeKind::Corrected
    );
}
