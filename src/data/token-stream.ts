/**
 * Documents packed into one stream of ids, and random windows over it: how nanoGPT, GPT-2 and
 * RoBERTa (FULL-SENTENCES) feed fixed-length sequences without padding.
 */
import type { Rng } from '../util/rng';

/** Concatenates documents, with `separatorId` (when given) between consecutive ones. */
export function packDocuments(documents: readonly ArrayLike<number>[], separatorId?: number): Uint32Array {
  const nonEmpty = documents.filter((d) => d.length > 0);
  const separators = separatorId === undefined ? 0 : Math.max(0, nonEmpty.length - 1);
  const stream = new Uint32Array(nonEmpty.reduce((n, d) => n + d.length, 0) + separators);
  let offset = 0;
  nonEmpty.forEach((document, i) => {
    if (i > 0 && separatorId !== undefined) stream[offset++] = separatorId;
    stream.set(document, offset);
    offset += document.length;
  });
  return stream;
}

/** Start of a uniformly random window of `length` ids inside a stream of `streamLength`. */
export function randomWindowStart(rng: Rng, streamLength: number, length: number): number {
  return rng.int(streamLength - length + 1);
}

export function assertStreamHolds(streamLength: number, needed: number, what: string): void {
  if (streamLength < needed) {
    throw new Error(`${what}: the data has ${streamLength} tokens, fewer than the ${needed} one sequence needs`);
  }
}
