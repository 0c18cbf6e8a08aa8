//! The project file `.geonotes.json` and per-code severities: parsing and merging, no file I/O.
//!
//! Precedence, lowest to highest: built-in defaults, `.geonotes.json`, editor settings, and for
//! `source`/`published` the note's own front matter.

use crate::model::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A severity as users write it: a level or "off".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeveritySetting {
    Error,
    Warning,
    Information,
    Hint,
    Off,
}

impl SeveritySetting {
    pub fn to_severity(self) -> Option<Severity> {
        match self {
            SeveritySetting::Error => Some(Severity::Error),
            SeveritySetting::Warning => Some(Severity::Warning),
            SeveritySetting::Information => Some(Severity::Information),
            SeveritySetting::Hint => Some(Severity::Hint),
            SeveritySetting::Off => None,
        }
    }
}

/// The contents of `.geonotes.json`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectConfig {
    /// Path of the source article, relative to the project file.
    #[serde(default)]
    pub source: Option<String>,
    /// Publication date of the source, YYYY-MM-DD.
    #[serde(default)]
    pub published: Option<String>,
    /// Extra knowledge-base files, relative to the project file.
    #[serde(default)]
    pub knowledge: Vec<String>,
    /// Severity per diagnostic code.
    #[serde(default)]
    pub severity: BTreeMap<String, SeveritySetting>,
    /// JSON Schema reference, accepted so editors can validate the file.
    #[serde(default, rename = "$schema")]
    pub schema: Option<String>,
}

/// A configuration error with a 1-based position in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl ProjectConfig {
    pub fn parse(text: &str) -> Result<ProjectConfig, ConfigError> {
        let config: ProjectConfig = serde_json::from_str(text.trim_start_matches('\u{FEFF}'))
            .map_err(|e| ConfigError {
                line: e.line(),
                column: e.column(),
                message: e
                    .to_string()
                    .split(" at line ")
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            })?;
        for code in config.severity.keys() {
            if !crate::check::codes::ALL.contains(&code.as_str()) {
                return Err(ConfigError {
                    line: 1,
                    column: 1,
                    message: format!(
                        "unknown diagnostic code `{code}` in \"severity\"; known codes: {}",
                        crate::check::codes::ALL.join(", ")
                    ),
                });
            }
        }
        Ok(config)
    }
}

/// Severity overrides in force for one note, by diagnostic code.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Severities(pub BTreeMap<String, SeveritySetting>);

impl Severities {
    /// Later maps win over earlier ones.
    pub fn merged<'a>(
        layers: impl IntoIterator<Item = &'a BTreeMap<String, SeveritySetting>>,
    ) -> Severities {
        let mut out = BTreeMap::new();
        for layer in layers {
            out.extend(layer.iter().map(|(k, v)| (k.clone(), *v)));
        }
        Severities(out)
    }

    /// The severity for `code`: the override, else the default. `None` means off.
    pub fn resolve(&self, code: &str, default: Severity) -> Option<Severity> {
        // Called for every finding of every analysis; most projects override nothing.
        if self.0.is_empty() {
            return Some(default);
        }
        match self.0.get(code) {
            Some(setting) => setting.to_severity(),
            None => Some(default),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_field() {
        let c = ProjectConfig::parse(
            r#"{"source": "article.txt", "published": "2018-09-24", "knowledge": ["kb.json"],
                "severity": {"unsupported-date": "off", "approximate-figure": "hint"}}"#,
        )
        .unwrap();
        assert_eq!(c.source.as_deref(), Some("article.txt"));
        assert_eq!(c.knowledge, ["kb.json"]);
        let s = Severities::merged([&c.severity]);
        assert_eq!(s.resolve("unsupported-date", Severity::Warning), None);
        assert_eq!(
            s.resolve("approximate-figure", Severity::Information),
            Some(Severity::Hint)
        );
        assert_eq!(
            s.resolve("unsupported-figure", Severity::Warning),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn errors_carry_line_and_column() {
        let e = ProjectConfig::parse("{\n  \"source\": 3\n}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 13));
        assert!(e.message.contains("invalid type"), "{}", e.message);
        let e = ProjectConfig::parse("{\"sauce\": \"a\"}").unwrap_err();
        assert!(e.message.contains("unknown field `sauce`"), "{}", e.message);
        let e = ProjectConfig::parse("{\"severity\": {\"nope\": \"off\"}}").unwrap_err();
        assert!(e.message.contains("unknown diagnostic code `nope`"));
        let e = ProjectConfig::parse("{\"severity\": {\"misquote\": \"loud\"}}").unwrap_err();
        assert!(e.message.contains("unknown variant"), "{}", e.message);
    }
}
