/**
 * The exported T5 inference graphs (dynamic lengths, KV cache, attention outputs) against the
 * static training-path graph, the properties every attention map must have, and cached
 * generation against recomputation.
 */
import assert from 'node:assert/strict';
import type { TensorData } from '../../../src/graph';
import { Seq2SeqGenerator } from '../../../src/infer/seq2seq';
import { exportT5Onnx, T5_ONNX, t5Names } from '../../../src/models/t5/export-onnx';
import { RuntimeSession } from '../../../src/runtime';
import { directT5Outputs, maxAbsDiff, tinyT5Config, tinyT5Weights, type Seq2SeqBatch } from '../../helpers/tiny-t5';

const cfg = tinyT5Config({ vocab_size: 40, d_model: 16, d_kv: 4, num_heads: 4, d_ff: 32, feed_forward_proj: 'gated-gelu', num_decoder_layers: 3, initializer_factor: 3 });
// initializer_factor 3: at HF's default scale a random tiny T5 repeats one token, which would make
// the cache-vs-recompute comparison below say little.
const weights = tinyT5Weights(cfg, 7);
const files = exportT5Onnx(cfg, weights);
// Row 1 is padded after 5 tokens: its last 4 encoder keys must get no weight anywhere.
const batch: Seq2SeqBatch = {
  inputIds: [
    [5, 9, 12, 3, 30, 7, 22, 18, 1],
    [8, 4, 33, 19, 1, 0, 0, 0, 0],
  ],
  attentionMask: [
    [1, 1, 1, 1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 0, 0, 0, 0],
  ],
  decoderInputIds: [
    [0, 14, 6, 27, 11, 2],
    [0, 21, 21, 9, 35, 16],
  ],
};
const int64 = (rows: number[][]): TensorData => ({ dtype: 'int64', shape: [rows.length, rows[0].length], data: BigInt64Array.from(rows.flat(), BigInt) });

/** Encoder then decoder (empty cache) through the exported files, as transformers.js runs them. */
async function runExported(): Promise<Record<string, TensorData>> {
  const encoder = await RuntimeSession.create(files[T5_ONNX.encoder]);
  const decoder = await RuntimeSession.create(files[T5_ONNX.decoder]);
  const mask = int64(batch.attentionMask);
  const enc = await encoder.run({ input_ids: int64(batch.inputIds), attention_mask: mask });
  const B = batch.inputIds.length;
  const empty: TensorData = { dtype: 'float32', shape: [B, cfg.num_heads, 0, cfg.d_kv], data: new Float32Array(0) };
  const past = Object.fromEntries(
    decoder.inputNames.filter((n) => n.startsWith('past_key_values.')).map((n) => [n, empty]),
  );
  const dec = await decoder.run({ input_ids: int64(batch.decoderInputIds), encoder_attention_mask: mask, encoder_hidden_states: enc.last_hidden_state, ...past });
  await Promise.all([encoder.release(), decoder.release()]);
  return { ...enc, ...dec };
}

/** Calls `check(row, values)` for every last-axis row of a (B, H, Tq, Tk) map. */
function forEachRow(t: TensorData, check: (index: { b: number; h: number; q: number }, row: Float32Array) => void): void {
  const [B, H, Tq, Tk] = t.shape;
  const data = t.data as Float32Array;
  for (let b = 0; b < B; b++) for (let h = 0; h < H; h++) for (let q = 0; q < Tq; q++) {
    const start = ((b * H + h) * Tq + q) * Tk;
    check({ b, h, q }, data.subarray(start, start + Tk));
  }
}

describe('T5 inference graphs', () => {
  let exported: Record<string, TensorData>;
  before(async () => {
    exported = await runExported();
  });

  it('give the logits and attention maps of the static training-path graph', async () => {
    const direct = await directT5Outputs(cfg, weights, batch);
    const names = ['logits', ...[0, 1].map(t5Names.encoderAttention), ...[0, 1, 2].flatMap((i) => [t5Names.decoderAttention(i), t5Names.crossAttention(i)])];
    for (const name of names) {
      assert.deepEqual(exported[name].shape, direct[name].shape, name);
      const diff = maxAbsDiff(exported[name].data as Float32Array, direct[name].data as Float32Array);
      assert.ok(diff < 1e-5, `${name}: max |Δ| ${diff}`);
    }
    assert.deepEqual(exported.logits.shape, [2, 6, cfg.vocab_size]);
    assert.deepEqual(exported[t5Names.present(2, 'decoder', 'key')].shape, [2, cfg.num_heads, 6, cfg.d_kv]);
    assert.deepEqual(exported[t5Names.present(2, 'encoder', 'value')].shape, [2, cfg.num_heads, 9, cfg.d_kv]);
  });

  it('have attention rows summing to 1, causal decoder maps, no weight on padded encoder keys', () => {
    const padded = (b: number, k: number) => batch.attentionMask[b][k] === 0;
    let rows = 0;
    for (const name of exported.logits ? Object.keys(exported) : []) {
      const kind = name.split('.')[0];
      if (!['encoder_attentions', 'decoder_attentions', 'cross_attentions'].includes(kind)) continue;
      forEachRow(exported[name], ({ b, q }, row) => {
        rows++;
        const sum = row.reduce((a, x) => a + x, 0);
        assert.ok(Math.abs(sum - 1) < 1e-5, `${name} row sums to ${sum}`);
        row.forEach((w, k) => {
          if (kind === 'decoder_attentions' && k > q) assert.equal(w, 0, `${name}: query ${q} sees future key ${k}`);
          if (kind !== 'decoder_attentions' && padded(b, k)) assert.equal(w, 0, `${name}: padded key ${k} of row ${b} gets ${w}`);
        });
      });
    }
    assert.equal(rows, 2 * 4 * (2 * 9 + 3 * 6 + 3 * 6));
  });
});

describe('T5 greedy generation (src/infer/seq2seq.ts)', () => {
  it('gives the same tokens and attention maps with the KV cache as by recomputing', async () => {
    const generator = await Seq2SeqGenerator.create(cfg, { encoder: files[T5_ONNX.encoder], decoder: files[T5_ONNX.decoder] });
    for (const input of [[5, 9, 12, 3, 30, 7, 22, 18, 1], [8, 4, 1], [17, 17, 17, 2, 1]]) {
      const cached = await generator.generate(input, { maxNewTokens: 12, outputAttentions: true });
      const recomputed = await generator.generate(input, { maxNewTokens: 12, useCache: false, outputAttentions: true });
      assert.deepEqual(cached.tokens, recomputed.tokens);
      assert.ok(new Set(cached.tokens).size >= 4, `a varied continuation: [${cached.tokens}]`);
      // The cached step t sees P = t past tokens; its one query row is row t of the recomputed map.
      const last = recomputed.decoderAttentions!.length - 1;
      cached.decoderAttentions!.forEach((layers, t) =>
        layers.forEach((map, i) => {
          assert.deepEqual(map.shape, [1, cfg.num_heads, 1, t + 1]);
          const full = recomputed.decoderAttentions![last][i]; // (1, H, n, n)
          const n = full.shape[3];
          for (let h = 0; h < cfg.num_heads; h++) {
            const row = (full.data as Float32Array).subarray((h * n + t) * n, (h * n + t) * n + t + 1);
            const diff = maxAbsDiff((map.data as Float32Array).subarray(h * (t + 1), (h + 1) * (t + 1)), row);
            assert.ok(diff < 1e-4, `step ${t} layer ${i} head ${h}: ${diff}`);
          }
        }),
      );
      console.log(`      input [${input}] → [${cached.tokens}] (${cached.stoppedBy})`);
    }
    await generator.release();
  });
});
