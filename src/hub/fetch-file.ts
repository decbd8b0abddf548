// One file of a repo, fetched from the Hub's resolve endpoint into a folder, resumably: bytes go
// to `<name>.part`, a later run continues it with an HTTP Range request, and only a file whose
// size and hash match the Hub's metadata (the LFS SHA-256 `oid`, or the git blob id of a small
// file) is renamed to its name. A wrong hash deletes the partial file.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { headerAlong, hubGet, type HubHttpOptions, type HubResponse } from './http';
import type { RepoFile } from './repo-files';
import { endpointUrl, repoPath } from './repo-id';
import { statusError } from './status-errors';

export const PART_SUFFIX = '.part';

export interface FetchFileContext {
  endpoint: URL;
  repo: string;
  /** The revision asked for, for messages. */
  revision: string;
  /** The commit the revision resolved to: files are fetched at it, so they all come from one commit. */
  commit: string;
  http: HubHttpOptions;
  dir: string;
  /** Bytes of this file now on disk (resumed bytes count once, when first seen). */
  onBytes?: (delta: number) => void;
}

export interface FetchedFile {
  name: string;
  size: number;
  sha256: string;
  /** Bytes already on disk from an earlier, interrupted run. */
  resumedFrom: number;
}

/** The transfer stopped before the whole file came: the partial file stays for the next run. */
export class DownloadInterruptedError extends Error {
  override readonly name = 'DownloadInterruptedError';
}

/** The bytes are not the ones the Hub lists: the partial file was deleted. */
export class DownloadChecksumError extends Error {
  override readonly name = 'DownloadChecksumError';
}

interface Expected {
  size?: number;
  sha256?: string;
  blobId?: string;
}

/** ETag values as the Hub sends them: `"…"` or `W/"…"`. */
function etagValue(value: string | undefined): string | undefined {
  return value?.replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();
}

function expectedOf(file: RepoFile, response: HubResponse | undefined, offset: number): Expected {
  // An LFS file's blob id is its pointer's, not its content's: its SHA-256 is what identifies it.
  const expected: Expected = { size: file.size, sha256: file.sha256, blobId: file.sha256 ? undefined : file.blobId };
  if (!response) return expected;
  const linkedSize = Number(headerAlong(response, 'x-linked-size'));
  const linkedEtag = etagValue(headerAlong(response, 'x-linked-etag'));
  const etag = etagValue(headerAlong(response, 'etag'));
  if (Number.isSafeInteger(linkedSize) && linkedSize >= 0) {
    if (expected.size !== undefined && expected.size !== linkedSize) {
      throw new DownloadChecksumError(`${file.name}: the Hub lists ${expected.size} bytes but its resolve endpoint says ${linkedSize} (X-Linked-Size); run again later`);
    }
    expected.size = linkedSize;
  }
  if (linkedEtag && /^[0-9a-f]{64}$/.test(linkedEtag)) {
    if (expected.sha256 && expected.sha256 !== linkedEtag) throw new DownloadChecksumError(`${file.name}: the Hub lists SHA-256 ${expected.sha256} but its resolve endpoint says ${linkedEtag} (X-Linked-Etag); run again later`);
    expected.sha256 = linkedEtag;
    expected.blobId = undefined;
  } else if (!expected.sha256 && !expected.blobId && etag && /^[0-9a-f]{40}$/.test(etag)) {
    expected.blobId = etag;
  }
  const length = Number(response.headers['content-length']);
  if (expected.size === undefined && Number.isSafeInteger(length) && length >= 0) expected.size = offset + length;
  return expected;
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A Git LFS pointer file (`version https://git-lfs.github.com/spec/…`) rather than the content it points to. */
async function isLfsPointer(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(LFS_POINTER_HEAD.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.toString('latin1') === LFS_POINTER_HEAD;
  } finally {
    await handle.close();
  }
}

const LFS_POINTER_HEAD = 'version https://git-lfs.github.com/spec/';

/** SHA-256 of the file and its git blob SHA-1 (`blob <size>\0` + bytes), in one read. */
async function digests(file: string, size: number): Promise<{ sha256: string; blobId: string }> {
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1').update(`blob ${size}\0`);
  for await (const chunk of createReadStream(file)) {
    sha256.update(chunk as Buffer);
    sha1.update(chunk as Buffer);
  }
  return { sha256: sha256.digest('hex'), blobId: sha1.digest('hex') };
}

/** Throws unless `file` is whole and its hashes match; a wrong hash or an oversize file is deleted. */
async function verify(name: string, file: string, expected: Expected): Promise<{ size: number; sha256: string }> {
  const size = (await fs.stat(file)).size;
  if (await isLfsPointer(file)) {
    await fs.rm(file, { force: true });
    throw new DownloadChecksumError(`the server sent ${name}'s Git LFS pointer instead of its content: refused, and the partial file was deleted; check --endpoint (a mirror must serve LFS content)`);
  }
  if (expected.size !== undefined && size < expected.size) {
    throw new DownloadInterruptedError(`the download of ${name} stopped at ${size} of ${expected.size} bytes; run the same command again to resume`);
  }
  if (expected.size !== undefined && size > expected.size) {
    await fs.rm(file, { force: true });
    throw new DownloadChecksumError(`${name} came with ${size} bytes where the Hub lists ${expected.size}; the partial file was deleted, run again`);
  }
  const got = await digests(file, size);
  const wrong = expected.sha256 && got.sha256 !== expected.sha256 ? `SHA-256 ${got.sha256}, expected ${expected.sha256}`
    : expected.blobId && got.blobId !== expected.blobId ? `git blob id ${got.blobId}, expected ${expected.blobId}` : undefined;
  if (wrong) {
    await fs.rm(file, { force: true });
    throw new DownloadChecksumError(`${name} failed its hash check (${wrong}): refused, and the partial file was deleted; run again, and report it if it keeps happening`);
  }
  return { size, sha256: got.sha256 };
}

/** `bytes 100-999/1000` → 100 */
function rangeStart(contentRange: string | undefined): number | undefined {
  const m = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(contentRange ?? '');
  return m ? Number(m[1]) : undefined;
}

export async function fetchFile(ctx: FetchFileContext, file: RepoFile): Promise<FetchedFile> {
  const dest = path.join(ctx.dir, file.name);
  const part = dest + PART_SUFFIX;
  // Done in an earlier run of this download: kept when it still checks out.
  const done = await sizeOf(dest);
  if (done !== undefined) {
    try {
      const ok = await verify(file.name, dest, expectedOf(file, undefined, 0));
      ctx.onBytes?.(ok.size);
      return { name: file.name, ...ok, resumedFrom: ok.size };
    } catch {
      await fs.rm(dest, { force: true });
    }
  }
  let offset = (await sizeOf(part)) ?? 0;
  if (file.size !== undefined && offset > file.size) {
    await fs.rm(part, { force: true });
    offset = 0;
  }
  const resumedFrom = offset;
  ctx.onBytes?.(offset);
  let expected = expectedOf(file, undefined, offset);
  // Asked for unless a complete part is already there (an empty file is asked for too, which makes its part).
  if (offset === 0 || expected.size === undefined || offset < expected.size) {
    const url = endpointUrl(ctx.endpoint, `${repoPath(ctx.repo)}/resolve/${ctx.commit}/${file.name.split('/').map(encodeURIComponent).join('/')}`);
    const response = await hubGet(url, ctx.http, offset > 0 ? { range: `bytes=${offset}-` } : {});
    const asked = { repo: ctx.repo, revision: ctx.revision, host: ctx.endpoint.host, file: file.name, hasToken: Boolean(ctx.http.token) };
    if (response.status === 416) {
      response.body.resume(); // the server says the part already holds every byte: verified below
      if (expected.size !== undefined && offset < expected.size) {
        await fs.rm(part, { force: true });
        throw new DownloadInterruptedError(`${ctx.endpoint.host} refused to resume ${file.name} at byte ${offset} of ${expected.size}; the partial file was deleted, run the same command again`);
      }
    } else if (response.status !== 200 && response.status !== 206) {
      response.body.resume();
      throw statusError(response.status, asked);
    } else {
      if (response.status === 206 && rangeStart(response.headers['content-range']) !== offset) {
        response.body.resume();
        await fs.rm(part, { force: true });
        throw new DownloadInterruptedError(`${ctx.endpoint.host} answered ${file.name}'s range request with another range (${response.headers['content-range'] ?? 'none'}); the partial file was deleted, run the same command again`);
      }
      if (response.status === 200 && offset > 0) {
        ctx.onBytes?.(-offset); // the server sent the whole file: start over
        offset = 0;
      }
      expected = expectedOf(file, response, offset);
      await receive(response, part, offset, expected.size, file.name, ctx);
    }
  }
  const ok = await verify(file.name, part, expected);
  await fs.rename(part, dest);
  return { name: file.name, ...ok, resumedFrom };
}

/** Streams the body to the part file (appended from `offset`), refusing more bytes than expected. */
async function receive(response: HubResponse, part: string, offset: number, size: number | undefined, name: string, ctx: FetchFileContext): Promise<void> {
  let received = offset;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, next) {
      received += chunk.length;
      if (size !== undefined && received > size) return next(new DownloadChecksumError(`${name} is longer than the ${size} bytes the Hub lists; refused`));
      ctx.onBytes?.(chunk.length);
      next(null, chunk);
    },
  });
  try {
    await pipeline(response.body, count, createWriteStream(part, { flags: offset > 0 ? 'a' : 'w' }), ctx.http.signal ? { signal: ctx.http.signal } : {});
  } catch (error) {
    if (ctx.http.signal?.aborted) throw error;
    if (error instanceof DownloadChecksumError) {
      await fs.rm(part, { force: true });
      throw error;
    }
    const code = (error as { code?: string }).code;
    throw new DownloadInterruptedError(`the download of ${name} stopped at ${received}${size !== undefined ? ` of ${size}` : ''} bytes (${code ?? (error instanceof Error ? error.message : String(error))}); run the same command again to resume`);
  }
}
