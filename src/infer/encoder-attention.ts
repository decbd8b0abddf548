/**
 * Attention report of an encoder (BERT) folder: bidirectional self-attention of every layer
 * over `[CLS] text [SEP]`, read from the `attentions.{i}` outputs of onnx/model.onnx.
 */
import { dimensionsOf } from '../models/configs';
import { attentionOutputName } from '../models/bert/export-onnx';
import { openModel, type ModelRef } from '../models/open-model';
import { folderOnnx } from '../models/folder-onnx';
import { ONNX_MODEL } from '../modelfile/layout';
import { familiesOfKind, typeList } from '../models/registry';
import { RuntimeSession, type SessionConfig } from '../runtime';
import { readTokenizerFiles } from '../tokenizer';
import { type AttentionReport, toAttentionMap } from './attention-maps';
import { tokenLabels } from './token-labels';
import { encodedText, encoderFeeds } from './encoder-feeds';

export async function encoderAttentionReport(ref: ModelRef, text: string, model: string, session: SessionConfig = {}): Promise<AttentionReport> {
  const opened = await openModel(ref);
  const { dir, config, family } = opened;
  if (family.kind !== 'encoder') throw new Error(`${dir} holds a '${config.model_type}' model, not an encoder (${typeList(familiesOfKind('encoder'))})`);
  const { maxPositions, layers } = dimensionsOf(config);
  const tokenizer = await readTokenizerFiles(dir, { modelVocabSize: config.vocab_size });
  const ids = tokenizer.addSpecialTokens(tokenizer.encode(text));
  if (maxPositions !== undefined && ids.length > maxPositions) {
    throw new Error(`the text is ${ids.length} tokens long but this model reads at most ${maxPositions}`);
  }
  // A folder from the Hub has no onnx/: the graph is exported from its weights.
  const runtime = await RuntimeSession.create((await folderOnnx(opened))[ONNX_MODEL], session);
  try {
    const names = Array.from({ length: layers }, (_, i) => attentionOutputName(i));
    const out = await runtime.run(encoderFeeds({ inputNames: runtime.inputNames, family, config, tokenizer }, ids), names);
    const tokens = tokenLabels(tokenizer, ids);
    // LayoutLM: each token's line and column, as its boxes were computed.
    const positions = family.tokenPositions?.(encodedText(tokenizer, ids));
    const maps = names.map((n, layer) => toAttentionMap('self', layer, out[n]));
    return { model, text, queryTokens: tokens, keyTokens: tokens, maps, ...(positions ? { tokenPositions: positions.map((p) => p ?? null) } : {}) };
  } finally {
    await runtime.release();
  }
}
