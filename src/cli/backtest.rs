//! `tallyroom backtest`: the projection replayed on complete results, one pair of
//! elections or a suite of them, and scored against what came about.

// `let _ = write!(text, …)` below writes into a String, which cannot fail.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::{CliError, SourceArgs, load, print};
use crate::formats::display_name;
use crate::model::DivisionIx;
use crate::tally::Tally;
use crate::tally::backtest::{self as replay, BacktestOptions, Order, Stage};
use crate::tally::outcome::Status;

/// Councils whose divisions have a baseline at least this often are backtested on a
/// night of several councils; the others cannot be (nothing to project them from).
const COUNCIL_BASELINE_COVER: f64 = 0.9;

/// Parties with at least this share of the seats are scored in a suite's report.
const SCORED_SHARE: f64 = 0.05;

/// One pair: complete results and the previous election's.
struct Pair {
    name: String,
    results: PathBuf,
    baseline: PathBuf,
    source: SourceArgs,
}

/// The complete night of a pair, with its baseline, ready to replay; on a night of
/// several councils only the councils whose divisions have a baseline, and what was
/// left out, in words.
fn complete_night(pair: &Pair) -> Result<(Tally, Option<String>), CliError> {
    let (tally, _) =
        load::tally_and_conflicts(&pair.results, &pair.source, Some(&pair.baseline), None)?;
    let election = tally.election();
    if election.division_ixs().any(|d| {
        tally.outcome(d).status == Status::Awaiting && !election.division(d).is_uncontested()
    }) {
        return Err(CliError::data(format!(
            "{}: a backtest replays a complete result; {} divisions have no result",
            display_name(&pair.results),
            election.divisions.len() as u64 - tally.totals().divisions_declared
        )));
    }
    if !election.has_councils() {
        return Ok((tally, None));
    }
    let baseline = election.baseline.as_ref();
    let mut kept = Vec::new();
    let mut left = 0;
    for c in election.council_ixs() {
        let divisions: Vec<_> = election
            .division_ixs()
            .filter(|&d| election.division(d).council == c)
            .collect();
        let with = divisions
            .iter()
            .filter(|&&d| baseline.and_then(|b| b.result(d)).is_some())
            .count();
        if !divisions.is_empty() && with as f64 >= COUNCIL_BASELINE_COVER * divisions.len() as f64 {
            kept.push(c);
        } else {
            left += 1;
        }
    }
    if kept.is_empty() {
        return Err(CliError::data(format!(
            "{}: no council has a baseline for its divisions in {}; nothing to backtest",
            display_name(&pair.results),
            display_name(&pair.baseline)
        )));
    }
    let mut words = Vec::new();
    let night = if left == 0 {
        tally
    } else {
        words.push(format!(
            "{} councils whose divisions have a baseline; {left} without are left out",
            kept.len()
        ));
        // The kept councils as a night of their own: each with its seats beyond tonight
        // (a council electing by thirds stays one whose control tonight cannot tell),
        // and each division with its result and its baseline as matched on the whole
        // night.
        let (subset, from) = election.councils_only(|c| kept.contains(&c));
        let declared: Vec<_> = from
            .iter()
            .enumerate()
            .filter_map(|(i, &d)| {
                let declaration = tally.declarations()[d.index()].clone()?;
                Some((DivisionIx(i as u32), declaration))
            })
            .collect();
        Tally::with_declarations(Arc::new(subset), declared)
            .map_err(|(ix, e)| CliError::data(format!("division {}: {e}", ix.0 + 1)))?
    };
    // Kept to one council, the night is that council, scored as a night of one.
    let councils = night.election().councils.len();
    let scored = replay::scored_councils(&night).len();
    if night.election().has_councils() && scored < councils {
        words.push(format!(
            "control is scored in {scored} of {councils} councils; the others elect part of \
             their council tonight, without the councillors not up, or their control \
             cannot be told"
        ));
    }
    let words = (!words.is_empty()).then(|| words.join("; "));
    Ok((night, words))
}

/// Whether the results carry their declaration times (a real order to replay).
fn has_times(tally: &Tally) -> bool {
    tally
        .declarations()
        .iter()
        .flatten()
        .any(|d| d.declared_at.is_some())
}

pub fn backtest(
    file: &Path,
    source: &SourceArgs,
    baseline: &Path,
    (orders, blocks, declared_order): (usize, Option<&str>, bool),
    (simulations, seed): (usize, u64),
    (json, central_shares): (bool, Option<&Path>),
) -> Result<u8, CliError> {
    let order = match (blocks, declared_order) {
        (Some(b), _) if b.eq_ignore_ascii_case("area") => Order::Blocks,
        (Some(other), _) => {
            return Err(CliError::usage(format!(
                "--blocks takes \"area\", not \"{other}\""
            )));
        }
        (None, true) => Order::Declared,
        (None, false) => Order::Random,
    };
    let options = &BacktestOptions {
        orders,
        order,
        simulations,
        seed,
    };
    if options.orders == 0 || options.simulations == 0 {
        return Err(CliError::usage(
            "--orders and --simulations must be at least 1",
        ));
    }
    let pair = Pair {
        name: String::new(),
        results: file.to_path_buf(),
        baseline: baseline.to_path_buf(),
        source: source.clone(),
    };
    let (tally, kept) = complete_night(&pair)?;
    if let Some(out) = central_shares {
        write_central_shares(&tally, options, out)?;
    }
    let stages = replay::backtest(&tally, options);
    if json {
        let text =
            serde_json::to_string_pretty(&stages).map_err(|e| CliError::data(e.to_string()))?;
        return print(&(text + "\n")).map(|()| 0);
    }
    let election = tally.election();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: projection backtest against {}, {} ({} runs each)",
        election.name,
        display_name(baseline),
        order_words(options),
        options.simulations
    );
    if let Some(kept) = kept {
        let _ = writeln!(out, "{kept}");
    }
    for stage in &stages {
        let _ = writeln!(
            out,
            "\nAt {:.0}% declared: {}{}",
            100.0 * stage.declared,
            control_words(stage),
            if stage.too_early > 0 && stage.too_early < stage.orders {
                format!("; {} orders too early to project", stage.too_early)
            } else {
                String::new()
            }
        );
        let _ = writeln!(
            out,
            "{:<34} {:>6} {:>10} {:>8} {:>9}",
            "Party", "Final", "Mean |err|", "Bias", "In range"
        );
        // Nothing projected in any order: no error and no range to score.
        let projected = stage.too_early < stage.orders;
        for p in &stage.parties {
            if projected {
                let _ = writeln!(
                    out,
                    "{:<34} {:>6} {:>10.1} {:>+8.1} {:>8.0}%",
                    p.party,
                    p.final_seats,
                    p.mean_abs_error,
                    p.mean_error,
                    100.0 * p.coverage
                );
            } else {
                let _ = writeln!(
                    out,
                    "{:<34} {:>6} {:>10} {:>8} {:>9}",
                    p.party, p.final_seats, "n/a", "n/a", "n/a"
                );
            }
        }
    }
    print(&out)?;
    Ok(0)
}

/// `--central-shares FILE`: each party's central share in each division not yet
/// declared, at each stage of each order, as CSV (shares in per cent).
fn write_central_shares(
    tally: &Tally,
    options: &BacktestOptions,
    out: &Path,
) -> Result<(), CliError> {
    let election = tally.election();
    let misses = replay::central_misses(tally, options);
    let mut bytes = Vec::new();
    let mut writer = crate::formats::csv_out::Writer::from_writer(&mut bytes);
    let cannot = |e: &dyn std::fmt::Display| CliError::data(format!("cannot write the CSV ({e})"));
    writer
        .write_record([
            "order",
            "declared",
            "council",
            "division",
            "seats",
            "party",
            "place_then",
            "share_then",
            "projected",
            "actual",
        ])
        .map_err(|e| cannot(&e))?;
    let per_cent = |share: f64| format!("{:.2}", 100.0 * share);
    for miss in &misses {
        let division = election.division(miss.division);
        let council = if election.has_councils() {
            election.council_name(division.council)
        } else {
            ""
        };
        writer
            .write_record([
                miss.order.to_string(),
                format!("{:.0}", 100.0 * miss.declared),
                council.to_string(),
                division.name.to_string(),
                division.seats.to_string(),
                election.party_name(miss.party).to_string(),
                miss.place_then.map_or("new".to_string(), |p| p.to_string()),
                per_cent(miss.share_then),
                per_cent(miss.projected),
                per_cent(miss.actual),
            ])
            .map_err(|e| cannot(&e))?;
    }
    writer.flush().map_err(|e| cannot(&e))?;
    drop(writer);
    crate::formats::write_whole(out, &bytes).map_err(CliError::data)?;
    crate::cli::say(&format!(
        "note: {} rows of central shares written to {}",
        misses.len(),
        display_name(out)
    ));
    Ok(())
}

fn order_words(options: &BacktestOptions) -> String {
    match options.order {
        Order::Random => format!("{} random orders", options.orders),
        Order::Blocks => format!("{} orders of area blocks", options.orders),
        Order::Declared => "the real order of declaration".to_string(),
    }
}

/// How a stage called control: of the night, or of each council; "n/a" where no
/// order had enough declared to project (no chance to score, not a chance of none).
fn control_words(stage: &Stage) -> String {
    if stage.too_early == stage.orders {
        "n/a (too early to project in every order)".into()
    } else if !stage.control_scored {
        "control not scored: no council's control can be told from tonight's seats".into()
    } else if stage.council_orders > 0 {
        let mut text = format!(
            "control of each council as it came about called in {} of {} council-orders (mean chance {})",
            stage.called,
            stage.council_orders,
            crate::numbers::chance(stage.p_actual_control)
        );
        if !stage.councils_missed.is_empty() {
            let missed: Vec<String> = stage
                .councils_missed
                .iter()
                .map(|(c, n)| format!("{c} ({n})"))
                .collect();
            let _ = write!(text, "; called wrong: {}", missed.join(", "));
        }
        text
    } else {
        format!(
            "control as it came about called in {} of {} orders (mean chance {})",
            stage.called,
            stage.orders - stage.too_early,
            crate::numbers::chance(stage.p_actual_control)
        )
    }
}

/// A suite's manifest: `pair,results,baseline[,constituencies]`, paths relative to
/// the manifest.
fn read_manifest(path: &Path) -> Result<Vec<Pair>, CliError> {
    let name = display_name(path);
    let bytes = std::fs::read(path).map_err(|e| CliError::data(format!("{name}: {e}")))?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| CliError::data(format!("{name}: {e}")))?
        .clone();
    let column = |wanted: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(wanted));
    let (Some(c_pair), Some(c_results), Some(c_baseline)) =
        (column("pair"), column("results"), column("baseline"))
    else {
        return Err(CliError::data(format!(
            "{name}: a backtest suite needs the columns pair, results and baseline (and, where the results are the Commons Library's by candidate, constituencies); it has {}",
            headers.iter().collect::<Vec<_>>().join(", ")
        )));
    };
    let c_constituencies = column("constituencies");
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut pairs = Vec::new();
    for (k, record) in reader.records().enumerate() {
        let record = record.map_err(|e| CliError::data(format!("{name}: {e}")))?;
        let field = |c: usize| record.get(c).unwrap_or("").to_string();
        let (pair, results, baseline) = (field(c_pair), field(c_results), field(c_baseline));
        if results.is_empty() || baseline.is_empty() {
            return Err(CliError::data(format!(
                "{name}, line {}: give the results and the baseline of \"{pair}\"",
                k + 2
            )));
        }
        let source = SourceArgs {
            constituencies: c_constituencies
                .map(field)
                .filter(|c| !c.is_empty())
                .map(|c| folder.join(c)),
            ..SourceArgs::default()
        };
        pairs.push(Pair {
            name: pair,
            results: folder.join(results),
            baseline: folder.join(baseline),
            source,
        });
    }
    Ok(pairs)
}

/// `tallyroom backtest --suite MANIFEST`: every pair in random orders, in area blocks
/// and, where the results carry declaration times, in the real order; per pair and
/// order, each party with at least 5 % of the seats scored at each stage.
///
/// Long: Its steps, in the order they must happen, each a few lines that use what the one
/// before made.
pub fn suite(
    manifest: &Path,
    orders: usize,
    (simulations, seed): (usize, u64),
    json: bool,
) -> Result<u8, CliError> {
    let pairs = read_manifest(manifest)?;
    let mut out = String::new();
    let mut all = Vec::new();
    for pair in &pairs {
        let started = std::time::Instant::now();
        let (tally, kept) = complete_night(pair)?;
        let mut orders_run = vec![Order::Random, Order::Blocks];
        if has_times(&tally) {
            orders_run.push(Order::Declared);
        }
        let total = tally.election().total_seats();
        let _ = writeln!(
            out,
            "\n## {} ({} seats{})",
            pair.name,
            total,
            kept.map(|k| format!("; {k}")).unwrap_or_default()
        );
        for order in orders_run {
            let options = BacktestOptions {
                orders,
                order,
                simulations,
                seed,
            };
            let stages = replay::backtest(&tally, &options);
            let _ = writeln!(out, "\n{}:", order_words(&options));
            let _ = writeln!(
                out,
                "{:<26} {:>5}  {:>22}  {:>22}  {:>22}",
                "party (final seats)",
                "",
                "25%: bias |err| cover",
                "50%: bias |err| cover",
                "75%: bias |err| cover"
            );
            let scored: Vec<&str> = stages
                .first()
                .map(|s| {
                    s.parties
                        .iter()
                        .filter(|p| f64::from(p.final_seats) >= SCORED_SHARE * total as f64)
                        .map(|p| p.party.as_str())
                        .collect()
                })
                .unwrap_or_default();
            for party in scored {
                let mut line = String::new();
                let mut final_seats = 0;
                for stage in &stages {
                    match stage.parties.iter().find(|p| p.party == party) {
                        Some(p) if stage.too_early < stage.orders => {
                            final_seats = p.final_seats;
                            let _ = write!(
                                line,
                                "  {:>+7.1} {:>6.1} {:>6.0}%",
                                p.mean_error,
                                p.mean_abs_error,
                                100.0 * p.coverage
                            );
                        }
                        _ => {
                            let _ = write!(line, "  {:>22}", "n/a");
                        }
                    }
                }
                let _ = writeln!(out, "{:<26} {:>5}{line}", truncate(party, 26), final_seats);
            }
            for stage in &stages {
                let _ = writeln!(
                    out,
                    "  at {:.0}%: {}",
                    100.0 * stage.declared,
                    control_words(stage)
                );
            }
            all.push(serde_json::json!({
                "pair": pair.name,
                "order": order_words(&options),
                "stages": stages,
            }));
        }
        let _ = writeln!(out, "(run time {:.1} s)", started.elapsed().as_secs_f64());
    }
    if json {
        let text = serde_json::to_string_pretty(&all).map_err(|e| CliError::data(e.to_string()))?;
        return print(&(text + "\n")).map(|()| 0);
    }
    print(out.trim_start())?;
    Ok(0)
}

fn truncate(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_string()
    } else {
        text.chars().take(n - 1).collect::<String>() + "…"
    }
}
