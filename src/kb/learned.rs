//! Names the article teaches: capitalized multi-word names and acronyms that the knowledge
//! base lacks become entities of their own (no definition), so hover and go-to-source work.
//!
//! Headings and title-case lines are skipped (every word is capitalized there), and so is
//! anything the base already recognizes.

use super::words::is_common_word;
use super::{Entity, KnowledgeBase};
use crate::model::{EntityKind, Span};
use crate::text::Normalized;
use std::collections::HashSet;

/// Small words allowed inside a name: "Secretary of Defense", "Bay of Pigs".
const CONNECTORS: &[&str] = &[
    "of", "the", "and", "for", "on", "de", "du", "del", "da", "al", "la", "y", "&",
];

/// Acronyms too generic to be worth an entity.
const GENERIC_ACRONYMS: &[&str] = &[
    "GDP", "GNP", "R&D", "CEO", "CFO", "TV", "PDF", "FAQ", "OK", "AM", "PM", "AD", "BC", "CE",
    "BCE", "UTC", "GMT", "ID", "IT", "PR", "HQ", "PhD", "USD", "EUR", "II", "III", "IV", "VI",
    "VII", "VIII", "IX", "XI", "XX", "XXI", "AI",
];

/// A word of the article with its byte span and what precedes it.
#[derive(Clone, Debug)]
struct Token<'a> {
    text: &'a str,
    span: Span,
    /// Punctuation (not just spaces) separates it from the previous token.
    broken: bool,
    sentence_start: bool,
    /// Followed by a possessive, which ends any name it is part of.
    possessive: bool,
    heading: bool,
}

/// Proper names in `article` that `base` does not know, as learned entities
/// (category "from-source", `learned: true`, empty definition), in order of first appearance.
pub fn learn(article: &str, base: &KnowledgeBase) -> Vec<Entity> {
    // Known names are found in the matching view, so "Eurasian Economic\nUnion" counts too.
    let normalized = Normalized::new(article);
    let known: Vec<Span> = base
        .find_mentions(&normalized.text)
        .iter()
        .map(|m| normalized.to_original(&m.span))
        .collect();
    let tokens = tokenize(article);
    // Known names and generic acronyms end a run: "Spending on R&D" is no name.
    let is_known = |t: &Token| {
        // Mentions are sorted and disjoint: the first one ending after the token's start is
        // the only one that can overlap it.
        let next = known.partition_point(|k| k.end <= t.span.start);
        GENERIC_ACRONYMS.contains(&t.text) || known.get(next).is_some_and(|k| k.start < t.span.end)
    };
    let mut names: Vec<(String, EntityKind)> = Vec::new();
    let mut acronym_of: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.heading || is_known(t) || !starts_upper(t.text) {
            i += 1;
            continue;
        }
        // Grow a run of capitalized words joined by spaces and connectors.
        let mut j = i + 1;
        while j < tokens.len()
            && !tokens[j].broken
            && !tokens[j - 1].possessive
            && !tokens[j].heading
            && !is_known(&tokens[j])
        {
            let word = tokens[j].text;
            if !(starts_upper(word) || CONNECTORS.contains(&word)) {
                break;
            }
            j += 1;
        }
        let mut run = &tokens[i..j];
        while run.last().is_some_and(|t| CONNECTORS.contains(&t.text)) {
            run = &run[..run.len() - 1];
        }
        // A sentence-initial ordinary word ("Growing", "The") is not part of the name.
        while run.first().is_some_and(|t| {
            t.sentence_start && is_common_word(&t.text.to_lowercase()) || t.text == "The"
        }) {
            run = &run[1..];
        }
        let capitalized = run.iter().filter(|t| starts_upper(t.text)).count();
        if capitalized >= 2 && !is_acronym(run[0].text) {
            let name = article[run[0].span.start..run[run.len() - 1].span.end].to_string();
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            // "Full Name (ACR)" teaches the acronym as an alias.
            if let Some(acronym) = tokens
                .get(j)
                .filter(|n| is_acronym(n.text) && article[..n.span.start].ends_with('('))
            {
                acronym_of.push((acronym.text.to_string(), name.clone()));
            }
            names.push((name.clone(), kind_of(&name)));
        } else if run.len() == 1 && is_acronym(run[0].text) {
            names.push((run[0].text.to_string(), EntityKind::Actor));
        }
        i = j.max(i + 1);
    }
    build_entities(names, acronym_of)
}

fn build_entities(
    names: Vec<(String, EntityKind)>,
    acronym_of: Vec<(String, String)>,
) -> Vec<Entity> {
    let aliased: HashSet<&str> = acronym_of.iter().map(|(a, _)| a.as_str()).collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (name, kind) in &names {
        if aliased.contains(name.as_str()) || !seen.insert(name.clone()) {
            continue;
        }
        let id = format!("source-{}", kebab(name));
        if id == "source-" {
            continue;
        }
        let mut e = Entity::new(&id, *kind, name, "");
        e.category = Some("from-source".to_string());
        e.learned = true;
        e.aliases = acronym_of
            .iter()
            .filter(|(_, n)| n == name)
            .map(|(a, _)| a.clone())
            .collect();
        e.aliases.dedup();
        out.push(e);
    }
    out
}

fn kind_of(name: &str) -> EntityKind {
    let last = name.rsplit(' ').next().unwrap_or("");
    let has = |words: &[&str]| name.split(' ').any(|w| words.contains(&w));
    const BODY: &[&str] = &[
        "Organization",
        "Organisation",
        "Alliance",
        "Council",
        "Agency",
        "Ministry",
        "Committee",
        "Forum",
        "Union",
        "Staff",
        "Command",
        "Force",
        "Forces",
        "Army",
        "Navy",
        "Party",
        "Bank",
        "Fund",
        "Institute",
        "Court",
    ];
    const TREATY: &[&str] = &[
        "Treaty",
        "Agreement",
        "Accord",
        "Accords",
        "Convention",
        "Protocol",
        "Pact",
        "Charter",
        "Memorandum",
        "Initiative",
        "Strategy",
        "Act",
        "Declaration",
        "Doctrine",
        "Communique",
    ];
    if BODY.contains(&last) {
        EntityKind::Actor
    } else if has(TREATY) {
        EntityKind::Treaty
    } else if has(&[
        "War",
        "Crisis",
        "Summit",
        "Exercise",
        "Exercises",
        "Revolution",
        "Incident",
        "Operation",
        "Games",
        "Uprising",
    ]) {
        EntityKind::Event
    } else if has(&[
        "Missile",
        "Missiles",
        "Fighter",
        "Bomber",
        "Drone",
        "Tank",
        "Frigate",
        "Destroyer",
        "Carrier",
    ]) {
        EntityKind::Weapon
    } else {
        EntityKind::Actor
    }
}

fn starts_upper(word: &str) -> bool {
    word.starts_with(char::is_uppercase)
}

/// "PLA", "R&D", "ASEAN", "G20": two to eight capitals, digits or ampersands.
fn is_acronym(word: &str) -> bool {
    (2..=8).contains(&word.len())
        && word.bytes().filter(u8::is_ascii_uppercase).count() >= 2
        && word
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'&')
}

fn kebab(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A heading or title line: all letters upper-case, or most words capitalized.
fn is_heading(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let letters = line.chars().filter(|c| c.is_alphabetic());
    if letters.clone().count() >= 4 && letters.clone().all(char::is_uppercase) {
        return true;
    }
    let capitalized = words.iter().filter(|w| starts_upper(w)).count();
    words.len() >= 3 && capitalized * 10 >= words.len() * 7
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let heading = is_heading(line);
        let mut gap_start = line_start;
        let mut paragraph_start = line.trim().is_empty() || tokens.is_empty();
        for (offset, word) in words_in(line) {
            let start = line_start + offset;
            let gap = &text[tokens
                .last()
                .map_or(gap_start, |t: &Token| t.span.end.max(gap_start))
                ..start];
            gap_start = start;
            let (word, possessive) = strip_possessive(word);
            let broken = gap.chars().any(|c| !c.is_whitespace());
            let previous_end = gap.trim_end().chars().next_back();
            let sentence_start = paragraph_start
                || tokens.is_empty()
                || previous_end.is_some_and(|c| matches!(c, '.' | '!' | '?' | ':'));
            paragraph_start = false;
            tokens.push(Token {
                text: word,
                span: start..start + word.len(),
                broken,
                sentence_start,
                possessive,
                heading,
            });
        }
        if line.trim().is_empty() {
            if let Some(last) = tokens.last_mut() {
                // A blank line ends a paragraph: the next word starts a sentence.
                last.possessive = true;
            }
        }
        line_start += line.len();
    }
    tokens
}

fn strip_possessive(word: &str) -> (&str, bool) {
    for ending in ["'s", "\u{2019}s", "'", "\u{2019}"] {
        if let Some(stem) = word.strip_suffix(ending) {
            return (stem, true);
        }
    }
    (word, false)
}

/// Words of a line: letters, digits and inner `-`, `&`, `.`, apostrophes; (offset, word).
fn words_in(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let inner = |c: char| matches!(c, '-' | '&' | '.' | '\'' | '\u{2019}');
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        let part = c.is_alphanumeric() || (start.is_some() && inner(c));
        match (start, part) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let word = line[s..i].trim_end_matches(['-', '.', '&']);
                // Keep the dots of an abbreviation ("U.S."), drop a sentence-final one.
                let word = if word.matches('.').count() >= 2 {
                    &line[s..i]
                } else {
                    word
                };
                out.push((s, word));
                start = None;
            }
            _ => {}
        }
    }
    out.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned(text: &str, base: &KnowledgeBase) -> Vec<(String, &'static str, Vec<String>)> {
        learn(text, base)
            .into_iter()
            .map(|e| (e.name, e.kind.as_str(), e.aliases))
            .collect()
    }

    #[test]
    fn learns_unknown_multiword_names_and_acronyms() {
        let base = KnowledgeBase::builtin();
        type Expected<'a> = &'a [(&'a str, &'a str, &'a [&'a str])];
        let cases: &[(&str, Expected)] = &[
            (
                "Talks with the Northern Sea Cooperation Council (NSCC) went well.",
                &[("Northern Sea Cooperation Council", "actor", &["NSCC"])],
            ),
            (
                "Officials cited the Treaty of Lake Baikal as proof.",
                &[("Treaty of Lake Baikal", "treaty", &[])],
            ),
            (
                "Both sides signed the Tundra Shipping Agreement last year.",
                &[("Tundra Shipping Agreement", "treaty", &[])],
            ),
            ("Analysts at KRVX disagree.", &[("KRVX", "actor", &[])]),
            ("The Kremlin and Beijing met.", &[]),
            ("Growing tensions worry Washington.", &[]),
            ("Spending on R&D rose; GDP fell.", &[]),
            (
                "BUILDING THE BOND\n\nWhy Russia and China Are Strengthening Security Ties\n",
                &[],
            ),
            (
                "Mattis met the Joint Staff of Ruritania.",
                &[("Joint Staff of Ruritania", "actor", &[])],
            ),
            (
                "He spoke of the Great Amur Crisis in detail.",
                &[("Great Amur Crisis", "event", &[])],
            ),
        ];
        for (text, expected) in cases {
            let expected: Vec<(String, &str, Vec<String>)> = expected
                .iter()
                .map(|(n, k, a)| (n.to_string(), *k, a.iter().map(|s| s.to_string()).collect()))
                .collect();
            assert_eq!(learned(text, &base), expected, "{text}");
        }
    }

    #[test]
    fn learned_names_become_recognizable() {
        let base = KnowledgeBase::builtin();
        let article = "The Northern Sea Cooperation Council (NSCC) met in Qingdao.";
        let combined = base.with_article(article);
        let notes = "The NSCC and the Northern Sea Cooperation Council, with Russia.";
        let found: Vec<(&str, String)> = combined
            .find_mentions(notes)
            .iter()
            .map(|m| {
                (
                    &notes[m.span.clone()],
                    combined
                        .try_get(m.entity)
                        .map(|e| e.id.clone())
                        .unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "NSCC",
                    "source-northern-sea-cooperation-council".to_string()
                ),
                (
                    "Northern Sea Cooperation Council",
                    "source-northern-sea-cooperation-council".to_string()
                ),
                ("Russia", "russia".to_string()),
            ]
        );
        assert!(combined
            .entity("source-northern-sea-cooperation-council")
            .is_some_and(|e| e.learned));
    }
}

#[cfg(test)]
mod demo_tests {
    use super::*;

    #[test]
    fn demo_article_teaches_only_what_the_base_lacks() {
        let article = include_str!("../../tests/fixtures/kb/vostok-article.txt");
        let base = KnowledgeBase::builtin();
        let names: Vec<String> = learn(article, &base).into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["Secretary of Defense"]);
    }
}
