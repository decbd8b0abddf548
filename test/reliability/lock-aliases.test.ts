/**
 * Concurrency: a model folder has one lock however it is named. A symlink to the folder, or a
 * path through a symlinked parent, must not let a second job write the folder while the first
 * trains (the lock used to be keyed by the path as typed).
 */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { acquireModelLock, ModelFolderLockedError } from '../../src/util/folder-lock';
import { buildCliOnce, runCli, tempDir, tinyCorpus, TINY_RUN } from '../integration/cli-helpers';

function assertLocked(folder: string): void {
  assert.throws(() => acquireModelLock(folder).release(), ModelFolderLockedError, `${folder} was not refused`);
}

describe('reliability: model folder locks and aliases', function () {
  this.timeout(120_000);

  it('a symlink to the folder, or through its parent, shares the real folder\'s lock', () => {
    const dir = tempDir('pl-lock-alias-');
    const real = path.join(dir, 'real');
    mkdirSync(real);
    symlinkSync(real, path.join(dir, 'alias'));
    symlinkSync(dir, path.join(dir, 'parent-alias'));
    const lock = acquireModelLock(real);
    try {
      assertLocked(path.join(dir, 'alias'));
      assertLocked(path.join(dir, 'parent-alias', 'real'));
      assertLocked(path.join(dir, 'parent-alias', 'alias'));
    } finally {
      lock.release();
    }
    // Released through one name, free through every name.
    acquireModelLock(path.join(dir, 'alias')).release();
  });

  it('CLI: pretrain --resume through a symlink is refused while the real folder is being written', async () => {
    buildCliOnce();
    const dir = tempDir('pl-lock-alias-');
    const corpus = tinyCorpus(dir);
    const real = path.join(dir, 'real');
    const first = await runCli(['pretrain', corpus, '--out', real, ...TINY_RUN, '--steps', '2']);
    assert.equal(first.code, 0, first.stderr);
    symlinkSync(real, path.join(dir, 'alias'));
    const lock = acquireModelLock(real, { command: 'a test' });
    try {
      const second = await runCli(['pretrain', corpus, '--out', path.join(dir, 'alias'), '--resume', '--steps', '4']);
      assert.equal(second.code, 2, second.stderr);
      assert.match(second.stderr, /is being written by process \d+ .*running a test/);
    } finally {
      lock.release();
    }
  });
});
