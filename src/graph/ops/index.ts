/** Importing this module registers the inference rule of every supported op. */
import './elementwise';
import './linalg';
import './reduce';
import './layout';
import './indexing';
import './nn';

export { inferenceOps, inferenceRule, ShapeError } from './schema';
export type { OutputType } from './schema';
