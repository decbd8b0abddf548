/**
 * Train/validation split of the cached corpus. With several documents, each document's side
 * is a pure function of (seed, relative path), so adding, removing or editing other files never
 * moves it. With one document (a single-file corpus) the split is nanoGPT's: the first
 * (1 - valFraction) of the tokens train, the contiguous tail validates.
 */
import { createHash } from 'node:crypto';
import type { TokenArray } from './token-array';

export interface SplitOptions {
  /** Fraction of documents (or, for one document, of its tokens) held out; default 0.1. */
  valFraction?: number;
  /** Chooses which documents are held out; default 0. */
  seed?: number;
}

export interface SplitDocument {
  relativePath: string;
  tokens: TokenArray;
}

export interface CorpusSplit {
  mode: 'by-document' | 'tail';
  train: TokenArray[];
  val: TokenArray[];
}

export const DEFAULT_VAL_FRACTION = 0.1;

export function splitCorpus(documents: readonly SplitDocument[], options: SplitOptions = {}): CorpusSplit {
  const valFraction = options.valFraction ?? DEFAULT_VAL_FRACTION;
  if (!(valFraction >= 0 && valFraction < 1)) throw new Error(`valFraction must be in [0, 1), got ${valFraction}`);
  if (documents.length === 1) {
    const tokens = documents[0].tokens;
    const trainLength = Math.floor(tokens.length * (1 - valFraction));
    return { mode: 'tail', train: [tokens.subarray(0, trainLength)], val: [tokens.subarray(trainLength)].filter((t) => t.length > 0) };
  }
  const seed = options.seed ?? 0;
  const draws = documents.map((d) => uniformFromPath(seed, d.relativePath));
  const isVal = draws.map((u) => u < valFraction);
  // Small corpora can draw no validation document at all (or no training one): move the
  // document whose draw came closest, so both sides exist whenever they can.
  if (valFraction > 0 && documents.length >= 2) {
    if (!isVal.includes(true)) isVal[argExtreme(draws, (a, b) => a < b)] = true;
    if (!isVal.includes(false)) isVal[argExtreme(draws, (a, b) => a > b)] = false;
  }
  const split: CorpusSplit = { mode: 'by-document', train: [], val: [] };
  documents.forEach((d, i) => (isVal[i] ? split.val : split.train).push(d.tokens));
  return split;
}

/** A uniform number in [0, 1) fixed by the seed and the path. */
function uniformFromPath(seed: number, relativePath: string): number {
  return createHash('sha256').update(`${seed}\0${relativePath}`).digest().readUInt32LE(0) / 4294967296;
}

function argExtreme(values: readonly number[], better: (a: number, b: number) => boolean): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (better(values[i], values[best])) best = i;
  return best;
}
