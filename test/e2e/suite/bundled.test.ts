// The bundled default models (models/ of the extension) work right after install: they are
// listed, selectable, prompted, and their attention shown.
import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extension, waitFor } from './extension';

const bundled = (name: string) => path.join(extension().extensionPath, 'models', name);

describe('bundled default models', function () {
  this.timeout(60_000);

  before(async () => {
    await extension().activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Select Model and Model Details take the bundled GPT-2', async () => {
    await vscode.commands.executeCommand('pretrainLab.selectModel', bundled('tiny-shakespeare-gpt2'));
    await vscode.commands.executeCommand('pretrainLab.showModelDetails', bundled('tiny-shakespeare-gpt2'));
    await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Model: tiny-shakespeare-gpt2'));
  });

  it('Show Attention for Selection runs the bundled GPT-2', async () => {
    const outcome = await vscode.commands.executeCommand<{ tokens: number } | { error: string }>(
      'pretrainLab.showAttention', bundled('tiny-shakespeare-gpt2'), 'ROMEO: What light');
    assert.ok(outcome && 'tokens' in outcome, JSON.stringify(outcome));
    assert.strictEqual(outcome.tokens, 'ROMEO: What light'.length, 'one token per character');
  });

  it('Show Attention for Selection runs the bundled BERT (encoder self-attention)', async () => {
    const outcome = await vscode.commands.executeCommand<{ tokens: number } | { error: string }>(
      'pretrainLab.showAttention', bundled('tiny-shakespeare-bert'), 'the king is dead');
    assert.ok(outcome && 'tokens' in outcome, JSON.stringify(outcome));
    assert.ok(outcome.tokens >= 4, `${outcome.tokens} tokens`);
  });

  it('Fill Mask at Selection runs the bundled BERT', async () => {
    const results = await vscode.commands.executeCommand<{ predictions: { tokenStr: string; score: number }[] }[]>(
      'pretrainLab.fillMaskAtSelection', bundled('tiny-shakespeare-bert'), 'the king [MASK] the queen');
    assert.ok(results && results.length === 1, JSON.stringify(results));
    assert.ok(results[0].predictions.length >= 3);
    console.log(`      bundled BERT: "the king [MASK] the queen" → ${results[0].predictions.slice(0, 5).map((p) => `${p.tokenStr} ${(p.score * 100).toFixed(1)}%`).join(', ')}`);
  });
});
