//! The reader rules of `docs/formats.md` on the app's own CSV: what it accepts, and one
//! located error for each way a file can be wrong.

use tallyroom::formats::native;

fn read(text: &str) -> Result<native::LoadedResults, String> {
    native::read("f.csv", "f", text.as_bytes()).map_err(|e| e.to_string())
}

fn error(text: &str) -> String {
    match read(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

const GOOD: &str = "division,seats,candidate,party,votes\nNorth,1,Ann,Lab,10\nNorth,1,Bob,Con,5\n";

#[test]
fn accepts_bom_crlf_quotes_header_case_aliases_and_unknown_columns() {
    let text = "\u{feff} Ward ,SEATS,Candidate Name,party,votes_cast,GSS_Code,notes\r\n\
                \"Euxton, Buckshaw & Astley\",1,\"Smith, \"\"Jo\"\"\",Lab,10,E1,x\r\n\
                \"Euxton, Buckshaw & Astley\",1,Ann,Con,5,E1,y\r\n\r\n";
    let loaded = read(text).unwrap();
    let d = &loaded.election.divisions[0];
    assert_eq!(d.name, "Euxton, Buckshaw & Astley");
    assert_eq!(d.code.as_deref(), Some("E1"));
    assert_eq!(loaded.election.candidates[0].name, "Smith, \"Jo\"");
    assert_eq!(loaded.declarations[0].as_ref().unwrap().votes, [10, 5]);
}

#[test]
fn blank_votes_mean_not_declared() {
    let loaded =
        read("division,seats,candidate,party,votes\nNorth,1,Ann,Lab,\nNorth,1,Bob,Con,\n").unwrap();
    assert_eq!(loaded.declarations, [None]);
}

#[test]
fn division_fields_may_be_blank_on_later_rows_but_must_agree() {
    let ok =
        read("division,seats,electorate,candidate,party,votes\nN,1,100,A,Lab,10\nN,1,,B,Con,5\n")
            .unwrap();
    assert_eq!(ok.election.divisions[0].electorate, Some(100));
    let e = error(
        "division,seats,electorate,candidate,party,votes\nN,1,100,A,Lab,10\nN,1,120,B,Con,5\n",
    );
    assert_eq!(
        e,
        "f.csv, line 3, column 3 (electorate): \"N\" has electorate \"120\" here but \"100\" on line 2. Division-level columns must be the same on every row of a division"
    );
    let e = error(
        "division,seats,candidate,party,votes,declared_at\nN,1,A,Lab,10,2025-05-02T01:00:00Z\nN,1,B,Con,5,2025-05-02T02:00:00Z\n",
    );
    assert!(
        e.starts_with("f.csv, line 3, column 6 (declared_at): \"N\" has declared_at \"2025-05-02T02:00:00Z\" here but \"2025-05-02T01:00:00Z\" on line 2"),
        "{e}"
    );
    let e = error("division,seats,candidate,party,votes\nN,1,A,Lab,10\nN,2,B,Con,5\n");
    assert!(
        e.starts_with(
            "f.csv, line 3, column 2 (seats): \"N\" has seats \"2\" here but \"1\" on line 2"
        ),
        "{e}"
    );
    // Ballot papers and rejected as figures and as text, the same on two rows and not
    // on the third: the third is named, with the row that first gave them.
    let e = error(
        "division,seats,candidate,party,votes,ballots_issued,rejected\nN,1,A,Lab,10,100,2\nN,1,B,Con,5,100,2\nN,1,C,LD,3,101,2\n",
    );
    assert!(
        e.starts_with("f.csv, line 4, column 6 (ballots_issued): \"N\" has ballots_issued \"101\" here but \"100\" on line 2"),
        "{e}"
    );
    let e = error(
        "division,seats,candidate,party,votes,ballots_issued,rejected\nN,1,A,Lab,10,100,n/a\nN,1,B,Con,5,100,n/a\nN,1,C,LD,3,100,N/A\n",
    );
    assert!(
        e.starts_with("f.csv, line 4, column 7 (rejected): \"N\" has rejected \"N/A\" here but \"n/a\" on line 2"),
        "{e}"
    );
}

#[test]
fn each_bad_file_gives_one_located_error() {
    let cases: &[(&[u8], &str)] = &[
        (b"", "f.csv: the file is empty"),
        (b"\xEF\xBB\xBF\r\n", "f.csv: the file is empty"),
        (
            b"division,seats,candidate,party,votes\n",
            "f.csv: the file has a header but no candidates",
        ),
        (
            b"division,seats,candidate,party\nN,1,A,Lab\n",
            "f.csv, line 1: the required column \"votes\" is missing",
        ),
        (
            b"division,seats,candidate,party,votes,votes\n",
            "f.csv, line 1, column 6 (votes): the column \"votes\" appears twice",
        ),
        (
            b"division,seats,candidate,party,votes\nN,1,A,Lab,1\0\n",
            "f.csv: this is not a text CSV file",
        ),
        (
            b"division,seats,candidate,party,votes\nN,1,A,Lab,10\nN,1,B\xff,Con,5\n",
            "f.csv, line 3: the text is not valid UTF-8",
        ),
        (
            b"division,seats,candidate,party,votes\n,1,A,Lab,10\n",
            "f.csv, line 2, column 1 (division): the division name is blank",
        ),
        (
            b"division,seats,candidate,party,votes\nN,1,,Lab,10\n",
            "f.csv, line 2, column 3 (candidate): the candidate name is blank",
        ),
        (
            b"division,seats,candidate,party,votes\nN,0,A,Lab,10\n",
            "f.csv, line 2, column 2 (seats): seats must be a whole number of 1 or more, not \"0\"",
        ),
        (
            b"division,seats,candidate,party,votes\nN,two,A,Lab,10\n",
            "f.csv, line 2, column 2 (seats)",
        ),
        (
            b"division,seats,electorate,candidate,party,votes\nN,1,many,A,Lab,10\n",
            "f.csv, line 2, column 3 (electorate): the electorate \"many\" is not a whole number",
        ),
        (
            b"division,seats,electorate,candidate,party,votes\nN,1,2147483647,A,Lab,10\n",
            "f.csv, line 2, column 3 (electorate): the electorate \"2147483647\" is too large to be a real count (above 1,000,000,000)",
        ),
        (
            b"division,seats,electorate,candidate,party,votes\nN,1,-40,A,Lab,10\n",
            "f.csv, line 2, column 3 (electorate): the electorate \"-40\" is negative",
        ),
        (
            b"division,seats,candidate,party,votes\nN,1,A,Lab,10,extra\n",
            "f.csv, line 2, column 6 ((none)): this row has 6 fields but the header has 5",
        ),
        (
            b"division,seats,candidate,party,votes\nN,1,A,Lab,12a\nN,1,B,Con,5\n",
            "f.csv, line 2, column 5 (votes): \"N\": Votes for A: \"12a\" is not a whole number",
        ),
        (
            b"division,seats,candidate,party,votes\nN,1,A,Lab,10\nN,1,B,Con,-5\n",
            "f.csv, line 3, column 5 (votes): \"N\": Votes for B: \"-5\" is negative",
        ),
        (
            b"division,seats,candidate,party,votes\nN,1,A,Lab,10\nN,1,B,Con,\n",
            "f.csv, line 3, column 5 (votes): \"N\": Votes for B: no count entered",
        ),
        (
            b"division,division_id,seats,candidate,party,votes\nN,E1,1,A,Lab,10\nM,E1,1,B,Con,5\n",
            "f.csv, line 3, column 2 (division_id): division_id \"E1\" is \"N\" on line 2 but \"M\" here",
        ),
        (
            b"division,seats,candidate,party,votes,declared_at\nN,1,A,Lab,10,yesterday\n",
            "f.csv, line 2, column 6 (declared_at): \"yesterday\" is not a date and time",
        ),
        (
            b"division,seats,candidate,party,votes,elected\nN,1,A,Lab,10,maybe\n",
            "f.csv, line 2, column 6 (elected): \"maybe\" is not Y or N",
        ),
        (
            b"division,seats,candidate,party,votes\nN,1,\"A,Lab,10\nN,1,B,Con,5\n",
            "f.csv, line 2: this row has 3 fields but the header has 5",
        ),
        (
            b"division,seats,candidate,party,votes\nN,1,A,Lab,10\nN,1,B,Con\n",
            "f.csv, line 3: this row has 4 fields but the header has 5",
        ),
        (
            b"division,seats,candidate,party,votes\nN,1,\"A\nB\",Lab,10\n",
            "f.csv, line 2, column 3 (candidate): this field runs over several lines",
        ),
    ];
    for (bytes, expected) in cases {
        let text = String::from_utf8_lossy(bytes);
        let e = match native::read("f.csv", "f", bytes) {
            Ok(_) => panic!("expected an error for {text:?}"),
            Err(e) => e.to_string(),
        };
        assert!(
            e.starts_with(expected),
            "for {text:?}\n got: {e}\nwant: {expected}"
        );
        assert_eq!(e.lines().count(), 1);
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for size in [1usize, 10, 100, 10_000, 1_000_000] {
        let bytes: Vec<u8> = (0..size)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        assert!(native::read("r.csv", "r", &bytes).is_err());
    }
}

#[test]
fn lots_are_read_from_won_by_lot_or_elected_among_the_tied() {
    let text = "division,seats,candidate,party,votes,elected\nN,1,A,Lab,10,N\nN,1,B,Con,10,Y\nN,1,C,Grn,3,N\n";
    let loaded = read(text).unwrap();
    assert_eq!(loaded.declarations[0].as_ref().unwrap().won_by_lot, [1]);
    let text = "division,seats,candidate,party,votes\nN,1,A,Lab,10\nN,1,B,Con,10\n";
    assert_eq!(
        read(text).unwrap().declarations[0]
            .as_ref()
            .unwrap()
            .won_by_lot,
        Vec::<u32>::new()
    );
}

#[test]
fn the_good_file_reads() {
    assert!(read(GOOD).is_ok());
}

/// A results file big enough to be read in two halves at once (over 8 MB).
fn big_file() -> String {
    let mut text = String::from("division,division_id,seats,candidate,party,votes\n");
    for d in 0..30_000 {
        for (c, party) in ["Lab", "Con", "Grn", "LD"].iter().enumerate() {
            text.push_str(&format!(
                "Division number {d},E{d:08},1,Candidate {c} of division {d},{party},{}\n",
                100 + (d * 7 + c * 13) % 500
            ));
        }
    }
    assert!(text.len() > 8 << 20);
    text
}

#[test]
fn a_big_file_read_in_halves_reads_as_in_one_pass() {
    let text = big_file();
    let raw = native::read_raw("big.csv", text.as_bytes()).unwrap();
    assert_eq!(raw.divisions.len(), 30_000);
    // Each division and candidate where the file has it, in both halves.
    for (d, division) in raw.divisions.iter().enumerate() {
        assert_eq!(division.setup.name, format!("Division number {d}"));
        assert_eq!(division.line, 2 + 4 * d as u64);
        let lines: Vec<u64> = division.candidates.iter().map(|c| c.line).collect();
        assert_eq!(lines, (0..4).map(|c| division.line + c).collect::<Vec<_>>());
    }
    let loaded = raw.into_results("big").unwrap();
    assert_eq!(loaded.election.candidates.len(), 120_000);
    assert_eq!(
        loaded.declarations[29_999].as_ref().unwrap().votes,
        [
            100 + (29_999 * 7) % 500,
            100 + (29_999 * 7 + 13) % 500,
            100 + (29_999 * 7 + 26) % 500,
            100 + (29_999 * 7 + 39) % 500
        ]
        .map(|v| v as u64)
    );

    // A candidate of the first division on the file's last row (its rows apart, told
    // by its code) joins it, as a one-pass reading has it.
    let apart = format!("{text}Division number 0,E00000000,1,Late Candidate,Ind,50\n");
    let loaded = native::read("big.csv", "big", apart.as_bytes()).unwrap();
    assert_eq!(loaded.election.divisions.len(), 30_000);
    assert_eq!(loaded.election.divisions[0].candidate_count(), 5);

    // A problem in the second half is reported at its own line.
    let at = text.len() - 100;
    let line_start = text[..at].rfind('\n').unwrap() + 1;
    let line = text[..line_start].matches('\n').count() + 1;
    let row_end = line_start + text[line_start..].find('\n').unwrap();
    let broken = format!("{}{}", &text[..row_end], "x\n") + &text[row_end + 1..];
    let message = error(&broken);
    assert!(message.contains(&format!("line {line}")), "{message}");
}

/// A big file's declarations are checked in two halves at once: of two figures that
/// are not counts, one in each half, the first in the file is the one said, at its
/// line; with only the later one, that one.
#[test]
fn a_big_files_first_bad_figure_is_said_whichever_half_it_is_in() {
    let text = big_file();
    let spoil = |text: &str, division: usize| {
        let row = format!(
            "Division number {division},E{division:08},1,Candidate 2 of division {division},Grn,"
        );
        let at = text.find(&row).unwrap() + row.len();
        let end = at + text[at..].find('\n').unwrap();
        format!("{}12.5{}", &text[..at], &text[end..])
    };
    let both = spoil(&spoil(&text, 25_000), 5_000);
    let said = error(&both);
    assert!(said.contains("\"Division number 5000\""), "{said}");
    assert!(
        said.contains(&format!("line {}", 2 + 4 * 5_000 + 2)),
        "{said}"
    );
    let later = spoil(&text, 25_000);
    let said = error(&later);
    assert!(said.contains("\"Division number 25000\""), "{said}");
    assert!(
        said.contains(&format!("line {}", 2 + 4 * 25_000 + 2)),
        "{said}"
    );
}

/// A row after blank lines is said at its own line, not at the first blank one (the
/// CSV reader places a row where it began looking for it), in a small file and in
/// either half of a big one, with Unix, Windows and old Mac line ends.
#[test]
fn a_row_after_blank_lines_is_said_at_its_own_line() {
    for end in ["\n", "\r\n", "\r"] {
        let text = format!(
            "division,seats,candidate,party,votes{end}North,1,Ann,Lab,10{end}{end}{end}North,1,Bob,Con,x{end}"
        );
        let said = error(&text);
        assert!(said.contains("line 5,"), "{end:?}: {said}");
        // The same with the bad row quoted (read by the CSV reader, not split at commas).
        let quoted = text.replace("Bob,Con,x", "\"Bob\",Con,x");
        let said = error(&quoted);
        assert!(said.contains("line 5,"), "{end:?}: {said}");
    }
    let text = big_file();
    let row = "Division number 25000,E00025000,1,Candidate 2 of division 25000,Grn,";
    let at = text.find(row).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let end = at + row.len() + text[at + row.len()..].find('\n').unwrap();
    let spoilt = format!("{}\n\n{}x{}", &text[..at], row, &text[end..]);
    let said = error(&spoilt);
    assert!(said.contains(&format!("line {},", line + 2)), "{said}");
}

/// A results file of 8 MB or more is read into memory of its own: the same bytes as
/// a small one read the usual way, and a missing file the same message.
#[test]
fn a_big_results_file_is_read_whole_into_memory_of_its_own() {
    use tallyroom::formats::{FileBytes, read_file, read_results_file};
    let dir = crate::support::commands::tempdir();
    let row = "Ynys Môn,1,Ann,Plaid Cymru,100\n";
    let big: String = format!(
        "division,seats,candidate,party,votes\n{}",
        row.repeat(300_000)
    );
    assert!(big.len() >= 8 << 20);
    for (name, text) in [("big.csv", big.as_str()), ("small.csv", GOOD)] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let read = read_results_file(&path).unwrap();
        assert_eq!(&*read, text.as_bytes(), "{name}");
        assert_eq!(matches!(read, FileBytes::Big(_)), name == "big.csv");
    }
    let missing = dir.path().join("missing.csv");
    assert_eq!(
        read_results_file(&missing).err().map(|e| e.to_string()),
        read_file(&missing).err().map(|e| e.to_string())
    );
}

/// The checks of each division's own rows run on a big file's two halves at once, to
/// the one pass's result: of two rows given twice, one in each half, the first in the
/// file is refused; marked winners the votes do not elect are named in the file's
/// order across the halves, ten of them, and the rest counted.
#[test]
fn a_big_files_own_checks_say_what_one_pass_says() {
    use tallyroom::formats::{ReadOptions, read_raw_any};
    let text = big_file();
    let row = |d: usize| {
        format!(
            "Division number {d},E{d:08},1,Candidate 0 of division {d},Lab,{}\n",
            100 + (d * 7) % 500
        )
    };
    let twice = |text: &str, d: usize| text.replacen(&row(d), &row(d).repeat(2), 1);
    let refused = |text: &str| {
        read_raw_any("big.csv", text.as_bytes(), &ReadOptions::default())
            .map(|_| ())
            .expect_err("refused")
            .to_string()
    };
    let both = twice(&twice(&text, 26_000), 4_000);
    let said = refused(&both);
    assert!(
        said.contains("\"Division number 4000\" is given twice"),
        "{said}"
    );
    let later = refused(&twice(&text, 26_000));
    assert!(
        later.contains("\"Division number 26000\" is given twice"),
        "{later}"
    );

    // In 6 divisions of each half, candidate 3 marked elected where another has the
    // most votes, and no one where candidate 3 has.
    let mut marked = String::from("division,division_id,seats,candidate,party,votes,elected\n");
    let wrong: Vec<usize> = (0..6)
        .map(|k| 1_000 + k)
        .chain((0..6).map(|k| 20_000 + k))
        .collect();
    for d in 0..30_000 {
        for (c, party) in ["Lab", "Con", "Grn", "LD"].iter().enumerate() {
            let votes = 100 + (d * 7 + c * 13) % 500;
            let top = (0..4)
                .max_by_key(|&c| (100 + (d * 7 + c * 13) % 500, std::cmp::Reverse(c)))
                .unwrap();
            let elected = if wrong.contains(&d) {
                c == 3 && top != 3
            } else {
                c == top
            };
            marked.push_str(&format!(
                "Division number {d},E{d:08},1,Candidate {c} of division {d},{party},{votes},{}\n",
                if elected { "Y" } else { "N" }
            ));
        }
    }
    let (_, notes) =
        read_raw_any("big.csv", marked.as_bytes(), &ReadOptions::default()).expect("reads");
    let named: Vec<&String> = notes.iter().filter(|n| n.contains(" marks ")).collect();
    let wrongly: Vec<usize> = wrong
        .iter()
        .copied()
        .filter(|&d| {
            // Not a tie for the seat, which no marking contradicts.
            let votes: Vec<usize> = (0..4).map(|c| (d * 7 + c * 13) % 500).collect();
            let top = votes.iter().max();
            votes.iter().filter(|&v| Some(v) == top).count() == 1
        })
        .collect();
    assert!(wrongly.len() > 10);
    assert_eq!(named.len(), 10.min(wrongly.len()), "{notes:#?}");
    for (note, d) in named.iter().zip(&wrongly) {
        assert!(
            note.contains(&format!("Division number {d} marks")),
            "{note}"
        );
    }
    let more = wrongly.len() - named.len();
    assert!(
        notes.iter().any(|n| n.ends_with(&format!(
            "and {more} more divisions whose marked winners differ from their votes"
        ))),
        "{notes:#?}"
    );
}
