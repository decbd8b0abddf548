// Streams a URL to a file with progress and cancellation; a partial file never stays behind.
// Free of vscode; the fetch is injected so tests run offline.
import { createWriteStream, promises as fs } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export type FetchLike = (url: string, init: { signal?: AbortSignal; redirect: 'follow' }) => Promise<Response>;

export async function downloadToFile(
  fetchImpl: FetchLike,
  url: string,
  dest: string,
  options: { signal?: AbortSignal; onProgress?: (received: number, total: number | undefined) => void } = {},
): Promise<void> {
  const response = await fetchImpl(url, { signal: options.signal, redirect: 'follow' });
  if (!response.ok || !response.body) throw new Error(`${url} answered HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  let received = 0;
  const progress = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      options.onProgress?.(received, total);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as unknown as WebReadableStream), progress, createWriteStream(dest), { signal: options.signal });
  } catch (error) {
    await fs.rm(dest, { force: true });
    throw error;
  }
}
