/**
 * A plain TypeScript float64 forward pass of RoBERTa written from transformers'
 * modeling_roberta.py (RobertaEmbeddings with create_position_ids_from_input_ids, the BERT-style
 * self-attention / output / intermediate layers, RobertaLMHead, RobertaClassificationHead), on
 * weights addressed by HF names. Independent of src/graph and src/nn, so it catches wiring errors
 * (positions, a transposed weight, a missing residual) that a gradient check cannot.
 */
import type { RobertaConfig } from '../../src/models/configs';
import type { Weights } from '../../src/nn/params';
import { bertLayer, encoderOps, type Mat, multiHeadAttention, sumRows } from './reference-encoder-ops';

export type { Mat };

/** HF's create_position_ids_from_input_ids: cumulative count of non-pad tokens + padding_idx; pads get padding_idx. */
export function hfPositionIds(ids: readonly number[], paddingIdx: number): number[] {
  let count = 0;
  return ids.map((id) => {
    const real = id !== paddingIdx ? 1 : 0;
    count += real;
    return count * real + paddingIdx;
  });
}

/** RobertaModel's last hidden state (T, C) for one row, without a pooler. */
export function referenceRobertaEncoder(w: Weights, cfg: RobertaConfig, ids: number[], mask: number[]): Mat {
  const ops = encoderOps(w, cfg.layer_norm_eps);
  const C = cfg.hidden_size;
  const positions = hfPositionIds(ids, cfg.pad_token_id!);
  let h: Mat = ids.map((id, t) =>
    sumRows(ops.row('roberta.embeddings.word_embeddings.weight', id, C), ops.row('roberta.embeddings.token_type_embeddings.weight', 0, C), ops.row('roberta.embeddings.position_embeddings.weight', positions[t], C)),
  );
  h = ops.layerNorm(h, 'roberta.embeddings.LayerNorm');
  for (let l = 0; l < cfg.num_hidden_layers; l++) {
    h = bertLayer(ops, h, `roberta.encoder.layer.${l}`, ops.gelu, (q, k, v) => multiHeadAttention(q, k, v, mask, cfg.num_attention_heads));
  }
  return h;
}

/** RobertaForMaskedLM logits (T, V) for one row; the decoder is tied to the word embeddings. */
export function referenceRobertaMaskedLm(w: Weights, cfg: RobertaConfig, ids: number[], mask: number[]): Mat {
  const { linear, layerNorm, gelu, tiedDecoder } = encoderOps(w, cfg.layer_norm_eps);
  const x = layerNorm(gelu(linear(referenceRobertaEncoder(w, cfg, ids, mask), 'lm_head.dense')), 'lm_head.layer_norm');
  return tiedDecoder(x, 'roberta.embeddings.word_embeddings.weight', 'lm_head.bias');
}

/** RobertaForSequenceClassification logits (L,) for one row: dense → tanh → out_proj on <s>. */
export function referenceRobertaClassifier(w: Weights, cfg: RobertaConfig, ids: number[], mask: number[]): number[] {
  const { linear } = encoderOps(w, cfg.layer_norm_eps);
  const first = [referenceRobertaEncoder(w, cfg, ids, mask)[0]];
  const dense = linear(first, 'classifier.dense').map((v) => v.map(Math.tanh));
  return linear(dense, 'classifier.out_proj')[0];
}
