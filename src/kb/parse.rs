//! Reading knowledge-base files: JSON → entities, with every problem located at file:line:col.
//!
//! Each entity is parsed on its own (from a borrowed raw slice), so one bad entity costs only
//! itself and its error position is exact; a file that is not JSON at all costs that file.

use super::{Entity, KbError};
use crate::model::EntityKind;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;
use serde_json::value::RawValue;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile<'a> {
    /// Lets editors validate the file against `schemas/knowledge-base.schema.json`.
    #[serde(rename = "$schema", default)]
    _schema: Option<serde::de::IgnoredAny>,
    /// Free text about the file: provenance, licence.
    #[serde(rename = "about", default)]
    _about: Option<serde::de::IgnoredAny>,
    #[serde(borrow)]
    entities: Vec<&'a RawValue>,
}

/// The same file read in one pass, for the common case of a file without problems.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FastFile {
    #[serde(rename = "$schema", default)]
    _schema: Option<serde::de::IgnoredAny>,
    #[serde(rename = "about", default)]
    _about: Option<serde::de::IgnoredAny>,
    entities: Vec<Entity>,
}

/// `Located::offset` when the entity was read by the fast path: found again on demand.
const UNKNOWN_OFFSET: usize = usize::MAX;

/// An entity plus where it was defined, so later checks can point at it.
#[derive(Clone, Debug)]
pub(super) struct Located {
    pub entity: Entity,
    pub file: usize,
    pub offset: usize,
}

/// 1-based line and character column of byte `offset` in `text` (clamped).
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = crate::position::floor_char_boundary(text, offset);
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn error_at(file: &str, text: &str, offset: usize, message: String) -> KbError {
    let (line, column) = line_col(text, offset);
    KbError {
        file: file.to_string(),
        line,
        column,
        message,
    }
}

/// Byte offset of a serde_json error inside `text`. serde_json counts columns in bytes and
/// reports an unknown field or variant at its closing quote; we point at its opening quote.
fn error_offset(text: &str, e: &serde_json::Error) -> usize {
    let offset = serde_offset(text, e.line(), e.column());
    let message = e.to_string();
    let field = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))
        .and_then(|rest| rest.split('`').next());
    if let Some(field) = field {
        let key = format!("\"{field}\"");
        let window_end = (offset + 1).min(text.len());
        if let Some(found) = text.get(..window_end).and_then(|before| before.rfind(&key)) {
            if found + key.len() + 2 >= window_end {
                return found;
            }
        }
    }
    offset
}

fn serde_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// Parse one file. Returns its valid entities (with their byte offsets) and its problems.
pub fn parse_file(name: &str, text: &str) -> (Vec<Entity>, Vec<KbError>) {
    let (located, errors) = parse_located(name, text, 0);
    (located.into_iter().map(|l| l.entity).collect(), errors)
}

pub(super) fn parse_located(name: &str, text: &str, file: usize) -> (Vec<Located>, Vec<KbError>) {
    // Healthy files (every built-in one) take one pass; any problem re-reads the file entity
    // by entity so each error gets its exact position.
    if let Ok(fast) = serde_json::from_str::<FastFile>(text) {
        let mut seen = HashSet::default();
        let healthy = fast
            .entities
            .iter()
            .all(|e| check_entity(e).is_empty() && seen.insert(e.id.as_str()));
        if healthy {
            let located = fast.entities.into_iter().map(|entity| Located {
                entity,
                file,
                offset: UNKNOWN_OFFSET,
            });
            return (located.collect(), Vec::new());
        }
    }
    let mut errors = Vec::new();
    let raw: RawFile = match serde_json::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let offset = error_offset(text, &e);
            errors.push(error_at(
                name,
                text,
                offset,
                format!("not a knowledge-base file: {}", strip_position(&e)),
            ));
            return (Vec::new(), errors);
        }
    };
    let mut seen: HashMap<String, usize> = HashMap::default();
    let mut out = Vec::new();
    for value in raw.entities {
        let slice = value.get();
        let offset = (slice.as_ptr() as usize)
            .saturating_sub(text.as_ptr() as usize)
            .min(text.len());
        let entity: Entity = match serde_json::from_str(slice) {
            Ok(entity) => entity,
            Err(e) => {
                let inner = error_offset(slice, &e);
                errors.push(error_at(name, text, offset + inner, strip_position(&e)));
                continue;
            }
        };
        let problems = check_entity(&entity);
        if !problems.is_empty() {
            for (needle, message) in problems {
                let at = find_in(text, offset, needle.as_deref()).unwrap_or(offset);
                errors.push(error_at(
                    name,
                    text,
                    at,
                    format!("entity \"{}\": {message}", entity.id),
                ));
            }
            continue;
        }
        if let Some(&first) = seen.get(&entity.id) {
            let (line, _) = line_col(text, first);
            let at = find_in(text, offset, Some(&entity.id)).unwrap_or(offset);
            errors.push(error_at(
                name,
                text,
                at,
                format!(
                    "duplicate id \"{}\" (first defined on line {line})",
                    entity.id
                ),
            ));
            continue;
        }
        seen.insert(entity.id.clone(), offset);
        out.push(Located {
            entity,
            file,
            offset,
        });
    }
    (out, errors)
}

/// serde_json appends " at line L column C"; we report the position ourselves.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Offset of the `"id": "<id>"` member defining `id` (not a mention of it in `refers_to`).
fn find_id(text: &str, id: &str) -> Option<usize> {
    let quoted = serde_json::to_string(id).ok()?;
    text.match_indices(&quoted).map(|(i, _)| i).find(|&i| {
        let before = text[..i].trim_end();
        before
            .strip_suffix(':')
            .is_some_and(|b| b.trim_end().ends_with("\"id\""))
    })
}

/// Offset of the JSON string `"needle"` at or after `from`, to point at a field's value.
pub(super) fn find_in(text: &str, from: usize, needle: Option<&str>) -> Option<usize> {
    let needle = serde_json::to_string(needle?).ok()?;
    text.get(from..)?.find(&needle).map(|i| from + i)
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Allowed categories per kind, as in the JSON Schema.
pub(crate) fn categories(kind: EntityKind) -> &'static [&'static str] {
    match kind {
        EntityKind::Actor => &[
            "state",
            "territory",
            "person",
            "organization",
            "alliance",
            "government-body",
            "armed-force",
            "intelligence-agency",
            "capital",
            "city",
            "region",
        ],
        EntityKind::Treaty => &[
            "arms-control",
            "security",
            "border",
            "trade",
            "environment",
            "law-of-the-sea",
            "strategy-document",
            "initiative",
            "other",
        ],
        EntityKind::Weapon => &[
            "air-defence",
            "fighter",
            "bomber",
            "ballistic-missile",
            "cruise-missile",
            "hypersonic-missile",
            "warship",
            "submarine",
            "drone",
            "tank",
            "artillery",
            "other",
        ],
        EntityKind::Event => &["exercise", "war", "crisis", "summit", "conflict", "other"],
    }
}

/// Field-level problems of one entity: (the string to point at, message).
fn check_entity(e: &Entity) -> Vec<(Option<String>, String)> {
    let mut problems = Vec::new();
    let mut problem =
        |at: Option<&str>, message: String| problems.push((at.map(str::to_string), message));
    if !is_kebab(&e.id) {
        problem(
            Some(&e.id),
            "id must be kebab-case ASCII (lower-case letters, digits, single hyphens)".into(),
        );
    }
    if e.name.trim().is_empty() {
        problem(None, "name is empty".into());
    }
    if e.definition.trim().is_empty() {
        problem(None, "definition is empty".into());
    }
    if let Some(category) = e.category() {
        let allowed = categories(e.kind);
        if !allowed.contains(&category) {
            let kind = e.kind.as_str();
            problem(
                Some(category),
                format!(
                    "category \"{category}\" is not one of the {kind} categories: {}",
                    allowed.join(", ")
                ),
            );
        }
    }
    for word in std::iter::once(&e.name)
        .chain(&e.aliases)
        .chain(&e.demonyms)
    {
        let word = word.trim();
        if !word.starts_with(char::is_alphanumeric) {
            problem(
                Some(word),
                format!("name \"{word}\" must start with a letter or digit"),
            );
        } else if word.chars().count() < 2 {
            problem(
                Some(word),
                format!("name \"{word}\" is too short to recognize safely"),
            );
        } else if !word.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()) {
            problem(
                Some(word),
                format!(
                    "\"{word}\" has no capital letter or digit, so it would match ordinary words"
                ),
            );
        }
    }
    if let Some(q) = &e.wikidata {
        if !(q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit())) {
            problem(
                Some(q),
                format!("wikidata \"{q}\" is not a Q-id like \"Q159\""),
            );
        }
    }
    if let Some(iso) = &e.iso {
        if !(iso.len() == 2 && iso.bytes().all(|b| b.is_ascii_uppercase())) {
            problem(
                Some(iso),
                format!("iso \"{iso}\" is not an ISO 3166-1 alpha-2 code like \"RU\""),
            );
        }
    }
    problems
}

/// Parse every file in order and merge: a later entity with the same id replaces the earlier
/// one in place. Then check references and aliases shared across kinds.
pub(super) fn merge<'a>(
    files: impl Iterator<Item = (&'a str, &'a str)>,
) -> (Vec<Entity>, Vec<KbError>) {
    let files: Vec<(&str, &str)> = files.collect();
    let mut errors = Vec::new();
    let mut merged: Vec<Located> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::default();
    for (index, (name, text)) in files.iter().enumerate() {
        let (located, file_errors) = parse_located(name, text, index);
        errors.extend(file_errors);
        for l in located {
            match by_id.get(&l.entity.id) {
                Some(&slot) => merged[slot] = l,
                None => {
                    by_id.insert(l.entity.id.clone(), merged.len());
                    merged.push(l);
                }
            }
        }
    }
    errors.extend(cross_checks(&merged, &by_id, &files));
    (merged.into_iter().map(|l| l.entity).collect(), errors)
}

/// Problems only visible once every file is merged: dangling references, and one alias
/// naming entities of different kinds (which the matcher could never tell apart).
fn cross_checks(
    merged: &[Located],
    by_id: &HashMap<String, usize>,
    files: &[(&str, &str)],
) -> Vec<KbError> {
    let mut errors = Vec::new();
    let at = |l: &Located, needle: Option<&str>, message: String| {
        let (name, text) = files[l.file];
        let start = match l.offset {
            UNKNOWN_OFFSET => find_id(text, &l.entity.id).unwrap_or(0),
            offset => offset,
        };
        let offset = find_in(text, start, needle).unwrap_or(start);
        error_at(name, text, offset, message)
    };
    let mut owner: HashMap<&str, usize> = HashMap::default();
    for (i, l) in merged.iter().enumerate() {
        let e = &l.entity;
        for (field, target) in [("refers_to", &e.refers_to), ("origin", &e.origin)] {
            if let Some(target) = target {
                if !by_id.contains_key(target) {
                    errors.push(at(
                        l,
                        Some(target),
                        format!(
                            "entity \"{}\": {field} \"{target}\" is not a known id",
                            e.id
                        ),
                    ));
                }
            }
        }
        for word in std::iter::once(&e.name)
            .chain(&e.aliases)
            .chain(&e.demonyms)
        {
            match owner.get(word.as_str()) {
                Some(&j) if merged[j].entity.kind != e.kind => {
                    let other = &merged[j].entity;
                    let message = format!(
                        "\"{word}\" names both {} \"{}\" and {} \"{}\"; an alias may be shared only within one kind",
                        e.kind.as_str(),
                        e.id,
                        other.kind.as_str(),
                        other.id
                    );
                    errors.push(at(l, Some(word), message));
                }
                Some(_) => {}
                None => {
                    owner.insert(word, i);
                }
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        let (_, errors) = parse_file("f.json", text);
        errors
            .iter()
            .map(|e| format!("{}:{}:{}", e.line, e.column, e.message))
            .collect()
    }

    #[test]
    fn loader_errors_point_at_line_and_column() {
        let cases: &[(&str, &str)] = &[
            ("{\"entities\": [\n  {\"id\": \"x\",}\n]}", "2:14:"),
            ("not json", "1:2:not a knowledge-base file: expected ident"),
            ("{\"entities\": []", "1:15:not a knowledge-base file: EOF"),
            ("{\"entities\": [], \"extra\": 1}", "1:18:not a knowledge-base file: unknown field `extra`"),
            (
                "{\"entities\": [\n {\"id\": \"a\", \"kind\": \"actor\", \"name\": \"A1\", \"definition\": \"d\", \"alias\": []}\n]}",
                "2:64:unknown field `alias`",
            ),
            (
                "{\"entities\": [\n {\"id\": \"a\", \"kind\": \"thing\", \"name\": \"A1\", \"definition\": \"d\"}\n]}",
                "2:22:unknown variant `thing`",
            ),
            (
                "{\"entities\": [\n {\"id\": \"Bad Id\", \"kind\": \"actor\", \"name\": \"A1\", \"definition\": \"d\"}\n]}",
                "2:9:entity \"Bad Id\": id must be kebab-case",
            ),
            (
                "{\"entities\": [\n {\"id\": \"a\", \"kind\": \"actor\", \"name\": \"A1\", \"definition\": \"d\"},\n {\"id\": \"a\", \"kind\": \"actor\", \"name\": \"A2\", \"definition\": \"d\"}\n]}",
                "3:9:duplicate id \"a\" (first defined on line 2)",
            ),
            (
                "{\"entities\": [\n {\"id\": \"a\", \"kind\": \"weapon\", \"category\": \"state\", \"name\": \"A1\", \"definition\": \"d\"}\n]}",
                "2:44:entity \"a\": category \"state\" is not one of the weapon categories",
            ),
            (
                "{\"entities\": [\n {\"id\": \"a\", \"kind\": \"actor\", \"name\": \"A1\", \"aliases\": [\"turkey\"], \"definition\": \"d\"}\n]}",
                "2:57:entity \"a\": \"turkey\" has no capital letter",
            ),
        ];
        for (text, expected) in cases {
            let got = errors(text);
            let ok =
                got.len() == 1 && got[0].starts_with(expected) && !got[0].contains(" at line ");
            assert!(ok, "{text:?}: expected {expected:?}, got {got:?}");
        }
    }

    #[test]
    fn bad_entity_is_skipped_and_the_rest_loads() {
        let text = r#"{"entities": [
            {"id": "a", "kind": "actor", "name": "Alpha", "definition": "d", "oops": 1},
            {"id": "b", "kind": "actor", "name": "Beta", "definition": "d"}
        ]}"#;
        let (entities, errors) = parse_file("f.json", text);
        assert_eq!(
            entities.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["b"]
        );
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn merge_replaces_by_id_and_reports_cross_kind_aliases() {
        let base = r#"{"entities": [
            {"id": "a", "kind": "actor", "name": "Alpha", "definition": "old"},
            {"id": "w", "kind": "weapon", "name": "Wolf", "definition": "d"}
        ]}"#;
        let user = r#"{"entities": [
            {"id": "a", "kind": "actor", "name": "Alpha", "definition": "new"},
            {"id": "e", "kind": "event", "name": "Wolf", "definition": "d", "refers_to": "nowhere"}
        ]}"#;
        let (entities, errors) = merge([("base", base), ("user", user)].into_iter());
        assert_eq!(
            entities
                .iter()
                .map(|e| (e.id.as_str(), e.definition.as_str()))
                .collect::<Vec<_>>(),
            [("a", "new"), ("w", "d"), ("e", "d")]
        );
        let got: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(got, [
            "user:3:90: entity \"e\": refers_to \"nowhere\" is not a known id",
            "user:3:50: \"Wolf\" names both event \"e\" and weapon \"w\"; an alias may be shared only within one kind",
        ]);
    }
}

#[cfg(test)]
mod fast_path_tests {
    use super::*;

    /// A healthy file is read in one pass; a later cross-file problem must still point at
    /// the right entity, not at an earlier mention of its id.
    #[test]
    fn cross_file_errors_locate_entities_read_by_the_fast_path() {
        let base =
            r#"{"entities": [{"id": "w", "kind": "weapon", "name": "Wolf", "definition": "d"}]}"#;
        let user = "{\"entities\": [\n {\"id\": \"a\", \"kind\": \"actor\", \"name\": \"Alpha\", \"definition\": \"d\", \"refers_to\": \"e\"},\n {\"id\": \"e\", \"kind\": \"event\", \"name\": \"Wolf\", \"definition\": \"d\"}\n]}";
        let (_, errors) = merge([("base", base), ("user", user)].into_iter());
        let got: Vec<String> = errors
            .iter()
            .map(|e| format!("{}:{}:{}", e.file, e.line, e.column))
            .collect();
        assert_eq!(got, ["user:3:39"]);
    }
}
