//! A rubric's vocabulary: every content stem its patterns, `expects` and question use, interned
//! to small ids, and the forgiving lookup that maps an answer's word to one of them.
//!
//! The lookup forgives word forms (Snowball stems, and a word the stemmer cut shorter than
//! another's stem: "embed" / "embedded"), derivations ("router" / "route", see
//! [`crate::text::tokenize::root`]) and typos by length (optimal string alignment distance: words
//! of 5 characters or fewer exactly, 6-8 one edit, longer two; same first letter). Each answer
//! word is looked up once per answer, so patterns compare ids, never strings.

use crate::text::fasthash::FastMap as HashMap;
use crate::text::is_generic;
use crate::text::tokenize::{Token, root};

/// Allowed edit distance for a word of `len` characters.
pub fn typo_budget(len: usize) -> usize {
    // five-letter words collide too often ("state"/"stale", "write"/"white")
    match len {
        0..=5 => 0,
        6..=8 => 1,
        _ => 2,
    }
}

/// No vocabulary id: the word is not in the rubric.
pub const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Default)]
pub struct Vocab {
    ids: HashMap<String, u32>,
    /// Derivational root -> id.
    roots: HashMap<String, u32>,
    /// Per id: the stem as interned.
    stems: Vec<String>,
    /// Per id: a generic word ("system", "data").
    generic: Vec<bool>,
    /// Typo-matchable ASCII forms (stems, and words as written) with their id, by first byte.
    by_first: HashMap<u8, Vec<(Box<str>, u32)>>,
    /// Function words patterns name (matched exactly), by id in their own space.
    norms: HashMap<Box<str>, u32>,
    /// Prefixes patterns name (`authoriz*`), by id in their own space, and their ids by first
    /// byte.
    prefixes: Vec<Box<str>>,
    /// Per prefix id, its stem ("renam" of "rename"), which also matches the stems of the
    /// prefix's word family ("renaming").
    prefix_stems: Vec<Box<str>>,
    prefixes_by_first: HashMap<u8, Vec<u32>>,
}

/// An answer's words as a rubric's patterns see them: per token its content-word id, its
/// function-word id and the prefixes it starts with, and which of each occur (in active tokens).
#[derive(Debug, Clone, Default)]
pub struct Words {
    pub ids: Vec<u32>,
    /// Per content-word id, the (active) tokens where it occurs.
    pub positions: Vec<Vec<usize>>,
    /// The same per function-word id and per prefix id.
    pub norm_positions: Vec<Vec<usize>>,
    pub prefix_positions: Vec<Vec<usize>>,
    pub norms: Vec<u32>,
    /// Per token `i`, its prefix ids are `prefix_ids[prefix_at[i]..prefix_at[i + 1]]`.
    prefix_at: Vec<u32>,
    prefix_ids: Vec<u32>,
    present_ids: Vec<bool>,
    present_norms: Vec<bool>,
    present_prefixes: Vec<bool>,
}

impl Words {
    pub fn has_prefix(&self, token: usize, prefix: u32) -> bool {
        let (a, b) = (
            self.prefix_at[token] as usize,
            self.prefix_at[token + 1] as usize,
        );
        self.prefix_ids[a..b].contains(&prefix)
    }

    pub fn id_present(&self, id: u32) -> bool {
        self.present_ids.get(id as usize).copied().unwrap_or(false)
    }

    pub fn norm_present(&self, id: u32) -> bool {
        self.present_norms
            .get(id as usize)
            .copied()
            .unwrap_or(false)
    }

    pub fn prefix_present(&self, id: u32) -> bool {
        self.present_prefixes
            .get(id as usize)
            .copied()
            .unwrap_or(false)
    }
}

/// Shortest derivational root that joins words ("rout" would join "router" and "route", but
/// "auth" would join "authorization" and "authentication").
const MIN_ROOT: usize = 5;

impl Vocab {
    /// The id of `stem`, interning it when new.
    pub fn intern(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let id = self.stems.len() as u32;
        self.ids.insert(stem.to_string(), id);
        self.roots.entry(root(stem).to_string()).or_insert(id);
        self.stems.push(stem.to_string());
        self.generic.push(is_generic(stem));
        self.add_form(stem, id);
        id
    }

    /// The id of a word's stem, interning it when new, and the word as written as a form to
    /// compare typos with ("replicaton" is one edit from "replication", four from "replic").
    pub fn intern_word(&mut self, norm: &str, stem: &str) -> u32 {
        let id = self.intern(stem);
        if norm != stem {
            self.add_form(norm, id);
        }
        id
    }

    fn add_form(&mut self, form: &str, id: u32) {
        if form.is_ascii() && typo_budget(form.len()) > 0 {
            // kept in order of length (stable within a length), so a lookup visits only the
            // forms whose length is within its typo budget
            let forms = self.by_first.entry(form.as_bytes()[0]).or_default();
            if !forms.iter().any(|(f, i)| &**f == form && *i == id) {
                let at = forms.partition_point(|(f, _)| f.len() <= form.len());
                forms.insert(at, (form.into(), id));
            }
        }
    }

    /// The id of a function word patterns match exactly.
    pub fn intern_norm(&mut self, norm: &str) -> u32 {
        let next = self.norms.len() as u32;
        *self.norms.entry(norm.into()).or_insert(next)
    }

    /// The id of a prefix (`authoriz` of `authoriz*`).
    pub fn intern_prefix(&mut self, prefix: &str) -> u32 {
        if let Some(i) = self.prefixes.iter().position(|p| &**p == prefix) {
            return i as u32;
        }
        let id = self.prefixes.len() as u32;
        self.prefixes.push(prefix.into());
        let s = crate::text::tokenize::stem(prefix);
        self.prefix_stems.push(
            if s.len() >= 3 {
                s.to_string()
            } else {
                prefix.to_string()
            }
            .into(),
        );
        if let Some(&b) = prefix.as_bytes().first() {
            self.prefixes_by_first.entry(b).or_default().push(id);
        }
        id
    }

    /// Looks every token up once; `active` marks the tokens that count for presence.
    pub fn words(&self, tokens: &[Token], active: &[bool]) -> Words {
        let n = tokens.len();
        let mut w = Words {
            ids: Vec::with_capacity(n),
            positions: vec![Vec::new(); self.stems.len()],
            norm_positions: vec![Vec::new(); self.norms.len()],
            prefix_positions: vec![Vec::new(); self.prefixes.len()],
            norms: Vec::with_capacity(n),
            prefix_at: Vec::with_capacity(n + 1),
            prefix_ids: Vec::new(),
            present_ids: vec![false; self.stems.len()],
            present_norms: vec![false; self.norms.len()],
            present_prefixes: vec![false; self.prefixes.len()],
        };
        // a word the answer repeats is looked up once
        let mut seen: HashMap<&str, u32> = HashMap::with_capacity_and_hasher(n, Default::default());
        for (i, t) in tokens.iter().enumerate() {
            let on = active.get(i).copied().unwrap_or(true);
            let id = match seen.get(t.norm.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.lookup(t).unwrap_or(NONE);
                    seen.insert(t.norm.as_str(), id);
                    id
                }
            };
            if id != NONE && on {
                w.present_ids[id as usize] = true;
                w.positions[id as usize].push(i);
            }
            w.ids.push(id);
            let norm = self.norms.get(t.norm.as_str()).copied().unwrap_or(NONE);
            if norm != NONE && on {
                w.present_norms[norm as usize] = true;
                w.norm_positions[norm as usize].push(i);
            }
            w.norms.push(norm);
            w.prefix_at.push(w.prefix_ids.len() as u32);
            if let Some(cands) = t
                .norm
                .as_bytes()
                .first()
                .and_then(|b| self.prefixes_by_first.get(b))
            {
                for &p in cands {
                    if t.norm.starts_with(&*self.prefixes[p as usize])
                        || !t.stop && t.stem.starts_with(&*self.prefix_stems[p as usize])
                    {
                        w.prefix_ids.push(p);
                        if on {
                            w.present_prefixes[p as usize] = true;
                            w.prefix_positions[p as usize].push(i);
                        }
                    }
                }
            }
        }
        w.prefix_at.push(w.prefix_ids.len() as u32);
        w
    }

    pub fn len(&self) -> usize {
        self.stems.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }

    /// The id of an exact stem, if interned.
    pub fn get(&self, stem: &str) -> Option<u32> {
        self.ids.get(stem).copied()
    }

    pub fn stem(&self, id: u32) -> &str {
        &self.stems[id as usize]
    }

    pub fn is_generic(&self, id: u32) -> bool {
        self.generic[id as usize]
    }

    /// Maps one answer token to a vocabulary id: exact stem, exact surface, derivational root, or
    /// a typo within the length-dependent budget (same first letter). Function words map to
    /// nothing (patterns match them by their exact form).
    pub fn lookup(&self, t: &Token) -> Option<u32> {
        if t.stop {
            return None;
        }
        if let Some(&id) = self.ids.get(t.stem.as_str()) {
            return Some(id);
        }
        if let Some(&id) = self.ids.get(t.norm.as_str()) {
            return Some(id);
        }
        let r = root(&t.stem);
        if r.len() >= MIN_ROOT
            && let Some(&id) = self.roots.get(r)
        {
            return Some(id);
        }
        let len = t.norm.chars().count();
        let budget = typo_budget(len);
        if budget == 0 || !t.norm.is_ascii() {
            return None;
        }
        let forms = self.by_first.get(&t.norm.as_bytes()[0])?;
        let shortest = t.stem.len().min(t.norm.len()).saturating_sub(budget);
        let longest = t.stem.len().max(t.norm.len()) + budget;
        let from = forms.partition_point(|(f, _)| f.len() < shortest);
        let to = forms.partition_point(|(f, _)| f.len() <= longest);
        let mut best: Option<(usize, u32)> = None;
        for (form, id) in &forms[from..to] {
            let id = *id;
            if negated_form(&t.norm, form) {
                continue;
            }
            for (a, b) in [(t.stem.as_str(), &**form), (t.norm.as_str(), &**form)] {
                if a.len().abs_diff(b.len()) > budget
                    || bag_distance(a.as_bytes(), b.as_bytes()) > budget
                {
                    continue;
                }
                let d = strsim::osa_distance(a, b);
                if d <= budget.min(typo_budget(b.len())) && best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, id));
                }
            }
        }
        best.map(|(_, id)| id)
    }
}

/// Whether one word is the other with a negating prefix ("asymmetric" / "symmetric",
/// "unencrypted" / "encrypted"): one edit apart, but opposites.
fn negated_form(a: &str, b: &str) -> bool {
    let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
    ["a", "an", "un", "in", "im", "ir", "il", "non", "dis", "de"]
        .iter()
        .any(|p| {
            long.strip_prefix(p)
                .is_some_and(|rest| rest.starts_with(&short[..short.len().min(4)]))
        })
}

/// A cheap lower bound of the edit distance of two ASCII words: the larger count of letters one
/// word has in excess of the other. Used to skip most typo comparisons.
fn bag_distance(a: &[u8], b: &[u8]) -> usize {
    let mut counts = [0i32; 64];
    for &c in a {
        counts[(c & 63) as usize] += 1;
    }
    for &c in b {
        counts[(c & 63) as usize] -= 1;
    }
    let (mut plus, mut minus) = (0i32, 0i32);
    for n in counts {
        if n > 0 {
            plus += n;
        } else {
            minus -= n;
        }
    }
    plus.max(minus) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::{stem, tokenize};

    fn vocab(words: &[&str]) -> Vocab {
        let mut v = Vocab::default();
        for w in words {
            v.intern_word(w, &stem(w));
        }
        v
    }

    fn found(v: &Vocab, word: &str) -> Option<String> {
        let t = &tokenize(word)[0];
        v.lookup(t).map(|id| v.stem(id).to_string())
    }

    #[test]
    fn word_forms_derivations_and_typos_by_length() {
        let v = vocab(&[
            "replication",
            "linearizability",
            "shard",
            "raft",
            "cache",
            "router",
        ]);
        assert_eq!(found(&v, "replicated").as_deref(), Some("replic"));
        assert_eq!(found(&v, "replicaton").as_deref(), Some("replic"));
        assert!(found(&v, "linearizabilty").is_some());
        assert!(found(&v, "shart").is_none(), "five letters match exactly");
        assert!(found(&v, "stale").is_none() && found(&vocab(&["state"]), "stale").is_none());
        assert!(
            found(&v, "rift").is_none(),
            "short words match exactly only"
        );
        assert!(found(&v, "cafe").is_none());
        assert!(found(&v, "routers").is_some());
        assert!(found(&v, "route").is_none(), "a router is not a route");
        let v = vocab(&["replica", "partition"]);
        assert!(found(&v, "replca").is_some(), "6-8 letters allow one edit");
        assert!(found(&v, "rplca").is_none(), "but not two");
        assert!(found(&v, "partitoin").is_some(), "longer words two");
        let v = vocab(&["symmetric", "encrypted"]);
        assert_eq!(found(&v, "asymmetric"), None, "an opposite, not a typo");
        assert_eq!(found(&v, "unencrypted"), None);
        assert!(found(&v, "symetric").is_some());
        let v = vocab(&["authentication", "auth"]);
        assert_eq!(
            found(&v, "authorization"),
            None,
            "authorization is not authentication"
        );
        assert!(found(&v, "the").is_none(), "function words never map");
    }

    #[test]
    fn a_word_the_stemmer_cut_short_matches_its_longer_form() {
        // Snowball stems "embed" to "emb" but "embedded" to "embed"
        let v = vocab(&["embedded"]);
        assert!(found(&v, "embed").is_some());
    }

    #[test]
    fn bag_distance_is_a_lower_bound() {
        for (a, b) in [
            ("replication", "replicaton"),
            ("cache", "cahce"),
            ("shard", "shzrt"),
            ("kafka", "redis"),
        ] {
            assert!(
                bag_distance(a.as_bytes(), b.as_bytes()) <= strsim::osa_distance(a, b),
                "{a} {b}"
            );
        }
    }
}
