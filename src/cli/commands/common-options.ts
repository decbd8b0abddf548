/**
 * The argument and options that the commands running a model share, declared once so that each
 * command's spec spreads them in and their flags, bounds and help read the same everywhere.
 */
import type { OptionSpec, PositionalSpec } from '../args';
import { DEVICE_REQUESTS } from '../../runtime/execution-provider';
import { MAX_THREADS } from '../../train/run/hyperparams';

/** The `<model-dir>` argument, described as the command uses it. */
export function modelDirArgument(description: string): PositionalSpec {
  return { name: 'model-dir', description };
}

/** CPU threads for ONNX Runtime: 1 to 4 per core (at most 256); unset, ONNX Runtime takes one per core. */
export const THREADS_OPTION = {
  type: 'int',
  min: 1,
  max: MAX_THREADS,
  description: `CPU threads for ONNX Runtime, at most ${MAX_THREADS} here (default: one per core)`,
} as const satisfies OptionSpec;

/** Where ONNX Runtime runs the model: cpu unless asked. */
export const DEVICE_OPTION = { type: 'enum', values: DEVICE_REQUESTS, default: 'cpu', description: 'where to run' } as const satisfies OptionSpec;

/** `--threads` and `--device`, for a command that runs a model. */
export const RUNTIME_OPTIONS = { threads: THREADS_OPTION, device: DEVICE_OPTION } as const;

export const TEXT_FILE_OPTION = { type: 'string', valueName: 'file', description: 'read the text from this file instead of --text' } as const satisfies OptionSpec;

/** `--text <text>` (described as the command uses it) or `--text-file <file>`; read them with textInput(). */
export function textOptions<D extends string>(description: D) {
  return {
    text: { type: 'string', valueName: 'text', description },
    textFile: TEXT_FILE_OPTION,
  } as const satisfies Record<string, OptionSpec>;
}
