/**
 * Shape and dtype inference per ONNX op. Each op family registers its rule here; the builder
 * calls `inferNode` on every node it adds, so a wrong shape fails at build time with the
 * node's name and its input shapes instead of deep inside ONNX Runtime.
 */
import type { DType } from '../dtype';
import type { Attrs, Value } from '../ir';
import type { Dim } from '../shape';
import { Registry } from '../../util/registry';

export interface OutputType {
  dtype: DType;
  shape: Dim[];
  knownDims?: Dim[];
}

export interface InferContext {
  inputs: (Value | undefined)[];
  attrs: Attrs;
  /** How many outputs the caller asked for (ops with optional outputs). */
  numOutputs: number;
}

export type InferFn = (ctx: InferContext) => OutputType[];

/** Thrown by inference rules; the builder rethrows it with the node's identity. */
export class ShapeError extends Error {}

/** Registers the rules of an op family; the rule of an op; every op with a rule (what the builder can emit), sorted. */
export const { add: registerOps, get: inferenceRule, names: inferenceOps } = new Registry<InferFn>();

export function input(ctx: InferContext, i: number): Value {
  const v = ctx.inputs[i];
  if (!v) throw new ShapeError(`input ${i} is required`);
  return v;
}

export function intAttr(ctx: InferContext, name: string, fallback?: number): number {
  const a = ctx.attrs[name];
  if (a === undefined) {
    if (fallback === undefined) throw new ShapeError(`attribute '${name}' is required`);
    return fallback;
  }
  if (typeof a !== 'number') throw new ShapeError(`attribute '${name}' must be a number`);
  return a;
}

export function intsAttr(ctx: InferContext, name: string): number[] | undefined {
  const a = ctx.attrs[name];
  if (a === undefined) return undefined;
  if (!Array.isArray(a) || a.some((x) => typeof x !== 'number')) {
    throw new ShapeError(`attribute '${name}' must be a list of integers`);
  }
  return a as number[];
}

/** The integer contents of a constant 1-D/0-D int tensor, or undefined if not constant. */
export function constInts(v: Value | undefined): number[] | undefined {
  const c = v?.constData;
  if (!c) return undefined;
  return Array.from(c.data as ArrayLike<number | bigint>, (x) => Number(x));
}

/** The dims a shape-describing int64 value holds (constant or tracked), if known. */
export function knownDims(v: Value | undefined): Dim[] | undefined {
  return v?.knownDims ?? constInts(v);
}

export function requireSameDType(op: string, values: Value[]): DType {
  const d = values[0].dtype;
  for (const v of values) {
    if (v.dtype !== d) {
      throw new ShapeError(`${op} needs equal element types, got ${values.map((x) => x.dtype).join(' and ')}`);
    }
  }
  return d;
}

export function axisIn(axis: number, rank: number, what = 'axis'): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new ShapeError(`${what} ${axis} is out of range for rank ${rank}`);
  return a;
}
