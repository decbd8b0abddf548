/**
 * A plain TypeScript float64 forward pass of ALBERT written from transformers'
 * modeling_albert.py (AlbertEmbeddings at embedding_size, embedding_hidden_mapping_in,
 * AlbertTransformer's layer-to-group rule, AlbertLayerGroup's inner layers, AlbertLayer,
 * AlbertMLMHead, the pooler, AlbertSOPHead and AlbertForSequenceClassification's classifier),
 * on weights addressed by HF names. Independent of src/graph and src/nn.
 */
import type { AlbertConfig } from '../../src/models/configs';
import type { Weights } from '../../src/nn/params';

export type Mat = number[][]; // rows × columns

function ops(w: Weights, eps: number) {
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
      return v.map((c, i) => ((c - mean) / Math.sqrt(variance + eps)) * g[i] + b[i]);
    });
  };
  const add = (a: Mat, b: Mat): Mat => a.map((v, i) => v.map((c, j) => c + b[i][j]));
  // ACT2FN["gelu_new"]: the tanh approximation.
  const geluNew = (x: Mat): Mat => x.map((v) => v.map((c) => 0.5 * c * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (c + 0.044715 * c ** 3)))));
  const row = (name: string, r: number, width: number) => get(name).slice(r * width, (r + 1) * width);
  return { get, linear, layerNorm, add, geluNew, row };
}

/** AlbertModel's last hidden state (T, C) for one row. */
export function referenceAlbertEncoder(w: Weights, cfg: AlbertConfig, ids: number[], mask: number[], types: number[] = ids.map(() => 0)): Mat {
  if (cfg.hidden_act !== 'gelu_new') throw new Error('reference: gelu_new only');
  const { linear, layerNorm, add, geluNew, row } = ops(w, cfg.layer_norm_eps);
  const [E, C, H] = [cfg.embedding_size, cfg.hidden_size, cfg.num_attention_heads];
  const D = C / H;
  let h: Mat = ids.map((id, t) => {
    const word = row('albert.embeddings.word_embeddings.weight', id, E);
    const pos = row('albert.embeddings.position_embeddings.weight', t, E);
    const type = row('albert.embeddings.token_type_embeddings.weight', types[t], E);
    return word.map((c, i) => c + type[i] + pos[i]);
  });
  h = linear(layerNorm(h, 'albert.embeddings.LayerNorm'), 'albert.encoder.embedding_hidden_mapping_in');
  for (let i = 0; i < cfg.num_hidden_layers; i++) {
    // AlbertTransformer.forward: group_idx = int(i / (num_hidden_layers / num_hidden_groups)).
    const group = Math.trunc(i / (cfg.num_hidden_layers / cfg.num_hidden_groups));
    for (let j = 0; j < cfg.inner_group_num; j++) {
      const p = `albert.encoder.albert_layer_groups.${group}.albert_layers.${j}`;
      const [q, k, v] = ['query', 'key', 'value'].map((n) => linear(h, `${p}.attention.${n}`));
      const context: Mat = h.map(() => new Array(C).fill(0));
      for (let head = 0; head < H; head++) {
        for (let a = 0; a < ids.length; a++) {
          const scores = ids.map((_, b) => {
            let s = 0;
            for (let d = 0; d < D; d++) s += q[a][head * D + d] * k[b][head * D + d];
            return s / Math.sqrt(D) + (mask[b] ? 0 : -1e30);
          });
          const max = Math.max(...scores);
          const e = scores.map((s) => Math.exp(s - max));
          const z = e.reduce((x, y) => x + y, 0);
          for (let b = 0; b < ids.length; b++) for (let d = 0; d < D; d++) context[a][head * D + d] += (e[b] / z) * v[b][head * D + d];
        }
      }
      const attended = layerNorm(add(h, linear(context, `${p}.attention.dense`)), `${p}.attention.LayerNorm`);
      h = layerNorm(add(linear(geluNew(linear(attended, `${p}.ffn`)), `${p}.ffn_output`), attended), `${p}.full_layer_layer_norm`);
    }
  }
  return h;
}

/** AlbertForMaskedLM / AlbertForPreTraining prediction logits (T, V); the decoder is tied to the word embeddings. */
export function referenceAlbertMaskedLm(w: Weights, cfg: AlbertConfig, ids: number[], mask: number[], types?: number[]): Mat {
  const { get, linear, layerNorm, geluNew } = ops(w, cfg.layer_norm_eps);
  const x = layerNorm(geluNew(linear(referenceAlbertEncoder(w, cfg, ids, mask, types), 'predictions.dense')), 'predictions.LayerNorm');
  const words = get('albert.embeddings.word_embeddings.weight');
  const bias = get('predictions.bias');
  const E = cfg.embedding_size;
  return x.map((v) => bias.map((b, o) => b + v.reduce((s, xi, i) => s + xi * words[o * E + i], 0)));
}

/** The pooled [CLS] vector (C,): tanh(albert.pooler(h[0])). */
export function referenceAlbertPooled(w: Weights, cfg: AlbertConfig, ids: number[], mask: number[], types?: number[]): number[] {
  const { linear } = ops(w, cfg.layer_norm_eps);
  return linear([referenceAlbertEncoder(w, cfg, ids, mask, types)[0]], 'albert.pooler')[0].map(Math.tanh);
}

/** AlbertForSequenceClassification logits (L,): pooler → `classifier`. */
export function referenceAlbertClassifier(w: Weights, cfg: AlbertConfig, ids: number[], mask: number[], types?: number[]): number[] {
  const { linear } = ops(w, cfg.layer_norm_eps);
  return linear([referenceAlbertPooled(w, cfg, ids, mask, types)], 'classifier')[0];
}

/** AlbertForPreTraining's sentence-order logits (2,): pooler → `sop_classifier.classifier`. */
export function referenceAlbertSentenceOrder(w: Weights, cfg: AlbertConfig, ids: number[], mask: number[], types?: number[]): number[] {
  const { linear } = ops(w, cfg.layer_norm_eps);
  return linear([referenceAlbertPooled(w, cfg, ids, mask, types)], 'sop_classifier.classifier')[0];
}
