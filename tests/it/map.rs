//! The results map: boundary files read as they come, matched to divisions, refused
//! with one message when they cannot be drawn, and triangulated exactly.

use std::path::{Path, PathBuf};

use egui_kittest::kittest::{NodeT, Queryable};
use tallyroom::formats::boundaries::{BoundaryOptions, read};
use tallyroom::formats::native;
use tallyroom::map::MapLayer;
use tallyroom::map::boundaries::{Boundaries, Outline, match_shapes};
use tallyroom::map::geometry::{Geometry, ring_area};
use tallyroom::model::Election;

use crate::support::commands::{run, run_ok, tempdir};
use crate::support::elections::sample;

fn maps(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/maps")
        .join(name)
}

fn boundaries(path: &Path) -> Boundaries {
    let bytes = std::fs::read(path).unwrap();
    read(
        &path.file_name().unwrap().to_string_lossy(),
        &bytes,
        &BoundaryOptions::default(),
    )
    .unwrap()
}

fn refused(name: &str, text: &str) -> String {
    read(name, text.as_bytes(), &BoundaryOptions::default())
        .expect_err("refused")
        .to_string()
}

fn lancashire_2025() -> Election {
    let text = std::fs::read(sample("lancashire-2025.csv")).unwrap();
    native::read("lancashire-2025.csv", "Lancashire 2025", &text)
        .unwrap()
        .election
}

#[test]
fn every_lancashire_division_matches_its_ons_boundary_by_code() {
    let election = lancashire_2025();
    for file in [
        sample("lancashire-2025-divisions.geojson"),
        maps("lancashire-cc-2025-divisions.geojson"),
    ] {
        let b = boundaries(&file);
        // Found without options: the ONS pair CED25CD / CED25NM, and its licence line.
        assert_eq!(b.shapes.len(), 82);
        assert_eq!(b.shapes[0].code.as_deref(), Some("E58000751"));
        assert_eq!(b.shapes[0].name.as_deref(), Some("Accrington North"));
        assert!(b.attribution.contains("Office for National Statistics"));
        assert!(b.attribution.contains("2025"));
        let found = match_shapes(&election, &b);
        assert_eq!(found.matched_divisions(&election), 82, "{file:?}");
        assert_eq!(found.by_name, 0, "every one by code");
        assert!(found.divisions_without.is_empty() && found.shapes_without.is_empty());
    }
    // The source as published leaves 13 divisions without a code: those match by name.
    let raw = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/lancashire-cc/lancashire_cc_2025_candidates.csv"),
    )
    .unwrap();
    let (loaded, _) = tallyroom::formats::read_any(
        "lancashire_cc_2025_candidates.csv",
        "lancashire",
        &raw,
        &Default::default(),
    )
    .unwrap();
    let found = match_shapes(
        &loaded.election,
        &boundaries(&sample("lancashire-2025-divisions.geojson")),
    );
    assert_eq!(found.matched_divisions(&loaded.election), 82);
    assert_eq!(found.by_name, 13);
}

/// A set-up of the 650 constituencies of 2024 (codes and names as the ONS gives
/// them), two candidates each: what a general election's rehearsal sheet holds.
fn westminster_2024(with_codes: bool) -> Election {
    let geo: serde_json::Value = serde_json::from_slice(
        &std::fs::read(maps("westminster-2024-constituencies.geojson")).unwrap(),
    )
    .unwrap();
    let mut csv = String::from("division,division_id,seats,candidate,party,votes\n");
    for f in geo["features"].as_array().unwrap() {
        let code = f["properties"]["PCON24CD"].as_str().unwrap();
        let name = f["properties"]["PCON24NM"]
            .as_str()
            .unwrap()
            .replace('"', "");
        let id = if with_codes { code } else { "" };
        for (c, p) in [("A Candidate", "Labour"), ("B Candidate", "Conservative")] {
            csv.push_str(&format!("\"{name}\",{id},1,{c},{p},\n"));
        }
    }
    native::read("ge2024.csv", "GE 2024", csv.as_bytes())
        .unwrap()
        .election
}

#[test]
fn all_650_constituencies_match_as_boundaries_and_as_hexes() {
    let election = westminster_2024(true);
    assert_eq!(election.divisions.len(), 650);
    let shapes = boundaries(&maps("westminster-2024-constituencies.geojson"));
    let found = match_shapes(&election, &shapes);
    assert_eq!(found.matched_divisions(&election), 650);
    assert_eq!(found.by_name, 0);
    // The ultra-generalised set as published: a few shapes twist where a simplified
    // edge crosses itself; drawn, their triangles within an eighth of their area
    // (the worst, 12 %, an island constituency), all but 33 exactly.
    let g = Geometry::build(&shapes, &[]).unwrap();
    let strays: Vec<f64> = (0..650)
        .map(|s| (g.triangle_area(s) / g.shapes[s].area - 1.0).abs())
        .collect();
    let worst = strays.iter().copied().fold(0.0, f64::max);
    assert!(worst > 0.0 && worst < 0.13, "worst {worst}");
    let exact = strays.iter().filter(|&&d| d < 1e-4).count();
    assert!(exact >= 650 - 33, "{exact} exact");
    let hexes = boundaries(&maps("westminster-2024.hexjson"));
    assert!(hexes.is_hex());
    assert_eq!(hexes.shapes.len(), 650);
    let found = match_shapes(&election, &hexes);
    assert_eq!(found.matched_divisions(&election), 650);
    assert!(found.shapes_without.is_empty());
    // Without codes, the hexes' names ("n") match all but the one spelled otherwise.
    let by_name = westminster_2024(false);
    let found = match_shapes(&by_name, &hexes);
    assert_eq!(found.by_name, 649);
    assert_eq!(found.divisions_without.len(), 1);
    // Both lay out without overlapping: no two hexes share a centre, every hex is
    // the same size.
    let layer = MapLayer::new(&election, hexes);
    let g = layer.geometry(&election).unwrap();
    let areas: Vec<f64> = (0..650).map(|s| g.triangle_area(s)).collect();
    assert!(areas.iter().all(|a| (a - areas[0]).abs() < 1e-4));
    let mut centres: Vec<(i64, i64)> = g
        .shapes
        .iter()
        .map(|s| ((s.inside[0] * 100.0) as i64, (s.inside[1] * 100.0) as i64))
        .collect();
    centres.sort_unstable();
    centres.dedup();
    assert_eq!(centres.len(), 650);
}

#[test]
fn ons_style_properties_are_found_and_other_names_given() {
    // A ward file as the ONS serves it also names each ward's district: the ward's
    // own code is the one that tells the features apart.
    let wards = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"LAD25CD":"E07000117","WD25CD":"E05005150","WD25NM":"Bank Hall","LAD25NM":"Burnley"},
       "geometry":{"type":"Polygon","coordinates":[[[-2.25,53.79],[-2.24,53.79],[-2.24,53.80],[-2.25,53.80],[-2.25,53.79]]]}},
      {"type":"Feature","properties":{"LAD25CD":"E07000117","WD25CD":"E05005151","WD25NM":"Briercliffe","LAD25NM":"Burnley"},
       "geometry":{"type":"Polygon","coordinates":[[[-2.23,53.80],[-2.22,53.80],[-2.22,53.81],[-2.23,53.81],[-2.23,53.80]]]}}]}"#;
    let b = read(
        "wards.geojson",
        wards.as_bytes(),
        &BoundaryOptions::default(),
    )
    .unwrap();
    assert_eq!(b.shapes[1].code.as_deref(), Some("E05005151"));
    assert_eq!(b.shapes[1].name.as_deref(), Some("Briercliffe"));
    assert!(b.attribution.contains("2025"));
    // Other files: common names, or the properties named.
    let plain = wards
        .replace("WD25CD", "ward_code_x")
        .replace("WD25NM", "Ward")
        .replace("LAD25CD", "district")
        .replace("LAD25NM", "district_name");
    let b = read(
        "plain.geojson",
        plain.as_bytes(),
        &BoundaryOptions::default(),
    )
    .unwrap();
    assert_eq!(b.shapes[0].name.as_deref(), Some("Bank Hall"));
    assert_eq!(b.shapes[0].code, None);
    let options = BoundaryOptions {
        code_property: Some("ward_code_x".into()),
        ..Default::default()
    };
    let b = read("plain.geojson", plain.as_bytes(), &options).unwrap();
    assert_eq!(b.shapes[0].code.as_deref(), Some("E05005150"));
    let options = BoundaryOptions {
        code_property: Some("gss".into()),
        ..Default::default()
    };
    let e = read("plain.geojson", plain.as_bytes(), &options)
        .unwrap_err()
        .to_string();
    assert!(e.contains("no feature has the code property gss"), "{e}");
    assert!(e.contains("ward_code_x"), "names what it has: {e}");
}

#[test]
fn every_bad_boundary_file_is_refused_with_one_message() {
    let square = "[[-2.25,53.79],[-2.24,53.79],[-2.24,53.80],[-2.25,53.80],[-2.25,53.79]]";
    let feature = |geometry: &str| {
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"CED25CD":"E58000751","CED25NM":"Accrington North"}},"geometry":{geometry}}}]}}"#
        )
    };
    // Not GeoJSON at all: a CSV, broken JSON (with its line), JSON of another kind.
    let e = refused("results.csv", "division,candidate\nA,B\n");
    assert!(e.contains("is not JSON") && e.contains("line 1"), "{e}");
    let e = refused(
        "broken.geojson",
        "{\"type\":\"FeatureCollection\",\n\"features\":[\n{]}",
    );
    assert!(e.contains("line 3"), "{e}");
    let e = refused("list.json", "[1,2,3]");
    assert!(e.contains("not a boundary file"), "{e}");
    let e = refused(
        "points.geojson",
        r#"{"type":"GeometryCollection","geometries":[]}"#,
    );
    assert!(e.contains("not a FeatureCollection"), "{e}");
    // Geometry other than areas.
    let e = refused(
        "lines.geojson",
        &feature(r#"{"type":"LineString","coordinates":[[-2.25,53.79],[-2.24,53.79]]}"#),
    );
    assert!(
        e.contains("feature 1 (Accrington North)") && e.contains("LineString"),
        "{e}"
    );
    let e = refused(
        "point.geojson",
        &feature(r#"{"type":"Point","coordinates":[-2.25,53.79]}"#),
    );
    assert!(e.contains("Point"), "{e}");
    let e = refused("null.geojson", &feature("null"));
    assert!(e.contains("has no geometry"), "{e}");
    // A projected file: British National Grid metres, said so; and a crs naming one.
    let e = refused(
        "bng.geojson",
        &feature(
            r#"{"type":"Polygon","coordinates":[[[354000,431000],[355000,431000],[355000,432000],[354000,431000]]]}"#,
        ),
    );
    assert!(
        e.contains("not longitude and latitude") && e.contains("British National Grid"),
        "{e}"
    );
    assert!(e.contains("coordinates[0][0]"), "where: {e}");
    let with_crs = feature(&format!(r#"{{"type":"Polygon","coordinates":[{square}]}}"#)).replacen(
        "{\"type\":\"FeatureCollection\",",
        "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::27700\"}},",
        1,
    );
    let e = refused("crs.geojson", &with_crs);
    assert!(e.contains("27700"), "{e}");
    // Empty rings: no positions, two, three on one line.
    let e = refused(
        "empty.geojson",
        &feature(r#"{"type":"Polygon","coordinates":[[]]}"#),
    );
    assert!(e.contains("empty ring"), "{e}");
    let e = refused(
        "two.geojson",
        &feature(
            r#"{"type":"Polygon","coordinates":[[[-2.25,53.79],[-2.24,53.79],[-2.25,53.79]]]}"#,
        ),
    );
    assert!(e.contains("empty ring"), "{e}");
    let e = refused(
        "line.geojson",
        &feature(
            r#"{"type":"Polygon","coordinates":[[[-2.25,53.79],[-2.24,53.79],[-2.23,53.79],[-2.25,53.79]]]}"#,
        ),
    );
    assert!(e.contains("encloses no area"), "{e}");
    // A ring crossing itself (a bow tie): what is inside cannot be told.
    let e = refused(
        "bowtie.geojson",
        &feature(
            r#"{"type":"Polygon","coordinates":[[[-2.25,53.79],[-2.24,53.80],[-2.24,53.79],[-2.25,53.80],[-2.25,53.79]]]}"#,
        ),
    );
    assert!(
        e.contains("crosses itself") && e.contains("Accrington North"),
        "{e}"
    );
    // A ring with a twist as large as the rest of it: its triangles cannot be trusted.
    let e = refused(
        "twisted.geojson",
        &feature(
            r#"{"type":"Polygon","coordinates":[[[0,0],[3,0],[3,1],[1,1],[1,-1],[0.5,-1],[0.5,1],[0,1],[0,0]]]}"#,
        ),
    );
    assert!(e.contains("crosses itself"), "{e}");
    // HexJSON with an unknown layout, a hex without a row, two hexes in one place.
    let e = refused(
        "h.hexjson",
        r#"{"layout":"diagonal","hexes":{"A":{"q":0,"r":0}}}"#,
    );
    assert!(e.contains("odd-r, even-r, odd-q, even-q"), "{e}");
    let e = refused("h.hexjson", r#"{"layout":"odd-r","hexes":{"A":{"q":0}}}"#);
    assert!(e.contains("hex A") && e.contains("r is missing"), "{e}");
    let e = refused(
        "h.hexjson",
        r#"{"layout":"odd-r","hexes":{"A":{"q":0,"r":0},"B":{"q":0,"r":0}}}"#,
    );
    assert!(e.contains("same place"), "{e}");
    // A 100 MB file: refused before it is parsed.
    let big = vec![b' '; 100 * 1024 * 1024];
    let e = read("big.geojson", &big, &BoundaryOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("is 100 MB") && e.contains("generalised"), "{e}");
}

#[test]
fn a_refused_file_stores_nothing_and_a_good_one_is_in_the_log() {
    let dir = tempdir();
    let file = dir.path().join("night.tally");
    let file_s = file.to_str().unwrap();
    run_ok(&[
        "new",
        "--from",
        sample("lancashire-2025-rehearsal.csv").to_str().unwrap(),
        "--out",
        file_s,
    ]);
    let bad = dir.path().join("bng.geojson");
    std::fs::write(
        &bad,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"CED25CD":"E58000751"},"geometry":{"type":"Polygon","coordinates":[[[354000,431000],[355000,431000],[355000,432000],[354000,431000]]]}}]}"#,
    )
    .unwrap();
    let out = run(&["boundaries", file_s, "--from", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("British National Grid"));
    // Shapes of another night entirely: nothing matches, nothing is kept.
    let out = run(&[
        "boundaries",
        file_s,
        "--from",
        maps("westminster-2024.hexjson").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("none of the 650 shapes"));
    assert!(!run_ok(&["log", file_s]).contains("boundaries_set"));
    let said = run_ok(&[
        "boundaries",
        file_s,
        "--from",
        sample("lancashire-2025-divisions.geojson")
            .to_str()
            .unwrap(),
    ]);
    assert!(
        said.contains("82 of 82 divisions have a shape (82 by code, 0 by name)"),
        "{said}"
    );
    assert!(run_ok(&["log", file_s]).contains("map boundaries set: 82 shapes"));
    let store = tallyroom::store::Store::open(
        &file,
        tallyroom::store::events::Identity::new(Some("Reader")),
    )
    .unwrap();
    assert_eq!(
        store
            .night()
            .map
            .as_ref()
            .unwrap()
            .matching
            .matched_divisions(store.election()),
        82
    );
    // `new` takes them too; a bad map makes no file.
    let second = dir.path().join("second.tally");
    let out = run(&[
        "new",
        "--from",
        sample("lancashire-2025.csv").to_str().unwrap(),
        "--out",
        second.to_str().unwrap(),
        "--boundaries",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!second.exists());
}

#[test]
fn triangles_cover_each_lancashire_division_exactly() {
    let election = lancashire_2025();
    let b = boundaries(&sample("lancashire-2025-divisions.geojson"));
    let layer = MapLayer::new(&election, b);
    // Once whole, and once cut into a band per seat as multi-member divisions are.
    for bands in [vec![1; 82], layer.bands(&election)] {
        let g = Geometry::build(&layer.boundaries, &bands).unwrap();
        let mut scale = None;
        for (s, shape) in layer.boundaries.shapes.iter().enumerate() {
            let Outline::Polygons(polygons) = &shape.outline else {
                panic!("boundaries, not hexes");
            };
            let plane = g.shapes[s].area;
            let triangles = g.triangle_area(s);
            assert!(
                (triangles - plane).abs() <= 0.001 * plane,
                "{}: triangles {triangles} against {plane}",
                shape.label()
            );
            // One scale for every shape (longitude shrunk by one cosine): the plane
            // keeps the shapes' proportions.
            let ratio = plane / polygon_area_lonlat(polygons);
            let first = *scale.get_or_insert(ratio);
            assert!((ratio - first).abs() <= 1e-4 * first, "{}", shape.label());
            // The label point lies inside its own shape.
            assert_eq!(
                g.shape_at(g.shapes[s].inside, |_| true),
                Some(s),
                "{}",
                shape.label()
            );
        }
        // Lancashire lies about 54° north: a degree east is cos(54°) of a degree north.
        let cos = scale.unwrap();
        assert!((cos - 53.86f64.to_radians().cos()).abs() < 0.01, "{cos}");
    }
}

#[test]
fn holes_are_cut_out_and_islands_kept() {
    // A square of 4 with a hole of 1, and an island of 1 beside it.
    let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"X1","name":"Holey"},
      "geometry":{"type":"MultiPolygon","coordinates":[
        [[[0,0],[2,0],[2,2],[0,2],[0,0]],[[0.5,0.5],[0.5,1.5],[1.5,1.5],[1.5,0.5],[0.5,0.5]]],
        [[[3,0],[4,0],[4,1],[3,1],[3,0]]]]}}]}"#;
    let b = read(
        "holes.geojson",
        text.as_bytes(),
        &BoundaryOptions::default(),
    )
    .unwrap();
    assert_eq!(b.shapes[0].code.as_deref(), Some("X1"));
    let g = Geometry::build(&b, &[1]).unwrap();
    // At the equator no degree is shrunk: 4 − 1 + 1.
    assert!(
        (g.shapes[0].area - 4.0).abs() < 1e-3,
        "{}",
        g.shapes[0].area
    );
    assert!((g.triangle_area(0) - 4.0).abs() < 1e-3);
    assert_eq!(
        g.shape_at([1.0, -1.0], |_| true),
        None,
        "the hole is not the shape"
    );
    assert_eq!(g.shape_at([0.25, -1.0], |_| true), Some(0));
    assert_eq!(g.shape_at([3.5, -0.5], |_| true), Some(0), "the island is");
}

/// A polygon's area in degrees², holes taken out.
fn polygon_area_lonlat(polygons: &[Vec<Vec<[f32; 2]>>]) -> f64 {
    polygons
        .iter()
        .flat_map(|p| {
            p.iter().enumerate().map(|(i, r)| {
                if i == 0 {
                    ring_area(r).abs()
                } else {
                    -ring_area(r).abs()
                }
            })
        })
        .sum()
}

#[test]
fn on_a_night_of_several_councils_the_map_shows_the_night_or_one_council() {
    let dir = tempdir();
    let csv = dir.path().join("night.csv");
    let mut text = String::from("council,division,division_id,seats,candidate,party,votes\n");
    for (council, division, code) in [
        ("Burnley", "Bank Hall", "W1"),
        ("Burnley", "Briercliffe", "W2"),
        ("Pendle", "Barrowford", "W3"),
        ("Pendle", "Boulsworth", "W4"),
    ] {
        for (c, p) in [("A", "Labour"), ("B", "Conservative")] {
            text.push_str(&format!(
                "{council},{division},{code},1,{c} {division},{p},\n"
            ));
        }
    }
    std::fs::write(&csv, text).unwrap();
    // One file of shapes for every council of the night, and one more.
    let square = |code: &str, x: f64| {
        format!(
            r#"{{"type":"Feature","properties":{{"code":"{code}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},53.8],[{x1},53.8],[{x1},53.81],[{x},53.81],[{x},53.8]]]}}}}"#,
            x1 = x + 0.01
        )
    };
    let features: Vec<String> = [
        ("W1", -2.30),
        ("W2", -2.28),
        ("W3", -2.20),
        ("W4", -2.18),
        ("W9", -2.0),
    ]
    .iter()
    .map(|&(c, x)| square(c, x))
    .collect();
    let geo = dir.path().join("wards.geojson");
    std::fs::write(
        &geo,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        ),
    )
    .unwrap();
    let file = dir.path().join("night.tally");
    let said = run_ok(&[
        "new",
        "--from",
        csv.to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
        "--boundaries",
        geo.to_str().unwrap(),
    ]);
    assert!(said.contains("4 of 4 divisions have a shape"), "{said}");
    assert!(
        said.contains("1 shapes are not tonight's divisions (W9)"),
        "{said}"
    );
    let mut w = crate::window::Window::start();
    w.open_typed(&file, "Ann");
    w.click("Dashboard");
    assert_eq!(w.harness.query_all_by_label_contains("Map: ").count(), 4);
    // Pendle alone: its two divisions, zoomed to fill the map.
    let pendle = w.store().election().council_ixs().nth(1).unwrap();
    assert_eq!(w.store().election().council_name(pendle), "Pendle");
    w.show_council(pendle);
    let labels: Vec<String> = w
        .harness
        .query_all_by_label_contains("Map: ")
        .map(|n| n.accesskit_node().label().unwrap_or_default())
        .collect();
    assert_eq!(labels.len(), 2, "{labels:?}");
    assert!(
        labels
            .iter()
            .all(|l| l.contains("Barrowford") || l.contains("Boulsworth"))
    );
}
