//! The night's record made tamper-evident. Every event has a digest (SHA-256 of its
//! content exactly as the file keeps it) and a link (SHA-256 of the link before it
//! and its digest, in the order events were written to this file), kept in the
//! `chain` table as the event is written. A digit changed inside an event, a row
//! written or deleted by another program, two rows swapped: each breaks the chain at
//! that event, and opening the file says so.
//!
//! The night's *fingerprint* is the same fold over the digests in the night's own
//! order (the server's, on a shared night), so every laptop of one night shows the
//! same fingerprint once it holds the same events; printed as four groups of four
//! characters, it ties a figure on paper to the record it came from.

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// A SHA-256.
pub type Hash = [u8; 32];

/// The link before the first event.
pub const START: Hash = [0; 32];

/// One event's content as the file keeps it.
pub struct Content<'a> {
    pub id: &'a str,
    pub at: &'a str,
    pub machine: &'a str,
    pub who: &'a str,
    pub kind: &'a str,
    pub division: Option<i64>,
    pub payload: &'a str,
    pub reason: Option<&'a str>,
    pub base: Option<&'a str>,
}

impl Content<'_> {
    /// The event's digest: every field, each with its length (a missing one marked as
    /// such), so that no two contents share a digest by moving text between fields.
    pub fn digest(&self) -> Hash {
        let mut h = Sha256::new();
        let mut field = |text: Option<&str>| match text {
            Some(t) => {
                h.update((t.len() as u64).to_le_bytes());
                h.update(t.as_bytes());
            }
            None => h.update(u64::MAX.to_le_bytes()),
        };
        let division = self.division.map(|d| d.to_string());
        field(Some(self.id));
        field(Some(self.at));
        field(Some(self.machine));
        field(Some(self.who));
        field(Some(self.kind));
        field(division.as_deref());
        field(Some(self.payload));
        field(self.reason);
        field(self.base);
        h.finalize().into()
    }
}

/// The link after `previous` for an event of `digest`.
pub fn link(previous: &Hash, digest: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update(previous);
    h.update(digest);
    h.finalize().into()
}

/// A fingerprint as people read it aloud: the first 16 hex characters, in fours.
pub fn fingerprint_text(hash: &Hash) -> String {
    let hex: String = hash.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}",
        &hex[0..4],
        &hex[4..8],
        &hex[8..12],
        &hex[12..16]
    )
}

fn to_hash(bytes: &[u8]) -> Option<Hash> {
    bytes.try_into().ok()
}

/// Adds the chain row of an event just written (inside its transaction).
pub fn append(conn: &Connection, seq: i64, digest: &Hash) -> rusqlite::Result<()> {
    let previous: Option<Vec<u8>> = conn
        .prepare_cached("SELECT link FROM chain WHERE seq < ?1 ORDER BY seq DESC LIMIT 1")?
        .query_row([seq], |r| r.get(0))
        .optional()?;
    let previous = previous.as_deref().and_then(to_hash).unwrap_or(START);
    conn.prepare_cached("INSERT INTO chain (seq, digest, link) VALUES (?1, ?2, ?3)")?
        .execute(params![
            seq,
            digest.as_slice(),
            link(&previous, digest).as_slice()
        ])?;
    Ok(())
}

const SELECT: &str = "SELECT e.seq, e.id, e.at, e.machine, e.who, e.kind, e.division, e.payload, e.reason, e.base, c.digest, c.link, d.name
     FROM events e LEFT JOIN chain c ON c.seq = e.seq LEFT JOIN divisions d ON d.position = e.division ORDER BY e.seq";

/// Makes the chain of the events already in a file (upgrading it).
pub fn fill(conn: &Connection) -> rusqlite::Result<()> {
    let mut rows: Vec<(i64, Hash)> = Vec::new();
    {
        let mut statement = conn.prepare(SELECT)?;
        let mut query = statement.query([])?;
        while let Some(r) = query.next()? {
            rows.push((r.get(0)?, content_digest(r)?));
        }
    }
    let mut previous = START;
    let mut insert = conn.prepare("INSERT INTO chain (seq, digest, link) VALUES (?1, ?2, ?3)")?;
    for (seq, digest) in rows {
        previous = link(&previous, &digest);
        insert.execute(params![seq, digest.as_slice(), previous.as_slice()])?;
    }
    Ok(())
}

fn content_digest(r: &rusqlite::Row) -> rusqlite::Result<Hash> {
    let text = |i: usize| -> rusqlite::Result<String> {
        // A field that is not text (written by another program) is read as it is,
        // so that its digest differs rather than the reading failing.
        Ok(match r.get_ref(i)? {
            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
            rusqlite::types::ValueRef::Null => String::new(),
            other => format!("{other:?}"),
        })
    };
    let optional = |i: usize| -> rusqlite::Result<Option<String>> {
        Ok(match r.get_ref(i)? {
            rusqlite::types::ValueRef::Null => None,
            _ => Some(text(i)?),
        })
    };
    let division: Option<i64> = r.get(6).ok().flatten();
    let (id, at, machine, who, kind, payload) =
        (text(1)?, text(2)?, text(3)?, text(4)?, text(5)?, text(7)?);
    let (reason, base) = (optional(8)?, optional(9)?);
    Ok(Content {
        id: &id,
        at: &at,
        machine: &machine,
        who: &who,
        kind: &kind,
        division,
        payload: &payload,
        reason: reason.as_deref(),
        base: base.as_deref(),
    }
    .digest())
}

/// Where the chain does not hold: the first event that is not as it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub seq: i64,
    pub id: String,
    pub at: String,
    pub who: String,
    pub kind: String,
    /// The division it is about, by name.
    pub division: Option<String>,
    /// What is wrong, in words.
    pub why: String,
    /// The digest found at the event (hex; empty for an event removed), which an
    /// acknowledgement names.
    pub found: String,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the night's record does not hold at event {} ({} {}, by {}, {}{}): {}",
            self.seq,
            self.kind,
            self.id,
            self.who,
            self.at,
            self.division
                .as_ref()
                .map(|d| format!(", {d}"))
                .unwrap_or_default(),
            self.why
        )
    }
}

/// What checking the chain found: the events it covers and its last link, or the
/// first break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub events: usize,
    /// Each event's digest, by its sequence number here (for the fingerprint).
    pub digests: std::collections::HashMap<i64, Hash>,
    pub broken: Option<Break>,
    /// Breaks acknowledged in the log (`BreakAcknowledged`), by event, that the check
    /// went on past.
    pub acknowledged: Vec<i64>,
}

/// A digest as text.
pub fn hex(hash: &Hash) -> String {
    crate::formats::manifest::hex(hash)
}

/// The breaks the log acknowledges: (event, digest found there).
fn acknowledgements(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    let mut statement =
        conn.prepare("SELECT payload FROM events WHERE kind = 'break_acknowledged'")?;
    let payloads = statement.query_map([], |r| r.get::<_, String>(0))?;
    let mut found = Vec::new();
    for payload in payloads {
        if let Ok(crate::store::events::Change::BreakAcknowledged { seq, found: digest }) =
            serde_json::from_str(&payload?)
        {
            found.push((seq, digest));
        }
    }
    Ok(found)
}

/// Checks the whole chain of a file.
pub fn check(conn: &Connection) -> rusqlite::Result<Checked> {
    let acknowledged = acknowledgements(conn)?;
    let mut checked = Checked {
        events: 0,
        digests: std::collections::HashMap::new(),
        broken: None,
        acknowledged: Vec::new(),
    };
    let mut previous = START;
    let mut statement = conn.prepare(SELECT)?;
    let mut query = statement.query([])?;
    while let Some(r) = query.next()? {
        let seq: i64 = r.get(0)?;
        let digest = content_digest(r)?;
        checked.events += 1;
        checked.digests.insert(seq, digest);
        if checked.broken.is_some() {
            continue;
        }
        let stored_digest: Option<Vec<u8>> = r.get(10)?;
        let stored_link: Option<Vec<u8>> = r.get(11)?;
        let why = match (
            stored_digest.as_deref().and_then(to_hash),
            stored_link.as_deref().and_then(to_hash),
        ) {
            (None, _) | (_, None) => Some("it has no link in the chain: it was written by another program, not by tallyroom".to_string()),
            (Some(d), _) if d != digest => Some("its content is not what was written (a figure, a name or a time changed since)".to_string()),
            (Some(_), Some(l)) if l != link(&previous, &digest) => Some("the chain does not follow on from the event before it: an event was removed or the events were reordered".to_string()),
            (Some(_), Some(l)) => {
                previous = l;
                None
            }
        };
        if let Some(why) = why {
            if acknowledged.contains(&(seq, hex(&digest))) {
                // Looked at and accepted: the record goes on from the link kept here.
                if let Some(l) = stored_link.as_deref().and_then(to_hash) {
                    previous = l;
                }
                checked.acknowledged.push(seq);
                continue;
            }
            let text = |i: usize| r.get::<_, String>(i).unwrap_or_default();
            checked.broken = Some(Break {
                seq,
                id: text(1),
                at: text(2),
                who: text(4),
                kind: text(5),
                division: r.get::<_, Option<String>>(12).ok().flatten(),
                why,
                found: hex(&digest),
            });
        }
    }
    drop(query);
    if checked.broken.is_none() {
        // A link whose event is gone: the last events deleted.
        let orphan: Option<i64> = conn
            .query_row(
                "SELECT c.seq FROM chain c LEFT JOIN events e ON e.seq = c.seq WHERE e.seq IS NULL ORDER BY c.seq LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(seq) = orphan.filter(|s| !acknowledged.contains(&(*s, String::new()))) {
            checked.broken = Some(Break {
                seq,
                id: String::new(),
                at: String::new(),
                who: String::new(),
                kind: "(removed)".to_string(),
                division: None,
                why: "the event was removed from the file".to_string(),
                found: String::new(),
            });
        }
    }
    Ok(checked)
}

/// The night's fingerprint: the digests folded in the night's order.
pub fn fingerprint<'a>(digests: impl IntoIterator<Item = &'a Hash>) -> Hash {
    digests
        .into_iter()
        .fold(START, |previous, digest| link(&previous, digest))
}

/// The digests kept for the events written after `seq` (by another copy of the app,
/// say), for the fingerprint.
pub fn digests_after(
    conn: &Connection,
    seq: i64,
) -> rusqlite::Result<std::collections::HashMap<i64, Hash>> {
    let mut statement = conn.prepare_cached("SELECT seq, digest FROM chain WHERE seq > ?1")?;
    let rows = statement.query_map([seq], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
    })?;
    let mut found = std::collections::HashMap::new();
    for row in rows {
        let (seq, digest) = row?;
        if let Some(d) = to_hash(&digest) {
            found.insert(seq, d);
        }
    }
    Ok(found)
}
