//! Merging question occurrences into distinct questions.
//!
//! Three rules, applied with a union-find over every [`RawQuestion`] (chain questions of file
//! 002 are never merged: their place in a chain is their identity):
//!
//! 1. **Expansion**: an expanded file (000, 004) writes `Question n` for the summary file's `Qn`;
//!    the pair merges when their prompts agree (same canonical text, or at least half of their
//!    words shared). A number whose prompt disagrees is kept apart and reported as a conflict.
//! 2. **Same text**: two prompts merge when their canonical forms
//!    ([`normalize_question`]) are equal, also after dropping an example clause such as
//!    `(like bit.ly)`, `(e.g., Facebook/Instagram)` or a trailing `like Bitly.`; and prompts that
//!    compare things (`vs`, `difference`, `compare`) merge when they use the same set of words
//!    (`eventual vs strong consistency` = `eventual consistency vs strong consistency`,
//!    `SQL vs NoSQL – when to use what?` = `When to choose SQL vs NoSQL?`); and requests to design
//!    or implement a simple thing merge when they name it with the same words, ignoring generic
//!    nouns (`Design a distributed locking system` = `How would you implement distributed
//!    locking?`, `... identity verification system` = `... identity verification platform`).
//! 3. **Same product**: "Design Twitter" (optionally with a parenthetical scope) names a product;
//!    a prompt that designs something `like Twitter` / `(e.g., Twitter)` / `Twitter-like` merges
//!    with it. Two `like Brand` prompts merge only when their head nouns also match
//!    (`news feed (like Facebook)` = `social media feed (e.g., Facebook/Instagram)`).
//!
//! Each merge is recorded with its kind: `expansion`, `repeat_in_file` (same file twice) or
//! `across_files`.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::parse::{Format, RawQuestion};
use crate::text::{normalize_question, normalize_text};

/// One occurrence merged into another question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeRecord {
    /// `expansion`, `repeat_in_file` or `across_files`.
    pub kind: &'static str,
    /// Source key of the question it was merged into (its primary source).
    pub into: String,
    /// Source key of the merged occurrence.
    pub from: String,
    pub into_prompt: String,
    pub from_prompt: String,
}

/// The outcome of merging: groups of indices into the input (primary first, groups ordered by
/// their primary), what was merged, and expansion numbers that matched nothing.
#[derive(Debug, Clone, Default)]
pub struct Merged {
    pub groups: Vec<Vec<usize>>,
    pub records: Vec<MergeRecord>,
    /// Matches not merged: an expansion whose number's prompt in the summary file disagrees,
    /// or a match that would join two different questions of one file.
    pub conflicts: Vec<String>,
}

impl Merged {
    pub fn by_kind(&self) -> BTreeMap<String, usize> {
        let mut map = BTreeMap::new();
        for r in &self.records {
            *map.entry(r.kind.to_string()).or_insert(0) += 1;
        }
        map
    }
}

/// Union-find over occurrences that also remembers which files each set holds, so that two
/// different questions of one file are never joined through a third occurrence.
struct UnionFind<'a> {
    parent: Vec<usize>,
    files: Vec<Vec<&'a str>>,
    /// Pairs whose union was refused.
    refused: Vec<(usize, usize)>,
}

impl<'a> UnionFind<'a> {
    fn new(raws: &'a [RawQuestion]) -> UnionFind<'a> {
        UnionFind {
            parent: (0..raws.len()).collect(),
            files: raws.iter().map(|r| vec![r.file.as_str()]).collect(),
            refused: Vec::new(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Joins the sets of `a` and `b` (the earlier occurrence stays the root), unless that would
    /// put two occurrences of one file together without matching them directly; a refusal is
    /// remembered in `refused`.
    fn union(&mut self, raws: &[RawQuestion], a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let direct_same_file = raws[a].file == raws[b].file;
        let shared = self.files[ra].iter().any(|f| self.files[rb].contains(f));
        if shared && !direct_same_file {
            self.refused.push((a, b));
            return;
        }
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[hi] = lo;
        let moved = std::mem::take(&mut self.files[hi]);
        for f in moved {
            if !self.files[lo].contains(&f) {
                self.files[lo].push(f);
            }
        }
    }
}

/// Merges `raws`, which must be in precedence order (summary, expanded, chains, long-form; then
/// file name; then file order).
pub fn merge(raws: &[RawQuestion]) -> Merged {
    let mut uf = UnionFind::new(raws);
    let mut merged = Merged::default();

    // Rule 1: expansions of the (first) summary file.
    let summary_file = raws
        .iter()
        .find(|r| r.format == Format::Summary)
        .map(|r| r.file.clone());
    let summary: HashMap<u32, usize> = raws
        .iter()
        .enumerate()
        .filter(|(_, r)| Some(&r.file) == summary_file.as_ref())
        .map(|(i, r)| (r.number, i))
        .collect();
    for (i, r) in raws.iter().enumerate() {
        if r.format != Format::Expanded {
            continue;
        }
        match summary.get(&r.number) {
            Some(&s) if prompts_agree(&raws[s].prompt, &r.prompt) => {
                uf.union(raws, s, i);
            }
            Some(&s) => merged
                .conflicts
                .push(format!("{} differs from {}", r.key, raws[s].key)),
            None => {}
        }
    }

    // Rules 2 and 3: shared keys.
    let mut first_by_key: HashMap<String, usize> = HashMap::new();
    let mut strong_brand: HashMap<String, usize> = HashMap::new();
    let mut weak_brand: Vec<(usize, String, String)> = Vec::new(); // (index, brand, head)
    for (i, r) in raws.iter().enumerate() {
        if r.format == Format::Chains {
            continue;
        }
        for key in text_keys(&r.prompt) {
            match first_by_key.get(&key) {
                Some(&j) => {
                    uf.union(raws, j, i);
                }
                None => {
                    first_by_key.insert(key, i);
                }
            }
        }
        match brand_of(&r.prompt) {
            Some(Brand::Product(b)) => match strong_brand.get(&b) {
                Some(&j) => {
                    uf.union(raws, j, i);
                }
                None => {
                    strong_brand.insert(b, i);
                }
            },
            Some(Brand::Like { brand, head }) => weak_brand.push((i, brand, head)),
            None => {}
        }
    }
    for (idx, (i, brand, head)) in weak_brand.iter().enumerate() {
        let partner = strong_brand.get(brand).copied().or_else(|| {
            weak_brand[..idx]
                .iter()
                .find(|(_, b, h)| b == brand && h == head)
                .map(|(j, _, _)| *j)
        });
        if let Some(j) = partner {
            uf.union(raws, j, *i);
        }
    }

    for &(a, b) in &uf.refused {
        merged.conflicts.push(format!(
            "{} ~ {} not merged: it would join two different questions of one file",
            raws[a].key, raws[b].key
        ));
    }

    // Groups, primary (smallest index) first.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..raws.len() {
        let root = uf.find(i);
        groups.entry(root).or_default().push(i);
    }
    for (root, members) in &groups {
        for &m in &members[1..] {
            merged.records.push(MergeRecord {
                kind: kind_of(&raws[*root], &raws[m]),
                into: raws[*root].key.clone(),
                from: raws[m].key.clone(),
                into_prompt: raws[*root].prompt.clone(),
                from_prompt: raws[m].prompt.clone(),
            });
        }
    }
    merged.groups = groups.into_values().collect();
    merged
}

fn kind_of(a: &RawQuestion, b: &RawQuestion) -> &'static str {
    if a.format == Format::Summary && b.format == Format::Expanded && a.number == b.number {
        "expansion"
    } else if a.file == b.file {
        "repeat_in_file"
    } else {
        "across_files"
    }
}

/// Whether an expansion's prompt is the summary's prompt (allowing small rewording).
fn prompts_agree(a: &str, b: &str) -> bool {
    let (na, nb) = (normalize_question(a), normalize_question(b));
    if na == nb {
        return true;
    }
    let wa: std::collections::HashSet<&str> = na.split(' ').collect();
    let wb: std::collections::HashSet<&str> = nb.split(' ').collect();
    let shared = wa.intersection(&wb).count();
    shared * 2 >= wa.len().max(wb.len())
}

static EXAMPLE_PAREN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*\((?:like|e\.g\.?,?|eg|such as|similar to)\s[^)]*\)").expect("regex")
});
static TRAILING_LIKE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s+like\s+[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*\s*[.?!]?\s*$").expect("regex")
});

/// The prompt without an example clause (`(like bit.ly)`, `(e.g., ...)`, trailing `like Bitly.`).
fn strip_example(prompt: &str) -> String {
    let s = EXAMPLE_PAREN_RE.replace_all(prompt, "");
    TRAILING_LIKE_RE.replace(&s, "").into_owned()
}

/// Keys under which two prompts count as the same question.
fn text_keys(prompt: &str) -> Vec<String> {
    let canonical = normalize_question(prompt);
    let mut keys = vec![format!("q:{canonical}")];
    let stripped = normalize_question(&strip_example(prompt));
    if stripped != canonical && stripped.split(' ').count() >= 3 {
        keys.push(format!("q:{stripped}"));
    }
    let words: Vec<&str> = canonical.split(' ').collect();
    if words.iter().any(|w| COMPARISON_MARKERS.contains(w)) {
        let mut set: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !COMPARISON_MARKERS.contains(w) && !COMPARISON_FILLER.contains(w))
            .collect();
        set.sort_unstable();
        set.dedup();
        if set.len() >= 2 {
            keys.push(format!("v:{}", set.join(" ")));
        }
    }
    if let Some(key) = design_object_key(&canonical) {
        keys.push(key);
    }
    keys
}

const COMPARISON_MARKERS: [&str; 5] = ["vs", "difference", "differences", "compare", "comparison"];
const COMPARISON_FILLER: [&str; 12] = [
    "and", "between", "what", "is", "when", "to", "use", "choose", "which", "one", "how", "do",
];
/// Nouns that name the kind of thing to design without changing what it is.
const GENERIC_OBJECTS: [&str; 10] = [
    "system",
    "systems",
    "platform",
    "service",
    "engine",
    "app",
    "application",
    "backend",
    "solution",
    "tool",
];
/// Words that make the object a relation, where word order matters (`sync A to B`).
const RELATION_WORDS: [&str; 13] = [
    "to", "from", "into", "between", "across", "for", "with", "without", "on", "in", "of", "using",
    "like",
];

/// For a request to design or implement a simple thing ("Design a distributed locking system",
/// "How would you implement distributed locking?"): the set of words naming the thing, without
/// generic nouns (`system`, `platform`, `service`, ...). Objects with relation words
/// (`to`, `from`, `for`, ...) have no such key: their word order matters.
fn design_object_key(canonical: &str) -> Option<String> {
    let object = ["design ", "how implement ", "implement "]
        .iter()
        .find_map(|lead| canonical.strip_prefix(lead))?;
    let object = object
        .replace("auto suggestion", "autocomplete")
        .replace("typeahead", "autocomplete");
    let mut words: Vec<&str> = object
        .split(' ')
        .filter(|w| !w.is_empty() && !GENERIC_OBJECTS.contains(w))
        .collect();
    if words.iter().any(|w| RELATION_WORDS.contains(w)) || !(2..=6).contains(&words.len()) {
        return None;
    }
    words.sort_unstable();
    words.dedup();
    Some(format!("d:{}", words.join(" ")))
}

enum Brand {
    /// "Design Twitter" (a product named on its own).
    Product(String),
    /// "Design a news feed (like Facebook)": the brand and the head noun of what is designed.
    Like { brand: String, head: String },
}

static PRODUCT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Design|Build)\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s*(?:\([^)]*\))?\s*[.?]?$")
        .expect("regex")
});
static LIKE_BRAND_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\blike\s+|\((?:like|e\.g\.?,?)\s+)([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)|\b([A-Z][\w.]*)-like\b")
        .expect("regex")
});

fn brand_key(name: &str) -> String {
    normalize_text(name).replace(' ', "")
}

fn brand_of(prompt: &str) -> Option<Brand> {
    let prompt = prompt.trim();
    if let Some(caps) = PRODUCT_RE.captures(prompt) {
        return Some(Brand::Product(brand_key(&caps[1])));
    }
    if !(prompt.starts_with("Design") || prompt.starts_with("Build")) {
        return None;
    }
    let caps = LIKE_BRAND_RE.captures(prompt)?;
    let name = caps.get(1).or(caps.get(2))?.as_str();
    if prompt[caps.get(0)?.end()..].starts_with("'s") {
        return None;
    }
    let without = strip_example(&prompt.replace(&format!("{name}-like "), ""));
    let head = normalize_question(&without)
        .split(' ')
        .next_back()
        .unwrap_or_default()
        .to_string();
    Some(Brand::Like {
        brand: brand_key(name),
        head,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(file: &str, number: u32, prompt: &str, format: Format) -> RawQuestion {
        RawQuestion {
            file: file.to_string(),
            key: format!("{file}-{number}"),
            line: number as usize,
            number,
            prompt: prompt.to_string(),
            section: String::new(),
            answer: "answer".to_string(),
            format,
            depth: (format == Format::Chains).then_some(0),
        }
    }

    fn groups_of(raws: &[RawQuestion]) -> Vec<Vec<String>> {
        merge(raws)
            .groups
            .into_iter()
            .map(|g| g.into_iter().map(|i| raws[i].key.clone()).collect())
            .collect()
    }

    #[test]
    fn expansions_merge_by_number_when_the_prompts_agree() {
        let raws = vec![
            raw(
                "001",
                401,
                "How would you handle leader election in distributed systems?",
                Format::Summary,
            ),
            raw(
                "001",
                402,
                "Design a gossip-based messaging protocol.",
                Format::Summary,
            ),
            raw(
                "000",
                401,
                "How would you handle leader election in distributed systems?",
                Format::Expanded,
            ),
            raw("000", 402, "Explain vector clocks.", Format::Expanded),
        ];
        let m = merge(&raws);
        assert_eq!(
            groups_of(&raws),
            vec![vec!["001-401", "000-401"], vec!["001-402"], vec!["000-402"]]
        );
        assert_eq!(m.records[0].kind, "expansion");
        assert_eq!(m.conflicts, vec!["000-402 differs from 001-402"]);
    }

    #[test]
    fn repeats_in_one_file_and_across_files_merge() {
        let raws = vec![
            raw("001", 4, "What is a load balancer?", Format::Summary),
            raw("001", 31, "What is a load balancer?", Format::Summary),
            raw(
                "001",
                76,
                "Design a URL Shortener (like bit.ly)",
                Format::Summary,
            ),
            raw(
                "001",
                80,
                "Design an e-commerce platform (like Amazon)",
                Format::Summary,
            ),
            raw(
                "001",
                95,
                "What is eventual vs strong consistency?",
                Format::Summary,
            ),
            raw(
                "003",
                11,
                "What is eventual consistency vs strong consistency?",
                Format::LongForm,
            ),
            raw(
                "003",
                26,
                "Design a URL shortener like Bitly.",
                Format::LongForm,
            ),
            raw(
                "003",
                36,
                "Design an e-commerce platform like Amazon.",
                Format::LongForm,
            ),
            raw("003", 47, "Design a load balancer.", Format::LongForm),
        ];
        assert_eq!(
            groups_of(&raws),
            vec![
                vec!["001-4", "001-31"],
                vec!["001-76", "003-26"],
                vec!["001-80", "003-36"],
                vec!["001-95", "003-11"],
                vec!["003-47"],
            ]
        );
        let kinds = merge(&raws).by_kind();
        assert_eq!(kinds.get("repeat_in_file"), Some(&1));
        assert_eq!(kinds.get("across_files"), Some(&3));
    }

    #[test]
    fn products_merge_with_designs_like_them_but_not_with_other_brands() {
        let raws = vec![
            raw("001", 71, "Design YouTube", Format::Summary),
            raw("001", 73, "Design Twitter", Format::Summary),
            raw(
                "001",
                78,
                "Design a news feed (like Facebook)",
                Format::Summary,
            ),
            raw(
                "001",
                79,
                "Design a video streaming service (like Netflix)",
                Format::Summary,
            ),
            raw(
                "001",
                701,
                "Design a system like YouTube with video upload, transcoding, and streaming.",
                Format::Summary,
            ),
            raw(
                "003",
                27,
                "Design a social media feed (e.g., Facebook/Instagram).",
                Format::LongForm,
            ),
            raw(
                "003",
                28,
                "Design Twitter (posting, timeline, follow system).",
                Format::LongForm,
            ),
            raw(
                "003",
                34,
                "Design a video streaming platform like YouTube.",
                Format::LongForm,
            ),
            raw(
                "003",
                35,
                "Design a recommendation engine like YouTube's.",
                Format::LongForm,
            ),
        ];
        assert_eq!(
            groups_of(&raws),
            vec![
                vec!["001-71", "001-701", "003-34"],
                vec!["001-73", "003-28"],
                vec!["001-78", "003-27"],
                vec!["001-79"],
                vec!["003-35"],
            ]
        );
    }

    #[test]
    fn different_questions_stay_apart() {
        let raws = vec![
            raw("001", 15, "What is eventual consistency?", Format::Summary),
            raw(
                "001",
                334,
                "When to use eventual consistency?",
                Format::Summary,
            ),
            raw("001", 65, "What is rate limiting?", Format::Summary),
            raw(
                "001",
                92,
                "How do you design rate limiting?",
                Format::Summary,
            ),
            raw("003", 39, "Design a parking lot system.", Format::LongForm),
            raw(
                "003",
                56,
                "How would you design a parking lot (OOP level)?",
                Format::LongForm,
            ),
            raw(
                "001",
                900,
                "How to migrate from SQL to NoSQL?",
                Format::Summary,
            ),
            raw(
                "001",
                901,
                "How to migrate from NoSQL to SQL?",
                Format::Summary,
            ),
        ];
        assert_eq!(merge(&raws).groups.len(), raws.len());
    }

    #[test]
    fn two_questions_of_one_file_are_never_joined_through_a_third() {
        let raws = vec![
            raw("001", 71, "Design YouTube", Format::Summary),
            raw(
                "001",
                79,
                "Design a video streaming platform.",
                Format::Summary,
            ),
            raw(
                "003",
                34,
                "Design a video streaming platform like YouTube.",
                Format::LongForm,
            ),
        ];
        let m = merge(&raws);
        assert_eq!(m.groups.len(), 2);
        assert!(m.groups.iter().all(|g| !(g.contains(&0) && g.contains(&1))));
        assert_eq!(
            m.conflicts,
            vec!["001-71 ~ 003-34 not merged: it would join two different questions of one file"]
        );
    }

    #[test]
    fn designs_of_the_same_simple_thing_merge() {
        let raws = vec![
            raw(
                "001",
                771,
                "Design a distributed locking system.",
                Format::Summary,
            ),
            raw(
                "001",
                295,
                "How do you implement RBAC (Role-Based Access Control)?",
                Format::Summary,
            ),
            raw(
                "001",
                721,
                "Design a role-based access control system (RBAC).",
                Format::Summary,
            ),
            raw(
                "001",
                11,
                "SQL vs NoSQL – when to use what?",
                Format::Summary,
            ),
            raw("001", 332, "When to choose SQL vs NoSQL?", Format::Summary),
            raw(
                "003",
                80,
                "How would you implement distributed locking?",
                Format::LongForm,
            ),
            raw(
                "001",
                800,
                "Build a system to sync data from mobile to web.",
                Format::Summary,
            ),
            raw(
                "001",
                801,
                "Build a system to sync data from web to mobile.",
                Format::Summary,
            ),
        ];
        assert_eq!(
            groups_of(&raws),
            vec![
                vec!["001-771", "003-80"],
                vec!["001-295", "001-721"],
                vec!["001-11", "001-332"],
                vec!["001-800"],
                vec!["001-801"],
            ]
        );
    }

    #[test]
    fn chain_questions_never_merge() {
        let raws = vec![
            raw(
                "001",
                47,
                "What is the circuit breaker pattern?",
                Format::Summary,
            ),
            raw(
                "002",
                1,
                "What is the circuit breaker pattern?",
                Format::Chains,
            ),
        ];
        assert_eq!(merge(&raws).groups.len(), 2);
    }
}
