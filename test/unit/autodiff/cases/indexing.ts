/** Gathers: rows or elements read several times must accumulate their gradients. */
import { type GradCase, fixed, x } from './types';

export const indexingCases: GradCase[] = [
  {
    name: 'Gather as embedding (5,3)[ids (2,3)] with repeated ids, int64',
    covers: ['Gather'],
    inputs: [x('table', [5, 3]), fixed('ids', [2, 3], [1, 1, 4, 0, 1, 4])],
    build: (g, [t, ids]) => g.gather(t, ids),
  },
  {
    name: 'Gather with int32 ids, repeated, and a negative id (-1 = last row)',
    covers: ['Gather'],
    inputs: [x('table', [4, 2]), fixed('ids', [5], [2, 2, -1, 0, 2], 'int32')],
    build: (g, [t, ids]) => g.gather(t, ids),
  },
  {
    name: 'Gather with a scalar index',
    covers: ['Gather'],
    inputs: [x('table', [4, 3]), fixed('id', [], [2])],
    build: (g, [t, id]) => g.gather(t, id),
  },
  {
    name: 'GatherElements axis 1 with repeated indices',
    covers: ['GatherElements'],
    inputs: [x('data', [2, 4]), fixed('idx', [2, 3], [0, 0, 3, 2, 1, 2])],
    build: (g, [d, idx]) => g.gatherElements(d, idx, 1),
  },
  {
    name: 'GatherElements axis 0, int32 indices, fewer rows than data',
    covers: ['GatherElements'],
    inputs: [x('data', [3, 2]), fixed('idx', [2, 2], [2, 0, 2, 2], 'int32')],
    build: (g, [d, idx]) => g.gatherElements(d, idx, 0),
  },
];
