// A model folder from the Hub: list the revision's files, pin the commit it resolves to, fetch
// the files a model folder needs into a staging folder beside the target (resumable across
// runs), record where they came from, and only then rename the staging folder to the target, so
// an interrupted download never leaves a folder that looks complete.
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FileWriteError } from '../util/atomic-write';
import { InputError } from '../util/errors';
import { formatBytes } from '../util/format';
import { acquireModelLock } from '../util/folder-lock';
import { describeFsError, readRegularText } from '../util/regular-file';
import { fetchFile, type FetchedFile } from './fetch-file';
import type { HubHttpOptions } from './http';
import { listRepoFiles, type RepoFile } from './repo-files';
import { checkRepoId, checkRevision } from './repo-id';
import { selectModelFiles, shardsNamedByIndex } from './select-files';
import { WEIGHTS_INDEX_FILE } from '../modelfile/layout';

/** Written into every downloaded folder: what it is, pinned to a commit. */
export const DOWNLOAD_RECORD_FILE = '.pretrain-lab-download.json';
/** A shard index lists one entry per tensor: a few MB even for the largest published models. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;
/** In the staging folder only: the commit its partial files belong to. */
const STAGING_RECORD_FILE = '.pretrain-lab-staging.json';

export interface DownloadRecord {
  repo: string;
  revision: string;
  commit: string;
  endpoint: string;
  downloadedAt: string;
  files: { name: string; size: number; sha256: string }[];
}

export interface DownloadOptions {
  repo: string;
  revision: string;
  /** The model folder to create; it must not exist yet. */
  out: string;
  endpoint: URL;
  http: HubHttpOptions;
  /** Once the listing is known: the files and their total bytes (when the Hub lists sizes). */
  onPlan?: (plan: { commit: string; files: RepoFile[]; totalBytes: number | undefined }) => void;
  /** Bytes on disk so far, over all files. */
  onProgress?: (bytes: number) => void;
  onFile?: (file: FetchedFile) => void;
}

/** The staging folder of a target folder: a hidden sibling, so the rename stays on one file system. */
export function stagingFolderFor(out: string): string {
  return path.join(path.dirname(out), `.${path.basename(out)}.download`);
}

async function prepareStaging(staging: string, repo: string, commit: string): Promise<void> {
  const record = path.join(staging, STAGING_RECORD_FILE);
  try {
    const was = JSON.parse(await fs.readFile(record, 'utf8')) as { repo?: unknown; commit?: unknown };
    if (was.repo === repo && was.commit === commit) return; // resume
  } catch {
    // none yet, or unreadable: start afresh
  }
  await fs.rm(staging, { recursive: true, force: true });
  await fs.mkdir(staging, { recursive: true });
  await fs.writeFile(record, `${JSON.stringify({ repo, commit })}\n`);
}

/** Refuses at once, in one line, a download that cannot fit on the disk (bytes already staged count as there). */
async function checkFreeSpace(staging: string, files: readonly RepoFile[]): Promise<void> {
  let needed = 0;
  for (const file of files) {
    const have = await Promise.any([fs.stat(path.join(staging, file.name)), fs.stat(path.join(staging, `${file.name}.part`))]).then((s) => s.size, () => 0);
    needed += Math.max(0, (file.size ?? 0) - have);
  }
  const disk = await fs.statfs(staging);
  const free = disk.bavail * disk.bsize;
  if (needed > free) throw new InputError(`${files.length} files need ${formatBytes(needed)} more but ${path.dirname(staging)} has ${formatBytes(free)} free; free some space or choose another --out`);
}

/** File-system failures (a name too long, no permission, a full disk) as one line naming the path and what to do. */
function folderError(error: unknown, out: string): unknown {
  if (error instanceof FileWriteError) return new InputError(`cannot create the model folder: ${error.message.replace(/; its previous version is unchanged$/, '')}; choose another --out`);
  const e = error as NodeJS.ErrnoException;
  if (error instanceof InputError || typeof e?.code !== 'string' || typeof e.syscall !== 'string' || ['connect', 'getaddrinfo', 'read'].includes(e.syscall)) return error;
  const described = describeFsError(e.path ?? out, e);
  // describeFsError knows the usual codes; for the rest, the code alone (never Node's "ECODE: …" text).
  const words = described.includes(`${e.code}: `) ? `${e.path ?? out} could not be written (${e.syscall}, ${e.code})` : described;
  return new InputError(`cannot write the model folder: ${words}; choose another --out`);
}

export async function downloadModel(options: DownloadOptions): Promise<{ dir: string; record: DownloadRecord }> {
  const repo = checkRepoId(options.repo);
  const revision = checkRevision(options.revision);
  const out = path.resolve(options.out);
  if (existsSync(out)) throw new InputError(`${out} already exists; give --out a new folder, or delete it to download again`);
  try {
    return await downloadInto(out, repo, revision, options);
  } catch (error) {
    throw folderError(error, out);
  }
}

async function downloadInto(out: string, repo: string, revision: string, options: DownloadOptions): Promise<{ dir: string; record: DownloadRecord }> {
  const lock = acquireModelLock(out, { command: `download ${repo}` });
  try {
    const listing = await listRepoFiles(options.endpoint, repo, revision, options.http);
    const wanted = selectModelFiles(repo, revision, listing.files);
    const sizes = wanted.map((f) => f.size);
    options.onPlan?.({ commit: listing.commit, files: wanted, totalBytes: sizes.every((s) => s !== undefined) ? sizes.reduce((a, b) => a! + b!, 0) : undefined });

    const staging = stagingFolderFor(out);
    await prepareStaging(staging, repo, listing.commit);
    await checkFreeSpace(staging, wanted);
    let bytes = 0;
    const ctx = {
      endpoint: options.endpoint,
      repo,
      revision,
      commit: listing.commit,
      http: options.http,
      dir: staging,
      onBytes: (delta: number) => options.onProgress?.((bytes += delta)),
    };
    const fetched: FetchedFile[] = [];
    for (const file of wanted) {
      const got = await fetchFile(ctx, file);
      fetched.push(got);
      options.onFile?.(got);
      if (file.name === WEIGHTS_INDEX_FILE) {
        const missing = shardsNamedByIndex(readRegularText(path.join(staging, file.name), { maxBytes: MAX_INDEX_BYTES })).filter((s) => !wanted.some((w) => w.name === s));
        if (missing.length > 0) throw new InputError(`${repo}@${revision}'s ${WEIGHTS_INDEX_FILE} names shards the repo does not have: ${missing.slice(0, 3).join(', ')}`);
      }
    }
    const record: DownloadRecord = {
      repo,
      revision,
      commit: listing.commit,
      endpoint: options.endpoint.href,
      downloadedAt: new Date().toISOString(),
      files: fetched.map(({ name, size, sha256 }) => ({ name, size, sha256 })),
    };
    await fs.writeFile(path.join(staging, DOWNLOAD_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
    await fs.rm(path.join(staging, STAGING_RECORD_FILE), { force: true });
    await fs.rename(staging, out);
    return { dir: out, record };
  } finally {
    lock.release();
  }
}
