import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFolderLockedError, ModelLock, acquireModelLock, lockFileFor } from '../../../src/util/folder-lock';
import { InputError } from '../../../src/cli/errors';

/** A pid that certainly belonged to a process which has now exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

function writeLock(folder: string, owner: object): void {
  writeFileSync(lockFileFor(folder), JSON.stringify(owner));
}

/** The token written in the folder's lock file: whose lock it is now. */
function tokenOnDisk(folder: string): string {
  return JSON.parse(readFileSync(lockFileFor(folder), 'utf8')).token;
}

/** `lock` holds the folder: its token is on disk and a second acquire is refused. */
function assertHolds(lock: ModelLock, folder: string): void {
  assert.equal(tokenOnDisk(folder), lock.owner.token);
  assert.throws(() => acquireModelLock(folder), ModelFolderLockedError, 'a second acquire is refused while the lock is held');
  assert.equal(tokenOnDisk(folder), lock.owner.token, 'the refused acquire left the holder’s lock alone');
}

describe('model folder lock', () => {
  let dir: string;
  let folder: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lock-'));
    folder = join(dir, 'model');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is a file beside the folder that records the owner, removed on release', () => {
    const lock = acquireModelLock(folder, { command: 'pretrain' });
    const lockFile = join(dir, '.model.lock');
    assert.equal(lock.lockFile, lockFile);
    const owner = JSON.parse(readFileSync(lockFile, 'utf8'));
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.hostname, hostname());
    assert.equal(owner.command, 'pretrain');
    assert.ok(Math.abs(Date.parse(owner.startedAt) - Date.now()) < 60_000);
    lock.release();
    assert.equal(existsSync(lockFile), false);
    lock.release(); // twice is harmless
  });

  it('refuses a second writer with a message saying who holds it and what to do', () => {
    const first = acquireModelLock(folder, { command: 'pretrain' });
    assert.throws(
      () => acquireModelLock(join(dir, 'model', '.')),
      (error: unknown) => {
        assert.ok(error instanceof ModelFolderLockedError);
        assert.ok(error instanceof InputError);
        assert.equal(
          error.message,
          `model folder ${folder} is being written by process ${process.pid} (started ${first.owner.startedAt}, running pretrain); wait for it or cancel it`,
        );
        return true;
      },
    );
    assertHolds(first, folder);
    first.release();
    assert.equal(existsSync(lockFileFor(folder)), false);
    const second = acquireModelLock(folder);
    assertHolds(second, folder);
    second.release();
  });

  it('respects a lock held by another live process', () => {
    writeLock(folder, { pid: process.ppid, hostname: hostname(), startedAt: '2030-01-01T00:00:00.000Z', token: 'x' });
    assert.throws(() => acquireModelLock(folder), new RegExp(`being written by process ${process.ppid} \\(started 2030-01-01`));
    assert.equal(tokenOnDisk(folder), 'x', 'the live owner’s lock is untouched');
  });

  it('takes over a lock left by a dead process', () => {
    writeLock(folder, { pid: deadPid(), hostname: hostname(), startedAt: '2020-01-01T00:00:00.000Z', token: 'dead' });
    const lock = acquireModelLock(folder);
    assertHolds(lock, folder);
    lock.release();
    assert.equal(existsSync(lockFileFor(folder)), false);
  });

  it('takes over a lock with our pid from before this process started (pid reuse after reboot)', () => {
    writeLock(folder, { pid: process.pid, hostname: hostname(), startedAt: '2001-01-01T00:00:00.000Z', token: 'old' });
    const lock = acquireModelLock(folder);
    assertHolds(lock, folder);
    lock.release();
  });

  it('respects a lock from another host, and says which file to delete', () => {
    writeLock(folder, { pid: deadPid(), hostname: 'elsewhere.example', startedAt: '2020-01-01T00:00:00.000Z', token: 'x' });
    assert.throws(() => acquireModelLock(folder), /by process \d+ on elsewhere\.example .*if that process no longer exists, delete .*\.model\.lock/);
  });

  it('treats an unreadable lock as being created, unless it is old', () => {
    writeFileSync(lockFileFor(folder), '');
    assert.throws(() => acquireModelLock(folder), /being locked by another process right now/);
    const old = Date.now() / 1000 - 3600;
    utimesSync(lockFileFor(folder), old, old);
    const lock = acquireModelLock(folder);
    assertHolds(lock, folder);
    lock.release();
  });

  it('does not remove a lock that another process took over', () => {
    const lock = acquireModelLock(folder);
    writeLock(folder, { pid: process.ppid, hostname: hostname(), startedAt: new Date().toISOString(), token: 'other' });
    lock.release();
    assert.equal(JSON.parse(readFileSync(lockFileFor(folder), 'utf8')).token, 'other');
  });

  it('is released when the process exits without releasing it', function () {
    this.timeout(20_000);
    const script = `require(${JSON.stringify(require.resolve('../../../src/util/folder-lock'))}).acquireModelLock(${JSON.stringify(folder)}); console.log('locked')`;
    const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { encoding: 'utf8' });
    assert.equal(child.stdout.trim(), 'locked', child.stderr);
    assert.equal(existsSync(lockFileFor(folder)), false);
  });
});
