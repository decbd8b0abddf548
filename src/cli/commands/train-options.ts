/**
 * The training commands' options, made from the one table of training flags
 * (train/run/training-flags.ts): `pretrain` takes every hyperparameter, `finetune` those the table
 * gives it, each with its help and default. No defaults in the specs: a flag left out must stay
 * undefined so that --resume keeps the checkpoint's value (the defaults show in the help).
 * The parser checks each value's type and an integer's lower bound; the full range is checked
 * with the run's other hyperparameters (validateHyperparams).
 */
import type { OptionSpec } from '../args';
import { EPOCHS_FLAG, HYPERPARAM_FLAGS, HYPERPARAM_KEYS, type AnyFlag, type HyperparamKey } from '../../train/run/training-flags';
import { DEVICE_OPTION, THREADS_OPTION } from './common-options';

function optionOf(spec: AnyFlag, description: string): OptionSpec {
  if (spec.type === 'enum') return { type: 'enum', values: spec.values, description };
  if (spec.type === 'int') return { type: 'int', min: spec.range.min, description };
  return { type: 'float', description };
}

/** Every hyperparameter, as `pretrain` takes it. */
export function pretrainOptions(): Record<HyperparamKey, OptionSpec> {
  const options = {} as Record<HyperparamKey, OptionSpec>;
  for (const key of HYPERPARAM_KEYS) {
    const spec = HYPERPARAM_FLAGS[key] as AnyFlag;
    options[key] = optionOf(spec, `${spec.description} (default ${spec.defaultHelp ?? spec.default})`);
  }
  return options;
}

/** The hyperparameters `finetune` takes, with what each task defaults to; plus --epochs. */
export function finetuneOptions(): Partial<Record<HyperparamKey | 'epochs', OptionSpec>> {
  const options: Partial<Record<HyperparamKey | 'epochs', OptionSpec>> = {
    epochs: optionOf(EPOCHS_FLAG, `classify: ${EPOCHS_FLAG.description} (default ${EPOCHS_FLAG.default})`),
  };
  for (const key of HYPERPARAM_KEYS) {
    const spec = HYPERPARAM_FLAGS[key] as AnyFlag;
    const finetune = spec.finetune;
    if (!finetune) continue;
    const description = finetune.tasks === 'lm'
      ? `lm: ${spec.description} (default ${spec.defaultHelp ?? spec.default})`
      : finetune.classify === undefined
        ? `${spec.description} (default ${spec.default})`
        : `${spec.description} (default: classify ${finetune.classify}, lm ${spec.default})`;
    options[key] = optionOf(spec, description);
  }
  return options;
}

/** Where and how long a run trains, and whether it continues one: the same for every training command. */
export const RUN_SETTING_OPTIONS = {
  threads: THREADS_OPTION,
  device: { ...DEVICE_OPTION, description: 'where to train' },
  maxMinutes: { type: 'float', above: 0, description: 'stop with a checkpoint after this many minutes' },
  resume: { type: 'bool', description: 'continue the run checkpointed in --out' },
} as const satisfies Record<string, OptionSpec>;

/** The hyperparameters the user typed (the others stay undefined, for defaults or the checkpoint). */
export function givenHyperparams<K extends string>(keys: readonly K[], options: Record<string, unknown>, given: ReadonlySet<unknown>): Partial<Record<K, unknown>> {
  return Object.fromEntries(keys.filter((k) => given.has(k)).map((k) => [k, options[k]])) as Partial<Record<K, unknown>>;
}
