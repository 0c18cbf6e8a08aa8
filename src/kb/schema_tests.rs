//! The JSON Schemas in `schemas/` describe exactly what the loaders accept.

use super::parse::categories;
use super::Entity;
use crate::model::EntityKind;
use serde_json::Value;
use std::collections::BTreeSet;

fn schema(text: &str) -> Value {
    serde_json::from_str(text).expect("schema is JSON")
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn knowledge_base_schema_matches_the_entity_fields_and_categories() {
    let schema = schema(include_str!("../../schemas/knowledge-base.schema.json"));
    let entity = &schema["$defs"]["entity"];
    let mut full = Entity::new("x", EntityKind::Actor, "X1", "d");
    full.category = Some("state".into());
    full.aliases = vec!["X2".into()];
    full.demonyms = vec!["Xian".into()];
    full.wikidata = Some("Q1".into());
    full.refers_to = Some("y".into());
    full.iso = Some("XX".into());
    full.capital = Some("Xity".into());
    full.role = Some("r".into());
    full.years = Some("1990–".into());
    full.year = Some(1990);
    full.parties = vec!["y".into()];
    full.origin = Some("y".into());
    let serialized = serde_json::to_value(&full).expect("serializes");
    assert_eq!(keys(&entity["properties"]), keys(&serialized));
    assert_eq!(
        strings(&entity["required"]),
        ["id", "kind", "name", "definition"]
    );
    let rules = entity["allOf"].as_array().expect("allOf");
    for kind in [
        EntityKind::Actor,
        EntityKind::Treaty,
        EntityKind::Weapon,
        EntityKind::Event,
    ] {
        let rule = rules
            .iter()
            .find(|r| r["if"]["properties"]["kind"]["const"] == kind.as_str())
            .unwrap_or_else(|| panic!("no category rule for {}", kind.as_str()));
        assert_eq!(
            strings(&rule["then"]["properties"]["category"]["enum"]),
            categories(kind)
        );
    }
    assert_eq!(
        keys(&schema["properties"]),
        ["$schema", "about", "entities"].map(String::from).into()
    );
}

#[test]
fn config_schema_matches_the_project_file_parser() {
    let schema = schema(include_str!("../../schemas/geonotes-config.schema.json"));
    let properties = keys(&schema["properties"]);
    assert_eq!(
        properties,
        ["$schema", "knowledge", "published", "severity", "source"]
            .map(String::from)
            .into()
    );
    let example = r#"{"$schema": "s", "source": "a.txt", "published": "2018-09-24",
        "knowledge": ["k.json"], "severity": {"unsupported-date": "off"}}"#;
    assert!(crate::config::ProjectConfig::parse(example).is_ok());
    assert!(crate::config::ProjectConfig::parse(r#"{"sources": "a.txt"}"#).is_err());
    let levels = strings(&schema["properties"]["severity"]["additionalProperties"]["enum"]);
    assert_eq!(levels, ["error", "warning", "information", "hint", "off"]);
}
