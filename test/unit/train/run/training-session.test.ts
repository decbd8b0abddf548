// The run folder every training run goes through (training-session.ts): checked and locked for
// the run, and left as it was when a new run fails before its first checkpoint.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { trainingDir } from '../../../../src/train/checkpoint/checkpoint';
import { withRunFolder } from '../../../../src/train/run/training-session';
import { InputError } from '../../../../src/util/errors';

const run = { command: 'test', resume: false, settings: { device: 'cpu' as const } };

describe('training session: the run folder', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'pl-session-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('removes a folder it created when the run fails before its first checkpoint', async () => {
    const out = path.join(root, 'new-model');
    await assert.rejects(withRunFolder(out, run, async () => {
      mkdirSync(out);
      writeFileSync(path.join(out, 'partial.bin'), 'x');
      throw new InputError('too little text');
    }), /too little text/);
    assert.equal(existsSync(out), false);
  });

  it('keeps a folder that holds a checkpoint, and one that existed before', async () => {
    const checkpointed = path.join(root, 'checkpointed');
    await assert.rejects(withRunFolder(checkpointed, run, async () => {
      mkdirSync(trainingDir(checkpointed), { recursive: true });
      throw new Error('failed at step 3');
    }));
    assert.ok(existsSync(trainingDir(checkpointed)));
    const existing = path.join(root, 'existing');
    mkdirSync(existing);
    await assert.rejects(withRunFolder(existing, run, async () => {
      throw new Error('bad data');
    }));
    assert.ok(existsSync(existing));
  });

  it('holds the lock for the run only, and refuses bad settings before touching the folder', async () => {
    const out = path.join(root, 'model');
    await withRunFolder(out, run, async () => {
      await assert.rejects(withRunFolder(out, run, async () => undefined), /is being written by process/);
      mkdirSync(trainingDir(out), { recursive: true });
    });
    assert.equal(await withRunFolder(out, { ...run, resume: true }, async () => 'again'), 'again');
    const other = path.join(root, 'other');
    await assert.rejects(withRunFolder(other, { ...run, settings: { device: 'cpu', maxMinutes: -1 } }, async () => undefined), /--max-minutes/);
    assert.equal(existsSync(other), false);
  });
});
