//! The sync worker: a thread of its own per open shared file, with one connection
//! to the server. It sends what waits and reads what is new whenever it is woken: by
//! the window after a save, by the server's NOTIFY after anyone's, or every few
//! seconds; offline, it retries with a growing pause and keeps every event waiting.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::mpsc;

use crate::share::address::Address;
use crate::share::{ShareError, exchange, server};
use crate::store::replica::Replica;

/// Whether the laptop is talking to the server.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Link {
    #[default]
    Connecting,
    Online,
    /// Why not.
    Offline(String),
}

/// What the worker last knew, for the status bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncStatus {
    pub link: Link,
    /// Whether the account may enter results; unknown until connected.
    pub can_enter: Option<bool>,
    /// The server refused the password (or none was given): ask for one.
    pub needs_password: bool,
    /// A refusal that retrying will not mend (a viewer's events, say).
    pub refused: Option<String>,
    pub server: String,
    pub election: String,
}

enum Signal {
    Wake,
    Password(String),
}

/// A running worker; dropping it stops it.
pub struct Worker {
    status: Arc<Mutex<SyncStatus>>,
    signals: Option<mpsc::UnboundedSender<Signal>>,
    /// Counts exchanges that brought events: the window refreshes when it moves.
    arrivals: Arc<AtomicU64>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts syncing `file` with the election it is shared as. `on_arrival` runs on
    /// the worker's thread whenever events arrive (the window asks for a frame).
    pub fn start(
        file: PathBuf,
        address: Address,
        election: String,
        on_arrival: impl Fn() + Send + 'static,
    ) -> Worker {
        let status = Arc::new(Mutex::new(SyncStatus {
            server: address.shown.clone(),
            election: election.clone(),
            ..SyncStatus::default()
        }));
        let arrivals = Arc::new(AtomicU64::new(0));
        let (sender, receiver) = mpsc::unbounded_channel();
        let thread = {
            let status = status.clone();
            let arrivals = arrivals.clone();
            std::thread::Builder::new()
                .name("tallyroom sync".into())
                .spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build();
                    match runtime {
                        Ok(rt) => rt.block_on(run(
                            Job {
                                file,
                                address,
                                election,
                                status,
                                arrivals,
                                on_arrival: Box::new(on_arrival),
                            },
                            receiver,
                        )),
                        Err(e) => set(&status, |s| {
                            s.link =
                                Link::Offline(format!("cannot start the network runtime: {e}"));
                        }),
                    }
                })
                .ok()
        };
        Worker {
            status,
            signals: Some(sender),
            arrivals,
            thread,
        }
    }

    pub fn status(&self) -> SyncStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// How many exchanges have brought events so far.
    pub fn arrivals(&self) -> u64 {
        self.arrivals.load(Ordering::Acquire)
    }

    /// Something was saved here: send it now.
    pub fn wake(&self) {
        if let Some(s) = &self.signals {
            // A worker that has stopped needs no waking: the night is saved on this laptop.
            let _ = s.send(Signal::Wake);
        }
    }

    /// A password typed at the prompt (kept in memory only).
    pub fn give_password(&self, password: &str) {
        if let Some(s) = &self.signals {
            // A worker that has stopped asks for no password.
            let _ = s.send(Signal::Password(password.to_string()));
        }
    }
}

impl Worker {
    /// Stops the worker and waits for it to finish what it is doing (at most one
    /// exchange, or a connection attempt of a few seconds).
    pub fn stop(mut self) {
        self.signals = None;
        if let Some(thread) = self.thread.take() {
            // A worker that panicked has nothing more to send; the night is in the file.
            let _ = thread.join();
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing the channel stops the worker at its next wait; the window does not
        // wait for it (closing a file must not hang on a slow network).
        self.signals = None;
    }
}

struct Job {
    file: PathBuf,
    address: Address,
    election: String,
    status: Arc<Mutex<SyncStatus>>,
    arrivals: Arc<AtomicU64>,
    on_arrival: Box<dyn Fn() + Send>,
}

fn set(status: &Mutex<SyncStatus>, change: impl FnOnce(&mut SyncStatus)) {
    if let Ok(mut s) = status.lock() {
        change(&mut s);
    }
}

/// How long the worker waits between exchanges when nothing wakes it; a dead
/// connection shows itself at the next exchange.
const IDLE: Duration = Duration::from_secs(5);
const LONGEST_PAUSE: Duration = Duration::from_secs(10);
/// The longest one exchange may take before the connection is given up as dead.
const EXCHANGE_LIMIT: Duration = Duration::from_secs(20);

async fn run(mut job: Job, mut signals: mpsc::UnboundedReceiver<Signal>) {
    let mut replica = match Replica::open(&job.file) {
        Ok(r) => r,
        Err(e) => {
            set(&job.status, |s| s.link = Link::Offline(e.to_string()));
            return;
        }
    };
    let mut pause = Duration::from_millis(500);
    loop {
        let connected = server::connect(&job.address).await;
        let mut conn = match connected {
            Ok(conn) => conn,
            Err(e) => {
                set(&job.status, |s| {
                    s.needs_password = matches!(e, ShareError::Password { .. });
                    s.link = Link::Offline(e.to_string());
                });
                if !wait(&mut signals, &mut job, pause).await {
                    return;
                }
                pause = (pause * 2).min(LONGEST_PAUSE);
                continue;
            }
        };
        pause = Duration::from_millis(500);
        let can_enter = conn.can_enter().await.ok();
        if let Some(can) = can_enter {
            // Saying so is a courtesy: the server itself refuses what this account may not
            // enter.
            let _ = replica.set_watch_only(!can);
        }
        set(&job.status, |s| {
            s.needs_password = false;
            s.can_enter = can_enter;
        });
        loop {
            // A connection whose other end vanished (Wi-Fi gone, no goodbye) would make a
            // query wait for the operating system's keepalive, minutes: give up sooner
            // and reconnect.
            let exchanged = tokio::time::timeout(
                EXCHANGE_LIMIT,
                exchange(&mut conn, &mut replica, &job.election),
            )
            .await
            .unwrap_or_else(|_| {
                Err(ShareError::Unreachable {
                    server: job.address.shown.clone(),
                    detail: format!("no answer within {} s", EXCHANGE_LIMIT.as_secs()),
                })
            });
            match exchanged {
                Ok(done) => {
                    set(&job.status, |s| {
                        s.link = Link::Online;
                        s.refused = done.refused.clone();
                    });
                    if done.received > 0 {
                        job.arrivals.fetch_add(1, Ordering::AcqRel);
                        (job.on_arrival)();
                    }
                }
                Err(e) if !e.is_transient() => {
                    // The server is there but will not take these events: say so, and
                    // keep reading everyone else's.
                    set(&job.status, |s| {
                        s.link = Link::Online;
                        s.refused = Some(e.to_string());
                    });
                    if let Ok(batch) = pull_only(&mut conn, &mut replica, &job.election).await
                        && batch > 0
                    {
                        job.arrivals.fetch_add(1, Ordering::AcqRel);
                        (job.on_arrival)();
                    }
                }
                Err(e) => {
                    set(&job.status, |s| s.link = Link::Offline(e.to_string()));
                    break;
                }
            }
            tokio::select! {
                signal = signals.recv() => match signal {
                    None => return,
                    Some(Signal::Wake) => {}
                    Some(Signal::Password(p)) => {
                        job.address = job.address.clone().with_password(&p);
                    }
                },
                notice = conn.notifications.recv() => if notice.is_none() {
                    set(&job.status, |s| s.link = Link::Offline("the connection to the server was lost".into()));
                    break;
                },
                () = tokio::time::sleep(IDLE) => {}
            }
        }
    }
}

/// Reads without sending (for an account that may only watch).
async fn pull_only(
    conn: &mut server::Connection,
    replica: &mut Replica,
    election: &str,
) -> Result<usize, ShareError> {
    let after = replica.sharing()?.map_or(0, |s| s.pulled);
    let batch = conn.pull(election, after, 5000).await?;
    replica.take_from_server(&batch)?;
    Ok(batch.len())
}

/// Waits before reconnecting; returns false when the worker is to stop.
async fn wait(
    signals: &mut mpsc::UnboundedReceiver<Signal>,
    job: &mut Job,
    pause: Duration,
) -> bool {
    tokio::select! {
        signal = signals.recv() => match signal {
            None => false,
            Some(Signal::Wake) => true,
            Some(Signal::Password(p)) => {
                job.address = job.address.clone().with_password(&p);
                true
            }
        },
        () = tokio::time::sleep(pause) => true,
    }
}
