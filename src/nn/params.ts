/**
 * Parameters: the layout table (ordered name, shape, weight-decay flag, initialiser) that
 * drives initialisation, optimizer state, checkpoints and tests, and the two ways a model
 * graph receives them — as graph inputs (training: they change every step) or as constant
 * initializers (inference: faster, and the exported ONNX file is self-contained).
 */
import type { DType, GraphBuilder, Value } from '../graph';
import { numElements } from '../graph/shape';
import { Rng } from '../util/rng';
import { InputError } from '../util/errors';

/**
 * `zeroRow`: an embedding row left at zero, as torch's nn.Embedding(padding_idx) initialises
 * the padding token's vector (BERT's word embeddings).
 */
export type Init = { kind: 'normal'; std: number; zeroRow?: number } | { kind: 'zeros' } | { kind: 'ones' } | { kind: 'constant'; value: number };

export interface ParamSpec {
  /** Hugging Face parameter name, e.g. `transformer.h.0.attn.c_attn.weight`. */
  name: string;
  shape: number[];
  /** AdamW decays tensors with ≥ 2 dims (weights, embeddings) but not biases or norm gains. */
  decay: boolean;
  init: Init;
}

/** Where a model's parameters come from while its graph is being built. */
export interface ParamSource {
  param(name: string, shape: number[], init: Init): Value;
}

export type Weights = Map<string, Float32Array | Float64Array>;

/** Training: every parameter is a graph input `name`; the specs are recorded in build order. */
export class InputParams implements ParamSource {
  readonly specs: ParamSpec[] = [];
  readonly values: Value[] = [];
  private readonly byName = new Map<string, Value>();

  constructor(
    private readonly g: GraphBuilder,
    private readonly dtype: DType = 'float32',
  ) {}

  param(name: string, shape: number[], init: Init): Value {
    const existing = this.byName.get(name);
    if (existing) return existing;
    const v = this.g.input(name, this.dtype, shape);
    this.specs.push({ name, shape, decay: shape.length >= 2, init });
    this.values.push(v);
    this.byName.set(name, v);
    return v;
  }
}

/** Inference: parameters are initializers holding the given weights (the arrays themselves: write the graph before changing them). */
export class ConstantParams implements ParamSource {
  private readonly byName = new Map<string, Value>();

  constructor(
    private readonly g: GraphBuilder,
    private readonly weights: Weights,
    private readonly dtype: DType = 'float32',
  ) {}

  param(name: string, shape: number[]): Value {
    const existing = this.byName.get(name);
    if (existing) return existing;
    const data = this.weights.get(name);
    // Weights come from a model folder: a checkpoint without part of the graph (a base-model class without the task head) is bad input.
    if (!data) throw new InputError(`the model's weights have no tensor named '${name}', which this command's graph needs; the checkpoint lacks that part of the model (a base-model checkpoint has no task head)`);
    if (data.length !== numElements(shape)) {
      throw new Error(`weight '${name}' has ${data.length} values, expected shape [${shape}]`);
    }
    // The caller's array itself when its type is the graph's: every user writes the graph at once,
    // and a copy of GPT-2's 500 MB of weights took ~10 s and as much memory again on this machine.
    const same = this.dtype === 'float32' ? data instanceof Float32Array : data instanceof Float64Array;
    const v = this.g.constant({ dtype: this.dtype, shape, data: same ? data : this.dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data) }, name);
    this.byName.set(name, v);
    return v;
  }
}

/** Draws initial values for every spec, in table order, from one seeded stream. */
export function initialWeights(specs: ParamSpec[], seed: number, dtype: 'float32' | 'float64' = 'float32'): Weights {
  const rng = new Rng(seed);
  const weights: Weights = new Map();
  for (const spec of specs) {
    const n = numElements(spec.shape);
    // Straight into the typed array: a JS Array in between doubled the time and took 300 MB for
    // GPT-2's 38.6M-value token table (bench/results/real-sizes.md); the values are the same.
    const values = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    const { init } = spec;
    if (init.kind === 'normal') {
      for (let i = 0; i < n; i++) values[i] = rng.normal() * init.std;
      if (init.zeroRow !== undefined) {
        const width = n / spec.shape[0];
        values.fill(0, init.zeroRow * width, (init.zeroRow + 1) * width);
      }
    } else if (init.kind !== 'zeros') values.fill(init.kind === 'ones' ? 1 : init.value);
    weights.set(spec.name, values);
  }
  return weights;
}

/**
 * Training with every parameter packed into ONE graph input (N,), split and reshaped into the
 * tensors the model asks for. A step graph fed this way exchanges 3 tensors with ORT instead
 * of 3 per parameter, and its optimizer runs as a dozen ops over N values instead of a dozen
 * per tensor (bench/OPTIMISATIONS.md). `specs` must be the table the model builds (same order):
 * build once with InputParams to get it.
 */
export class FlatParams implements ParamSource {
  readonly values: Value[];
  private readonly byName: Map<string, Value>;

  constructor(
    g: GraphBuilder,
    readonly flat: Value, // (N,)
    readonly specs: ParamSpec[],
  ) {
    const sizes = specs.map((s) => numElements(s.shape));
    const parts = specs.length === 1 ? [flat] : g.split(flat, sizes, 0); // one copy of N values
    this.values = parts.map((part, i) => (specs[i].shape.length === 1 ? part : g.reshape(part, specs[i].shape)));
    this.byName = new Map(specs.map((s, i) => [s.name, this.values[i]]));
  }

  param(name: string, shape: number[]): Value {
    const v = this.byName.get(name);
    if (!v) throw new Error(`parameter '${name}' is not in the flat layout (the model built differently the second time)`);
    if (v.shape.join() !== shape.join()) throw new Error(`parameter '${name}': shape [${shape}] differs from the layout's [${v.shape}]`);
    return v;
  }
}

/** Start of each spec's values in the flat layout, and the total N. */
export function flatOffsets(specs: ParamSpec[]): { offsets: number[]; size: number } {
  const offsets: number[] = [];
  let size = 0;
  for (const s of specs) {
    offsets.push(size);
    size += numElements(s.shape);
  }
  return { offsets, size };
}
