// End-to-end test of the packaged extension in a real VS Code (code-server) driven by headless Chromium:
// opens the demo notes, waits for a geonotes diagnostic, hovers an entity, runs "Open source paragraph",
// and saves a screenshot. Env: GEONOTES_BIN (server binary), VSIX (extension), CHROMIUM (default /usr/bin/chromium),
// SCREENSHOT (output PNG). Exits non-zero with the failed step on any failure.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const codeServer = join(here, 'node_modules/.bin/code-server');
const vsix = resolve(process.env.VSIX ?? join(here, '../geonotes.vsix'));
const serverBin = resolve(process.env.GEONOTES_BIN ?? join(repo, 'target/debug/geonotes'));
const screenshot = resolve(process.env.SCREENSHOT ?? join(here, 'artifacts/hover-and-diagnostic.png'));
const STEP_TIMEOUT = 60_000;

const scratch = mkdtempSync(join(tmpdir(), 'geonotes-e2e-'));
const workspace = join(scratch, 'vostok-2018');
const userData = join(scratch, 'user-data');
const extensions = join(scratch, 'extensions');
cpSync(join(repo, 'examples/vostok-2018'), workspace, { recursive: true });
mkdirSync(join(userData, 'User'), { recursive: true });
writeFileSync(
  join(userData, 'User/settings.json'),
  JSON.stringify({
    'geonotes.server.path': serverBin,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'editor.hover.delay': 100,
  }),
);

const env = { ...process.env, XDG_CONFIG_HOME: join(scratch, 'config'), XDG_DATA_HOME: join(scratch, 'data') };
const common = ['--user-data-dir', userData, '--extensions-dir', extensions];

function step(name) {
  console.log(`-- ${name}`);
}

async function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
    srv.on('error', fail);
  });
}

async function waitForHttp(url, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

/** 1-based line and column of the first `needle` in `text`, in UTF-16 units as VS Code counts. */
function lineColOf(text, needle) {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const col = lines[i].indexOf(needle);
    if (col >= 0) return { line: i + 1, column: col + 1 };
  }
  throw new Error(`${needle} not found`);
}

let server;
let browser;
let failed = false;
try {
  step(`install ${vsix}`);
  const install = spawnSync(codeServer, [...common, '--install-extension', vsix], { env, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`--install-extension failed: ${install.stderr || install.stdout}`);

  const port = await freePort();
  step(`start code-server on 127.0.0.1:${port}`);
  server = spawn(
    codeServer,
    [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', workspace],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let serverLog = '';
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 30_000).catch((e) => {
    throw new Error(`${e.message}\n${serverLog}`);
  });

  step('open the workbench in headless Chromium');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor();

  step('open notes.md');
  await page.keyboard.press('Control+P');
  await page.keyboard.type('notes.md');
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: 'notes.md' }).waitFor();

  step('a geonotes diagnostic appears (squiggle and status-bar count)');
  await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').first().waitFor();
  const status = page.locator('.statusbar-item', { hasText: 'unsupported' });
  await status.waitFor();
  console.log(`   status bar: ${(await status.innerText()).trim()}`);
  await page.keyboard.press('Control+Shift+M');
  const problems = page.locator('.markers-panel .monaco-list-row', { hasText: 'geonotes' });
  await problems.first().waitFor();
  console.log(`   problems: ${await problems.count()} rows from geonotes`);

  step('hover on S-400 shows its definition and a ¶ number');
  const notesText = readFileSync(join(workspace, 'notes.md'), 'utf8');
  const at = lineColOf(notesText, 'S-400');
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.keyboard.type(`${at.line}:${at.column + 1}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = page.locator('.monaco-hover:visible', { hasText: '¶' });
  await hover.first().waitFor();
  const hoverText = (await hover.first().innerText()).trim();
  console.log(`   hover: ${hoverText.replace(/\s+/g, ' ').slice(0, 200)}`);
  if (!hoverText.includes('S-400')) throw new Error(`hover does not name S-400: ${hoverText}`);
  // Let the hover finish fading in, or the picture shows it half transparent.
  await page.waitForTimeout(1000);
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });
  console.log(`   screenshot: ${screenshot}`);

  step('"geonotes: Open source paragraph" opens article.txt beside the note');
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await page.keyboard.type('geonotes: Open source paragraph');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open source paragraph' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab', { hasText: 'article.txt' }).first().waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: screenshot.replace(/\.png$/, '-source.png') });

  console.log('e2e: all steps passed');
} catch (e) {
  failed = true;
  console.error(`e2e FAILED: ${e.stack ?? e}`);
  try {
    const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
    if (pages[0]) {
      mkdirSync(dirname(screenshot), { recursive: true });
      await pages[0].screenshot({ path: screenshot.replace(/\.png$/, '-failure.png') });
    }
  } catch {
    // the failure itself is what matters
  }
} finally {
  await browser?.close().catch(() => {});
  if (server && server.exitCode === null) server.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
