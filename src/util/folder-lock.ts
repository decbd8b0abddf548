/**
 * An exclusive lock on a model folder, so that two jobs (in one process, two processes or two
 * VS Code windows) never write the same folder at once.
 *
 * The lock is a file beside the folder, `.<folder>.lock`, created with O_EXCL and holding who
 * owns it. Beside rather than inside: the folder may not exist yet (a new `--out`), and a whole
 * folder swap (atomic-write.ts) must not carry the lock away with the old folder.
 *
 * A lock left by a process that died (SIGKILL, crash, power loss) is taken over when its pid is
 * no longer alive on this host. A lock from another host (shared drive) cannot be checked and
 * is respected; the error says which file to delete if that host's process is gone.
 */
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FileWriteError } from './atomic-write';
import { InputError } from './errors';

export interface LockOwner {
  pid: number;
  hostname: string;
  /** ISO time the lock was taken. */
  startedAt: string;
  /** What the owner is doing, for the message another job sees ("pretrain", …). */
  command?: string;
  /** Random; tells this lock apart from a later one by the same pid. */
  token: string;
}

/** The folder is locked by another job; says who holds it and what to do. */
export class ModelFolderLockedError extends InputError {
  constructor(readonly folder: string, readonly lockFile: string, readonly owner: LockOwner | undefined) {
    super(describeOwner(folder, lockFile, owner));
  }
}

function describeOwner(folder: string, lockFile: string, owner: LockOwner | undefined): string {
  if (!owner) return `model folder ${folder} is being locked by another process right now; wait for it or cancel it`;
  const elsewhere = owner.hostname !== hostname();
  const who = `process ${owner.pid}${elsewhere ? ` on ${owner.hostname}` : ''}`;
  const what = owner.command ? `, running ${owner.command}` : '';
  const advice = elsewhere
    ? `wait for it or cancel it; if that process no longer exists, delete ${lockFile}`
    : 'wait for it or cancel it';
  return `model folder ${folder} is being written by ${who} (started ${owner.startedAt}${what}); ${advice}`;
}

export function lockFileFor(folder: string): string {
  const canonical = canonicalFolder(folder);
  return join(dirname(canonical), `.${basename(canonical)}.lock`);
}

/**
 * The one name of a folder however it is reached (a symlink to it, or a path through a
 * symlinked parent), so that two aliases of one folder share one lock: its real path, or, for a
 * folder not created yet, the real path of its nearest existing ancestor plus the rest.
 */
export function canonicalFolder(folder: string): string {
  const absolute = resolve(folder);
  const missing: string[] = [];
  for (let at = absolute; ; at = dirname(at)) {
    try {
      return join(realpathSync.native(at), ...missing);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(at) === at) return absolute;
      missing.unshift(basename(at));
    }
  }
}

export interface LockOptions {
  /** Shown to anyone who finds the folder locked. */
  command?: string;
}

// A lock file with no readable owner is one being created right now, unless it is older than
// this: then its creator died between creating and writing it.
const UNWRITTEN_LOCK_GRACE_MS = 10_000;
const ACQUIRE_ATTEMPTS = 5;

const heldLocks = new Set<ModelLock>();
let exitHookInstalled = false;

/**
 * A held lock. Released by `release()`, or when this process exits normally (including through
 * `process.exit` from a signal handler); after SIGKILL the next acquirer takes it over.
 */
export class ModelLock {
  private released = false;

  constructor(readonly folder: string, readonly lockFile: string, readonly owner: LockOwner) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    heldLocks.delete(this);
    // Only remove the file if it is still ours: never delete a lock someone took over.
    if (readOwner(this.lockFile)?.token === this.owner.token) unlinkIfPresent(this.lockFile);
  }
}

export function acquireModelLock(folder: string, options: LockOptions = {}): ModelLock {
  const absolute = canonicalFolder(folder);
  const lockFile = lockFileFor(absolute);
  mkdirSync(dirname(lockFile), { recursive: true });
  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    ...(options.command ? { command: options.command } : {}),
    token: randomBytes(8).toString('hex'),
  };
  for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
    if (tryCreate(lockFile, owner)) {
      const lock = new ModelLock(absolute, lockFile, owner);
      holdUntilExit(lock);
      return lock;
    }
    const existing = readLockFile(lockFile);
    if (existing === 'missing') continue; // released between our create and our read
    if (!isStale(existing)) throw new ModelFolderLockedError(absolute, lockFile, existing.owner);
    takeOverStale(lockFile, existing.text, absolute);
  }
  throw new ModelFolderLockedError(absolute, lockFile, readOwner(lockFile));
}

function tryCreate(lockFile: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
    fsyncSync(fd);
  } catch (error) {
    // A full disk creates the file but refuses its content: an empty lock would block the
    // folder for its grace period, so it goes, and the failure reads as any failed write does.
    closeSync(fd);
    unlinkIfPresent(lockFile);
    throw new FileWriteError(lockFile, error);
  }
  closeSync(fd);
  return true;
}

interface ExistingLock {
  text: string;
  owner: LockOwner | undefined;
  mtimeMs: number;
}

function readLockFile(lockFile: string): ExistingLock | 'missing' {
  try {
    const mtimeMs = statSync(lockFile).mtimeMs;
    const text = readFileSync(lockFile, 'utf8');
    return { text, owner: parseOwner(text), mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

function readOwner(lockFile: string): LockOwner | undefined {
  const existing = readLockFile(lockFile);
  return existing === 'missing' ? undefined : existing.owner;
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text);
    if (Number.isSafeInteger(value?.pid) && typeof value.hostname === 'string' && typeof value.startedAt === 'string') {
      return value as LockOwner;
    }
  } catch {
    // An empty or half-written lock file: handled as "no readable owner".
  }
  return undefined;
}

function isStale(existing: ExistingLock): boolean {
  const { owner } = existing;
  if (!owner) return Date.now() - existing.mtimeMs > UNWRITTEN_LOCK_GRACE_MS;
  if (owner.hostname !== hostname()) return false;
  if (owner.pid === process.pid) {
    // Our own pid: another job of this process (perhaps in another worker thread, so our own
    // bookkeeping cannot tell) holds it - unless the lock predates this process, left by a dead
    // process that had the same pid before a reboot.
    const thisProcessStarted = Date.now() - process.uptime() * 1000;
    return Date.parse(owner.startedAt) < thisProcessStarted - 1000;
  }
  return !isProcessAlive(owner.pid);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/**
 * A process that has died but is not yet reaped still answers kill(pid, 0). A killed job process
 * whose parent died first waits so for init to reap it — which may take a while, or forever under
 * an init that reaps nothing — and must not keep the lock meanwhile. (Linux; elsewhere: no.)
 */
function isZombie(pid: number): boolean {
  try {
    // Field 3 of stat is the state; the command name before it (in parentheses) may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z';
  } catch {
    return false;
  }
}

/**
 * Removes a stale lock without removing a fresh one that another process may have just created
 * in its place: move it aside under a unique name, check that what was moved is the stale lock
 * we judged, and put it back if it is not.
 */
function takeOverStale(lockFile: string, staleText: string, folder: string): void {
  const aside = `${lockFile}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else removed it
    throw error;
  }
  const moved = readFileSync(aside, 'utf8');
  if (moved === staleText) {
    unlinkIfPresent(aside);
    return;
  }
  // We moved a live lock taken in the meantime: restore it unless yet another lock exists.
  try {
    linkSync(aside, lockFile);
  } finally {
    unlinkIfPresent(aside);
  }
  throw new ModelFolderLockedError(folder, lockFile, parseOwner(moved));
}

function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function holdUntilExit(lock: ModelLock): void {
  heldLocks.add(lock);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const held of [...heldLocks]) {
      try {
        held.release();
      } catch {
        // Exiting anyway; a lock we could not remove is taken over as stale by the next job.
      }
    }
  });
}
