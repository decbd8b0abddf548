/**
 * Affine layers. Inputs of any rank are flattened to rows so each projection is one Gemm
 * (its gradient then needs no batched reduction), then given back their leading dims.
 */
import type { GraphBuilder, Value } from '../graph';

/** Weight layouts: GPT-2's Conv1D stores [in, out]; torch.nn.Linear stores [out, in]. */
export type WeightLayout = 'in_out' | 'out_in';

// x (…, In) → (…, Out)
export function linear(g: GraphBuilder, x: Value, weight: Value, bias: Value | undefined, layout: WeightLayout): Value {
  const out = layout === 'in_out' ? weight.shape[1] : weight.shape[0];
  const inDim = x.shape[x.shape.length - 1];
  if (x.shape.length > 2 && x.shape.slice(0, -1).filter((d) => typeof d !== 'number').length > 1) {
    // Several run-time leading dims (inference graphs with dynamic batch and length): one MatMul
    // broadcasting over them, instead of rows plus a Shape/Slice/Concat chain to restore them.
    // Nothing differentiates these graphs (training shapes are static), so no batched reduction.
    const y = g.matmul(x, layout === 'in_out' ? weight : g.transpose(weight, [1, 0])); // (…, Out)
    return bias ? g.add(y, bias) : y;
  }
  const rows = x.shape.length === 2 ? x : g.reshape(x, [-1, inDim as number]); // (R, In)
  const y = g.gemm(rows, weight, bias, { transB: layout === 'out_in' }); // (R, Out)
  return x.shape.length === 2 ? y : restoreLeading(g, y, x, out as number);
}

/** Reshapes rows (R, N) back to x's leading dims (…, N), statically when possible. */
export function restoreLeading(g: GraphBuilder, rows: Value, like: Value, last: number): Value {
  const lead = like.shape.slice(0, -1);
  if (lead.every((d) => typeof d === 'number')) return g.reshape(rows, [...(lead as number[]), last]);
  if (lead.filter((d) => typeof d !== 'number').length === 1) {
    // One run-time dim (e.g. sequence length at batch 1): a constant shape with -1 there saves
    // the Shape/Slice/Concat chain, four small ORT kernels per projection (bench/OPTIMISATIONS.md).
    const y = g.reshape(rows, [...lead.map((d) => (typeof d === 'number' ? d : -1)), last]);
    y.shape = [...lead, last]; // the -1 is exactly like's dim: keep its name for later inference
    return y;
  }
  const leadShape = g.slice(g.shape(like), [0], [-1], [0]);
  return g.reshape(rows, g.concat([leadShape, g.ints([last])], 0));
}
