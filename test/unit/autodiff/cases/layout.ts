/** Ops that move data: the gradient must be moved back exactly (and summed where values repeat). */
import { type GradCase, x } from './types';

const INT64_MAX_ISH = 2 ** 53; // "to the end", as exporters write it

export const layoutCases: GradCase[] = [
  {
    name: 'Transpose perm [2,0,1]',
    covers: ['Transpose'],
    inputs: [x('x', [2, 3, 4])],
    build: (g, [v]) => g.transpose(v, [2, 0, 1]),
  },
  {
    name: 'Transpose perm [1,0] then multiply by the original (fan-out through a permutation)',
    covers: ['Transpose'],
    inputs: [x('x', [3, 3])],
    build: (g, [v]) => g.mul(g.transpose(v, [1, 0]), v),
  },
  {
    name: 'Reshape (2,3,4) to [0, -1]',
    covers: ['Reshape'],
    inputs: [x('x', [2, 3, 4])],
    build: (g, [v]) => g.reshape(v, [0, -1]),
  },
  {
    name: 'Reshape (2,3,4) to [-1, 0, 2, 2]',
    covers: ['Reshape'],
    inputs: [x('x', [2, 3, 4])],
    build: (g, [v]) => g.reshape(v, [-1, 0, 2, 2]),
  },
  {
    name: 'Unsqueeze axes [0, -1]',
    covers: ['Unsqueeze'],
    inputs: [x('x', [2, 3])],
    build: (g, [v]) => g.unsqueeze(v, [0, -1]),
  },
  {
    name: 'Squeeze axes [1, -1] of (2,1,3,1)',
    covers: ['Squeeze'],
    inputs: [x('x', [2, 1, 3, 1])],
    build: (g, [v]) => g.squeeze(v, [1, -1]),
  },
  {
    name: 'Concat axis 1 of (2,1,3) and (2,2,3)',
    covers: ['Concat'],
    inputs: [x('a', [2, 1, 3]), x('b', [2, 2, 3])],
    build: (g, [a, b]) => g.concat([a, b], 1),
  },
  {
    name: 'Concat axis -1 of [a, b, a] (a repeated: contributions sum)',
    covers: ['Concat'],
    inputs: [x('a', [2, 2]), x('b', [2, 3])],
    build: (g, [a, b]) => g.concat([a, b, a], -1),
  },
  {
    name: 'Split (2,5) axis 1 into [2,3], both used differently',
    covers: ['Split'],
    inputs: [x('x', [2, 5])],
    build: (g, [v]) => {
      const [p, q] = g.split(v, [2, 3], 1);
      return g.concat([g.mul(p, p), g.tanh(q)], 1);
    },
  },
  {
    name: 'Split (6,2) axis 0 into [1,3,2] with the middle output unused',
    covers: ['Split'],
    inputs: [x('x', [6, 2])],
    build: (g, [v]) => {
      const [p, , r] = g.split(v, [1, 3, 2], 0);
      return g.add(g.mul(p, 2), r);
    },
  },
  {
    name: 'Split axis -1, only the last output used',
    covers: ['Split'],
    inputs: [x('x', [2, 6])],
    build: (g, [v]) => g.split(v, [2, 2, 2], -1)[2],
  },
  {
    name: 'Slice with negative starts/ends on axis 1: x[:, -4:-1]',
    covers: ['Slice'],
    inputs: [x('x', [3, 5])],
    build: (g, [v]) => g.slice(v, [-4], [-1], [1]),
  },
  {
    name: 'Slice on two axes, negative axis, end past the size: x[1:, :, -2:]',
    covers: ['Slice'],
    inputs: [x('x', [3, 2, 4])],
    build: (g, [v]) => g.slice(v, [1, -2], [INT64_MAX_ISH, INT64_MAX_ISH], [0, -1]),
  },
  {
    name: 'Expand (3,1) to (2,3,4)',
    covers: ['Expand'],
    inputs: [x('x', [3, 1])],
    build: (g, [v]) => g.expand(v, [2, 3, 4]),
  },
  {
    name: 'Expand (4,) to (3,4)',
    covers: ['Expand'],
    inputs: [x('x', [4])],
    build: (g, [v]) => g.expand(v, [3, 4]),
  },
];
