/**
 * Crash-safe writes. A file is written to a temporary sibling, flushed to disk, renamed over
 * the target and its directory flushed, so a reader or a restart after SIGKILL or power loss
 * sees either the whole old file or the whole new one. A whole folder is replaced the same way,
 * one level up (see replaceDirectoryAtomic). Any failure leaves the previous version in place
 * and is rethrown as a FileWriteError that names the path.
 *
 * Every file-system call goes through an `AtomicFs` (node:fs/promises by default) so tests can
 * inject a disk that fails halfway.
 */
import * as nodeFs from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

export interface FileHandleLike {
  write(data: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The subset of node:fs/promises that atomic writes use. */
export interface AtomicFs {
  open(path: string, flags: string): Promise<FileHandleLike>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { recursive?: boolean; force?: boolean }): Promise<void>;
  mkdir(path: string): Promise<unknown>;
  readdir(path: string, options: { withFileTypes: true }): Promise<{ name: string; isDirectory(): boolean }[]>;
  stat(path: string): Promise<{ mtimeMs: number }>;
}

export interface AtomicOptions {
  fs?: AtomicFs;
}

/** A write that did not happen; the file or folder at `path` still holds its previous version. */
export class FileWriteError extends Error {
  override readonly name = 'FileWriteError';
  readonly code: string | undefined;

  constructor(readonly path: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException)?.code;
    super(`could not write ${path}: ${explainFailure(cause)}; its previous version is unchanged`, { cause });
    this.code = code;
  }
}

const FAILURE_REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full (ENOSPC)',
  EDQUOT: 'the disk quota is exceeded (EDQUOT)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'operation not permitted (EPERM)',
  EROFS: 'the file system is read-only (EROFS)',
  ENOENT: 'its folder does not exist (ENOENT)',
  EIO: 'an input/output error occurred (EIO)',
};

function explainFailure(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException)?.code;
  if (code && FAILURE_REASONS[code]) return FAILURE_REASONS[code];
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * Part of the name of every temporary file a write leaves if it is interrupted, so a later run
 * can recognise and delete leftovers (see isAtomicWriteLeftover).
 */
export const TEMP_MARKER = '.tmp-';

/**
 * Whether `name` (a file or folder name) is a temporary left by an interrupted write: this
 * module's `.<name>.tmp-<id>` files and `<name>.tmp-<id>` staging folders, and the
 * `<name>.tmp-<id>` files of earlier versions.
 */
export function isAtomicWriteLeftover(name: string): boolean {
  return name.includes(TEMP_MARKER);
}

/** pid + random, so concurrent writers and leftovers of earlier crashes never collide. */
function uniqueSuffix(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array | readonly Uint8Array[],
  options: AtomicOptions = {},
): Promise<void> {
  const fs = options.fs ?? nodeFs;
  const chunks = typeof data === 'string' ? [Buffer.from(data, 'utf8')] : data instanceof Uint8Array ? [data] : data;
  const temp = join(dirname(path), `.${basename(path)}${TEMP_MARKER}${uniqueSuffix()}`);
  let handle: FileHandleLike | undefined;
  try {
    handle = await fs.open(temp, 'wx');
    let position = 0;
    for (const chunk of chunks) position = await writeAll(handle, chunk, position);
    await handle.sync();
    const closing = handle;
    handle = undefined;
    await closing.close();
    await fs.rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new FileWriteError(path, error);
  }
  await syncDirectory(dirname(path), fs, path);
}

async function writeAll(handle: FileHandleLike, chunk: Uint8Array, position: number): Promise<number> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset, position + offset);
    offset += bytesWritten;
  }
  return position + offset;
}

// Some platforms (Windows, some network file systems) cannot open or flush a directory; there
// the rename is as durable as the platform allows and nothing better can be done.
const DIRECTORY_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EINVAL', 'ENOTSUP', 'EACCES']);

/** Flushes a directory entry so a completed rename survives power loss. */
async function syncDirectory(dir: string, fs: AtomicFs, reportedPath: string): Promise<void> {
  let handle: FileHandleLike | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!DIRECTORY_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) {
      throw new FileWriteError(reportedPath, error);
    }
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Flushes every file and folder below `dir`, so a rename of `dir` publishes durable content. */
async function syncTree(dir: string, fs: AtomicFs): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await syncTree(path, fs);
    } else {
      const handle = await fs.open(path, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  }
  await syncDirectory(dir, fs, dir);
}

/*
 * Folder replacement uses three kinds of siblings of the target folder T:
 *   T.tmp-<id>  being filled; incomplete by definition
 *   T.new-<id>  complete and flushed; renamed from .tmp- only once everything is on disk
 *   T.old-<id>  the previous T, moved aside just before T.new-<id> is renamed to T
 * A crash at any point leaves a state that recoverDirectorySwap resolves: drop every .tmp-,
 * finish the swap if a .new- exists (it is the newest complete version), otherwise put a lone
 * .old- back if T is missing, and drop every .old- once T is in place.
 */
const SWAP_SIBLING = /^(tmp|new|old)-(\d+-[0-9a-f]{8})$/;

type SwapKind = 'tmp' | 'new' | 'old';

function swapSibling(target: string, kind: SwapKind, id: string): string {
  return `${target}.${kind}-${id}`;
}

/**
 * Replaces the folder `target` with one that `fill` writes into the empty folder it is given.
 * If `fill` or any later step fails, `target` keeps its previous content. Call it while
 * holding the folder's lock (folder-lock.ts): it also cleans up after crashed swaps of `target`.
 */
export async function replaceDirectoryAtomic(
  target: string,
  fill: (stagingDir: string) => Promise<void>,
  options: AtomicOptions = {},
): Promise<void> {
  const fs = options.fs ?? nodeFs;
  await recoverDirectorySwap(target, options);
  const id = uniqueSuffix();
  const staging = swapSibling(target, 'tmp', id);
  const ready = swapSibling(target, 'new', id);
  try {
    await fs.mkdir(staging);
    await fill(staging);
    await syncTree(staging, fs);
    await fs.rename(staging, ready);
    await syncDirectory(dirname(target), fs, target);
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    await fs.rm(ready, { recursive: true, force: true }).catch(() => undefined);
    // Name the folder the caller asked for, not a file inside the staging folder: that is
    // what was not replaced, and what the user will look for.
    throw error instanceof FileWriteError && error.path === target ? error : new FileWriteError(target, error);
  }
  await commitSwap(target, ready, id, fs);
}

/** Moves the complete folder `ready` into place at `target`, keeping the old one until it is. */
async function commitSwap(target: string, ready: string, id: string, fs: AtomicFs): Promise<void> {
  const old = swapSibling(target, 'old', id);
  const hadTarget = await exists(target, fs);
  try {
    if (hadTarget) await fs.rename(target, old);
    await fs.rename(ready, target);
  } catch (error) {
    if (hadTarget && !(await exists(target, fs))) await fs.rename(old, target).catch(() => undefined);
    throw new FileWriteError(target, error);
  }
  await syncDirectory(dirname(target), fs, target);
  if (hadTarget) await fs.rm(old, { recursive: true, force: true });
}

/**
 * Brings `target` to a consistent state after a swap that a crash interrupted (see the comment
 * above). Safe to call when nothing was interrupted. Only a writer holding the folder's lock
 * may call it: it deletes the staging folder of a swap in progress.
 */
export async function recoverDirectorySwap(target: string, options: AtomicOptions = {}): Promise<void> {
  const fs = options.fs ?? nodeFs;
  const parent = dirname(target);
  const prefix = `${basename(target)}.`;
  const siblings: Record<SwapKind, { path: string; id: string }[]> = { tmp: [], new: [], old: [] };
  let entries: { name: string }[];
  try {
    entries = await fs.readdir(parent, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const { name } of entries) {
    const match = name.startsWith(prefix) ? SWAP_SIBLING.exec(name.slice(prefix.length)) : null;
    if (match) siblings[match[1] as SwapKind].push({ path: join(parent, name), id: match[2] });
  }
  if (siblings.tmp.length + siblings.new.length + siblings.old.length === 0) return;

  for (const staging of siblings.tmp) await fs.rm(staging.path, { recursive: true, force: true });
  const newest = await newestFirst(siblings.new, fs);
  const oldest = await newestFirst(siblings.old, fs);
  if (newest.length > 0) {
    for (const stale of newest.slice(1)) await fs.rm(stale.path, { recursive: true, force: true });
    await commitSwap(target, newest[0].path, newest[0].id, fs);
  } else if (oldest.length > 0 && !(await exists(target, fs))) {
    await fs.rename(oldest[0].path, target);
  }
  for (const old of oldest) await fs.rm(old.path, { recursive: true, force: true });
  await syncDirectory(parent, fs, target);
}

async function newestFirst<T extends { path: string }>(items: T[], fs: AtomicFs): Promise<T[]> {
  const withTimes = await Promise.all(items.map(async (item) => ({ item, mtime: (await fs.stat(item.path)).mtimeMs })));
  return withTimes.sort((a, b) => b.mtime - a.mtime).map(({ item }) => item);
}

async function exists(path: string, fs: AtomicFs): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
