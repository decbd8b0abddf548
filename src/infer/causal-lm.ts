/**
 * A decoder-only model folder opened for inference: its ONNX graph (KV cache, attention
 * outputs) in one ORT session, and a `forward` that advances a cache by some tokens.
 * Legend: B batch (1 here), T new tokens, P cached tokens, H heads, D head size, V vocab.
 */
import { existsSync } from 'node:fs';
import type { TensorData } from '../graph';
import { MASKED } from '../nn/attention';
import { buildGpt2CachedDecoder, cachedDecoderNames as c, exportGpt2Onnx, decoderNames as n } from '../models/gpt2/export-onnx';
import { isSequenceClassifier, type Gpt2Config } from '../models/configs';
import { configOf } from '../models/family';
import { openModel, type ModelRef } from '../models/open-model';
import { familyForTask } from '../models/registry';
import { flatWeights, loadModelFolder } from '../models/model-folder';
import { RuntimeSession, type SessionConfig } from '../runtime';
import type { PipelineTokenizer } from '../tokenizer';

export interface KvCache {
  /** Per layer (1, H, P, D) keys and values. */
  keys: TensorData[];
  values: TensorData[];
  length: number;
}

/**
 * Fixed-capacity keys and values per layer, (H, S, D) head-major, that the runtime decoder
 * reads in place and extends by writing the new rows after `frontier`'s length. Every cache built
 * on a slab is a prefix of the frontier, so rows it covers are never overwritten; a forward from
 * any other cache (a branch, as classify.ts does) copies into a fresh slab.
 */
interface Slab {
  keys: Float32Array[];
  values: Float32Array[];
  capacity: number;
  frontier?: KvCache;
}

const SLAB = Symbol('slab');
type SlabCache = KvCache & { [SLAB]?: Slab };

export interface ForwardResult {
  /** (T, V) logits of the new tokens. */
  logits: Float32Array;
  cache: KvCache;
  /** Per layer (1, H, T, P+T) when requested. */
  attentions?: TensorData[];
}

export class CausalLm {
  private constructor(
    readonly config: Gpt2Config,
    readonly tokenizer: PipelineTokenizer,
    private hfSession: RuntimeSession | undefined,
    private readonly openHf: () => Promise<RuntimeSession>,
    /** Our runtime decoder (in-place cache); absent when the folder has no weights to build it. */
    private readonly decoder: RuntimeSession | undefined,
  ) {}

  /** Opens a GPT-2 folder; uses its onnx/model.onnx, or builds the graph from the weights. */
  static async open(ref: ModelRef, sessionConfig: SessionConfig = {}): Promise<CausalLm> {
    const opened = await openModel(ref);
    const { dir } = opened;
    familyForTask(opened.config, 'generate', dir);
    const folder = await loadModelFolder(opened);
    if (!folder.tokenizer) throw new Error(`${dir} has no tokenizer.json`);
    const onnxPath = opened.paths.onnxModel;
    const config = configOf(folder.config, 'gpt2');
    const weights = folder.weights.size ? flatWeights(folder.weights) : undefined;
    // A finetuned classifier's onnx/model.onnx is its classifier graph; its LM (tied) is built from the weights.
    const useFile = existsSync(onnxPath) && !(isSequenceClassifier(config) && weights);
    const openHf = () => RuntimeSession.create(useFile ? onnxPath : exportGpt2Onnx(config, weights!), sessionConfig);
    // The HF-layout graph (onnx/model.onnx) serves attention maps; plain forwards use our decoder.
    const decoder = weights ? await RuntimeSession.create(buildGpt2CachedDecoder(config, weights), sessionConfig) : undefined;
    return new CausalLm(config, folder.tokenizer, decoder ? undefined : await openHf(), openHf, decoder);
  }

  get provider() {
    return (this.decoder ?? this.hfSession)!.provider;
  }

  emptyCache(): KvCache {
    const headSize = this.config.n_embd / this.config.n_head;
    const empty = (): TensorData => ({ dtype: 'float32', shape: [1, this.config.n_head, 0, headSize], data: new Float32Array(0) });
    return { keys: Array.from({ length: this.config.n_layer }, empty), values: Array.from({ length: this.config.n_layer }, empty), length: 0 };
  }

  /** Runs `ids` after the cached tokens; returns their logits and the extended cache. */
  async forward(ids: readonly number[], cache: KvCache, withAttentions = false): Promise<ForwardResult> {
    const total = cache.length + ids.length;
    if (total > this.config.n_positions) {
      throw new Error(`the text is ${total} tokens long but this model's context holds ${this.config.n_positions}`);
    }
    return this.decoder && !withAttentions ? this.forwardInPlace(this.decoder, ids, cache) : this.forwardHf(ids, cache, withAttentions);
  }

  /** Through the HF-layout graph: the whole cache goes in and comes back each call. */
  private async forwardHf(ids: readonly number[], cache: KvCache, withAttentions: boolean): Promise<ForwardResult> {
    this.hfSession ??= await this.openHf();
    const T = ids.length;
    const total = cache.length + T;
    const feeds: Record<string, TensorData> = {
      [n.inputIds]: { dtype: 'int64', shape: [1, T], data: BigInt64Array.from(ids, BigInt) },
      [n.attentionMask]: { dtype: 'int64', shape: [1, total], data: new BigInt64Array(total).fill(1n) },
      [n.positionIds]: { dtype: 'int64', shape: [1, T], data: BigInt64Array.from(ids, (_, i) => BigInt(cache.length + i)) },
    };
    for (let i = 0; i < this.config.n_layer; i++) {
      feeds[n.past.key(i)] = cache.keys[i];
      feeds[n.past.value(i)] = cache.values[i];
    }
    const layers = [...Array(this.config.n_layer).keys()];
    const wanted = [n.logits, ...layers.flatMap((i) => [n.present.key(i), n.present.value(i)]), ...(withAttentions ? layers.map(n.attention) : [])];
    const out = await this.hfSession.run(feeds, wanted);
    return {
      logits: out[n.logits].data as Float32Array,
      cache: { keys: layers.map((i) => out[n.present.key(i)]), values: layers.map((i) => out[n.present.value(i)]), length: total },
      attentions: withAttentions ? layers.map((i) => out[n.attention(i)]) : undefined,
    };
  }

  /**
   * Through our decoder: the cache slab goes in without a copy, only the T new keys/values come
   * back and are written into it (bench/OPTIMISATIONS.md: per-token cost flat in the position).
   */
  private async forwardInPlace(decoder: RuntimeSession, ids: readonly number[], cache: SlabCache): Promise<ForwardResult> {
    const { n_layer: L, n_head: H } = this.config;
    const D = this.config.n_embd / H;
    const [P, T] = [cache.length, ids.length];
    const slab = this.slabFor(cache, P + T);
    const S = slab.capacity;
    // (T, S + T): query t sees the P filled slots and new tokens 0…t.
    const bias = new Float32Array(T * (S + T));
    for (let t = 0; t < T; t++) {
      const row = t * (S + T);
      bias.fill(MASKED, row + P, row + S);
      bias.fill(MASKED, row + S + t + 1, row + S + T);
    }
    const feeds: Record<string, TensorData> = {
      [c.inputIds]: { dtype: 'int64', shape: [T], data: BigInt64Array.from(ids, BigInt) },
      [c.positionIds]: { dtype: 'int64', shape: [T], data: BigInt64Array.from(ids, (_, i) => BigInt(P + i)) },
      [c.bias]: { dtype: 'float32', shape: [T, S + T], data: bias },
    };
    for (let i = 0; i < L; i++) {
      feeds[c.cache.key(i)] = { dtype: 'float32', shape: [H, S, D], data: slab.keys[i] };
      feeds[c.cache.value(i)] = { dtype: 'float32', shape: [H, S, D], data: slab.values[i] };
    }
    const layers = [...Array(L).keys()];
    const out = await decoder.run(feeds, [c.logits, ...layers.flatMap((i) => [c.new.key(i), c.new.value(i)])]);
    for (const i of layers) {
      writeRows(slab.keys[i], out[c.new.key(i)].data as Float32Array, H, S, T, D, P);
      writeRows(slab.values[i], out[c.new.value(i)].data as Float32Array, H, S, T, D, P);
    }
    const next = slabCache(slab, P + T, H, D);
    slab.frontier = next;
    return { logits: out[c.logits].data as Float32Array, cache: next };
  }

  /** `cache`'s own slab when it is the frontier and has room; else a fresh one holding its rows. */
  private slabFor(cache: SlabCache, needed: number): Slab {
    const own = cache[SLAB];
    if (own && own.frontier === cache && own.capacity >= needed) return own;
    const { n_layer: L, n_head: H, n_positions } = this.config;
    const D = this.config.n_embd / H;
    // Power-of-two capacities from 64: attention costs at most 2× the filled length, and a
    // growing text is copied log₂ times in all.
    const capacity = Math.min(n_positions, Math.max(64, 2 ** Math.ceil(Math.log2(needed))));
    const alloc = () => Array.from({ length: L }, () => new Float32Array(H * capacity * D));
    const slab: Slab = { keys: alloc(), values: alloc(), capacity };
    const P = cache.length;
    for (let i = 0; i < L && P > 0; i++) {
      // Source rows: the old slab's, or the dense (1, H, P, D) tensors.
      const [srcK, srcV, srcS] = own ? [own.keys[i], own.values[i], own.capacity] : [cache.keys[i].data as Float32Array, cache.values[i].data as Float32Array, P];
      for (let h = 0; h < H; h++) {
        slab.keys[i].set(srcK.subarray(h * srcS * D, (h * srcS + P) * D), h * capacity * D);
        slab.values[i].set(srcV.subarray(h * srcS * D, (h * srcS + P) * D), h * capacity * D);
      }
    }
    return slab;
  }

  async release(): Promise<void> {
    await this.decoder?.release();
    await this.hfSession?.release();
  }
}

/** Writes rows (H, T, D) into a slab (H, S, D) at positions P…P+T-1. */
function writeRows(slab: Float32Array, rows: Float32Array, H: number, S: number, T: number, D: number, P: number): void {
  for (let h = 0; h < H; h++) slab.set(rows.subarray(h * T * D, (h + 1) * T * D), (h * S + P) * D);
}

/** A KvCache over the first `length` rows of `slab`; its dense keys/values are copied on first read. */
function slabCache(slab: Slab, length: number, H: number, D: number): SlabCache {
  const dense = (arrays: Float32Array[]) => arrays.map((a): TensorData => {
    const data = new Float32Array(H * length * D);
    for (let h = 0; h < H; h++) data.set(a.subarray(h * slab.capacity * D, (h * slab.capacity + length) * D), h * length * D);
    return { dtype: 'float32', shape: [1, H, length, D], data };
  });
  let keys: TensorData[] | undefined;
  let values: TensorData[] | undefined;
  return {
    length,
    [SLAB]: slab,
    get keys() {
      return (keys ??= dense(slab.keys));
    },
    get values() {
      return (values ??= dense(slab.values));
    },
  };
}
