/**
 * Attention report of an encoder-decoder (T5) folder: encoder self-attention over the input,
 * and — for a target text (given, or the model's own greedy output) — the decoder's causal
 * self-attention and its cross-attention to the input, from one teacher-forced decoder run.
 * Legend: S input tokens, T decoder tokens (start token + target), H heads, D head size.
 */
import type { TensorData } from '../graph';
import { configOf } from '../models/family';
import { openModel, type ModelRef } from '../models/open-model';
import { familiesOfKind, typeList } from '../models/registry';
import { t5Names } from '../models/t5/export-onnx';
import { RuntimeSession, type SessionConfig } from '../runtime';
import { readTokenizerFiles } from '../tokenizer';
import { type AttentionReport, toAttentionMap } from './attention-maps';
import { tokenLabels } from './token-labels';
import { int64Row } from './encoder-feeds';
import { readT5Onnx, Seq2SeqGenerator } from './seq2seq';

export async function seq2seqAttentionReport(ref: ModelRef, text: string, model: string, options: { target?: string; session?: SessionConfig } = {}): Promise<AttentionReport> {
  const opened = await openModel(ref);
  const { dir, config, family } = opened;
  if (family.kind !== 'encoder-decoder') throw new Error(`${dir} holds a '${config.model_type}' model, not an encoder-decoder (${typeList(familiesOfKind('encoder-decoder'))})`);
  const cfg = configOf(config, 't5');
  const tokenizer = await readTokenizerFiles(dir, { modelVocabSize: config.vocab_size });
  const inputIds = tokenizer.addSpecialTokens(tokenizer.encode(text));
  const { encoder: encoderBytes, decoder: decoderBytes } = await readT5Onnx(opened);
  let targetIds: number[];
  if (options.target !== undefined) {
    targetIds = tokenizer.encode(options.target);
  } else {
    const generator = await Seq2SeqGenerator.create(cfg, { encoder: encoderBytes, decoder: decoderBytes }, options.session);
    targetIds = (await generator.generate(inputIds, { maxNewTokens: 20 })).tokens;
    await generator.release();
  }
  const decoderIds = [cfg.decoder_start_token_id!, ...targetIds];
  const encoder = await RuntimeSession.create(encoderBytes, options.session);
  const decoder = await RuntimeSession.create(decoderBytes, options.session);
  try {
    const layersEnc = Array.from({ length: cfg.num_layers }, (_, i) => t5Names.encoderAttention(i));
    const mask = int64Row(inputIds.map(() => 1));
    const encoded = await encoder.run({ input_ids: int64Row(inputIds), attention_mask: mask }, ['last_hidden_state', ...layersEnc]);
    const L = cfg.num_decoder_layers;
    const empty: TensorData = { dtype: 'float32', shape: [1, cfg.num_heads, 0, cfg.d_kv], data: new Float32Array(0) };
    const past: Record<string, TensorData> = {};
    for (let i = 0; i < L; i++) {
      for (const side of ['decoder', 'encoder'] as const) for (const kv of ['key', 'value'] as const) past[t5Names.past(i, side, kv)] = empty;
    }
    const layersDec = Array.from({ length: L }, (_, i) => i);
    const out = await decoder.run(
      { input_ids: int64Row(decoderIds), encoder_attention_mask: mask, encoder_hidden_states: encoded.last_hidden_state, ...past },
      [...layersDec.map(t5Names.decoderAttention), ...layersDec.map(t5Names.crossAttention)],
    );
    const inputTokens = tokenLabels(tokenizer, inputIds);
    const decoderTokens = tokenLabels(tokenizer, decoderIds);
    return {
      model,
      text,
      queryTokens: decoderTokens,
      keyTokens: inputTokens,
      tokensByKind: {
        self: { query: inputTokens, key: inputTokens },
        causal: { query: decoderTokens, key: decoderTokens },
        cross: { query: decoderTokens, key: inputTokens },
      },
      maps: [
        ...layersEnc.map((n, layer) => toAttentionMap('self', layer, encoded[n])),
        ...layersDec.map((layer) => toAttentionMap('causal', layer, out[t5Names.decoderAttention(layer)])),
        ...layersDec.map((layer) => toAttentionMap('cross', layer, out[t5Names.crossAttention(layer)])),
      ],
    };
  } finally {
    await Promise.all([encoder.release(), decoder.release()]);
  }
}
