/**
 * A finite-difference case: a tiny graph built from differentiable inputs, the ops whose
 * gradient rules it exercises, and (only where ORT lacks a float64 kernel) a float32 fallback
 * with its tolerance and the reason.
 */
import type { GraphBuilder, Value } from '../../../../src/graph';
import { Rng } from '../../../../src/util/rng';
import type { CheckInput } from '../gradcheck';

export interface Float32Fallback {
  /** Why float64 cannot be used (checked: the float64 session must fail to be created). */
  why: string;
  eps: number;
  tol: number;
}

export interface GradCase {
  name: string;
  /** Ops whose gradient rules the case exercises; each must appear in the built graph. */
  covers: string[];
  inputs: CheckInput[];
  build: (g: GraphBuilder, xs: Value[]) => Value;
  float32?: Float32Fallback;
  /** Overrides for float64 (default eps 1e-6, relError < 1e-6). */
  eps?: number;
  tol?: number;
}

export const FLOAT64_TOL = 1e-6;

const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Seeded values in [lo, hi): positive bases, denominators and logs stay away from poles. */
export function uniform(shape: number[], lo: number, hi: number, seed = 7): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: count(shape) }, () => lo + (hi - lo) * rng.next());
}

/** Normal samples pushed at least `gap` away from 0, for kinks at 0 (Relu, Abs). */
export function awayFromZero(shape: number[], gap = 0.1, seed = 11): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: count(shape) }, () => {
    const v = rng.normal();
    return v + Math.sign(v || 1) * gap;
  });
}

/** A differentiable input (float, seeded normal values unless given). */
export const x = (name: string, shape: number[], values?: number[]): CheckInput => ({ name, shape, values });

/** An integer or bool input that is fed but not differentiated. */
export const fixed = (name: string, shape: number[], values: number[], dtype: 'int64' | 'int32' | 'bool' = 'int64'): CheckInput => ({
  name,
  shape,
  values,
  dtype,
});
