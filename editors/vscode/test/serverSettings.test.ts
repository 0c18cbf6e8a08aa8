// Tests of the pure settings rules: defaults, workspace trust, section lookup, the status count.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSettings, countUnsupported, sectionOf } from '../src/serverSettings';

const reader =
  (values: Record<string, unknown>) =>
  <T>(key: string, fallback: T): T =>
    (key in values ? values[key] : fallback) as T;

const risky = {
  'knowledge': ['/etc/kb.json'],
  'source.allowOutsideWorkspace': true,
  'diagnostics.trigger': 'change',
  'diagnostics.severity': { 'approximate-figure': 'off' },
};

test('defaults follow the server contract', () => {
  assert.deepEqual(buildSettings(reader({}), true), {
    diagnostics: { trigger: 'save', debounceMs: 200, severity: {} },
    inlayHints: { enable: false },
    knowledge: [],
    source: { allowOutsideWorkspace: false, maxBytes: 8388608 },
  });
});

const trustCases: [string, boolean, boolean, string[]][] = [
  ['a trusted workspace keeps the user choices', true, true, ['/etc/kb.json']],
  ['an untrusted workspace reads nothing outside it', false, false, []],
];
for (const [name, trusted, allowOutside, knowledge] of trustCases) {
  test(name, () => {
    const s = buildSettings(reader(risky), trusted);
    assert.equal(s.source.allowOutsideWorkspace, allowOutside);
    assert.deepEqual(s.knowledge, knowledge);
    assert.equal(s.diagnostics.trigger, 'change');
    assert.deepEqual(s.diagnostics.severity, { 'approximate-figure': 'off' });
  });
}

const sectionCases: [string, unknown][] = [
  ['geonotes.diagnostics.trigger', 'change'],
  ['geonotes.source', { allowOutsideWorkspace: false, maxBytes: 8388608 }],
  ['geonotes.nothing.here', null],
];
for (const [section, expected] of sectionCases) {
  test(`section ${section}`, () => {
    assert.deepEqual(sectionOf(buildSettings(reader(risky), false), section), expected);
  });
}

test('the status item counts only geonotes unsupported figures and dates', () => {
  const count = countUnsupported([
    { source: 'geonotes', code: 'unsupported-figure' },
    { source: 'geonotes', code: { value: 'unsupported-date' } },
    { source: 'geonotes', code: 'approximate-figure' },
    { source: 'markdownlint', code: 'unsupported-figure' },
    { source: 'geonotes' },
  ]);
  assert.equal(count, 2);
});
