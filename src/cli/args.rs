//! The command line as clap reads it: every subcommand with its arguments and their
//! help, and the small argument types they share. `run` in `cli/mod.rs` dispatches.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use super::night;
use crate::tally::checks::RawAccountText;

/// Election-night tally: seats, votes, majorities and control from declared results.
#[derive(Debug, Parser)]
#[command(name = "tallyroom", version = crate::version::LONG, about)]
pub struct Cli {
    /// Without a command the window opens.
    #[command(subcommand)]
    pub command: Option<CliCommand>,
    /// Open the window at "New election file from a CSV" (the desktop menu's "New from
    /// results file").
    #[arg(long)]
    pub new_from_results: bool,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Open the window on an election file; a results file opens the window's "New
    /// election file from a CSV" with it; no file, the window as it was left.
    Open { file: Option<PathBuf> },
    /// Print the tally of a results file or an election file: control, parties and every division.
    Summary {
        /// A results CSV (the app's own format) or an election file (.tally).
        file: PathBuf,
        /// The previous election's results, for change and gain / hold.
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// One JSON object on stdout instead of tables.
        #[arg(long)]
        json: bool,
        /// Which votes make up a party's share.
        #[arg(long, value_enum, default_value_t = ShareArg::All)]
        share: ShareArg,
        /// Butler swing between two parties, "FROM,TO" (needs --baseline).
        #[arg(long, value_name = "FROM,TO")]
        swing: Option<String>,
        /// Add the projection of the final seats (needs a baseline).
        #[arg(long)]
        projection: bool,
        /// How many runs the projection makes.
        #[arg(long, default_value_t = 2000, value_name = "N")]
        simulations: usize,
        /// The projection's seed: the same seed, the same projection.
        #[arg(long, default_value_t = 1, value_name = "S")]
        seed: u64,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Write the final results as CSV.
    Export {
        file: PathBuf,
        /// Where to write; "-" for standard output.
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = WhatArg::Candidates)]
        what: WhatArg,
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// Set each division's area from a CSV with columns division, area.
        #[arg(long, value_name = "FILE")]
        areas: Option<PathBuf>,
        /// Candidates only: write the set-up with every vote blank (a rehearsal sheet).
        #[arg(long)]
        blank: bool,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Run every declaration check over a results file; exit status 1 on errors.
    Check {
        file: PathBuf,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Create an election file (.tally) from a results CSV; results in it are imported.
    New {
        /// The set-up: the app's results CSV, votes blank or filled.
        #[arg(long)]
        from: PathBuf,
        /// The election file to create.
        #[arg(long)]
        out: PathBuf,
        /// The previous election's results, kept in the file for change and gain / hold.
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// The election's name (default: the file name).
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        by: Option<String>,
        /// Boundaries for the results map (GeoJSON or HexJSON), as `tallyroom boundaries`.
        #[arg(long, value_name = "FILE")]
        boundaries: Option<PathBuf>,
        #[command(flatten)]
        map: MapArgs,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Read a newer or corrected release of results into an election file: new
    /// declarations are declared, changed figures become corrections, listed old and new.
    Update {
        file: PathBuf,
        /// The results file to read.
        #[arg(long)]
        from: PathBuf,
        #[arg(long)]
        by: Option<String>,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Declare a division's result: runs every check, and prints `saved` once it is on disk.
    Declare {
        file: PathBuf,
        #[command(flatten)]
        entry: Entry,
    },
    /// Correct a declared division's figures, with the reason; the old figures stay in the log.
    Correct {
        file: PathBuf,
        #[command(flatten)]
        entry: Entry,
        /// Why: recount, typing error, ...
        #[arg(long)]
        reason: String,
        /// Settle the division's conflicting declarations (entered at two laptops
        /// without seeing each other) with these figures.
        #[arg(long)]
        resolve: bool,
    },
    /// Record who won the drawing of lots in a tied division.
    DrawLots {
        file: PathBuf,
        #[arg(long)]
        division: String,
        /// The candidate who won the draw (repeat for two tied seats).
        #[arg(long = "winner", required = true)]
        winners: Vec<String>,
        #[arg(long)]
        by: Option<String>,
    },
    /// Undo the last declaration, as a withdrawal recorded in the log.
    Undo {
        file: PathBuf,
        #[arg(long)]
        by: Option<String>,
    },
    /// Withdraw a division's declaration, with the reason; it is awaiting again.
    Withdraw {
        file: PathBuf,
        #[arg(long)]
        division: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        by: Option<String>,
    },
    /// Set or replace an election file's baseline: the previous election's results,
    /// in any format read; lists the divisions that did not match.
    Baseline {
        file: PathBuf,
        /// The previous election's results.
        #[arg(long)]
        from: PathBuf,
        #[arg(long)]
        by: Option<String>,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Set councils' seats beyond tonight's divisions from a composition CSV: the
    /// councillors not up for election (--continuing) or the council before the poll
    /// (--before). Reads `council, party, seats`, or Open Council Data's `authority,
    /// year, total, con, lab, …` with --year; lists what matched.
    Composition {
        file: PathBuf,
        /// The composition CSV.
        #[arg(long)]
        from: PathBuf,
        /// The seats given are the councillors not up for election tonight.
        #[arg(long, conflicts_with = "before")]
        continuing: bool,
        /// The seats given are the council as it stood before the poll: what a change
        /// of control is judged against.
        #[arg(long)]
        before: bool,
        /// The year's row of a file with one row per council and year.
        #[arg(long)]
        year: Option<String>,
        #[arg(long)]
        by: Option<String>,
    },
    /// Set the shapes of the results map from a boundary file (GeoJSON, e.g. from the
    /// ONS Open Geography Portal) or a hex layout (HexJSON); lists matched divisions,
    /// divisions with no shape and shapes with no division.
    Boundaries {
        file: PathBuf,
        /// The GeoJSON or HexJSON file.
        #[arg(long)]
        from: PathBuf,
        #[command(flatten)]
        map: MapArgs,
        #[arg(long)]
        by: Option<String>,
    },
    /// Replay a complete result in random declaration orders (or area blocks, or the
    /// real order) and print how the projection did at 25, 50 and 75 % declared.
    Backtest {
        /// The complete results (any format read).
        #[arg(required_unless_present = "suite")]
        file: Option<PathBuf>,
        /// The previous election's results.
        #[arg(long, required_unless_present = "suite")]
        baseline: Option<PathBuf>,
        /// Every pair a manifest lists (CSV: pair, results, baseline, and
        /// constituencies where needed; paths relative to it), each in random orders,
        /// in area blocks and in the real order where declaration times are given.
        #[arg(long, value_name = "MANIFEST", conflicts_with_all = ["file", "baseline", "blocks", "declared_order"])]
        suite: Option<PathBuf>,
        /// How many orders to replay.
        #[arg(long, default_value_t = 20, value_name = "N")]
        orders: usize,
        /// Replay areas (count centres, regions) as blocks: "area".
        #[arg(long, value_name = "area")]
        blocks: Option<String>,
        /// Replay once, in the real order of declaration (declaration times).
        #[arg(long, conflicts_with = "blocks")]
        declared_order: bool,
        /// Runs of each projection.
        #[arg(long, default_value_t = 1000, value_name = "N")]
        simulations: usize,
        #[arg(long, default_value_t = 1, value_name = "S")]
        seed: u64,
        #[arg(long)]
        json: bool,
        /// Also write, as CSV, each party's central projected share in each division not
        /// yet declared at each stage of each order, beside its share then and the
        /// share it had.
        #[arg(long, value_name = "FILE", conflicts_with = "suite")]
        central_shares: Option<PathBuf>,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Print the audit trail of an election file: time, who, machine, division, what changed, reason.
    Log {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Check the night's record link by link (every event as written, none added,
    /// removed or moved), and the copies kept to open quickly against it, and print its
    /// fingerprint; exit status 1 where it does not hold, naming the first bad event and
    /// the newest backup that holds. Never writes, but for --acknowledge and --drop-copies.
    Verify {
        /// The election file; with --export, an export's manifest or its folder.
        file: PathBuf,
        /// Check an export instead: each file its manifest names is as it was exported.
        #[arg(long)]
        export: bool,
        /// Accept the break found, with why, as an event of the log (the returning
        /// officer's decision): the record is checked on from there.
        #[arg(long, value_name = "REASON")]
        acknowledge: Option<String>,
        /// Who accepts it (default: TALLYROOM_USER or the login name).
        #[arg(long)]
        by: Option<String>,
        /// Remove the copies kept to open quickly (set-up snapshot and checkpoint) when
        /// they disagree with the record; the next opening makes them again from it.
        #[arg(long)]
        drop_copies: bool,
    },
    /// Print a division's declaration of result as a PDF (A4): candidates in ballot
    /// order with their descriptions and votes, who is elected, the rejected papers under
    /// each heading, the papers and turnout, the returning officer's line and the night's
    /// fingerprint. With --provisional, the sheet shown to candidates and agents before
    /// the declaration, marked PROVISIONAL across it.
    Declaration {
        /// An election file (.tally), or a results file.
        file: PathBuf,
        /// The division: its name, code or label.
        #[arg(long)]
        division: String,
        /// Where to write the PDF.
        #[arg(long)]
        out: PathBuf,
        /// The provisional sheet: from the first entry where the second is awaited, else
        /// from the figures entered; nobody is marked elected.
        #[arg(long)]
        provisional: bool,
        /// The returning officer's name, printed by the signature line.
        #[arg(long, value_name = "NAME")]
        returning_officer: Option<String>,
        /// Welsh and English, Welsh first (for councils in Wales).
        #[arg(long)]
        welsh: bool,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Print a council's notice of result as a PDF (A4): every division with its
    /// candidates, votes and rejected papers, then the councillors elected. Printed before
    /// every division has declared, it says INCOMPLETE across each page.
    Notice {
        /// An election file (.tally), or a results file.
        file: PathBuf,
        /// The council, on a night of several.
        #[arg(long)]
        council: Option<String>,
        /// Where to write the PDF.
        #[arg(long)]
        out: PathBuf,
        /// Welsh and English, Welsh first (for councils in Wales).
        #[arg(long)]
        welsh: bool,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Write the results site: plain HTML pages of the night, each council and each
    /// division, JSON beside each, and an Atom feed of declarations (docs/web.md).
    Publish {
        /// The folder to write the site into (made if need be); only changed files
        /// are rewritten, each whole.
        #[arg(long)]
        out: PathBuf,
        /// Keep the site up to date as declarations are made (Ctrl+C to stop).
        #[arg(long)]
        watch: bool,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Serve the results site read-only on the local network (for the hall): the same
    /// pages as publish, kept up to date as the night goes on; only GET and HEAD.
    Serve {
        /// The port to listen on (0: any free port, printed).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The address to listen on: all of this machine's (the local network), or
        /// 127.0.0.1 for this machine alone.
        #[arg(long, default_value = "0.0.0.0")]
        bind: String,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Back up an election file now and list its backups (kept in the user's data
    /// folder; a file that is gone has its backups listed).
    Backup {
        file: PathBuf,
        /// Also write a consistent single-file copy here (to carry the night away on a
        /// stick): everything saved, whatever the log beside the file holds.
        #[arg(long, value_name = "PATH")]
        to: Option<PathBuf>,
    },
    /// Write a realistic synthetic election as a results CSV, the same for the same seed:
    /// a rehearsal night for volunteers, or a test at any size.
    Generate {
        #[arg(long)]
        divisions: usize,
        #[arg(long, value_enum, default_value_t = SeatsArg::One)]
        seats: SeatsArg,
        #[arg(long, default_value_t = 8)]
        parties: usize,
        /// Share of divisions already declared, 0 to 1 (0 writes a blank rehearsal sheet).
        #[arg(long, default_value_t = 1.0)]
        declared: f64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Publish an election file's night on a PostgreSQL server, for other laptops to
    /// join; creates the server's tables the first time.
    Share {
        file: PathBuf,
        /// The server: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...]
        #[arg(long)]
        db: String,
        /// The name laptops join it by (default: the election's name).
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        by: Option<String>,
    },
    /// Make a local replica of a shared election: a new election file with its set-up
    /// and every event so far, which then syncs with the server.
    Join {
        #[arg(long)]
        db: String,
        /// The shared election's name.
        #[arg(long)]
        election: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Send a shared file's waiting events and read everyone else's. With --watch,
    /// keep doing so (woken by the server) until stopped.
    Sync {
        file: PathBuf,
        /// Another address for the server (to give a password, say).
        #[arg(long)]
        db: Option<String>,
        #[arg(long)]
        watch: bool,
    },
    /// Restore a backup as an election file.
    Restore {
        /// The backup to restore (as `tallyroom backup FILE` lists them).
        backup: PathBuf,
        /// Where to restore it.
        #[arg(long)]
        out: PathBuf,
        /// Replace an existing file (it is first moved aside, not deleted).
        #[arg(long)]
        replace: bool,
    },
    /// Write the manual pages and the bash, zsh and fish completions, made from this
    /// command line's own definition (as packaging does).
    #[command(hide = true)]
    Manual {
        /// The folder to write `man/man1/` and `completions/` into.
        #[arg(long)]
        out: PathBuf,
    },
}

/// What the results site is made from and how it looks (`publish` and `serve`).
#[derive(Debug, Clone, clap::Args)]
pub struct SiteArgs {
    /// An election file (.tally), or a results file.
    pub file: PathBuf,
    /// The previous election's results, for gains and changes (an election file
    /// keeps its own).
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// Boundaries for the site's map (GeoJSON or HexJSON), for a results file or in
    /// place of an election file's own.
    #[arg(long, value_name = "FILE")]
    pub boundaries: Option<PathBuf>,
    #[command(flatten)]
    pub map: MapArgs,
    /// Welsh and English on every page, Welsh first.
    #[arg(long)]
    pub welsh: bool,
    /// A page template of your own (HTML with {{title}}, {{main}}, {{root}},
    /// {{head}}, {{footer}} and {{lang}}).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// A stylesheet of your own, written as style.css.
    #[arg(long, value_name = "FILE")]
    pub stylesheet: Option<PathBuf>,
    #[command(flatten)]
    pub source: SourceArgs,
}

/// How a boundary file names its shapes, where it does not follow a convention, and
/// the credit the map shows.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MapArgs {
    /// The property holding each shape's division code (default: found, e.g. CED25CD).
    #[arg(long, value_name = "P")]
    pub code_property: Option<String>,
    /// The property holding each shape's division name (default: found, e.g. CED25NM).
    #[arg(long, value_name = "P")]
    pub name_property: Option<String>,
    /// The credit shown in the map's corner (default: the ONS licence line for ONS
    /// boundaries, else the file's name).
    #[arg(long, value_name = "TEXT")]
    pub attribution: Option<String>,
}

impl MapArgs {
    /// Refuses map options without a boundary file to apply them to (they would be
    /// ignored, and the map would not be what was asked for).
    pub fn need(&self, boundaries: Option<&std::path::Path>) -> Result<(), super::CliError> {
        let given = [
            ("--code-property", self.code_property.is_some()),
            ("--name-property", self.name_property.is_some()),
            ("--attribution", self.attribution.is_some()),
        ];
        match given.iter().find(|(_, set)| *set) {
            Some((option, _)) if boundaries.is_none() => Err(super::CliError::usage(format!(
                "{option} applies to a boundary file: give it with --boundaries FILE (an election file's own map keeps the options it was set with; `tallyroom boundaries` sets them again)"
            ))),
            _ => Ok(()),
        }
    }

    pub fn options(&self) -> crate::formats::boundaries::BoundaryOptions {
        crate::formats::boundaries::BoundaryOptions {
            code_property: self.code_property.clone(),
            name_property: self.name_property.clone(),
            attribution: self.attribution.clone(),
        }
    }
}

/// Where a results file comes from: its format and, for exports holding many
/// elections or results in two files, which part of it.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SourceArgs {
    /// The file's format (default: told from its header).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Democracy Club: the election(s) to load from an export that holds many.
    #[arg(long = "election-id", value_name = "ID")]
    pub election_ids: Vec<String>,
    /// Commons Library: the by-constituency file (electorate, invalid votes, declaration times).
    #[arg(long, value_name = "FILE")]
    pub constituencies: Option<PathBuf>,
    /// Local Elections Handbook: its party-names sheet as CSV, the key to the party
    /// abbreviations (default: a "*party-names*.csv" beside the results file).
    #[arg(long = "party-names", value_name = "FILE")]
    pub party_names: Option<PathBuf>,
    /// Democracy Club: the election(s) to take from the baseline's export.
    #[arg(long = "baseline-election-id", value_name = "ID")]
    pub baseline_election_ids: Vec<String>,
    /// Party groups of your own (CSV: description, party), over the shipped table:
    /// which ballot descriptions count for another party.
    #[arg(long = "party-groups", value_name = "FILE")]
    pub party_groups: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// The app's own results CSV.
    Native,
    /// Democracy Club candidates / results CSV.
    Dc,
    /// House of Commons Library results by candidate.
    Hoc,
    /// House of Commons Library Local Elections Handbook, results by candidate.
    HocLocal,
    /// The Local Elections Archive Project's files (no header, eight columns).
    Leap,
}

impl From<FormatArg> for crate::formats::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Native => crate::formats::Format::Native,
            FormatArg::Dc => crate::formats::Format::DemocracyClub,
            FormatArg::Hoc => crate::formats::Format::CommonsLibrary,
            FormatArg::HocLocal => crate::formats::Format::LocalHandbook,
            FormatArg::Leap => crate::formats::Format::Leap,
        }
    }
}

/// Seats per division for `generate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeatsArg {
    #[value(name = "1")]
    One,
    #[value(name = "2")]
    Two,
    #[value(name = "3")]
    Three,
    /// Mostly single-member, some two- and three-member divisions.
    Mixed,
}

/// A declaration's figures on the command line.
#[derive(Debug, clap::Args)]
pub struct Entry {
    #[arg(long)]
    division: String,
    /// Ballot papers issued or counted.
    #[arg(long)]
    ballots_issued: Option<String>,
    /// Rejected ballot papers (the total; the headings give it where left out).
    #[arg(long)]
    rejected: Option<String>,
    /// Rejected ballot papers under each heading, in the order the declaration reads
    /// them (local and Parliament: no official mark, voting for too many, voter
    /// identifiable, unmarked or void; police and crime commissioner: five, unmarked
    /// and void apart): once per heading.
    #[arg(long = "rejected-heading", value_name = "N")]
    rejected_headings: Vec<String>,
    /// Ballot papers rejected in part (multi-member local divisions).
    #[arg(long)]
    rejected_in_part: Option<String>,
    /// Ballot papers verified (the verification statement's total).
    #[arg(long)]
    verified: Option<String>,
    /// Ballot papers counted.
    #[arg(long)]
    counted: Option<String>,
    /// Why the papers counted differ from those verified, as the returning officer
    /// explained it.
    #[arg(long, value_name = "TEXT")]
    discrepancy: Option<String>,
    /// Who is entering the result (default: TALLYROOM_USER or the login name).
    #[arg(long)]
    pub(super) by: Option<String>,
    /// Save even though checks gave warnings (after checking the figures).
    #[arg(long)]
    accept_warnings: bool,
    /// Votes for each candidate, as "NAME=VOTES", "NAME (PARTY)=VOTES" (where two
    /// candidates share a name) or "#N=VOTES" (N: place on the ballot paper, from 1).
    #[arg(value_name = "CANDIDATE=VOTES", required = true)]
    votes: Vec<String>,
}

impl Entry {
    pub(super) fn args(&self) -> night::EntryArgs<'_> {
        night::EntryArgs {
            division: &self.division,
            votes: &self.votes,
            ballots_issued: self.ballots_issued.as_deref(),
            rejected: self.rejected.as_deref(),
            account: RawAccountText {
                verified: self.verified.clone().unwrap_or_default(),
                counted: self.counted.clone().unwrap_or_default(),
                headings: self.rejected_headings.clone(),
                in_part: self.rejected_in_part.clone().unwrap_or_default(),
                discrepancy: self.discrepancy.clone().unwrap_or_default(),
            },
            accept_warnings: self.accept_warnings,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShareArg {
    /// Share of all votes cast.
    All,
    /// Each party's top candidate per division only.
    Top,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WhatArg {
    /// One row per candidate, the app's own format with `elected` filled.
    Candidates,
    /// One row per division: winners, majority, turnout, result.
    Divisions,
    /// One row per party: seats, votes, share and changes.
    Parties,
    /// Democracy Club's results columns, to share back.
    Dc,
}

impl From<WhatArg> for crate::formats::export::What {
    fn from(what: WhatArg) -> Self {
        match what {
            WhatArg::Candidates => crate::formats::export::What::Candidates,
            WhatArg::Divisions => crate::formats::export::What::Divisions,
            WhatArg::Parties => crate::formats::export::What::Parties,
            WhatArg::Dc => crate::formats::export::What::DemocracyClub,
        }
    }
}
