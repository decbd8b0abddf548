/** Inference for reductions; axes arrive as a constant int64 input (opset ≥ 18). */
import type { Dim } from '../shape';
import { type InferFn, ShapeError, axisIn, constInts, input, intAttr, registerOps } from './schema';

const reduce: InferFn = (ctx) => {
  const x = input(ctx, 0);
  const rank = x.shape.length;
  const axesInput = ctx.inputs[1];
  const axesList = axesInput ? constInts(axesInput) : undefined;
  if (axesInput && !axesList) throw new ShapeError('reduction axes must be a constant');
  const noopWithEmptyAxes = intAttr(ctx, 'noop_with_empty_axes', 0);
  const axes = new Set(
    axesList && axesList.length > 0
      ? axesList.map((a) => axisIn(a, rank))
      : noopWithEmptyAxes
        ? []
        : x.shape.map((_, i) => i),
  );
  const keep = intAttr(ctx, 'keepdims', 1);
  const shape: Dim[] = [];
  x.shape.forEach((d, i) => {
    if (!axes.has(i)) shape.push(d);
    else if (keep) shape.push(1);
  });
  return [{ dtype: x.dtype, shape }];
};

/** ArgMax: one axis, int64 indices. */
const argMax: InferFn = (ctx) => {
  const x = input(ctx, 0);
  const axis = axisIn(intAttr(ctx, 'axis', 0), x.shape.length);
  const keep = intAttr(ctx, 'keepdims', 1);
  const shape = x.shape.flatMap((d, i) => (i !== axis ? [d] : keep ? [1] : []));
  return [{ dtype: 'int64', shape }];
};

registerOps({ ReduceSum: reduce, ReduceMean: reduce, ReduceMax: reduce, ReduceSumSquare: reduce, ArgMax: argMax });
