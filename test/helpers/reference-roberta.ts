/**
 * A plain TypeScript float64 forward pass of RoBERTa written from transformers'
 * modeling_roberta.py (RobertaEmbeddings with create_position_ids_from_input_ids, the BERT-style
 * self-attention / output / intermediate layers, RobertaLMHead, RobertaClassificationHead), on
 * weights addressed by HF names. Independent of src/graph and src/nn, so it catches wiring errors
 * (positions, a transposed weight, a missing residual) that a gradient check cannot.
 */
import type { RobertaConfig } from '../../src/models/configs';
import type { Weights } from '../../src/nn/params';

export type Mat = number[][]; // rows × columns

/** HF's create_position_ids_from_input_ids: cumulative count of non-pad tokens + padding_idx; pads get padding_idx. */
export function hfPositionIds(ids: readonly number[], paddingIdx: number): number[] {
  let count = 0;
  return ids.map((id) => {
    const real = id !== paddingIdx ? 1 : 0;
    count += real;
    return count * real + paddingIdx;
  });
}

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): JavaScript has no Math.erf. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

function layers(w: Weights, cfg: RobertaConfig) {
  const C = cfg.hidden_size;
  const get = (name: string) => {
    const t = w.get(name);
    if (!t) throw new Error(`reference: no weight ${name}`);
    return Array.from(t);
  };
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
  const row = (name: string, r: number) => get(name).slice(r * C, (r + 1) * C);
  return { C, get, linear, layerNorm, add, gelu, row };
}

/** RobertaModel's last hidden state (T, C) for one row, without a pooler. */
export function referenceRobertaEncoder(w: Weights, cfg: RobertaConfig, ids: number[], mask: number[]): Mat {
  const { C, linear, layerNorm, add, gelu, row } = layers(w, cfg);
  const H = cfg.num_attention_heads;
  const D = C / H;
  const positions = hfPositionIds(ids, cfg.pad_token_id!);
  let h: Mat = ids.map((id, t) => {
    const [word, pos, type] = [row('roberta.embeddings.word_embeddings.weight', id), row('roberta.embeddings.position_embeddings.weight', positions[t]), row('roberta.embeddings.token_type_embeddings.weight', 0)];
    return word.map((c, i) => c + type[i] + pos[i]);
  });
  h = layerNorm(h, 'roberta.embeddings.LayerNorm');
  for (let l = 0; l < cfg.num_hidden_layers; l++) {
    const p = `roberta.encoder.layer.${l}`;
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
  return h;
}

/** RobertaForMaskedLM logits (T, V) for one row; the decoder is tied to the word embeddings. */
export function referenceRobertaMaskedLm(w: Weights, cfg: RobertaConfig, ids: number[], mask: number[]): Mat {
  const { C, get, linear, layerNorm, gelu } = layers(w, cfg);
  const x = layerNorm(gelu(linear(referenceRobertaEncoder(w, cfg, ids, mask), 'lm_head.dense')), 'lm_head.layer_norm');
  const E = get('roberta.embeddings.word_embeddings.weight');
  const bias = get('lm_head.bias');
  return x.map((v) => bias.map((b, o) => b + v.reduce((s, xi, i) => s + xi * E[o * C + i], 0)));
}

/** RobertaForSequenceClassification logits (L,) for one row: dense → tanh → out_proj on <s>. */
export function referenceRobertaClassifier(w: Weights, cfg: RobertaConfig, ids: number[], mask: number[]): number[] {
  const { linear } = layers(w, cfg);
  const first = [referenceRobertaEncoder(w, cfg, ids, mask)[0]];
  const dense = linear(first, 'classifier.dense').map((v) => v.map(Math.tanh));
  return linear(dense, 'classifier.out_proj')[0];
}
