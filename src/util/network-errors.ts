// Telling "there is no connection" apart from other network failures, for every networked
// feature (the CUDA provider download, the Hub download), so each can say so in one plain line.

/** Error codes Node (undici, net and libuv) gives when there is no route to the server at all. */
const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** The error codes along an error's `cause` chain (fetch wraps the socket error: TypeError('fetch failed', { cause })). */
export function networkErrorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
  }
  return codes;
}

export function isOfflineError(error: unknown): boolean {
  return networkErrorCodes(error).some((c) => OFFLINE_CODES.has(c));
}
