// What a Hub download is asked for: the endpoint, the repo id and the revision, checked before
// anything touches the network so that a typo reads as one line, not as an HTTP error.
import { InputError } from '../util/errors';

export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

/** `gpt2`, `google/electra-small-discriminator`: the Hub's own rule for names (letters, digits, `-_.`, at most one `/`). */
const REPO_ID = /^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

export function checkRepoId(repo: string): string {
  if (!REPO_ID.test(repo) || repo.includes('..') || /[.-]$/.test(repo)) {
    throw new InputError(`"${repo.slice(0, 120)}" is not a Hugging Face repo id: use name or owner/name (letters, digits, "-", "_", "."), e.g. gpt2 or google/electra-small-discriminator`);
  }
  return repo;
}

/** A branch, tag or commit; it goes into URLs encoded, so only emptiness and control characters are refused here. */
export function checkRevision(revision: string): string {
  if (revision.trim() === '' || /[\u0000-\u001f\u007f\s]/.test(revision) || revision.length > 256) {
    throw new InputError(`"${revision.slice(0, 120)}" is not a revision: give a branch, tag or commit sha (e.g. main)`);
  }
  return revision;
}

/** --endpoint, else HF_ENDPOINT, else the Hub; an http(s) URL without query, trailing slashes dropped. */
export function hubEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv): URL {
  const given = flag ?? (env.HF_ENDPOINT?.trim() ? env.HF_ENDPOINT.trim() : DEFAULT_HUB_ENDPOINT);
  const from = flag !== undefined ? '--endpoint' : env.HF_ENDPOINT?.trim() ? 'HF_ENDPOINT' : 'the default endpoint';
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new InputError(`${from} "${given.slice(0, 120)}" is not a URL: give one like https://huggingface.co`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
    throw new InputError(`${from} "${given.slice(0, 120)}" must be a plain http(s) URL like https://huggingface.co (no query, fragment or credentials; the token goes in HF_TOKEN)`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** `{endpoint}/{path}` keeping the endpoint's own path prefix (a mirror at https://host/hf). */
export function endpointUrl(endpoint: URL, pathname: string): URL {
  const url = new URL(endpoint.href);
  url.pathname = `${endpoint.pathname.replace(/\/+$/, '')}/${pathname}`;
  return url;
}

/** The repo id as a path: each segment encoded, the slash kept. */
export function repoPath(repo: string): string {
  return repo.split('/').map(encodeURIComponent).join('/');
}
