// The prompt playground's classify mode from the extension host: it opens on a
// pretrained masked LM (classified through a template) and on a finetuned classifier
// (its own head), as one panel. The webview round trip — fields, bars, timing — is
// driven in test/e2e/ui.test.ts, where a browser can reach into the webview.
import * as assert from 'node:assert';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extension, waitFor, workspaceFolder } from './extension';

const playgroundTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
  .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('pretrainLab.prompt'));

describe('prompt playground: classification', function () {
  this.timeout(60_000);

  before(async () => {
    await extension().activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens on the bundled BERT, which it classifies through a template', async () => {
    await vscode.commands.executeCommand('pretrainLab.openPromptPlayground', path.join(extension().extensionPath, 'models', 'tiny-shakespeare-bert'));
    await waitFor(() => playgroundTabs().find((t) => t.label === 'Prompt: tiny-shakespeare-bert'));
  });

  it('switches the one playground to a finetuned classifier', async function () {
    // finetune.test.ts (run before this file) trains it from the bundled BERT.
    const classifier = path.join(workspaceFolder(), 'models', 'e2e-moods');
    if (!existsSync(path.join(classifier, 'config.json'))) this.skip();
    await vscode.commands.executeCommand('pretrainLab.openPromptPlayground', classifier);
    await waitFor(() => playgroundTabs().find((t) => t.label === 'Prompt: e2e-moods'));
    assert.strictEqual(playgroundTabs().length, 1);
  });
});
