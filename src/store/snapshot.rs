//! The set-up kept whole beside the tables it is read from, so that opening a big file
//! does not build the election again from a million candidate rows (most of the time
//! of opening one). It is a copy, never the record: a snapshot written by another
//! build, of tables that have changed since, or damaged, is ignored, and the set-up is
//! read from the tables and the snapshot written again.

use rusqlite::{Connection, OptionalExtension, params};

use crate::model::Election;

/// What a snapshot or checkpoint must have been written by: this version and commit,
/// laying out and working out a sample night as this build does. The copies are read
/// back by field order, not by name, so a build that lays them out otherwise must
/// never read another's: the commit tells builds apart whatever the sample exercises,
/// and the sample still tells apart two builds of a source without its commit
/// ("unknown") whose election, night or figures differ on it.
pub(crate) fn build() -> &'static str {
    static BUILD: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BUILD.get_or_init(|| {
        format!(
            "{}/{}/{:016x}",
            env!("CARGO_PKG_VERSION"),
            crate::version::COMMIT,
            crate::store::checkpoint::sample_fingerprint() as u64
        )
    })
}

/// What the set-up tables hold, to tell a snapshot of other tables (cheap to read:
/// each is a lookup of the table's last row).
fn tables(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row(
        "SELECT (SELECT ifnull(max(id), -1) FROM parties), (SELECT ifnull(max(position), -1) FROM divisions),
                (SELECT ifnull(max(position), -1) FROM candidates), (SELECT ifnull(max(rowid), -1) FROM councils)",
        [],
        |r| {
            Ok(format!(
                "{}/{}/{}/{}",
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?
            ))
        },
    )
}

/// The set-up from the file's snapshot, when it has one this build can trust.
pub(crate) fn read(conn: &Connection) -> rusqlite::Result<Option<Election>> {
    let row: Option<(String, String, i64, Vec<u8>)> = conn
        .query_row(
            "SELECT build, tables, checksum, data FROM snapshot WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((build, of_tables, sum, data)) = row else {
        return Ok(None);
    };
    if build != self::build() || of_tables != tables(conn)? || sum != checksum(&data) {
        return Ok(None);
    }
    Ok(postcard::from_bytes(&data).ok())
}

/// Keeps the set-up as the snapshot (replacing any other).
pub(crate) fn write(conn: &Connection, election: &Election) -> rusqlite::Result<()> {
    write_made(conn, made(election)?)
}

/// The set-up laid out as a snapshot, with its checksum: made apart from the writing,
/// so that a new file's snapshot is made on one core while the other writes the
/// set-up's tables (a fifth of a second of 200,000 divisions' set-up).
pub(crate) struct Made {
    data: Vec<u8>,
    checksum: i64,
}

pub(crate) fn made(election: &Election) -> rusqlite::Result<Made> {
    let data = postcard::to_allocvec(election)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    let checksum = checksum(&data);
    Ok(Made { data, checksum })
}

/// Keeps a snapshot already made (of the set-up the tables hold).
pub(crate) fn write_made(conn: &Connection, made: Made) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO snapshot (id, build, tables, checksum, data) VALUES (1, ?1, ?2, ?3, ?4)",
        params![build(), tables(conn)?, made.checksum, made.data],
    )?;
    Ok(())
}

/// FNV-1a over 64-bit words: a damaged snapshot is read again from the tables rather
/// than trusted (SQLite keeps no checksums of its own).
pub(crate) fn checksum(data: &[u8]) -> i64 {
    checksum_in_pieces(&[data])
}

/// [`checksum`] of the pieces' bytes one after another, without joining them.
pub(crate) fn checksum_in_pieces(pieces: &[&[u8]]) -> i64 {
    const PRIME: u64 = 0x0000_0100_0000_01B3;
    let mix = |hash: u64, word: [u8; 8]| (hash ^ u64::from_le_bytes(word)).wrapping_mul(PRIME);
    let len: usize = pieces.iter().map(|p| p.len()).sum();
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325 ^ len as u64;
    // A word begun at the end of one piece and ended in the next.
    let mut word = [0u8; 8];
    let mut filled = 0;
    for piece in pieces {
        let mut rest = *piece;
        if filled > 0 {
            let take = (8 - filled).min(rest.len());
            word[filled..filled + take].copy_from_slice(&rest[..take]);
            (filled, rest) = (filled + take, &rest[take..]);
            if filled < 8 {
                continue;
            }
            hash = mix(hash, word);
        }
        let mut words = rest.chunks_exact(8);
        for whole in &mut words {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(whole);
            hash = mix(hash, bytes);
        }
        let left = words.remainder();
        word[..left.len()].copy_from_slice(left);
        filled = left.len();
    }
    // The bytes after the last whole word, one at a time.
    for &byte in &word[..filled] {
        hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
    }
    hash as i64
}

#[cfg(test)]
mod tests {
    use super::{checksum, checksum_in_pieces};

    /// The checksum a file keeps is the same whether its data was written whole or
    /// in pieces of any length, and every byte and the length count.
    #[test]
    fn pieces_give_the_checksum_of_the_whole() {
        let data: Vec<u8> = (0..200u32).map(|i| (i * 37 % 251) as u8).collect();
        // Said as it was before pieces: FNV-1a over the words, then the bytes left.
        let whole = |data: &[u8]| {
            let mut hash: u64 = 0xCBF2_9CE4_8422_2325 ^ data.len() as u64;
            let mut words = data.chunks_exact(8);
            for word in &mut words {
                let word = u64::from_le_bytes(word.try_into().unwrap());
                hash = (hash ^ word).wrapping_mul(0x0000_0100_0000_01B3);
            }
            for &byte in words.remainder() {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3);
            }
            hash as i64
        };
        for len in [0, 1, 7, 8, 9, 63, 200] {
            let data = &data[..len];
            assert_eq!(checksum(data), whole(data));
            for a in 0..=len {
                for b in a..=len {
                    let pieces = [&data[..a], &data[a..b], &data[b..]];
                    assert_eq!(
                        checksum_in_pieces(&pieces),
                        whole(data),
                        "{len} at {a}, {b}"
                    );
                }
            }
        }
        let mut changed = data.clone();
        changed[150] ^= 1;
        assert_ne!(checksum(&changed), checksum(&data));
        assert_ne!(checksum(&data[..199]), checksum(&data));
    }
}
