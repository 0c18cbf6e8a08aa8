//! VS Code client for `geonotes lsp`: starts the server for markdown notes, keeps its settings in sync, adds commands and a status item.

import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';
import { findServerBinary, INSTALL_HINT } from './binary';
import { effectiveSettings, settingsForSection } from './settings';
import { UnsupportedClaimsStatus } from './status';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('geonotes');
  context.subscriptions.push(output);

  context.subscriptions.push(
    vscode.commands.registerCommand('geonotes.client.restartServer', restartServer),
    vscode.commands.registerCommand('geonotes.client.openSource', openSourceParagraph),
    vscode.commands.registerCommand('geonotes.client.checkWorkspace', checkWorkspace),
    new UnsupportedClaimsStatus(),
    // Trust widens what the server may read and which binary runs: start over with the new rules.
    vscode.workspace.onDidGrantWorkspaceTrust(restartServer),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('geonotes.server.path')) {
        void restartServer();
      }
    }),
  );

  await startServer();
}

export async function deactivate(): Promise<void> {
  await stopServer();
}

async function startServer(): Promise<void> {
  const binary = findServerBinary();
  if (!binary.ok) {
    output.appendLine(binary.message);
    const choice = await vscode.window.showErrorMessage(
      `${binary.message} ${INSTALL_HINT}`,
      'Open Settings',
    );
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'geonotes.server.path');
    }
    return;
  }
  output.appendLine(`starting ${binary.path} lsp`);

  const serverOptions: ServerOptions = {
    // No `transport` here: with one, the client would append `--stdio` to the arguments.
    run: { command: binary.path, args: ['lsp'] },
    debug: { command: binary.path, args: ['lsp'], options: { env: { ...process.env, GEONOTES_LOG: 'debug' } } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    outputChannel: output,
    initializationOptions: effectiveSettings(),
    synchronize: { configurationSection: 'geonotes' },
    middleware: {
      workspace: {
        // The server may pull settings; answer with the trust-adjusted values, not the raw ones.
        configuration: async (params, token, next) => {
          const raw = await next(params, token);
          if (!Array.isArray(raw)) {
            return raw;
          }
          return params.items.map((item, i) => {
            const section = item.section ?? '';
            if (section !== 'geonotes' && !section.startsWith('geonotes.')) {
              return raw[i];
            }
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            return settingsForSection(section, scope);
          });
        },
        // The default push sends the raw settings; send the trust-adjusted ones instead.
        didChangeConfiguration: async (_sections, _next) => {
          await client?.sendNotification(DidChangeConfigurationNotification.type, {
            settings: { geonotes: effectiveSettings() },
          });
        },
      },
    },
  };

  client = new LanguageClient('geonotes', 'geonotes', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    output.appendLine(`the server did not start: ${message}`);
    void vscode.window.showErrorMessage(
      `geonotes: the server (${binary.path} lsp) did not start: ${message}. Is it a geonotes build with the language server? ${INSTALL_HINT}`,
    );
    client = undefined;
  }
}

async function stopServer(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop(5000);
    } catch (e) {
      output.appendLine(`stopping the server: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

async function restartServer(): Promise<void> {
  await stopServer();
  await startServer();
}

async function openSourceParagraph(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    return;
  }
  const targets = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
    'vscode.executeDefinitionProvider',
    editor.document.uri,
    editor.selection.active,
  );
  const first = targets?.[0];
  if (!first) {
    void vscode.window.showInformationMessage('geonotes: no source paragraph for the text under the cursor.');
    return;
  }
  const [uri, range] =
    'targetUri' in first ? [first.targetUri, first.targetSelectionRange ?? first.targetRange] : [first.uri, first.range];
  await vscode.window.showTextDocument(uri, {
    viewColumn: vscode.ViewColumn.Beside,
    selection: range,
    preview: true,
  });
}

async function checkWorkspace(): Promise<void> {
  if (!client) {
    void vscode.window.showErrorMessage(`geonotes: the server is not running. ${INSTALL_HINT}`);
    return;
  }
  // The client registers the server's own `geonotes.checkWorkspace` command too; calling the
  // request directly lets us show its result.
  const count = await client.sendRequest(ExecuteCommandRequest.type, {
    command: 'geonotes.checkWorkspace',
    arguments: [],
  });
  const findings = typeof count === 'number' ? count : undefined;
  void vscode.window.showInformationMessage(
    findings === undefined
      ? 'geonotes: workspace checked; see the Problems panel.'
      : `geonotes: ${findings} finding(s) in the workspace; see the Problems panel.`,
  );
}
