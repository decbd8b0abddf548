import assert from 'node:assert/strict';
import { InputError, UsageError, describeError, exitCodeFor } from '../../../src/cli/errors';
import { SafetensorsError } from '../../../src/modelfile/safetensors';
import { FileWriteError } from '../../../src/util/atomic-write';

describe('cli/errors', () => {
  it('maps usage and input errors to exit 2 and everything else to exit 1', () => {
    assert.equal(exitCodeFor(new UsageError('x')), 2);
    assert.equal(exitCodeFor(new InputError('x')), 2);
    assert.equal(exitCodeFor(new SafetensorsError('f', 'bad')), 2);
    assert.equal(exitCodeFor(new FileWriteError('/m', Object.assign(new Error('full'), { code: 'ENOSPC' }))), 1);
    assert.equal(exitCodeFor(new TypeError('bug')), 1);
    assert.equal(exitCodeFor('thrown string'), 1);
  });

  it('describes an error on one line, with the stack only under --debug', () => {
    const error = new InputError('config.json: n_head must be an integer,\n  got "4"');
    assert.equal(describeError(error), 'error: config.json: n_head must be an integer, got "4"');
    assert.match(describeError(error, { debug: true }), /^InputError: config\.json[\s\S]*\n\s+at /);
    assert.equal(describeError(42), 'error: 42');
  });
});
