//! The settings sent to the server: the `geonotes` configuration section, with workspace trust applied.

import * as vscode from 'vscode';

/** Mirrors the server's settings contract (`initializationOptions` and the `geonotes` section). */
export interface ServerSettings {
  diagnostics: {
    trigger: 'save' | 'change';
    debounceMs: number;
    severity: Record<string, string>;
  };
  inlayHints: { enable: boolean };
  knowledge: string[];
  source: { allowOutsideWorkspace: boolean; maxBytes: number };
}

export function effectiveSettings(scope?: vscode.Uri): ServerSettings {
  const c = vscode.workspace.getConfiguration('geonotes', scope);
  return {
    diagnostics: {
      trigger: c.get<'save' | 'change'>('diagnostics.trigger', 'save'),
      debounceMs: c.get<number>('diagnostics.debounceMs', 200),
      severity: { ...c.get<Record<string, string>>('diagnostics.severity', {}) },
    },
    inlayHints: { enable: c.get<boolean>('inlayHints.enable', false) },
    // Knowledge files from an untrusted workspace could point anywhere on disk.
    knowledge: vscode.workspace.isTrusted ? c.get<string[]>('knowledge', []) : [],
    source: {
      // An untrusted clone must not make the server read files outside the workspace.
      allowOutsideWorkspace: vscode.workspace.isTrusted && c.get<boolean>('source.allowOutsideWorkspace', false),
      maxBytes: c.get<number>('source.maxBytes', 8388608),
    },
  };
}

/** The value of `section` (`geonotes` or a dotted path below it) within the effective settings. */
export function settingsForSection(section: string, scope?: vscode.Uri): unknown {
  let value: unknown = effectiveSettings(scope);
  for (const key of section.split('.').slice(1)) {
    if (value === null || typeof value !== 'object') {
      return null;
    }
    value = (value as Record<string, unknown>)[key] ?? null;
  }
  return value;
}
