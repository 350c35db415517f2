//! `tallyroom publish`: the results site of a night, written once or kept up to date
//! as it goes on (`--watch`); `tallyroom serve`: the same pages on the local network.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::cli::load::Opened;
use crate::cli::{CliError, SiteArgs};
use crate::formats::display_name;
use crate::map::MapLayer;
use crate::map::boundaries::Boundaries;
use crate::web::{SiteOptions, build, html, write_site};

/// How often `--watch` looks at the file: a declaration shows within this and the
/// time to write the pages it changes.
const LOOK_EVERY: Duration = Duration::from_millis(200);

/// What a site is made from, read once: the options, and the boundaries given for
/// its map.
struct Making<'a> {
    args: &'a SiteArgs,
    options: SiteOptions,
    boundaries: Option<Boundaries>,
}

impl<'a> Making<'a> {
    fn new(args: &'a SiteArgs) -> Result<Making<'a>, CliError> {
        args.map.need(args.boundaries.as_deref())?;
        let mut options = SiteOptions::new(&display_name(&args.file));
        options.welsh = args.welsh;
        if let Some(path) = &args.template {
            let template = read_text(path, "template")?;
            html::check_template(&template)
                .map_err(|e| CliError::usage(format!("{}: {e}", display_name(path))))?;
            options.template = template;
        }
        if let Some(path) = &args.stylesheet {
            options.stylesheet = read_text(path, "stylesheet")?;
        }
        let boundaries = match &args.boundaries {
            Some(path) => Some(crate::cli::file::read_boundaries(
                path,
                &args.map.options(),
            )?),
            None => None,
        };
        Ok(Making {
            args,
            options,
            boundaries,
        })
    }

    /// The site's files from the file as it is now.
    fn site_now(&mut self) -> Result<Vec<crate::web::SiteFile>, CliError> {
        let args = self.args;
        let opened =
            Opened::open_with_baseline(&args.file, &args.source, args.baseline.as_deref())?;
        self.options.fingerprint = opened.fingerprint();
        // The site is the file as it stood when last changed: the same file makes the
        // same pages, so that publishing again rewrites nothing.
        self.options.made_at = last_changed(&args.file).unwrap_or_else(jiff::Timestamp::now);
        let given = self
            .boundaries
            .as_ref()
            .map(|b| MapLayer::new(opened.tally().election(), b.clone()));
        let map = given.as_ref().or_else(|| opened.night()?.map.as_deref());
        Ok(build(opened.tally(), opened.log(), map, &self.options))
    }
}

/// `tallyroom publish`: the site written into `out`, and with `watch` kept up to date.
pub fn publish(args: &SiteArgs, out: &Path, watch: bool) -> Result<u8, CliError> {
    let mut making = Making::new(args)?;
    let seen = state(&args.file);
    let written = once(&mut making, out)?;
    crate::cli::say(&format!(
        "{}: {} files written, {} unchanged{}",
        out.display(),
        written.changed.len(),
        written.unchanged,
        taken_away(&written)
    ));
    if !watch {
        return Ok(0);
    }
    crate::cli::say("watching for declarations (Ctrl+C to stop)");
    follow(&args.file, seen, || {
        let written = once(&mut making, out)?;
        if !written.changed.is_empty() || !written.removed.is_empty() {
            crate::cli::say(&format!(
                "{}: {} rewritten{}",
                jiff::Zoned::now().strftime("%H:%M:%S"),
                written.changed.join(", "),
                taken_away(&written)
            ));
        }
        Ok(())
    })
}

/// "; 2 taken away (division/old.html, …)": pages of an earlier site the night no
/// longer has.
fn taken_away(written: &crate::web::Written) -> String {
    if written.removed.is_empty() {
        return String::new();
    }
    format!(
        "; {} taken away, no longer in the results ({})",
        written.removed.len(),
        written.removed.join(", ")
    )
}

/// Calls `rebuild` each time the file has changed since `seen`, for ever. A file
/// being written by another process may not open for a moment: a rebuild that fails
/// is tried again at the next look, and what was built before stands meanwhile.
fn follow(
    file: &Path,
    mut seen: Vec<Option<(u64, SystemTime)>>,
    mut rebuild: impl FnMut() -> Result<(), CliError>,
) -> ! {
    loop {
        std::thread::sleep(LOOK_EVERY);
        let now = state(file);
        if now == seen {
            continue;
        }
        match rebuild() {
            Ok(()) => seen = now,
            Err(e) => crate::cli::say(&format!("not updated this time: {}", e.message)),
        }
    }
}

/// `tallyroom serve`: the site served read-only on `bind:port`, rebuilt in memory as
/// the night goes on.
pub fn serve(args: &SiteArgs, bind: &str, port: u16) -> Result<u8, CliError> {
    use crate::web::serve::{Served, serve};
    let mut making = Making::new(args)?;
    let listener = std::net::TcpListener::bind((bind, port)).map_err(|e| {
        CliError::usage(format!(
            "cannot listen on {bind}:{port} ({e}); choose another port with --port"
        ))
    })?;
    let address = listener
        .local_addr()
        .map_err(|e| CliError::data(format!("cannot tell the address listened on: {e}")))?;
    let served = std::sync::Arc::new(Served::default());
    let seen = state(&args.file);
    served.replace(making.site_now()?);
    crate::cli::say(&format!(
        "serving {} on http://{address}/ (read-only; Ctrl+C to stop)",
        display_name(&args.file)
    ));
    let answering = served.clone();
    std::thread::spawn(move || serve(listener, answering));
    follow(&args.file, seen, || {
        served.replace(making.site_now()?);
        Ok(())
    })
}

/// Builds the site from the file as it is now and writes what changed.
fn once(making: &mut Making, out: &Path) -> Result<crate::web::Written, CliError> {
    let files = making.site_now()?;
    let written = write_site(out, &files).map_err(CliError::data)?;
    for (path, why) in &written.not_removed {
        crate::cli::say(&format!(
            "warning: {} is no longer in the results but could not be taken away ({why}); delete it by hand",
            out.join(path).display()
        ));
    }
    Ok(written)
}

/// What tells that the file has changed: the size and time of it and of the log
/// beside it (an election file's write-ahead log).
fn state(file: &Path) -> Vec<Option<(u64, SystemTime)>> {
    let mut wal = file.as_os_str().to_owned();
    wal.push("-wal");
    [file.to_path_buf(), PathBuf::from(wal)]
        .iter()
        .map(|p| {
            std::fs::metadata(p)
                .ok()
                .and_then(|m| Some((m.len(), m.modified().ok()?)))
        })
        .collect()
}

/// When the file (or the log beside it) was last written.
fn last_changed(file: &Path) -> Option<jiff::Timestamp> {
    let latest = state(file).into_iter().flatten().map(|(_, at)| at).max()?;
    jiff::Timestamp::try_from(latest).ok()
}

fn read_text(path: &Path, what: &str) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| {
        CliError::usage(format!(
            "cannot read the {what} {}: {e}; give a UTF-8 text file",
            display_name(path)
        ))
    })
}
