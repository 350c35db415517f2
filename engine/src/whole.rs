//! Reading back a big night's lists and maps with room for their whole length at once.
//!
//! serde gives a list read from a file at most 1 MiB of room to begin with and grows it
//! by doubling (its guard against a length a damaged file made up): a big night's
//! million candidates were copied five times over as the election file's snapshot was
//! read, and its map of division names was rehashed as often. The file's copies say
//! each length before the items, and are checked against their checksum before they
//! are read. Room is made for at most [`MOST_AHEAD`] items ahead, beyond any night's
//! count, so that a length a file made up costs address space, of which little is
//! written (a map's one byte of control per place), before the file is refused.
//! Written as serde writes them: only the reading differs.

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// The most items room is made for ahead: over four times a national night's two
/// million candidates.
pub const MOST_AHEAD: usize = 1 << 23;

/// A list, with room for the length its source says (up to [`MOST_AHEAD`]).
pub fn vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Items<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for Items<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MOST_AHEAD));
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(items)
        }
    }
    deserializer.deserialize_seq(Items(PhantomData))
}

/// A map, with room for the length its source says (up to [`MOST_AHEAD`]).
pub fn map<'de, D, K, V>(deserializer: D) -> Result<HashMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Eq + Hash,
    V: Deserialize<'de>,
{
    struct Entries<K, V>(PhantomData<(K, V)>);
    impl<'de, K, V> Visitor<'de> for Entries<K, V>
    where
        K: Deserialize<'de> + Eq + Hash,
        V: Deserialize<'de>,
    {
        type Value = HashMap<K, V>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HashMap<K, V>, A::Error> {
            let mut entries = HashMap::with_capacity(map.size_hint().unwrap_or(0).min(MOST_AHEAD));
            while let Some((key, value)) = map.next_entry()? {
                entries.insert(key, value);
            }
            Ok(entries)
        }
    }
    deserializer.deserialize_map(Entries(PhantomData))
}
