//! PostgreSQL for the sharing tests: the machine's server (a fresh database per
//! test), or a private server of our own that a test may stop and start again.
//!
//! Where no server is to be had, a test says so loudly and passes, except under
//! `CI=true`, where a missing server is a failure: CI must test sharing for real.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// The server the tests use: `TALLYROOM_TEST_PG`, or the local one on 5432 as the
/// user running the tests.
fn server_url() -> String {
    std::env::var("TALLYROOM_TEST_PG")
        .unwrap_or_else(|_| format!("postgres://{}@127.0.0.1:5432", login_name()))
}

fn login_name() -> String {
    Command::new("id")
        .arg("-un")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "postgres".into())
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Skips (loudly) or, in CI, fails.
pub fn unavailable(test: &str, why: &str) {
    assert!(
        !in_ci(),
        "{test}: PostgreSQL is needed and CI=true, so this is a failure, not a skip: {why}"
    );
    eprintln!("\n*** SKIPPED {test}: no PostgreSQL server to test sharing against ({why}).");
    eprintln!(
        "*** Run .ci/run (which starts one), or set TALLYROOM_TEST_PG=postgres://USER@HOST:PORT\n"
    );
}

/// Runs SQL on a database of the test server.
pub fn sql(url: &str, statements: &str) -> Result<Vec<Vec<Option<String>>>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e: tokio_postgres::Error| e.to_string())?;
        config.connect_timeout(Duration::from_secs(3));
        let (client, connection) = config
            .connect(tokio_postgres::NoTls)
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        let messages = client
            .simple_query(statements)
            .await
            .map_err(|e| e.to_string())?;
        Ok(messages
            .into_iter()
            .filter_map(|m| match m {
                tokio_postgres::SimpleQueryMessage::Row(row) => Some(
                    (0..row.len())
                        .map(|i| row.get(i).map(str::to_string))
                        .collect(),
                ),
                _ => None,
            })
            .collect())
    })
}

/// A database of its own on the test server, dropped at the end.
pub struct Database {
    admin: String,
    name: String,
    pub url: String,
}

impl Database {
    /// None (after saying so) when there is no server, outside CI.
    pub fn fresh(test: &str) -> Option<Database> {
        let base = server_url();
        let admin = format!("{base}/postgres");
        let name = format!("tallyroom_test_{}_{}", std::process::id(), rand_suffix());
        if let Err(e) = sql(&admin, &format!("CREATE DATABASE {name}")) {
            unavailable(test, &format!("{base}: {e}"));
            return None;
        }
        Some(Database {
            url: format!("{base}/{name}"),
            admin,
            name,
        })
    }

    /// The address for another user of the same database.
    pub fn url_as(&self, user: &str) -> String {
        let base = server_url();
        let (scheme, rest) = base.split_once("://").expect("a URL");
        let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
        format!("{scheme}://{user}@{host}/{}", self.name)
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        let _ = sql(
            &self.admin,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now()) % 1_000_000
}

/// A PostgreSQL server of the test's own, in a temporary directory, on a free port:
/// one the test can stop and start.
pub struct PrivateServer {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
    as_postgres: bool,
}

impl PrivateServer {
    pub fn start(test: &str) -> Option<PrivateServer> {
        let Some(bin) = postgres_bin() else {
            unavailable(
                test,
                "no PostgreSQL server programs (initdb, pg_ctl) on this machine",
            );
            return None;
        };
        let dir = tempfile::tempdir().expect("temp dir");
        // initdb refuses to run as root: run the server as the postgres user then.
        let as_postgres = is_root();
        if as_postgres {
            let _ = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status();
        }
        let port = free_port();
        let server = PrivateServer {
            dir,
            bin,
            port,
            as_postgres,
        };
        let data = server.data();
        let init = server.run(
            "initdb",
            &[
                "-D",
                &data,
                "-A",
                "trust",
                "-U",
                "root",
                "--no-sync",
                "-E",
                "UTF8",
            ],
        );
        if let Err(e) = init {
            unavailable(test, &format!("initdb failed: {e}"));
            return None;
        }
        if let Err(e) = server.start_again() {
            unavailable(test, &format!("the server did not start: {e}"));
            return None;
        }
        Some(server)
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let program = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        let out = command.args(args).output().map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    pub fn start_again(&self) -> Result<(), String> {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-l",
                &log,
                "-w",
                "-o",
                &options,
                "start",
            ],
        )
    }

    pub fn stop(&self) -> Result<(), String> {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"])
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://root@127.0.0.1:{}/{database}", self.port)
    }
}

impl Drop for PrivateServer {
    fn drop(&mut self) {
        let _ = self.run(
            "pg_ctl",
            &["-D", &self.data(), "-m", "immediate", "-w", "stop"],
        );
    }
}

fn postgres_bin() -> Option<PathBuf> {
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").exists() {
            return Some(dir);
        }
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Waits for `check` to hold, up to `limit`; says what it last saw if not.
pub fn eventually(limit: Duration, what: &str, mut check: impl FnMut() -> Result<(), String>) {
    let start = std::time::Instant::now();
    loop {
        match check() {
            Ok(()) => return,
            Err(e) if start.elapsed() > limit => panic!("{what}: not within {limit:?}: {e}"),
            Err(_) => std::thread::sleep(Duration::from_millis(200)),
        }
    }
}
