//! The count's paperwork: a division's declaration of result and provisional sheet, and
//! a council's notice of result, as PDF. The text is read back out of the PDF itself (as
//! a reader's copy-and-paste or a screen reader would get it), on the real Lancashire
//! night.

use std::path::{Path, PathBuf};

use tallyroom::model::Declaration;
use tallyroom::store::Store;
use tallyroom::store::events::Identity;

use tallyroom::tally::outcome::Status;

use crate::support::commands::{rehearsal, run, run_ok, tempdir};
use crate::support::elections::sample;
use crate::window::Window;

/// The text of a PDF, as a PDF reader extracts it.
fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("the PDF was written");
    assert!(
        bytes.starts_with(b"%PDF-"),
        "{} is not a PDF",
        path.display()
    );
    pdf_extract::extract_text_from_mem(&bytes).expect("the PDF's text reads")
}

/// Text with every run of spaces and line breaks as one space.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fingerprint `tallyroom verify` prints for a night.
fn fingerprint(night: &Path) -> String {
    let out = run_ok(&["verify", night.to_str().unwrap()]);
    out.lines()
        .find_map(|l| l.strip_prefix("record fingerprint "))
        .expect("verify prints the fingerprint")
        .trim()
        .to_string()
}

/// Burnley Central East's real result (1 May 2025), declared with the rejected papers
/// under each heading.
fn declare_burnley(night: &Path) {
    run_ok(&[
        "declare",
        night.to_str().unwrap(),
        "--division",
        "Burnley Central East",
        "--rejected-heading",
        "1",
        "--rejected-heading",
        "4",
        "--rejected-heading",
        "0",
        "--rejected-heading",
        "7",
        "--counted",
        "3597",
        "Maheen Kamran=1357",
        "Gavin Theaker=1089",
        "Hannah Till=485",
        "Alex Hall=292",
        "Simon John Bonney=255",
        "Javad Mokhammad=68",
        "Rayyan Fiass=39",
    ]);
}

const BURNLEY: [(&str, &str, &str); 7] = [
    ("Maheen Kamran", "Independent", "1,357"),
    ("Gavin Theaker", "Reform UK", "1,089"),
    ("Hannah Till", "Labour", "485"),
    ("Alex Hall", "Green Party", "292"),
    ("Simon John Bonney", "Conservative", "255"),
    ("Javad Mokhammad", "Independent", "68"),
    ("Rayyan Fiass", "Workers Party", "39"),
];

/// Burnley Central East declared on a fresh night and its declaration printed with
/// `options`: the night and the PDF's text.
fn burnley_declaration(options: &[&str]) -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempdir();
    let night = rehearsal(tmp.path());
    declare_burnley(&night);
    let out = tmp.path().join("burnley.pdf");
    let mut args = vec![
        "declaration",
        night.to_str().unwrap(),
        "--division",
        "burnley central east",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(options);
    run_ok(&args);
    let text = pdf_text(&out);
    (tmp, night, text)
}

#[test]
fn a_declaration_reads_every_candidate_count_heading_and_the_fingerprint() {
    let (_tmp, night, text) = burnley_declaration(&["--returning-officer", "A. N. Officer"]);
    let flat = words(&text);
    assert!(flat.contains("DECLARATION OF RESULT OF POLL"), "{flat}");
    assert!(flat.contains("Lancashire County Council"));
    assert!(flat.contains("Burnley Central East"));
    for (name, description, votes) in BURNLEY {
        assert!(flat.contains(name), "{name} missing: {flat}");
        assert!(flat.contains(description), "{description} missing");
        assert!(flat.contains(votes), "{votes} missing");
    }
    // The headings of a local election, each with its count, and their total.
    for heading in [
        "(a) Want of an official mark 1",
        "(b) Voting for more candidates than the voter was entitled to 4",
        "(c) Writing or mark by which the voter could be identified 0",
        "(d) Being unmarked or wholly void for uncertainty 7",
        "Total 12",
    ] {
        assert!(flat.contains(heading), "{heading:?} missing: {flat}");
    }
    assert!(flat.contains("Ballot papers counted 3,597"));
    assert!(flat.contains("Maheen Kamran (Independent) is duly elected"));
    assert!(flat.contains("A. N. Officer, Returning Officer"));
    assert!(
        flat.contains(&fingerprint(&night)),
        "no fingerprint: {flat}"
    );
    assert!(!flat.contains("PROVISIONAL"));
}

#[test]
fn the_notice_of_result_names_every_division_candidate_and_count_of_the_council() {
    let tmp = tempdir();
    let night = tmp.path().join("night.tally");
    run_ok(&[
        "new",
        "--from",
        sample("lancashire-2025.csv").to_str().unwrap(),
        "--out",
        night.to_str().unwrap(),
        "--name",
        "Lancashire County Council",
    ]);
    let out = tmp.path().join("notice.pdf");
    run_ok(&[
        "notice",
        night.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let flat = words(&pdf_text(&out));
    assert!(flat.contains("NOTICE OF RESULT"));
    assert!(flat.contains("All 82 divisions declared."));
    assert!(!flat.contains("INCOMPLETE"));
    // Every candidate with their votes, in the order of the results file.
    let csv = std::fs::read_to_string(sample("lancashire-2025.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let mut at = 0;
    let mut candidates = 0;
    for row in rows.records() {
        let row = row.unwrap();
        let (name, votes) = (&row[5], row[7].parse::<u64>().unwrap());
        // The name, then the party, then the votes (a long party name may wrap).
        for part in [name, &row[6], &tallyroom::numbers::count(votes)] {
            let word = part.split(' ').next().unwrap();
            at += flat[at..]
                .find(word)
                .unwrap_or_else(|| panic!("{part:?} of {name} missing after byte {at}"));
        }
        candidates += 1;
    }
    assert_eq!(candidates, 437);
    // The councillors elected, all 84 of them, under their heading at the end.
    let elected = &flat[flat.rfind("Councillors elected").unwrap()..];
    assert!(elected.contains("Burnley Central East Maheen Kamran Independent"));
    assert!(flat.contains(&fingerprint(&night)));
}

#[test]
fn a_notice_before_the_last_declaration_says_it_is_incomplete() {
    let tmp = tempdir();
    let night = rehearsal(tmp.path());
    declare_burnley(&night);
    let out = tmp.path().join("notice.pdf");
    let said = run(&[
        "notice",
        night.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(said.status.success());
    assert!(String::from_utf8_lossy(&said.stderr).contains("1 of 82 divisions declared"));
    let flat = words(&pdf_text(&out));
    assert!(
        flat.contains("Incomplete: 1 of 82 divisions declared."),
        "{flat}"
    );
    assert!(flat.contains("INCOMPLETE"));
    assert!(
        flat.contains("Accrington North (") || flat.contains("Accrington North Not declared yet.")
    );
    assert!(flat.contains("Maheen Kamran Independent 1,357 Elected"));
}

#[test]
fn a_first_entry_prints_only_as_a_provisional_sheet_that_elects_nobody() {
    let tmp = tempdir();
    let night = rehearsal(tmp.path());
    {
        // Double entry on, and Burnley Central East entered once.
        let mut store = Store::open(&night, Identity::new(Some("first volunteer"))).unwrap();
        store.set_double_entry(true).unwrap();
        let ix = store
            .election()
            .find_division("Burnley Central East")
            .unwrap();
        let declaration = Declaration {
            votes: vec![1357, 1089, 485, 292, 255, 68, 39],
            rejected: Some(12),
            ..Declaration::default()
        };
        store.first_entry(ix, &declaration).unwrap();
        store.close().unwrap();
    }
    let out = tmp.path().join("burnley.pdf");
    // Entered once of twice: no declaration yet, said in words.
    let refused = run(&[
        "declaration",
        night.to_str().unwrap(),
        "--division",
        "Burnley Central East",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("wait for their second entry"), "{said}");
    assert!(!out.exists());
    // The provisional sheet from the first entry's figures.
    run_ok(&[
        "declaration",
        night.to_str().unwrap(),
        "--division",
        "Burnley Central East",
        "--provisional",
        "--out",
        out.to_str().unwrap(),
    ]);
    let flat = words(&pdf_text(&out));
    assert!(flat.contains("PROVISIONAL RESULT"), "{flat}");
    assert!(flat.contains("PROVISIONAL"));
    assert!(flat.contains("Maheen Kamran Independent 1,357"));
    assert!(
        !flat.contains("Elected"),
        "a provisional sheet elects nobody: {flat}"
    );
    assert!(!flat.contains("duly elected"));
}

#[test]
fn a_division_not_declared_is_refused_in_words_and_nothing_is_written() {
    let tmp = tempdir();
    let night = rehearsal(tmp.path());
    let out = tmp.path().join("x.pdf");
    for division in ["Burnley Central East", "Nowhere At All"] {
        let refused = run(&[
            "declaration",
            night.to_str().unwrap(),
            "--division",
            division,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(!refused.status.success());
        let said = String::from_utf8_lossy(&refused.stderr);
        assert!(said.contains(division), "{said}");
        assert!(!out.exists());
    }
}

/// The file the window offers for a paper: beside the election file.
fn offered(w: &Window, slug: &str) -> PathBuf {
    let stem = w.store().path().with_extension("");
    PathBuf::from(format!("{}-{slug}.pdf", stem.display()))
}

#[test]
fn the_window_prints_the_provisional_sheet_the_declaration_and_the_notice() {
    let mut w = Window::rehearsal("Ann");
    w.find("Accrington South");
    w.type_counts(&["1297", "1000", "967", "292"]);
    // Before declaring: the sheet for candidates and agents, of the figures typed.
    w.click("Print provisional sheet…");
    w.click("Save PDF");
    let provisional = offered(&w, "accrington-south-provisional");
    let flat = words(&pdf_text(&provisional));
    assert!(flat.contains("PROVISIONAL RESULT"), "{flat}");
    assert!(flat.contains("Ashley Joynes Reform UK 1,297"));
    assert!(!flat.contains("Elected"));
    assert!(w.has_text("Saved "), "the window says where the paper went");
    assert_eq!(w.status("Accrington South"), Status::Awaiting);

    w.ctrl_enter();
    assert_eq!(w.status("Accrington South"), Status::Declared);
    w.find("Accrington South");
    w.click("Print declaration…");
    w.click("Save PDF");
    let flat = words(&pdf_text(&offered(&w, "accrington-south-declaration")));
    assert!(flat.contains("DECLARATION OF RESULT OF POLL"));
    assert!(
        flat.contains("Ashley Joynes (Reform UK) is duly elected"),
        "{flat}"
    );
    let fingerprint = w.store().fingerprint().expect("the record holds");
    assert!(flat.contains(&fingerprint), "{fingerprint} not in {flat}");

    w.menu("File", "Print notice of result…");
    assert!(w.has_text("1 of 82 divisions declared: the notice will say INCOMPLETE"));
    w.click("Save PDF");
    let flat = words(&pdf_text(&offered(
        &w,
        "lancashire-county-council-2025-rehearsal-notice-of-result",
    )));
    assert!(
        flat.contains("Incomplete: 1 of 82 divisions declared."),
        "{flat}"
    );
    assert!(flat.contains("Accrington South Ashley Joynes Reform UK"));
}

#[test]
fn a_welsh_and_english_declaration_says_each_heading_in_both_languages() {
    let (_tmp, _night, text) = burnley_declaration(&["--welsh"]);
    // Compared without spaces: a PDF reader joins wrapped lines as it likes.
    let flat: String = text.split_whitespace().collect();
    let has = |text: &str| flat.contains(&text.split_whitespace().collect::<String>());
    // Welsh first, then English.
    let welsh = flat
        .find("DATGANIADOGANLYNIADYBLEIDLAIS")
        .expect("the Welsh title");
    let english = flat
        .find("DECLARATIONOFRESULTOFPOLL")
        .expect("the English title");
    assert!(welsh < english);
    // Rule 60(1) of the Welsh local election rules, then the English heading.
    assert!(
        has("(a) Papur pleidleisio nad oes arno farc swyddogol (a) Want of an official mark 1"),
        "{flat}"
    );
    assert!(has(
        "(d) Papur pleidleisio sydd heb ei farcio neu'n ddi-rym oherwydd ansicrwydd \
         (d) Being unmarked or wholly void for uncertainty 7"
    ));
    assert!(has("Cyfanswm / Total 12"));
    assert!(has(
        "Rwyf yn datgan bod Maheen Kamran (Independent) wedi ei ethol yn briodol."
    ));
    assert!(has(
        "And I declare that Maheen Kamran (Independent) is duly elected."
    ));
}

#[test]
fn a_tie_prints_only_provisionally_and_a_letter_the_font_lacks_is_named() {
    use tallyroom::paper::{self, Stage, Unprintable};
    let t = crate::support::elections::tally(&[(
        "Mill Ward",
        1,
        &[
            ("Ann Lee", "Lab"),
            ("Zhang Wei 张伟", "Con"),
            ("Cat Roe", "Grn"),
        ],
    )]);
    let ix = crate::support::elections::div(&t, "Mill Ward");
    let tied = crate::support::elections::votes(&[500, 500, 20]);
    // No declaration while the seat waits for the drawing of lots.
    match paper::division_sheet(&t, ix, &tied, Stage::Declaration) {
        Err(Unprintable::Tied { candidates, .. }) => {
            assert_eq!(candidates, ["Ann Lee", "Zhang Wei 张伟"])
        }
        other => panic!("a tie printed as declared: {other:?}"),
    }
    // The provisional sheet says who is level.
    let sheet = paper::division_sheet(&t, ix, &tied, Stage::Provisional).unwrap();
    let imprint = paper::Imprint {
        source: "test".into(),
        fingerprint: None,
        printed_at: jiff::Timestamp::UNIX_EPOCH,
        returning_officer: None,
        languages: Default::default(),
    };
    let printed = paper::division_paper(&sheet, &imprint).unwrap();
    let text = words(&printed.text());
    assert!(
        text.contains("Equal votes for the last seat: Ann Lee, Zhang Wei 张伟."),
        "{text}"
    );
    // The letters the font has not: named, so that the names are checked on paper.
    assert_eq!(printed.unprintable, ['伟', '张']);
}

#[test]
fn a_declaration_too_long_for_a_page_keeps_its_figures_sentence_and_signature_together() {
    use tallyroom::paper::{self, Stage};
    let names: Vec<(String, String)> = (1..=15)
        .map(|i| {
            (
                format!("Candidate Number{i} Surname"),
                format!("Party {i} With A Long Registered Description"),
            )
        })
        .collect();
    let candidates: Vec<(&str, &str)> = names
        .iter()
        .map(|(n, p)| (n.as_str(), p.as_str()))
        .collect();
    let t = crate::support::elections::tally(&[("Fifteen Town", 1, &candidates)]);
    let ix = crate::support::elections::div(&t, "Fifteen Town");
    let votes: Vec<u64> = (0..15).map(|i| 990 - 10 * i).collect();
    let mut figures = crate::support::elections::votes(&votes);
    figures.rejected = Some(12);
    figures.account.rejected_by_heading = Some(vec![3, 3, 3, 3]);
    let sheet = paper::division_sheet(&t, ix, &figures, Stage::Declaration).unwrap();
    let imprint = paper::Imprint {
        source: "fifteen.tally".into(),
        fingerprint: Some("abcd-ef01-2345-6789".into()),
        printed_at: jiff::Timestamp::UNIX_EPOCH,
        returning_officer: None,
        languages: paper::wording::Languages { welsh: true },
    };
    let printed = paper::division_paper(&sheet, &imprint).unwrap();
    assert_eq!(printed.pages.len(), 2);
    let last = words(&printed.pages[1].text());
    // The second page says what it continues, and holds the figures with the sentence
    // that declares and the line to sign: never a signature on a page of its own.
    assert!(
        last.starts_with("Fifteen Town: declaration of result of poll, continued"),
        "{last}"
    );
    for part in ["Total valid votes", "is duly elected", "Returning Officer"] {
        assert!(last.contains(part), "{part} not on the last page: {last}");
    }
}
