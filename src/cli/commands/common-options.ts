/**
 * The argument and options that the commands running a model share, declared once so that each
 * command's spec spreads them in and their flags, bounds and help read the same everywhere.
 */
import { defineCommand, type CommandSpec, type OptionSpec, type OptionSpecs, type PositionalSpec } from '../args';
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

/**
 * `--<flag> <text>` (described as the command uses it) or `--<flag>-file <file>`, `--text` unless
 * the command names another flag: the pair textInput() reads, under the keys it expects.
 */
export function textOptions<const D extends string, const F extends string = 'text'>(
  description: D,
  flag: F = 'text' as F,
  fileDescription = `read the ${flag} from this file instead of --${flag}`,
) {
  const text = { type: 'string', valueName: 'text', description } as const satisfies OptionSpec;
  const file = { type: 'string', valueName: 'file', description: fileDescription } as const satisfies OptionSpec;
  return { [flag]: text, [`${flag}File`]: file } as { [K in F]: typeof text } & { [K in `${F}File`]: typeof file };
}

/**
 * The spec of a command that runs a model folder on one text (attention, classify, fill-mask): the
 * `<model-dir>` argument, then --text / --text-file ahead of the command's own options; it reads
 * them with requireModelDir() and textInput().
 */
export function modelOnTextCommand<const O extends OptionSpecs, const D extends string>({ modelDir, text, options, ...rest }: Omit<CommandSpec<O>, 'positionals'> & { modelDir: string; text: D }) {
  return defineCommand({ ...rest, positionals: [modelDirArgument(modelDir)], options: { ...textOptions(text), ...options } });
}
