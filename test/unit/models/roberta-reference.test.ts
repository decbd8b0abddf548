/**
 * Our RoBERTa graphs (onnx/model.onnx of a masked-LM folder and of a finetuned classifier)
 * against the plain float64 reference of modeling_roberta.py (test/helpers/reference-roberta.ts)
 * on random weights addressed by HF names, on a right-padded batch: RoBERTa's positions count
 * non-pad tokens from pad_token_id + 1, so padding is where a wrong position rule shows.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, type TensorData, writeOnnx } from '../../../src/graph';
import { exportRobertaOnnx } from '../../../src/models/roberta/export-onnx';
import { robertaPositionIds } from '../../../src/models/roberta/positions';
import { initialWeights, type ParamSpec, type Weights } from '../../../src/nn/params';
import { RuntimeSession } from '../../../src/runtime';
import { hfPositionIds, referenceRobertaClassifier, referenceRobertaMaskedLm } from '../../helpers/reference-roberta';
import { robertaParamSpecs, tinyRobertaConfig } from '../../helpers/tiny-roberta';

const int64 = (m: number[][]): TensorData => ({ dtype: 'int64', shape: [m.length, m[0].length], data: BigInt64Array.from(m.flat(), BigInt) });

/** Random weights with non-trivial LayerNorm gains and biases (HF's ones/zeros would hide a swapped pair). */
function randomWeights(specs: ParamSpec[], seed: number): Weights {
  const wide = specs.map((s) => ({ ...s, init: { kind: 'normal', std: s.init.kind === 'normal' ? 0.4 : 0.3 } as const }));
  const weights = initialWeights(wide, seed);
  for (const s of specs) if (/(LayerNorm|layer_norm)\.weight$/.test(s.name)) weights.set(s.name, weights.get(s.name)!.map((x) => 1 + x));
  return weights;
}

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
    const ours = out.logits.data as Float32Array;
    let [maxDiff, spread] = [0, 0];
    ROWS.ids.forEach((ids, b) =>
      referenceRobertaMaskedLm(weights, cfg, ids, ROWS.mask[b]).forEach((v, t) =>
        v.forEach((x, o) => {
          maxDiff = Math.max(maxDiff, Math.abs(x - ours[(b * 6 + t) * cfg.vocab_size + o]));
          spread = Math.max(spread, Math.abs(x));
        }),
      ),
    );
    console.log(`      max |Δlogit| vs reference ${maxDiff.toExponential(2)} (logits up to ${spread.toFixed(2)})`);
    assert.ok(spread > 1, 'logits must be large enough to show differences');
    assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
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
