//! The election file's schema, its version and migrations, and the checks made on a
//! file's raw header before SQLite is allowed anywhere near it.

use std::io::Read;
use std::path::Path;

use rusqlite::Connection;

use crate::store::StoreError;

/// Marks a SQLite database as a tallyroom election file ("TALY"), in the header's
/// application id, so that other databases are recognised and left alone.
pub const APPLICATION_ID: u32 = 0x5441_4C59;

/// The schema this build writes. Files of a higher version are refused, never touched.
pub const SCHEMA_VERSION: u32 = 7;

/// The page size of a new file. SQLite's 4 KiB made a big night's file (160 MB: a
/// million candidate rows, the set-up's snapshot, 200,000 events) with 80,000 writes
/// of a page; at 16 KiB creating it took 5 % less time, opening it no more, and saving
/// one declaration on a general election's file 0.70 ms where it took 0.67 ms. Files
/// made with other page sizes keep theirs.
const PAGE_SIZE: i64 = 16_384;

/// Each migration takes the schema from its index to its index + 1.
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: the first schema.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE parties (
        id     INTEGER PRIMARY KEY,
        name   TEXT NOT NULL UNIQUE,
        colour TEXT
    );
    CREATE TABLE divisions (
        position   INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        code       TEXT,
        area       TEXT,
        seats      INTEGER NOT NULL CHECK (seats >= 1),
        electorate INTEGER
    );
    CREATE TABLE candidates (
        position INTEGER PRIMARY KEY,
        division INTEGER NOT NULL REFERENCES divisions(position),
        name     TEXT NOT NULL,
        party    INTEGER NOT NULL REFERENCES parties(id)
    );
    -- The previous election, kept as the results CSV it was read from.
    CREATE TABLE baseline (
        id   INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL,
        csv  TEXT NOT NULL
    );
    -- The night: append-only. The state is these events replayed in order.
    CREATE TABLE events (
        seq      INTEGER PRIMARY KEY AUTOINCREMENT,
        id       TEXT NOT NULL UNIQUE,
        at       TEXT NOT NULL,
        machine  TEXT NOT NULL,
        who      TEXT NOT NULL,
        kind     TEXT NOT NULL,
        division INTEGER REFERENCES divisions(position),
        payload  TEXT NOT NULL,
        reason   TEXT
    );
    CREATE TRIGGER events_are_never_updated BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    "#,
    // 1 -> 2: cancelled polls (Democracy Club's cancelled_poll).
    r#"
    ALTER TABLE divisions ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;
    "#,
    // 2 -> 3: sharing a night through a server.
    r#"
    -- The id of the last event of the division its writer had seen: '' for none;
    -- NULL for events written before sharing existed, which saw everything before them.
    ALTER TABLE events ADD COLUMN base TEXT;
    -- Where the server put each event in the night's one order, once it holds it.
    -- An event without a position has not been sent yet.
    CREATE TABLE positions (
        id         TEXT PRIMARY KEY REFERENCES events(id),
        server_seq INTEGER NOT NULL UNIQUE
    );
    -- The server this file shares its night through. Never a password.
    CREATE TABLE sharing (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        server   TEXT NOT NULL,
        election TEXT NOT NULL,
        -- The last server position read: the next pull starts after it.
        pulled   INTEGER NOT NULL DEFAULT 0
    );
    "#,
    // 3 -> 4: candidates are people, not names. Division names need not be unique
    // (divisions of one name are told apart by code or area); a candidate keeps its
    // ballot description beside the party it counts for, and the source's ids.
    r#"
    CREATE TABLE divisions_v4 (
        position   INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        code       TEXT,
        area       TEXT,
        seats      INTEGER NOT NULL CHECK (seats >= 1),
        electorate INTEGER,
        cancelled  INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO divisions_v4 (position, name, code, area, seats, electorate, cancelled)
        SELECT position, name, code, area, seats, electorate, cancelled FROM divisions;
    DROP TABLE divisions;
    ALTER TABLE divisions_v4 RENAME TO divisions;
    -- The description on the ballot paper where it is not the party's name (NULL).
    ALTER TABLE candidates ADD COLUMN description TEXT;
    ALTER TABLE candidates ADD COLUMN person_id TEXT;
    ALTER TABLE candidates ADD COLUMN member_id TEXT;
    ALTER TABLE candidates ADD COLUMN party_id TEXT;
    -- A file joined with an account that may only watch takes no change of the night
    -- but what the server sends.
    ALTER TABLE sharing ADD COLUMN watch_only INTEGER NOT NULL DEFAULT 0;
    "#,
    // 4 -> 5: a night of many councils. Each division names the council it elects to
    // (NULL: the one council of the file).
    r#"
    ALTER TABLE divisions ADD COLUMN council TEXT;
    -- A sitting member standing again, where the source said so.
    ALTER TABLE candidates ADD COLUMN incumbent INTEGER NOT NULL DEFAULT 0;
    -- The party a sitting member was elected for last time, where the source said.
    ALTER TABLE candidates ADD COLUMN elected_as TEXT;
    -- What is known of each council beyond its divisions: whether tonight elects only
    -- part of it (by thirds or halves).
    CREATE TABLE councils (
        name        TEXT PRIMARY KEY,
        elects_part INTEGER NOT NULL DEFAULT 0
    );
    "#,
    // 5 -> 6: the set-up kept whole (`store::snapshot`), so that a big file opens
    // without building the election again from its rows. A copy, never the record.
    r#"
    CREATE TABLE snapshot (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        -- The build that wrote it, and what the set-up tables held then.
        build    TEXT NOT NULL,
        tables   TEXT NOT NULL,
        checksum INTEGER NOT NULL,
        data     BLOB NOT NULL
    );
    -- The night after the log's first events (`store::checkpoint`), so that a big
    -- night opens without applying every event again. A copy, never the record.
    CREATE TABLE checkpoint (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        build    TEXT NOT NULL,
        -- How many events, in the night's order, and a digest of their ids and order.
        events   INTEGER NOT NULL,
        digest   INTEGER NOT NULL,
        checksum INTEGER NOT NULL,
        data     BLOB NOT NULL
    );
    "#,
    // 6 -> 7: the log made tamper-evident (`store::chain`). Each event's SHA-256 over
    // its content, and a link: the SHA-256 of the link before it and its digest, in
    // the order the events were written here. The rows of the events already in the
    // file are made in the same step (after a backup).
    r#"
    CREATE TABLE chain (
        seq    INTEGER PRIMARY KEY,
        digest BLOB NOT NULL,
        link   BLOB NOT NULL
    );
    CREATE TRIGGER chain_is_never_updated BEFORE UPDATE ON chain
    BEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END;
    CREATE TRIGGER chain_is_never_deleted BEFORE DELETE ON chain
    BEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END;
    "#,
];

/// What a file's first 100 bytes say.
pub struct Header {
    pub schema_version: u32,
}

/// Reads the SQLite header straight from the file and refuses, without opening it in
/// SQLite, anything that is not an election file this build can read: so that nothing
/// is ever written to a file that is not ours, is damaged, or is from a newer version.
pub fn inspect(path: &Path) -> Result<Header, StoreError> {
    let name = path.display().to_string();
    let mut file = std::fs::File::open(path).map_err(|e| StoreError::cannot_open(&name, &e))?;
    let len = file
        .metadata()
        .map_err(|e| StoreError::cannot_open(&name, &e))?
        .len();
    if len == 0 {
        return Err(StoreError::NotElectionFile {
            file: name,
            detail: "the file is empty".into(),
        });
    }
    let mut header = [0u8; 100];
    let read = file
        .read(&mut header)
        .map_err(|e| StoreError::cannot_open(&name, &e))?;
    if read < 100 || &header[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotElectionFile {
            file: name,
            detail: "it is not a database".into(),
        });
    }
    let be32 = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    if be32(68) != APPLICATION_ID {
        return Err(StoreError::NotElectionFile {
            file: name,
            detail: "it is a database of another program".into(),
        });
    }
    let schema_version = be32(60);
    if schema_version > SCHEMA_VERSION {
        return Err(StoreError::NewerVersion {
            file: name,
            version: schema_version,
        });
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    // The page count in the header is valid when the "version-valid-for" number
    // matches the change counter; a shorter file has lost its end.
    let page_count = u64::from(be32(28));
    let count_valid = be32(92) == be32(24);
    if page_size < 512 || len % page_size != 0 || (count_valid && len < page_count * page_size) {
        return Err(StoreError::Damaged {
            file: name,
            detail: format!("it is truncated ({len} bytes)"),
        });
    }
    Ok(Header { schema_version })
}

/// Creates the schema in a new, empty database.
pub fn create(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "page_size", PAGE_SIZE)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID as i64)?;
    migrate(conn, 0)
}

/// Brings a file of an older schema up to date, one step per transaction.
pub fn migrate(conn: &mut Connection, from: u32) -> rusqlite::Result<()> {
    migrate_to(conn, from, SCHEMA_VERSION)
}

/// Takes the schema from one version to another (a file as an older build wrote it).
pub fn migrate_to(conn: &mut Connection, from: u32, to: u32) -> rusqlite::Result<()> {
    // A migration may rebuild a table others refer to: SQLite's way is with foreign
    // keys off (they cannot change inside a transaction), checked before the commit.
    let enforced: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = (|| {
        for version in from..to.min(SCHEMA_VERSION) {
            let tx = conn.transaction()?;
            tx.execute_batch(MIGRATIONS[version as usize])?;
            if version == 6 {
                crate::store::chain::fill(&tx)?;
            }
            let broken: i64 =
                tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
            if broken > 0 {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT),
                    Some(format!(
                        "{broken} rows refer to rows that do not exist after upgrading to version {}",
                        version + 1
                    )),
                ));
            }
            tx.pragma_update(None, "user_version", version + 1)?;
            tx.commit()?;
        }
        Ok(())
    })();
    conn.pragma_update(None, "foreign_keys", enforced)?;
    result
}
