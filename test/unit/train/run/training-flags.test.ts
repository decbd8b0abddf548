// The one table of training flags, held to what is made from it: the validation of a run's
// hyperparameters, the pretrain and finetune command lines, and the extension's
// `pretrainLab.defaults.*` settings in package.json (static JSON, so checked here).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCommand } from '../../../../src/cli/args';
import { finetuneCommand } from '../../../../src/cli/commands/finetune';
import { pretrainCommand } from '../../../../src/cli/commands/pretrain';
import { InputError } from '../../../../src/util/errors';
import { CHANGEABLE_ON_RESUME, DEFAULT_HYPERPARAMS, validateHyperparams } from '../../../../src/train/run/hyperparams';
import { flagName, HYPERPARAM_FLAGS, HYPERPARAM_KEYS, inRange, type FlagSpec } from '../../../../src/train/run/training-flags';

interface SettingSchema {
  type: string;
  default: unknown;
  minimum?: number;
  maximum?: number;
}

const packageJson = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8'));
const settings: Record<string, SettingSchema> = packageJson.contributes.configuration.properties;
const DEFAULTS_PREFIX = 'pretrainLab.defaults.';

describe('training flags: one table', () => {
  it('gives every pretrainLab.defaults.* setting of package.json the default and range of its flag', () => {
    const declared = Object.keys(settings).filter((k) => k.startsWith(DEFAULTS_PREFIX)).sort();
    const fromTable = HYPERPARAM_KEYS.filter((k) => HYPERPARAM_FLAGS[k].setting).map((k) => DEFAULTS_PREFIX + HYPERPARAM_FLAGS[k].setting!.name).sort();
    assert.deepEqual(declared, fromTable, 'package.json declares exactly the settings the table names');
    assert.ok(fromTable.length >= 5, 'the table names the settings (guards against checking nothing)');
    for (const key of HYPERPARAM_KEYS) {
      const flag = HYPERPARAM_FLAGS[key] as FlagSpec<number>;
      if (!flag.setting) continue;
      const schema = settings[DEFAULTS_PREFIX + flag.setting.name];
      const where = `${DEFAULTS_PREFIX}${flag.setting.name} (${flagName(key)})`;
      assert.equal(schema.type, flag.type === 'int' ? 'integer' : 'number', `${where}: type`);
      assert.equal(schema.default, flag.default, `${where}: default`);
      assert.equal(schema.minimum, flag.setting.minimum, `${where}: minimum`);
      assert.equal(schema.maximum, flag.setting.maximum, `${where}: maximum`);
      // Whatever the settings editor lets a user choose, a run accepts.
      assert.ok(inRange(flag.type, flag.range, schema.minimum) && inRange(flag.type, flag.range, schema.maximum), `${where}: its range lies within the flag's`);
    }
  });

  it('makes the defaults a valid run, and refuses each value out of its range naming the flag', () => {
    validateHyperparams(DEFAULT_HYPERPARAMS);
    const bad: [string, number][] = [['layers', 0], ['context', 1], ['lr', 0], ['lr', 10], ['minLr', -1e-9], ['weightDecay', 1], ['clip', Infinity], ['valFraction', 0], ['warmup', 1.5], ['seed', 2 ** 32], ['dropout', NaN]];
    for (const [key, value] of bad) {
      assert.throws(
        () => validateHyperparams({ ...DEFAULT_HYPERPARAMS, [key]: value }),
        (e: Error) => e instanceof InputError && e.message.startsWith(`${flagName(key)} must be `) && e.message.endsWith(`got ${value}`),
        `${key} = ${value}`,
      );
    }
    assert.throws(() => validateHyperparams({ ...DEFAULT_HYPERPARAMS, seed: 2 ** 32 }), /--seed must be an integer in \[0, 2\^32\), got 4294967296/);
    assert.throws(() => validateHyperparams({ ...DEFAULT_HYPERPARAMS, valFraction: 1 }), /--val-fraction must be in \(0, 1\): a run needs validation data, got 1/);
  });

  it('lets a resumed run change only the fields the table marks', () => {
    assert.deepEqual([...CHANGEABLE_ON_RESUME].sort(), ['checkpointEvery', 'evalEvery', 'lr', 'minLr', 'steps']);
  });

  it('gives pretrain every hyperparameter and finetune those the table gives it, each typed by its flag', () => {
    const pretrainOptions = pretrainCommand.spec.options;
    const finetuneOptions = finetuneCommand.spec.options;
    for (const key of HYPERPARAM_KEYS) {
      const flag = HYPERPARAM_FLAGS[key];
      assert.equal(pretrainOptions[key]?.type, flag.type, `pretrain ${flagName(key)}`);
      assert.equal(finetuneOptions[key]?.type, flag.finetune ? flag.type : undefined, `finetune ${flagName(key)}`);
    }
    assert.equal(finetuneOptions.epochs?.type, 'float');
    // A flag left out stays undefined, so that --resume keeps the checkpoint's value.
    const parsed = parseCommand(pretrainCommand.spec, ['corpus', '--out', 'm', '--min-lr', '0.0002']);
    assert.ok(parsed.kind === 'run');
    assert.equal(parsed.options.minLr, 0.0002);
    assert.equal(parsed.options.lr, undefined);
  });
});
