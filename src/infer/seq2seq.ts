/**
 * Greedy text-to-text generation with an exported T5 (`encoder_model.onnx` +
 * `decoder_model_merged.onnx`): the input is encoded once, then the decoder runs one token per
 * step with its self-attention KV cache — or, for checking the cache, recomputes the whole
 * decoded prefix each step (`useCache: false`). It follows transformers.js's loop: start with
 * decoder_start_token_id, pick the arg-max, stop after the end-of-sequence token or at the limit.
 * Legend: S input tokens, H heads, P past decoder tokens, D d_kv, V vocabulary.
 */
import type { TensorData } from '../graph';
import type { T5Config } from '../models/configs';
import { configOf } from '../models/family';
import { openModel, type ModelRef } from '../models/open-model';
import { familiesOfKind, typeList } from '../models/registry';
import { t5Names, T5_ONNX } from '../models/t5/export-onnx';
import { folderOnnx } from '../models/folder-onnx';
import { RuntimeSession, type SessionConfig } from '../runtime';
import { int64Row } from './encoder-feeds';
import { argmax } from './sampling';

export interface Seq2SeqOptions {
  /** Most tokens to produce (the end-of-sequence token counts). Default 20. */
  maxNewTokens?: number;
  /** Default true; false recomputes the prefix every step. */
  useCache?: boolean;
  /** Collect every step's attention maps, as transformers.js's generate({output_attentions}) does. */
  outputAttentions?: boolean;
}

export interface Seq2SeqResult {
  /** Generated ids, without the start token (with the end token when it was produced). */
  tokens: number[];
  stoppedBy: 'eos' | 'length';
  /** Per step, per layer: (1, H, T, P+T) with T = 1 when cached. */
  decoderAttentions?: TensorData[][];
  /** Per step, per layer: (1, H, T, S). */
  crossAttentions?: TensorData[][];
}

/** The folder's two graphs: its onnx/ files, or exported from its weights when it has none (a folder from the Hub). */
export async function readT5Onnx(ref: ModelRef): Promise<{ encoder: Uint8Array; decoder: Uint8Array }> {
  const files = await folderOnnx(ref);
  return { encoder: files[T5_ONNX.encoder], decoder: files[T5_ONNX.decoder] };
}

export class Seq2SeqGenerator {
  private constructor(
    private readonly cfg: T5Config,
    private readonly encoder: RuntimeSession,
    private readonly decoder: RuntimeSession,
  ) {}

  /** From the two ONNX files (bytes or paths) and the model's config. */
  static async create(cfg: T5Config, files: { encoder: Uint8Array | string; decoder: Uint8Array | string }, session: SessionConfig = {}): Promise<Seq2SeqGenerator> {
    if (cfg.decoder_start_token_id === null) throw new Error('config.json has no decoder_start_token_id: T5 cannot start decoding without it');
    return new Seq2SeqGenerator(cfg, await RuntimeSession.create(files.encoder, session), await RuntimeSession.create(files.decoder, session));
  }

  /** From a model folder holding config.json and onnx/encoder_model.onnx + onnx/decoder_model_merged.onnx. */
  static async fromFolder(ref: ModelRef, session: SessionConfig = {}): Promise<Seq2SeqGenerator> {
    const opened = await openModel(ref);
    const { dir, config, family } = opened;
    if (family.kind !== 'encoder-decoder') throw new Error(`${dir} holds a ${config.model_type} model, not an encoder-decoder (${typeList(familiesOfKind('encoder-decoder'))})`);
    return Seq2SeqGenerator.create(configOf(config, 't5'), await readT5Onnx(opened), session);
  }

  async generate(inputIds: readonly number[], options: Seq2SeqOptions = {}): Promise<Seq2SeqResult> {
    if (inputIds.length === 0) throw new Error('the input is empty: give at least one token');
    const { num_decoder_layers: L, num_heads: H, d_kv: D } = this.cfg;
    const maxNew = options.maxNewTokens ?? 20;
    const useCache = options.useCache ?? true;
    const mask = int64Row(inputIds.map(() => 1));
    const encoded = await this.encoder.run({ input_ids: int64Row(inputIds), attention_mask: mask }, ['last_hidden_state']);
    const empty = (length: number): TensorData => ({ dtype: 'float32', shape: [1, H, length, D], data: new Float32Array(H * length * D) });

    // past_key_values.{i}.decoder.* grow with the cache; the graph recomputes cross-attention
    // keys/values, so the .encoder ones are fed empty (declared for transformers.js).
    const past: Record<string, TensorData> = {};
    for (let i = 0; i < L; i++) {
      for (const kv of ['key', 'value'] as const) {
        past[t5Names.past(i, 'decoder', kv)] = empty(0);
        past[t5Names.past(i, 'encoder', kv)] = empty(0);
      }
    }
    // Only what this loop reads: the attention maps (two per layer) are fetched only when asked for.
    const layers = [...Array(L).keys()];
    const wanted = [
      'logits',
      ...(useCache ? layers.flatMap((i) => (['key', 'value'] as const).map((kv) => t5Names.present(i, 'decoder', kv))) : []),
      ...(options.outputAttentions ? layers.flatMap((i) => [t5Names.decoderAttention(i), t5Names.crossAttention(i)]) : []),
    ];
    const sequence = [this.cfg.decoder_start_token_id!];
    const result: Seq2SeqResult = { tokens: [], stoppedBy: 'length' };
    if (options.outputAttentions) Object.assign(result, { decoderAttentions: [], crossAttentions: [] });
    while (result.tokens.length < maxNew) {
      const step = useCache ? sequence.slice(-1) : sequence;
      const out = await this.decoder.run({
        input_ids: int64Row(step),
        encoder_attention_mask: mask,
        encoder_hidden_states: encoded.last_hidden_state,
        ...past,
      }, wanted);
      if (useCache) {
        for (let i = 0; i < L; i++) {
          for (const kv of ['key', 'value'] as const) past[t5Names.past(i, 'decoder', kv)] = out[t5Names.present(i, 'decoder', kv)];
        }
      }
      if (options.outputAttentions) {
        result.decoderAttentions!.push(Array.from({ length: L }, (_, i) => out[t5Names.decoderAttention(i)]));
        result.crossAttentions!.push(Array.from({ length: L }, (_, i) => out[t5Names.crossAttention(i)]));
      }
      const V = this.cfg.vocab_size;
      const logits = out.logits.data as Float32Array; // (1, T, V)
      const id = argmax(logits.subarray((step.length - 1) * V, step.length * V));
      result.tokens.push(id);
      sequence.push(id);
      if (id === this.cfg.eos_token_id) {
        result.stoppedBy = 'eos';
        break;
      }
    }
    return result;
  }

  async release(): Promise<void> {
    await Promise.all([this.encoder.release(), this.decoder.release()]);
  }
}
