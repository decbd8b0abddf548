// Commands: every declared command is registered, and the ones that need no ML
// backend do what they say.
import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extension, waitFor, workspaceFolder } from './extension';

interface Contributes {
  commands: { command: string; title: string; category?: string }[];
}

describe('commands', () => {
  before(async () => {
    await extension().activate();
  });

  it('registers every command declared in package.json, in category "Pretrain Lab"', async () => {
    const declared = (extension().packageJSON.contributes as Contributes).commands;
    assert.ok(declared.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(declared.filter((c) => !registered.has(c.command)).map((c) => c.command), []);
    assert.deepStrictEqual(declared.filter((c) => c.category !== 'Pretrain Lab').map((c) => c.command), []);
  });

  it('Select Execution Provider writes pretrainLab.executionProvider', async () => {
    const config = () => vscode.workspace.getConfiguration('pretrainLab');
    await vscode.commands.executeCommand('pretrainLab.selectExecutionProvider', 'cpu');
    assert.strictEqual(config().get('executionProvider'), 'cpu');
    await vscode.commands.executeCommand('pretrainLab.selectExecutionProvider', 'auto');
    assert.strictEqual(config().get('executionProvider'), 'auto');
  });

  it('Select Execution Provider refuses an unknown provider and keeps the setting', async () => {
    await vscode.commands.executeCommand('pretrainLab.selectExecutionProvider', 'tpu');
    assert.strictEqual(vscode.workspace.getConfiguration('pretrainLab').get('executionProvider'), 'auto');
  });

  it('Select Model and Show Model Details accept a model folder from the workspace', async () => {
    const folder = path.join(workspaceFolder(), 'models', 'tiny-gpt2');
    await vscode.commands.executeCommand('pretrainLab.selectModel', folder);
    await vscode.commands.executeCommand('pretrainLab.showModelDetails', folder);
    const tab = await waitFor(() => vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Model: tiny-gpt2'));
    await vscode.window.tabGroups.close(tab);
  });

  /** Runs `run` while `command` is replaced by a recorder; returns the arguments of each call.
   *  A command registered in the extension host is run there directly, so the extension's
   *  executeCommand reaches the recorder instead of the workbench's own command. */
  async function recording(command: string, run: () => Thenable<unknown>): Promise<unknown[][]> {
    const calls: unknown[][] = [];
    const stub = vscode.commands.registerCommand(command, (...args: unknown[]) => {
      calls.push(args);
    });
    try {
      await run();
    } finally {
      stub.dispose();
    }
    return calls;
  }

  const fsPathOf = (arg: unknown) => (arg as { fsPath?: unknown } | undefined)?.fsPath;

  it('Reveal Model Folder asks the Explorer to reveal a workspace model’s folder', async () => {
    const folder = path.join(workspaceFolder(), 'models', 'tiny-bert');
    const calls = await recording('revealInExplorer', () => vscode.commands.executeCommand('pretrainLab.revealModelFolder', folder));
    assert.strictEqual(calls.length, 1, 'revealInExplorer is asked once');
    assert.strictEqual(fsPathOf(calls[0][0]), folder);
  });

  it('Reveal Model Folder asks the OS file manager for a model outside the workspace', async function () {
    if (vscode.env.uiKind !== vscode.UIKind.Desktop || vscode.env.remoteName !== undefined) this.skip();
    const folder = path.join(extension().extensionPath, 'models', 'tiny-shakespeare-bert');
    const calls = await recording('revealFileInOS', () => vscode.commands.executeCommand('pretrainLab.revealModelFolder', folder));
    assert.strictEqual(calls.length, 1, 'revealFileInOS is asked once');
    assert.strictEqual(fsPathOf(calls[0][0]), folder);
  });
});
