/**
 * Training FLOPs of one step, counted on the step's own forward graph rather than from a formula
 * per family: every MatMul and Gemm's multiply-adds (shapes are static for one batch shape), two
 * FLOPs each, times three for forward + backward (the backward pass of a matrix product is two
 * products of the same size). Whatever the forward builds is counted — both of ELECTRA's networks,
 * ALBERT's shared layer at each use, the heads and the tied output projection — and the cheap
 * element-wise work (norms, softmax, GELU, the optimizer) is left out, as in the usual 6·N·T rule.
 */
import { GraphBuilder, type Graph, type Node } from '../graph';
import { noDropout } from '../nn/dropout';
import { InputParams } from '../nn/params';
import type { ForwardBuilder } from '../train/step/step-graph';

/** Forward FLOPs per multiply-add, and training FLOPs per forward FLOP. */
const FLOPS_PER_MULTIPLY_ADD = 2;
const FORWARD_AND_BACKWARD = 3;

/** Multiply-adds of the graph's matrix products. */
export function matmulMultiplyAdds(graph: Graph): number {
  return graph.nodes.reduce((sum, node) => sum + multiplyAddsOf(node), 0);
}

function multiplyAddsOf(node: Node): number {
  if (node.op !== 'MatMul' && node.op !== 'Gemm') return 0;
  const a = staticShape(node, 0);
  const out = node.outputs[0].shape.map((d) => staticDim(node, d));
  // MatMul: (…, M, K) · (…, K, N); a 1-D left operand is (K). Gemm: A is (M, K), or (K, M) with transA.
  const k = node.op === 'Gemm' && node.attrs.transA === 1 ? a[0] : a[a.length - 1];
  return out.reduce((n, d) => n * d, 1) * k;
}

function staticShape(node: Node, input: number): number[] {
  return node.inputs[input]!.shape.map((d) => staticDim(node, d));
}

function staticDim(node: Node, d: number | string): number {
  if (typeof d !== 'number') throw new Error(`FLOPs count: ${node.op} node ${node.name} has a symbolic dimension '${d}'; build the graph for a fixed batch shape`);
  return d;
}

/** Training FLOPs of one optimizer step of `forward` (its micro-batch shape is built into it). */
export function trainingFlopsPerStep(forward: ForwardBuilder): number {
  const g = new GraphBuilder('flops');
  forward(g, new InputParams(g), noDropout);
  return FORWARD_AND_BACKWARD * FLOPS_PER_MULTIPLY_ADD * matmulMultiplyAdds(g.graph);
}
