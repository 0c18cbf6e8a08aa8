//! The built-in data files, embedded at compile time; later files win on a repeated id.

/// (display name, text) in merge order: countries first so hand-written files can refine them.
pub(super) const FILES: &[(&str, &str)] = &[
    (
        "builtin:countries.json",
        include_str!("data/countries.json"),
    ),
    ("builtin:seed.json", include_str!("data/seed.json")),
    (
        "builtin:organizations.json",
        include_str!("data/organizations.json"),
    ),
    ("builtin:people.json", include_str!("data/people.json")),
    ("builtin:treaties.json", include_str!("data/treaties.json")),
    ("builtin:weapons.json", include_str!("data/weapons.json")),
    ("builtin:events.json", include_str!("data/events.json")),
    ("builtin:regions.json", include_str!("data/regions.json")),
];
