// Helpers shared by the extension-host tests.
import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'pretrain-lab.pretrain-lab';

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

export function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'the tests need the fixture workspace open');
  return folder;
}

/** The fixture workspace's labelled JSONL: short texts, each labelled light or dark. */
export function labelledData(): string {
  return path.join(workspaceFolder(), 'labelled', 'moods.jsonl');
}

/** A suite's hooks for panels it opens: the extension active before its tests, every editor closed after them. */
export function activateAndCloseEditors(): void {
  before(async () => {
    await extension().activate();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
}

/** Polls until `probe` returns a value: the workbench updates tabs and views
 *  asynchronously after a command resolves. */
export async function waitFor<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
