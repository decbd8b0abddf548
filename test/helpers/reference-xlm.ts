/**
 * A plain TypeScript float64 forward pass of XLM written from transformers' modeling_xlm.py
 * (XLMModel.forward, MultiHeadAttention, TransformerFFN, XLMPredLayer with asm = False,
 * SequenceSummary with summary_type "first"), on weights addressed by HF names. Independent of
 * src/graph and src/nn. Its inputs are HF's: `langs` absent adds no language embedding, exactly
 * as HF does.
 */
import type { XlmConfig } from '../../src/models/configs';
import type { Weights } from '../../src/nn/params';
import { encoderOps, erf, type Mat, multiHeadAttention, sumRows } from './reference-encoder-ops';

export interface XlmReferenceInputs {
  ids: number[];
  /** attention_mask; absent: HF's lengths = count of tokens ≠ pad_index, i.e. arange < lengths. */
  mask?: number[];
  langs?: number[];
  tokenTypeIds?: number[];
  positionIds?: number[];
  /** The MLP activation when not config's (float64 gradient tests use the tanh form). */
  act?: 'gelu' | 'gelu_new' | 'relu';
}

/** XLMModel's last hidden state (T, C) for one row. */
export function referenceXlmEncoder(w: Weights, cfg: XlmConfig, inputs: XlmReferenceInputs): Mat {
  const { ids } = inputs;
  const ops = encoderOps(w, cfg.layer_norm_eps);
  const C = cfg.emb_dim;
  const length = ids.filter((id) => id !== cfg.pad_index).length;
  const mask = inputs.mask ?? ids.map((_, t) => (t < length ? 1 : 0));
  const positions = inputs.positionIds ?? ids.map((_, t) => t);
  const zeroPadding = (x: Mat): Mat => x.map((v, t) => v.map((c) => c * mask[t]));
  const act = inputs.act ?? (cfg.gelu_activation ? 'gelu' : 'relu');
  const activate = (x: Mat): Mat =>
    act === 'gelu' ? x.map((v) => v.map((c) => 0.5 * c * (1 + erf(c / Math.SQRT2)))) : act === 'gelu_new' ? ops.geluNew(x) : x.map((v) => v.map((c) => Math.max(0, c)));

  // tensor = inputs_embeds + position_embeddings(position_ids) [+ lang_embeddings(langs)] [+ embeddings(token_type_ids)]
  let h: Mat = ids.map((id, t) => {
    const parts = [ops.row('transformer.position_embeddings.weight', positions[t], C)];
    if (inputs.langs && cfg.use_lang_emb && cfg.n_langs > 1) parts.push(ops.row('transformer.lang_embeddings.weight', inputs.langs[t], C));
    if (inputs.tokenTypeIds) parts.push(ops.row('transformer.embeddings.weight', inputs.tokenTypeIds[t], C));
    return sumRows(ops.row('transformer.embeddings.weight', id, C), ...parts);
  });
  h = zeroPadding(ops.layerNorm(h, 'transformer.layer_norm_emb'));
  for (let i = 0; i < cfg.n_layers; i++) {
    const [q, k, v] = ['q_lin', 'k_lin', 'v_lin'].map((n) => ops.linear(h, `transformer.attentions.${i}.${n}`));
    const attn = ops.linear(multiHeadAttention(q, k, v, mask, cfg.n_heads), `transformer.attentions.${i}.out_lin`);
    h = ops.layerNorm(ops.add(h, attn), `transformer.layer_norm1.${i}`);
    const ffn = ops.linear(activate(ops.linear(h, `transformer.ffns.${i}.lin1`)), `transformer.ffns.${i}.lin2`);
    h = zeroPadding(ops.layerNorm(ops.add(h, ffn), `transformer.layer_norm2.${i}`));
  }
  return h;
}

/** XLMWithLMHeadModel logits (T, V): pred_layer.proj, its weight tied to transformer.embeddings. */
export function referenceXlmMaskedLm(w: Weights, cfg: XlmConfig, inputs: XlmReferenceInputs): Mat {
  const ops = encoderOps(w, cfg.layer_norm_eps);
  const hidden = referenceXlmEncoder(w, cfg, inputs);
  return cfg.tie_word_embeddings ? ops.tiedDecoder(hidden, 'transformer.embeddings.weight', 'pred_layer.proj.bias') : ops.linear(hidden, 'pred_layer.proj');
}

/** XLMForSequenceClassification logits (L,): SequenceSummary "first" → summary Linear (→ tanh when summary_activation is tanh). */
export function referenceXlmClassifier(w: Weights, cfg: XlmConfig, inputs: XlmReferenceInputs): number[] {
  const ops = encoderOps(w, cfg.layer_norm_eps);
  const projected = ops.linear([referenceXlmEncoder(w, cfg, inputs)[0]], 'sequence_summary.summary')[0];
  return cfg.summary_activation === 'tanh' ? projected.map(Math.tanh) : projected;
}
