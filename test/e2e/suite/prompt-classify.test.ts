// The prompt playground's classify mode from the extension host: it opens on a
// pretrained masked LM (classified through a template) and on a finetuned classifier
// (its own head), as one panel. The webview round trip — fields, bars, timing — is
// driven in test/e2e/ui.test.ts, where a browser can reach into the webview.
import * as assert from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extension, waitFor } from './extension';

const bundledBert = () => path.join(extension().extensionPath, 'models', 'tiny-shakespeare-bert');

/** A finetuned classifier as the playground sees one: the bundled BERT's folder whose
 *  config.json names a sequence-classification head (no training needed to open it). */
async function makeClassifierFolder(parent: string, name: string): Promise<string> {
  const folder = path.join(parent, name);
  await fs.cp(bundledBert(), folder, { recursive: true });
  const config = JSON.parse(await fs.readFile(path.join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
  const classifier = { ...config, architectures: ['BertForSequenceClassification'], id2label: { 0: 'calm', 1: 'stormy' }, label2id: { calm: 0, stormy: 1 } };
  await fs.writeFile(path.join(folder, 'config.json'), JSON.stringify(classifier, null, 2));
  return folder;
}

const playgroundTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
  .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('pretrainLab.prompt'));

describe('prompt playground: classification', function () {
  this.timeout(60_000);

  let scratch: string;

  before(async () => {
    await extension().activate();
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'pl-e2e-classifier-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fs.rm(scratch, { recursive: true, force: true });
  });

  it('opens on the bundled BERT, which it classifies through a template', async () => {
    await vscode.commands.executeCommand('pretrainLab.openPromptPlayground', bundledBert());
    await waitFor(() => playgroundTabs().find((t) => t.label === 'Prompt: tiny-shakespeare-bert'));
  });

  it('switches the one playground to a finetuned classifier', async () => {
    // Its own classifier folder, so this test needs no other test (finetune.test.ts) to run first.
    const classifier = await makeClassifierFolder(scratch, 'e2e-classifier-head');
    await vscode.commands.executeCommand('pretrainLab.openPromptPlayground', bundledBert());
    await waitFor(() => playgroundTabs().find((t) => t.label === 'Prompt: tiny-shakespeare-bert'));
    await vscode.commands.executeCommand('pretrainLab.openPromptPlayground', classifier);
    await waitFor(() => playgroundTabs().find((t) => t.label === 'Prompt: e2e-classifier-head'));
    assert.strictEqual(playgroundTabs().length, 1);
  });
});
