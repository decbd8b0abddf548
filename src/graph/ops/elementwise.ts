/** Inference for element-wise ops: same-shape unary ops and broadcasting binary ops. */
import { broadcastShapes, formatShape } from '../shape';
import { type DType, dtypeFromOnnxCode } from '../dtype';
import { type InferContext, type InferFn, ShapeError, input, registerOps, requireSameDType } from './schema';

const unary: InferFn = (ctx) => {
  const x = input(ctx, 0);
  return [{ dtype: x.dtype, shape: [...x.shape] }];
};

function broadcastOf(ctx: InferContext, count: number) {
  const vs = Array.from({ length: count }, (_, i) => input(ctx, i));
  const shape = broadcastShapes(vs.map((v) => v.shape));
  if (typeof shape === 'string') throw new ShapeError(shape);
  return { vs, shape };
}

function binary(outDType?: DType): InferFn {
  return (ctx) => {
    const { vs, shape } = broadcastOf(ctx, 2);
    const dtype = requireSameDType('this op', vs);
    return [{ dtype: outDType ?? dtype, shape }];
  };
}

registerOps({
  Neg: unary,
  Sqrt: unary,
  Exp: unary,
  Log: unary,
  Tanh: unary,
  Erf: unary,
  Relu: unary,
  Sigmoid: unary,
  Abs: unary,
  Reciprocal: unary,
  Identity: unary,
  Not: unary,
  Gelu: unary,
  Add: binary(),
  Sub: binary(),
  Mul: binary(),
  Div: binary(),
  Max: binary(),
  Min: binary(),
  And: binary('bool'),
  Or: binary('bool'),
  Equal: binary('bool'),
  Less: binary('bool'),
  Greater: binary('bool'),
  LessOrEqual: binary('bool'),
  GreaterOrEqual: binary('bool'),
  Pow: (ctx) => {
    const { vs, shape } = broadcastOf(ctx, 2);
    return [{ dtype: vs[0].dtype, shape }];
  },
  Where: (ctx) => {
    const { vs, shape } = broadcastOf(ctx, 3);
    if (vs[0].dtype !== 'bool') throw new ShapeError(`Where condition must be bool, got ${vs[0].dtype}`);
    const dtype = requireSameDType('Where', [vs[1], vs[2]]);
    return [{ dtype, shape }];
  },
  Cast: (ctx) => {
    const x = input(ctx, 0);
    // `to` holds the ONNX element-type code, as in the ONNX file itself.
    const to = ctx.attrs.to;
    if (typeof to !== 'number') throw new ShapeError(`Cast needs an element-type code, got ${String(to)}`);
    return [{ dtype: dtypeFromOnnxCode(to), shape: [...x.shape], knownDims: x.knownDims }];
  },
  Clip: (ctx) => {
    const x = input(ctx, 0);
    for (const i of [1, 2]) {
      const b = ctx.inputs[i];
      if (b && b.shape.length !== 0) throw new ShapeError(`Clip bounds must be scalars, got ${formatShape(b.shape)}`);
    }
    return [{ dtype: x.dtype, shape: [...x.shape] }];
  },
});
