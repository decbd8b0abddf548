/**
 * The graph IR: values (typed, shaped), nodes (ONNX ops) and graphs. Everything the autodiff,
 * the models and the ONNX writer exchange is made of these.
 */
import type { DType, TypedArray } from './dtype';
import type { Dim, Shape } from './shape';

/** Constant tensor data held by initializers. */
export interface TensorData {
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

export interface Value {
  readonly id: number;
  /** Unique within its graph; becomes the ONNX value name. */
  name: string;
  dtype: DType;
  shape: Shape;
  /** The node computing this value; absent for graph inputs and initializers. */
  producer?: Node;
  /** Constant data for initializers. */
  constData?: TensorData;
  /**
   * For 1-D int64 values that describe a shape (outputs of Shape, shape constants, their
   * concatenations): the dimensions they hold, possibly symbolic. Lets Reshape, Expand and
   * ConstantOfShape infer output shapes from run-time shapes.
   */
  knownDims?: Dim[];
}

export type AttrValue = number | number[] | string | string[] | TensorData | Graph;
export type Attrs = Record<string, AttrValue>;

export interface Node {
  readonly id: number;
  op: string;
  /** ONNX domain; '' is the default ai.onnx domain. */
  domain: string;
  name: string;
  /** `undefined` marks an omitted optional input. */
  inputs: (Value | undefined)[];
  outputs: Value[];
  attrs: Attrs;
}

export class Graph {
  readonly inputs: Value[] = [];
  readonly outputs: Value[] = [];
  readonly nodes: Node[] = [];
  readonly initializers: Value[] = [];
  private nextId = 0;
  private readonly usedNames = new Set<string>();
  /** Per base name, the suffix to try next (see uniqueName). */
  private readonly nextSuffix = new Map<string, number>();

  constructor(
    public name: string,
    /** ai.onnx opset version the graph is written against. */
    public readonly opset = 20,
  ) {}

  /** A fresh value; `name` is made unique by suffixing a counter if already taken. */
  newValue(dtype: DType, shape: Shape, name?: string): Value {
    const id = this.nextId++;
    return { id, name: this.uniqueName(name ?? `v${id}`), dtype, shape: [...shape] };
  }

  newNodeId(): number {
    return this.nextId++;
  }

  uniqueName(base: string): string {
    // Names are never freed, so the suffixes below the last one given for `base` are all taken:
    // starting there keeps graphs with thousands of same-named values linear to build.
    let name = base;
    let i = this.nextSuffix.get(base) ?? 1;
    while (this.usedNames.has(name)) name = `${base}_${i++}`;
    this.nextSuffix.set(base, i);
    this.usedNames.add(name);
    return name;
  }

  /** Claims an exact name (graph inputs and outputs must keep theirs). */
  claimName(name: string): void {
    if (this.usedNames.has(name)) throw new Error(`graph '${this.name}': the name '${name}' is already used`);
    this.usedNames.add(name);
  }
}
