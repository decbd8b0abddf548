/**
 * Shapes with symbolic dimensions. A dimension is a number when known at build time,
 * or a string naming a size known only at run time ('batch', 'seq', 'past'). Symbolic
 * products are written 'a*b' so Reshape can still reason about them.
 */
export type Dim = number | string;
export type Shape = readonly Dim[];

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function isStatic(shape: Shape): shape is readonly number[] {
  return shape.every((d) => typeof d === 'number');
}

export function numElements(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function sameDim(a: Dim, b: Dim): boolean {
  return a === b;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => sameDim(d, b[i]));
}

/** Normalises a possibly negative axis against a rank, or returns undefined if out of range. */
export function normaliseAxis(axis: number, rank: number): number | undefined {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank ? a : undefined;
}

/**
 * Numpy-style broadcast of several shapes. Returns an error string instead of throwing so
 * callers can name the node. A symbolic dim is assumed to match whatever it meets (ONNX
 * Runtime checks it at run time); only two different known sizes are an error.
 */
export function broadcastShapes(shapes: Shape[]): Dim[] | string {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let dim: Dim = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + i];
      if (d === undefined || d === 1) continue;
      if (dim === 1 || (typeof dim === 'string' && typeof d === 'number')) dim = d;
      else if (typeof dim === 'number' && typeof d === 'number' && dim !== d) {
        return `cannot broadcast ${shapes.map(formatShape).join(' with ')} (dimension ${i}: ${dim} vs ${d})`;
      }
    }
    out.push(dim);
  }
  return out;
}

/** A dimension as coefficient × product of symbols, for Reshape inference. */
interface Monomial {
  coef: number;
  syms: string[];
}

function toMonomial(d: Dim): Monomial {
  if (typeof d === 'number') return { coef: d, syms: [] };
  const syms: string[] = [];
  let coef = 1;
  for (const part of d.split('*')) {
    const n = Number(part);
    if (Number.isInteger(n) && part.trim() !== '') coef *= n;
    else syms.push(part);
  }
  return { coef, syms: syms.sort() };
}

function fromMonomial(m: Monomial): Dim {
  if (m.syms.length === 0) return m.coef;
  return [...(m.coef !== 1 ? [String(m.coef)] : []), ...m.syms].join('*');
}

export function productOfDims(dims: readonly Dim[]): Dim {
  const m = dims.map(toMonomial).reduce(
    (acc, x) => ({ coef: acc.coef * x.coef, syms: [...acc.syms, ...x.syms].sort() }),
    { coef: 1, syms: [] },
  );
  return fromMonomial(m);
}

/** a / b for dims when exactly divisible, else undefined. */
export function divideDims(a: Dim, b: Dim): Dim | undefined {
  const ma = toMonomial(a);
  const mb = toMonomial(b);
  if (mb.coef === 0 || ma.coef % mb.coef !== 0) return undefined;
  const syms = [...ma.syms];
  for (const s of mb.syms) {
    const i = syms.indexOf(s);
    if (i < 0) return undefined;
    syms.splice(i, 1);
  }
  return fromMonomial({ coef: ma.coef / mb.coef, syms });
}
