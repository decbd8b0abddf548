/**
 * ONNX Runtime sessions with Pretrain Lab's options: execution-provider choice with our own CPU
 * fallback, thread counts, and `TensorData` in and out by name.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import type { TensorData } from '../graph';
import { openWithFallback, type DeviceRequest, type Provider, type ProviderChoice } from './execution-provider';
import { loadOrt } from './ort';
import { fromOrtTensor, toOrtTensor } from './tensors';

export interface SessionConfig {
  /** Where to run; `auto` takes CUDA when it loads, else CPU. Default `cpu`. */
  device?: DeviceRequest;
  /** Threads inside one op (MatMul etc.); default: ORT's choice (one per physical core). */
  intraOpNumThreads?: number;
  /** Threads across independent ops; 1, because execution is sequential anyway. */
  interOpNumThreads?: number;
  /** Default `all`; `disabled` helps when comparing against a reference node by node. */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /** ORT's CPU arena reuses buffers between runs (faster steps, more resident memory). Default on. */
  enableCpuMemArena?: boolean;
  /**
   * Flush denormal floats to zero in ORT's threads. Default on: masked attention scores (-1e9)
   * leave softmax outputs of ~1e-40, and denormal arithmetic made the GPT-2 step's Softmax 6×
   * slower (bench/OPTIMISATIONS.md). Values below 1.2e-38 carry no meaning for these models.
   */
  denormalAsZero?: boolean;
}

export type Feeds = Record<string, TensorData>;
export type Results = Record<string, TensorData>;

export class RuntimeSession {
  private readonly inputSet: ReadonlySet<string>;
  /**
   * The ORT wrapper last made for each fed array, by identity: a decoder feeds the same cache
   * buffers at every token, and wrapping them anew each time was a measurable share of a token.
   * The wrapper holds the array itself (no copy), so reusing it is safe while the shape matches.
   */
  private readonly wrapped = new WeakMap<object, { dtype: string; shape: string; tensor: Tensor }>();

  private constructor(
    private readonly session: InferenceSession,
    readonly provider: ProviderChoice,
  ) {
    this.inputSet = new Set(session.inputNames);
  }

  /** Opens a model given as ONNX bytes or a file path. */
  static async create(model: Uint8Array | string, config: SessionConfig = {}): Promise<RuntimeSession> {
    const { value, choice } = await openWithFallback(config.device ?? 'cpu', (provider) =>
      openSession(model, provider, config),
    );
    return new RuntimeSession(value, choice);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Runs the graph; returns the requested outputs (default: all) by name. */
  async run(feeds: Feeds, outputNames: readonly string[] = this.session.outputNames): Promise<Results> {
    this.checkFeeds(feeds);
    const ortFeeds: Record<string, Tensor> = {};
    for (const name in feeds) ortFeeds[name] = this.wrap(name, feeds[name]);
    const out = await this.session.run(ortFeeds, outputNames);
    const results: Results = {};
    for (const name of outputNames) results[name] = fromOrtTensor(name, out[name]);
    return results;
  }

  async release(): Promise<void> {
    await this.session.release();
  }

  private wrap(name: string, t: TensorData): Tensor {
    const shape = t.shape.join();
    const known = this.wrapped.get(t.data);
    // The length check catches a buffer detached (transferred) since: wrapping it anew then fails clearly.
    if (known && known.dtype === t.dtype && known.shape === shape && t.data.length === known.tensor.size) return known.tensor;
    const tensor = toOrtTensor(loadOrt(), name, t);
    this.wrapped.set(t.data, { dtype: t.dtype, shape, tensor });
    return tensor;
  }

  /** ORT's own message for a missing feed does not list what the graph expects; ours does. */
  private checkFeeds(feeds: Feeds): void {
    let given = 0;
    let allKnown = true;
    for (const name in feeds) {
      given++;
      allKnown &&= this.inputSet.has(name);
    }
    if (allKnown && given === this.inputSet.size) return;
    const expected = this.session.inputNames;
    const missing = expected.filter((n) => !(n in feeds));
    const unknown = Object.keys(feeds).filter((n) => !this.inputSet.has(n));
    if (missing.length || unknown.length) {
      const parts = [
        missing.length ? `missing ${missing.map((n) => `'${n}'`).join(', ')}` : '',
        unknown.length ? `unknown ${unknown.map((n) => `'${n}'`).join(', ')}` : '',
      ].filter(Boolean);
      throw new Error(`session inputs: ${parts.join('; ')} (the graph takes ${expected.join(', ')})`);
    }
  }
}

function openSession(model: Uint8Array | string, provider: Provider, config: SessionConfig): Promise<InferenceSession> {
  const options: InferenceSession.SessionOptions = {
    executionProviders: [provider],
    interOpNumThreads: config.interOpNumThreads ?? 1,
    graphOptimizationLevel: config.graphOptimizationLevel ?? 'all',
    enableCpuMemArena: config.enableCpuMemArena ?? true,
    executionMode: 'sequential',
    // Errors come back as thrown errors that we word for the user; ORT's own log lines would
    // print beside them in colour (see loadOrt). 4 = fatal only.
    logSeverityLevel: 4,
  };
  if (config.denormalAsZero ?? true) options.extra = { session: { set_denormal_as_zero: '1' } };
  if (config.intraOpNumThreads !== undefined) options.intraOpNumThreads = config.intraOpNumThreads;
  const { InferenceSession } = loadOrt();
  // Both overloads exist; TypeScript cannot pick one for a union argument.
  return typeof model === 'string' ? InferenceSession.create(model, options) : InferenceSession.create(model, options);
}
