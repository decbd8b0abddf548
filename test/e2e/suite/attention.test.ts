// Show Attention for Selection on a real (tiny, trained) GPT-2 folder: the model
// runs in the inference worker, the explorer draws the result, and the time the
// webview took to draw it is printed.
import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extension, waitFor, workspaceFolder } from './extension';

type Outcome = { tokens: number; renderMs: number } | { error: string };

const TRAINED = 'story-gpt2'; // trained into the workspace copy by test/e2e/workspace.ts
const WIDE_BERT = 'wide-bert'; // untrained, 512 positions: saved there too

function attentionTab(label: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === label);
}

describe('Show Attention for Selection', function () {
  this.timeout(60_000);
  const models = () => path.join(workspaceFolder(), 'models');

  before(async () => {
    await extension().activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('runs the model on the editor selection and draws it; prints the render time', async () => {
    const doc = await vscode.workspace.openTextDocument(path.join(workspaceFolder(), 'story.txt'));
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.lineAt(0).range;
    editor.selection = new vscode.Selection(line.start, line.end);
    const outcome = await vscode.commands.executeCommand<Outcome>('pretrainLab.showAttention', path.join(models(), TRAINED));
    assert.ok(outcome && 'tokens' in outcome, `expected a drawn report, got ${JSON.stringify(outcome)}`);
    assert.ok(outcome.tokens >= 10, `only ${outcome.tokens} tokens for a 12-word line`);
    console.log(`      attention explorer render time: ${outcome.renderMs.toFixed(1)} ms for ${outcome.tokens} tokens (performance.now in the webview)`);
    await waitFor(() => attentionTab(`Attention: ${TRAINED}`));
  });

  it('runs on a given text again in the same panel, and the extension host never loads ONNX Runtime', async () => {
    const outcome = await vscode.commands.executeCommand<Outcome>('pretrainLab.showAttention', path.join(models(), TRAINED), 'the dog sat on the log');
    assert.ok(outcome && 'tokens' in outcome, JSON.stringify(outcome));
    console.log(`      second render: ${outcome.renderMs.toFixed(1)} ms for ${outcome.tokens} tokens`);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.startsWith('Attention:'));
    assert.strictEqual(tabs.length, 1);
    assert.deepStrictEqual(Object.keys(require.cache).filter((m) => m.includes('onnxruntime')), []);
  });

  it('draws every map of a 256-token text on a BERT of the benchmark size; prints the render time', async () => {
    // 254 times a word the WordPiece vocabulary holds whole, plus [CLS] and [SEP]: 256 positions.
    const text = Array(254).fill('the').join(' ');
    const renders: number[] = [];
    for (let i = 0; i < 3; i++) {
      const outcome = await vscode.commands.executeCommand<Outcome>('pretrainLab.showAttention', path.join(models(), WIDE_BERT), text);
      assert.ok(outcome && 'tokens' in outcome, JSON.stringify(outcome));
      assert.strictEqual(outcome.tokens, 256);
      renders.push(outcome.renderMs);
    }
    console.log(`      attention explorer, 256 tokens, 4 layers × 4 heads: render ${renders.map((ms) => ms.toFixed(1)).join(' / ')} ms (performance.now in the webview)`);
  });

  it('reports a BERT folder without a tokenizer as an error, not a crash', async () => {
    const outcome = await vscode.commands.executeCommand<Outcome>('pretrainLab.showAttention', path.join(models(), 'tiny-bert'), 'a [MASK] b');
    assert.ok(outcome && 'error' in outcome, JSON.stringify(outcome));
    assert.match(outcome.error, /tokenizer/);
  });

  it('reports a model folder without weights as an error, not a crash', async () => {
    const outcome = await vscode.commands.executeCommand<Outcome>('pretrainLab.showAttention', path.join(models(), 'tiny-gpt2'), 'hello');
    assert.ok(outcome && 'error' in outcome, JSON.stringify(outcome));
  });
});
