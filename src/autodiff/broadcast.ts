/** Helpers that undo broadcasting and build zero gradients. */
import type { GraphBuilder, Value } from '../graph';
import type { Dim, Shape } from '../graph/shape';

/**
 * Sums `grad` over the axes along which `source` was broadcast, so the result has exactly
 * `source`'s shape. Leading extra axes are summed away; size-1 axes are summed with keepdims.
 */
export function reduceToShape(g: GraphBuilder, grad: Value, source: Value): Value {
  const target = source.shape;
  const extra = grad.shape.length - target.length;
  if (extra === 0 && sameDims(grad.shape, target)) return grad;
  const axes: number[] = [];
  for (let i = 0; i < grad.shape.length; i++) {
    const t: Dim | undefined = i < extra ? undefined : target[i - extra];
    if (t === undefined || (t === 1 && grad.shape[i] !== 1)) axes.push(i);
  }
  let out = axes.length ? g.reduceSum(grad, axes, true) : grad;
  if (extra > 0) out = g.reshape(out, g.shapeOf(source));
  return out;
}

function sameDims(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Zeros shaped like `like` (a constant when the shape is static). */
export function zerosLike(g: GraphBuilder, like: Value): Value {
  return g.expand(g.scalar(0, like.dtype), g.shapeOf(like));
}
