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
}

/// Patterns grouped by their first word (leading run of letters and digits).
pub(crate) struct Matcher {
    pub patterns: Vec<Pattern>,
    /// First word → pattern ids, longest pattern first.
    by_first_word: HashMap<String, Vec<u32>>,
    /// Bytes some first word starts with: other words are skipped without hashing.
    first_bytes: [bool; 256],
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
        let candidates = if self.first_bytes[word.as_bytes()[0] as usize] {
            self.by_first_word.get(word).map(Vec::as_slice)
        } else {
            None
        };
        let rest = &text[start..];
        candidates
            .unwrap_or(&[])
            .iter()
            .map(|&id| id as usize)
            .filter(move |&id| rest.starts_with(self.patterns[id].text.as_str()))
    }

    /// Build the matcher for `entities`, whose first index is `offset`. `find` resolves ids
    /// (this layer's and earlier ones') so capitals already present as entities are skipped.
    pub fn build(
        entities: &[Entity],
        offset: u32,
        find: &dyn Fn(&str) -> Option<EntityId>,
    ) -> Matcher {
        let mut builder = Builder::default();
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
}

impl Builder {
    fn add(&mut self, text: &str, entity: EntityId, via: Via) {
        let text = text.trim();
        // A name must start a word; the loader rejects others, learned names never have them.
        if text.len() < 2 || first_word(text).is_empty() {
            return;
        }
        self.add_one(text, entity, via);
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
                });
                self.patterns.len() - 1
            }
        };
        let targets = &mut self.patterns[slot].targets;
        if !targets.iter().any(|t| t.entity == entity) {
            targets.push(Target { entity, via });
        }
    }

    fn finish(mut self) -> Matcher {
        for (text, slot) in self.index.drain() {
            self.patterns[slot].text = text;
        }
        let mut by_first_word: HashMap<String, Vec<u32>> = HashMap::default();
        let mut first_bytes = [false; 256];
        for (id, pattern) in self.patterns.iter().enumerate() {
            let word = first_word(&pattern.text);
            first_bytes[word.as_bytes()[0] as usize] = true;
            by_first_word
                .entry(word.to_string())
                .or_default()
                .push(id as u32);
        }
        for ids in by_first_word.values_mut() {
            ids.sort_by_key(|&id| std::cmp::Reverse(self.patterns[id as usize].text.len()));
        }
        Matcher {
            patterns: self.patterns,
            by_first_word,
            first_bytes,
        }
    }
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
        return if is_common_word(&text.to_lowercase()) {
            Caution::CapsCommon
        } else {
            Caution::None
        };
    }
    let mut chars = text.chars();
    let title_case = chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase);
    if title_case && is_common_word(&text.to_lowercase()) {
        Caution::CommonWord
    } else {
        Caution::None
    }
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
