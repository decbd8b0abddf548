/**
 * A plain TypeScript float64 forward pass of NEZHA written from transformers 4.x
 * modeling_nezha.py (NezhaRelativePositionsEncoding, NezhaEmbeddings without positions,
 * NezhaSelfAttention adding the relative encoding to keys and values, BERT-style output /
 * intermediate layers, cls.predictions, NezhaPooler + classifier), on weights addressed by HF
 * names. Independent of src/graph, src/nn and src/models (the sinusoid table included).
 */
import type { NezhaConfig } from '../../src/models/configs';
import type { Weights } from '../../src/nn/params';
import { bertLayer, encoderOps, type Mat, sumRows } from './reference-encoder-ops';

export type { Mat };

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

/** NezhaModel's last hidden state (T, C) for one row, without the pooler. */
export function referenceNezhaEncoder(w: Weights, cfg: NezhaConfig, ids: number[], mask: number[]): Mat {
  const ops = encoderOps(w, cfg.layer_norm_eps);
  const C = cfg.hidden_size;
  const H = cfg.num_attention_heads;
  const D = C / H;
  const T = ids.length;
  // Word + token type (all 0) only: NEZHA has no position embeddings.
  let h: Mat = ids.map((id) => sumRows(ops.row('nezha.embeddings.word_embeddings.weight', id, C), ops.row('nezha.embeddings.token_type_embeddings.weight', 0, C)));
  h = ops.layerNorm(h, 'nezha.embeddings.LayerNorm');
  const relative = hfRelativeEncoding(T, D, cfg.max_relative_position);
  // NezhaSelfAttention: the relative encoding r_ij is added to the keys and to the values.
  const attend = (q: Mat, k: Mat, v: Mat): Mat => {
    const context: Mat = q.map(() => new Array(C).fill(0));
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
    return context;
  };
  for (let l = 0; l < cfg.num_hidden_layers; l++) h = bertLayer(ops, h, `nezha.encoder.layer.${l}`, ops.gelu, attend);
  return h;
}

/** NezhaForMaskedLM logits (T, V) for one row; the decoder is tied to the word embeddings. */
export function referenceNezhaMaskedLm(w: Weights, cfg: NezhaConfig, ids: number[], mask: number[]): Mat {
  const { linear, layerNorm, gelu, tiedDecoder } = encoderOps(w, cfg.layer_norm_eps);
  const x = layerNorm(gelu(linear(referenceNezhaEncoder(w, cfg, ids, mask), 'cls.predictions.transform.dense')), 'cls.predictions.transform.LayerNorm');
  return tiedDecoder(x, 'nezha.embeddings.word_embeddings.weight', 'cls.predictions.bias');
}

/** NezhaForSequenceClassification logits (L,) for one row: pooler (dense → tanh on [CLS]) → classifier. */
export function referenceNezhaClassifier(w: Weights, cfg: NezhaConfig, ids: number[], mask: number[]): number[] {
  const { linear } = encoderOps(w, cfg.layer_norm_eps);
  const pooled = linear([referenceNezhaEncoder(w, cfg, ids, mask)[0]], 'nezha.pooler.dense').map((v) => v.map(Math.tanh));
  return linear(pooled, 'classifier')[0];
}
