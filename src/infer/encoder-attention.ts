/**
 * Attention report of an encoder (BERT) folder: bidirectional self-attention of every layer
 * over `[CLS] text [SEP]`, read from the `attentions.{i}` outputs of onnx/model.onnx.
 */
import { readConfig } from '../models/config-io';
import { attentionOutputName } from '../models/export-bert';
import { insideFolder } from '../modelfile/folder';
import { RuntimeSession, type SessionConfig } from '../runtime';
import { readTokenizerFiles } from '../tokenizer';
import type { TensorData } from '../graph';
import { type AttentionReport, toAttentionMap } from './attention-maps';
import { tokenLabels } from './token-labels';
import { MODEL_ONNX } from './fill-mask';

export async function encoderAttentionReport(dir: string, text: string, model: string, session: SessionConfig = {}): Promise<AttentionReport> {
  const config = await readConfig(dir);
  if (config.model_type !== 'bert') throw new Error(`${dir} holds a '${config.model_type}' model, not an encoder (bert)`);
  const tokenizer = await readTokenizerFiles(dir);
  const ids = tokenizer.addSpecialTokens(tokenizer.encode(text));
  if (ids.length > config.max_position_embeddings) {
    throw new Error(`the text is ${ids.length} tokens long but this model reads at most ${config.max_position_embeddings}`);
  }
  const runtime = await RuntimeSession.create(insideFolder(dir, MODEL_ONNX), session);
  try {
    const row = (values: number[]): TensorData => ({ dtype: 'int64', shape: [1, ids.length], data: BigInt64Array.from(values, BigInt) });
    const names = Array.from({ length: config.num_hidden_layers }, (_, i) => attentionOutputName(i));
    const out = await runtime.run({ input_ids: row(ids), attention_mask: row(ids.map(() => 1)), token_type_ids: row(ids.map(() => 0)) }, names);
    const tokens = tokenLabels(tokenizer, ids);
    return { model, text, queryTokens: tokens, keyTokens: tokens, maps: names.map((n, layer) => toAttentionMap('self', layer, out[n])) };
  } finally {
    await runtime.release();
  }
}
