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

/// Patterns grouped by their first word (leading run of letters and digits).
pub(crate) struct Matcher {
    pub patterns: Vec<Pattern>,
    /// Hash of a first word → range of `ids` holding its patterns, longest first. A hash
    /// collision only adds candidates, which the text comparison then rejects.
    by_first_word: HashMap<u64, (u32, u32)>,
    ids: Vec<u32>,
    /// Bytes some first word starts with: other words are skipped without hashing.
    first_bytes: [bool; 256],
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

impl Matcher {
    /// Ids of the patterns `text[start..]` begins with, longest first; `word` is the run of
    /// letters and digits at `start`.
    pub fn patterns_at<'a>(
        &'a self,
        text: &'a str,
        start: usize,
        word: &str,
    ) -> impl Iterator<Item = usize> + 'a {
        let lookup = |word: &str| -> &[u32] {
            if !self.first_bytes[word.as_bytes()[0] as usize] {
                return &[];
            }
            match self.by_first_word.get(&word_hash(word)) {
                Some(&(from, to)) => &self.ids[from as usize..to as usize],
                None => &[],
            }
        };
        // "Iskanders": the plural's stem starts the same patterns (the caller checks the "s").
        let stem = word
            .strip_suffix('s')
            .filter(|s| !s.is_empty())
            .map_or(&[][..], lookup);
        let rest = &text[start..];
        lookup(word)
            .iter()
            .chain(stem)
            .map(|&id| id as usize)
            .filter(move |&id| matches_at(rest, &self.patterns[id].text))
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
        let mut keyed: Vec<(u64, usize, u32)> = self
            .patterns
            .iter()
            .enumerate()
            .map(|(id, pattern)| {
                let word = first_word(&pattern.text);
                first_bytes[word.as_bytes()[0] as usize] = true;
                (word_hash(word), usize::MAX - pattern.text.len(), id as u32)
            })
            .collect();
        keyed.sort_unstable();
        let mut by_first_word = HashMap::with_capacity_and_hasher(keyed.len(), Default::default());
        let ids: Vec<u32> = keyed.iter().map(|k| k.2).collect();
        let mut from = 0;
        for (i, key) in keyed.iter().enumerate() {
            if keyed.get(i + 1).is_none_or(|next| next.0 != key.0) {
                by_first_word.insert(key.0, (from as u32, i as u32 + 1));
                from = i + 1;
            }
        }
        Matcher {
            patterns: self.patterns,
            by_first_word,
            ids,
            first_bytes,
        }
    }
}

fn word_hash(word: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(word)
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
}
