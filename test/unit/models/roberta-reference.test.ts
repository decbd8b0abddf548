/**
 * Our RoBERTa graphs (onnx/model.onnx of a masked-LM folder and of a finetuned classifier)
 * against the plain float64 reference of modeling_roberta.py (test/helpers/reference-roberta.ts)
 * on random weights addressed by HF names, on a right-padded batch: RoBERTa's positions count
 * non-pad tokens from pad_token_id + 1, so padding is where a wrong position rule shows.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, writeOnnx } from '../../../src/graph';
import { exportRobertaOnnx } from '../../../src/models/roberta/export-onnx';
import { robertaPositionIds } from '../../../src/models/roberta/positions';
import { RuntimeSession } from '../../../src/runtime';
import { assertMaskedLmMatchesReference, int64, randomWeights } from '../../helpers/reference-compare';
import { hfPositionIds, referenceRobertaClassifier, referenceRobertaMaskedLm } from '../../helpers/reference-roberta';
import { robertaParamSpecs, tinyRobertaConfig } from '../../helpers/tiny-roberta';

// A full row and a right-padded one (pad = 1).
const ROWS = { ids: [[0, 5, 9, 14, 7, 2], [0, 11, 4, 2, 1, 1]], mask: [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]] };

describe('RoBERTa against a plain float64 reference of modeling_roberta.py', () => {
  it('computes position ids as create_position_ids_from_input_ids on a padded batch', async () => {
    const cfg = tinyRobertaConfig();
    const ids = [[0, 5, 9, 2, 1, 1], [0, 1, 7, 2, 1, 6]]; // the second has a pad id between real tokens
    const g = new GraphBuilder('roberta_positions');
    const inputIds = g.input('input_ids', 'int64', ['batch', 'tokens']);
    g.output(robertaPositionIds(g, inputIds, cfg), 'position_ids');
    const session = await RuntimeSession.create(writeOnnx(g.graph));
    const out = await session.run({ input_ids: int64(ids) });
    await session.release();
    const ours = Array.from(out.position_ids.data as BigInt64Array, Number);
    const expected = ids.flatMap((row) => hfPositionIds(row, cfg.pad_token_id!));
    assert.deepEqual(expected, [2, 3, 4, 5, 1, 1, 2, 1, 3, 4, 1, 5]);
    assert.deepEqual(ours, expected);
  });

  it('gives the same masked-LM logits within 1e-4 on a right-padded batch', async () => {
    const cfg = tinyRobertaConfig({ vocab_size: 17, hidden_size: 12, num_attention_heads: 3, intermediate_size: 20 });
    const weights = randomWeights(robertaParamSpecs(cfg), 13);
    const session = await RuntimeSession.create(exportRobertaOnnx(cfg, weights));
    const out = await session.run({ input_ids: int64(ROWS.ids), attention_mask: int64(ROWS.mask), token_type_ids: int64(ROWS.ids.map((r) => r.map(() => 0))) });
    await session.release();
    const references = ROWS.ids.map((ids, b) => referenceRobertaMaskedLm(weights, cfg, ids, ROWS.mask[b]));
    assertMaskedLmMatchesReference(out.logits.data as Float32Array, references, cfg.vocab_size);
  });

  it('gives the same sequence-classification logits within 1e-4 (no pooler, classifier on <s>)', async () => {
    const cfg = tinyRobertaConfig({ vocab_size: 17, hidden_size: 12, num_attention_heads: 3, intermediate_size: 20, architectures: ['RobertaForSequenceClassification'], id2label: { 0: 'a', 1: 'b', 2: 'c' } });
    const specs = robertaParamSpecs(cfg, true);
    assert.ok(!specs.some((s) => s.name.includes('pooler')), 'RoBERTa classifiers have no pooler');
    const weights = randomWeights(specs, 17);
    const session = await RuntimeSession.create(exportRobertaOnnx(cfg, weights));
    const out = await session.run({ input_ids: int64(ROWS.ids), attention_mask: int64(ROWS.mask), token_type_ids: int64(ROWS.ids.map((r) => r.map(() => 0))) });
    await session.release();
    const ours = out.logits.data as Float32Array;
    let maxDiff = 0;
    ROWS.ids.forEach((ids, b) => referenceRobertaClassifier(weights, cfg, ids, ROWS.mask[b]).forEach((x, l) => (maxDiff = Math.max(maxDiff, Math.abs(x - ours[b * 3 + l])))));
    console.log(`      max |Δlogit| vs reference ${maxDiff.toExponential(2)}`);
    assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
  });
});
