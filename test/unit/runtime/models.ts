/** Small ONNX models for the runtime tests, built with the graph IR. */
import { GraphBuilder, writeOnnx, type DType } from '../../../src/graph';

export const ALL_DTYPES: DType[] = ['float32', 'float64', 'float16', 'int64', 'int32', 'int8', 'uint8', 'bool'];

/** y = x · w with a symbolic batch dimension. */
export function matmulModel(): Uint8Array {
  const g = new GraphBuilder('matmul');
  const x = g.input('x', 'float32', ['B', 3]);
  const w = g.input('w', 'float32', [3, 2]);
  g.output(g.matmul(x, w), 'y');
  return writeOnnx(g.graph);
}

/** One input `in_<dtype>` and one output `out_<dtype>` per dtype, joined by Identity. */
export function identityModel(dtypes: readonly DType[] = ALL_DTYPES): Uint8Array {
  const g = new GraphBuilder('identity');
  for (const dtype of dtypes) g.output(g.input(`in_${dtype}`, dtype, [2, 'N']), `out_${dtype}`);
  return writeOnnx(g.graph);
}

/**
 * `depth` chained n×n MatMuls (x ← x·w), w a graph input: about 2·n³·depth FLOPs per run and
 * one long native call. x = ones, w = 1/n keeps every value exactly 1 (no overflow, no denormals).
 */
export function matmulChainModel(n: number, depth: number): Uint8Array {
  const g = new GraphBuilder('matmul_chain');
  let x = g.input('x', 'float32', [n, n]);
  const w = g.input('w', 'float32', [n, n]);
  for (let i = 0; i < depth; i++) x = g.matmul(x, w);
  g.output(x, 'y');
  return writeOnnx(g.graph);
}

export function matmulChainFeeds(n: number) {
  return {
    x: { dtype: 'float32' as const, shape: [n, n], data: new Float32Array(n * n).fill(1) },
    w: { dtype: 'float32' as const, shape: [n, n], data: new Float32Array(n * n).fill(1 / n) },
  };
}
