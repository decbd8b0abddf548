/**
 * Our NEZHA graphs (onnx/model.onnx of a masked-LM folder and of a finetuned classifier)
 * against the plain float64 reference of modeling_nezha.py (test/helpers/reference-nezha.ts) on
 * random weights addressed by HF names, on a right-padded batch of 8 tokens with
 * max_relative_position = 3: distances up to 7 occur, so the clipping is exercised.
 */
import assert from 'node:assert/strict';
import type { NezhaConfig } from '../../../src/models/configs';
import { exportNezhaOnnx } from '../../../src/models/nezha/export-onnx';
import { relativeSinusoidTable } from '../../../src/models/nezha/relative-positions';
import type { Weights } from '../../../src/nn/params';
import { RuntimeSession } from '../../../src/runtime';
import { int64 } from '../../helpers/reference-compare';
import { hfRelativeEncoding, type Mat, referenceNezhaClassifier, referenceNezhaMaskedLm } from '../../helpers/reference-nezha';
import { nezhaParamSpecs, tinyNezhaConfig, wideRandomWeights } from '../../helpers/tiny-nezha';

// A full row of 8 (longer than max_relative_position = 3) and a right-padded one (pad = 0).
const ROWS = { ids: [[2, 5, 9, 14, 7, 11, 6, 3], [2, 11, 4, 8, 3, 0, 0, 0]], mask: [[1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0, 0, 0]] };
const T = 8;
const SIZES = { vocab_size: 17, hidden_size: 12, num_attention_heads: 3, intermediate_size: 20, max_position_embeddings: 16 };

async function runOnnx(cfg: NezhaConfig, weights: Weights): Promise<Float32Array> {
  const session = await RuntimeSession.create(exportNezhaOnnx(cfg, weights));
  const out = await session.run({ input_ids: int64(ROWS.ids), attention_mask: int64(ROWS.mask), token_type_ids: int64(ROWS.ids.map((r) => r.map(() => 0))) });
  await session.release();
  return out.logits.data as Float32Array;
}

/** Largest |ours − reference| over the batch, and the largest |reference|. */
function compare(ours: Float32Array, reference: (ids: number[], mask: number[]) => Mat): { maxDiff: number; spread: number } {
  let [maxDiff, spread] = [0, 0];
  ROWS.ids.forEach((ids, b) => {
    const rows = reference(ids, ROWS.mask[b]);
    const width = rows[0].length;
    rows.forEach((v, t) =>
      v.forEach((x, o) => {
        maxDiff = Math.max(maxDiff, Math.abs(x - ours[(b * rows.length + t) * width + o]));
        spread = Math.max(spread, Math.abs(x));
      }),
    );
  });
  return { maxDiff, spread };
}

describe('NEZHA against a plain float64 reference of modeling_nezha.py', () => {
  it('builds the sinusoid table NezhaRelativePositionsEncoding builds, rows picked by clipped distance', () => {
    const [K, D] = [3, 4];
    const table = relativeSinusoidTable(K, D);
    const encoding = hfRelativeEncoding(T, D, K);
    for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) assert.deepEqual(encoding[i][j], table[Math.min(Math.max(j - i, -K), K) + K]);
    // Row p: sin(p), cos(p), sin(p / 100), cos(p / 100) for D = 4.
    assert.ok(Math.abs(table[5][0] - Math.sin(5)) < 1e-15 && Math.abs(table[5][3] - Math.cos(0.05)) < 1e-15);
  });

  it('gives the same masked-LM logits within 1e-4 on a padded batch longer than max_relative_position', async () => {
    const cfg = tinyNezhaConfig(SIZES);
    const specs = nezhaParamSpecs(cfg);
    assert.ok(!specs.some((s) => s.name.includes('position_embeddings')), 'NEZHA has no absolute position embeddings');
    const weights = wideRandomWeights(specs, 13);
    const { maxDiff, spread } = compare(await runOnnx(cfg, weights), (ids, mask) => referenceNezhaMaskedLm(weights, cfg, ids, mask));
    console.log(`      max |Δlogit| vs reference ${maxDiff.toExponential(2)} (logits up to ${spread.toFixed(2)})`);
    assert.ok(spread > 1, 'logits must be large enough to show differences');
    assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);

    // The clipping shows: without it (K = 7 reaches every distance of 8 tokens) the logits differ.
    const unclipped = compare(await runOnnx(cfg, weights), (ids, mask) => referenceNezhaMaskedLm(weights, { ...cfg, max_relative_position: 7 }, ids, mask));
    assert.ok(unclipped.maxDiff > 1e-2, `clipping at 3 must matter on 8 tokens (${unclipped.maxDiff})`);
  });

  it('gives the same sequence-classification logits within 1e-4 (pooler + classifier on [CLS])', async () => {
    const cfg = tinyNezhaConfig({ ...SIZES, architectures: ['NezhaForSequenceClassification'], id2label: { 0: 'a', 1: 'b', 2: 'c' } });
    const specs = nezhaParamSpecs(cfg, true);
    assert.ok(specs.some((s) => s.name === 'nezha.pooler.dense.weight') && specs.some((s) => s.name === 'classifier.weight'));
    const weights = wideRandomWeights(specs, 17);
    const { maxDiff } = compare(await runOnnx(cfg, weights), (ids, mask) => [referenceNezhaClassifier(weights, cfg, ids, mask)]);
    console.log(`      max |Δlogit| vs reference ${maxDiff.toExponential(2)}`);
    assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
  });
});
