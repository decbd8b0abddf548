/**
 * Our LayoutLM graphs (onnx/model.onnx of a masked-LM folder and of a finetuned classifier)
 * against the plain float64 reference of modeling_layoutlm.py (test/helpers/reference-layoutlm.ts)
 * on random weights addressed by HF names, on a right-padded batch whose boxes differ in every
 * coordinate (so a swapped x/y table, a wrong h = y1 − y0 or w = x1 − x0 shows), the separator's
 * (1000, 1000, 1000, 1000) included; and the parameter names HF's LayoutLMForMaskedLM saves.
 */
import assert from 'node:assert/strict';
import type { TensorData } from '../../../src/graph';
import { exportLayoutLmOnnx } from '../../../src/models/layoutlm/export-onnx';
import { RuntimeSession } from '../../../src/runtime';
import { assertMaskedLmMatchesReference, int64, randomWeights } from '../../helpers/reference-compare';
import { type Box, referenceLayoutLmClassifier, referenceLayoutLmMaskedLm } from '../../helpers/reference-layoutlm';
import { layoutlmParamSpecs, tinyLayoutLmConfig } from '../../helpers/tiny-layoutlm';

// A full row and a right-padded one (pad = 1), <s> … </s>.
const ROWS = { ids: [[0, 5, 9, 14, 7, 2], [0, 11, 4, 2, 1, 1]], mask: [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]] };
const BOXES: Box[][] = [
  [[0, 0, 0, 0], [0, 0, 15, 5], [15, 0, 35, 5], [20, 5, 45, 10], [0, 10, 995, 15], [1000, 1000, 1000, 1000]],
  [[0, 0, 0, 0], [5, 0, 10, 5], [10, 30, 25, 45], [1000, 1000, 1000, 1000], [0, 0, 0, 0], [0, 0, 0, 0]],
];
const bboxFeed = (boxes: Box[][]): TensorData => ({ dtype: 'int64', shape: [boxes.length, boxes[0].length, 4], data: BigInt64Array.from(boxes.flat(2), BigInt) });
const zeros = (m: number[][]) => int64(m.map((r) => r.map(() => 0)));

describe('LayoutLM against a plain float64 reference of modeling_layoutlm.py', () => {
  it('names its parameters as HF LayoutLMForMaskedLM saves them', () => {
    const names = layoutlmParamSpecs(tinyLayoutLmConfig({ num_hidden_layers: 1 })).map((s) => s.name);
    for (const table of ['word', 'position', 'x_position', 'y_position', 'h_position', 'w_position', 'token_type']) {
      assert.ok(names.includes(`layoutlm.embeddings.${table}_embeddings.weight`), table);
    }
    for (const name of ['layoutlm.embeddings.LayerNorm.weight', 'layoutlm.encoder.layer.0.attention.self.query.weight', 'layoutlm.encoder.layer.0.output.LayerNorm.bias', 'cls.predictions.transform.dense.weight', 'cls.predictions.transform.LayerNorm.weight', 'cls.predictions.bias']) {
      assert.ok(names.includes(name), name);
    }
    // Tied decoder: saved once, under the word embeddings' name.
    assert.ok(!names.some((n) => n.startsWith('cls.predictions.decoder')));
    const x = layoutlmParamSpecs(tinyLayoutLmConfig()).find((s) => s.name === 'layoutlm.embeddings.x_position_embeddings.weight');
    assert.deepEqual(x?.shape, [1024, 12], 'max_2d_position_embeddings rows');
  });

  it('gives the same masked-LM logits within 1e-4 on a right-padded batch with boxes', async () => {
    const cfg = tinyLayoutLmConfig();
    const weights = randomWeights(layoutlmParamSpecs(cfg), 13);
    const session = await RuntimeSession.create(exportLayoutLmOnnx(cfg, weights));
    assert.ok(session.inputNames.includes('bbox'));
    const out = await session.run({ input_ids: int64(ROWS.ids), attention_mask: int64(ROWS.mask), token_type_ids: zeros(ROWS.ids), bbox: bboxFeed(BOXES) });
    // The boxes matter: all-zero boxes give other logits.
    const unboxed = await session.run({ input_ids: int64(ROWS.ids), attention_mask: int64(ROWS.mask), token_type_ids: zeros(ROWS.ids), bbox: bboxFeed(BOXES.map((r) => r.map(() => [0, 0, 0, 0] as Box))) });
    await session.release();
    const references = ROWS.ids.map((ids, b) => referenceLayoutLmMaskedLm(weights, cfg, ids, ROWS.mask[b], BOXES[b]));
    assertMaskedLmMatchesReference(out.logits.data as Float32Array, references, cfg.vocab_size);
    const moved = (unboxed.logits.data as Float32Array).reduce((m, x, i) => Math.max(m, Math.abs(x - (out.logits.data as Float32Array)[i])), 0);
    assert.ok(moved > 1e-2, `boxes must change the logits (moved ${moved})`);
  });

  it('gives the same sequence-classification logits within 1e-4 (pooler on the first token, then classifier)', async () => {
    const cfg = tinyLayoutLmConfig({ architectures: ['LayoutLMForSequenceClassification'], id2label: { 0: 'a', 1: 'b', 2: 'c' } });
    const specs = layoutlmParamSpecs(cfg, true);
    assert.ok(specs.some((s) => s.name === 'layoutlm.pooler.dense.weight') && specs.some((s) => s.name === 'classifier.weight'));
    const weights = randomWeights(specs, 17);
    const session = await RuntimeSession.create(exportLayoutLmOnnx(cfg, weights));
    const out = await session.run({ input_ids: int64(ROWS.ids), attention_mask: int64(ROWS.mask), token_type_ids: zeros(ROWS.ids), bbox: bboxFeed(BOXES) });
    await session.release();
    const ours = out.logits.data as Float32Array;
    let maxDiff = 0;
    ROWS.ids.forEach((ids, b) => referenceLayoutLmClassifier(weights, cfg, ids, ROWS.mask[b], BOXES[b]).forEach((x, l) => (maxDiff = Math.max(maxDiff, Math.abs(x - ours[b * 3 + l])))));
    console.log(`      max |Δlogit| vs reference ${maxDiff.toExponential(2)}`);
    assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
  });
});
