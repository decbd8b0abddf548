/**
 * The hyperparameters of a run as code uses them: their defaults, the flag of each field, which
 * may change on `--resume`, and their checks, all read from the table of training flags
 * (training-flags.ts); and the settings of the process running a run, with theirs.
 */
import os from 'node:os';
import { InputError } from '../../util/errors';
import type { RunSettings } from './run-settings';
import { flagName, HYPERPARAM_FLAGS, HYPERPARAM_KEYS, rangeProblem, type FlagSpec, type RunHyperparams } from './training-flags';

export type { RunHyperparams } from './training-flags';
export type { RunSettings } from './run-settings';

export const DEFAULT_HYPERPARAMS = Object.fromEntries(HYPERPARAM_KEYS.map((k) => [k, HYPERPARAM_FLAGS[k].default])) as unknown as RunHyperparams;

/** The flag that sets each field, so messages name what the user typed. */
export const FLAG_OF_FIELD = Object.fromEntries(HYPERPARAM_KEYS.map((k) => [k, flagName(k)])) as Record<keyof RunHyperparams, string>;

/**
 * Fields a resumed run may change (the table's `changeableOnResume`). The reporting ones leave
 * the loss curve alone; steps and the learning rates change it only from the resume point on,
 * which is what a user lowering --lr after a diverged run or extending a run asks for.
 * Everything else would make the checkpoint mean something else (another model, other data,
 * another optimizer).
 */
export const CHANGEABLE_ON_RESUME: ReadonlySet<keyof RunHyperparams> = new Set(HYPERPARAM_KEYS.filter((k) => HYPERPARAM_FLAGS[k].changeableOnResume));

/** Throws an InputError naming the flag of the first value out of its range (the table's). */
export function validateHyperparams(h: RunHyperparams): void {
  for (const key of HYPERPARAM_KEYS) {
    const flag = HYPERPARAM_FLAGS[key];
    // Fields a checkpoint of another objective may lack (queueSize, momentum): absent is fine.
    const problem = flag.type === 'enum' || (h[key] === undefined && CONTRASTIVE_FIELDS.includes(key)) ? undefined : rangeProblem(key, flag as FlagSpec<number>, h[key]);
    if (problem) throw new InputError(problem);
  }
  if (h.dim % h.heads !== 0) throw new InputError(`--heads ${h.heads} does not divide --dim ${h.dim}: every head needs the same share of the width`);
  if (h.minLr > h.lr) throw new InputError(`--min-lr ${h.minLr} is above --lr ${h.lr}`);
  if (h.masking !== undefined && h.masking !== 'token' && h.objective !== 'mlm') {
    throw new InputError(`--masking ${h.masking} chooses what --objective mlm masks; --objective ${h.objective} does not take it (leave --masking out)`);
  }
  const changed = CONTRASTIVE_FIELDS.find((k) => h[k] !== undefined && h[k] !== HYPERPARAM_FLAGS[k].default);
  if (changed && h.objective !== 'contrastive') {
    throw new InputError(`${flagName(changed)} ${h[changed]} sets up --objective contrastive; --objective ${h.objective} does not take it (leave ${flagName(changed)} out)`);
  }
  if (h.objective === 'contrastive' && h.gradAccum > 1) {
    throw new InputError(`--grad-accum ${h.gradAccum} does not fit --objective contrastive: its negatives are the batch and the queue, so raise --batch or --queue-size instead`);
  }
}

/** The hyperparameters only --objective contrastive takes. */
const CONTRASTIVE_FIELDS: readonly (keyof RunHyperparams)[] = ['queueSize', 'momentum'];

/**
 * The most ONNX Runtime threads a run may ask for: more than a few per core only adds switching,
 * and thousands of threads exhaust the process's limits before any work is done.
 */
export const MAX_THREADS = Math.min(256, 4 * os.availableParallelism());

/** Throws an InputError naming the flag of a setting out of range. */
export function validateSettings(s: RunSettings): void {
  if (s.threads !== undefined && !(Number.isInteger(s.threads) && s.threads >= 1 && s.threads <= MAX_THREADS)) {
    throw new InputError(`--threads must be an integer from 1 to ${MAX_THREADS} (4 per core of this machine, at most 256), got ${s.threads}`);
  }
  if (s.maxMinutes !== undefined && !(s.maxMinutes > 0 && Number.isFinite(s.maxMinutes))) {
    throw new InputError(`--max-minutes must be a positive number of minutes, got ${s.maxMinutes}`);
  }
}
