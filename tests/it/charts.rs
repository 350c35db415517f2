//! The dashboard's chart data on the real Lancashire 2025 result against 2021, and on
//! a half-declared night.

use std::sync::Arc;

use tallyroom::charts;
use tallyroom::colours::{PartyColours, Rgb, UNDECLARED};
use tallyroom::formats::native;
use tallyroom::model::DivisionIx;
use tallyroom::tally::baseline::attach_baseline;
use tallyroom::tally::{ShareMethod, Tally};

use crate::support::elections::sample;

/// Lancashire 2025 with its 2021 baseline, the first `declared` divisions declared.
fn lancashire(declared: usize) -> Tally {
    let read = |name: &str| {
        let bytes = std::fs::read(sample(name)).unwrap();
        native::read(name, name, &bytes).unwrap()
    };
    let now = read("lancashire-2025.csv");
    let then = read("lancashire-2021.csv");
    let mut election = now.election.clone();
    attach_baseline(&mut election, &then.election, &then.declarations);
    let declarations: Vec<_> = now.declared().take(declared).collect();
    Tally::with_declarations(Arc::new(election), declarations).unwrap()
}

#[test]
fn seat_bars_have_party_colours_changes_and_the_line_for_control() {
    let colours = PartyColours::default();
    let chart = charts::seats(&lancashire(82), &colours);
    let bars: Vec<(&str, f64, Option<String>)> = chart
        .bars
        .iter()
        .map(|b| (b.party.as_str(), b.value, b.change_label(0)))
        .collect();
    assert_eq!(bars[0], ("Reform UK", 53.0, Some("+46".into())));
    assert_eq!(bars[1], ("Conservative", 8.0, Some("\u{2212}34".into())));
    assert_eq!(bars[2], ("Independent", 7.0, Some("+6".into())));
    let total: f64 = chart.bars.iter().map(|b| b.value).sum();
    assert_eq!(total, 84.0);
    assert_eq!(chart.threshold, 43);
    assert_eq!(chart.undeclared, 0);
    assert_eq!(chart.bars[0].colour, Rgb::parse("#12B6CF").unwrap());
    assert_eq!(chart.bars[1].colour, Rgb::parse("#0087DC").unwrap());
    // Sorted by seats, most first.
    assert!(chart.bars.windows(2).all(|w| w[0].value >= w[1].value));
    // Labour lost seats it held in 2021 and is on the chart with its change (its
    // Labour & Co-operative candidates counted with it).
    let labour = chart.bars.iter().find(|b| b.party == "Labour").unwrap();
    assert_eq!(labour.change_label(0).as_deref(), Some("\u{2212}25"));
}

#[test]
fn vote_shares_add_up_and_the_method_changes_them() {
    let colours = PartyColours::default();
    let tally = lancashire(82);
    let all = charts::shares(&tally, &colours, ShareMethod::AllVotes);
    let top = charts::shares(&tally, &colours, ShareMethod::TopCandidate);
    let sum: f64 = all.iter().map(|b| b.value).sum();
    assert!((sum - 100.0).abs() < 1e-6);
    assert_eq!(all[0].party, "Reform UK");
    assert!((all[0].value - 35.7).abs() < 0.05);
    // Two two-seat divisions: counting only top candidates changes Reform UK's share.
    let reform_top = top.iter().find(|b| b.party == "Reform UK").unwrap();
    assert_ne!(reform_top.value, all[0].value);
    assert!(all.iter().all(|b| b.change.is_some()));
}

#[test]
fn majorities_are_sorted_closest_first_in_the_winners_colour() {
    let colours = PartyColours::default();
    let bars = charts::majorities(&lancashire(82), &colours, false);
    assert_eq!(bars.len(), 82);
    assert!(bars.windows(2).all(|w| w[0].value <= w[1].value));
    assert_eq!(
        (bars[0].name.as_str(), bars[0].value),
        ("St Annes North", 1.0)
    );
    assert_eq!(bars[0].winner, "Peter Ian Buckley (Conservative)");
    assert_eq!(
        bars[0].runner_up.as_deref(),
        Some("Debra Karen Challinor (Reform UK)")
    );
    let oswaldtwistle = bars.iter().find(|b| b.name == "Oswaldtwistle").unwrap();
    assert_eq!(oswaldtwistle.value, 8.0);
    assert_eq!(oswaldtwistle.colour, colours.colour("Reform UK"));
    // In percent, two-seat divisions without ballot papers have no figure.
    assert_eq!(
        charts::majorities(&lancashire(82), &colours, true).len(),
        80
    );
}

#[test]
fn the_chamber_has_every_seat_in_party_order_with_undeclared_grey() {
    let colours = PartyColours::default();
    let seats = charts::chamber(&lancashire(82), &colours);
    assert_eq!(seats.len(), 84);
    let reform = colours.colour("Reform UK");
    assert!(
        seats[..53].iter().all(|s| s.colour == reform),
        "Reform UK's 53 seats come first, from the left"
    );
    assert!(
        seats
            .iter()
            .all(|s| s.y >= -1e-9 && (s.x * s.x + s.y * s.y).sqrt() <= 1.0 + 1e-9)
    );
    // Left to right: the first seat is further left than the last.
    assert!(seats[0].x < seats[83].x);

    let half = lancashire(41);
    let seats = charts::chamber(&half, &colours);
    let grey = seats.iter().filter(|s| s.colour == UNDECLARED).count() as u64;
    assert_eq!(grey, half.control().seats_undeclared);
    assert!(grey > 0);
    assert!(
        seats
            .iter()
            .rev()
            .take(grey as usize)
            .all(|s| s.party.is_none()),
        "grey seats at the right end"
    );
    for n in [1, 2, 7, 84, 650, 5000] {
        assert_eq!(charts::hemicycle(n).len(), n);
    }
}

#[test]
fn a_half_declared_night_shows_the_state_of_the_race() {
    let colours = PartyColours::default();
    let tally = lancashire(41);
    let chart = charts::seats(&tally, &colours);
    let declared: f64 = chart.bars.iter().map(|b| b.value).sum();
    assert_eq!(declared as u64 + chart.undeclared, 84);
    let (state, paths) = charts::control(&tally, &colours);
    assert!(
        state.starts_with("Still open: ")
            || state.ends_with("has control")
            || state.contains(" gain from "),
        "{state}"
    );
    let reform = paths.iter().find(|p| p.party == "Reform UK").unwrap();
    assert!(reform.possible >= reform.won);
    assert_eq!(reform.needed, 43u64.saturating_sub(reform.won));
    assert!(
        paths.iter().all(|p| p.party != "Independent"),
        "independents cannot take control"
    );

    let feed = charts::feed(&tally, 5);
    assert_eq!(feed.len(), 5);
    let newest = tally.election().division(DivisionIx(40)).name.clone();
    assert!(feed[0].starts_with(&format!("{newest}: ")), "{feed:?}");

    let (timed, series) = charts::timeline(&tally, &colours);
    assert!(!timed, "the file has no declaration times");
    for s in &series {
        assert_eq!(
            s.points.len(),
            42,
            "before any declaration, then after each of 41"
        );
        let p = tally.election().parties.find(&s.party).unwrap();
        assert_eq!(s.points.last().unwrap()[1], tally.party(p).seats as f64);
    }
}

#[test]
fn feed_and_tables_read_as_results_services_write_them() {
    let tally = lancashire(82);
    let feed = charts::feed(&tally, 82);
    assert!(
        feed.contains(&"Oswaldtwistle: Reform UK gain from Conservative, majority 8".to_string())
    );
    let gains = charts::gains_and_losses(&tally);
    let reform = gains.iter().find(|g| g.party == "Reform UK").unwrap();
    assert_eq!((reform.gains, reform.losses, reform.net), (46, 0, 46));
    let turnout = charts::turnout(&tally);
    assert_eq!(
        turnout.len(),
        80,
        "two-seat divisions have no turnout without ballot papers"
    );
    assert!(turnout.windows(2).all(|w| w[0].1 >= w[1].1));
    let independents = charts::independents(&tally);
    assert_eq!(independents.len(), 7);
    assert!(
        independents
            .iter()
            .any(|(name, division)| name == "Michael Lavalette"
                && division == "Preston Central East")
    );
}

#[test]
fn a_picture_is_the_window_cropped_to_the_chart_as_png() {
    use eframe::egui::{Color32, ColorImage, Rect, pos2};
    let mut image = ColorImage::filled([40, 30], Color32::WHITE);
    for y in 10..20 {
        for x in 5..15 {
            image.pixels[y * 40 + x] = Color32::from_rgb(0x12, 0xB6, 0xCF);
        }
    }
    let bytes = tallyroom::ui::picture::png(
        &image,
        Some(Rect::from_min_max(pos2(5.0, 10.0), pos2(15.0, 20.0))),
    )
    .unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (10, 10));
    assert!(
        pixels.chunks(4).all(|p| p == [0x12, 0xB6, 0xCF, 0xFF]),
        "only the chart's pixels"
    );
    assert!(
        tallyroom::ui::picture::png(
            &image,
            Some(Rect::from_min_max(pos2(50.0, 50.0), pos2(60.0, 60.0)))
        )
        .is_err()
    );
}

#[test]
fn large_councils_are_drawn_with_no_more_dots_and_points_than_a_screen_shows() {
    use tallyroom::generate::{GenerateOptions, SeatPattern, generate};
    let (election, declarations) = generate(&GenerateOptions {
        divisions: 6000,
        seats: SeatPattern::Mixed,
        ..GenerateOptions::default()
    });
    let declared = declarations
        .into_iter()
        .enumerate()
        .filter_map(|(i, d)| d.map(|d| (DivisionIx(i as u32), d)));
    let tally = Tally::with_declarations(Arc::new(election), declared).unwrap();
    let colours = PartyColours::default();
    let seats = tally.election().total_seats();
    let per_dot = charts::seats_per_dot(seats);
    assert!(per_dot > 1);
    let chamber = charts::chamber(&tally, &colours);
    assert!(chamber.len() as u64 <= charts::CHAMBER_DOTS);
    assert_eq!(chamber.len() as u64, seats.div_ceil(per_dot));
    let (_, series) = charts::timeline(&tally, &colours);
    for s in &series {
        assert!(s.points.len() <= charts::TIMELINE_POINTS + 1);
        let p = tally.election().parties.find(&s.party).unwrap();
        assert_eq!(
            s.points.last().unwrap()[1],
            tally.party(p).seats as f64,
            "the last point is the night as it stands"
        );
    }
    // The closest results are exactly those a full sort by (majority, name) puts
    // first, ties at the edge included, however the chart finds them.
    let election = tally.election();
    let mut all: Vec<(f64, &str)> = election
        .division_ixs()
        .filter_map(|d| {
            Some((
                tally.outcome(d).majority? as f64,
                election.division(d).name.as_str(),
            ))
        })
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    all.truncate(charts::MAJORITY_BARS);
    let bars = charts::majorities(&tally, &colours, false);
    let shown: Vec<(f64, &str)> = bars.iter().map(|b| (b.value, b.name.as_str())).collect();
    assert_eq!(shown, all);
    // Turnout: highest first, every declared division with a figure.
    let turnout = charts::turnout(&tally);
    assert!(turnout.len() > 1000);
    assert!(
        turnout
            .windows(2)
            .all(|w| w[0].1 > w[1].1 || (w[0].1 == w[1].1 && w[0].0 < w[1].0))
    );
}

#[test]
fn the_feed_counts_the_seats_of_a_party_in_a_multi_member_division() {
    let mut t = crate::support::elections::tally(&[(
        "Two",
        2,
        &[("A", "Lab"), ("B", "Lab"), ("C", "Con")],
    )]);
    let ix = crate::support::elections::div(&t, "Two");
    t.declare(ix, crate::support::elections::votes(&[500, 400, 100]))
        .unwrap();
    assert_eq!(charts::feed(&t, 1), ["Two: Lab (2) win, majority 300"]);
}

#[test]
fn text_on_every_party_colour_reaches_wcag_aa_contrast() {
    use tallyroom::colours::generated;
    let colours = PartyColours::default();
    let shipped = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/party-colours.csv"
    ))
    .unwrap();
    let names: Vec<String> = shipped
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .chain((0..2000).map(|i| format!("Local party {i}")))
        .collect();
    for name in names {
        let background = if colours.is_known(&name) {
            colours.colour(&name)
        } else {
            generated(&name)
        };
        let ratio = background.contrast(background.text_colour());
        assert!(ratio >= 4.5, "{name} {}: {ratio:.2}", background.hex());
    }
    // The ratio as WCAG defines it: black on white is 21:1.
    let (black, white) = (Rgb(0, 0, 0), Rgb(255, 255, 255));
    assert!((black.contrast(white) - 21.0).abs() < 1e-9);
}

#[test]
fn the_colours_shipped_are_read_at_start_as_the_colours_file_reader_reads_them() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/party-colours.csv");
    let rows =
        tallyroom::formats::colours_file::read("party-colours.csv", &std::fs::read(path).unwrap())
            .expect("the shipped colours file reads");
    assert!(rows.len() > 10, "{} rows", rows.len());
    let colours = PartyColours::default();
    for row in rows {
        assert!(colours.is_known(&row.party), "{}", row.party);
        assert_eq!(colours.colour(&row.party), row.colour, "{}", row.party);
        let short = if row.short_name.is_empty() {
            &row.party
        } else {
            &row.short_name
        };
        assert_eq!(&colours.short_name(&row.party), short, "{}", row.party);
    }
}

#[test]
fn lots_drawn_for_a_tie_are_its_result_in_the_feed_never_a_correction() {
    use crate::support::elections::{div, tally, votes};
    let mut t = tally(&[
        ("Tied", 1, &[("A", "Lab"), ("B", "Con")]),
        ("Later", 1, &[("C", "Lab"), ("D", "Con")]),
    ]);
    let tied = div(&t, "Tied");
    t.declare(tied, votes(&[400, 400])).unwrap();
    assert_eq!(charts::feed(&t, 1), ["Tied: tied, lots to be drawn"]);
    let later = div(&t, "Later");
    t.declare(later, votes(&[300, 100])).unwrap();

    let mut drawn = t.declaration(tied).unwrap().clone();
    drawn.won_by_lot = vec![1];
    t.declare(tied, drawn).unwrap();
    let feed = charts::feed(&t, 2);
    assert_eq!(
        feed[0], "Lots drawn: Tied: Con win, majority 0 (elected by lot)",
        "{feed:?}"
    );
    let card = charts::latest(&t, &tallyroom::colours::PartyColours::default()).unwrap();
    assert_eq!(
        card.majority.as_deref(),
        Some("Majority 0 (0.0%): elected by lot")
    );
    assert_eq!(
        t.latest_declaration(),
        Some(tied),
        "the tie's result is the newest declaration"
    );

    // The same figures entered again at the desk, without the lots: a correction,
    // and the division is tied again.
    let mut again = t.declaration(tied).unwrap().clone();
    again.won_by_lot.clear();
    t.declare(tied, again).unwrap();
    assert_eq!(
        charts::feed(&t, 1),
        ["Corrected: Tied: tied, lots to be drawn"]
    );

    // A figure changed as well is a correction, whatever the lots say.
    let mut corrected = t.declaration(tied).unwrap().clone();
    corrected.votes = vec![401, 400];
    t.declare(tied, corrected).unwrap();
    assert!(charts::feed(&t, 1)[0].starts_with("Corrected: Tied: "));
    assert_eq!(t.latest_declaration(), Some(tied));
}

#[test]
fn the_last_seat_of_several_won_by_lot_is_named_as_such() {
    use crate::support::elections::{div, tally, votes};
    let mut t = tally(&[("Two", 2, &[("A", "Lab"), ("B", "Con"), ("C", "Grn")])]);
    let two = div(&t, "Two");
    t.declare(two, votes(&[500, 300, 300])).unwrap();
    let mut drawn = t.declaration(two).unwrap().clone();
    drawn.won_by_lot = vec![2];
    t.declare(two, drawn).unwrap();
    assert_eq!(
        charts::feed(&t, 1),
        ["Lots drawn: Two: Lab, Grn win, majority 0 (last seat elected by lot)"]
    );
}
