/** MatMul (batched, shared weight, rank-1 operands, broadcast batch dims) and Gemm (all attributes). */
import { type GradCase, x } from './types';

/** [a shape, b shape, what it exercises] */
const matmuls: [number[], number[], string][] = [
  [[3, 4], [4, 2], 'plain 2-D'],
  [[2, 3, 4], [2, 4, 2], 'batched'],
  [[2, 3, 4], [4, 2], 'shared 2-D weight (Gemm path)'],
  [[3, 4], [2, 4, 2], '2-D left operand, batched right'],
  [[2, 1, 2, 3], [3, 3, 2], 'broadcast batch dims'],
  [[4], [4, 3], 'rank-1 left'],
  [[3, 4], [4], 'rank-1 right'],
  [[4], [2, 4, 3], 'rank-1 left, batched right'],
  [[2, 3, 4], [4], 'batched left, rank-1 right'],
  [[5], [5], 'vector dot product'],
];

const matmulCases: GradCase[] = matmuls.map(([sa, sb, what]) => ({
  name: `MatMul ${what}: [${sa}] @ [${sb}]`,
  covers: ['MatMul'],
  inputs: [x('a', sa), x('b', sb)],
  build: (g, [a, b]) => g.matmul(a, b),
}));

// M = 3, K = 4, N = 2; A is (M,K) or (K,M), B is (K,N) or (N,K).
const gemmCases: GradCase[] = [false, true].flatMap((transA) =>
  [false, true].map((transB) => ({
    name: `Gemm transA=${+transA} transB=${+transB}, alpha 0.7, beta 1.3, bias (N,)`,
    covers: ['Gemm'],
    inputs: [x('a', transA ? [4, 3] : [3, 4]), x('b', transB ? [2, 4] : [4, 2]), x('c', [2])],
    build: (g, [a, b, c]) => g.gemm(a, b, c, { transA, transB, alpha: 0.7, beta: 1.3 }),
  })),
);

const biasShapes: number[][] = [[3, 2], [3, 1], [1, 2], []];
const gemmBiasCases: GradCase[] = biasShapes.map((sc) => ({
  name: `Gemm bias [${sc}] broadcast to (3,2), beta 0.5`,
  covers: ['Gemm'],
  inputs: [x('a', [3, 4]), x('b', [4, 2]), x('c', sc)],
  build: (g, [a, b, c]) => g.gemm(a, b, c, { beta: 0.5 }),
}));

export const linalgCases: GradCase[] = [
  ...matmulCases,
  ...gemmCases,
  ...gemmBiasCases,
  {
    name: 'Gemm without bias, transB',
    covers: ['Gemm'],
    inputs: [x('a', [3, 4]), x('b', [2, 4])],
    build: (g, [a, b]) => g.gemm(a, b, undefined, { transB: true }),
  },
];
