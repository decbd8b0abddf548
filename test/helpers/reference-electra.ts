/**
 * A plain TypeScript float64 forward pass of ELECTRA written from transformers'
 * modeling_electra.py (ElectraEmbeddings embedding_size wide with absolute positions,
 * embeddings_project when embedding_size ≠ hidden_size, BERT-style layers,
 * ElectraDiscriminatorPredictions, ElectraGeneratorPredictions + generator_lm_head tied to the
 * word embeddings, ElectraClassificationHead), on weights addressed by HF names. Independent of
 * src/graph and src/nn.
 */
import type { ElectraConfig } from '../../src/models/electra/config';
import type { Weights } from '../../src/nn/params';

export type Mat = number[][]; // rows × columns

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): JavaScript has no Math.erf. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

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
  const gelu = (x: Mat): Mat => x.map((v) => v.map((c) => 0.5 * c * (1 + erf(c / Math.SQRT2))));
  const row = (name: string, r: number, width: number) => get(name).slice(r * width, (r + 1) * width);
  return { get, linear, layerNorm, add, gelu, row };
}

/** ElectraModel's last hidden state (T, C) for one row; `prefix` '' or 'generator.' in a joint weight map. */
export function referenceElectraEncoder(w: Weights, cfg: ElectraConfig, ids: number[], mask: number[]): Mat {
  const { linear, layerNorm, add, gelu, row } = ops(w, cfg.layer_norm_eps);
  const [C, E, H] = [cfg.hidden_size, cfg.embedding_size, cfg.num_attention_heads];
  const D = C / H;
  let h: Mat = ids.map((id, t) => {
    const [word, pos, type] = [row('electra.embeddings.word_embeddings.weight', id, E), row('electra.embeddings.position_embeddings.weight', t, E), row('electra.embeddings.token_type_embeddings.weight', 0, E)];
    return word.map((c, i) => c + type[i] + pos[i]);
  });
  h = layerNorm(h, 'electra.embeddings.LayerNorm');
  if (E !== C) h = linear(h, 'electra.embeddings_project');
  for (let l = 0; l < cfg.num_hidden_layers; l++) {
    const p = `electra.encoder.layer.${l}`;
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

/** ElectraForPreTraining logits (T,): dense → gelu (hidden_act) → dense_prediction. */
export function referenceElectraDiscriminator(w: Weights, cfg: ElectraConfig, ids: number[], mask: number[]): number[] {
  const { linear, gelu } = ops(w, cfg.layer_norm_eps);
  return linear(gelu(linear(referenceElectraEncoder(w, cfg, ids, mask), 'discriminator_predictions.dense')), 'discriminator_predictions.dense_prediction').map((v) => v[0]);
}

/** ElectraForMaskedLM logits (T, V): dense to E → gelu → LayerNorm → word embeddingsᵀ + generator_lm_head.bias. */
export function referenceElectraGenerator(w: Weights, cfg: ElectraConfig, ids: number[], mask: number[]): Mat {
  const { get, linear, layerNorm, gelu } = ops(w, cfg.layer_norm_eps);
  const E = cfg.embedding_size;
  const x = layerNorm(gelu(linear(referenceElectraEncoder(w, cfg, ids, mask), 'generator_predictions.dense')), 'generator_predictions.LayerNorm');
  const words = get('electra.embeddings.word_embeddings.weight');
  const bias = get('generator_lm_head.bias');
  return x.map((v) => bias.map((b, o) => b + v.reduce((s, xi, i) => s + xi * words[o * E + i], 0)));
}

/** ElectraForSequenceClassification logits (L,): dense → gelu → out_proj on the first token. */
export function referenceElectraClassifier(w: Weights, cfg: ElectraConfig, ids: number[], mask: number[]): number[] {
  const { linear, gelu } = ops(w, cfg.layer_norm_eps);
  return linear(gelu(linear([referenceElectraEncoder(w, cfg, ids, mask)[0]], 'classifier.dense')), 'classifier.out_proj')[0];
}
