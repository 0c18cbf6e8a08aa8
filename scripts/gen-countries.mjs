// Generates src/kb/data/countries.json from the world-countries npm package (ODbL-1.0)
// plus the hand-kept facts in countries-overrides.json. Deterministic: same input, same file.
//
//   cd scripts && npm install && npm run countries
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const countries = require("world-countries/countries.json");
const pkg = require("world-countries/package.json");
const overrides = JSON.parse(readFileSync(new URL("./countries-overrides.json", import.meta.url), "utf8"));

const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
const kebab = (s) => fold(s).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
// Latin script only: native names in other scripts are never written in English notes.
const latin = (s) => /^[\p{Script=Latin}\p{N} .,'’()\-]+$/u.test(s);
const uniq = (xs) => [...new Set(xs)];
const ascii = (s) => /^[\x20-\x7e]+$/.test(s);
// "the United States", "the Philippines": names that take the article in running prose.
const withArticle = (name) =>
  /^(United|Republic|Central African|Dominican|Czech|Democratic|State of)\b|Islands$|^(Bahamas|Comoros|Maldives|Netherlands|Philippines|Seychelles|Gambia)$/.test(
    name,
  )
    ? `the ${name}`
    : name;

const byCode = new Map(countries.map((c) => [c.cca2, c]));
const territories = overrides.territories;
const selected = countries.filter(
  (c) => c.unMember || overrides.extra.includes(c.cca2) || c.cca2 in territories,
);

function region(c) {
  const sub = c.subregion || c.region;
  return overrides.subregions[sub] ?? sub;
}

function demonymsOf(c, o) {
  if (o.demonyms_replace) return o.demonyms_replace;
  const eng = c.demonyms?.eng ?? {};
  const base = uniq([eng.m, eng.f].filter(Boolean))
    .flatMap((d) => d.split(/, | or /))
    .map((d) => d.trim());
  return uniq([...base, ...(o.demonyms ?? [])]);
}

function aliasesOf(c, o, name, demonyms) {
  const candidates = [c.name.common, c.name.official, ...c.altSpellings];
  const aliases = [];
  for (const a of candidates) {
    if (!a || a.includes(",") || !latin(a) || a.length < 3) continue;
    if (a === c.cca2 || a === c.cca3 || !/^\p{Lu}/u.test(a)) continue;
    if (overrides.drop_aliases.includes(a) || demonyms.includes(a)) continue;
    aliases.push(a.replace(/^The /, ""));
    if (fold(a) !== a && ascii(fold(a))) aliases.push(fold(a));
  }
  return uniq([...aliases, ...(o.aliases ?? [])]).filter((a) => a !== name);
}

// A territory does not share its sovereign's demonym ("American" is the United States).
const stateDemonyms = new Set(
  selected
    .filter((c) => !(c.cca2 in territories))
    .flatMap((c) => demonymsOf(c, overrides.states[c.cca2] ?? {})),
);

const entities = [];
const capitals = [];
const ids = new Set();
const claim = (id, what) => {
  if (ids.has(id)) throw new Error(`duplicate id ${id} (${what})`);
  ids.add(id);
};

for (const c of selected) {
  const o = overrides.states[c.cca2] ?? {};
  const territory = territories[c.cca2];
  const name = o.name ?? c.name.common;
  const id = o.id ?? kebab(name);
  claim(id, name);
  const demonyms = demonymsOf(c, o).filter((d) => !territory || !stateDemonyms.has(d));
  const category = o.category ?? (territory ? "territory" : "state");
  const capitalName = territory || o.no_capital ? undefined : o.capital?.name ?? c.capital?.[0];
  let definition = o.definition ?? territory?.definition;
  if (!definition) {
    if (territory) {
      const sovereign = byCode.get(territory.sovereign);
      const owner = overrides.states[territory.sovereign]?.name ?? sovereign.name.common;
      definition = `Territory of ${withArticle(owner)} in ${region(c)}.`;
    } else {
      definition = `Sovereign state in ${region(c)}${capitalName ? `; capital ${capitalName}` : ""}.`;
    }
  }
  const entity = { id, kind: "actor", category, name };
  const aliases = aliasesOf(c, o, name, demonyms);
  if (aliases.length) entity.aliases = aliases;
  if (demonyms.length) entity.demonyms = demonyms;
  entity.definition = definition;
  if (o.wikidata) entity.wikidata = o.wikidata;
  entity.iso = c.cca2;
  if (capitalName) entity.capital = capitalName;
  entities.push(entity);

  // The capital as an entity of its own, standing for the state's government ("Beijing said").
  // A city-state's capital shares its name and adds nothing.
  if (!capitalName || capitalName === name || aliases.includes(capitalName)) continue;
  const co = o.capital ?? {};
  const capitalId = co.id ?? kebab(capitalName);
  claim(capitalId, capitalName);
  const folded = fold(capitalName);
  const capitalAliases = uniq([
    ...(co.aliases ?? []),
    ...(folded !== capitalName && ascii(folded) && !overrides.common_folded_capitals.includes(folded) ? [folded] : []),
  ]);
  const capital = { id: capitalId, kind: "actor", category: "capital", name: capitalName };
  if (capitalAliases.length) capital.aliases = capitalAliases;
  capital.definition = co.definition ?? `Capital of ${withArticle(name)}; in news writing often shorthand for its government.`;
  if (co.wikidata) capital.wikidata = co.wikidata;
  capital.refers_to = id;
  capitals.push(capital);
}

const about =
  `Generated by scripts/gen-countries.mjs from the npm package world-countries ${pkg.version} ` +
  `(c) Mohammed Le Doze, licensed ODbL-1.0, plus scripts/countries-overrides.json. Do not edit by hand.`;
const lines = [...entities, ...capitals].map((e) => "  " + JSON.stringify(e));
process.stdout.write(`{"about": ${JSON.stringify(about)},\n "entities": [\n${lines.join(",\n")}\n]}\n`);
