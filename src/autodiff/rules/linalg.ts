/**
 * Gradient rules for MatMul and Gemm. A weight shared across a batch (x (…, K) @ W (K, N))
 * is the common case: its gradient is one Gemm over the flattened rows instead of a batched
 * MatMul followed by a reduction.
 */
import type { GraphBuilder, Value } from '../../graph';
import { reduceToShape } from '../broadcast';
import { type GradContext, dY, inputOf, registerGradients } from '../rule';

/** Swaps the last two axes. */
function transposeLast2(g: GraphBuilder, x: Value): Value {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return g.transpose(x, perm);
}

function matmulGrads(ctx: GradContext): (Value | undefined)[] {
  const { g, wantsGrad } = ctx;
  let a = inputOf(ctx, 0);
  let b = inputOf(ctx, 1);
  let dy = dY(ctx);
  // Rank-1 operands: promote as MatMul does, differentiate, then drop the added axis.
  const aVector = a.shape.length === 1;
  const bVector = b.shape.length === 1;
  if (aVector) {
    a = g.unsqueeze(a, [0]);
    // A vector·vector product has a scalar dy: there is no axis -2 to insert yet.
    dy = g.unsqueeze(dy, [bVector ? 0 : -2]);
  }
  if (bVector) {
    b = g.unsqueeze(b, [1]);
    dy = g.unsqueeze(dy, [-1]);
  }
  let da: Value | undefined;
  let db: Value | undefined;
  if (b.shape.length === 2 && a.shape.length >= 2) {
    // (…, M, K) @ (K, N): flatten the rows and use Gemm with transposed operands.
    const [k, n] = b.shape;
    const rows = g.reshape(a, [-1, k as number]); // (R, K)
    const dRows = g.reshape(dy, [-1, n as number]); // (R, N)
    if (wantsGrad[0]) da = g.reshape(g.gemm(dRows, b, undefined, { transB: true }), g.shapeOf(a)); // (R, K) → a
    if (wantsGrad[1]) db = g.gemm(rows, dRows, undefined, { transA: true }); // (K, N)
  } else {
    if (wantsGrad[0]) da = reduceToShape(g, g.matmul(dy, transposeLast2(g, b)), a);
    if (wantsGrad[1]) db = reduceToShape(g, g.matmul(transposeLast2(g, a), dy), b);
  }
  if (aVector && da) da = g.squeeze(da, [0]);
  if (bVector && db) db = g.squeeze(db, [1]);
  return [da, db];
}

/** Y = α·op(A)·op(B) + β·C, op = optional transpose. */
function gemmGrads(ctx: GradContext): (Value | undefined)[] {
  const { g, node, wantsGrad } = ctx;
  const a = inputOf(ctx, 0);
  const b = inputOf(ctx, 1);
  const dy = dY(ctx);
  const tA = node.attrs.transA === 1;
  const tB = node.attrs.transB === 1;
  const alpha = typeof node.attrs.alpha === 'number' ? node.attrs.alpha : 1;
  const beta = typeof node.attrs.beta === 'number' ? node.attrs.beta : 1;
  const scaled = { alpha };
  let da: Value | undefined;
  let db: Value | undefined;
  if (wantsGrad[0]) {
    // d op(A) = α·dY·op(B)ᵀ; transpose back when A was transposed.
    da = tA
      ? g.gemm(b, dy, undefined, { ...scaled, transA: tB, transB: true })
      : g.gemm(dy, b, undefined, { ...scaled, transB: !tB });
  }
  if (wantsGrad[1]) {
    // d op(B) = α·op(A)ᵀ·dY.
    db = tB
      ? g.gemm(dy, a, undefined, { ...scaled, transA: true, transB: tA })
      : g.gemm(a, dy, undefined, { ...scaled, transA: !tA });
  }
  const c = node.inputs[2];
  // beta is a float attribute, stored as float32: scale by the value the forward pass used.
  const dc = c && wantsGrad[2] ? reduceToShape(g, beta === 1 ? dy : g.mul(dy, Math.fround(beta)), c) : undefined;
  return [da, db, dc];
}

registerGradients({ MatMul: matmulGrads, Gemm: gemmGrads });
