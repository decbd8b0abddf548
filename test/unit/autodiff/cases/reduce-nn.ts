/** Reductions, softmaxes, layer norm and the fused cross-entropy loss. */
import { type GradCase, fixed, x } from './types';

/** [axes (undefined = all), keepdims] on a (2, 3, 4) input. */
const reductions: [number[] | undefined, boolean][] = [
  [[1], true],
  [[1], false],
  [[0, 2], false],
  [[-1], false],
  [[2, 0], true],
  [undefined, false],
  [undefined, true],
];

const reduceCases: GradCase[] = (['ReduceSum', 'ReduceMean'] as const).flatMap((op) =>
  reductions.map(([axes, keep]) => ({
    name: `${op} axes ${axes ? `[${axes}]` : 'all'} keepdims ${+keep}`,
    covers: [op],
    inputs: [x('x', [2, 3, 4])],
    build: (g, [v]) => (op === 'ReduceSum' ? g.reduceSum(v, axes, keep) : g.reduceMean(v, axes, keep)),
  })),
);

const softmaxCases: GradCase[] = (['Softmax', 'LogSoftmax'] as const).flatMap((op) =>
  [-1, 0, 1].map((axis) => ({
    name: `${op} on axis ${axis} of (2,3,4)`,
    covers: [op],
    inputs: [x('x', [2, 3, 4])],
    build: (g, [v]) => (op === 'Softmax' ? g.softmax(v, axis) : g.logSoftmax(v, axis)),
  })),
);

const layerNormCases: GradCase[] = [
  {
    name: 'LayerNormalization axis -1, scale and bias (4,)',
    covers: ['LayerNormalization'],
    inputs: [x('x', [2, 3, 4]), x('scale', [4]), x('bias', [4])],
    build: (g, [v, s, b]) => g.layerNorm(v, s, b, 1e-5, -1),
  },
  {
    name: 'LayerNormalization axis -2, scale and bias (3,4)',
    covers: ['LayerNormalization'],
    inputs: [x('x', [2, 3, 4]), x('scale', [3, 4]), x('bias', [3, 4])],
    build: (g, [v, s, b]) => g.layerNorm(v, s, b, 1e-5, -2),
  },
  {
    name: 'LayerNormalization axis 1 of (3,5) without bias, large epsilon',
    covers: ['LayerNormalization'],
    inputs: [x('x', [3, 5]), x('scale', [5])],
    build: (g, [v, s]) => g.layerNorm(v, s, undefined, 0.1, 1),
  },
];

// Scores (4, 5); labels include ignored positions, which must get zero gradient rows.
const crossEntropyCases: GradCase[] = [
  ['mean', -100, [1, -100, 4, 0]],
  ['sum', -100, [1, -100, 4, 0]],
  ['none', -100, [1, -100, 4, 0]],
  ['mean', 2, [2, 3, 2, 0]],
  ['mean', -100, [-100, -100, 3, -100]],
].map(([reduction, ignore, labels]) => ({
  name: `SoftmaxCrossEntropyLoss reduction ${reduction}, ignore_index ${ignore}, labels [${labels}]`,
  covers: ['SoftmaxCrossEntropyLoss'],
  inputs: [x('scores', [4, 5]), fixed('labels', [4], labels as number[])],
  build: (g, [s, l]) => g.softmaxCrossEntropy(s, l, ignore as number, reduction as 'mean' | 'sum' | 'none'),
}));

export const reduceNnCases: GradCase[] = [
  ...reduceCases,
  ...softmaxCases,
  ...layerNormCases,
  ...crossEntropyCases,
  {
    name: 'SoftmaxCrossEntropyLoss with int32 labels',
    covers: ['SoftmaxCrossEntropyLoss'],
    inputs: [x('scores', [3, 4]), fixed('labels', [3], [3, 0, 3], 'int32')],
    build: (g, [s, l]) => g.softmaxCrossEntropy(s, l),
  },
];
