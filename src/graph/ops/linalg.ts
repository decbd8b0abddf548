/** Inference for MatMul (numpy semantics, batch dims broadcast) and Gemm (2-D, optional transposes). */
import { broadcastShapes, formatShape, type Dim } from '../shape';
import { type InferFn, ShapeError, input, intAttr, registerOps, requireSameDType } from './schema';

/** Known sizes must agree; a symbolic size is checked by ONNX Runtime at run time. */
function sameOrSymbolic(a: Dim, b: Dim): boolean {
  return a === b || typeof a === 'string' || typeof b === 'string';
}

const matmul: InferFn = (ctx) => {
  const a = input(ctx, 0);
  const b = input(ctx, 1);
  const dtype = requireSameDType('MatMul', [a, b]);
  if (a.shape.length === 0 || b.shape.length === 0) throw new ShapeError('MatMul operands must have rank ≥ 1');
  // Rank-1 operands are promoted (prepend / append 1) and the added dim removed afterwards.
  const as = a.shape.length === 1 ? [1, a.shape[0]] : [...a.shape];
  const bs = b.shape.length === 1 ? [b.shape[0], 1] : [...b.shape];
  const k1 = as[as.length - 1];
  const k2 = bs[bs.length - 2];
  if (!sameOrSymbolic(k1, k2)) {
    throw new ShapeError(`MatMul inner dimensions differ: ${formatShape(a.shape)} × ${formatShape(b.shape)}`);
  }
  const batch = broadcastShapes([as.slice(0, -2), bs.slice(0, -2)]);
  if (typeof batch === 'string') throw new ShapeError(`MatMul batch dims: ${batch}`);
  const out: Dim[] = [...batch];
  if (a.shape.length > 1) out.push(as[as.length - 2]);
  if (b.shape.length > 1) out.push(bs[bs.length - 1]);
  return [{ dtype, shape: out }];
};

const gemm: InferFn = (ctx) => {
  const a = input(ctx, 0);
  const b = input(ctx, 1);
  const dtype = requireSameDType('Gemm', [a, b]);
  if (a.shape.length !== 2 || b.shape.length !== 2) {
    throw new ShapeError(`Gemm needs 2-D operands, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const [m, ka] = intAttr(ctx, 'transA', 0) ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [kb, n] = intAttr(ctx, 'transB', 0) ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (!sameOrSymbolic(ka, kb)) {
    throw new ShapeError(`Gemm inner dimensions differ: ${formatShape(a.shape)} × ${formatShape(b.shape)}`);
  }
  const c = ctx.inputs[2];
  if (c) {
    const bc = broadcastShapes([[m, n], c.shape]);
    if (typeof bc === 'string' || bc.length !== 2 || bc[0] !== m || bc[1] !== n) {
      throw new ShapeError(`Gemm bias ${formatShape(c.shape)} does not broadcast to [${m}, ${n}]`);
    }
  }
  return [{ dtype, shape: [m, n] }];
};

registerOps({ MatMul: matmul, Gemm: gemm });
