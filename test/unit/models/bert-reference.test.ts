/**
 * Our BERT graph against a plain TypeScript float64 forward pass written from transformers'
 * modeling_bert.py (BertEmbeddings, BertSelfAttention, BertSelfOutput, BertIntermediate,
 * BertOutput, BertLMPredictionHead), with the exact erf GELU, token types and padding.
 * Independent of src/graph and src/nn: it catches wiring errors a gradient check cannot
 * (a transposed weight, a LayerNorm in the wrong place, a missing residual).
 */
import assert from 'node:assert/strict';
import type { TensorData } from '../../../src/graph';
import { bertParamSpecs } from '../../../src/models/bert/param-layout';
import { exportBertOnnx } from '../../../src/models/bert/export-onnx';
import { initialWeights, type Weights } from '../../../src/nn/params';
import { RuntimeSession } from '../../../src/runtime';
import { tinyBertConfig } from '../../helpers/tiny-bert';

type Mat = number[][]; // rows × columns

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): JavaScript has no Math.erf. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

function referenceMaskedLm(w: Weights, cfg: ReturnType<typeof tinyBertConfig>, ids: number[], types: number[], mask: number[]): Mat {
  const C = cfg.hidden_size;
  const H = cfg.num_attention_heads;
  const D = C / H;
  const get = (name: string) => Array.from(w.get(name)!);
  const row = (name: string, r: number) => get(name).slice(r * C, (r + 1) * C);
  // nn.Linear: y = x Wᵀ + b with W stored [out, in].
  const linear = (x: Mat, name: string): Mat => {
    const W = get(`${name}.weight`);
    const b = get(`${name}.bias`);
    const inF = x[0].length;
    return x.map((v) => b.map((bias, o) => bias + v.reduce((s, xi, i) => s + xi * W[o * inF + i], 0)));
  };
  const layerNorm = (x: Mat, name: string): Mat => {
    const g = get(`${name}.weight`);
    const b = get(`${name}.bias`);
    return x.map((v) => {
      const mean = v.reduce((a, c) => a + c, 0) / v.length;
      const variance = v.reduce((a, c) => a + (c - mean) ** 2, 0) / v.length;
      return v.map((c, i) => ((c - mean) / Math.sqrt(variance + cfg.layer_norm_eps)) * g[i] + b[i]);
    });
  };
  const add = (a: Mat, b: Mat): Mat => a.map((v, i) => v.map((c, j) => c + b[i][j]));
  const gelu = (x: Mat): Mat => x.map((v) => v.map((c) => 0.5 * c * (1 + erf(c / Math.SQRT2))));

  let h: Mat = ids.map((id, t) => {
    const [word, pos, type] = [row('bert.embeddings.word_embeddings.weight', id), row('bert.embeddings.position_embeddings.weight', t), row('bert.embeddings.token_type_embeddings.weight', types[t])];
    return word.map((c, i) => c + type[i] + pos[i]);
  });
  h = layerNorm(h, 'bert.embeddings.LayerNorm');
  for (let l = 0; l < cfg.num_hidden_layers; l++) {
    const p = `bert.encoder.layer.${l}`;
    const [q, k, v] = ['query', 'key', 'value'].map((n) => linear(h, `${p}.attention.self.${n}`));
    const context: Mat = h.map(() => new Array(C).fill(0));
    for (let head = 0; head < H; head++) {
      for (let i = 0; i < ids.length; i++) {
        const scores = ids.map((_, j) => {
          let s = 0;
          for (let d = 0; d < D; d++) s += q[i][head * D + d] * k[j][head * D + d];
          return s / Math.sqrt(D) + (mask[j] ? 0 : -1e30);
        });
        const max = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - max));
        const z = e.reduce((a, b) => a + b, 0);
        for (let j = 0; j < ids.length; j++) for (let d = 0; d < D; d++) context[i][head * D + d] += (e[j] / z) * v[j][head * D + d];
      }
    }
    h = layerNorm(add(linear(context, `${p}.attention.output.dense`), h), `${p}.attention.output.LayerNorm`);
    h = layerNorm(add(linear(gelu(linear(h, `${p}.intermediate.dense`)), `${p}.output.dense`), h), `${p}.output.LayerNorm`);
  }
  const x = layerNorm(gelu(linear(h, 'cls.predictions.transform.dense')), 'cls.predictions.transform.LayerNorm');
  const E = get('bert.embeddings.word_embeddings.weight');
  const bias = get('cls.predictions.bias');
  return x.map((v) => bias.map((b, o) => b + v.reduce((s, xi, i) => s + xi * E[o * C + i], 0)));
}

describe('BERT against a plain float64 reference of modeling_bert.py', () => {
  it('gives the same masked-LM logits within 1e-4 (exact gelu, token types, padding)', async () => {
    const cfg = tinyBertConfig({ vocab_size: 17, hidden_size: 12, num_attention_heads: 3, intermediate_size: 20, type_vocab_size: 2 });
    // Non-trivial LayerNorm gains and biases: HF's ones/zeros would hide a swapped pair.
    const specs = bertParamSpecs(cfg, 'masked-lm').map((s) => ({ ...s, init: { kind: 'normal', std: s.init.kind === 'normal' ? 0.4 : 0.3 } as const }));
    const weights = initialWeights(specs, 13);
    for (const s of specs) if (s.name.endsWith('LayerNorm.weight')) weights.set(s.name, weights.get(s.name)!.map((x) => 1 + x));
    const session = await RuntimeSession.create(exportBertOnnx(cfg, weights, 'masked-lm'));
    const rows = { ids: [[2, 5, 9, 14, 7, 3], [2, 11, 4, 3, 0, 0]], types: [[0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 0, 0]], mask: [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]] };
    const int64 = (m: number[][]): TensorData => ({ dtype: 'int64', shape: [2, 6], data: BigInt64Array.from(m.flat(), BigInt) });
    const out = await session.run({ input_ids: int64(rows.ids), token_type_ids: int64(rows.types), attention_mask: int64(rows.mask) });
    const ours = out.logits.data as Float32Array;
    let maxDiff = 0;
    let spread = 0;
    rows.ids.forEach((ids, b) => {
      const ref = referenceMaskedLm(weights, cfg, ids, rows.types[b], rows.mask[b]);
      ref.forEach((v, t) =>
        v.forEach((x, o) => {
          maxDiff = Math.max(maxDiff, Math.abs(x - ours[(b * 6 + t) * cfg.vocab_size + o]));
          spread = Math.max(spread, Math.abs(x));
        }),
      );
    });
    console.log(`      max |Δlogit| vs reference ${maxDiff.toExponential(2)} (logits up to ${spread.toFixed(2)})`);
    assert.ok(spread > 1, 'logits must be large enough to show differences');
    assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
    await session.release();
  });
});
