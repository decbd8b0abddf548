/**
 * Resolving what a `pretrain` invocation means: a new run (defaults + flags) or the resume of
 * the run checkpointed in the folder (its hyperparameters, with only a few allowed to change),
 * and the checks on the output folder that go with each.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../util/errors';
import { CONFIG_FILE, TRAINING_DIR } from '../../modelfile/layout';
import type { TrainingProgress } from '../checkpoint/checkpoint';
import { readCheckpointHyperparams } from '../checkpoint/checkpoint';
import { trainFamily } from '../families';
import { CHANGEABLE_ON_RESUME, DEFAULT_HYPERPARAMS, FLAG_OF_FIELD, type RunHyperparams, validateHyperparams } from './hyperparams';

export interface ResolvedRun {
  hyper: RunHyperparams;
  /** The checkpoint's progress when resuming. */
  resumeFrom?: TrainingProgress;
}

/** A new run: refuses a folder that already holds a model, so nothing is overwritten by accident. */
export function resolveNewRun(out: string, given: Partial<RunHyperparams>): ResolvedRun {
  if (existsSync(out) && !statSync(out).isDirectory()) throw new InputError(`--out ${out} is a file, not a folder`);
  if (existsSync(path.join(out, CONFIG_FILE)) || existsSync(path.join(out, TRAINING_DIR))) {
    throw new InputError(`--out ${out} already holds a model; pass --resume to continue its training, or choose a new folder`);
  }
  const arch = given.arch ?? DEFAULT_HYPERPARAMS.arch;
  const family = trainFamily(arch, given.objective);
  const hyper: RunHyperparams = { ...DEFAULT_HYPERPARAMS, tokenizer: family.defaultTokenizer, objective: family.objective, ...given, arch };
  validateHyperparams(hyper);
  return { hyper };
}

/** A resume: the checkpoint's hyperparameters; a flag may only repeat them or change the few that may change. */
export async function resolveResume(out: string, given: Partial<RunHyperparams>): Promise<ResolvedRun> {
  const saved = await readCheckpointHyperparams(out);
  if (!saved) throw new InputError(`${out} has no training checkpoint to resume (no ${TRAINING_DIR}/state.json); start a new run without --resume`);
  const hyper: RunHyperparams = { ...saved.hyperparams };
  for (const [key, value] of Object.entries(given) as [keyof RunHyperparams, never][]) {
    if (value === undefined || value === saved.hyperparams[key]) continue;
    if (!CHANGEABLE_ON_RESUME.has(key)) {
      const changeable = [...CHANGEABLE_ON_RESUME].map((k) => FLAG_OF_FIELD[k]).join(', ');
      throw new InputError(
        `${FLAG_OF_FIELD[key]} ${value} differs from the checkpoint's ${saved.hyperparams[key]}; a resumed run keeps its settings (only ${changeable} may change)`,
      );
    }
    hyper[key] = value;
  }
  validateHyperparams(hyper);
  trainFamily(hyper.arch, hyper.objective);
  return { hyper, resumeFrom: saved.progress };
}
