/**
 * The exported BERT inference graph: attention maps of every layer are probability rows,
 * padded keys get exactly zero weight, and padding does not change the real tokens' logits.
 */
import assert from 'node:assert/strict';
import type { TensorData } from '../../../src/graph';
import { bertParamSpecs } from '../../../src/models/bert/param-layout';
import { attentionOutputName, exportBertOnnx } from '../../../src/models/bert/export-onnx';
import { initialWeights } from '../../../src/nn/params';
import { RuntimeSession } from '../../../src/runtime';
import { tinyBertConfig } from '../../helpers/tiny-bert';

const int64 = (rows: number[][]): TensorData => ({ dtype: 'int64', shape: [rows.length, rows[0].length], data: BigInt64Array.from(rows.flat(), BigInt) });

describe('BERT attention outputs', () => {
  const cfg = tinyBertConfig({ initializer_range: 0.3 });
  let session: RuntimeSession;

  before(async () => {
    session = await RuntimeSession.create(exportBertOnnx(cfg, initialWeights(bertParamSpecs(cfg, 'masked-lm'), 2)));
  });
  after(() => session.release());

  it('has int64 HF inputs and per-layer attentions [batch, heads, q_len, k_len]', async () => {
    const out = await session.run({ input_ids: int64([[2, 5, 6, 7, 3]]), attention_mask: int64([[1, 1, 1, 1, 1]]), token_type_ids: int64([[0, 0, 0, 0, 0]]) });
    assert.deepEqual(out.logits.shape, [1, 5, cfg.vocab_size]);
    for (let i = 0; i < cfg.num_hidden_layers; i++) assert.deepEqual(out[attentionOutputName(i)].shape, [1, cfg.num_attention_heads, 5, 5]);
  });

  it('rows sum to 1, padded keys get zero weight, and padding leaves real logits unchanged', async () => {
    const T = 7;
    const padded = await session.run({
      input_ids: int64([[2, 5, 6, 7, 8, 9, 3], [2, 10, 11, 3, 0, 0, 0]]),
      attention_mask: int64([[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0, 0]]),
      token_type_ids: int64([[0, 0, 0, 0, 1, 1, 1], [0, 0, 0, 0, 0, 0, 0]]),
    });
    let worstRow = 0;
    for (let layer = 0; layer < cfg.num_hidden_layers; layer++) {
      const probs = padded[attentionOutputName(layer)].data as Float32Array; // (2, H, T, T)
      for (let row = 0; row < probs.length / T; row++) {
        const weights = probs.subarray(row * T, (row + 1) * T);
        worstRow = Math.max(worstRow, Math.abs(weights.reduce((a, b) => a + b, 0) - 1));
        const batch = Math.floor(row / (cfg.num_attention_heads * T));
        if (batch === 1) for (let k = 4; k < T; k++) assert.equal(weights[k], 0, `layer ${layer} row ${row} key ${k}`);
      }
    }
    assert.ok(worstRow < 1e-5, `row sums off by ${worstRow}`);

    const alone = await session.run({ input_ids: int64([[2, 10, 11, 3]]), attention_mask: int64([[1, 1, 1, 1]]), token_type_ids: int64([[0, 0, 0, 0]]) });
    const V = cfg.vocab_size;
    const real = (padded.logits.data as Float32Array).subarray(T * V, T * V + 4 * V);
    const diff = Math.max(...Array.from(real, (x, i) => Math.abs(x - (alone.logits.data as Float32Array)[i])));
    assert.ok(diff < 1e-5, `padding changed real logits by ${diff}`);
  });
});
