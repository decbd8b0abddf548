// One line per HTTP failure of the Hub, naming what to do: 401/403 → HF_TOKEN, 404 → the repo
// id or revision, 429/5xx → later. Read by every request the Hub client makes.
import { InputError } from '../util/errors';

export interface Asked {
  repo: string;
  revision: string;
  /** The endpoint's host, for the message. */
  host: string;
  /** The file, for a resolve request; absent for the repo listing. */
  file?: string;
  hasToken: boolean;
}

export function statusError(status: number, asked: Asked): Error {
  const what = asked.file ? `${asked.file} of ${asked.repo}@${asked.revision}` : `${asked.repo}@${asked.revision}`;
  if (status === 401 || status === 403) {
    return new InputError(asked.hasToken
      ? `${asked.host} refused ${what} (HTTP ${status}): the token in HF_TOKEN cannot read it; accept the repo's terms on its page, or use a token that has access`
      : `${asked.host} refused ${what} (HTTP ${status}): the repo is gated or private; accept its terms on its page and set HF_TOKEN to an access token`);
  }
  if (status === 404) {
    return new InputError(asked.file
      ? `${asked.host} has no ${what} (HTTP 404)`
      : `${asked.repo} at revision ${asked.revision} was not found on ${asked.host} (HTTP 404): check the repo id and --revision${asked.hasToken ? '' : ' (a private repo also needs HF_TOKEN)'}`);
  }
  if (status === 429 || status >= 500) return new Error(`${asked.host} answered HTTP ${status} for ${what}; try again later (a partial download resumes)`);
  return new Error(`${asked.host} answered HTTP ${status} for ${what}`);
}
