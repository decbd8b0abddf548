/**
 * Text embeddings from an encoder folder, as sentence-transformers' mean pooling makes them: the
 * encoder's last hidden states averaged over the attention-masked tokens, then L2-normalised
 * (so a dot product is the cosine). Any encoder family works (a contrastive folder, or a masked
 * LM straight from pretraining): the graph is built from the folder's weights with the family's
 * hidden-states builder, pooling included, so no head and no onnx/ file is needed.
 * Legend: B texts in a chunk, T tokens, C width.
 */
import type { TensorData } from '../graph';
import { dimensionsOf } from '../models/configs';
import { flatWeights, loadModelFolder } from '../models/model-folder';
import { openModel, type ModelRef } from '../models/open-model';
import { extraInputSamples, hiddenStatesInferenceGraph, hiddenStatesOf, SENTENCE_EMBEDDING } from '../models/sentence-embedding';
import { RuntimeSession, type SessionConfig } from '../runtime';
import { InputError } from '../util/errors';
import { encodedText } from './encoder-feeds';

export interface TextEmbedder {
  /** Length of every vector (the encoder's width). */
  dim: number;
  /** Longest input in tokens, special tokens included; longer texts are cut to it (as sentence-transformers does). */
  maxTokens: number;
  /** One unit-length vector per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  release(): Promise<void>;
}

/** At most this many texts per graph run, and this many padded tokens in all. */
const CHUNK_TEXTS = 32;
const CHUNK_TOKENS = 16_384;
/** A model without a position table (relative positions) still gets a bound. */
const DEFAULT_MAX_TOKENS = 512;

export async function openEmbedder(ref: ModelRef, session: SessionConfig = {}): Promise<TextEmbedder> {
  const opened = await openModel(ref);
  const { family } = hiddenStatesOf(opened.config, opened.dir, 'search');
  const folder = await loadModelFolder(opened);
  const tokenizer = folder.tokenizer;
  if (!tokenizer) throw new InputError(`${opened.dir} has no tokenizer.json; an embedding model needs its tokenizer`);
  const graph = hiddenStatesInferenceGraph(family, opened.config, flatWeights(folder.weights), true);
  const runtime = await RuntimeSession.create(graph, session);
  const dims = dimensionsOf(opened.config);
  const maxTokens = dims.maxPositions ?? DEFAULT_MAX_TOKENS;
  const specials = tokenizer.addSpecialTokens([]).length;
  const padId = tokenizer.specialTokenIds.pad ?? 0;
  const extraNames = Object.keys(extraInputSamples(family, opened.config));

  const encode = (text: string) => tokenizer.addSpecialTokens(tokenizer.encode(text).slice(0, Math.max(0, maxTokens - specials)));

  /** One graph run over rows of ids: padded to the longest, with each text's extra inputs. */
  const run = async (rows: number[][]): Promise<Float32Array[]> => {
    const B = rows.length;
    const T = Math.max(...rows.map((r) => r.length));
    const ids = new BigInt64Array(B * T).fill(BigInt(padId));
    const mask = new BigInt64Array(B * T);
    rows.forEach((r, b) => r.forEach((id, t) => ((ids[b * T + t] = BigInt(id)), (mask[b * T + t] = 1n))));
    const int64 = (data: BigInt64Array): TensorData => ({ dtype: 'int64', shape: [B, T], data });
    const feeds: Record<string, TensorData> = { input_ids: int64(ids), attention_mask: int64(mask), token_type_ids: int64(new BigInt64Array(B * T)) };
    for (const name of extraNames) feeds[name] = stackPadded(rows.map((r) => family.extraInputs!(opened.config, encodedText(tokenizer, r))[name]), T);
    const out = (await runtime.run(feeds, [SENTENCE_EMBEDDING]))[SENTENCE_EMBEDDING];
    const C = out.shape[1];
    const data = out.data as Float32Array;
    return rows.map((_, b) => data.slice(b * C, (b + 1) * C));
  };

  return {
    dim: dims.width,
    maxTokens,
    async embed(texts) {
      const encoded = texts.map(encode);
      // Similar lengths together: less padding per chunk; results go back in the caller's order.
      const order = [...encoded.keys()].sort((a, b) => encoded[a].length - encoded[b].length);
      const vectors: Float32Array[] = new Array(texts.length);
      for (let start = 0; start < order.length; ) {
        let end = start + 1;
        while (end < order.length && end - start < CHUNK_TEXTS && (end - start + 1) * encoded[order[end]].length <= CHUNK_TOKENS) end++;
        const chunk = order.slice(start, end);
        const result = await run(chunk.map((i) => encoded[i]));
        chunk.forEach((i, k) => (vectors[i] = result[k]));
        start = end;
      }
      return vectors;
    },
    release: () => runtime.release(),
  };
}

/** Per-text tensors (1, t, …) stacked into (B, T, …), zero after each text's end (masked out anyway). */
function stackPadded(parts: TensorData[], T: number): TensorData {
  const first = parts[0];
  const inner = first.shape.slice(2).reduce((a, b) => a * b, 1);
  const data = new (first.data.constructor as new (n: number) => TensorData['data'])(parts.length * T * inner);
  parts.forEach((p, b) => (data as { set(a: ArrayLike<unknown>, o: number): void }).set(p.data as ArrayLike<unknown>, b * T * inner));
  return { dtype: first.dtype, shape: [parts.length, T, ...first.shape.slice(2)], data } as TensorData;
}
