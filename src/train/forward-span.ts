/**
 * The span-corruption forward pass for the step graph: an encoder-decoder family (T5) reads the corrupted text
 * (sentinels in place of dropped spans), its decoder reads the targets shifted right behind
 * the start token, and the loss is the mean cross-entropy over target tokens (labels -100 on
 * padding are ignored). Inputs are named as src/data's SpanCorruptionBatches fields map to feeds.
 * Legend: B batch, S encoder length, T decoder length.
 */
import type { ModelConfig } from '../models/configs';
import { pretrainGraphOf } from '../models/registry';
import { crossEntropy } from './step/losses';
import type { ForwardBuilder } from './step/step-graph';

export function spanCorruptionForward(cfg: ModelConfig, batchSize: number, encoderLength: number, decoderLength: number, dtype: 'float32' | 'float64' = 'float32'): ForwardBuilder {
  const lm = pretrainGraphOf(cfg, 'span');
  return (g, params, dropout) => {
    const inputIds = g.input('input_ids', 'int32', [batchSize, encoderLength]); // (B, S) corrupted text
    const attentionMask = g.input('attention_mask', 'int32', [batchSize, encoderLength]); // (B, S) 1 = real token
    const decoderInputIds = g.input('decoder_input_ids', 'int32', [batchSize, decoderLength]); // (B, T)
    const labels = g.input('labels', 'int32', [batchSize, decoderLength]); // (B, T) targets, -100 = ignore
    const logits = lm(g, params, cfg, { inputIds, attentionMask, decoderInputIds }, { dropout, dtype }); // (B, T, V)
    return { loss: crossEntropy(g, logits, labels) };
  };
}
