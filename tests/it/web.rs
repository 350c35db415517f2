//! The results site (`tallyroom publish`): the Lancashire night at 0, 1, half and all
//! declared, the 2024 night of many councils, corrections and withdrawals in the feed,
//! and `--watch` keeping the pages up to date, never half-written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tallyroom::report::{SummaryOptions, summarise};
use tallyroom::tally::Tally;
use tallyroom::web::{SiteFile, SiteOptions, build};

use crate::support::commands::{load, rehearsal, run, run_ok, tempdir};
use crate::support::elections::sample;

/// The site as a map from path to text.
fn site_of(tally: &Tally) -> HashMap<String, String> {
    let mut options = SiteOptions::new("lancashire-2025.csv");
    options.made_at = "2025-05-02T03:00:00Z".parse().unwrap();
    files(build(tally, None, None, &options))
}

fn files(files: Vec<SiteFile>) -> HashMap<String, String> {
    files
        .into_iter()
        .map(|f| (f.path, String::from_utf8(f.bytes).expect("UTF-8")))
        .collect()
}

/// The Lancashire 2025 night with its first `n` divisions declared.
fn lancashire(n: usize) -> Tally {
    first_declared(load(&sample("lancashire-2025.csv")), n)
}

/// The same with the 2021 results as its baseline.
fn lancashire_against_2021(n: usize) -> Tally {
    let complete = tallyroom::cli::load_tally(
        &sample("lancashire-2025.csv"),
        Some(&sample("lancashire-2021.csv")),
    )
    .expect("loads");
    first_declared(complete, n)
}

/// `complete` with only its first `n` divisions declared.
fn first_declared(complete: Tally, n: usize) -> Tally {
    let declared: Vec<_> = complete
        .election()
        .division_ixs()
        .take(n)
        .filter_map(|d| complete.declaration(d).cloned().map(|x| (d, x)))
        .collect();
    Tally::with_declarations(complete.election().clone(), declared).expect("applies")
}

/// A value as a reader of the JSON gets it: written out and read back, as the pages
/// are (a float read back may differ from the float written in its last digit).
fn as_read<T: serde::Serialize>(value: &T) -> Value {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

/// What every page must have to be read by everyone: the language, one h1 before
/// any h2, tables with a caption and header cells, the main landmark.
fn assert_accessible_shape(path: &str, html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "{path}");
    assert!(
        html.contains("<html lang=\"en-GB\">"),
        "{path}: no language"
    );
    assert!(
        html.contains("<main id=\"content\">"),
        "{path}: no main landmark"
    );
    assert_eq!(html.matches("<h1>").count(), 1, "{path}: one h1");
    let h1 = html.find("<h1>").unwrap();
    if let Some(h2) = html.find("<h2>") {
        assert!(h1 < h2, "{path}: an h2 before the h1");
    }
    assert_eq!(
        html.matches("<table>").count(),
        html.matches("<caption").count(),
        "{path}: a table without a caption"
    );
    assert!(
        !html.contains("<script"),
        "{path}: the page needs no script"
    );
    assert!(html.trim_end().ends_with("</html>"), "{path}: not whole");
}

#[test]
fn the_lancashire_site_at_none_one_half_and_all_declared() {
    for n in [0, 1, 41, 82] {
        let tally = lancashire(n);
        let site = site_of(&tally);
        let index = &site["index.html"];
        assert!(
            index.contains(&format!("Declared {n} of 82 divisions")),
            "{n}: {index}"
        );
        let pages = site.keys().filter(|p| p.starts_with("division/")).count();
        assert_eq!(pages, 2 * 82, "a page and its JSON per division");
        for (path, text) in &site {
            if path.ends_with(".html") {
                assert_accessible_shape(path, text);
            }
        }
        let feed = &site["feed.atom"];
        assert_eq!(
            feed.matches("<entry>").count(),
            n,
            "one entry per declaration"
        );
    }
    // All declared: control and the seats as the night ended.
    let site = site_of(&lancashire(82));
    let index = &site["index.html"];
    assert!(index.contains("Reform UK has control"), "{index}");
    assert!(index.contains("<th scope=\"row\"><span class=\"swatch\""));
}

#[test]
fn a_division_page_reads_as_its_declaration_and_an_undeclared_one_shows_no_figures() {
    let tally = lancashire(82);
    let election = tally.election();
    let ix = election
        .division_ixs()
        .find(|&d| election.division(d).name == "Burnley Central East")
        .expect("the division");
    let site = site_of(&tally);
    let page = &site["division/burnley-central-east.html"];
    // Every candidate in ballot order with the votes, the winner marked in words.
    let d = election.division(ix);
    let declaration = tally.declaration(ix).unwrap();
    let mut at = 0;
    for (c, votes) in d.candidate_ixs().zip(&declaration.votes) {
        let name = &election.candidate(c).name;
        let found = page[at..]
            .find(name.as_str())
            .unwrap_or_else(|| panic!("{name} missing or out of order"));
        at += found;
        let row_end = at + page[at..].find("</tr>").unwrap();
        let row = &page[at..row_end];
        assert!(
            row.contains(&tallyroom::numbers::count(*votes)),
            "{name}: {row}"
        );
    }
    assert!(page.contains(
        "<tr class=\"elected\"><th scope=\"row\">Maheen Kamran <span class=\"mark\">elected</span>"
    ));
    assert!(page.contains("Majority"));
    // Not yet declared: the candidates, no votes, and the status in words.
    let half = site_of(&lancashire(0));
    let page = &half["division/burnley-central-east.html"];
    assert!(page.contains("Awaiting declaration"));
    assert!(page.contains("Maheen Kamran"));
    assert!(
        !page.contains("1,357"),
        "figures shown before the declaration"
    );
    assert!(!page.contains("class=\"elected\""));
}

#[test]
fn each_page_s_json_is_the_summary_s_figures_for_it() {
    let tally = lancashire(41);
    let summary = as_read(&summarise(&tally, &SummaryOptions::default()));
    let site = site_of(&tally);
    let night: Value = serde_json::from_str(&site["index.json"]).unwrap();
    assert_eq!(night["parties"], summary["parties"]);
    assert_eq!(night["control"], summary["control"]);
    assert_eq!(night["divisions_declared"], 41);
    let rows = summary["divisions"].as_array().unwrap();
    let election = tally.election();
    for ix in election.division_ixs() {
        let row = &rows[ix.index()];
        let path = site
            .keys()
            .find(|p| {
                p.ends_with(".json")
                    && p.starts_with("division/")
                    && serde_json::from_str::<Value>(&site[*p]).unwrap()["division"]
                        == row["division"]
            })
            .expect("the division's JSON");
        let page: Value = serde_json::from_str(&site[path]).unwrap();
        for (key, value) in row.as_object().unwrap() {
            assert_eq!(&page[key], value, "{path}: {key}");
        }
        let candidates = page["candidates"].as_array().unwrap();
        assert_eq!(candidates.len(), election.division(ix).candidate_count());
    }
}

#[test]
fn the_2024_night_has_a_page_per_council_with_its_own_figures() {
    let text = std::fs::read_to_string(crate::councils::handbook()).unwrap();
    let tally = crate::councils::load(&text);
    let summary = as_read(&summarise(&tally, &SummaryOptions::default()));
    let site = site_of(&tally);
    let councils: Vec<&String> = site
        .keys()
        .filter(|p| p.starts_with("council/") && p.ends_with(".json"))
        .collect();
    assert_eq!(councils.len(), tally.election().councils.len());
    let reports = summary["councils"].as_array().unwrap();
    for path in councils {
        let page: Value = serde_json::from_str(&site[path]).unwrap();
        let report = reports
            .iter()
            .find(|r| r["council"] == page["council"])
            .expect("the council is on the summary");
        for (key, value) in report.as_object().unwrap() {
            assert_eq!(&page[key], value, "{path}: {key}");
        }
        let html = &site[&path.replace(".json", ".html")];
        assert_accessible_shape(path, html);
        assert!(html.contains(&format!(
            "Declared {} of {} divisions",
            report["divisions_declared"], report["divisions_total"]
        )));
        // The council after tonight: a council electing every seat is what it won; one
        // electing part, with nothing known of the seats not up, is not told.
        let whole = report["elects_part"] == false;
        let unknown = report["elects_part"] == true && report["seats_continuing"].is_null();
        for party in report["parties"].as_array().unwrap() {
            let after = &party["council_after"];
            if whole {
                let continuing = party["continuing"].as_u64().unwrap_or(0);
                assert_eq!(
                    after.as_u64(),
                    Some(party["seats"].as_u64().unwrap() + continuing),
                    "{path}: {party}"
                );
            } else if unknown {
                assert!(after.is_null(), "{path}: {party}");
            }
        }
    }
    // The night's page lists every council with its control.
    let index = &site["index.html"];
    assert!(
        index.contains("<a href=\"council/bristol-city-of.html\">Bristol, City of</a>"),
        "Bristol"
    );
    let json: Value = serde_json::from_str(&site["index.json"]).unwrap();
    assert_eq!(json["councils"], summary["councils"]);
    // Multi-member wards: every winner of a three-seat ward is marked elected.
    let election = tally.election();
    let three = election
        .division_ixs()
        .filter(|&d| election.division(d).seats == 3)
        .filter(|&d| tally.outcome(d).status == tallyroom::tally::outcome::Status::Declared)
        .take(20)
        .collect::<Vec<_>>();
    assert!(!three.is_empty());
    for d in three {
        let page = site
            .iter()
            .find(|(p, text)| {
                p.starts_with("division/")
                    && p.ends_with(".json")
                    && serde_json::from_str::<Value>(text).unwrap()["division"]
                        == summary["divisions"][d.index()]["division"]
                    && serde_json::from_str::<Value>(text).unwrap()["council"]
                        == summary["divisions"][d.index()]["council"]
            })
            .map(|(p, _)| p.replace(".json", ".html"))
            .expect("the ward's page");
        assert_eq!(
            site[&page].matches("<tr class=\"elected\">").count(),
            3,
            "{page}"
        );
    }
}

const BURNLEY: [&str; 7] = [
    "Maheen Kamran=1357",
    "Gavin Theaker=1089",
    "Hannah Till=485",
    "Alex Hall=292",
    "Simon John Bonney=255",
    "Javad Mokhammad=68",
    "Rayyan Fiass=39",
];

fn declare_burnley(night: &Path, command: &str, extra: &[&str]) {
    let mut args = vec![
        command,
        night.to_str().unwrap(),
        "--division",
        "Burnley Central East",
    ];
    args.extend_from_slice(extra);
    args.extend_from_slice(&BURNLEY);
    run_ok(&args);
}

fn publish(night: &Path, out: &Path) -> HashMap<String, String> {
    run_ok(&[
        "publish",
        night.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    read_site(out)
}

fn read_site(out: &Path) -> HashMap<String, String> {
    let mut site = HashMap::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(out)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                site.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    site
}

#[test]
fn a_correction_and_a_withdrawal_are_entries_of_their_own_in_the_feed() {
    let tmp = tempdir();
    let night = rehearsal(tmp.path());
    let out = tmp.path().join("site");
    declare_burnley(&night, "declare", &[]);
    let site = publish(&night, &out);
    assert!(site["division/burnley-central-east.html"].contains(">Declared<"));
    assert!(site["feed.atom"].contains("<title>Declared: Burnley Central East</title>"));
    // The fingerprint on the night's page; the division's page points to it, so that
    // a declaration elsewhere leaves it as it is.
    assert!(site["index.html"].contains("The night&#39;s fingerprint:"));
    assert!(
        site["division/burnley-central-east.html"].contains("fingerprint is on the results page")
    );

    // Published again with nothing new: nothing rewritten. One more declaration: its
    // page and JSON, the night's page and JSON and the feed, and nothing else.
    let said = |out: std::process::Output| String::from_utf8_lossy(&out.stderr).into_owned();
    let again = said(run(&[
        "publish",
        night.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]));
    assert!(again.contains(": 0 files written"), "{again}");
    run_ok(&[
        "declare",
        night.to_str().unwrap(),
        "--division",
        "Burnley Central West",
        "#1=900",
        "#2=800",
        "#3=700",
        "#4=300",
        "#5=200",
    ]);
    let one_more = said(run(&[
        "publish",
        night.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]));
    assert!(one_more.contains(": 5 files written"), "{one_more}");

    // A recount: one candidate's figure changes.
    let mut corrected = BURNLEY.to_vec();
    corrected[1] = "Gavin Theaker=1090";
    let mut args = vec![
        "correct",
        night.to_str().unwrap(),
        "--division",
        "Burnley Central East",
        "--reason",
        "recount",
    ];
    args.extend_from_slice(&corrected);
    run_ok(&args);
    let site = publish(&night, &out);
    let page = &site["division/burnley-central-east.html"];
    assert!(page.contains("Declared, corrected since"), "{page}");
    assert!(page.contains("1,090"));
    let feed = &site["feed.atom"];
    assert_eq!(feed.matches("<entry>").count(), 3, "{feed}");
    assert!(feed.contains("<title>Correction: Burnley Central East</title>"));
    assert!(feed.contains("<category term=\"corrected\"/>"));
    assert!(feed.contains("Reason given: recount."));

    // Taken back: a third entry, and the page no longer shows the figures.
    run_ok(&[
        "withdraw",
        night.to_str().unwrap(),
        "--division",
        "Burnley Central East",
        "--reason",
        "declared in error",
    ]);
    let site = publish(&night, &out);
    let page = &site["division/burnley-central-east.html"];
    assert!(page.contains("Declaration withdrawn"), "{page}");
    assert!(!page.contains("1,090"));
    let feed = &site["feed.atom"];
    assert_eq!(feed.matches("<entry>").count(), 4);
    assert!(feed.contains("<category term=\"withdrawn\"/>"));
    // Newest first: the withdrawal heads the feed.
    let first = feed.find("<entry>").unwrap();
    assert!(feed[first..].starts_with("<entry>\n<title>Withdrawn: Burnley Central East"));
}

struct Watcher(Child);

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn watch_updates_a_page_within_a_second_of_a_declaration_and_never_shows_half_a_file() {
    let tmp = tempdir();
    let night = rehearsal(tmp.path());
    let out = tmp.path().join("site");
    let _watcher = Watcher(
        crate::support::commands::tallyroom_command()
            .args([
                "publish",
                night.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--watch",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("publish --watch starts"),
    );
    let page = out.join("division/burnley-central-east.html");
    let index = out.join("index.html");
    let started = Instant::now();
    while !page.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no site written"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // A reader in a loop: every read is a whole page.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (page, index, stop) = (page.clone(), index.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut reads = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for path in [&page, &index] {
                    let text = std::fs::read_to_string(path).expect("the page is always there");
                    assert!(
                        text.starts_with("<!DOCTYPE html>") && text.trim_end().ends_with("</html>"),
                        "a partial page was read: {} bytes",
                        text.len()
                    );
                    reads += 1;
                }
            }
            reads
        })
    };
    declare_burnley(&night, "declare", &[]);
    let declared = Instant::now();
    let mut took = None;
    while declared.elapsed() < Duration::from_secs(20) {
        if std::fs::read_to_string(&page).unwrap().contains("1,357") {
            took = Some(declared.elapsed());
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let reads = reader.join().expect("every read was a whole page");
    let took = took.expect("the page was updated");
    assert!(
        took <= Duration::from_secs(1),
        "the page took {took:?} to show the declaration"
    );
    assert!(reads > 10, "the reader read {reads} times");
    assert!(
        std::fs::read_to_string(&index)
            .unwrap()
            .contains("Declared 1 of 82 divisions")
    );
}

/// `tallyroom serve FILE --port 0 --bind 127.0.0.1`, and the address it listens on.
fn served(file: &Path) -> (Watcher, String) {
    let mut child = crate::support::commands::tallyroom_command()
        .args([
            "serve",
            file.to_str().unwrap(),
            "--port",
            "0",
            "--bind",
            "127.0.0.1",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let stderr = child.stderr.take().unwrap();
    let watcher = Watcher(child);
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stderr), &mut line).unwrap();
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    (watcher, address)
}

/// Sends `request` as it is and reads the whole answer (empty if the server closed
/// the connection without one).
fn ask(address: &str, request: &[u8]) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

fn get(address: &str, path: &str) -> String {
    ask(
        address,
        format!("GET {path} HTTP/1.1\r\nHost: hall\r\n\r\n").as_bytes(),
    )
}

#[test]
fn serve_answers_only_get_and_head_for_pages_of_the_site() {
    let tmp = tempdir();
    let night = rehearsal(tmp.path());
    declare_burnley(&night, "declare", &[]);
    let (_server, address) = served(&night);
    let index = get(&address, "/");
    assert!(index.starts_with("HTTP/1.1 200 OK"), "{index}");
    assert!(index.contains("Declared 1 of 82 divisions"));
    assert!(index.contains("<script src=\"live.js\" defer></script>"));
    let page = get(&address, "/division/burnley-central-east.html");
    assert!(
        page.contains("1,357") && page.contains("../live.js"),
        "{page}"
    );
    let head = ask(
        &address,
        b"HEAD /division/burnley-central-east.html HTTP/1.1\r\n\r\n",
    );
    assert!(
        head.starts_with("HTTP/1.1 200 OK") && !head.contains("<html"),
        "{head}"
    );
    // Nothing can change the night.
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let answer = ask(
            &address,
            format!("{method} / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{{}}").as_bytes(),
        );
        assert!(answer.starts_with("HTTP/1.1 405"), "{method}: {answer}");
        assert!(answer.contains("Allow: GET, HEAD"));
    }
    // Nothing outside the site.
    for path in [
        "/../Cargo.toml",
        "/division/../../lancashire.tally",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/division%2F..%2F..%2Flancashire.tally",
        "/..%5c..%5clancashire.tally",
        "/lancashire.tally",
        "/etc/passwd",
    ] {
        let answer = get(&address, path);
        assert!(
            answer.starts_with("HTTP/1.1 400") || answer.starts_with("HTTP/1.1 404"),
            "{path}: {answer}"
        );
        assert!(!answer.contains("SQLite"), "{path} read a file");
    }
    // A 10 MB header is refused (or the connection cut), and the server goes on.
    let mut huge = b"GET / HTTP/1.1\r\nX-Filler: ".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 10 * 1024 * 1024));
    huge.extend_from_slice(b"\r\n\r\n");
    let answer = ask(&address, &huge);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "{}",
        &answer[..answer.len().min(200)]
    );
    assert!(get(&address, "/").starts_with("HTTP/1.1 200 OK"));
    // Connections that say nothing hold a thread each, up to a limit; past it a
    // connection is told to try again, and once they go the server answers again.
    let idle: Vec<std::net::TcpStream> = (0..tallyroom::web::serve::MOST_CONNECTIONS)
        .map(|_| std::net::TcpStream::connect(&address).unwrap())
        .collect();
    let busy = (0..50)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(20));
            get(&address, "/")
        })
        .find(|answer| answer.starts_with("HTTP/1.1 503"));
    assert!(busy.is_some(), "past the limit: told to try again");
    drop(idle);
    let again = (0..100)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(20));
            get(&address, "/")
        })
        .find(|answer| answer.starts_with("HTTP/1.1 200 OK"));
    assert!(again.is_some(), "answers again once they have gone");
}

#[test]
fn the_window_publishes_the_site_and_keeps_it_up_to_date() {
    let mut w = crate::window::Window::rehearsal("Ann");
    w.menu("Night", "Publish results to a folder…");
    w.click("Publish");
    let stem = w.store().path().with_extension("");
    let folder = PathBuf::from(format!("{}-site", stem.display()));
    let index = folder.join("index.html");
    let text = std::fs::read_to_string(&index).expect("the site was written");
    assert!(text.contains("Declared 0 of 82 divisions"), "{text}");
    assert!(w.has_text("Results published to "), "the window says where");
    // A declaration typed in the window reaches the site without asking again.
    w.click("Find division");
    w.find("Accrington South");
    w.type_counts(&["1297", "1000", "967", "292"]);
    w.ctrl_enter();
    let page = std::fs::read_to_string(folder.join("division/accrington-south.html")).unwrap();
    assert!(
        page.contains("1,297") && page.contains(">Declared<"),
        "{page}"
    );
    assert!(
        std::fs::read_to_string(&index)
            .unwrap()
            .contains("Declared 1 of 82 divisions")
    );
    w.menu("Night", "Stop publishing results");
    assert!(w.has_text("no longer kept up to date"));
}

/// The Lancashire site with its first `n` divisions declared and the ONS boundaries,
/// less the first `left_out` shapes.
fn lancashire_with_map(n: usize, left_out: usize) -> HashMap<String, String> {
    use tallyroom::formats::boundaries::{BoundaryOptions, read};
    let tally = lancashire_against_2021(n);
    let path = sample("lancashire-2025-divisions.geojson");
    let bytes = std::fs::read(&path).unwrap();
    let mut boundaries = read("divisions.geojson", &bytes, &BoundaryOptions::default()).unwrap();
    boundaries.shapes.drain(..left_out);
    let layer = tallyroom::map::MapLayer::new(tally.election(), boundaries);
    let mut options = SiteOptions::new("lancashire-2025.csv");
    options.made_at = "2025-05-02T03:00:00Z".parse().unwrap();
    files(build(&tally, None, Some(&layer), &options))
}

/// The night's page's map: its SVG, from the page.
fn svg_of(page: &str) -> &str {
    let start = page.find("<svg class=\"map\"").expect("a map");
    let end = page[start..].find("</svg>").expect("a whole map") + start;
    &page[start..end]
}

#[test]
fn the_map_draws_every_division_in_its_winners_colours_with_a_key_in_words() {
    for n in [0, 41, 82] {
        let site = lancashire_with_map(n, 0);
        let index = &site["index.html"];
        let svg = svg_of(index);
        assert!(svg.contains("aria-hidden=\"true\""), "text says it all");
        // A link and a shape per division (every Lancashire boundary is one polygon),
        // each link out of the keyboard's way and to the division's own page.
        assert_eq!(svg.matches("<a href=\"division/").count(), 82, "{n}");
        assert_eq!(svg.matches("tabindex=\"-1\"").count(), 82);
        assert!(svg.matches("<path d=\"M").count() >= 82);
        // Grey for every division still to declare.
        let grey = svg.matches("fill=\"#C8C8C8\"").count();
        assert_eq!(grey, 82 - n, "{n} declared");
        // The key says in words what each colour is, with the seats shown.
        if n == 0 {
            assert!(index.contains("Awaiting declaration</li>"));
            assert!(!index.contains("seats</li>"));
        }
        // The boundaries' credit is carried.
        assert!(index.contains("Office for National Statistics"), "{n}");
        // Declared divisions' hover text names the result.
        if n > 0 {
            assert!(svg.contains(": declared, "), "{n}");
        }
    }
    let site = lancashire_with_map(82, 0);
    let index = &site["index.html"];
    let svg = svg_of(index);
    assert!(!svg.contains("#C8C8C8"), "nothing awaiting");
    // The two two-seat divisions are cut into a band per seat.
    let tally = lancashire(82);
    let two_seat = tally
        .election()
        .division_ixs()
        .filter(|&d| tally.election().division(d).seats == 2)
        .count();
    assert_eq!(svg.matches("<linearGradient").count(), two_seat);
    // The key's seats are the summary's.
    let summary = summarise(&tally, &SummaryOptions::default());
    let reform = summary
        .parties
        .iter()
        .find(|p| p.party == "Reform UK")
        .unwrap();
    assert!(
        index.contains(&format!("Reform UK: {} seats</li>", reform.seats)),
        "{index}"
    );
    // Every division's name is in words on the page, beside the map.
    for d in tally.election().division_ixs() {
        let name = &tally.election().division(d).name;
        let escaped = name.replace('&', "&amp;").replace('\'', "&#39;");
        assert!(
            index.contains(&format!(">{escaped}</a></th>")),
            "{name} in the table"
        );
    }
    assert_accessible_shape("index.html", index);
    assert!(!index.contains("no shape"));
    // Each division in its winner's colour, as the key gives it; a dark edge where a
    // seat changed hands and none where it was held.
    let key_colour = |party: &str| {
        let at = index
            .find(&format!("</span>{party}: "))
            .unwrap_or_else(|| panic!("{party} in the key"));
        let swatch = &index[..at];
        let from = swatch.rfind("background:").unwrap() + "background:".len();
        swatch[from..from + 7].to_string()
    };
    let shape_of = |slug: &str| {
        let from = svg
            .find(&format!("<a href=\"division/{slug}.html\""))
            .unwrap_or_else(|| panic!("{slug} on the map"));
        let to = svg[from..].find("</a>").unwrap() + from;
        svg[from..to].to_string()
    };
    let accrington = shape_of("accrington-north");
    assert!(accrington.contains("gain from Labour"), "{accrington}");
    assert!(
        accrington.contains(&format!(
            "fill=\"{}\" class=\"gain\"",
            key_colour("Reform UK")
        )),
        "{accrington}"
    );
    let st_annes = shape_of("st-annes-south");
    assert!(st_annes.contains("Conservative hold"), "{st_annes}");
    assert!(
        st_annes.contains(&format!("fill=\"{}\"/>", key_colour("Conservative"))),
        "{st_annes}"
    );
    assert_ne!(key_colour("Reform UK"), key_colour("Conservative"));
    // A division without a shape is said to be missing, and the key's seats are
    // those on the map.
    let site = lancashire_with_map(82, 1);
    let index = &site["index.html"];
    assert_eq!(svg_of(index).matches("<a href=").count(), 81);
    assert!(
        index.contains("1 division has no shape in these boundaries and is not on the map."),
        "{index}"
    );
    assert!(index.contains("seats on this map</li>"));
}

#[test]
fn a_council_page_gives_seat_change_by_party_and_welsh_pages_say_the_tally_in_welsh() {
    // Two councils; last time the Liberal Democrats held North Ward, and tonight they
    // stood nowhere.
    let dir = tempdir();
    let now = dir.path().join("now.csv");
    std::fs::write(
        &now,
        "council,division,seats,candidate,party,votes\n\
         Northtown,North Ward,1,Ann Able,Labour,500\n\
         Northtown,North Ward,1,Bob Best,Conservative,400\n\
         Northtown,South Ward,1,Cat Cole,Labour,300\n\
         Northtown,South Ward,1,Dan Dee,Conservative,200\n\
         Southtown,Central,1,Eve Ede,Conservative,300\n\
         Southtown,Central,1,Fay Fox,Labour,200\n\
         Westtown,Harbour,1,Gus Gill,Green Party,300\n\
         Westtown,Harbour,1,Hal Hunt,Labour,200\n",
    )
    .unwrap();
    let before = dir.path().join("before.csv");
    std::fs::write(
        &before,
        "council,division,seats,candidate,party,votes\n\
         Northtown,North Ward,1,Gil Gray,Liberal Democrats,600\n\
         Northtown,North Ward,1,Ann Able,Labour,500\n\
         Northtown,South Ward,1,Cat Cole,Conservative,300\n\
         Northtown,South Ward,1,Dan Dee,Labour,200\n\
         Southtown,Central,1,Eve Ede,Conservative,300\n\
         Southtown,Central,1,Fay Fox,Labour,200\n",
    )
    .unwrap();
    let publish_to = |folder: &str, extra: &[&str]| {
        let out = dir.path().join(folder);
        let mut args = vec![
            "publish",
            now.to_str().unwrap(),
            "--baseline",
            before.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        run_ok(&args);
        read_site(&out)
    };
    let site = publish_to("site", &[]);
    let json: Value = serde_json::from_str(&site["council/northtown.json"]).unwrap();
    let change = |party: &str| {
        json["parties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["party"] == party)
            .unwrap_or_else(|| panic!("{party} listed: {json}"))["seats_change"]
            .clone()
    };
    assert_eq!(change("Labour"), 2);
    assert_eq!(change("Conservative"), -1);
    assert_eq!(
        change("Liberal Democrats"),
        -1,
        "lost a seat without standing"
    );
    let html = &site["council/northtown.html"];
    assert!(html.contains(">Change</th>"), "{html}");
    assert!(
        html.contains(
            "Liberal Democrats</th><td class=\"num\">0</td><td class=\"num\">\u{2212}1</td>"
        ),
        "{html}"
    );
    // A council the baseline does not cover has no change to give: "–", not 0.
    let westtown: Value = serde_json::from_str(&site["council/westtown.json"]).unwrap();
    assert!(
        westtown["parties"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p.get("seats_change").is_none()),
        "{westtown}"
    );
    assert!(
        site["council/westtown.html"]
            .contains("Green Party</th><td class=\"num\">1</td><td class=\"num\">–</td>"),
        "{}",
        site["council/westtown.html"]
    );
    // The same night in Welsh and English: the tally's sentences in both.
    let site = publish_to("cy", &["--welsh"]);
    let html = &site["council/northtown.html"];
    assert!(
        html.contains("<span lang=\"cy\">Mae gan Labour reolaeth</span> <span lang=\"en\">Labour has control</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span lang=\"cy\">Labour yn ennill oddi wrth Liberal Democrats</span> <span lang=\"en\">Labour gain from Liberal Democrats</span>"),
        "{html}"
    );
    assert!(html.contains("<span lang=\"cy\">Labour yn ennill oddi wrth Conservative</span>"));
    let index = &site["index.html"];
    assert!(
        index.contains("<span lang=\"cy\">3 o 3 cyngor yn gyflawn:"),
        "{index}"
    );
    let feed = &site["feed.atom"];
    assert!(
        feed.contains(
            "<title>Datganwyd: North Ward (Northtown) / Declared: North Ward (Northtown)</title>"
        ),
        "{feed}"
    );
}

#[test]
fn map_options_without_a_boundary_file_are_refused_rather_than_ignored() {
    let dir = tempdir();
    let results = sample("lancashire-2025.csv");
    let results = results.to_str().unwrap();
    let out = dir.path().join("site");
    let night = dir.path().join("night.tally");
    for args in [
        vec![
            "publish",
            results,
            "--out",
            out.to_str().unwrap(),
            "--attribution",
            "Ours",
        ],
        vec![
            "new",
            "--from",
            results,
            "--out",
            night.to_str().unwrap(),
            "--code-property",
            "CODE",
        ],
    ] {
        let done = run(&args);
        let said = String::from_utf8_lossy(&done.stderr);
        assert!(!done.status.success(), "{args:?}");
        assert!(
            said.contains("applies to a boundary file: give it with --boundaries FILE"),
            "{said}"
        );
    }
    // Nothing was written.
    assert!(!out.exists() && !night.exists());
    // With the boundaries, the credit given is the map's.
    let boundaries = sample("lancashire-2025-divisions.geojson");
    run_ok(&[
        "publish",
        results,
        "--out",
        out.to_str().unwrap(),
        "--boundaries",
        boundaries.to_str().unwrap(),
        "--attribution",
        "Boundaries: our own survey",
    ]);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains("Boundaries: our own survey"),
        "the credit given"
    );
}
