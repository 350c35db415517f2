//! Finding a division or a candidate from what a person types or another file says.
//! A candidate is found by its ids first, then by name and party, then by its place
//! on the ballot; what stays ambiguous is refused with the choices, never guessed.

use std::fmt;

use super::{CandidateIds, CandidateIx, DivisionIx, Election, division_key, party_key};

/// Key under which two spellings of a candidate's name are the same: case and spacing
/// do not count.
pub fn candidate_name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether two names are the same by [`candidate_name_key`], without making keys
/// (labels are made for every winner of a big file).
pub fn same_candidate_name(a: &str, b: &str) -> bool {
    // Two names of a division nearly always differ in their first or last letter:
    // said without splitting either into words (a label is made for each of a big
    // night's winners, against every other candidate of the division). An ASCII byte
    // is a whole letter, and only an ASCII letter lowers to one.
    fn ascii_letters_differ(x: Option<u8>, y: Option<u8>) -> bool {
        match (x, y) {
            (Some(x), Some(y)) => x.is_ascii() && y.is_ascii() && !x.eq_ignore_ascii_case(&y),
            _ => false,
        }
    }
    let (a_trimmed, b_trimmed) = (super::trim_space(a), super::trim_space(b));
    if ascii_letters_differ(a_trimmed.bytes().next(), b_trimmed.bytes().next())
        || ascii_letters_differ(a_trimmed.bytes().next_back(), b_trimmed.bytes().next_back())
    {
        return false;
    }
    let mut a = a.split_whitespace();
    let mut b = b.split_whitespace();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) => {
                let lower = |w: &str| w.chars().flat_map(char::to_lowercase).collect::<Vec<_>>();
                if !x.eq_ignore_ascii_case(y)
                    && (x.is_ascii() && y.is_ascii() || lower(x) != lower(y))
                {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// Why no one division was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DivisionLookupError {
    NotFound {
        wanted: String,
    },
    /// Several divisions match: their labels, each with what tells it apart.
    Ambiguous {
        wanted: String,
        choices: Vec<String>,
    },
}

impl fmt::Display for DivisionLookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DivisionLookupError::NotFound { wanted } => {
                write!(
                    f,
                    "there is no division called \"{wanted}\" in this election"
                )
            }
            DivisionLookupError::Ambiguous { wanted, choices } => write!(
                f,
                "{} divisions are called \"{wanted}\": {}; name one by its code or as shown",
                choices.len(),
                choices.join(", ")
            ),
        }
    }
}

impl std::error::Error for DivisionLookupError {}

/// Why no one candidate was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CandidateLookupError {
    /// No candidate matches; the division's candidates as choices.
    NotFound {
        wanted: String,
        division: String,
        choices: Vec<String>,
    },
    /// Several match; each choice as "NAME (PARTY)" with its ballot position.
    Ambiguous {
        wanted: String,
        division: String,
        choices: Vec<String>,
    },
}

impl fmt::Display for CandidateLookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CandidateLookupError::NotFound {
                wanted,
                division,
                choices,
            } => write!(
                f,
                "\"{wanted}\" is not a candidate in {division}; the candidates are: {}",
                choices.join(", ")
            ),
            CandidateLookupError::Ambiguous {
                wanted,
                division,
                choices,
            } => write!(
                f,
                "\"{wanted}\" could be any of {} candidates in {division}: {}; name one as \"NAME (PARTY)\" or by ballot position as \"#N\"",
                choices.len(),
                choices.join(", ")
            ),
        }
    }
}

impl std::error::Error for CandidateLookupError {}

/// A candidate of another file, as far as it can be told apart.
#[derive(Debug, Clone, Copy)]
pub struct CandidateRef<'a> {
    pub name: &'a str,
    /// Its description and the party it counts for.
    pub parties: [&'a str; 2],
    pub ids: Option<&'a CandidateIds>,
    /// Its place on its own ballot, from 0, and how many stood there.
    pub position: u32,
    pub of: usize,
}

impl Election {
    /// Finds a division by its code, its name (ignoring case, punctuation and "&"
    /// versus "and") or its label ("Central (Sheffield)").
    pub fn lookup_division(&self, text: &str) -> Result<DivisionIx, DivisionLookupError> {
        let wanted = text.trim();
        let named = self.divisions_named(wanted);
        if let [only] = named.as_slice() {
            return Ok(*only);
        }
        let by_code: Vec<DivisionIx> = self
            .division_ixs()
            .filter(|&ix| {
                self.division(ix)
                    .code
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(wanted))
            })
            .collect();
        if let [only] = by_code.as_slice() {
            return Ok(*only);
        }
        if named.len() > 1 {
            return Err(DivisionLookupError::Ambiguous {
                wanted: wanted.to_string(),
                choices: named.iter().map(|&ix| self.division_label(ix)).collect(),
            });
        }
        // "Central (Sheffield)", as the divisions list shows a shared name.
        if let Some((name, _)) = wanted.rsplit_once(" (") {
            let key = division_key(wanted);
            if let Some(ix) = self
                .divisions_named(name)
                .into_iter()
                .find(|&ix| division_key(&self.division_label(ix)) == key)
            {
                return Ok(ix);
            }
        }
        Err(DivisionLookupError::NotFound {
            wanted: wanted.to_string(),
        })
    }

    /// Finds a candidate of a division from what a person typed: "NAME",
    /// "NAME (PARTY)" or "#N" (ballot position, from 1).
    pub fn lookup_candidate(
        &self,
        division: DivisionIx,
        text: &str,
    ) -> Result<CandidateIx, CandidateLookupError> {
        let d = self.division(division);
        let wanted = text.trim();
        if let Some(n) = wanted.strip_prefix('#')
            && let Ok(n) = n.trim().parse::<u32>()
        {
            return match n.checked_sub(1) {
                Some(p) if p < d.candidate_count() as u32 => {
                    Ok(CandidateIx(d.candidates.start + p))
                }
                _ => Err(self.not_found(division, wanted)),
            };
        }
        let by_name = self.named(division, wanted);
        match by_name.as_slice() {
            [only] => return Ok(*only),
            [] => {}
            several => return Err(self.ambiguous(division, wanted, several)),
        }
        // "NAME (PARTY)": the party may be the description or the party counted.
        if let Some((name, rest)) = wanted.rsplit_once('(')
            && let Some(party) = rest.trim_end().strip_suffix(')')
        {
            let party = party_key(party);
            let matches: Vec<CandidateIx> = self
                .named(division, name)
                .into_iter()
                .filter(|&c| {
                    party_key(self.description(c)) == party
                        || party_key(self.party_name(self.candidate(c).party)) == party
                })
                .collect();
            match matches.as_slice() {
                [only] => return Ok(*only),
                [] => {}
                several => return Err(self.ambiguous(division, wanted, several)),
            }
        }
        Err(self.not_found(division, wanted))
    }

    /// Finds the candidate of `division` that is `other` (a candidate of another file's
    /// same division): by id, then by name and party, then by name alone, then by
    /// ballot position among those of the same name. `Ok(None)`: no candidate here.
    pub fn match_candidate(
        &self,
        division: DivisionIx,
        other: &CandidateRef,
    ) -> Result<Option<CandidateIx>, CandidateLookupError> {
        let d = self.division(division);
        if let Some(ids) = other.ids {
            let mut by_id = d.candidate_ixs().filter(|&c| {
                self.candidate(c)
                    .ids
                    .as_deref()
                    .and_then(|mine| mine.same_person(ids))
                    == Some(true)
            });
            if let (Some(c), None) = (by_id.next(), by_id.next()) {
                return Ok(Some(c));
            }
        }
        // A candidate whose ids say it is someone else is not matched by name.
        let other_person = |c: CandidateIx| {
            matches!(
                (self.candidate(c).ids.as_deref(), other.ids),
                (Some(mine), Some(theirs)) if mine.same_person(theirs) == Some(false)
            )
        };
        let by_name: Vec<CandidateIx> = self
            .named(division, other.name)
            .into_iter()
            .filter(|&c| !other_person(c))
            .collect();
        let parties = other.parties.map(party_key);
        let by_party: Vec<CandidateIx> = by_name
            .iter()
            .copied()
            .filter(|&c| {
                let mine = [
                    party_key(self.description(c)),
                    party_key(self.party_name(self.candidate(c).party)),
                ];
                mine.iter().any(|m| parties.contains(m))
            })
            .collect();
        let narrowed = match (by_party.as_slice(), by_name.as_slice()) {
            ([only], _) | ([], [only]) => return Ok(Some(*only)),
            ([], []) => return Ok(None),
            ([], several) | (several, _) => several.to_vec(),
        };
        // Same name (and party) twice: the same place on a ballot of the same length.
        if other.of == d.candidate_count()
            && let Some(&c) = narrowed
                .iter()
                .find(|&&c| self.ballot_position(c) == other.position)
        {
            return Ok(Some(c));
        }
        Err(self.ambiguous(division, other.name, &narrowed))
    }

    /// The candidates of a division with the name `name`.
    fn named(&self, division: DivisionIx, name: &str) -> Vec<CandidateIx> {
        self.division(division)
            .candidate_ixs()
            .filter(|&c| same_candidate_name(&self.candidate(c).name, name))
            .collect()
    }

    /// "#3 Greg Smith (Green Party)"
    fn choice(&self, c: CandidateIx) -> String {
        format!(
            "#{} {} ({})",
            self.ballot_position(c) + 1,
            self.candidate(c).name,
            self.description(c)
        )
    }

    fn ambiguous(
        &self,
        division: DivisionIx,
        wanted: &str,
        several: &[CandidateIx],
    ) -> CandidateLookupError {
        CandidateLookupError::Ambiguous {
            wanted: wanted.trim().to_string(),
            division: self.division_label(division),
            choices: several.iter().map(|&c| self.choice(c)).collect(),
        }
    }

    fn not_found(&self, division: DivisionIx, wanted: &str) -> CandidateLookupError {
        CandidateLookupError::NotFound {
            wanted: wanted.trim().to_string(),
            division: self.division_label(division),
            choices: self
                .division(division)
                .candidate_ixs()
                .map(|c| self.choice(c))
                .collect(),
        }
    }
}

impl Election {
    /// `c` as another election's [`match_candidate`](Election::match_candidate) takes it.
    pub fn candidate_ref(&self, c: CandidateIx) -> CandidateRef<'_> {
        let candidate = self.candidate(c);
        CandidateRef {
            name: &candidate.name,
            parties: [self.description(c), self.party_name(candidate.party)],
            ids: candidate.ids.as_deref(),
            position: self.ballot_position(c),
            of: self.division(candidate.division).candidate_count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::same_candidate_name;

    #[test]
    fn names_are_the_same_whatever_their_case_and_spacing() {
        assert!(same_candidate_name("Greg Smith", "greg  SMITH"));
        assert!(same_candidate_name(" Greg Smith", "Greg Smith "));
        assert!(same_candidate_name("Émile Zola", "émile zola"));
        assert!(same_candidate_name("ÉMILE ZOLA", "Émile Zola"));
        assert!(!same_candidate_name("Greg Smith", "Craig Smith"));
        assert!(!same_candidate_name(" greg Smith", "Peg Smith"));
        assert!(!same_candidate_name("Émile Zola", "Emile Zola"));
        assert!(!same_candidate_name("Greg Smith", "Greg Smithson"));
        // The last letters tell these apart, after spacing at either end.
        assert!(!same_candidate_name("Candidate 0-0", "Candidate 0-1 "));
        assert!(same_candidate_name("Candidate 0-1", " candidate  0-1 "));
        assert!(same_candidate_name("Zoë", "ZOË"));
        assert!(!same_candidate_name("Zoë", "Zoe"));
        assert!(!same_candidate_name("", "Greg"));
        assert!(same_candidate_name("", "  "));
    }

    /// The quick answers from first and last letters are the key's own: every pair of
    /// names of up to three letters among cases, accents, spaces and the Kelvin sign
    /// (not ASCII, yet lowered to an ASCII "k").
    #[test]
    fn names_compared_letter_by_letter_agree_with_their_keys() {
        let letters = ['a', 'A', 'é', 'É', ' ', 'k', '\u{212A}'];
        let mut names = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..3 {
            last = last
                .iter()
                .flat_map(|n| letters.iter().map(move |l| format!("{n}{l}")))
                .collect();
            names.extend(last.iter().cloned());
        }
        for a in &names {
            for b in &names {
                assert_eq!(
                    same_candidate_name(a, b),
                    super::candidate_name_key(a) == super::candidate_name_key(b),
                    "{a:?} and {b:?}"
                );
            }
        }
    }
}
