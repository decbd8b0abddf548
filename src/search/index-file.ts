/**
 * The index on disk: a folder with `index.json` (files, units, model identity, the checksum of
 * the vectors, and its own checksum) and `vectors.bin` (Float32 little-endian, units × dim).
 * Written as a whole folder swap under the folder's lock (util/atomic-write.ts,
 * util/folder-lock.ts), so a crash or a full disk leaves the previous index. Read with every field checked: any damage is an
 * IndexCorruptError naming the file, which WorkspaceIndex turns into a rebuild.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../util/errors';
import { FileWriteError, replaceDirectoryAtomic, type AtomicOptions } from '../util/atomic-write';
import { acquireModelLock, canonicalFolder, type ModelLock } from '../util/folder-lock';
import { describeFileKind, describeFsError, readRegularFile, readRegularText } from '../util/regular-file';
import { isInVirtualTree, isSystemFolder } from '../util/system-folders';
import { jsonParseReason } from '../modelfile/json-file';
import type { StoredIndex } from './index-types';
import { checkIndexJson, type IndexJson } from './index-validate';

export const INDEX_FILE = 'index.json';
export const VECTORS_FILE = 'vectors.bin';
export const INDEX_FORMAT = 'pretrain-lab-search-index';
export const INDEX_VERSION = 1;

const MiB = 1024 * 1024;
/**
 * Far above a big workspace's units (100k units of 2 KiB) and vectors (100k × 1024 floats), and
 * under V8's longest string (~512 MiB), which a larger index.json could not even be read into.
 */
const INDEX_JSON_LIMIT = { maxBytes: 256 * MiB };
const VECTORS_LIMIT = { maxBytes: 2048 * MiB };

/** The stored index cannot be used; `reason` is one line. */
export class IndexCorruptError extends InputError {
  constructor(readonly file: string, readonly reason: string) {
    super(`search index file ${file} is damaged: ${reason}`);
  }
}

/**
 * Refuses a folder that must not become an index: writing replaces the whole folder, so a folder
 * that holds anything but an index's two files (a workspace, a model, a home folder given to
 * --index-dir by mistake) is never used, nor a file, a device or a system folder.
 */
export function checkIndexFolder(dir: string): void {
  const real = canonicalFolder(dir);
  if (isSystemFolder(real) || isInVirtualTree(real)) throw new InputError(`${dir} is a system folder; give a folder of its own for the search index`);
  let stats;
  try {
    stats = statSync(dir, { throwIfNoEntry: false });
  } catch (error) {
    throw new InputError(`search index folder ${describeFsError(dir, error)}`);
  }
  if (!stats) return;
  if (!stats.isDirectory()) throw new InputError(`search index folder ${dir} is ${stats.isFile() ? 'a file' : describeFileKind(stats)}, not a folder; give a new or empty folder for the index`);
  const foreign = readdirSync(dir).filter((name) => name !== INDEX_FILE && name !== VECTORS_FILE);
  if (foreign.length > 0) {
    throw new InputError(`${dir} holds other files (${foreign[0]}${foreign.length > 1 ? ', …' : ''}), so it is not a search index folder; give a new or empty folder for the index`);
  }
}

/** The stored index, or undefined when the folder holds none yet. */
export function readIndex(dir: string): StoredIndex | undefined {
  const jsonPath = path.join(dir, INDEX_FILE);
  if (!existsSync(dir) || (!existsSync(jsonPath) && !existsSync(path.join(dir, VECTORS_FILE)))) return undefined;
  const json = parseIndexJson(jsonPath);
  const vectorsPath = path.join(dir, VECTORS_FILE);
  const bytes = readOrCorrupt(vectorsPath, () => readRegularFile(vectorsPath, VECTORS_LIMIT));
  const expected = json.units.length * json.dim * 4;
  if (bytes.length !== expected) {
    throw new IndexCorruptError(vectorsPath, `${bytes.length} bytes where ${json.units.length} units × ${json.dim} floats need ${expected}`);
  }
  if (sha256(bytes) !== json.vectors.sha256) throw new IndexCorruptError(vectorsPath, 'its checksum does not match index.json');
  const vectors = new Float32Array(json.units.length * json.dim);
  Buffer.from(vectors.buffer).set(bytes);
  return { root: json.root, model: json.model, dim: json.dim, files: json.files, units: json.units, vectors, nextId: json.nextId };
}

function parseIndexJson(jsonPath: string): IndexJson {
  const text = readOrCorrupt(jsonPath, () => readRegularText(jsonPath, INDEX_JSON_LIMIT));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new IndexCorruptError(jsonPath, `not valid JSON (${jsonParseReason(error)})`);
  }
  // Damage that still parses (a flipped digit in a line number, a changed letter in a name) is
  // caught by the checksum; the field checks then keep a file with a right checksum honest too.
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { checksum, ...body } = value as Record<string, unknown>;
    if (checksum !== sha256(Buffer.from(JSON.stringify(body)))) throw new IndexCorruptError(jsonPath, 'its checksum does not match its content');
  }
  const problem = checkIndexJson(value, INDEX_FORMAT, INDEX_VERSION);
  if (problem) throw new IndexCorruptError(jsonPath, problem);
  return value as IndexJson;
}

/** A read that fails (missing, not a regular file, too large, unreadable) makes the index unusable too. */
function readOrCorrupt<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const message = error.message.startsWith(`${file} `) ? error.message.slice(file.length + 1) : error.message;
    throw new IndexCorruptError(file, message);
  }
}

/** Replaces the index folder as a whole: readers see the old index or the new one, never a mix. */
export async function writeIndex(dir: string, index: StoredIndex, options: AtomicOptions = {}): Promise<void> {
  const vectorBytes = new Uint8Array(index.vectors.buffer, index.vectors.byteOffset, index.vectors.byteLength);
  const body: IndexJson = {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    root: index.root,
    model: index.model,
    dim: index.dim,
    nextId: index.nextId,
    vectors: { file: VECTORS_FILE, sha256: sha256(vectorBytes) },
    files: index.files,
    units: index.units,
  };
  checkIndexFolder(dir);
  mkdirSync(path.dirname(dir), { recursive: true });
  const lock = lockIndex(dir);
  try {
    await replaceDirectoryAtomic(
      dir,
      async (staging) => {
        await writeFile(path.join(staging, VECTORS_FILE), vectorBytes);
        await writeFile(path.join(staging, INDEX_FILE), signedIndexJson(body));
      },
      options,
    );
  } finally {
    lock.release();
  }
}

/** The index folder's lock; a lock that cannot be written (a full disk) fails as the index's own write. */
function lockIndex(dir: string): ModelLock {
  try {
    return acquireModelLock(dir, { command: 'search index update' });
  } catch (error) {
    if (error instanceof FileWriteError) throw new FileWriteError(dir, error.cause);
    throw error;
  }
}

/** index.json's text: the body and, last, the SHA-256 of the body's JSON text. */
export function signedIndexJson(body: object): string {
  return JSON.stringify({ ...body, checksum: sha256(Buffer.from(JSON.stringify(body))) });
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
