//! Finds the `geonotes` server binary: the `geonotes.server.path` setting (user-level only in an untrusted workspace), else `PATH`.

import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const INSTALL_HINT =
  'Install the server with `cargo install --path <repo>` from a clone of the geonotes repository, or set `geonotes.server.path`.';

export type BinaryLookup = { ok: true; path: string } | { ok: false; message: string };

export function findServerBinary(): BinaryLookup {
  const configured = configuredServerPath();
  if (configured) {
    const resolved = expandHome(configured);
    return isExecutableFile(resolved)
      ? { ok: true, path: resolved }
      : { ok: false, message: `geonotes: the server binary set in geonotes.server.path (${resolved}) does not exist or is not executable.` };
  }
  const onPath = searchPath('geonotes');
  return onPath
    ? { ok: true, path: onPath }
    : { ok: false, message: 'geonotes: the `geonotes` server binary was not found on PATH.' };
}

/** A workspace could otherwise make VS Code run any program it ships; untrusted ones get the user's value only. */
function configuredServerPath(): string | undefined {
  const inspected = vscode.workspace.getConfiguration('geonotes').inspect<string>('server.path');
  const value = vscode.workspace.isTrusted
    ? inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue
    : inspected?.globalValue;
  return value && value.trim() !== '' ? value.trim() : undefined;
}

function expandHome(p: string): string {
  const home = process.env.HOME ?? process.env.USERPROFILE;
  return home && (p === '~' || p.startsWith('~/')) ? path.join(home, p.slice(1)) : p;
}

function searchPath(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d !== '');
  const names = process.platform === 'win32' ? [`${name}.exe`, `${name}.cmd`, name] : [name];
  for (const dir of dirs) {
    for (const candidate of names) {
      const full = path.join(dir, candidate);
      if (isExecutableFile(full)) {
        return full;
      }
    }
  }
  return undefined;
}

function isExecutableFile(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(p, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}
