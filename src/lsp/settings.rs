//! Editor settings (section `geonotes`): parsed leniently from `initializationOptions`,
//! `workspace/configuration` or `didChangeConfiguration`. A missing, unknown or ill-typed value
//! keeps its default and logs a warning; parsing never fails.

use crate::config::{Severities, SeveritySetting};
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Trigger {
    #[default]
    Save,
    Change,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub trigger: Trigger,
    pub debounce_ms: u64,
    pub severity: BTreeMap<String, SeveritySetting>,
    pub inlay_hints: bool,
    pub knowledge: Vec<String>,
    pub allow_outside_workspace: bool,
    pub max_bytes: u64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            trigger: Trigger::Save,
            debounce_ms: 200,
            severity: BTreeMap::new(),
            inlay_hints: false,
            knowledge: Vec::new(),
            allow_outside_workspace: false,
            max_bytes: crate::workspace::DEFAULT_MAX_BYTES,
        }
    }
}

impl Settings {
    /// Settings from a JSON value: either the `geonotes` section itself or an object holding
    /// it under `geonotes` (what some clients send with `didChangeConfiguration`).
    pub fn from_json(value: &Value) -> Settings {
        let mut s = Settings::default();
        let root = value.get("geonotes").unwrap_or(value);
        if root.is_null() {
            return s;
        }
        if !root.is_object() {
            tracing::warn!("geonotes settings must be an object, got {root}; using defaults");
            return s;
        }
        let get = |path: &str| path.split('.').try_fold(root, |v, key| v.get(key));
        if let Some(v) = get("diagnostics.trigger") {
            match v.as_str() {
                Some("save") => s.trigger = Trigger::Save,
                Some("change") => s.trigger = Trigger::Change,
                _ => warn("diagnostics.trigger", v, "\"save\" or \"change\""),
            }
        }
        if let Some(v) = get("diagnostics.debounceMs") {
            match v.as_u64() {
                Some(ms) if ms <= 60_000 => s.debounce_ms = ms,
                _ => warn("diagnostics.debounceMs", v, "milliseconds from 0 to 60000"),
            }
        }
        if let Some(v) = get("diagnostics.severity") {
            match v.as_object() {
                Some(map) => {
                    for (code, level) in map {
                        let known = crate::check::codes::ALL.contains(&code.as_str());
                        match serde_json::from_value::<SeveritySetting>(level.clone()) {
                            Ok(level) if known => {
                                s.severity.insert(code.clone(), level);
                            }
                            _ => warn(
                                &format!("diagnostics.severity.{code}"),
                                level,
                                "a known code mapped to error, warning, information, hint or off",
                            ),
                        }
                    }
                }
                None => warn("diagnostics.severity", v, "an object of code → level"),
            }
        }
        if let Some(v) = get("inlayHints.enable") {
            match v.as_bool() {
                Some(b) => s.inlay_hints = b,
                None => warn("inlayHints.enable", v, "true or false"),
            }
        }
        if let Some(v) = get("knowledge") {
            match v.as_array().and_then(|a| {
                a.iter()
                    .map(|p| p.as_str().map(String::from))
                    .collect::<Option<Vec<_>>>()
            }) {
                Some(paths) => s.knowledge = paths,
                None => warn("knowledge", v, "an array of file paths"),
            }
        }
        if let Some(v) = get("source.allowOutsideWorkspace") {
            match v.as_bool() {
                Some(b) => s.allow_outside_workspace = b,
                None => warn("source.allowOutsideWorkspace", v, "true or false"),
            }
        }
        if let Some(v) = get("source.maxBytes") {
            match v.as_u64() {
                Some(n) if n > 0 => s.max_bytes = n,
                _ => warn("source.maxBytes", v, "a positive number of bytes"),
            }
        }
        s
    }

    pub fn severities(&self) -> Severities {
        Severities(self.severity.clone())
    }
}

fn warn(key: &str, value: &Value, expected: &str) {
    tracing::warn!("setting geonotes.{key} = {value} ignored: expected {expected}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_every_setting() {
        let s = Settings::from_json(&json!({
            "diagnostics": {"trigger": "change", "debounceMs": 50,
                            "severity": {"unsupported-date": "off", "misquote": "hint"}},
            "inlayHints": {"enable": true},
            "knowledge": ["kb.json"],
            "source": {"allowOutsideWorkspace": true, "maxBytes": 1024}
        }));
        assert_eq!(s.trigger, Trigger::Change);
        assert_eq!(s.debounce_ms, 50);
        assert_eq!(
            s.severity.get("unsupported-date"),
            Some(&SeveritySetting::Off)
        );
        assert_eq!(s.severity.get("misquote"), Some(&SeveritySetting::Hint));
        assert!(s.inlay_hints && s.allow_outside_workspace);
        assert_eq!(
            (s.knowledge.clone(), s.max_bytes),
            (vec!["kb.json".to_string()], 1024)
        );
    }

    #[test]
    fn ill_typed_values_keep_their_defaults() {
        let cases = [
            json!({"diagnostics": {"trigger": "sometimes", "debounceMs": "fast"}}),
            json!({"diagnostics": {"severity": {"nope": "off", "misquote": "loud"}}}),
            json!({"inlayHints": {"enable": "yes"}, "knowledge": "kb.json"}),
            json!({"source": {"allowOutsideWorkspace": 1, "maxBytes": -5}}),
            json!("not an object"),
            Value::Null,
        ];
        for value in cases {
            assert_eq!(Settings::from_json(&value), Settings::default(), "{value}");
        }
    }

    #[test]
    fn accepts_the_section_wrapped_in_geonotes() {
        let s = Settings::from_json(&json!({"geonotes": {"diagnostics": {"trigger": "change"}}}));
        assert_eq!(s.trigger, Trigger::Change);
    }
}
