//! The divisions' codes and names as an election is built: a code given twice, or a
//! name given twice with nothing to tell the two apart, is refused.

use super::*;

/// What tells a division from another of its name: its code, its area and its council
/// (each trimmed; none where blank).
pub(super) struct Identity<'a> {
    pub name: &'a str,
    pub code: Option<&'a str>,
    pub area: Option<&'a str>,
    pub council: Option<&'a str>,
}

impl<'a> Identity<'a> {
    /// The identity a division's set-up gives it, as the builder trims it.
    pub fn of(setup: &'a DivisionSetup) -> Self {
        let given = |text: &'a Option<String>| {
            text.as_deref()
                .map(crate::model::trim_space)
                .filter(|t| !t.is_empty())
        };
        Identity {
            name: crate::model::trim_space(&setup.name),
            code: given(&setup.code),
            area: given(&setup.area),
            council: given(&setup.council),
        }
    }

    /// Whether two divisions of one name are told apart: by different codes, areas
    /// (ignoring case) or councils (ignoring case).
    fn told_apart(&self, other: &Identity<'_>) -> bool {
        let by_code = matches!((self.code, other.code), (Some(a), Some(b)) if a != b);
        let by_area =
            matches!((self.area, other.area), (Some(a), Some(b)) if !a.eq_ignore_ascii_case(b));
        let by_council =
            self.council.map(str::to_lowercase) != other.council.map(str::to_lowercase);
        by_code || by_area || by_council
    }
}

/// The codes and name keys of the divisions added so far; the codes as owned text
/// (`String`), or borrowed from the set-ups while a list is added at once.
#[derive(Debug)]
pub(super) struct Names<Code = String> {
    /// Division codes seen, so that none is given twice.
    codes: HashMap<Code, DivisionIx>,
    /// Name key -> the one division of that name.
    by_key: HashMap<String, DivisionIx>,
    /// Name key -> the divisions of a name several share.
    shared: HashMap<String, Vec<DivisionIx>>,
}

impl<Code> Default for Names<Code> {
    fn default() -> Self {
        Names {
            codes: HashMap::new(),
            by_key: HashMap::new(),
            shared: HashMap::new(),
        }
    }
}

impl Names {
    /// These lookups by name (with the room made for them), for codes borrowed from
    /// the set-ups of a list added at once.
    pub fn with_borrowed_codes<'s>(self) -> Names<&'s str> {
        Names {
            codes: HashMap::with_capacity(self.codes.capacity()),
            by_key: self.by_key,
            shared: self.shared,
        }
    }
}

impl<Code: std::borrow::Borrow<str> + std::hash::Hash + Eq> Names<Code> {
    pub fn reserve(&mut self, divisions: usize) {
        self.by_key.reserve(divisions);
        self.codes.reserve(divisions);
    }

    /// Why a division of this identity (and name `key`) cannot be added after those
    /// recorded, whose identities `earlier` gives; none where it can.
    pub fn clash<'e>(
        &self,
        key: &str,
        identity: &Identity<'_>,
        earlier: impl Fn(DivisionIx) -> Identity<'e>,
    ) -> Option<SetupError> {
        if let Some(code) = identity.code
            && let Some(&other) = self.codes.get(code)
        {
            return Some(SetupError::DuplicateCode {
                code: code.to_string(),
                first: earlier(other).name.to_string(),
                second: identity.name.to_string(),
            });
        }
        self.name_clash(key, identity, earlier)
    }

    /// Why a division of this identity (and name `key`) cannot be added after those
    /// of its name recorded; none where it can.
    fn name_clash<'e>(
        &self,
        key: &str,
        identity: &Identity<'_>,
        earlier: impl Fn(DivisionIx) -> Identity<'e>,
    ) -> Option<SetupError> {
        let one = self.by_key.get(key).copied();
        let several = self.shared.get(key).map(Vec::as_slice).unwrap_or_default();
        let same_name = one.iter().chain(several);
        for &other in same_name {
            if !identity.told_apart(&earlier(other)) {
                return Some(SetupError::DuplicateDivision {
                    name: identity.name.to_string(),
                });
            }
        }
        None
    }

    /// Records the division added at `ix`, of name `key` and code `code`.
    pub fn record(&mut self, key: String, ix: DivisionIx, code: Option<Code>) {
        if let Some(list) = self.shared.get_mut(&key) {
            list.push(ix);
        } else if let Some(only) = self.by_key.remove(&key) {
            self.shared.insert(key, vec![only, ix]);
        } else {
            self.by_key.insert(key, ix);
        }
        if let Some(code) = code {
            self.codes.insert(code, ix);
        }
    }

    /// [`clash`](Self::clash), then [`record`](Self::record) where there is none:
    /// while no two divisions share a name, each key hashed once (a big night's
    /// 200,000 divisions hashed their name and code seven times); from the first name
    /// shared, the name looked up as `clash` and `record` look it up. Where there is
    /// a clash, what is recorded is left as it is part-way: for a list whose first
    /// refusal refuses the whole of it.
    pub fn record_unless_clash<'e>(
        &mut self,
        key: String,
        identity: &Identity<'_>,
        ix: DivisionIx,
        code: Option<Code>,
        earlier: impl Fn(DivisionIx) -> Identity<'e>,
    ) -> Option<SetupError> {
        if let Some(code) = code {
            match self.codes.entry(code) {
                std::collections::hash_map::Entry::Occupied(seen) => {
                    return Some(SetupError::DuplicateCode {
                        code: seen.key().borrow().to_string(),
                        first: earlier(*seen.get()).name.to_string(),
                        second: identity.name.to_string(),
                    });
                }
                std::collections::hash_map::Entry::Vacant(new) => {
                    new.insert(ix);
                }
            }
        }
        if self.shared.is_empty() {
            match self.by_key.entry(key) {
                std::collections::hash_map::Entry::Vacant(new) => {
                    new.insert(ix);
                    return None;
                }
                std::collections::hash_map::Entry::Occupied(seen) => {
                    if !identity.told_apart(&earlier(*seen.get())) {
                        return Some(SetupError::DuplicateDivision {
                            name: identity.name.to_string(),
                        });
                    }
                    let (key, only) = seen.remove_entry();
                    self.shared.insert(key, vec![only, ix]);
                    return None;
                }
            }
        }
        if let Some(why) = self.name_clash(&key, identity, earlier) {
            return Some(why);
        }
        self.record(key, ix, None);
        None
    }

    /// The election's lookups by name: one division by key, and the names shared.
    pub fn into_keys(
        self,
    ) -> (
        HashMap<String, DivisionIx>,
        HashMap<String, Vec<DivisionIx>>,
    ) {
        (self.by_key, self.shared)
    }
}
