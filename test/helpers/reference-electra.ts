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
import { bertLayer, encoderOps, type Mat, multiHeadAttention, sumRows } from './reference-encoder-ops';

export type { Mat };

/** ElectraModel's last hidden state (T, C) for one row; `prefix` '' or 'generator.' in a joint weight map. */
export function referenceElectraEncoder(w: Weights, cfg: ElectraConfig, ids: number[], mask: number[]): Mat {
  const ops = encoderOps(w, cfg.layer_norm_eps);
  const [C, E] = [cfg.hidden_size, cfg.embedding_size];
  let h: Mat = ids.map((id, t) =>
    sumRows(ops.row('electra.embeddings.word_embeddings.weight', id, E), ops.row('electra.embeddings.token_type_embeddings.weight', 0, E), ops.row('electra.embeddings.position_embeddings.weight', t, E)),
  );
  h = ops.layerNorm(h, 'electra.embeddings.LayerNorm');
  if (E !== C) h = ops.linear(h, 'electra.embeddings_project');
  for (let l = 0; l < cfg.num_hidden_layers; l++) {
    h = bertLayer(ops, h, `electra.encoder.layer.${l}`, ops.gelu, (q, k, v) => multiHeadAttention(q, k, v, mask, cfg.num_attention_heads));
  }
  return h;
}

/** ElectraForPreTraining logits (T,): dense → gelu (hidden_act) → dense_prediction. */
export function referenceElectraDiscriminator(w: Weights, cfg: ElectraConfig, ids: number[], mask: number[]): number[] {
  const { linear, gelu } = encoderOps(w, cfg.layer_norm_eps);
  return linear(gelu(linear(referenceElectraEncoder(w, cfg, ids, mask), 'discriminator_predictions.dense')), 'discriminator_predictions.dense_prediction').map((v) => v[0]);
}

/** ElectraForMaskedLM logits (T, V): dense to E → gelu → LayerNorm → word embeddingsᵀ + generator_lm_head.bias. */
export function referenceElectraGenerator(w: Weights, cfg: ElectraConfig, ids: number[], mask: number[]): Mat {
  const { linear, layerNorm, gelu, tiedDecoder } = encoderOps(w, cfg.layer_norm_eps);
  const x = layerNorm(gelu(linear(referenceElectraEncoder(w, cfg, ids, mask), 'generator_predictions.dense')), 'generator_predictions.LayerNorm');
  return tiedDecoder(x, 'electra.embeddings.word_embeddings.weight', 'generator_lm_head.bias');
}

/** ElectraForSequenceClassification logits (L,): dense → gelu → out_proj on the first token. */
export function referenceElectraClassifier(w: Weights, cfg: ElectraConfig, ids: number[], mask: number[]): number[] {
  const { linear, gelu } = encoderOps(w, cfg.layer_norm_eps);
  return linear(gelu(linear([referenceElectraEncoder(w, cfg, ids, mask)[0]], 'classifier.dense')), 'classifier.out_proj')[0];
}
