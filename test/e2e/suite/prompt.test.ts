// Open Prompt Playground and Fill Mask at Selection, driven through their commands.
import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extension, waitFor, workspaceFolder } from './extension';

describe('prompting', function () {
  this.timeout(60_000);
  const models = () => path.join(workspaceFolder(), 'models');

  before(async () => {
    await extension().activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Open Prompt Playground opens one playground on the given model', async () => {
    await vscode.commands.executeCommand('pretrainLab.openPromptPlayground', path.join(models(), 'story-gpt2'));
    await vscode.commands.executeCommand('pretrainLab.openPromptPlayground');
    await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Prompt: story-gpt2'));
    const playgrounds = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.startsWith('Prompt'));
    assert.strictEqual(playgrounds.length, 1);
  });

  it('Fill Mask at Selection refuses a decoder model and returns nothing', async () => {
    const result = await vscode.commands.executeCommand('pretrainLab.fillMaskAtSelection', path.join(models(), 'story-gpt2'), 'the [MASK] sat');
    assert.strictEqual(result, undefined);
  });

  it('Fill Mask at Selection reports a BERT folder without an ONNX graph as an error, not a crash', async () => {
    const result = await vscode.commands.executeCommand('pretrainLab.fillMaskAtSelection', path.join(models(), 'tiny-bert'), 'the [MASK] sat');
    assert.strictEqual(result, undefined);
  });
});
