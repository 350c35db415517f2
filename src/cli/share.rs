//! Sharing a night through a PostgreSQL server: share, join, sync.

// `let _ = write!(text, …)` below writes into a String, which cannot fail.

use std::fmt::Write;
use std::path::Path;
use std::time::Duration;

use crate::cli::{CliError, print};
use crate::share::worker::{Link, Worker};
use crate::share::{self, Address, ShareError};
use crate::store::Store;
use crate::store::events::Identity;

fn fail(e: ShareError) -> CliError {
    let words = e.in_words(&super::advice::CommandLine);
    match e {
        ShareError::Address { .. } => CliError::usage(words),
        _ => CliError::data(words),
    }
}

pub fn share(file: &Path, db: &str, name: Option<&str>, by: Option<&str>) -> Result<u8, CliError> {
    let address = Address::parse(db).map_err(fail)?;
    let who = Identity::new(by).who;
    let done = share::share(file, &address, name, &who).map_err(fail)?;
    print(&format!(
        "shared: \"{}\" on {}, {} event(s) sent\nother laptops join with: tallyroom join --db postgres://THEIR-ACCOUNT@SERVER/DATABASE --election \"{}\" --out FILE.tally\n",
        done.election, done.server, done.sent, done.election
    ))?;
    Ok(0)
}

pub fn join(db: &str, election: &str, out: &Path) -> Result<u8, CliError> {
    let address = Address::parse(db).map_err(fail)?;
    let done = share::join(&address, election, out).map_err(fail)?;
    print(&format!(
        "joined: \"{election}\" from {} into {}, {} event(s) read; this account {}\n",
        address.shown,
        out.display(),
        done.received,
        if done.can_enter {
            "may enter results"
        } else {
            "may only watch"
        }
    ))?;
    Ok(0)
}

pub fn sync(file: &Path, db: Option<&str>, watch: bool) -> Result<u8, CliError> {
    let address = db.map(Address::parse).transpose().map_err(fail)?;
    if !watch {
        let done = share::sync_once(file, address.as_ref()).map_err(fail)?;
        let mut out = format!(
            "synced: {} event(s) sent, {} read\n",
            done.sent, done.received
        );
        conflicts(file, &mut out)?;
        print(&out)?;
        // Everyone else's events were read; this file's own could not be sent.
        if let Some(why) = done.refused {
            return Err(CliError::data(format!(
                "this file's waiting events were not sent: {why}"
            )));
        }
        return Ok(0);
    }
    let sharing = share::sharing_of(file).map_err(fail)?;
    let address = match address {
        Some(a) => a,
        None => Address::parse(&sharing.server).map_err(fail)?,
    };
    let worker = Worker::start(file.to_path_buf(), address, sharing.election, || {});
    // Runs until the process is stopped; says whenever the link or the night changes.
    let mut last = (None, u64::MAX);
    loop {
        let status = worker.status();
        let now = (Some(status.link.clone()), worker.arrivals());
        if now != last {
            let line = match &status.link {
                Link::Connecting => "connecting".to_string(),
                Link::Online => format!("online: {} exchange(s) brought events", worker.arrivals()),
                Link::Offline(why) => format!("offline: {why}"),
            };
            print(&format!("{line}\n"))?;
            last = now;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Lists the divisions with conflicting declarations.
fn conflicts(file: &Path, out: &mut String) -> Result<(), CliError> {
    let store = Store::open(file, Identity::new(None)).map_err(CliError::from)?;
    let election = store.election();
    for d in store.conflicts() {
        let _ = writeln!(
            out,
            "conflicting declarations: {} (resolve with `tallyroom correct --resolve`)",
            election.division(d).name
        );
        for rival in &store.night().rivals[d.index()] {
            let _ = writeln!(
                out,
                "  also entered by {} on {}: votes {:?}",
                rival.who, rival.machine, rival.figures.votes
            );
        }
    }
    Ok(())
}

/// After a save on the command line: if the file is shared, sends it at once, or
/// says it waits (it is kept, and the next sync or the window sends it).
pub(crate) fn send_now(store: &Store) {
    let Ok(sharing) = share::sharing_of(store.path()) else {
        return;
    };
    // Printed like every other line: a closed pipe is not a reason to stop.
    let _ = match share::sync_once(store.path(), None) {
        Ok(_) => print(&format!("sent to {}\n", sharing.server)),
        Err(e) => print(&format!(
            "not sent yet, kept here and sent by the next sync: {}\n",
            e.in_words(&super::advice::CommandLine)
        )),
    };
}
