// The file listing of one revision of a model repo, from the Hub's documented API
// (`GET /api/models/{repo}/revision/{rev}?blobs=true`): the commit it resolves to and each
// file's size and hashes (the git blob id; for LFS files the SHA-256 `oid`).
import { InputError } from '../util/errors';
import { hubGet, type HubHttpOptions } from './http';
import { endpointUrl, repoPath } from './repo-id';
import { statusError } from './status-errors';

export interface RepoFile {
  /** Path inside the repo, `/`-separated. */
  name: string;
  size?: number;
  /** Git blob SHA-1 (the ETag of a non-LFS file). */
  blobId?: string;
  /** SHA-256 of the content, for LFS files (the pointer's `oid`). */
  sha256?: string;
}

export interface RepoListing {
  /** The commit the revision resolved to: every file is then fetched at this commit. */
  commit: string;
  files: RepoFile[];
}

const MAX_LISTING_BYTES = 32 * 1024 * 1024;

async function readBody(body: NodeJS.ReadableStream, limit: number, host: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`${host}'s file listing is over ${limit / 1024 / 1024} MB; this is not the Hub's API`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseListing(text: string, host: string): RepoListing {
  const bad = (why: string) => new Error(`${host} answered the model listing with something that is not the Hub's API (${why})`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw bad('not JSON');
  }
  const info = json as { sha?: unknown; siblings?: unknown };
  if (typeof info.sha !== 'string' || !/^[0-9a-f]{40}$/i.test(info.sha)) throw bad('no commit sha');
  if (!Array.isArray(info.siblings)) throw bad('no siblings');
  const files: RepoFile[] = [];
  for (const s of info.siblings as { rfilename?: unknown; size?: unknown; blobId?: unknown; lfs?: { sha256?: unknown; size?: unknown } }[]) {
    if (typeof s?.rfilename !== 'string') throw bad('a sibling without rfilename');
    const lfsSize = typeof s.lfs?.size === 'number' ? s.lfs.size : undefined;
    const size = typeof s.size === 'number' ? s.size : lfsSize;
    files.push({
      name: s.rfilename,
      ...(size !== undefined && Number.isSafeInteger(size) && size >= 0 ? { size } : {}),
      ...(typeof s.blobId === 'string' && /^[0-9a-f]{40}$/i.test(s.blobId) ? { blobId: s.blobId.toLowerCase() } : {}),
      ...(typeof s.lfs?.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(s.lfs.sha256) ? { sha256: s.lfs.sha256.toLowerCase() } : {}),
    });
  }
  return { commit: info.sha.toLowerCase(), files };
}

export async function listRepoFiles(endpoint: URL, repo: string, revision: string, http: HubHttpOptions): Promise<RepoListing> {
  const url = endpointUrl(endpoint, `api/models/${repoPath(repo)}/revision/${encodeURIComponent(revision)}`);
  url.searchParams.set('blobs', 'true');
  const response = await hubGet(url, http, { accept: 'application/json' });
  if (response.status !== 200) {
    response.body.resume();
    throw statusError(response.status, { repo, revision, host: endpoint.host, hasToken: Boolean(http.token) });
  }
  const listing = parseListing(await readBody(response.body, MAX_LISTING_BYTES, endpoint.host), endpoint.host);
  if (listing.files.length === 0) throw new InputError(`${repo}@${revision} on ${endpoint.host} has no files`);
  return listing;
}
