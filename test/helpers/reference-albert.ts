/**
 * A plain TypeScript float64 forward pass of ALBERT written from transformers'
 * modeling_albert.py (AlbertEmbeddings at embedding_size, embedding_hidden_mapping_in,
 * AlbertTransformer's layer-to-group rule, AlbertLayerGroup's inner layers, AlbertLayer,
 * AlbertMLMHead, the pooler, AlbertSOPHead and AlbertForSequenceClassification's classifier),
 * on weights addressed by HF names. Independent of src/graph and src/nn.
 */
import type { AlbertConfig } from '../../src/models/configs';
import type { Weights } from '../../src/nn/params';
import { encoderOps, type Mat, multiHeadAttention, sumRows } from './reference-encoder-ops';

export type { Mat };

/** AlbertModel's last hidden state (T, C) for one row. */
export function referenceAlbertEncoder(w: Weights, cfg: AlbertConfig, ids: number[], mask: number[], types: number[] = ids.map(() => 0)): Mat {
  if (cfg.hidden_act !== 'gelu_new') throw new Error('reference: gelu_new only');
  const { linear, layerNorm, add, geluNew, row } = encoderOps(w, cfg.layer_norm_eps);
  const E = cfg.embedding_size;
  let h: Mat = ids.map((id, t) =>
    sumRows(row('albert.embeddings.word_embeddings.weight', id, E), row('albert.embeddings.token_type_embeddings.weight', types[t], E), row('albert.embeddings.position_embeddings.weight', t, E)),
  );
  h = linear(layerNorm(h, 'albert.embeddings.LayerNorm'), 'albert.encoder.embedding_hidden_mapping_in');
  for (let i = 0; i < cfg.num_hidden_layers; i++) {
    // AlbertTransformer.forward: group_idx = int(i / (num_hidden_layers / num_hidden_groups)).
    const group = Math.trunc(i / (cfg.num_hidden_layers / cfg.num_hidden_groups));
    for (let j = 0; j < cfg.inner_group_num; j++) {
      const p = `albert.encoder.albert_layer_groups.${group}.albert_layers.${j}`;
      const [q, k, v] = ['query', 'key', 'value'].map((n) => linear(h, `${p}.attention.${n}`));
      const context = multiHeadAttention(q, k, v, mask, cfg.num_attention_heads);
      const attended = layerNorm(add(h, linear(context, `${p}.attention.dense`)), `${p}.attention.LayerNorm`);
      h = layerNorm(add(linear(geluNew(linear(attended, `${p}.ffn`)), `${p}.ffn_output`), attended), `${p}.full_layer_layer_norm`);
    }
  }
  return h;
}

/** AlbertForMaskedLM / AlbertForPreTraining prediction logits (T, V); the decoder is tied to the word embeddings. */
export function referenceAlbertMaskedLm(w: Weights, cfg: AlbertConfig, ids: number[], mask: number[], types?: number[]): Mat {
  const { linear, layerNorm, geluNew, tiedDecoder } = encoderOps(w, cfg.layer_norm_eps);
  const x = layerNorm(geluNew(linear(referenceAlbertEncoder(w, cfg, ids, mask, types), 'predictions.dense')), 'predictions.LayerNorm');
  return tiedDecoder(x, 'albert.embeddings.word_embeddings.weight', 'predictions.bias');
}

/** The pooled [CLS] vector (C,): tanh(albert.pooler(h[0])). */
export function referenceAlbertPooled(w: Weights, cfg: AlbertConfig, ids: number[], mask: number[], types?: number[]): number[] {
  const { linear } = encoderOps(w, cfg.layer_norm_eps);
  return linear([referenceAlbertEncoder(w, cfg, ids, mask, types)[0]], 'albert.pooler')[0].map(Math.tanh);
}

/** AlbertForSequenceClassification logits (L,): pooler → `classifier`. */
export function referenceAlbertClassifier(w: Weights, cfg: AlbertConfig, ids: number[], mask: number[], types?: number[]): number[] {
  const { linear } = encoderOps(w, cfg.layer_norm_eps);
  return linear([referenceAlbertPooled(w, cfg, ids, mask, types)], 'classifier')[0];
}

/** AlbertForPreTraining's sentence-order logits (2,): pooler → `sop_classifier.classifier`. */
export function referenceAlbertSentenceOrder(w: Weights, cfg: AlbertConfig, ids: number[], mask: number[], types?: number[]): number[] {
  const { linear } = encoderOps(w, cfg.layer_norm_eps);
  return linear([referenceAlbertPooled(w, cfg, ids, mask, types)], 'sop_classifier.classifier')[0];
}
