//! Status-bar item counting the active note's unsupported figures and dates, from the diagnostics VS Code holds.

import * as vscode from 'vscode';
import { countUnsupported } from './serverSettings';

export class UnsupportedClaimsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('geonotes.unsupported', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.item.name = 'geonotes: unsupported claims';
    this.item.command = 'workbench.actions.view.problems';
    this.subscriptions = [
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) {
          this.update();
        }
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    ];
    this.update();
  }

  private update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== 'markdown') {
      this.item.hide();
      return;
    }
    const count = countUnsupported(vscode.languages.getDiagnostics(doc.uri));
    this.item.text = count === 0 ? '$(check) geonotes' : `$(warning) ${count} unsupported`;
    this.item.tooltip =
      count === 0
        ? 'geonotes: every figure and date in this note is supported by the source'
        : `geonotes: ${count} figure(s) or date(s) in this note are not supported by the source (click for Problems)`;
    this.item.show();
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
  }
}
