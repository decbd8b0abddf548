/**
 * Attention report of an encoder (BERT) folder: bidirectional self-attention of every layer
 * over `[CLS] text [SEP]`, read from the `attentions.{i}` outputs of onnx/model.onnx.
 */
import { dimensionsOf } from '../models/configs';
import { attentionOutputName } from '../models/bert/export-onnx';
import { openModel, type ModelRef } from '../models/open-model';
import { familiesOfKind, typeList } from '../models/registry';
import { RuntimeSession, type SessionConfig } from '../runtime';
import { readTokenizerFiles } from '../tokenizer';
import type { TensorData } from '../graph';
import { type AttentionReport, toAttentionMap } from './attention-maps';
import { tokenLabels } from './token-labels';

export async function encoderAttentionReport(ref: ModelRef, text: string, model: string, session: SessionConfig = {}): Promise<AttentionReport> {
  const { dir, config, family, paths } = await openModel(ref);
  if (family.kind !== 'encoder') throw new Error(`${dir} holds a '${config.model_type}' model, not an encoder (${typeList(familiesOfKind('encoder'))})`);
  const { maxPositions, layers } = dimensionsOf(config);
  const tokenizer = await readTokenizerFiles(dir, { modelVocabSize: config.vocab_size });
  const ids = tokenizer.addSpecialTokens(tokenizer.encode(text));
  if (maxPositions !== undefined && ids.length > maxPositions) {
    throw new Error(`the text is ${ids.length} tokens long but this model reads at most ${maxPositions}`);
  }
  const runtime = await RuntimeSession.create(paths.onnxModel, session);
  try {
    const row = (values: number[]): TensorData => ({ dtype: 'int64', shape: [1, ids.length], data: BigInt64Array.from(values, BigInt) });
    const names = Array.from({ length: layers }, (_, i) => attentionOutputName(i));
    const out = await runtime.run({ input_ids: row(ids), attention_mask: row(ids.map(() => 1)), token_type_ids: row(ids.map(() => 0)) }, names);
    const tokens = tokenLabels(tokenizer, ids);
    return { model, text, queryTokens: tokens, keyTokens: tokens, maps: names.map((n, layer) => toAttentionMap('self', layer, out[n])) };
  } finally {
    await runtime.release();
  }
}
