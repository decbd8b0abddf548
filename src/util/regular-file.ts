/**
 * Reading files that a user or a model folder names, safely: every such read goes through here.
 * A path may point at anything — a FIFO (whose open blocks until a writer comes, forever), a
 * character device (`/dev/zero`, endless), a folder, a file far larger than it should be — so
 * each file is opened without blocking, checked to be a regular file *on the open descriptor*
 * (a check on the path could be raced by a swap), and its size checked against a limit before a
 * byte is read. Failures are InputErrors: one line naming the file, what is wrong and what to do.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { InputError } from './errors';
import { formatBytes } from './format';

/** Why a file-system call failed, in words, keyed by errno code. */
const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: operation not permitted',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'is inside something that is not a folder',
  ELOOP: 'is a symbolic link loop',
  ENAMETOOLONG: 'has a name that is too long',
  EMFILE: 'cannot be opened: too many files are open (raise the limit with `ulimit -n`)',
  ENFILE: 'cannot be opened: the system has too many files open',
  EIO: 'cannot be read: an input/output error occurred',
  ENXIO: 'cannot be opened: no device behind it',
};

/** One line for an errno error about `path` ("config.json does not exist (ENOENT)"). */
export function describeFsError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  const words = code ? ERRNO_WORDS[code] : undefined;
  if (words) return `${path} ${words} (${code})`;
  return `${path}: ${error instanceof Error ? error.message : String(error)}`;
}

/** What kind of thing a non-regular file is, for messages. */
export function describeFileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

export interface RegularFileLimits {
  /** Refuse files larger than this many bytes. */
  maxBytes: number;
  /** What raises the limit, for the message ("--max-file-mb"); omitted when nothing does. */
  raiseWith?: string;
}

/** An open regular file: its descriptor and size, checked on the descriptor. Close it. */
export interface OpenRegularFile {
  fd: number;
  size: number;
  close(): void;
}

/**
 * Opens `path` for reading if it is a regular file (symbolic links followed) no larger than the
 * limit; throws an InputError naming the file otherwise. Never blocks on a FIFO.
 */
export function openRegularFile(path: string, limits?: RegularFileLimits): OpenRegularFile {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting forever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputError(describeFsError(path, error));
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new InputError(`${path} is ${describeFileKind(stats)}, not a regular file; point to a file`);
    if (limits && stats.size > limits.maxBytes) {
      const raise = limits.raiseWith ? `; raise the limit with ${limits.raiseWith}` : '';
      throw new InputError(`${path} is ${formatBytes(stats.size)}, over the limit of ${formatBytes(limits.maxBytes)}${raise}`);
    }
    return { fd, size: stats.size, close: () => closeSync(fd) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Reads `length` bytes at `position` of an open file; fewer only if the file shrank (then throws). */
export function readExactly(file: OpenRegularFile, path: string, position: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    let n: number;
    try {
      n = readSync(file.fd, out, done, length - done, position + done);
    } catch (error) {
      throw new InputError(describeFsError(path, error));
    }
    if (n === 0) throw new InputError(`${path} ended early: it changed or was truncated while being read`);
    done += n;
  }
  return out;
}

/** The whole of a regular file no larger than the limit. */
export function readRegularFile(path: string, limits?: RegularFileLimits): Buffer {
  const file = openRegularFile(path, limits);
  try {
    return readExactly(file, path, 0, file.size);
  } finally {
    file.close();
  }
}

/** A regular file as UTF-8 text (a leading byte-order mark dropped). */
export function readRegularText(path: string, limits?: RegularFileLimits): string {
  const text = readRegularFile(path, limits).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
