/** The `--threads` option every command that runs ONNX Runtime takes, with one bound for all of them. */
import type { OptionSpec } from '../args';
import { MAX_THREADS } from '../../train/run/hyperparams';

/** CPU threads for ONNX Runtime: 1 to 4 per core (at most 256); unset, ONNX Runtime takes one per core. */
export const THREADS_OPTION = {
  type: 'int',
  min: 1,
  max: MAX_THREADS,
  description: `CPU threads for ONNX Runtime, at most ${MAX_THREADS} here (default: one per core)`,
} as const satisfies OptionSpec;
