/**
 * A decoder-only model folder opened for inference: its ONNX graph (KV cache, attention
 * outputs) in one ORT session, and a `forward` that advances a cache by some tokens.
 * Legend: B batch (1 here), T new tokens, P cached tokens, H heads, D head size, V vocab.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { TensorData } from '../graph';
import { exportGpt2Onnx, decoderNames as n } from '../models/export-gpt2';
import type { Gpt2Config } from '../models/configs';
import { flatWeights, loadModelFolder } from '../modelfile/folder';
import { RuntimeSession, type SessionConfig } from '../runtime';
import type { PipelineTokenizer } from '../tokenizer';

export interface KvCache {
  /** Per layer (1, H, P, D) keys and values. */
  keys: TensorData[];
  values: TensorData[];
  length: number;
}

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
    private readonly session: RuntimeSession,
  ) {}

  /** Opens a GPT-2 folder; uses its onnx/model.onnx, or builds the graph from the weights. */
  static async open(dir: string, sessionConfig: SessionConfig = {}): Promise<CausalLm> {
    const folder = await loadModelFolder(dir);
    if (folder.config.model_type !== 'gpt2') {
      throw new Error(`${dir} holds a '${folder.config.model_type}' model; text generation needs a decoder (gpt2)`);
    }
    if (!folder.tokenizer) throw new Error(`${dir} has no tokenizer.json`);
    const onnxPath = path.join(dir, 'onnx', 'model.onnx');
    const model = existsSync(onnxPath) ? onnxPath : exportGpt2Onnx(folder.config, flatWeights(folder.weights));
    return new CausalLm(folder.config, folder.tokenizer, await RuntimeSession.create(model, sessionConfig));
  }

  get provider() {
    return this.session.provider;
  }

  emptyCache(): KvCache {
    const headSize = this.config.n_embd / this.config.n_head;
    const empty = (): TensorData => ({ dtype: 'float32', shape: [1, this.config.n_head, 0, headSize], data: new Float32Array(0) });
    return { keys: Array.from({ length: this.config.n_layer }, empty), values: Array.from({ length: this.config.n_layer }, empty), length: 0 };
  }

  /** Runs `ids` after the cached tokens; returns their logits and the extended cache. */
  async forward(ids: readonly number[], cache: KvCache, withAttentions = false): Promise<ForwardResult> {
    const T = ids.length;
    const total = cache.length + T;
    if (total > this.config.n_positions) {
      throw new Error(`the text is ${total} tokens long but this model's context holds ${this.config.n_positions}`);
    }
    const feeds: Record<string, TensorData> = {
      [n.inputIds]: { dtype: 'int64', shape: [1, T], data: BigInt64Array.from(ids, BigInt) },
      [n.attentionMask]: { dtype: 'int64', shape: [1, total], data: new BigInt64Array(total).fill(1n) },
      [n.positionIds]: { dtype: 'int64', shape: [1, T], data: BigInt64Array.from(ids, (_, i) => BigInt(cache.length + i)) },
    };
    for (let i = 0; i < this.config.n_layer; i++) {
      feeds[n.pastKey(i)] = cache.keys[i];
      feeds[n.pastValue(i)] = cache.values[i];
    }
    const layers = [...Array(this.config.n_layer).keys()];
    const wanted = [n.logits, ...layers.flatMap((i) => [n.presentKey(i), n.presentValue(i)]), ...(withAttentions ? layers.map(n.attention) : [])];
    const out = await this.session.run(feeds, wanted);
    return {
      logits: out[n.logits].data as Float32Array,
      cache: { keys: layers.map((i) => out[n.presentKey(i)]), values: layers.map((i) => out[n.presentValue(i)]), length: total },
      attentions: withAttentions ? layers.map((i) => out[n.attention(i)]) : undefined,
    };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
