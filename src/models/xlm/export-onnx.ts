/**
 * XLM's onnx/model.onnx, for the masked-LM folder (`XLMWithLMHeadModel`) or a finetuned
 * classifier: int64 `input_ids` and `attention_mask` of dynamic (batch_size, sequence_length);
 * `logits` and every layer's attention probabilities `attentions.{i}` out
 * (src/models/bert/export-onnx.ts says why that naming), weights as initializers.
 * No `langs` input, as HF Optimum exports XLM: transformers.js's tokenizers never produce langs,
 * so a graph that required them would stop its plain pipelines ("Missing the following inputs:
 * langs"), and no command needs per-token languages at inference (every text is read on its own,
 * in one language). The graph adds config.lang_id's language embedding to every token
 * (src/models/xlm/model.ts; our folders' lang_id is the text language); only the training graphs
 * (translation LM, src/models/xlm/translation-lm.ts) feed a language per token.
 * Legend: B batch, T tokens, V vocabulary, L labels, H heads.
 */
import { GraphBuilder, writeOnnx } from '../../graph';
import { ConstantParams, type Weights } from '../../nn/params';
import { attentionOutputName } from '../bert/export-onnx';
import type { XlmConfig } from '../configs';
import { buildXlmForSequenceClassification, buildXlmWithLMHead } from './model';

export const XLM_CLASSIFIER = 'XLMForSequenceClassification';

export function exportXlmOnnx(cfg: XlmConfig, weights: Weights, classifier = cfg.architectures?.includes(XLM_CLASSIFIER) ?? false): Uint8Array {
  const g = new GraphBuilder(classifier ? 'xlm_sequence_classification' : 'xlm_with_lm_head');
  const dims = ['batch_size', 'sequence_length'];
  const inputIds = g.input('input_ids', 'int64', dims); // (B, T)
  const attentionMask = g.input('attention_mask', 'int64', dims); // (B, T)
  const build = classifier ? buildXlmForSequenceClassification : buildXlmWithLMHead;
  const { logits, attentions } = build(g, new ConstantParams(g, weights), cfg, { inputIds, attentionMask });
  g.output(logits, 'logits'); // (B, T, V) or (B, L)
  attentions.forEach((probs, i) => g.output(probs, attentionOutputName(i))); // (B, H, T, T)
  return writeOnnx(g.graph);
}
