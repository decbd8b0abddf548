/**
 * BERT inference graphs for `onnx/model.onnx`, laid out as Optimum exports them so that
 * `@huggingface/transformers` runs them: int64 inputs `input_ids`, `attention_mask`,
 * `token_type_ids` of dynamic (batch_size, sequence_length), output `logits`, weights as
 * initializers. Every layer's attention probabilities are extra outputs `attentions.{i}`:
 * transformers.js returns every output of an encoder from `model.forward(…)` by its name (and
 * its SequenceClassifierOutput gathers the non-logits outputs, in order, as `attentions`).
 * Legend: B batch, T tokens, H heads, V vocabulary, L labels.
 */
import { GraphBuilder, type Graph, writeOnnx } from '../../graph';
import { ConstantParams, type ParamSource, type Weights } from '../../nn/params';
import { buildBertForMaskedLM, buildBertForSequenceClassification, type BertInputs, type BertOutputs } from './model';
import type { BertConfig } from '../configs';

export type BertHead = 'masked-lm' | 'sequence-classification';

export const BERT_INPUT_NAMES = ['input_ids', 'attention_mask', 'token_type_ids'] as const;

export function attentionOutputName(layer: number): string {
  return `attentions.${layer}`;
}

/** The head a config's `architectures` asks for; masked LM (our pretraining class) otherwise. */
export function bertHeadOf(cfg: BertConfig): BertHead {
  return cfg.architectures?.includes('BertForSequenceClassification') ? 'sequence-classification' : 'masked-lm';
}

export function buildBertInferenceGraph(cfg: BertConfig, weights: Weights, head: BertHead = bertHeadOf(cfg)): Graph {
  const build = head === 'masked-lm' ? buildBertForMaskedLM : buildBertForSequenceClassification;
  return encoderInferenceGraph(head === 'masked-lm' ? 'bert_masked_lm' : 'bert_sequence_classification', weights, (g, params, inputs) => build(g, params, cfg, inputs));
}

/** The inference graph of an encoder built on BERT's code (BERT, RoBERTa): BERT_INPUT_NAMES in, `logits` and `attentions.{i}` out. */
export function encoderInferenceGraph(name: string, weights: Weights, build: (g: GraphBuilder, params: ParamSource, inputs: Required<Omit<BertInputs, 'positionIds'>>) => BertOutputs): Graph {
  const g = new GraphBuilder(name);
  const dims = ['batch_size', 'sequence_length'];
  const inputIds = g.input('input_ids', 'int64', dims); // (B, T)
  const attentionMask = g.input('attention_mask', 'int64', dims); // (B, T)
  const tokenTypeIds = g.input('token_type_ids', 'int64', dims); // (B, T)
  const { logits, attentions } = build(g, new ConstantParams(g, weights), { inputIds, attentionMask, tokenTypeIds });
  g.output(logits, 'logits'); // (B, T, V) or (B, L)
  attentions.forEach((probs, i) => g.output(probs, attentionOutputName(i))); // (B, H, T, T)
  return g.graph;
}

export function exportBertOnnx(cfg: BertConfig, weights: Weights, head: BertHead = bertHeadOf(cfg)): Uint8Array {
  return writeOnnx(buildBertInferenceGraph(cfg, weights, head));
}
