/**
 * A plain TypeScript float64 forward pass of NEZHA written from transformers 4.x
 * modeling_nezha.py (NezhaRelativePositionsEncoding, NezhaEmbeddings without positions,
 * NezhaSelfAttention adding the relative encoding to keys and values, BERT-style output /
 * intermediate layers, cls.predictions, NezhaPooler + classifier), on weights addressed by HF
 * names. Independent of src/graph, src/nn and src/models (the sinusoid table included).
 */
import type { NezhaConfig } from '../../src/models/configs';
import type { Weights } from '../../src/nn/params';

export type Mat = number[][]; // rows × columns

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): JavaScript has no Math.erf. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/**
 * NezhaRelativePositionsEncoding's positions_encoding[i][j] (T, T, depth): row
 * clamp(j − i, −K, K) + K of the table whose row p is sin(p·div) (even columns), cos(p·div) (odd),
 * div = exp(arange(0, depth, 2) · (−ln 10000 / depth)).
 */
export function hfRelativeEncoding(length: number, depth: number, maxRelative: number): number[][][] {
  const div = Array.from({ length: depth / 2 }, (_, k) => Math.exp(2 * k * (-Math.log(10000.0) / depth)));
  const table = Array.from({ length: 2 * maxRelative + 1 }, (_, p) => {
    const row = new Array<number>(depth);
    div.forEach((d, k) => {
      row[2 * k] = Math.sin(p * d);
      row[2 * k + 1] = Math.cos(p * d);
    });
    return row;
  });
  return Array.from({ length }, (_, i) => Array.from({ length }, (_, j) => table[Math.min(Math.max(j - i, -maxRelative), maxRelative) + maxRelative]));
}

function layers(w: Weights, cfg: NezhaConfig) {
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
  return { get, linear, layerNorm, add, gelu };
}

/** NezhaModel's last hidden state (T, C) for one row, without the pooler. */
export function referenceNezhaEncoder(w: Weights, cfg: NezhaConfig, ids: number[], mask: number[]): Mat {
  const { get, linear, layerNorm, add, gelu } = layers(w, cfg);
  const C = cfg.hidden_size;
  const H = cfg.num_attention_heads;
  const D = C / H;
  const T = ids.length;
  const words = get('nezha.embeddings.word_embeddings.weight');
  const types = get('nezha.embeddings.token_type_embeddings.weight');
  // Word + token type (all 0) only: NEZHA has no position embeddings.
  let h: Mat = ids.map((id) => Array.from({ length: C }, (_, i) => words[id * C + i] + types[i]));
  h = layerNorm(h, 'nezha.embeddings.LayerNorm');
  const relative = hfRelativeEncoding(T, D, cfg.max_relative_position);
  for (let l = 0; l < cfg.num_hidden_layers; l++) {
    const p = `nezha.encoder.layer.${l}`;
    const [q, k, v] = ['query', 'key', 'value'].map((n) => linear(h, `${p}.attention.self.${n}`));
    const context: Mat = h.map(() => new Array(C).fill(0));
    for (let head = 0; head < H; head++) {
      for (let i = 0; i < T; i++) {
        // (q·k + q·r_ij) / sqrt(D) + mask
        const scores = ids.map((_, j) => {
          let s = 0;
          for (let d = 0; d < D; d++) s += q[i][head * D + d] * (k[j][head * D + d] + relative[i][j][d]);
          return s / Math.sqrt(D) + (mask[j] ? 0 : -1e30);
        });
        const max = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - max));
        const z = e.reduce((a, b) => a + b, 0);
        // Σ_j p_ij (v_j + r_ij)
        for (let j = 0; j < T; j++) for (let d = 0; d < D; d++) context[i][head * D + d] += (e[j] / z) * (v[j][head * D + d] + relative[i][j][d]);
      }
    }
    h = layerNorm(add(linear(context, `${p}.attention.output.dense`), h), `${p}.attention.output.LayerNorm`);
    h = layerNorm(add(linear(gelu(linear(h, `${p}.intermediate.dense`)), `${p}.output.dense`), h), `${p}.output.LayerNorm`);
  }
  return h;
}

/** NezhaForMaskedLM logits (T, V) for one row; the decoder is tied to the word embeddings. */
export function referenceNezhaMaskedLm(w: Weights, cfg: NezhaConfig, ids: number[], mask: number[]): Mat {
  const { get, linear, layerNorm, gelu } = layers(w, cfg);
  const C = cfg.hidden_size;
  const x = layerNorm(gelu(linear(referenceNezhaEncoder(w, cfg, ids, mask), 'cls.predictions.transform.dense')), 'cls.predictions.transform.LayerNorm');
  const E = get('nezha.embeddings.word_embeddings.weight');
  const bias = get('cls.predictions.bias');
  return x.map((v) => bias.map((b, o) => b + v.reduce((s, xi, i) => s + xi * E[o * C + i], 0)));
}

/** NezhaForSequenceClassification logits (L,) for one row: pooler (dense → tanh on [CLS]) → classifier. */
export function referenceNezhaClassifier(w: Weights, cfg: NezhaConfig, ids: number[], mask: number[]): number[] {
  const { linear } = layers(w, cfg);
  const pooled = linear([referenceNezhaEncoder(w, cfg, ids, mask)[0]], 'nezha.pooler.dense').map((v) => v.map(Math.tanh));
  return linear(pooled, 'classifier')[0];
}
