/**
 * GraphBuilder: the API models and gradient rules use to emit ONNX nodes. Calls read like the
 * math (`g.add(g.matmul(x, w), b)`); every node is shape-checked as it is added.
 */
import { type DType, ONNX_DTYPE_CODE, typedFrom } from './dtype';
import { Graph, type Attrs, type Node, type TensorData, type Value } from './ir';
import { inferenceRule, ShapeError } from './ops';
import { formatShape, type Dim, type Shape } from './shape';
import { BINARY_METHODS, UNARY_METHODS } from './elementwise-methods';

export type Operand = Value | number;
type BinaryMethod = keyof typeof BINARY_METHODS;
type UnaryMethod = keyof typeof UNARY_METHODS;

export class GraphBuildError extends Error {}

export interface NodeOptions {
  numOutputs?: number;
  domain?: string;
  /** Names for the outputs (made unique); default `<node name>_out<i>`. */
  outputNames?: string[];
}

export class GraphBuilder {
  readonly graph: Graph;
  private readonly scopes: string[] = [];
  private readonly scalarCache = new Map<string, Value>();

  constructor(name: string, opset = 20) {
    this.graph = new Graph(name, opset);
  }

  // ---- graph boundary -------------------------------------------------------------------

  input(name: string, dtype: DType, shape: Shape): Value {
    this.graph.claimName(name);
    const v = this.graph.newValue(dtype, shape, `${name}__tmp`);
    v.name = name;
    this.graph.inputs.push(v);
    return v;
  }

  /**
   * Marks `value` as a graph output called `name`, through an Identity if it has another name.
   * `rename`: a node's output takes the name in place instead (an input, initializer or value
   * already output still goes through an Identity). ORT keeps such Identities and copies the
   * tensor: 0.4 ms per optimizer vector in the step graph (bench/OPTIMISATIONS.md).
   */
  output(value: Value, name: string, options: { rename?: boolean } = {}): Value {
    let out = value;
    const isBoundary = this.graph.inputs.includes(value) || this.graph.outputs.includes(value) || value.constData;
    if (options.rename && value.name !== name && !isBoundary && value.producer) {
      this.graph.claimName(name);
      value.name = name;
    } else if (value.name !== name || isBoundary) {
      this.graph.claimName(name);
      out = this.node('Identity', [value])[0];
      out.name = name;
    }
    this.graph.outputs.push(out);
    return out;
  }

  /** A named constant tensor, stored as an initializer. */
  constant(data: TensorData, name?: string): Value {
    const v = this.graph.newValue(data.dtype, data.shape, name ?? 'const');
    v.constData = data;
    if (data.dtype === 'int64' && data.shape.length <= 1) v.knownDims = Array.from(data.data as BigInt64Array, Number);
    this.graph.initializers.push(v);
    return v;
  }

  /** A scalar constant of `dtype`; identical scalars are shared. */
  scalar(value: number, dtype: DType = 'float32'): Value {
    const key = `${dtype}:${Object.is(value, -0) ? '-0' : value}`;
    let v = this.scalarCache.get(key);
    if (!v) {
      v = this.constant({ dtype, shape: [], data: typedFrom(dtype, [value]) }, 'scalar');
      this.scalarCache.set(key, v);
    }
    return v;
  }

  /** A 1-D int64 constant (axes, shapes, split sizes). */
  ints(values: readonly number[]): Value {
    return this.constant({ dtype: 'int64', shape: [values.length], data: typedFrom('int64', values) }, 'ints');
  }

  /** Runs `body` with node names prefixed by `name/` (shows up in errors and in the ONNX file). */
  scope<T>(name: string, body: () => T): T {
    this.scopes.push(name);
    try {
      return body();
    } finally {
      this.scopes.pop();
    }
  }

  // ---- generic node -----------------------------------------------------------------------

  node(op: string, inputs: (Value | undefined)[], attrs: Attrs = {}, options: NodeOptions = {}): Value[] {
    const id = this.graph.newNodeId();
    const name = this.graph.uniqueName([...this.scopes, `${op}_${id}`].join('/'));
    const rule = inferenceRule(op);
    if (!rule) throw new GraphBuildError(`node ${name}: no shape inference for op '${op}'`);
    const numOutputs = options.numOutputs ?? 1;
    let types;
    try {
      types = rule({ inputs, attrs, numOutputs });
    } catch (err) {
      if (!(err instanceof ShapeError)) throw err;
      const described = inputs.map((v, i) => (v ? `${v.name} ${v.dtype}${formatShape(v.shape)}` : `#${i} (none)`));
      throw new GraphBuildError(`node ${name} (${op}): ${err.message}; inputs: ${described.join(', ')}`);
    }
    const node: Node = { id, op, domain: options.domain ?? '', name, inputs, outputs: [], attrs };
    node.outputs = types.slice(0, numOutputs).map((t, i) => {
      const v = this.graph.newValue(t.dtype, t.shape, options.outputNames?.[i] ?? `${name}_out${i}`);
      v.producer = node;
      if (t.knownDims) v.knownDims = t.knownDims;
      return v;
    });
    this.graph.nodes.push(node);
    return node.outputs;
  }

  private one(op: string, inputs: (Value | undefined)[], attrs: Attrs = {}): Value {
    return this.node(op, inputs, attrs)[0];
  }

  /** Turns numbers into scalars of the other operand's dtype. */
  private operands(a: Operand, b: Operand): [Value, Value] {
    if (typeof a === 'number' && typeof b === 'number') throw new GraphBuildError('at least one operand must be a graph value');
    const dtype = (typeof a === 'number' ? (b as Value) : a).dtype;
    return [typeof a === 'number' ? this.scalar(a, dtype) : a, typeof b === 'number' ? this.scalar(b, dtype) : b];
  }

  // ---- element-wise -----------------------------------------------------------------------

  // add, sub, …, exp, log, …: each only emits its op, so they are defined from the tables of
  // elementwise-methods.ts rather than written out one by one (typed by the interface below the class).
  static {
    for (const [method, op] of Object.entries(BINARY_METHODS)) {
      GraphBuilder.prototype[method as BinaryMethod] = function (this: GraphBuilder, a: Operand, b: Operand): Value {
        return this.one(op, this.operands(a, b));
      };
    }
    for (const [method, op] of Object.entries(UNARY_METHODS)) {
      GraphBuilder.prototype[method as UnaryMethod] = function (this: GraphBuilder, x: Value): Value {
        return this.one(op, [x]);
      };
    }
  }
  and(a: Value, b: Value): Value {
    return this.one('And', [a, b]);
  }
  /** ONNX Gelu (opset 20): exact erf form, or the tanh approximation GPT-2 uses. */
  gelu(x: Value, approximate: 'none' | 'tanh' = 'none'): Value {
    return this.one('Gelu', [x], approximate === 'none' ? {} : { approximate });
  }
  where(cond: Value, a: Operand, b: Operand): Value {
    const [x, y] = this.operands(a, b);
    return this.one('Where', [cond, x, y]);
  }
  cast(x: Value, to: DType): Value {
    if (x.dtype === to) return x;
    return this.one('Cast', [x], { to: ONNX_DTYPE_CODE[to] });
  }

  // ---- linear algebra ----------------------------------------------------------------------

  matmul(a: Value, b: Value): Value {
    return this.one('MatMul', [a, b]);
  }
  /** alpha·op(A)·op(B) + beta·C for 2-D operands. */
  gemm(a: Value, b: Value, c?: Value, opts: { transA?: boolean; transB?: boolean; alpha?: number; beta?: number } = {}): Value {
    const attrs: Attrs = {};
    if (opts.transA) attrs.transA = 1;
    if (opts.transB) attrs.transB = 1;
    if (opts.alpha !== undefined && opts.alpha !== 1) attrs.alpha = opts.alpha;
    if (opts.beta !== undefined && opts.beta !== 1) attrs.beta = opts.beta;
    return this.one('Gemm', c ? [a, b, c] : [a, b], attrs);
  }

  // ---- reductions and normalisation -------------------------------------------------------------

  reduceSum(x: Value, axes?: readonly number[], keepdims = true): Value {
    return this.reduce('ReduceSum', x, axes, keepdims);
  }
  reduceMean(x: Value, axes?: readonly number[], keepdims = true): Value {
    return this.reduce('ReduceMean', x, axes, keepdims);
  }
  reduceMax(x: Value, axes?: readonly number[], keepdims = true): Value {
    return this.reduce('ReduceMax', x, axes, keepdims);
  }
  /** Index of the largest entry along `axis` (int64; the first on ties). Discrete: no gradient flows through it. */
  argMax(x: Value, axis: number, keepdims = false): Value {
    return this.one('ArgMax', [x], { axis, keepdims: keepdims ? 1 : 0 });
  }
  private reduce(op: string, x: Value, axes: readonly number[] | undefined, keepdims: boolean): Value {
    return this.one(op, axes ? [x, this.ints(axes)] : [x], { keepdims: keepdims ? 1 : 0 });
  }
  softmax(x: Value, axis = -1): Value {
    return this.one('Softmax', [x], { axis });
  }
  logSoftmax(x: Value, axis = -1): Value {
    return this.one('LogSoftmax', [x], { axis });
  }
  layerNorm(x: Value, scale: Value, bias: Value | undefined, epsilon: number, axis = -1): Value {
    return this.one('LayerNormalization', [x, scale, bias], { axis, epsilon });
  }
  /** Fused log-softmax + NLL; scores (N, C, …), labels (N, …); returns the mean over kept labels. */
  softmaxCrossEntropy(scores: Value, labels: Value, ignoreIndex = -100, reduction: 'mean' | 'sum' | 'none' = 'mean'): Value {
    return this.one('SoftmaxCrossEntropyLoss', [scores, labels], { ignore_index: ignoreIndex, reduction });
  }

  // ---- layout -------------------------------------------------------------------------------

  transpose(x: Value, perm: readonly number[]): Value {
    return this.one('Transpose', [x], { perm: [...perm] });
  }
  /** Target dims may use 0 (copy input dim) and one -1 (inferred), or be a run-time shape value. */
  reshape(x: Value, dims: readonly number[] | Value): Value {
    return this.one('Reshape', [x, Array.isArray(dims) ? this.ints(dims as number[]) : (dims as Value)]);
  }
  unsqueeze(x: Value, axes: readonly number[]): Value {
    return this.one('Unsqueeze', [x, this.ints(axes)]);
  }
  squeeze(x: Value, axes: readonly number[]): Value {
    return this.one('Squeeze', [x, this.ints(axes)]);
  }
  concat(xs: Value[], axis: number): Value {
    return this.one('Concat', xs, { axis });
  }
  split(x: Value, sizes: readonly number[], axis: number): Value[] {
    return this.node('Split', [x, this.ints(sizes)], { axis }, { numOutputs: sizes.length });
  }
  /** `starts`/`ends` may be run-time int64 values (the sliced dims then become symbolic). */
  slice(x: Value, starts: readonly number[] | Value, ends: readonly number[] | Value, axes: readonly number[]): Value {
    const ints = (v: readonly number[] | Value) => ('id' in v ? v : this.ints(v));
    return this.one('Slice', [x, ints(starts), ints(ends), this.ints(axes)]);
  }
  shape(x: Value): Value {
    return this.one('Shape', [x]);
  }
  /** The shape of `x` as a value: a constant when static, a Shape node otherwise. */
  shapeOf(x: Value): Value {
    return x.shape.every((d) => typeof d === 'number') ? this.ints(x.shape as number[]) : this.shape(x);
  }
  expand(x: Value, shape: Value | readonly Dim[]): Value {
    const target = Array.isArray(shape) ? this.ints(shape as number[]) : (shape as Value);
    return this.one('Expand', [x, target]);
  }
  /** Zero padding; `pads` = [begin_0, …, begin_n, end_0, …, end_n] as in ONNX Pad. */
  pad(x: Value, pads: readonly number[]): Value {
    return this.one('Pad', [x, this.ints(pads)]);
  }
  range(start: Value, limit: Value, delta: Value): Value {
    return this.one('Range', [start, limit, delta]);
  }
  trilu(x: Value, upper: boolean, k?: Value): Value {
    return this.one('Trilu', k ? [x, k] : [x], { upper: upper ? 1 : 0 });
  }

  // ---- indexing -------------------------------------------------------------------------------

  gather(data: Value, indices: Value, axis = 0): Value {
    return this.one('Gather', [data, indices], { axis });
  }
  gatherElements(data: Value, indices: Value, axis: number): Value {
    return this.one('GatherElements', [data, indices], { axis });
  }
  scatterElements(data: Value, indices: Value, updates: Value, axis: number, reduction: 'none' | 'add' = 'none'): Value {
    return this.one('ScatterElements', [data, indices, updates], reduction === 'none' ? { axis } : { axis, reduction });
  }
  scatterND(data: Value, indices: Value, updates: Value, reduction: 'none' | 'add' = 'none'): Value {
    return this.one('ScatterND', [data, indices, updates], reduction === 'none' ? {} : { reduction });
  }
}

/** The element-wise methods the class defines from its tables. */
export interface GraphBuilder extends Record<BinaryMethod, (a: Operand, b: Operand) => Value>, Record<UnaryMethod, (x: Value) => Value> {}
