//! The shared night on the PostgreSQL server: its tables (made and upgraded by the
//! app), and the few statements a replica needs: publish an election, fetch its
//! set-up, send events, read events after a position.
//!
//! Order: every event gets the next `server_seq` while its sender holds the election's
//! advisory lock, so positions are committed in order and a reader that has seen
//! position N will never later find a smaller one appear.

use futures_util::future::poll_fn;
use tokio::sync::mpsc;
use tokio_postgres::{AsyncMessage, Client};

use crate::share::ShareError;
use crate::share::address::Address;
use crate::store::replica::WireEvent;

/// The channel every replica listens on; the payload is the election's name.
pub const CHANNEL: &str = "tallyroom";

/// The server schema this build writes.
pub const SERVER_VERSION: i32 = 2;

/// Each migration takes the server's schema from its index to its index + 1.
const MIGRATIONS: &[&str] = &[
    r#"
    CREATE TABLE tallyroom.elections (
        name      text PRIMARY KEY,
        -- A new election file holding only the set-up, for laptops that join.
        setup     bytea NOT NULL,
        shared_at timestamptz NOT NULL DEFAULT now(),
        shared_by text NOT NULL
    );
    CREATE TABLE tallyroom.events (
        server_seq  bigserial PRIMARY KEY,
        election    text NOT NULL REFERENCES tallyroom.elections(name),
        id          text NOT NULL,
        at          text NOT NULL,
        machine     text NOT NULL,
        who         text NOT NULL,
        kind        text NOT NULL,
        division    integer,
        payload     text NOT NULL,
        reason      text,
        base        text,
        received_at timestamptz NOT NULL DEFAULT now(),
        received_by text NOT NULL DEFAULT current_user,
        UNIQUE (election, id)
    );
    CREATE FUNCTION tallyroom.announce() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('tallyroom', NEW.election); RETURN NULL; END $$;
    CREATE TRIGGER announce AFTER INSERT ON tallyroom.events
        FOR EACH ROW EXECUTE FUNCTION tallyroom.announce();
    CREATE FUNCTION tallyroom.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the events of a night are never changed or deleted'; END $$;
    CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON tallyroom.events
        FOR EACH ROW EXECUTE FUNCTION tallyroom.refuse_change();
    "#,
    // Version 2: the server keeps each event's digest, as its sender worked it out,
    // and links them in the server's order, as every laptop links them for the
    // night's fingerprint: the newest link is the fingerprint of the night so far.
    // Events sent before this version have none, and the links pass over them.
    r#"
    ALTER TABLE tallyroom.events ADD COLUMN digest bytea, ADD COLUMN link bytea;
    CREATE INDEX events_in_order ON tallyroom.events (election, server_seq);
    CREATE FUNCTION tallyroom.link() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE previous bytea;
    BEGIN
        IF NEW.digest IS NULL THEN RETURN NEW; END IF;
        SELECT link INTO previous FROM tallyroom.events
            WHERE election = NEW.election AND link IS NOT NULL
            ORDER BY server_seq DESC LIMIT 1;
        NEW.link := sha256(coalesce(previous, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) || NEW.digest);
        RETURN NEW;
    END $$;
    CREATE TRIGGER link BEFORE INSERT ON tallyroom.events
        FOR EACH ROW EXECUTE FUNCTION tallyroom.link();
    "#,
];

/// Rights for the two group roles, where they exist (README: "Sharing a night").
const GRANTS: &str = r#"
    DO $$ BEGIN
      IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tallyroom_entry') THEN
        GRANT USAGE ON SCHEMA tallyroom TO tallyroom_entry;
        GRANT SELECT ON ALL TABLES IN SCHEMA tallyroom TO tallyroom_entry;
        GRANT INSERT ON tallyroom.events TO tallyroom_entry;
        GRANT USAGE ON SEQUENCE tallyroom.events_server_seq_seq TO tallyroom_entry;
      END IF;
      IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tallyroom_view') THEN
        GRANT USAGE ON SCHEMA tallyroom TO tallyroom_view;
        GRANT SELECT ON ALL TABLES IN SCHEMA tallyroom TO tallyroom_view;
      END IF;
    END $$;
    "#;

/// A column of a row, or an error naming it: a table not made by this app (or
/// changed by hand) is reported, never a panic.
fn column<'a, T: tokio_postgres::types::FromSql<'a>>(
    server: &str,
    row: &'a tokio_postgres::Row,
    index: usize,
) -> Result<T, ShareError> {
    row.try_get(index).map_err(|e| ShareError::Server {
        server: server.to_string(),
        detail: format!(
            "the tallyroom tables hold something this version cannot read (column {}: {e})",
            row.columns().get(index).map_or("?", |c| c.name())
        ),
    })
}

/// A connection to the server, with the notifications it receives.
pub struct Connection {
    pub client: Client,
    pub notifications: mpsc::UnboundedReceiver<String>,
    pub server: String,
}

/// Connects (on the current tokio runtime) and listens for new events.
pub async fn connect(address: &Address) -> Result<Connection, ShareError> {
    let server = address.shown.clone();
    let fail = |e: tokio_postgres::Error| ShareError::from_postgres(&server, &e);
    let tls = address.tls()?;
    let (client, mut connection) = address.config.connect(tls).await.map_err(fail)?;
    let (sender, notifications) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        // Drives the connection; notifications go to the worker. Ends when the
        // connection does (the worker then sees its client fail and reconnects).
        while let Some(message) = poll_fn(|cx| connection.poll_message(cx)).await {
            match message {
                Ok(AsyncMessage::Notification(n)) => {
                    if sender.send(n.payload().to_string()).is_err() {
                        break;
                    }
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    });
    client
        .batch_execute(&format!("LISTEN {CHANNEL}"))
        .await
        .map_err(fail)?;
    Ok(Connection {
        client,
        notifications,
        server: address.shown.clone(),
    })
}

impl Connection {
    fn fail(&self, e: &tokio_postgres::Error) -> ShareError {
        ShareError::from_postgres(&self.server, e)
    }

    /// Creates or upgrades the server's tables (needs the right to create a schema).
    pub async fn migrate(&mut self) -> Result<(), ShareError> {
        let server = self.server.clone();
        let fail = |e: tokio_postgres::Error| ShareError::from_postgres(&server, &e);
        let tx = self.client.transaction().await.map_err(fail)?;
        // One migrating laptop at a time.
        tx.batch_execute(
            "SELECT pg_advisory_xact_lock(7411081);
             CREATE SCHEMA IF NOT EXISTS tallyroom;
             CREATE TABLE IF NOT EXISTS tallyroom.schema_version (version integer NOT NULL);",
        )
        .await
        .map_err(fail)?;
        let version: i32 = tx
            .query_opt("SELECT version FROM tallyroom.schema_version", &[])
            .await
            .map_err(fail)?
            .map_or(Ok(0), |r| column(&server, &r, 0))?;
        if version > SERVER_VERSION {
            return Err(ShareError::NewerServer { server, version });
        }
        let from = usize::try_from(version).unwrap_or(0);
        for migration in MIGRATIONS.get(from..).unwrap_or_default() {
            tx.batch_execute(migration).await.map_err(fail)?;
        }
        tx.batch_execute(GRANTS).await.map_err(fail)?;
        tx.execute("DELETE FROM tallyroom.schema_version", &[])
            .await
            .map_err(fail)?;
        tx.execute(
            "INSERT INTO tallyroom.schema_version (version) VALUES ($1)",
            &[&SERVER_VERSION],
        )
        .await
        .map_err(fail)?;
        tx.commit().await.map_err(fail)
    }

    /// Checks the server's tables are there and of a version this build reads.
    pub async fn check_version(&self) -> Result<(), ShareError> {
        let row = self
            .client
            .query_opt(
                "SELECT version FROM tallyroom.schema_version WHERE to_regclass('tallyroom.schema_version') IS NOT NULL",
                &[],
            )
            .await;
        let version: i32 = match row {
            Ok(Some(r)) => column(&self.server, &r, 0)?,
            Ok(None) => 0,
            // The table does not exist: nothing was ever shared here.
            Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::UNDEFINED_TABLE) => 0,
            Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::INVALID_SCHEMA_NAME) => 0,
            Err(e) => return Err(self.fail(&e)),
        };
        if version > SERVER_VERSION {
            return Err(ShareError::NewerServer {
                server: self.server.clone(),
                version,
            });
        }
        Ok(())
    }

    /// The names of the elections shared here.
    pub async fn elections(&self) -> Result<Vec<String>, ShareError> {
        match self
            .client
            .query("SELECT name FROM tallyroom.elections ORDER BY name", &[])
            .await
        {
            Ok(rows) => rows.iter().map(|r| column(&self.server, r, 0)).collect(),
            Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::UNDEFINED_TABLE) => {
                Ok(Vec::new())
            }
            Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::INVALID_SCHEMA_NAME) => {
                Ok(Vec::new())
            }
            Err(e) => Err(self.fail(&e)),
        }
    }

    pub async fn publish(&self, election: &str, setup: &[u8], who: &str) -> Result<(), ShareError> {
        let inserted = self
            .client
            .execute(
                "INSERT INTO tallyroom.elections (name, setup, shared_by) VALUES ($1, $2, $3)
                 ON CONFLICT (name) DO NOTHING",
                &[&election, &setup, &who],
            )
            .await
            .map_err(|e| self.fail(&e))?;
        if inserted == 0 {
            return Err(ShareError::AlreadyShared {
                election: election.to_string(),
                server: self.server.clone(),
            });
        }
        Ok(())
    }

    /// The set-up file of a shared election.
    pub async fn setup(&self, election: &str) -> Result<Vec<u8>, ShareError> {
        self.check_version().await?;
        let row = match self
            .client
            .query_opt(
                "SELECT setup FROM tallyroom.elections WHERE name = $1",
                &[&election],
            )
            .await
        {
            Ok(row) => row,
            Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::UNDEFINED_TABLE) => None,
            Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::INVALID_SCHEMA_NAME) => {
                None
            }
            Err(e) => return Err(self.fail(&e)),
        };
        match row {
            Some(r) => column(&self.server, &r, 0),
            None => Err(ShareError::NotShared {
                election: election.to_string(),
                server: self.server.clone(),
                shared: self.elections().await?,
            }),
        }
    }

    /// Whether this account may enter results (insert events).
    pub async fn can_enter(&self) -> Result<bool, ShareError> {
        let row = self
            .client
            .query_one(
                "SELECT has_table_privilege('tallyroom.events', 'INSERT')",
                &[],
            )
            .await
            .map_err(|e| self.fail(&e))?;
        column(&self.server, &row, 0)
    }

    /// Sends events; the server keeps each id once, so sending again is harmless.
    /// Returns how many were new to the server.
    pub async fn push(&mut self, election: &str, events: &[WireEvent]) -> Result<u64, ShareError> {
        if events.is_empty() {
            return Ok(0);
        }
        let server = self.server.clone();
        let user = self.client_user().await.unwrap_or_default();
        let fail = |e: tokio_postgres::Error| {
            if e.code() == Some(&tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) {
                ShareError::ViewOnly {
                    server: server.clone(),
                    user: user.clone(),
                }
            } else {
                ShareError::from_postgres(&server, &e)
            }
        };
        let tx = self.client.transaction().await.map_err(fail)?;
        tx.execute("SELECT pg_advisory_xact_lock(hashtext($1))", &[&election])
            .await
            .map_err(fail)?;
        let insert = tx
            .prepare(
                "INSERT INTO tallyroom.events (election, id, at, machine, who, kind, division, payload, reason, base, digest)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (election, id) DO NOTHING",
            )
            .await
            .map_err(fail)?;
        let mut new = 0;
        for e in events {
            let division = e.division.and_then(|d| i32::try_from(d).ok());
            let digest = e.digest().to_vec();
            new += tx
                .execute(
                    &insert,
                    &[
                        &election, &e.id, &e.at, &e.machine, &e.who, &e.kind, &division,
                        &e.payload, &e.reason, &e.base, &digest,
                    ],
                )
                .await
                .map_err(fail)?;
        }
        tx.commit().await.map_err(fail)?;
        Ok(new)
    }

    async fn client_user(&self) -> Option<String> {
        self.client
            .query_one("SELECT current_user::text", &[])
            .await
            .ok()
            .and_then(|r| r.try_get(0).ok())
    }

    /// The newest link of an election's events on the server, as a fingerprint: the
    /// fingerprint every laptop holding the same events shows (none before any event).
    pub async fn fingerprint(&self, election: &str) -> Result<Option<String>, ShareError> {
        let row = self
            .client
            .query_opt(
                "SELECT link FROM tallyroom.events WHERE election = $1 AND link IS NOT NULL
                 ORDER BY server_seq DESC LIMIT 1",
                &[&election],
            )
            .await
            .map_err(|e| self.fail(&e))?;
        let Some(row) = row else { return Ok(None) };
        let link: Vec<u8> = column(&self.server, &row, 0)?;
        Ok(link
            .try_into()
            .ok()
            .map(|hash: crate::store::chain::Hash| crate::store::chain::fingerprint_text(&hash)))
    }

    /// Events after a position, in the server's order, at most `limit`. An event whose
    /// content no longer matches the digest its sender gave was changed on the server
    /// after it was sent: refused, named, never taken into a laptop's record.
    pub async fn pull(
        &self,
        election: &str,
        after: i64,
        limit: i64,
    ) -> Result<Vec<(i64, WireEvent)>, ShareError> {
        let rows = self
            .client
            .query(
                "SELECT server_seq, id, at, machine, who, kind, division, payload, reason, base, digest
                 FROM tallyroom.events WHERE election = $1 AND server_seq > $2
                 ORDER BY server_seq LIMIT $3",
                &[&election, &after, &limit],
            )
            .await
            .map_err(|e| self.fail(&e))?;
        rows.iter()
            .map(|r| {
                let get = |i| column::<Option<String>>(&self.server, r, i);
                let text = |i| column::<String>(&self.server, r, i);
                let division: Option<i32> = column(&self.server, r, 6)?;
                let position: i64 = column(&self.server, r, 0)?;
                let event = WireEvent {
                    id: text(1)?,
                    at: text(2)?,
                    machine: text(3)?,
                    who: text(4)?,
                    kind: text(5)?,
                    division: division.map(i64::from),
                    payload: text(7)?,
                    reason: get(8)?,
                    base: get(9)?,
                };
                let sent: Option<Vec<u8>> = column(&self.server, r, 10)?;
                if sent.is_some_and(|d| d != event.digest()) {
                    return Err(ShareError::Server {
                        server: self.server.clone(),
                        detail: format!(
                            "event {position} of \"{election}\" ({} by {}, {}) is not as it was sent: its content no longer matches the digest its laptop gave, so it was changed on the server. Nothing more is taken from the server; ask whoever runs it to restore the night's events from a backup",
                            event.kind, event.who, event.at
                        ),
                    });
                }
                Ok((position, event))
            })
            .collect()
    }
}
