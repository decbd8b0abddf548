/**
 * A plain TypeScript float64 forward pass of LayoutLM written from transformers'
 * modeling_layoutlm.py (LayoutLMEmbeddings: word + position + x(x0) + y(y0) + x(x1) + y(y1) +
 * h(y1 − y0) + w(x1 − x0) + token type, LayerNorm; the BERT-style layers; LayoutLMOnlyMLMHead;
 * the pooler and classifier of LayoutLMForSequenceClassification), on weights addressed by HF
 * names. Independent of src/graph and src/nn: it catches a swapped coordinate or table that a
 * gradient check cannot.
 */
import type { LayoutLMConfig } from '../../src/models/configs';
import type { Weights } from '../../src/nn/params';
import { bertLayer, encoderOps, type Mat, multiHeadAttention, sumRows } from './reference-encoder-ops';

/** One token's box (x0, y0, x1, y1). */
export type Box = [number, number, number, number];

/** LayoutLMModel's last hidden state (T, C) for one row, without the pooler. */
export function referenceLayoutLmEncoder(w: Weights, cfg: LayoutLMConfig, ids: number[], mask: number[], boxes: Box[]): Mat {
  const ops = encoderOps(w, cfg.layer_norm_eps);
  const C = cfg.hidden_size;
  const table = (name: string, r: number) => ops.row(`layoutlm.embeddings.${name}.weight`, r, C);
  let h: Mat = ids.map((id, t) => {
    const [x0, y0, x1, y1] = boxes[t];
    return sumRows(
      table('word_embeddings', id),
      table('position_embeddings', t),
      table('x_position_embeddings', x0),
      table('y_position_embeddings', y0),
      table('x_position_embeddings', x1),
      table('y_position_embeddings', y1),
      table('h_position_embeddings', y1 - y0),
      table('w_position_embeddings', x1 - x0),
      table('token_type_embeddings', 0),
    );
  });
  h = ops.layerNorm(h, 'layoutlm.embeddings.LayerNorm');
  for (let l = 0; l < cfg.num_hidden_layers; l++) {
    h = bertLayer(ops, h, `layoutlm.encoder.layer.${l}`, ops.gelu, (q, k, v) => multiHeadAttention(q, k, v, mask, cfg.num_attention_heads));
  }
  return h;
}

/** LayoutLMForMaskedLM logits (T, V) for one row; the decoder is tied to the word embeddings. */
export function referenceLayoutLmMaskedLm(w: Weights, cfg: LayoutLMConfig, ids: number[], mask: number[], boxes: Box[]): Mat {
  const { linear, layerNorm, gelu, tiedDecoder } = encoderOps(w, cfg.layer_norm_eps);
  const x = layerNorm(gelu(linear(referenceLayoutLmEncoder(w, cfg, ids, mask, boxes), 'cls.predictions.transform.dense')), 'cls.predictions.transform.LayerNorm');
  return tiedDecoder(x, 'layoutlm.embeddings.word_embeddings.weight', 'cls.predictions.bias');
}

/** LayoutLMForSequenceClassification logits (L,) for one row: pooler (dense → tanh on the first token) → classifier. */
export function referenceLayoutLmClassifier(w: Weights, cfg: LayoutLMConfig, ids: number[], mask: number[], boxes: Box[]): number[] {
  const { linear } = encoderOps(w, cfg.layer_norm_eps);
  const pooled = linear([referenceLayoutLmEncoder(w, cfg, ids, mask, boxes)[0]], 'layoutlm.pooler.dense').map((v) => v.map(Math.tanh));
  return linear(pooled, 'classifier')[0];
}
