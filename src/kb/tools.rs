//! What `geonotes kb validate|search|words` compute: pure functions over text and a base.

use super::patterns::{designation_variants, plural};
use super::{parse, Entity, KbError, KbSource, KnowledgeBase};

/// Every problem in one knowledge-base file, including those only visible against the
/// built-in base (dangling `refers_to`, an alias naming entities of different kinds).
pub fn validate(name: &str, text: &str) -> Vec<KbError> {
    let (_, file_errors) = parse::parse_file(name, text);
    if !file_errors.is_empty() {
        return file_errors;
    }
    let (_, errors) = KnowledgeBase::load(&[KbSource {
        name: name.to_string(),
        text: text.to_string(),
    }]);
    errors.into_iter().filter(|e| e.file == name).collect()
}

/// Entities whose id, name or alias contains `query` (case-insensitive), best first:
/// exact name or alias, then prefix, then substring; ties by name.
pub fn search<'a>(base: &'a KnowledgeBase, query: &str) -> Vec<&'a Entity> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    let rank = |e: &Entity| -> Option<u8> {
        std::iter::once(&e.id)
            .chain(std::iter::once(&e.name))
            .chain(&e.aliases)
            .chain(&e.demonyms)
            .filter_map(|text| {
                let text = text.to_lowercase();
                if text == query {
                    Some(0)
                } else if text.starts_with(&query) {
                    Some(1)
                } else if text.contains(&query) {
                    Some(2)
                } else {
                    None
                }
            })
            .min()
    };
    let mut found: Vec<(u8, &Entity)> = base
        .entities()
        .filter_map(|e| rank(e).map(|r| (r, e)))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
    found.into_iter().map(|(_, e)| e).collect()
}

/// Every word the matcher knows, one per item, sorted and deduplicated: for the custom
/// dictionaries of spell and grammar checkers.
pub fn words(base: &KnowledgeBase) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in base.entities() {
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            out.push(name.clone());
            out.extend(designation_variants(name));
        }
        for demonym in &e.demonyms {
            out.push(demonym.clone());
            out.extend(plural(demonym));
        }
        out.extend(e.capital.iter().cloned());
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_reports_errors_against_the_builtin_base() {
        let text = "{\"entities\": [\n  {\"id\": \"x-1\", \"kind\": \"weapon\", \"name\": \"X-1\", \"definition\": \"d\", \"origin\": \"atlantis\"}\n]}";
        let got: Vec<String> = validate("user.json", text)
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            got,
            ["user.json:2:79: entity \"x-1\": origin \"atlantis\" is not a known id"]
        );
        let ok = "{\"entities\": [{\"id\": \"x-1\", \"kind\": \"weapon\", \"name\": \"X-1\", \"definition\": \"d\", \"origin\": \"russia\"}]}";
        assert_eq!(validate("user.json", ok), []);
        assert_eq!(validate("bad.json", "{").len(), 1);
    }

    #[test]
    fn search_ranks_exact_then_prefix_then_substring() {
        let base = KnowledgeBase::builtin();
        let ids = |q: &str| {
            search(&base, q)
                .iter()
                .take(3)
                .map(|e| e.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("s-400")[0], "s-400");
        assert_eq!(ids("Growler")[0], "s-400");
        assert_eq!(ids("kreml")[0], "kremlin");
        assert_eq!(ids("russia")[0], "russia");
        assert!(search(&base, "   ").is_empty());
        assert!(search(&base, "zzzz-no-such-thing").is_empty());
    }

    #[test]
    fn words_lists_names_variants_and_plurals_once() {
        let base = KnowledgeBase::builtin();
        let words = words(&base);
        for expected in [
            "Russia",
            "Russians",
            "S400",
            "S 400",
            "Flanker-E",
            "Vostok 2018",
            "PLA",
        ] {
            assert!(
                words.binary_search(&expected.to_string()).is_ok(),
                "{expected} missing"
            );
        }
        assert!(
            words.windows(2).all(|w| w[0] < w[1]),
            "sorted and deduplicated"
        );
    }
}
