//! Several count centres, one tally: a night shared through PostgreSQL.
//!
//! Every laptop keeps its own election file, which stays the source of truth for it
//! and works offline. A background worker sends the file's new events to the server
//! and writes everyone else's into the file, woken by LISTEN/NOTIFY; the server's
//! order of events is the one order every replica replays (see `store`), so all
//! reach the same state. Events are sent by their globally unique id: sending one
//! twice is harmless. Figures entered at two centres without seeing each other are
//! both kept (`store::night::Rival`) until a correction names them.

pub mod address;
mod error;
pub mod server;
pub mod worker;

use std::path::Path;

pub use address::Address;
pub use error::ShareError;

use crate::store::StoreError;
use crate::store::replica::{Replica, Sharing, write_setup_copy};

/// What one exchange with the server did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exchange {
    /// Events the server did not have before.
    pub sent: u64,
    /// Events read from the server (others' and, the first time, this laptop's own).
    pub received: usize,
    /// Why the server would not take this file's waiting events (an account that may
    /// only watch, say); everyone else's were read all the same.
    pub refused: Option<String>,
}

/// How many events are read from the server at a time.
const PULL_BATCH: i64 = 5000;

/// One round: send what waits here, then read everything new on the server.
pub async fn exchange(
    conn: &mut server::Connection,
    replica: &mut Replica,
    election: &str,
) -> Result<Exchange, ShareError> {
    let unsent = replica.unsent()?;
    let (sent, refused) = match conn.push(election, &unsent).await {
        Ok(sent) => (sent, None),
        // The server is there but will not take them: reading what others send must
        // not wait on that.
        Err(e) if !e.is_transient() => (0, Some(e.to_string())),
        Err(e) => return Err(e),
    };
    let mut received = 0;
    loop {
        let after = replica.sharing()?.map_or(0, |s| s.pulled);
        let batch = conn.pull(election, after, PULL_BATCH).await?;
        received += batch.len();
        replica.take_from_server(&batch)?;
        if (batch.len() as i64) < PULL_BATCH {
            break;
        }
    }
    Ok(Exchange {
        sent,
        received,
        refused,
    })
}

fn runtime() -> Result<tokio::runtime::Runtime, ShareError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ShareError::Server {
            server: "this laptop".into(),
            detail: format!("cannot start the network runtime: {e}"),
        })
}

/// What `share` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub election: String,
    pub server: String,
    pub sent: u64,
}

/// Publishes an election file's night on a server: creates or upgrades the server's
/// tables, stores the set-up for laptops that join, marks the file as shared and
/// sends its events.
pub fn share(
    file: &Path,
    address: &Address,
    name: Option<&str>,
    who: &str,
) -> Result<Shared, ShareError> {
    let mut replica = Replica::open(file)?;
    if let Some(existing) = replica.sharing()? {
        return Err(ShareError::FileShared {
            file: file.display().to_string(),
            election: existing.election,
            server: existing.server,
        });
    }
    let election = match name {
        Some(n) if !n.trim().is_empty() => n.trim().to_string(),
        _ => replica.election_name()?,
    };
    let setup = setup_bytes(file)?;
    runtime()?.block_on(async {
        let mut conn = server::connect(address).await?;
        conn.migrate().await?;
        conn.publish(&election, &setup, who).await?;
        replica.set_sharing(&address.shown, &election)?;
        let done = exchange(&mut conn, &mut replica, &election).await?;
        Ok(Shared {
            election: election.clone(),
            server: address.shown.clone(),
            sent: done.sent,
        })
    })
}

/// The set-up of a file as a new election file's bytes.
fn setup_bytes(file: &Path) -> Result<Vec<u8>, ShareError> {
    let dir = tempfile_dir(file);
    let temp = dir.join(format!(
        ".{}.setup-{}",
        file.file_name()
            .map_or("election".into(), |n| n.to_string_lossy()),
        std::process::id()
    ));
    // A leftover from an attempt that was cut off; none is the usual case.
    let _ = std::fs::remove_file(&temp);
    let result = write_setup_copy(file, &temp).and_then(|()| {
        std::fs::read(&temp).map_err(|e| StoreError::cannot_open(&temp.display().to_string(), &e))
    });
    // A temporary copy, read already; one left behind is only disk space.
    let _ = std::fs::remove_file(&temp);
    Ok(result?)
}

fn tempfile_dir(file: &Path) -> std::path::PathBuf {
    file.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| Path::new(".").to_path_buf(), Path::to_path_buf)
}

/// What `join` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    pub received: usize,
    /// Whether this account may enter results, or only watch.
    pub can_enter: bool,
}

/// Makes a local replica of a shared election: a new election file at `out` with
/// the set-up and every event so far.
pub fn join(address: &Address, election: &str, out: &Path) -> Result<Joined, ShareError> {
    let name = out.display().to_string();
    if out.exists() {
        return Err(StoreError::Exists { file: name }.into());
    }
    runtime()?.block_on(async {
        let mut conn = server::connect(address).await?;
        let setup = conn.setup(election).await?;
        let can_enter = conn.can_enter().await?;
        let temp = tempfile_dir(out).join(format!(
            ".{}.joining",
            out.file_name()
                .map_or("election".into(), |n| n.to_string_lossy())
        ));
        std::fs::write(&temp, &setup).map_err(|e| StoreError::cannot_open(&name, &e))?;
        let ready = (|| {
            crate::store::schema::inspect(&temp)?;
            let replica = Replica::open(&temp)?;
            replica.set_sharing(&address.shown, election)?;
            replica.set_watch_only(!can_enter)?;
            drop(replica);
            std::fs::rename(&temp, out).map_err(|e| StoreError::cannot_open(&name, &e))
        })();
        if let Err(e) = ready {
            // Tidying after a failure already reported: the half-made file is no one's.
            let _ = std::fs::remove_file(&temp);
            return Err(e.into());
        }
        let mut replica = Replica::open(out)?;
        let done = exchange(&mut conn, &mut replica, election).await?;
        Ok(Joined {
            received: done.received,
            can_enter,
        })
    })
}

/// Where a file is shared, or why it is not.
pub fn sharing_of(file: &Path) -> Result<Sharing, ShareError> {
    Replica::open(file)?
        .sharing()?
        .ok_or_else(|| ShareError::FileNotShared {
            file: file.display().to_string(),
        })
}

/// One exchange for a shared file (the `sync` command): the address it was shared
/// with unless another is given (with a password, say).
pub fn sync_once(file: &Path, address: Option<&Address>) -> Result<Exchange, ShareError> {
    let sharing = sharing_of(file)?;
    let address = match address {
        Some(a) => a.clone(),
        None => Address::parse(&sharing.server)?,
    };
    let mut replica = Replica::open(file)?;
    runtime()?.block_on(async {
        let mut conn = server::connect(&address).await?;
        // What the account may do can change on the server: the file follows it.
        if let Ok(can_enter) = conn.can_enter().await {
            replica.set_watch_only(!can_enter)?;
        }
        exchange(&mut conn, &mut replica, &sharing.election).await
    })
}
