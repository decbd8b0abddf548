/** Inference for gathers and scatters. */
import { formatShape, type Dim } from '../shape';
import { type InferFn, ShapeError, axisIn, input, intAttr, registerOps } from './schema';

const gather: InferFn = (ctx) => {
  const data = input(ctx, 0);
  const indices = input(ctx, 1);
  if (indices.dtype !== 'int64' && indices.dtype !== 'int32') {
    throw new ShapeError(`Gather indices must be int32 or int64, got ${indices.dtype}`);
  }
  const axis = axisIn(intAttr(ctx, 'axis', 0), data.shape.length);
  const shape: Dim[] = [...data.shape.slice(0, axis), ...indices.shape, ...data.shape.slice(axis + 1)];
  return [{ dtype: data.dtype, shape }];
};

const gatherElements: InferFn = (ctx) => {
  const data = input(ctx, 0);
  const indices = input(ctx, 1);
  if (data.shape.length !== indices.shape.length) {
    throw new ShapeError(`GatherElements ranks differ: ${formatShape(data.shape)} vs ${formatShape(indices.shape)}`);
  }
  return [{ dtype: data.dtype, shape: [...indices.shape] }];
};

const scatterND: InferFn = (ctx) => {
  const data = input(ctx, 0);
  const indices = input(ctx, 1);
  const updates = input(ctx, 2);
  const k = indices.shape[indices.shape.length - 1];
  if (typeof k !== 'number') throw new ShapeError('ScatterND index depth must be static');
  const expected = [...indices.shape.slice(0, -1), ...data.shape.slice(k)];
  const ok = expected.length === updates.shape.length && expected.every((d, i) => d === updates.shape[i]);
  if (!ok) {
    throw new ShapeError(`ScatterND updates ${formatShape(updates.shape)} should be ${formatShape(expected)}`);
  }
  return [{ dtype: data.dtype, shape: [...data.shape] }];
};

registerOps({
  Gather: gather,
  GatherElements: gatherElements,
  ScatterND: scatterND,
  ScatterElements: (ctx) => {
    const data = input(ctx, 0);
    return [{ dtype: data.dtype, shape: [...data.shape] }];
  },
});
