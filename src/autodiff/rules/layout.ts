/** Gradient rules for ops that only move data: the gradient is moved back the same way. */
import type { Value } from '../../graph';
import { constInts } from '../../graph/ops/schema';
import { reduceToShape, zerosLike } from '../broadcast';
import { type GradContext, dY, inputOf, registerGradients } from '../rule';

/** Any op whose output is its input laid out differently: reshape the gradient back. */
const reshapeBack = (ctx: GradContext) => [ctx.g.reshape(dY(ctx), ctx.g.shapeOf(inputOf(ctx, 0)))];

function staticAxisSizes(ctx: GradContext, values: Value[], axis: number): number[] {
  return values.map((v) => {
    const d = v.shape[axis];
    if (typeof d !== 'number') throw new Error(`${ctx.node.name}: gradient needs static sizes along axis ${axis}`);
    return d;
  });
}

function axisAttr(ctx: GradContext, rank: number, fallback?: number): number {
  const a = ctx.node.attrs.axis ?? fallback;
  if (typeof a !== 'number') throw new Error(`${ctx.node.name}: missing axis`);
  return a < 0 ? a + rank : a;
}

registerGradients({
  Reshape: reshapeBack,
  Unsqueeze: reshapeBack,
  Squeeze: reshapeBack,
  Transpose: (ctx) => {
    const perm = ctx.node.attrs.perm as number[];
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => (inverse[p] = i));
    return [ctx.g.transpose(dY(ctx), inverse)];
  },
  Concat: (ctx) => {
    const inputs = ctx.node.inputs as Value[];
    const axis = axisAttr(ctx, inputs[0].shape.length);
    return ctx.g.split(dY(ctx), staticAxisSizes(ctx, inputs, axis), axis);
  },
  Split: (ctx) => {
    const { g, node } = ctx;
    const x = inputOf(ctx, 0);
    const axis = axisAttr(ctx, x.shape.length, 0);
    // Outputs that received no gradient contribute zeros of their own shape.
    const parts = node.outputs.map((o, i) => ctx.outputGrads[i] ?? zerosLike(g, o));
    return [g.concat(parts, axis)];
  },
  Slice: (ctx) => {
    const { g, node } = ctx;
    const x = inputOf(ctx, 0);
    const starts = constInts(node.inputs[1]) as number[];
    const ends = constInts(node.inputs[2]) as number[];
    const axes = constInts(node.inputs[3]) ?? starts.map((_, i) => i);
    // Pad the gradient with zeros where the slice cut the input away.
    const rank = x.shape.length;
    const pads = new Array<number>(2 * rank).fill(0);
    axes.forEach((a, i) => {
      const axis = a < 0 ? a + rank : a;
      const dim = x.shape[axis];
      if (typeof dim !== 'number') throw new Error(`${node.name}: Slice gradient needs a static size on axis ${axis}`);
      const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);
      pads[axis] = clamp(starts[i]);
      pads[rank + axis] = dim - clamp(ends[i]);
    });
    return [g.pad(dY(ctx), pads)];
  },
  Expand: (ctx) => [reduceToShape(ctx.g, dY(ctx), inputOf(ctx, 0)), undefined],
});
