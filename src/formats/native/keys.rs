//! A map by text key for the reader's divisions (by name and by code), its keys kept
//! end to end in one text: a big file's 200,000 names and codes went into the maps as
//! as many texts of their own, made one by one as the rows were read and freed one by
//! one, on one core, once the two halves of the file had been compared.

use std::hash::BuildHasher;

use hashbrown::HashTable;

/// Keys (their place in `text`) and values, found by the keys' hash: foldhash, seeded
/// at random as the standard hash is and quicker for a short text.
pub(super) struct KeyMap<V> {
    text: String,
    table: HashTable<(usize, usize, V)>,
    hasher: foldhash::fast::RandomState,
}

impl<V> KeyMap<V> {
    /// Room for `keys` keys of about `key_length` bytes each.
    pub fn with_capacity(keys: usize, key_length: usize) -> Self {
        KeyMap {
            text: String::with_capacity(keys.saturating_mul(key_length)),
            table: HashTable::with_capacity(keys),
            hasher: foldhash::fast::RandomState::default(),
        }
    }

    fn hash(&self, key: &str) -> u64 {
        self.hasher.hash_one(key)
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        let text = &self.text;
        self.table
            .find(self.hash(key), |(at, len, _)| {
                text.get(*at..at + len) == Some(key)
            })
            .map(|(_, _, value)| value)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let hash = self.hash(key);
        let text = &self.text;
        self.table
            .find_mut(hash, |(at, len, _)| text.get(*at..at + len) == Some(key))
            .map(|(_, _, value)| value)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Adds a key not yet in the map.
    pub fn insert_new(&mut self, key: &str, value: V) {
        let hash = self.hash(key);
        let at = self.text.len();
        self.text.push_str(key);
        let (text, hasher) = (&self.text, &self.hasher);
        self.table
            .insert_unique(hash, (at, key.len(), value), |(at, len, _)| {
                hasher.hash_one(text.get(*at..at + len).unwrap_or_default())
            });
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.table
            .iter()
            .map(|(at, len, _)| self.text.get(*at..at + len).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_as_a_map_finds_them() {
        let mut map: KeyMap<usize> = KeyMap::with_capacity(2, 4);
        let mut plain = std::collections::HashMap::new();
        for (i, key) in ["north", "south", "", "nor", "th", "north east", "Siân"]
            .iter()
            .enumerate()
        {
            assert_eq!(map.get(key), plain.get(key));
            map.insert_new(key, i);
            plain.insert(*key, i);
        }
        for key in ["north", "nort", "northe", "th", "", "siân", "Siân", "x"] {
            assert_eq!(map.get(key), plain.get(key), "{key}");
        }
        if let Some(v) = map.get_mut("south") {
            *v = 10;
        }
        assert_eq!(map.get("south"), Some(&10));
        let mut keys: Vec<&str> = map.keys().collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["", "Siân", "nor", "north", "north east", "south", "th"]
        );
    }
}
