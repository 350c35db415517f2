//! tallyroom beside the Polars peer (`benches/peer/peer_polars.py`, or
//! `TALLYROOM_PEER`) in one run, on two generated results files of about 1,000,000
//! candidates: `tallyroom generate`'s (200,000 single-seat divisions, five parties)
//! and `benches/peer/gen_big.py 200000`'s (one- to three-seat divisions, about five
//! candidates each). For each file, each as a whole process: the summary of the CSV
//! (`summary FILE --json`), creating the election file (`new --from FILE`), and
//! opening it for its summary (`summary night.tally --json`), each against the peer's
//! summary of the same CSV. They run in turn, the peer first, five rounds after one
//! not counted (the file read into the page cache, Python's imports warm): a shared
//! machine's speed drifts within a minute, and a ratio of two runs made seconds apart
//! is the least touched by it. Each time is the median of its five runs, kept with
//! its peak memory; each time ratio the median of the five rounds' ratios. Polars is
//! installed with pip when missing; if that fails the bench says so and times
//! tallyroom alone. Run with `cargo bench --bench peer`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tallyroom::formats::native::{self, Content};
use tallyroom::generate::{GenerateOptions, SeatPattern, generate};
use tallyroom::model::DivisionIx;
use tallyroom::tally::Tally;

const DIVISIONS: usize = 200_000;
const RUNS: usize = 5;

/// Runs a command (its output thrown away, as a pipe would take it) and reports the
/// wall time in seconds and the peak memory in MB of the process, as Python's
/// `resource` module reads them for a child.
const MEASURE: &str = r#"
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - start
if done.returncode != 0:
    sys.exit(done.stderr.decode(errors="replace"))
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"#;

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let generated = dir.path().join("generated.csv");
    let candidates = write_results(&generated);
    let gen_big = dir.path().join("gen_big.csv");
    let made = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peer/gen_big.py"))
        .arg(DIVISIONS.to_string())
        .arg(&gen_big)
        .status()
        .is_ok_and(|s| s.success());
    let files: Vec<(&str, &Path)> = if made {
        vec![("generate", &generated), ("gen_big.py", &gen_big)]
    } else {
        println!("gen_big.py could not be run: the bench measures one file.");
        vec![("generate", &generated)]
    };
    println!("generate: {DIVISIONS} divisions, {candidates} candidates");
    let peer_script = peer_script();
    let peer_ok = match (&peer_script, polars_ready()) {
        (Some(_), Ok(())) => true,
        (None, _) => {
            println!("The peer script was not found (set TALLYROOM_PEER to its path).");
            false
        }
        (_, Err(why)) => {
            println!("Polars could not be installed ({why}): the peer was not run.");
            false
        }
    };
    let tallyroom = Path::new(env!("CARGO_BIN_EXE_tallyroom"))
        .to_str()
        .expect("utf-8 path");
    println!();
    println!(
        "| file | what (whole process, median of {RUNS}, in turn with the peer) | time | peak memory | Polars summary | time ratio | memory ratio |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (label, csv) in files {
        let csv_arg = csv.to_str().expect("utf-8 path");
        let size = std::fs::metadata(csv).map_or(0, |m| m.len());
        let peer_command: Option<Vec<&str>> = match (&peer_script, peer_ok) {
            (Some(script), true) => Some(vec![
                "python3",
                script.to_str().expect("utf-8 path"),
                csv_arg,
            ]),
            _ => None,
        };
        let night = dir.path().join(format!("{label}.tally"));
        let night_arg = night.to_str().expect("utf-8 path");
        // Per round: the peer's run, then ours (summary, create, open).
        let mut rounds: Vec<(Option<Run>, [Run; 3])> = Vec::new();
        for round in 0..=RUNS {
            let peer = peer_command.as_deref().map(measure);
            let summary = measure(&[tallyroom, "summary", csv_arg, "--json"]);
            let _ = std::fs::remove_file(&night);
            let create = measure(&[tallyroom, "new", "--from", csv_arg, "--out", night_arg]);
            let open = measure(&[tallyroom, "summary", night_arg, "--json"]);
            if round > 0 {
                rounds.push((peer, [summary, create, open]));
            }
        }
        let peer: Option<Run> = rounds
            .iter()
            .map(|(peer, _)| *peer)
            .collect::<Option<Vec<Run>>>()
            .map(median);
        let file = format!("{label} ({:.0} MB)", size as f64 / 1e6);
        let whats = [
            "summary of the CSV",
            "create the election file",
            "open it for its summary",
        ];
        for (k, what) in whats.into_iter().enumerate() {
            let ours = median(rounds.iter().map(|(_, runs)| runs[k]).collect());
            let (peer_time, ratios) = match peer {
                Some(peer) => {
                    let paired = median_of(
                        rounds
                            .iter()
                            .filter_map(|(p, runs)| p.map(|p| runs[k].0 / p.0))
                            .collect(),
                    );
                    // Memory moves little from run to run: the median runs' peaks.
                    (
                        format!("{:.2} s, {:.0} MB", peer.0, peer.1),
                        format!("{:.2} | {:.2}", paired, ours.1 / peer.1),
                    )
                }
                None => ("not run".to_string(), "– | –".to_string()),
            };
            println!(
                "| {file} | {what} | {:.2} s | {:.0} MB | {peer_time} | {ratios} |",
                ours.0, ours.1
            );
        }
    }
}

/// Writes the generated night as a results CSV; returns the number of candidates.
fn write_results(path: &Path) -> usize {
    let (election, declarations) = generate(&GenerateOptions {
        divisions: DIVISIONS,
        seats: SeatPattern::One,
        parties: 5,
        ..GenerateOptions::default()
    });
    let candidates = election.candidates.len();
    let declared = declarations
        .into_iter()
        .enumerate()
        .filter_map(|(i, d)| d.map(|d| (DivisionIx(i as u32), d)));
    let tally = Tally::with_declarations(std::sync::Arc::new(election), declared).expect("applies");
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("creates"));
    native::write(&mut out, &tally, Content::Results).expect("writes");
    candidates
}

/// (seconds, MB) of one run.
type Run = (f64, f64);

/// Runs a command, its output thrown away as [`MEASURE`] says, and returns its wall
/// time and peak memory.
fn measure(command: &[&str]) -> Run {
    let out = Command::new("python3")
        .args(["-c", MEASURE])
        .args(command)
        // What tallyroom keeps of its own (the recent files `new` adds to) goes to a
        // folder of the bench's, not the settings of whoever runs it.
        .env(
            tallyroom::places::HOME_VARIABLE,
            std::env::temp_dir().join("tallyroom-bench-home"),
        )
        .stderr(Stdio::inherit())
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{command:?} failed");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut figures = text
        .split_whitespace()
        .map(|f| f.parse::<f64>().expect("a number"));
    (
        figures.next().expect("a time"),
        figures.next().expect("a peak"),
    )
}

/// The run with the median time (of an odd number of runs), with its own memory.
fn median(mut runs: Vec<Run>) -> Run {
    debug_assert!(runs.len() % 2 == 1, "an odd number of runs");
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    runs[runs.len() / 2]
}

/// The median of an odd number of figures.
fn median_of(mut figures: Vec<f64>) -> f64 {
    debug_assert!(figures.len() % 2 == 1, "an odd number of figures");
    figures.sort_by(f64::total_cmp);
    figures[figures.len() / 2]
}

fn peer_script() -> Option<PathBuf> {
    let path = std::env::var_os("TALLYROOM_PEER").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peer/peer_polars.py"),
        PathBuf::from,
    );
    path.exists().then_some(path)
}

/// Polars importable by `python3`, installed with pip if it is not.
fn polars_ready() -> Result<(), String> {
    let importable = || {
        Command::new("python3")
            .args(["-c", "import polars"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if importable() {
        return Ok(());
    }
    println!("Installing Polars with pip...");
    let installed = Command::new("python3")
        .args(["-m", "pip", "install", "--quiet", "polars"])
        .status()
        .map_err(|e| format!("pip did not run: {e}"))?;
    if installed.success() && importable() {
        Ok(())
    } else {
        Err("pip install polars failed".into())
    }
}
