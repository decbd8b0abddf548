/** Every finite-difference case, grouped by op family. */
import { derivedCases } from './derived';
import { elementwiseCases } from './elementwise';
import { indexingCases } from './indexing';
import { layoutCases } from './layout';
import { linalgCases } from './linalg';
import { reduceNnCases } from './reduce-nn';
import type { GradCase } from './types';

export const caseFamilies: Record<string, GradCase[]> = {
  elementwise: elementwiseCases,
  'linear algebra': linalgCases,
  'reductions and nn': reduceNnCases,
  layout: layoutCases,
  indexing: indexingCases,
  'derived compositions (no rule of their own)': derivedCases,
};
