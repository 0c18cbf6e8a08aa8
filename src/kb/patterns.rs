//! The matcher of a knowledge-base layer: every name, alias, demonym (with its plural),
//! capital and generated variant, keyed by its first word, each pattern knowing the entities
//! it may name and how cautiously it must be matched.
//!
//! Why not an Aho-Corasick automaton: matches must be whole words anyway, so only word starts
//! need a look-up, and a hash table of first words builds in well under a millisecond where
//! an automaton over ~6,000 names took ~10 ms of the 20 ms start-up budget (measured), and it
//! searches prose faster because lower-case words that start no name are skipped unhashed.
//!
//! Invariant: a pattern string occurs once; several entities sharing it are its candidates.

use super::words::{is_common_word, is_month};
use super::{Entity, EntityId};
use crate::model::EntityKind;
use crate::recognize::entities::Via;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// An entity a pattern may name, and what kind of name the pattern is for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    pub entity: EntityId,
    pub via: Via,
}

/// Extra context a pattern needs before it counts, because it is also an ordinary word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Caution {
    None,
    /// A capitalized common word ("Turkey", "Chad", "May" the surname, "Will").
    CommonWord,
    /// A month name used as a name ("May"): never next to a number or after "in", "since"…
    Month,
    /// An all-caps common word ("US", "IT", "WHO"): not inside an all-caps heading.
    CapsCommon,
}

#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    pub text: String,
    pub targets: Vec<Target>,
    pub caution: Caution,
    /// Designations and acronyms take a plural "s" ("S-400s", "ICBMs").
    pub plural_ok: bool,
    /// Bytes of a leading article the name needs to match but the mention leaves out:
    /// 4 for "the West" / "The West", 0 otherwise ("The Hague" keeps its "The").
    pub article: usize,
}

/// Patterns grouped by their first word (leading run of letters and digits), and those of
/// two words or more by their first two.
pub(crate) struct Matcher {
    pub patterns: Vec<Pattern>,
    /// Hash of a key → range of `ids` holding its patterns, longest first. A key is a
    /// pattern's only word ([`word_hash`]) or its first two ([`pair_hash`]). A hash collision
    /// only adds candidates, which the text comparison then rejects.
    by_key: HashMap<u64, Bucket>,
    ids: Vec<u32>,
    /// Bytes some first word starts with: other words are skipped without hashing.
    first_bytes: [bool; 256],
    /// The longest run of bytes between a pattern's first and second word.
    widest_gap: usize,
}

/// Where a key's patterns are in `Matcher::ids`.
#[derive(Clone, Copy, Debug, Default)]
struct Bucket {
    from: u32,
    to: u32,
    /// For a one-word key: whether that word also starts patterns of more words.
    starts_longer: bool,
}

/// The run of letters and digits after `first` at the start of `text`, when it follows
/// within `widest_gap` bytes, and the bytes between: the second word of a two-word key.
/// Patterns and the text find it the same way.
fn second_word<'a>(text: &'a str, first: &str, widest_gap: usize) -> Option<(usize, &'a str)> {
    let after = &text[first.len()..];
    let gap = after
        .find(|c: char| c.is_alphanumeric())
        .filter(|&gap| gap > 0 && gap <= widest_gap)?;
    Some((gap, first_word(&after[gap..]))).filter(|(_, w)| !w.is_empty())
}

/// Does `rest` begin with `pattern`? Exactly, except that a capitalized word after the first
/// may be written in lower case ("Belt and Road initiative", "Cold war"): notes are not
/// consistent about that, and the exact first word keeps ordinary phrases out. Acronyms
/// ("New START") and the first word must match exactly.
fn matches_at(rest: &str, pattern: &str) -> bool {
    let (text, pattern) = (rest.as_bytes(), pattern.as_bytes());
    if text.len() < pattern.len() {
        return false;
    }
    if text.starts_with(pattern) {
        return true;
    }
    if !(pattern[0].is_ascii_uppercase() || pattern[0].is_ascii_digit()) {
        return false;
    }
    let first_word_end = pattern
        .iter()
        .position(|&b| b == b' ')
        .unwrap_or(pattern.len());
    pattern.iter().zip(text).enumerate().all(|(i, (&p, &t))| {
        p == t
            || (i > first_word_end
                && pattern[i - 1] == b' '
                && p.is_ascii_uppercase()
                && t == p.to_ascii_lowercase()
                && pattern.get(i + 1).is_none_or(u8::is_ascii_lowercase))
    })
}

/// The leading run of letters and digits of `text`.
pub(crate) fn first_word(text: &str) -> &str {
    let end = text
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(text.len());
    &text[..end]
}

/// The patterns of up to four candidate lists, in order, that `rest` begins with. A loop of
/// its own: this runs at every word of every note, mostly over four empty lists, and the
/// flattening adapters it replaces cost more than the look-ups that fill them.
struct Candidates<'a> {
    rest: &'a str,
    patterns: &'a [Pattern],
    lists: [&'a [u32]; 4],
    list: usize,
}

impl Iterator for Candidates<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while let Some(ids) = self.lists.get_mut(self.list) {
            match ids.split_first() {
                Some((&id, later)) => {
                    *ids = later;
                    if matches_at(self.rest, &self.patterns[id as usize].text) {
                        return Some(id as usize);
                    }
                }
                None => self.list += 1,
            }
        }
        None
    }
}

impl Matcher {
    /// Ids of the patterns `text[start..]` begins with, longest first; `word` is the run of
    /// letters and digits at `start`.
    ///
    /// Why two keys: a common first word starts many patterns ("S" starts every S-300 to
    /// S-500 and their variants, "Russia" a dozen names), and each was compared with the text
    /// at every such word: 236,917 comparisons over a 554 KB generated note, 41,172 now
    /// (counted). Patterns of two words or more are looked up by the text's first two words,
    /// so they come before those of one word, which they are longer than wherever both match.
    pub fn patterns_at<'a>(
        &'a self,
        text: &'a str,
        start: usize,
        word: &str,
    ) -> impl Iterator<Item = usize> + 'a {
        let rest = &text[start..];
        let mut found: [&[u32]; 4] = [&[]; 4];
        if self.first_bytes[word.as_bytes()[0] as usize] {
            let bucket = |key: u64| self.by_key.get(&key).copied().unwrap_or_default();
            let alone = bucket(word_hash(word));
            // Only a first word that starts longer patterns is worth finding the next word for.
            if alone.starts_longer {
                if let Some((_, second)) = second_word(rest, word, self.widest_gap) {
                    found[0] = self.ids(bucket(pair_hash(word, second)));
                    // "S-400s": a plural's last word has its stem in the pattern.
                    if let Some(stem) = plural_stem(second) {
                        found[1] = self.ids(bucket(pair_hash(word, stem)));
                    }
                }
            }
            found[2] = self.ids(alone);
            // "Iskanders": the plural's stem is the pattern (the caller checks the "s").
            if let Some(stem) = plural_stem(word) {
                found[3] = self.ids(bucket(word_hash(stem)));
            }
        }
        Candidates {
            rest,
            patterns: &self.patterns,
            lists: found,
            list: 0,
        }
    }

    fn ids(&self, bucket: Bucket) -> &[u32] {
        &self.ids[bucket.from as usize..bucket.to as usize]
    }

    /// Build the matcher for `entities`, whose first index is `offset`. `find` resolves ids
    /// (this layer's and earlier ones') so capitals already present as entities are skipped.
    pub fn build(
        entities: &[Entity],
        offset: u32,
        find: &dyn Fn(&str) -> Option<EntityId>,
    ) -> Matcher {
        let mut builder = Builder::default();
        builder.index.reserve(entities.len() * 4);
        builder.patterns.reserve(entities.len() * 4);
        // Names other entities give for this one ("Moscow" refers_to russia): a state's
        // `capital` field adds nothing when its capital is an entity of its own.
        let mut metonyms: HashSet<(EntityId, &str)> = HashSet::default();
        for e in entities {
            if let Some(target) = e.refers_to.as_deref().and_then(find) {
                for name in std::iter::once(&e.name).chain(&e.aliases) {
                    metonyms.insert((target, name.as_str()));
                }
            }
        }
        for (i, e) in entities.iter().enumerate() {
            let entity = EntityId(offset + i as u32);
            // Weapons are counted: "Iskanders", "Tomahawks", "S-400s".
            builder.countable = e.kind == EntityKind::Weapon;
            builder.add(&e.name, entity, Via::Name);
            for alias in &e.aliases {
                builder.add(alias, entity, Via::Alias);
            }
            for demonym in &e.demonyms {
                builder.add(demonym, entity, Via::Demonym);
                if let Some(plural) = plural(demonym) {
                    builder.add(&plural, entity, Via::Demonym);
                }
            }
            if let Some(capital) = &e.capital {
                if !metonyms.contains(&(entity, capital.as_str())) {
                    builder.add(capital, entity, Via::Capital);
                }
            }
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                for variant in designation_variants(name) {
                    builder.add(&variant, entity, Via::Variant);
                }
            }
        }
        builder.finish()
    }
}

#[derive(Default)]
struct Builder {
    index: HashMap<String, usize>,
    patterns: Vec<Pattern>,
    /// The entity being added names things that come in numbers.
    countable: bool,
    /// The name being added starts with "the ", which is context, not name.
    article_name: bool,
}

impl Builder {
    fn add(&mut self, text: &str, entity: EntityId, via: Via) {
        let text = text.trim();
        self.article_name = text.starts_with("the ");
        // A name must start a word; the loader rejects others, learned names never have them.
        if text.len() < 2 || first_word(text).is_empty() {
            return;
        }
        self.add_one(text, entity, via);
        // "the West" also starts a sentence as "The West".
        if let Some(rest) = text.strip_prefix("the ") {
            self.add_one(&format!("The {rest}"), entity, via);
        }
        // Unnormalized text keeps typographic apostrophes ("People’s Liberation Army").
        if text.contains('\'') {
            self.add_one(&text.replace('\'', "\u{2019}"), entity, via);
        }
    }

    fn add_one(&mut self, text: &str, entity: EntityId, via: Via) {
        let slot = match self.index.get(text) {
            Some(&slot) => slot,
            None => {
                self.index.insert(text.to_string(), self.patterns.len());
                self.patterns.push(Pattern {
                    // Filled from the index key in `finish`: one allocation per pattern.
                    text: String::new(),
                    targets: Vec::new(),
                    caution: caution(text),
                    plural_ok: plural_ok(text),
                    article: 0,
                });
                self.patterns.len() - 1
            }
        };
        self.patterns[slot].plural_ok |= self.countable;
        if self.article_name {
            self.patterns[slot].article = 4;
        }
        let targets = &mut self.patterns[slot].targets;
        if !targets.iter().any(|t| t.entity == entity) {
            targets.push(Target { entity, via });
        }
    }

    fn finish(mut self) -> Matcher {
        for (text, slot) in self.index.drain() {
            self.patterns[slot].text = text;
        }
        let mut first_bytes = [false; 256];
        let mut widest_gap = 0;
        // First words that start patterns of more words.
        let mut longer_firsts: Vec<u64> = Vec::new();
        let mut keyed: Vec<(u64, usize, u32)> = Vec::with_capacity(self.patterns.len());
        for (id, pattern) in self.patterns.iter().enumerate() {
            let first = first_word(&pattern.text);
            first_bytes[first.as_bytes()[0] as usize] = true;
            let key = match second_word(&pattern.text, first, usize::MAX) {
                Some((gap, second)) => {
                    widest_gap = widest_gap.max(gap);
                    longer_firsts.push(word_hash(first));
                    pair_hash(first, second)
                }
                None => word_hash(first),
            };
            keyed.push((key, usize::MAX - pattern.text.len(), id as u32));
        }
        keyed.sort_unstable();
        let mut by_key: HashMap<u64, Bucket> =
            HashMap::with_capacity_and_hasher(keyed.len(), Default::default());
        let ids: Vec<u32> = keyed.iter().map(|k| k.2).collect();
        let mut from = 0;
        for (i, key) in keyed.iter().enumerate() {
            if keyed.get(i + 1).is_none_or(|next| next.0 != key.0) {
                let bucket = by_key.entry(key.0).or_default();
                (bucket.from, bucket.to) = (from as u32, i as u32 + 1);
                from = i + 1;
            }
        }
        for first in longer_firsts {
            by_key.entry(first).or_default().starts_longer = true;
        }
        Matcher {
            patterns: self.patterns,
            by_key,
            ids,
            first_bytes,
            widest_gap,
        }
    }
}

fn word_hash(word: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(word)
}

/// The key of two words. The second's first letter counts as lower case: a capitalized word
/// after the first may be written in lower case (`matches_at`), and an exact match hashes
/// the same.
fn pair_hash(first: &str, second: &str) -> u64 {
    use std::hash::BuildHasher;
    // Only an ASCII letter changes case there; any other first character is kept whole.
    let (lead, tail) = match second.as_bytes().first() {
        Some(b) if b.is_ascii() => (b.to_ascii_lowercase(), &second[1..]),
        _ => (0xff, second),
    };
    rustc_hash::FxBuildHasher.hash_one((first, lead, tail))
}

/// A word without the "s" of a plural, when it has one and something before it.
fn plural_stem(word: &str) -> Option<&str> {
    word.strip_suffix('s').filter(|stem| !stem.is_empty())
}

fn caution(text: &str) -> Caution {
    if text.contains(' ') {
        return Caution::None;
    }
    if is_month(text) {
        return Caution::Month;
    }
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters == text.chars().count() && text.chars().all(char::is_uppercase) {
        return if is_common_ascii(text) {
            Caution::CapsCommon
        } else {
            Caution::None
        };
    }
    let mut chars = text.chars();
    let title_case = chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase);
    if title_case && is_common_ascii(text) {
        Caution::CommonWord
    } else {
        Caution::None
    }
}

/// `is_common_word` of the lower-cased word, without allocating (common words are short ASCII).
fn is_common_ascii(word: &str) -> bool {
    let mut buffer = [0u8; 16];
    if !word.is_ascii() || word.len() > buffer.len() {
        return false;
    }
    for (slot, b) in buffer.iter_mut().zip(word.bytes()) {
        *slot = b.to_ascii_lowercase();
    }
    std::str::from_utf8(&buffer[..word.len()]).is_ok_and(is_common_word)
}

fn plural_ok(text: &str) -> bool {
    text.len() >= 2
        && text
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
}

/// "Russian" → "Russians"; "Chinese", "Swiss", "British", "Kyrgyz" have no separate plural.
pub(crate) fn plural(demonym: &str) -> Option<String> {
    let no_plural = ["s", "sh", "ch", "z", "x", "ese"]
        .iter()
        .any(|end| demonym.ends_with(end));
    (!no_plural).then(|| format!("{demonym}s"))
}

/// "S-400" → "S400", "S 400"; "Vostok-2018" → "Vostok2018", "Vostok 2018": every hyphen that
/// joins letters to digits is dropped, or becomes a space.
pub(crate) fn designation_variants(name: &str) -> Vec<String> {
    let bytes = name.as_bytes();
    let joints: Vec<usize> = (1..bytes.len().saturating_sub(1))
        .filter(|&i| {
            bytes[i] == b'-' && bytes[i - 1].is_ascii_alphabetic() && bytes[i + 1].is_ascii_digit()
        })
        .collect();
    if joints.is_empty() {
        return Vec::new();
    }
    ["", " "]
        .iter()
        .map(|with| {
            let mut out = String::with_capacity(name.len());
            let mut last = 0;
            for &j in &joints {
                out.push_str(&name[last..j]);
                out.push_str(with);
                last = j + 1;
            }
            out.push_str(&name[last..]);
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn designation_variants_drop_or_space_the_hyphen() {
        let cases: &[(&str, &[&str])] = &[
            ("S-400", &["S400", "S 400"]),
            ("Su-35", &["Su35", "Su 35"]),
            ("J-11B", &["J11B", "J 11B"]),
            ("Vostok-2018", &["Vostok2018", "Vostok 2018"]),
            ("SA-21 Growler", &["SA21 Growler", "SA 21 Growler"]),
            ("Russian-Chinese", &[]),
            ("Type 055", &[]),
            ("-400", &[]),
        ];
        for (name, expected) in cases {
            assert_eq!(designation_variants(name), *expected, "{name}");
        }
    }

    #[test]
    fn demonym_plurals() {
        let cases = [
            ("Russian", Some("Russians")),
            ("Chinese", None),
            ("Swiss", None),
            ("British", None),
            ("Kyrgyz", None),
            ("Israeli", Some("Israelis")),
            ("Thai", Some("Thais")),
            ("Central Asian", Some("Central Asians")),
        ];
        for (demonym, expected) in cases {
            assert_eq!(plural(demonym).as_deref(), expected, "{demonym}");
        }
    }

    #[test]
    fn caution_classes() {
        let cases = [
            ("Turkey", Caution::CommonWord),
            ("May", Caution::Month),
            ("US", Caution::CapsCommon),
            ("NATO", Caution::None),
            ("Russia", Caution::None),
            ("Theresa May", Caution::None),
        ];
        for (text, expected) in cases {
            assert_eq!(caution(text), expected, "{text}");
        }
    }

    /// `patterns_at` against the plain look-up it replaced: every pattern whose first word is
    /// the word at the cursor (or its plural's stem), compared with the text. Texts are made
    /// of the knowledge base's own names, plurals, lower-cased later words and common words.
    mod two_word_keys {
        use super::*;
        use crate::kb::KnowledgeBase;
        use proptest::prelude::*;

        /// Whether the pattern ends a word of the text, as the caller then requires (a plural
        /// "s" allowed): `patterns_at` may leave out a pattern that ends inside a word.
        fn ends_a_word(m: &Matcher, rest: &str, id: usize) -> bool {
            let after = &rest[m.patterns[id].text.len()..];
            let word_char = |c: char| c.is_alphanumeric() || c == '_';
            let mut chars = after.chars();
            match chars.next() {
                Some('s') => !chars.next().is_some_and(word_char),
                Some(c) => !word_char(c),
                None => true,
            }
        }

        fn plain_lookup(m: &Matcher, rest: &str, word: &str) -> Vec<usize> {
            let stem = plural_stem(word);
            let mut ids: Vec<usize> = (0..m.patterns.len())
                .filter(|&id| {
                    let first = first_word(&m.patterns[id].text);
                    first == word || Some(first) == stem
                })
                .filter(|&id| matches_at(rest, &m.patterns[id].text))
                .filter(|&id| ends_a_word(m, rest, id))
                .collect();
            ids.sort_unstable();
            ids
        }

        fn word_starts(text: &str) -> Vec<(usize, &str)> {
            let mut out = Vec::new();
            let mut previous: Option<char> = None;
            for (i, c) in text.char_indices() {
                let starts = c.is_alphanumeric()
                    && !previous.is_some_and(|p| p.is_alphanumeric() || p == '_');
                if starts {
                    out.push((i, first_word(&text[i..])));
                }
                previous = Some(c);
            }
            out
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]
            #[test]
            fn finds_what_the_first_word_look_up_found(
                picks in proptest::collection::vec((0usize..100_000, 0u8..6), 1..24),
            ) {
                let kb = KnowledgeBase::builtin();
                let m = &kb.layers().next().expect("the base layer").matcher;
                const OTHER: &[&str] = &["the", "The", "S", "Su", "said", "400", "and", "s", "U"];
                const GLUE: &[&str] = &[" ", "-", ". ", ", ", "'", " - "];
                let mut text = String::new();
                for (pick, how) in picks {
                    let name = &m.patterns[pick % m.patterns.len()].text;
                    match how {
                        0 => text.push_str(name),
                        1 => { text.push_str(name); text.push('s'); }
                        2 => text.push_str(&name.to_lowercase()),
                        3 => text.push_str(OTHER[pick % OTHER.len()]),
                        4 => text.push_str(&name[..name.floor_char_boundary(name.len() / 2)]),
                        _ => text.push_str(GLUE[pick % GLUE.len()]),
                    }
                    text.push_str(GLUE[pick % 2]);
                }
                for (start, word) in word_starts(&text) {
                    let rest = &text[start..];
                    let found: Vec<usize> = m.patterns_at(&text, start, word).collect();
                    // Longest first: the caller takes the first that passes its checks.
                    for pair in found.windows(2) {
                        prop_assert!(
                            m.patterns[pair[0]].text.len() >= m.patterns[pair[1]].text.len(),
                            "{:?} before {:?} in {text:?}",
                            m.patterns[pair[0]].text,
                            m.patterns[pair[1]].text
                        );
                    }
                    let mut found: Vec<usize> =
                        found.into_iter().filter(|&id| ends_a_word(m, rest, id)).collect();
                    found.sort_unstable();
                    prop_assert_eq!(found, plain_lookup(m, rest, word), "at {} of {:?}", start, text);
                }
            }
        }
    }
}
