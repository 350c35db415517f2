//! The engine on small elections built by hand, one rule of `docs/figures.md` at a time.

use std::sync::Arc;

use tallyroom::model::Declaration;
use tallyroom::tally::baseline::attach_baseline;
use tallyroom::tally::outcome::{Status, TurnoutBasis};
use tallyroom::tally::{ApplyError, ChangeKind, ControlState, ShareMethod, Tally};

use crate::support::elections::{build, build_of, div, seats_of, single_seat, tally, votes};

#[test]
fn multi_member_division_elects_the_top_n_and_majority_is_last_elected_minus_best_unelected() {
    let mut t = tally(&[(
        "Riverside",
        3,
        &[
            ("A", "Lab"),
            ("B", "Lab"),
            ("C", "Lab"),
            ("D", "Con"),
            ("E", "Con"),
            ("F", "Grn"),
        ],
    )]);
    let ix = div(&t, "Riverside");
    let outcome = t
        .declare(ix, votes(&[900, 700, 500, 650, 480, 300]))
        .unwrap()
        .clone();
    assert_eq!(outcome.status, Status::Declared);
    let names: Vec<&str> = outcome
        .elected
        .iter()
        .map(|&c| t.election().candidate(c).name.as_str())
        .collect();
    assert_eq!(names, ["A", "B", "D"]);
    assert_eq!(outcome.majority, Some(650 - 500));
    assert_eq!(seats_of(&t, "Lab"), 2);
    assert_eq!(seats_of(&t, "Con"), 1);
    // No ballot papers: majority % and turnout are unknown in a multi-member division.
    assert_eq!(outcome.majority_percent, None);
    assert_eq!(outcome.turnout, None);
}

#[test]
fn multi_member_majority_percent_uses_ballot_papers() {
    let mut t = tally(&[("Two", 2, &[("A", "Lab"), ("B", "Con"), ("C", "Grn")])]);
    let ix = div(&t, "Two");
    let mut d = votes(&[500, 400, 100]);
    d.ballots_issued = Some(600);
    let outcome = t.declare(ix, d).unwrap();
    assert_eq!(outcome.majority, Some(300));
    assert_eq!(outcome.majority_percent, Some(50.0));
}

#[test]
fn a_tie_at_the_last_seat_has_no_winner_until_lots_are_drawn() {
    let mut t = tally(&[
        (
            "Tied",
            2,
            &[("A", "Lab"), ("B", "Con"), ("C", "Grn"), ("D", "LD")],
        ),
        ("Other", 1, &[("E", "Lab"), ("F", "Con")]),
    ]);
    let ix = div(&t, "Tied");
    let outcome = t.declare(ix, votes(&[800, 450, 450, 100])).unwrap().clone();
    assert_eq!(outcome.status, Status::Tied);
    assert_eq!(outcome.elected.len(), 1, "only A is elected for sure");
    assert_eq!(outcome.tied.len(), 2);
    assert_eq!(outcome.tied_seats, 1);
    assert_eq!(outcome.majority, None);
    assert_eq!(seats_of(&t, "Lab"), 1);
    assert_eq!(seats_of(&t, "Con"), 0);
    assert_eq!(t.totals().divisions_declared, 0);
    assert_eq!(t.totals().divisions_tied, 1);
    // Both tied parties can still win the tied seat (and Con the undeclared "Other").
    let p = |name| t.election().parties.find(name).unwrap();
    assert_eq!(t.party(p("Con")).possible, 2);
    assert_eq!(t.party(p("Grn")).possible, 1);
    assert_eq!(t.party(p("LD")).possible, 0);

    // Naming a candidate who is not tied does not resolve it.
    let mut wrong = votes(&[800, 450, 450, 100]);
    wrong.won_by_lot = vec![3];
    assert_eq!(t.declare(ix, wrong), Err(ApplyError::LotsDoNotResolveTie));

    let mut drawn = votes(&[800, 450, 450, 100]);
    drawn.won_by_lot = vec![2];
    let outcome = t.declare(ix, drawn).unwrap().clone();
    assert_eq!(outcome.status, Status::Declared);
    assert_eq!(outcome.majority, Some(0));
    assert_eq!(outcome.by_lot.len(), 1);
    assert_eq!(t.election().candidate(outcome.by_lot[0]).name, "C");
    assert_eq!(seats_of(&t, "Grn"), 1);
    assert_eq!(t.totals().divisions_tied, 0);
}

#[test]
fn all_zero_single_seat_is_a_tie() {
    let mut t = tally(&[("Z", 1, &[("A", "Lab"), ("B", "Con")])]);
    let ix = div(&t, "Z");
    assert_eq!(t.declare(ix, votes(&[0, 0])).unwrap().status, Status::Tied);
}

#[test]
fn uncontested_division_is_returned_unopposed_and_empty_one_waits() {
    let t = tally(&[
        ("Quiet", 2, &[("A", "Lab"), ("B", "Con")]),
        ("Empty", 1, &[]),
        ("Open", 1, &[("C", "Lab"), ("D", "Con")]),
    ]);
    let quiet = t.outcome(div(&t, "Quiet"));
    assert_eq!(quiet.status, Status::Declared);
    assert!(quiet.uncontested);
    assert_eq!(quiet.elected.len(), 2);
    assert_eq!(quiet.majority, None);
    assert_eq!(quiet.turnout, None);
    assert_eq!(seats_of(&t, "Lab"), 1);
    assert_eq!(t.totals().votes, 0, "an unopposed return has no votes");
    let empty = t.outcome(div(&t, "Empty"));
    assert_eq!(empty.status, Status::Awaiting);
    assert!(empty.elected.is_empty());
    assert_eq!(t.totals().divisions_declared, 1);
    assert_eq!(t.control().seats_undeclared, 2);
    // The timeline starts from the unopposed seats.
    assert_eq!(t.seat_totals_over_time().len(), 1);
}

#[test]
fn turnout_only_where_it_can_be_known() {
    let mut election = build(&[
        ("One", 1, &[("A", "Lab"), ("B", "Con")]),
        ("Two", 2, &[("C", "Lab"), ("D", "Con"), ("E", "Grn")]),
    ]);
    election.divisions[0].electorate = Some(1000);
    election.divisions[1].electorate = Some(1000);
    let mut t = Tally::new(Arc::new(election));
    let one = div(&t, "One");
    let two = div(&t, "Two");
    let mut d = votes(&[200, 100]);
    d.rejected = Some(4);
    let turnout = t.declare(one, d).unwrap().turnout.unwrap();
    assert_eq!(turnout.basis, TurnoutBasis::VotesAndRejected);
    assert!((turnout.percent - 30.4).abs() < 1e-9);
    let mut d = votes(&[200, 100]);
    d.ballots_issued = Some(310);
    let turnout = t.declare(one, d).unwrap().turnout.unwrap();
    assert_eq!(turnout.basis, TurnoutBasis::BallotPapers);
    assert!((turnout.percent - 31.0).abs() < 1e-9);
    assert_eq!(
        t.declare(two, votes(&[300, 200, 100])).unwrap().turnout,
        None
    );
}

#[test]
fn vote_share_methods_differ_in_multi_member_divisions() {
    let mut t = tally(&[(
        "Two",
        2,
        &[
            ("A", "Lab"),
            ("B", "Lab"),
            ("C", "Con"),
            ("D", "Independent"),
            ("E", "Independent"),
        ],
    )]);
    let ix = div(&t, "Two");
    t.declare(ix, votes(&[400, 300, 500, 200, 100])).unwrap();
    let lab = t.election().parties.find("Lab").unwrap();
    let ind = t.election().parties.find("Independent").unwrap();
    // All votes: Lab 700 of 1500.
    assert!((t.share(lab, ShareMethod::AllVotes).unwrap() - 700.0 * 100.0 / 1500.0).abs() < 1e-9);
    // Top candidate: Lab 400, Con 500, and each independent counts: 300; total 1200.
    assert!(
        (t.share(lab, ShareMethod::TopCandidate).unwrap() - 400.0 * 100.0 / 1200.0).abs() < 1e-9
    );
    assert!((t.share(ind, ShareMethod::TopCandidate).unwrap() - 25.0).abs() < 1e-9);
}

#[test]
fn control_needs_more_than_half_and_no_overall_control_once_nobody_can_reach_it() {
    let spec: crate::support::elections::Spec = &[
        ("A", 1, &[("a1", "Lab"), ("a2", "Con")]),
        ("B", 1, &[("b1", "Lab"), ("b2", "Con")]),
        ("C", 1, &[("c1", "Lab"), ("c2", "Con")]),
        ("D", 1, &[("d1", "Lab"), ("d2", "Grn")]),
    ];
    let mut t = tally(spec);
    assert_eq!(t.control().needed, 3);
    assert_eq!(t.control().state, ControlState::Open);
    t.declare(div(&t, "A"), votes(&[10, 5])).unwrap();
    t.declare(div(&t, "B"), votes(&[10, 5])).unwrap();
    assert_eq!(t.control().state, ControlState::Open);
    t.declare(div(&t, "C"), votes(&[10, 5])).unwrap();
    let lab = t.election().parties.find("Lab").unwrap();
    assert_eq!(t.control().state, ControlState::Control(lab));

    let mut t = tally(spec);
    t.declare(div(&t, "A"), votes(&[5, 10])).unwrap();
    t.declare(div(&t, "B"), votes(&[10, 5])).unwrap();
    assert_eq!(
        t.control().state,
        ControlState::Open,
        "Lab can still reach 3"
    );
    t.declare(div(&t, "C"), votes(&[5, 10])).unwrap();
    // Lab has 1 + D; Con has 2 and no candidate in D: nobody can reach 3.
    assert_eq!(t.control().state, ControlState::NoOverallControl);
    assert_eq!(t.party(lab).possible, 2);
}

#[test]
fn independents_are_grouped_but_never_hold_control() {
    let mut t = tally(&[
        ("A", 1, &[("a1", "Independent"), ("a2", "Con")]),
        ("B", 1, &[("b1", "Independent"), ("b2", "Con")]),
        ("C", 1, &[("c1", "independent"), ("c2", "Con")]),
    ]);
    for name in ["A", "B", "C"] {
        t.declare(div(&t, name), votes(&[10, 5])).unwrap();
    }
    assert_eq!(seats_of(&t, "Independent"), 3);
    assert_eq!(t.control().state, ControlState::NoOverallControl);
}

#[test]
fn baseline_with_gaps_gives_change_only_where_it_exists() {
    let now_spec: crate::support::elections::Spec = &[
        ("North", 1, &[("a", "Reform UK"), ("b", "Labour")]),
        (
            "South & East",
            1,
            &[("c", "Reform UK"), ("d", "Conservative")],
        ),
        ("New Ward", 1, &[("e", "Labour"), ("f", "Conservative")]),
    ];
    let then_spec: crate::support::elections::Spec = &[
        ("North", 1, &[("g", "Labour"), ("h", "Conservative")]),
        (
            "South and East",
            1,
            &[("i", "Conservative"), ("j", "Labour")],
        ),
        ("Gone Ward", 1, &[("k", "Labour"), ("l", "Conservative")]),
    ];
    let previous = build(then_spec);
    let mut then = Tally::new(Arc::new(previous.clone()));
    for (name, v) in [
        ("North", [600, 400]),
        ("South and East", [700, 300]),
        ("Gone Ward", [1, 2]),
    ] {
        then.declare(div(&then, name), votes(&v)).unwrap();
    }
    let mut current = build(now_spec);
    attach_baseline(&mut current, &previous, then.declarations());
    let baseline = current.baseline.as_ref().unwrap();
    assert_eq!(baseline.unmatched, ["Gone Ward"]);
    let mut t = Tally::new(Arc::new(current));
    t.declare(div(&t, "North"), votes(&[500, 500 - 20]))
        .unwrap();
    t.declare(div(&t, "South & East"), votes(&[100, 900]))
        .unwrap();
    t.declare(div(&t, "New Ward"), votes(&[800, 200])).unwrap();

    assert_eq!(
        t.result_text(div(&t, "North")).as_deref(),
        Some("Reform UK gain from Labour")
    );
    assert_eq!(
        t.result_text(div(&t, "South & East")).as_deref(),
        Some("Conservative hold")
    );
    assert_eq!(
        t.result_text(div(&t, "New Ward")),
        None,
        "no baseline, no guess"
    );
    let p = |name| t.election().parties.find(name).unwrap();
    assert_eq!(t.seats_change(p("Reform UK")), Some(1));
    assert_eq!(
        t.seats_change(p("Labour")),
        Some(-1),
        "New Ward's Labour seat is left out"
    );
    assert_eq!(t.seats_change(p("Conservative")), Some(0));
    assert_eq!(t.totals().divisions_compared_seats, 2);
    // Share change over North and South & East only: Labour 480 of 1980 now, 900 of 2000 then.
    let change = t.share_change(p("Labour"), ShareMethod::AllVotes).unwrap();
    assert!((change - (480.0 * 100.0 / 1980.0 - 900.0 * 100.0 / 2000.0)).abs() < 1e-9);
    // Butler swing Labour -> Reform UK is half the difference of their changes.
    let reform = t
        .share_change(p("Reform UK"), ShareMethod::AllVotes)
        .unwrap();
    let swing = t
        .swing(p("Reform UK"), p("Labour"), ShareMethod::AllVotes)
        .unwrap();
    assert!((swing - (reform - change) / 2.0).abs() < 1e-9);
    assert_eq!(t.party(p("Reform UK")).gains, 1);
    assert_eq!(t.party(p("Labour")).losses, 1);
}

#[test]
fn corrections_and_withdrawals_move_the_totals_and_the_timeline_records_them() {
    let mut t = tally(&[
        ("A", 1, &[("a1", "Lab"), ("a2", "Con")]),
        ("B", 1, &[("b1", "Lab"), ("b2", "Con")]),
    ]);
    let (a, b) = (div(&t, "A"), div(&t, "B"));
    t.declare(a, votes(&[10, 5])).unwrap();
    t.declare(b, votes(&[10, 5])).unwrap();
    t.declare(a, votes(&[5, 10])).unwrap();
    t.withdraw(b).unwrap();
    assert_eq!(seats_of(&t, "Lab"), 0);
    assert_eq!(seats_of(&t, "Con"), 1);
    assert_eq!(t.totals().votes, 15);
    let kinds: Vec<ChangeKind> = t.timeline().iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            ChangeKind::Declared,
            ChangeKind::Declared,
            ChangeKind::Corrected,
            ChangeKind::Withdrawn
        ]
    );
    let lab = t.election().parties.find("Lab").unwrap().index();
    let over_time: Vec<u64> = t.seat_totals_over_time().iter().map(|s| s[lab]).collect();
    assert_eq!(over_time, [0, 1, 2, 1, 0]);
}

#[test]
fn a_declaration_of_the_wrong_shape_is_refused_and_changes_nothing() {
    let mut t = tally(&[("A", 1, &[("a1", "Lab"), ("a2", "Con")])]);
    let a = div(&t, "A");
    assert_eq!(
        t.declare(a, votes(&[1, 2, 3])),
        Err(ApplyError::WrongCandidateCount {
            expected: 2,
            got: 3
        })
    );
    assert!(matches!(
        t.declare(a, votes(&[u64::MAX, 2])),
        Err(ApplyError::CountTooLarge { .. })
    ));
    assert_eq!(t.totals().votes, 0);
    assert!(t.timeline().is_empty());
    assert_eq!(t.declaration(a), None::<&Declaration>);
}

#[test]
fn generated_elections_are_the_same_for_a_seed_and_pass_every_check() {
    use tallyroom::generate::{GenerateOptions, SeatPattern, generate};
    use tallyroom::model::DivisionIx;
    use tallyroom::tally::checks::check_declaration;
    for seed in 1..40 {
        let (election, declarations) = generate(&GenerateOptions {
            divisions: 400,
            seats: SeatPattern::Mixed,
            seed,
            ..GenerateOptions::default()
        });
        for (i, d) in declarations.iter().enumerate() {
            if let Some(d) = d {
                let findings = check_declaration(&election, DivisionIx(i as u32), d);
                assert!(
                    findings.iter().all(|f| !f.is_error()),
                    "seed {seed}: {findings:?}"
                );
            }
        }
    }
    let options = GenerateOptions {
        divisions: 300,
        seats: SeatPattern::Mixed,
        declared: 0.8,
        seed: 42,
        ..GenerateOptions::default()
    };
    let (election, declarations) = generate(&options);
    let (again, same) = generate(&options);
    assert_eq!(declarations, same);
    assert_eq!(election.candidates, again.candidates);
    assert_eq!(declarations.iter().filter(|d| d.is_some()).count(), 240);
    assert!(election.divisions.iter().any(|d| d.seats == 3));
    for (i, d) in declarations.iter().enumerate() {
        if let Some(d) = d {
            let findings = check_declaration(&election, DivisionIx(i as u32), d);
            assert!(findings.iter().all(|f| !f.is_error()), "{findings:?}");
        }
    }
    let declared = declarations
        .into_iter()
        .enumerate()
        .filter_map(|(i, d)| d.map(|d| (DivisionIx(i as u32), d)));
    let tally = Tally::with_declarations(Arc::new(election), declared).unwrap();
    assert_eq!(
        tally.totals().divisions_declared + tally.totals().divisions_tied,
        240
    );
}

#[test]
fn a_party_renamed_since_the_baseline_is_compared_with_itself() {
    // The Brexit Party has been Reform UK since 2021: against a 2019 baseline Reform
    // UK holds the seat the Brexit Party won, and its change in share is against the
    // Brexit Party's.
    let then_spec: crate::support::elections::Spec = &[
        ("North", 1, &[("g", "The Brexit Party"), ("h", "Labour")]),
        ("South", 1, &[("i", "Labour"), ("j", "Brexit Party")]),
    ];
    let now_spec: crate::support::elections::Spec = &[
        ("North", 1, &[("a", "Reform UK"), ("b", "Labour")]),
        ("South", 1, &[("c", "Reform UK"), ("d", "Labour")]),
    ];
    let previous = build(then_spec);
    let mut then = Tally::new(Arc::new(previous.clone()));
    then.declare(div(&then, "North"), votes(&[600, 400]))
        .unwrap();
    then.declare(div(&then, "South"), votes(&[800, 200]))
        .unwrap();
    let mut current = build(now_spec);
    attach_baseline(&mut current, &previous, then.declarations());
    let mut t = Tally::new(Arc::new(current));
    t.declare(div(&t, "North"), votes(&[700, 300])).unwrap();
    t.declare(div(&t, "South"), votes(&[500, 500 + 100]))
        .unwrap();
    assert_eq!(
        t.result_text(div(&t, "North")).as_deref(),
        Some("Reform UK hold")
    );
    let p = |name| t.election().parties.find(name).unwrap();
    assert_eq!(t.seats_change(p("Reform UK")), Some(0));
    // No party of the old name is left over beside it.
    assert!(t.election().parties.find("The Brexit Party").is_none());
    let change = t
        .share_change(p("Reform UK"), ShareMethod::AllVotes)
        .unwrap();
    let expected = 1200.0 * 100.0 / 2100.0 - 800.0 * 100.0 / 2000.0;
    assert!(
        (change - expected).abs() < 1e-9,
        "{change} against {expected}"
    );
}

#[test]
fn a_baseline_division_claimed_by_code_is_not_taken_by_another_of_its_name() {
    // Two baseline rows named "Aberavon": the one with tonight's code is Aberavon's
    // baseline, whatever the order of the file; a third name-only pair matching one
    // division twice matches nothing.
    let division =
        |name: &str, code: &str, parties: [&str; 2]| single_seat(name, None, Some(code), parties);
    for code_first in [true, false] {
        let mut rows = vec![
            division("Aberavon", "W1", ["Labour", "Conservative"]),
            division("Aberavon", "W9", ["Conservative", "Labour"]),
            division("Neath", "W5", ["Labour", "Conservative"]),
            division("Neath", "W6", ["Conservative", "Labour"]),
        ];
        if !code_first {
            rows.swap(0, 1);
        }
        let previous = build_of("test", rows);
        let mut then = Tally::new(Arc::new(previous.clone()));
        for ix in previous.division_ixs() {
            then.declare(ix, votes(&[600, 400])).unwrap();
        }
        let mut current = build_of(
            "test",
            vec![
                division("Aberavon", "W1", ["Labour", "Conservative"]),
                division("Neath", "W7", ["Labour", "Conservative"]),
            ],
        );
        attach_baseline(&mut current, &previous, then.declarations());
        let mut t = Tally::new(Arc::new(current));
        t.declare(div(&t, "Aberavon"), votes(&[700, 300])).unwrap();
        t.declare(div(&t, "Neath"), votes(&[700, 300])).unwrap();
        assert_eq!(
            t.result_text(div(&t, "Aberavon")).as_deref(),
            Some("Labour hold"),
            "code first: {code_first}"
        );
        assert_eq!(t.result_text(div(&t, "Neath")), None, "no guess");
        let baseline = t.election().baseline.as_ref().unwrap();
        assert_eq!(baseline.unmatched.len(), 3, "{:?}", baseline.unmatched);
    }
}

#[test]
fn a_division_named_in_several_councils_of_the_baseline_matches_its_own_council_s() {
    // A night of one council (Wolverhampton) against a baseline of many, each with a
    // ward called Park: Wolverhampton's Park is Park's baseline.
    let park =
        |council: &str, parties: [&str; 2]| single_seat("Park", Some(council), None, parties);
    let previous = build_of(
        "2021",
        vec![
            park("Calderdale", ["Conservative", "Labour"]),
            park("Wolverhampton", ["Labour", "Conservative"]),
            park("Reading", ["Conservative", "Labour"]),
        ],
    );
    let mut then = Tally::new(Arc::new(previous.clone()));
    for ix in previous.division_ixs() {
        then.declare(ix, votes(&[600, 400])).unwrap();
    }
    let mut current = build_of(
        "2024",
        vec![park("Wolverhampton", ["Labour", "Conservative"])],
    );
    attach_baseline(&mut current, &previous, then.declarations());
    let mut t = Tally::new(Arc::new(current));
    t.declare(div(&t, "Park"), votes(&[700, 300])).unwrap();
    assert_eq!(
        t.result_text(div(&t, "Park")).as_deref(),
        Some("Labour hold")
    );
}
