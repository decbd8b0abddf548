/** Inference for neural-network ops: softmax, layer norm, fused cross-entropy loss. */
import { formatShape } from '../shape';
import { type InferFn, ShapeError, axisIn, input, intAttr, registerOps } from './schema';

const sameAsInput: InferFn = (ctx) => {
  const x = input(ctx, 0);
  axisIn(intAttr(ctx, 'axis', -1), x.shape.length);
  return [{ dtype: x.dtype, shape: [...x.shape] }];
};

const layerNorm: InferFn = (ctx) => {
  const x = input(ctx, 0);
  const scale = input(ctx, 1);
  const axis = axisIn(intAttr(ctx, 'axis', -1), x.shape.length);
  const normalized = x.shape.slice(axis);
  if (scale.shape.length > normalized.length || scale.shape.some((d, i) => d !== normalized[normalized.length - scale.shape.length + i])) {
    throw new ShapeError(`LayerNormalization scale ${formatShape(scale.shape)} does not match ${formatShape(normalized)}`);
  }
  const stats = x.shape.map((d, i) => (i < axis ? d : 1));
  const outs = [{ dtype: x.dtype, shape: [...x.shape] }];
  for (let i = 1; i < ctx.numOutputs; i++) outs.push({ dtype: x.dtype, shape: stats });
  return outs;
};

const softmaxCrossEntropy: InferFn = (ctx) => {
  const scores = input(ctx, 0);
  const labels = input(ctx, 1);
  // ONNX puts classes on axis 1: scores (N, C, d1…), labels (N, d1…).
  const expected = [scores.shape[0], ...scores.shape.slice(2)];
  if (labels.shape.length !== expected.length || labels.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(`labels ${formatShape(labels.shape)} do not match scores ${formatShape(scores.shape)}`);
  }
  const reduction = ctx.attrs.reduction ?? 'mean';
  const outs = [{ dtype: scores.dtype, shape: reduction === 'none' ? [...labels.shape] : [] }];
  if (ctx.numOutputs > 1) outs.push({ dtype: scores.dtype, shape: [...scores.shape] });
  return outs;
};

registerOps({
  Softmax: sameAsInput,
  LogSoftmax: sameAsInput,
  LayerNormalization: layerNorm,
  SoftmaxCrossEntropyLoss: softmaxCrossEntropy,
});
