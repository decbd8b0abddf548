/** Inference for ops that move or reshape data without arithmetic. */
import { broadcastShapes, divideDims, formatShape, productOfDims, type Dim } from '../shape';
import type { Value } from '../ir';
import {
  type InferFn,
  ShapeError,
  axisIn,
  constInts,
  input,
  intAttr,
  intsAttr,
  knownDims,
  registerOps,
} from './schema';

let freshDimCounter = 0;
/** A new symbol for a size inference cannot express (e.g. data-dependent). */
function freshDim(hint: string): string {
  return `${hint}${freshDimCounter++}`;
}

const transpose: InferFn = (ctx) => {
  const x = input(ctx, 0);
  const rank = x.shape.length;
  const perm = intsAttr(ctx, 'perm') ?? x.shape.map((_, i) => rank - 1 - i);
  if (perm.length !== rank || new Set(perm).size !== rank || perm.some((p) => p < 0 || p >= rank)) {
    throw new ShapeError(`perm [${perm}] is not a permutation of rank ${rank}`);
  }
  return [{ dtype: x.dtype, shape: perm.map((p) => x.shape[p]) }];
};

const reshape: InferFn = (ctx) => {
  const x = input(ctx, 0);
  const target = knownDims(ctx.inputs[1]);
  if (!target) {
    const n = ctx.inputs[1]?.shape[0];
    if (typeof n !== 'number') throw new ShapeError('Reshape target must have a known length');
    return [{ dtype: x.dtype, shape: Array.from({ length: n }, () => freshDim('reshape')) }];
  }
  const out: Dim[] = target.map((d, i) => (d === 0 ? x.shape[i] : d));
  const inferred = out.indexOf(-1);
  if (out.indexOf(-1, inferred + 1) >= 0) throw new ShapeError('Reshape target has more than one -1');
  const total = productOfDims(x.shape);
  if (inferred >= 0) {
    const known = productOfDims(out.filter((_, i) => i !== inferred));
    const rest = divideDims(total, known);
    out[inferred] = rest ?? freshDim('reshape');
  } else if (typeof total === 'number' && out.every((d) => typeof d === 'number')) {
    if (productOfDims(out) !== total) {
      throw new ShapeError(`cannot reshape ${formatShape(x.shape)} (${total} elements) to ${formatShape(out)}`);
    }
  }
  return [{ dtype: x.dtype, shape: out }];
};

function axesFrom(ctx: Parameters<InferFn>[0], op: string): number[] | undefined {
  const axesInput = ctx.inputs[1];
  if (!axesInput) return undefined;
  const axes = constInts(axesInput);
  if (!axes) throw new ShapeError(`${op} axes must be a constant`);
  return axes;
}

const unsqueeze: InferFn = (ctx) => {
  const x = input(ctx, 0);
  const axes = axesFrom(ctx, 'Unsqueeze');
  if (!axes) throw new ShapeError('Unsqueeze needs axes');
  const rank = x.shape.length + axes.length;
  const at = new Set(axes.map((a) => axisIn(a, rank)));
  const out: Dim[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) out.push(at.has(i) ? 1 : x.shape[j++]);
  return [{ dtype: x.dtype, shape: out }];
};

const squeeze: InferFn = (ctx) => {
  const x = input(ctx, 0);
  const axes = axesFrom(ctx, 'Squeeze');
  const drop = new Set(axes ? axes.map((a) => axisIn(a, x.shape.length)) : x.shape.flatMap((d, i) => (d === 1 ? [i] : [])));
  for (const a of drop) {
    if (x.shape[a] !== 1) throw new ShapeError(`cannot squeeze axis ${a} of ${formatShape(x.shape)}`);
  }
  return [{ dtype: x.dtype, shape: x.shape.filter((_, i) => !drop.has(i)) }];
};

const concat: InferFn = (ctx) => {
  const xs = ctx.inputs.map((_, i) => input(ctx, i));
  const rank = xs[0].shape.length;
  const axis = axisIn(intAttr(ctx, 'axis'), rank);
  for (const x of xs) {
    const other = xs[0].shape;
    // Different symbols may be equal at run time (ORT checks); two different sizes never are.
    const mismatch = x.shape.length !== rank || x.shape.some((d, i) => i !== axis && d !== other[i] && typeof d === 'number' && typeof other[i] === 'number');
    if (mismatch) throw new ShapeError(`Concat on axis ${axis}: ${xs.map((v) => formatShape(v.shape)).join(', ')}`);
  }
  const shape = [...xs[0].shape];
  shape[axis] = productSum(xs.map((x) => x.shape[axis]));
  // Concatenated shape vectors stay known (used when building dynamic shapes).
  const parts = xs.map((x) => knownDims(x));
  const known = rank === 1 && parts.every((p) => p) ? parts.flatMap((p) => p as Dim[]) : undefined;
  return [{ dtype: xs[0].dtype, shape, knownDims: known }];
};

function productSum(dims: Dim[]): Dim {
  if (dims.every((d) => typeof d === 'number')) return (dims as number[]).reduce((a, b) => a + b, 0);
  return dims.join('+');
}

const split: InferFn = (ctx) => {
  const x = input(ctx, 0);
  const axis = axisIn(intAttr(ctx, 'axis', 0), x.shape.length);
  const sizes = ctx.inputs[1] ? constInts(ctx.inputs[1]) : undefined;
  const parts = sizes ?? evenSplit(x.shape[axis], intAttr(ctx, 'num_outputs', ctx.numOutputs));
  if (sizes && typeof x.shape[axis] === 'number' && sizes.reduce((a, b) => a + b, 0) !== x.shape[axis]) {
    throw new ShapeError(`split sizes [${sizes}] do not add up to ${x.shape[axis]}`);
  }
  return parts.map((n) => {
    const shape = [...x.shape];
    shape[axis] = n;
    return { dtype: x.dtype, shape };
  });
};

function evenSplit(dim: Dim, count: number): Dim[] {
  if (typeof dim !== 'number') return Array.from({ length: count }, () => freshDim('split'));
  if (dim % count !== 0) throw new ShapeError(`cannot split ${dim} into ${count} equal parts`);
  return Array.from({ length: count }, () => dim / count);
}

const slice: InferFn = (ctx) => {
  const x = input(ctx, 0);
  const rank = x.shape.length;
  const starts = constInts(ctx.inputs[1]);
  const ends = constInts(ctx.inputs[2]);
  if (!starts || !ends) return dynamicSlice(ctx, x);
  const axes = ctx.inputs[3] ? constInts(ctx.inputs[3]) : starts.map((_, i) => i);
  const steps = ctx.inputs[4] ? constInts(ctx.inputs[4]) : starts.map(() => 1);
  if (!axes || !steps) throw new ShapeError('Slice axes and steps must be constants');
  const shape = [...x.shape];
  axes.forEach((a, i) => {
    const axis = axisIn(a, rank);
    const dim = x.shape[axis];
    if (steps[i] !== 1) throw new ShapeError('only Slice steps of 1 are supported');
    if (typeof dim !== 'number') {
      shape[axis] = starts[i] >= 0 && ends[i] >= 0 && ends[i] < 2 ** 31 ? ends[i] - starts[i] : freshDim('slice');
      return;
    }
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);
    shape[axis] = Math.max(0, clamp(ends[i]) - clamp(starts[i]));
  });
  // Slices of a tracked shape vector stay tracked (e.g. the leading dims of Shape(x)).
  const known = rank === 1 && x.knownDims && axes.length === 1 ? sliceKnown(x.knownDims, starts[0], ends[0]) : undefined;
  return [{ dtype: x.dtype, shape, knownDims: known }];
};

/** Starts/ends known only at run time (e.g. from Shape): the sliced axes get fresh symbolic dims. */
function dynamicSlice(ctx: Parameters<InferFn>[0], x: Value): ReturnType<InferFn> {
  const axes = ctx.inputs[3] ? constInts(ctx.inputs[3]) : undefined;
  if (!axes || ctx.inputs[4]) throw new ShapeError('a Slice with run-time starts or ends needs constant axes and no steps');
  const shape = [...x.shape];
  for (const a of axes) shape[axisIn(a, x.shape.length)] = freshDim('slice');
  return [{ dtype: x.dtype, shape }];
}

function sliceKnown(dims: Dim[], start: number, end: number): Dim[] {
  const n = dims.length;
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  return dims.slice(clamp(start), clamp(end));
}

const expand: InferFn = (ctx) => {
  const x = input(ctx, 0);
  const target = knownDims(ctx.inputs[1]);
  if (!target) throw new ShapeError('Expand target shape must be known');
  const shape = broadcastShapes([x.shape, target]);
  if (typeof shape === 'string') throw new ShapeError(shape);
  return [{ dtype: x.dtype, shape }];
};

const pad: InferFn = (ctx) => {
  const x = input(ctx, 0);
  const pads = constInts(ctx.inputs[1]);
  const rank = x.shape.length;
  if (!pads || pads.length !== 2 * rank) throw new ShapeError(`Pad needs ${2 * rank} constant pads`);
  const shape = x.shape.map((d, i) => (typeof d === 'number' ? d + pads[i] + pads[rank + i] : pads[i] + pads[rank + i] === 0 ? d : freshDim('pad')));
  return [{ dtype: x.dtype, shape }];
};

registerOps({
  Pad: pad,
  Transpose: transpose,
  Reshape: reshape,
  Unsqueeze: unsqueeze,
  Squeeze: squeeze,
  Concat: concat,
  Split: split,
  Slice: slice,
  Expand: expand,
  Shape: (ctx) => {
    const x = input(ctx, 0);
    return [{ dtype: 'int64', shape: [x.shape.length], knownDims: [...x.shape] }];
  },
  ConstantOfShape: (ctx) => {
    const dims = knownDims(ctx.inputs[0]);
    const value = ctx.attrs.value;
    const dtype = value && typeof value === 'object' && 'dtype' in value ? value.dtype : 'float32';
    if (!dims) throw new ShapeError('ConstantOfShape needs a known shape');
    return [{ dtype, shape: dims }];
  },
  Range: (ctx) => {
    const [start, limit, delta] = [0, 1, 2].map((i) => constInts(ctx.inputs[i])?.[0]);
    const known = start !== undefined && limit !== undefined && delta !== undefined;
    const n = known ? Math.max(0, Math.ceil((limit - start) / delta)) : freshDim('range');
    return [{ dtype: input(ctx, 0).dtype, shape: [n] }];
  },
  Trilu: (ctx) => {
    const x = input(ctx, 0);
    return [{ dtype: x.dtype, shape: [...x.shape] }];
  },
});
