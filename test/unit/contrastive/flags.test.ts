/** The contrastive flags: --queue-size and --momentum only with --objective contrastive, no --grad-accum with it; old checkpoints without them still validate. */
import assert from 'node:assert/strict';
import { DEFAULT_HYPERPARAMS, validateHyperparams } from '../../../src/train/run/hyperparams';
import { InputError } from '../../../src/util/errors';

const oneLine = (pattern: RegExp) => (e: Error) => e instanceof InputError && pattern.test(e.message) && !e.message.includes('\n');

describe('contrastive hyperparameters', () => {
  it('refuses --queue-size or --momentum with another objective, and --grad-accum with contrastive, in one line', () => {
    const bert = { ...DEFAULT_HYPERPARAMS, arch: 'bert' as const, objective: 'mlm' as const };
    assert.throws(() => validateHyperparams({ ...bert, queueSize: 64 }), oneLine(/^--queue-size 64 sets up --objective contrastive; --objective mlm does not take it/));
    assert.throws(() => validateHyperparams({ ...bert, momentum: 0.9 }), oneLine(/^--momentum 0\.9 sets up --objective contrastive/));
    assert.throws(() => validateHyperparams({ ...bert, objective: 'contrastive', gradAccum: 2 }), oneLine(/^--grad-accum 2 does not fit --objective contrastive/));
    assert.throws(() => validateHyperparams({ ...bert, objective: 'contrastive', queueSize: -1 }), oneLine(/^--queue-size must be/));
    validateHyperparams({ ...bert, objective: 'contrastive', queueSize: 0, momentum: 0.9 });
  });

  it('accepts a checkpoint of another objective written before the flags existed', () => {
    const { queueSize: _q, momentum: _m, ...old } = DEFAULT_HYPERPARAMS;
    validateHyperparams(old);
  });
});
