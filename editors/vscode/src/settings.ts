//! The settings sent to the server, read from VS Code's `geonotes` configuration with workspace trust applied.

import * as vscode from 'vscode';
import { buildSettings, sectionOf, ServerSettings } from './serverSettings';

export function effectiveSettings(scope?: vscode.Uri): ServerSettings {
  const config = vscode.workspace.getConfiguration('geonotes', scope);
  return buildSettings((key, fallback) => config.get(key, fallback), vscode.workspace.isTrusted);
}

export function settingsForSection(section: string, scope?: vscode.Uri): unknown {
  return sectionOf(effectiveSettings(scope), section);
}
