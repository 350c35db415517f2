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
    /// The event's content as hashed: every field, each with its length (a missing
    /// one marked as such), so that no two contents share a digest by moving text
    /// between fields.
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        let mut field = |text: Option<&str>| match text {
            Some(t) => {
                out.extend_from_slice(&(t.len() as u64).to_le_bytes());
                out.extend_from_slice(t.as_bytes());
            }
            None => out.extend_from_slice(&u64::MAX.to_le_bytes()),
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
        out
    }

    /// The event's digest: SHA-256 of its [`bytes`](Self::bytes).
    pub fn digest(&self) -> Hash {
        Sha256::digest(self.bytes()).into()
    }

    /// The digest, and a quick checksum of the same bytes (not a proof: a check that
    /// the content is as it was when a checkpoint was made, cheap enough to take at
    /// every opening), from one copy of the bytes.
    pub fn digest_and_sum(&self) -> (Hash, i64) {
        let bytes = self.bytes();
        (
            Sha256::digest(&bytes).into(),
            crate::store::snapshot::checksum(&bytes),
        )
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
    Tail::default().append(conn, seq, digest)
}

/// The chain's last link, carried through a batch of events written in one
/// transaction: each event's link is worked out from the one before without asking
/// the file for it again (a big import asked 200,000 times).
#[derive(Default)]
pub struct Tail {
    /// The link of the event written last; read from the file for the first.
    last: Option<Hash>,
}

impl Tail {
    /// Adds the chain row of the event just written as `seq`, after every event
    /// before it.
    pub fn append(&mut self, conn: &Connection, seq: i64, digest: &Hash) -> rusqlite::Result<()> {
        let previous = match self.last {
            Some(last) => last,
            None => conn
                .prepare_cached("SELECT link FROM chain WHERE seq < ?1 ORDER BY seq DESC LIMIT 1")?
                .query_row([seq], |r| r.get::<_, Vec<u8>>(0))
                .optional()?
                .as_deref()
                .and_then(to_hash)
                .unwrap_or(START),
        };
        let next = link(&previous, digest);
        conn.prepare_cached("INSERT INTO chain (seq, digest, link) VALUES (?1, ?2, ?3)")?
            .execute(params![seq, digest.as_slice(), next.as_slice()])?;
        self.last = Some(next);
        Ok(())
    }
}

/// A division's name by its position, for a break's message.
fn division_name(conn: &Connection, division: Option<i64>) -> Option<String> {
    conn.query_row(
        "SELECT name FROM divisions WHERE position = ?1",
        [division?],
        |r| r.get(0),
    )
    .ok()
}

/// Makes the chain of the events already in a file (upgrading it).
pub fn fill(conn: &Connection) -> rusqlite::Result<()> {
    let rows = content_digests(conn)?;
    let mut previous = START;
    let mut insert = conn.prepare("INSERT INTO chain (seq, digest, link) VALUES (?1, ?2, ?3)")?;
    for (seq, digest) in rows {
        previous = link(&previous, &digest);
        insert.execute(params![seq, digest.as_slice(), previous.as_slice()])?;
    }
    Ok(())
}

/// The digest of an event's row as the file holds it, worked out from the row's
/// bytes without copying them (opening a big night hashes every event).
pub fn content_digest(r: &rusqlite::Row) -> rusqlite::Result<Hash> {
    with_row_bytes(r, |bytes| Sha256::digest(bytes).into())
}

/// The quick checksum of an event's row (see [`Content::digest_and_sum`]).
pub fn content_sum(r: &rusqlite::Row) -> rusqlite::Result<i64> {
    with_row_bytes(r, crate::store::snapshot::checksum)
}

/// An event's row laid out as [`Content::bytes`] lays it out (the columns of
/// [`EVENT_COLUMNS`]), handed to `f` without copying the row's text more than once.
fn with_row_bytes<T>(r: &rusqlite::Row, f: impl FnOnce(&[u8]) -> T) -> rusqlite::Result<T> {
    use rusqlite::types::ValueRef;
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        let mut field = |value: ValueRef<'_>, optional: bool| match value {
            ValueRef::Text(t) => {
                buffer.extend_from_slice(&(t.len() as u64).to_le_bytes());
                buffer.extend_from_slice(t);
            }
            ValueRef::Null if optional => buffer.extend_from_slice(&u64::MAX.to_le_bytes()),
            ValueRef::Null => buffer.extend_from_slice(&0u64.to_le_bytes()),
            // A field that is not text (written by another program) is hashed as it
            // is shown, so that its digest differs rather than the reading failing.
            other => {
                let shown = format!("{other:?}");
                buffer.extend_from_slice(&(shown.len() as u64).to_le_bytes());
                buffer.extend_from_slice(shown.as_bytes());
            }
        };
        for i in 1..=5 {
            field(r.get_ref(i)?, false);
        }
        let division: Option<i64> = r.get(6).ok().flatten();
        match division {
            Some(d) => field(ValueRef::Text(d.to_string().as_bytes()), false),
            None => field(ValueRef::Null, true),
        }
        field(r.get_ref(7)?, false);
        field(r.get_ref(8)?, true);
        field(r.get_ref(9)?, true);
        Ok(f(buffer.as_slice()))
    })
}

/// Each event's content digest for the events from `from` on that `wanted` keeps.
pub fn content_digests_from(
    conn: &Connection,
    from: i64,
    wanted: impl Fn(i64) -> bool,
) -> rusqlite::Result<Vec<(i64, Hash)>> {
    let mut statement = conn.prepare(&format!(
        "SELECT {EVENT_COLUMNS} FROM events e WHERE e.seq >= ?1 ORDER BY e.seq"
    ))?;
    let mut query = statement.query([from])?;
    let mut found = Vec::new();
    while let Some(r) = query.next()? {
        let seq: i64 = r.get(0)?;
        if wanted(seq) {
            found.push((seq, content_digest(r)?));
        }
    }
    Ok(found)
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
    pub digests: crate::store::BySeq<Hash>,
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
pub fn acknowledgements(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
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

/// A link as the file keeps it: the event, its digest as kept (none where another
/// program wrote the event), and whether its link follows on from the link before
/// it (the link kept for the previous event, in order).
#[derive(Debug, Clone, Copy)]
pub struct Kept {
    pub seq: i64,
    pub digest: Option<Hash>,
    pub follows: bool,
    link: Option<Hash>,
}

/// The chain's rows as the file keeps them, in order, each checked against the one
/// before it. Read apart from the events, so that opening reads and checks them on
/// one core while the other reads the events.
pub fn read_links(conn: &Connection) -> rusqlite::Result<Vec<Kept>> {
    let mut statement = conn.prepare("SELECT seq, digest, link FROM chain ORDER BY seq")?;
    let rows = statement.query_map([], |r| {
        let digest: Option<Vec<u8>> = r.get(1)?;
        let link: Option<Vec<u8>> = r.get(2)?;
        Ok(Kept {
            seq: r.get(0)?,
            digest: digest.as_deref().and_then(to_hash),
            follows: false,
            link: link.as_deref().and_then(to_hash),
        })
    })?;
    let mut kept: Vec<Kept> = rows.collect::<rusqlite::Result<_>>()?;
    let mut previous = Some(START);
    for row in &mut kept {
        row.follows = match (previous, row.digest, row.link) {
            (Some(p), Some(d), Some(l)) => l == link(&p, &d),
            _ => false,
        };
        // The next link is checked against this one as kept, so that a break is
        // found once, where it is.
        previous = row.link;
    }
    Ok(kept)
}

/// Each event's content digest, in order, worked out from the events' rows (the
/// columns of [`EVENT_COLUMNS`] from the second on).
pub fn content_digests(conn: &Connection) -> rusqlite::Result<Vec<(i64, Hash)>> {
    content_digests_from(conn, i64::MIN, |_| true)
}

/// The columns an event's digest is worked out from, in the order
/// [`content_digest`] reads them (a query may add more after them).
pub const EVENT_COLUMNS: &str =
    "e.seq, e.id, e.at, e.machine, e.who, e.kind, e.division, e.payload, e.reason, e.base";

/// Checks the whole chain of a file.
pub fn check(conn: &Connection) -> rusqlite::Result<Checked> {
    let contents = content_digests(conn)?;
    let links = read_links(conn)?;
    let digests = contents.iter().copied().collect();
    let contents: Vec<(i64, Option<Hash>)> =
        contents.into_iter().map(|(s, d)| (s, Some(d))).collect();
    judge(conn, &contents, digests, &links, &acknowledgements(conn)?)
}

/// The chain judged: each event's content digest (in order; none where the event's
/// content is known by other means to be as it was when its digest was kept:
/// covered by a checkpoint that agrees) against the digest and link kept for it.
/// `digests`: each event's digest, by event, for the fingerprint. `acknowledged`: the breaks the log accepts, (event, digest found).
pub fn judge(
    conn: &Connection,
    contents: &[(i64, Option<Hash>)],
    digests: crate::store::BySeq<Hash>,
    links: &[Kept],
    acknowledged: &[(i64, String)],
) -> rusqlite::Result<Checked> {
    let mut checked = Checked {
        events: contents.len(),
        digests,
        broken: None,
        acknowledged: Vec::new(),
    };
    // Both in order of event: walked together.
    let mut kept = links.iter().peekable();
    for &(seq, content) in contents {
        // Links of events no longer there, before this one: removed.
        let mut removed = false;
        while kept.next_if(|l| l.seq < seq).is_some() {
            removed = true;
        }
        let row = kept.next_if(|l| l.seq == seq);
        let digest = content.or(row.and_then(|l| l.digest)).unwrap_or(START);
        let why = match row {
            None => Some(
                "it has no link in the chain: it was written by another program, not by tallyroom",
            ),
            Some(l) if l.digest.is_none() || l.link.is_none() => Some(
                "it has no link in the chain: it was written by another program, not by tallyroom",
            ),
            Some(l) if l.digest != Some(digest) => Some(
                "its content is not what was written (a figure, a name or a time changed since)",
            ),
            Some(l) if removed || !l.follows => Some(
                "the chain does not follow on from the event before it: an event was removed or the events were reordered",
            ),
            Some(_) => None,
        };
        let Some(why) = why else { continue };
        if acknowledged.contains(&(seq, hex(&digest))) {
            // Looked at and accepted: the record goes on from the link kept here.
            checked.acknowledged.push(seq);
            continue;
        }
        checked.broken = Some(broken_at(conn, seq, why.to_string(), hex(&digest))?);
        break;
    }
    if checked.broken.is_none() {
        // A link whose event is gone: the last events deleted.
        let mut events = contents.iter().map(|c| c.0).peekable();
        let orphan = links.iter().map(|l| l.seq).find(|&seq| {
            while events.next_if(|&e| e < seq).is_some() {}
            events.peek() != Some(&seq) && !acknowledged.contains(&(seq, String::new()))
        });
        if let Some(seq) = orphan {
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

/// The break at an event, with what the event says of itself.
fn broken_at(conn: &Connection, seq: i64, why: String, found: String) -> rusqlite::Result<Break> {
    let row = conn
        .query_row(
            "SELECT CAST(id AS TEXT), CAST(at AS TEXT), CAST(who AS TEXT), CAST(kind AS TEXT), division FROM events WHERE seq = ?1",
            [seq],
            |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                    r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    r.get::<_, Option<i64>>(4).ok().flatten(),
                ))
            },
        )
        .optional()?
        .unwrap_or_default();
    Ok(Break {
        seq,
        id: row.0,
        at: row.1,
        who: row.2,
        kind: row.3,
        division: division_name(conn, row.4),
        why,
        found,
    })
}

/// The night's fingerprint: the digests folded in the night's order.
pub fn fingerprint<'a>(digests: impl IntoIterator<Item = &'a Hash>) -> Hash {
    digests
        .into_iter()
        .fold(START, |previous, digest| link(&previous, digest))
}

/// The fingerprint read off the chain where the chain is that very fold, so that opening
/// a night of 200,000 events does not fold them a second time (a twentieth of
/// opening it): where the record holds with no break accepted, every event has its
/// link, each checked by [`read_links`] to follow from the one before it from
/// [`START`], with the digest [`judge`] found equal to the event's own; so where the
/// night's order (`night_order`, the events' seqs) is the order they were written in,
/// the last link is the fold of their digests in the night's order. None otherwise (a
/// shared night the server reordered, a break accepted): the fingerprint is then
/// folded from the digests.
pub fn fingerprint_from_links(
    checked: &Checked,
    links: &[Kept],
    night_order: impl ExactSizeIterator<Item = i64>,
) -> Option<Hash> {
    let whole = checked.broken.is_none()
        && checked.acknowledged.is_empty()
        && links.len() == night_order.len()
        && links
            .iter()
            .zip(night_order)
            .all(|(kept, seq)| kept.seq == seq && kept.follows);
    if whole { links.last()?.link } else { None }
}

/// The digests kept for the events written after `seq` (by another copy of the app,
/// say), for the fingerprint.
pub fn digests_after(conn: &Connection, seq: i64) -> rusqlite::Result<crate::store::BySeq<Hash>> {
    let mut statement = conn.prepare_cached("SELECT seq, digest FROM chain WHERE seq > ?1")?;
    let rows = statement.query_map([seq], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
    })?;
    let mut found = crate::store::BySeq::default();
    for row in rows {
        let (seq, digest) = row?;
        if let Some(d) = to_hash(&digest) {
            found.insert(seq, d);
        }
    }
    Ok(found)
}
