//! `tallyroom summary`: the state of the night as tables or JSON.

// `let _ = write!(text, …)` below writes into a String, which cannot fail.

use std::fmt::Write;
use std::io::{IsTerminal, Write as _};
use std::path::Path;

use crate::cli::{CliError, ShareArg, SourceArgs, load, print};
use crate::report::{
    Summary, SummaryJson, SummaryOptions, mark_conflicts, summarise, summarise_but_divisions,
};
use crate::tally::ShareMethod;

pub fn run(
    file: &Path,
    source: &SourceArgs,
    baseline: Option<&Path>,
    json: bool,
    share: ShareArg,
    swing: Option<&str>,
    projection: Option<crate::tally::projection::ProjectionOptions>,
) -> Result<u8, CliError> {
    let (tally, conflicts, fingerprint) =
        load::tally_conflicts_and_fingerprint(file, source, baseline, None)?;
    let election = tally.election();
    let swing = match swing {
        None => None,
        Some(_) if baseline.is_none() => return Err(CliError::usage("--swing needs --baseline")),
        Some(text) => {
            let (from, to) = text
                .split_once(',')
                .filter(|(from, to)| !from.trim().is_empty() && !to.trim().is_empty())
                .ok_or_else(|| CliError::usage("--swing takes two parties: \"FROM,TO\""))?;
            let party = |name: &str| {
                find_party(&election.parties, name)
                    .ok_or_else(|| {
                        // The ten largest by votes then and now, not every fringe party.
                        let mut largest: Vec<(u64, &str)> = election
                            .parties
                            .iter()
                            .map(|(p, n)| {
                                let t = tally.party(p);
                                (t.votes.max(t.baseline_votes), n)
                            })
                            .collect();
                        largest.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
                        let names: Vec<&str> = largest.iter().take(10).map(|&(_, n)| n).collect();
                        CliError::usage(format!(
                            "no party called \"{}\" in either election; the largest are: {} (a party's name, or the Commons Library's abbreviation such as Con or LD)",
                            name.trim(),
                            names.join(", ")
                        ))
                    })
            };
            Some((party(from)?, party(to)?))
        }
    };
    let options = SummaryOptions {
        share_method: match share {
            ShareArg::All => ShareMethod::AllVotes,
            ShareArg::Top => ShareMethod::TopCandidate,
        },
        swing,
    };
    if let Some(projection) = &projection {
        if election.baseline.is_none() {
            return Err(CliError::usage(
                "--projection needs a baseline: the previous election (--baseline, or one kept in the election file)",
            ));
        }
        if projection.simulations == 0 {
            return Err(CliError::usage("--simulations must be at least 1"));
        }
    }
    let divisions_conflicting = conflicts.len() as u64;
    let completed = |mut summary: Summary| {
        summary.divisions_conflicting = divisions_conflicting;
        summary.fingerprint = fingerprint;
        summary.projection = projection
            .map(|projection| crate::tally::projection::ProjectionReport::of(&tally, projection));
        summary
    };
    // As JSON, each division's row is made as it is written, not held with the rest:
    // indented for a person at a terminal, compact for a file or a program.
    if json && std::io::stdout().is_terminal() {
        write_json(&SummaryJson {
            summary: &completed(summarise_but_divisions(&tally, &options)),
            tally: &tally,
            conflicts: &conflicts,
        })?;
    } else if json {
        // The rest of the summary is worked out while the other core starts on the rows.
        let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout_for_bulk());
        let written = SummaryJson::write_compact_made_meanwhile(
            &tally,
            &conflicts,
            || completed(summarise_but_divisions(&tally, &options)),
            &mut out,
            &crate::cli::visible_bytes,
        )
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
        said_written(written)?;
    } else {
        let mut summary = completed(summarise(&tally, &options));
        mark_conflicts(&mut summary, conflicts);
        print(&tables(&summary))?;
        // The process ends here: freeing a big night's million names one by one would
        // take longer than printing them.
        std::mem::forget(summary);
    }
    std::mem::forget(tally);
    Ok(0)
}

/// Standard output for writes of megabytes at a time: on Unix a handle of its own to
/// it, since the standard one looks through every write for a line end (100 MB of
/// rows, on the core that writes them), and elsewhere the standard one.
fn stdout_for_bulk() -> Box<dyn std::io::Write> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        // Anything the standard handle holds goes out first.
        let _ = std::io::stdout().flush();
        if let Ok(own) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(own));
        }
    }
    Box::new(std::io::stdout().lock())
}

/// The summary as one indented JSON object, for a person at a terminal, written as it
/// is made (a big night's summary is a hundred megabytes). JSON escapes control
/// characters already; the right-to-left marks it leaves are escaped too, as JSON
/// reads them back.
fn write_json(summary: &SummaryJson) -> Result<(), CliError> {
    let stdout = std::io::stdout();
    let mut out =
        std::io::BufWriter::with_capacity(1 << 16, crate::cli::VisibleWriter::new(stdout.lock()));
    let written = serde_json::to_writer_pretty(&mut out, summary)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    said_written(written)
}

/// The output written, or why not: a reader that closed the pipe early (`| head`)
/// is no failure.
fn said_written(written: std::io::Result<()>) -> Result<(), CliError> {
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::data(format!("cannot write the output ({e})"))),
    }
}

fn signed(v: Option<i64>) -> String {
    v.map_or_else(String::new, |v| format!("{v:+}"))
}

fn points(v: Option<f64>) -> String {
    // A change that rounds to zero is shown as +0.0, never -0.0.
    v.map_or_else(String::new, |v| {
        format!("{:+.1}", if v.abs() < 0.05 { 0.0 } else { v })
    })
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| format!("{v:.1}%"))
}

/// The summary as plain-text tables for a terminal.
/// Each council's result: seats tonight, progress, seats needed, control, and the
/// parties that won seats.
fn councils_table(out: &mut String, s: &Summary) {
    let _ = writeln!(
        out,
        "{:<36} {:>5} {:>9} {:>6}  {:<40} Won tonight",
        "Council", "Seats", "Declared", "Needed", "Control"
    );
    for c in &s.councils {
        // With continuing seats known: "Labour 9 (council 30)".
        let won: Vec<String> = c
            .parties
            .iter()
            .filter(|p| p.seats > 0 || p.council_after.is_some_and(|n| n > 0))
            // A council that elects every seat tonight is what it won: no "(council N)".
            .map(
                |p| match p.council_after.filter(|_| p.continuing.is_some()) {
                    Some(after) => format!("{} {} (council {after})", p.party, p.seats),
                    None => format!("{} {}", p.party, p.seats),
                },
            )
            .collect();
        let _ = writeln!(
            out,
            "{:<36} {:>5} {:>9} {:>6}  {:<40} {}",
            c.council,
            c.seats_total,
            format!("{}/{}", c.divisions_declared, c.divisions_total),
            c.majority_needed
                .map_or_else(|| "-".to_string(), |n| n.to_string()),
            match &c.control_change {
                Some(change) => format!("{} ({})", c.control.text, change.text),
                None => c.control.text.clone(),
            },
            won.join(", ")
        );
    }
    out.push('\n');
}

// Long: Prints its tables in the order a reader meets them; each is a few lines of rows.
pub fn tables(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} of {} divisions declared, {} of {} seats",
        s.election, s.divisions_declared, s.divisions_total, s.seats_declared, s.seats_total
    );
    if let Some(fingerprint) = &s.fingerprint {
        let _ = writeln!(out, "record fingerprint {fingerprint}");
    }
    if s.divisions_tied > 0 {
        let _ = writeln!(
            out,
            "{} tied, waiting for lots to be drawn",
            s.divisions_tied
        );
    }
    match &s.night {
        None => {
            match s.majority_needed {
                Some(needed) => {
                    let _ = writeln!(
                        out,
                        "{} ({needed} seats needed for a majority)",
                        s.control.text
                    );
                }
                None => {
                    let _ = writeln!(out, "{}", s.control.text);
                }
            }
            if let Some(change) = &s.control.change {
                let _ = writeln!(out, "{}, against {}", change.text, change.against);
            }
            out.push('\n');
        }
        Some(_) => {
            let _ = writeln!(out, "{}\n", s.control.text);
            councils_table(&mut out, s);
        }
    }

    let with_change = s.baseline.is_some();
    let _ = write!(
        out,
        "{:<36} {:>5} {:>9} {:>7}",
        "Party", "Seats", "Votes", "Share"
    );
    if with_change {
        let _ = write!(
            out,
            " {:>7} {:>7} {:>5} {:>6}",
            "Seats±", "Share±", "Gains", "Losses"
        );
    }
    out.push('\n');
    for p in &s.parties {
        let _ = write!(
            out,
            "{:<36} {:>5} {:>9} {:>7}",
            p.party,
            p.seats,
            p.votes,
            pct(p.share)
        );
        if with_change {
            let _ = write!(
                out,
                " {:>7} {:>7} {:>5} {:>6}",
                signed(p.seats_change),
                points(p.share_change),
                p.gains.unwrap_or(0),
                p.losses.unwrap_or(0)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "Share: {}\n", s.share_method.label());

    let _ = writeln!(
        out,
        "{:<44} {:<9} {:>8} {:>8}  {:<34} Result",
        "Division", "Status", "Majority", "Turnout", "Winner"
    );
    for d in &s.divisions {
        let winners: Vec<String> = d
            .winners
            .iter()
            .map(|w| {
                if w.by_lot {
                    format!("{} (by lot)", w.party)
                } else {
                    w.party.clone()
                }
            })
            .collect();
        let status = if d.conflict.is_some() {
            "conflict"
        } else if d.uncontested {
            "unopposed"
        } else {
            d.status
        };
        let name = match &d.council {
            Some(council) => format!("{} ({council})", d.division),
            None => d.division.clone(),
        };
        let _ = writeln!(
            out,
            "{:<44} {:<9} {:>8} {:>8}  {:<34} {}",
            name,
            status,
            d.majority.map(|m| m.to_string()).unwrap_or_default(),
            pct(d.turnout),
            winners.join(", "),
            d.result.as_deref().unwrap_or("")
        );
    }
    let conflicting: Vec<&crate::report::DivisionRow> = s
        .divisions
        .iter()
        .filter(|d| d.conflict.is_some())
        .collect();
    if !conflicting.is_empty() {
        let _ = writeln!(
            out,
            "\nConflicting declarations, not settled ({}): the figures shown are those that reached the server first.",
            conflicting.len()
        );
        let figures = |f: &crate::report::EnteredFigures| {
            let who = if f.who.is_empty() {
                String::new()
            } else {
                format!(" by {} on {}", f.who, f.machine)
            };
            let mut text = format!("votes {:?}{who}", f.votes);
            if let Some(b) = f.ballots_issued {
                let _ = write!(text, ", ballot papers {b}");
            }
            if let Some(r) = f.rejected {
                let _ = write!(text, ", rejected {r}");
            }
            text
        };
        for d in conflicting {
            let Some(c) = &d.conflict else { continue };
            let _ = writeln!(out, "  {}: counted {}", d.division, figures(&c.counted));
            for other in &c.also_entered {
                let _ = writeln!(out, "    also entered: {}", figures(other));
            }
            let _ = writeln!(out, "    to settle: {}", c.to_settle);
        }
    }
    if !s.grouped.is_empty() {
        let grouped: Vec<String> = s
            .grouped
            .iter()
            .map(|g| {
                let plural = if g.candidates == 1 { "" } else { "s" };
                format!(
                    "{} as {} ({} candidate{plural})",
                    g.description, g.counted_as, g.candidates
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "\nDescriptions counted with their party: {}",
            grouped.join("; ")
        );
    }
    if let Some(b) = &s.baseline {
        let _ = writeln!(
            out,
            "\nChange against {}: {} declared divisions compared for seats, {} for share.",
            b.name, b.divisions_compared, b.divisions_compared_for_share
        );
        let listed =
            |names: &[String]| crate::model::some_of(names, crate::model::NAMES_LISTED, "; ");
        if !b.divisions_without_baseline.is_empty() {
            let _ = writeln!(
                out,
                "No baseline result for {} divisions, left out of change figures: {}",
                b.divisions_without_baseline.len(),
                listed(&b.divisions_without_baseline)
            );
        }
        if !b.baseline_divisions_unmatched.is_empty() {
            let _ = writeln!(
                out,
                "Baseline divisions with no match now ({}): {}",
                b.baseline_divisions_unmatched.len(),
                listed(&b.baseline_divisions_unmatched)
            );
        }
        if let Some(swing) = &b.swing {
            let _ = writeln!(
                out,
                "Swing from {} to {}: {} points (Butler)",
                swing.from,
                swing.to,
                swing
                    .swing
                    .map_or_else(|| "unknown".to_string(), |v| format!("{v:.1}"))
            );
        }
    }
    if let Some(report) = &s.projection {
        projection_table(&mut out, report);
    }
    if let Some(inc) = &s.incumbents {
        let _ = writeln!(
            out,
            "\nIncumbents standing again: {}, re-elected {}, defeated {}",
            inc.standing,
            inc.re_elected,
            inc.defeated.len()
        );
        for c in &inc.re_elected_for_another_party {
            let place = match &c.council {
                Some(council) => format!("{} ({council})", c.division),
                None => c.division.clone(),
            };
            let _ = writeln!(
                out,
                "  {} re-elected in {place} as {}, elected as {} last time",
                c.candidate, c.now, c.elected_as
            );
        }
        for d in &inc.defeated {
            let place = match &d.council {
                Some(council) => format!("{} ({council})", d.division),
                None => d.division.clone(),
            };
            let _ = writeln!(
                out,
                "  {} ({}) defeated in {place} by {}",
                d.candidate,
                d.party,
                d.by.join(", ")
            );
        }
    }
    out
}

/// The projection as a table: each party's median and 90 % range, its chance of
/// control, then the divisions too close to call.
fn projection_table(out: &mut String, report: &crate::tally::projection::ProjectionReport) {
    use crate::tally::projection::ProjectionReport;
    match report {
        ProjectionReport::TooEarly { needs, .. } => {
            let _ = writeln!(out, "\nProjection: {needs}");
        }
        ProjectionReport::Projected(p) => {
            // Chances of control only where there is one council whose control
            // tonight tells; a night of several has each council's instead.
            let _ = writeln!(
                out,
                "\nProjection of the final seats ({} runs; median, 90% range{})",
                p.simulations,
                if p.control_told {
                    ", chance of control"
                } else {
                    ""
                }
            );
            let row = |out: &mut String, party: &str, seats: &str, range: &str, control: &str| {
                let line = format!("{party:<34} {seats:>6} {range:>9} {control:>8}");
                let _ = writeln!(out, "{}", line.trim_end());
            };
            row(
                out,
                "Party",
                "Seats",
                "Range",
                if p.control_told { "Control" } else { "" },
            );
            for party in p.parties.iter().filter(|p| p.seats_high > 0) {
                row(
                    out,
                    &party.party,
                    &party.seats_median.to_string(),
                    &format!("{}-{}", party.seats_low, party.seats_high),
                    &if p.control_told {
                        crate::numbers::chance(party.p_control)
                    } else {
                        String::new()
                    },
                );
            }
            if p.control_told {
                let _ = writeln!(
                    out,
                    "No overall control: {}",
                    crate::numbers::chance(p.p_no_overall_control)
                );
            } else if p.councils_untold > 0 && p.councils.is_empty() {
                let _ = writeln!(
                    out,
                    "{}",
                    crate::tally::projection::councils_untold_text(p.councils_untold)
                );
            } else if p.councils.is_empty() {
                let _ = writeln!(out, "{}", crate::tally::projection::CONTROL_NOT_TOLD);
            } else {
                let _ = writeln!(out, "Councils by control (mean over the runs):");
                if p.councils_untold > 0 {
                    let _ = writeln!(
                        out,
                        "  {}",
                        crate::tally::projection::councils_untold_text(p.councils_untold)
                    );
                }
                for (label, n) in &p.councils_by_control {
                    let _ = writeln!(out, "  {label}: {n:.1}");
                }
                let _ = writeln!(out, "Each council's likeliest control:");
                for council in &p.councils {
                    let likeliest = council
                        .p_control
                        .iter()
                        .map(|(party, chance)| (party.as_str(), *chance))
                        .chain([("No overall control", council.p_no_overall_control)])
                        .max_by(|a, b| a.1.total_cmp(&b.1));
                    if let Some((label, chance)) = likeliest {
                        let _ = writeln!(
                            out,
                            "  {}: {label} {}",
                            council.council,
                            crate::numbers::chance(chance)
                        );
                    }
                }
            }
            if !p.too_close.is_empty() {
                let _ = writeln!(
                    out,
                    "Too close to call ({}): {}",
                    p.too_close.len(),
                    crate::model::some_of(&p.too_close, crate::model::NAMES_LISTED, "; ")
                );
            }
        }
    }
}

/// A party by its name, by the Commons Library's abbreviation ("Con", "LD"), or by its
/// name as singular or plural ("Liberal Democrat" for "Liberal Democrats"): never by
/// a part of a name, which could be another party's ("Liberal").
fn find_party(parties: &crate::model::Parties, name: &str) -> Option<crate::model::PartyIx> {
    let full = crate::formats::constituency_totals::known_party(name);
    parties
        .find(name)
        .or_else(|| full.and_then(|f| parties.find(f)))
        .or_else(|| {
            let key = crate::model::party_key(full.unwrap_or(name));
            parties
                .iter()
                .find(|(_, n)| {
                    let other = crate::model::party_key(n);
                    other.strip_suffix('s') == Some(key.as_str())
                        || key.strip_suffix('s') == Some(other.as_str())
                })
                .map(|(p, _)| p)
        })
}
