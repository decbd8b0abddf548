/**
 * Attention reports for all three families through the one entry point the CLI and the
 * explorer use: right kinds, shapes that match the tokens, rows that sum to 1, causal maps
 * zero above the diagonal.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type AttentionReport, tokensFor } from '../../../src/infer/attention-maps';
import { attentionReportFor } from '../../../src/infer/attention-report';
import { attentionHtml } from '../../../src/infer/attention-html';
import { exportT5Onnx } from '../../../src/models/t5/export-onnx';
import { t5ParamSpecs } from '../../../src/models/t5/model';
import { saveModelFolder } from '../../../src/models/model-folder';
import { trainTokenizer } from '../../../src/tokenizer';
import { saveTinyBertFolder, toyCorpus, trainTinyMlm } from '../../helpers/tiny-bert';
import { makeTinyGpt2Folder } from '../../helpers/tiny-gpt2-folder';
import { tinyT5Config, tinyT5Weights } from '../../helpers/tiny-t5';

function checkWellFormed(report: AttentionReport, kinds: string[]): void {
  assert.deepEqual([...new Set(report.maps.map((m) => m.kind))].sort(), [...kinds].sort());
  for (const map of report.maps) {
    const { query, key } = tokensFor(report, map.kind);
    for (const head of map.weights) {
      assert.equal(head.length, query.length, `${map.kind} layer ${map.layer}: one row per query token`);
      head.forEach((row, q) => {
        assert.equal(row.length, key.length);
        const sum = row.reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(sum - 1) < 1e-3, `${map.kind} row sum ${sum}`);
        if (map.kind === 'causal') row.slice(q + 1).forEach((w) => assert.equal(w, 0));
      });
    }
  }
  const html = attentionHtml(report);
  assert.ok(html.includes('"maps"') && !/(src|href)=["']?https?:/.test(html), 'self-contained HTML with the data inline');
}

describe('attention reports for every family', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pretrain-lab-attn-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('gpt2: causal attention over the text', async () => {
    const folder = await makeTinyGpt2Folder(10);
    try {
      const report = await attentionReportFor(folder.dir, 'the cat sat on the mat');
      checkWellFormed(report, ['causal']);
    } finally {
      rmSync(folder.dir, { recursive: true, force: true });
    }
  });

  it('bert: bidirectional self-attention over [CLS] text [SEP]', async () => {
    const dir = path.join(root, 'bert');
    await saveTinyBertFolder(dir, await trainTinyMlm(toyCorpus(40), 5));
    const report = await attentionReportFor(dir, 'the cat sees the dog');
    checkWellFormed(report, ['self']);
    assert.equal(report.queryTokens[0], '[CLS]');
    assert.equal(report.queryTokens[report.queryTokens.length - 1], '[SEP]');
  });

  it('t5: encoder self, decoder causal and cross attention, on a given target', async () => {
    const dir = path.join(root, 't5');
    const tokenizer = trainTokenizer('bpe', ['the quick brown fox jumps over the lazy dog. '.repeat(5)], { family: 't5', vocabSize: 300, sentinelCount: 4 });
    const cfg = tinyT5Config({ vocab_size: tokenizer.vocabSize });
    const weights = tinyT5Weights(cfg, 2);
    const shaped = new Map(t5ParamSpecs(cfg).map((s) => [s.name, { shape: s.shape, data: weights.get(s.name) as Float32Array }]));
    await saveModelFolder(dir, { config: cfg, weights: shaped, tokenizer, onnx: exportT5Onnx(cfg, weights) });
    const report = await attentionReportFor(dir, 'the quick brown fox', { target: 'jumps over' });
    checkWellFormed(report, ['self', 'causal', 'cross']);
    const cross = tokensFor(report, 'cross');
    assert.equal(cross.key.length, tokensFor(report, 'self').query.length, 'cross attention looks at the encoder input');
    assert.equal(cross.query.length, 1 + tokenizer.encode('jumps over').length, 'decoder: start token + target');
  });
});
