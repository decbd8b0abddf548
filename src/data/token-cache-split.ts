/**
 * Train/validation split of the cached corpus. With many documents, each document's side is a
 * pure function of (seed, relative path), so adding, removing or editing other files never moves
 * it, and validation is on files the model never saw. With one document (a single-file corpus)
 * the split is nanoGPT's: the first (1 - valFraction) of the tokens train, the contiguous tail
 * validates. A small workspace can draw whole files badly: one large file held out leaves little
 * to train on, one tiny file too little to validate on. When the held-out share of tokens falls
 * outside [valFraction / 3, 2 · valFraction], every document is split nanoGPT's way instead.
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
  /** 'tail': the last valFraction of every document's tokens validates. */
  mode: 'by-document' | 'tail';
  train: TokenArray[];
  val: TokenArray[];
}

export const DEFAULT_VAL_FRACTION = 0.1;

export function splitCorpus(documents: readonly SplitDocument[], options: SplitOptions = {}): CorpusSplit {
  const { mode, heldOut } = chooseHeldOutDocuments(documents.map((d) => ({ relativePath: d.relativePath, weight: d.tokens.length })), options);
  if (mode === 'tail') return splitTails(documents, options.valFraction ?? DEFAULT_VAL_FRACTION);
  const split: CorpusSplit = { mode: 'by-document', train: [], val: [] };
  documents.forEach((d, i) => (heldOut[i] ? split.val : split.train).push(d.tokens));
  return split;
}

/**
 * The rule above, for any data split by files (tokens here, code/text pairs in data/pairs/):
 * which documents validate, or 'tail' when whole documents cannot be drawn well and every
 * document's tail should validate instead. `weight`: the document's share of the data.
 */
export function chooseHeldOutDocuments(
  documents: readonly { relativePath: string; weight: number }[],
  options: SplitOptions = {},
): { mode: CorpusSplit['mode']; heldOut: boolean[] } {
  const valFraction = options.valFraction ?? DEFAULT_VAL_FRACTION;
  if (!(valFraction >= 0 && valFraction < 1)) throw new Error(`valFraction must be in [0, 1), got ${valFraction}`);
  const tail = { mode: 'tail' as const, heldOut: documents.map(() => false) };
  if (documents.length === 1) return tail;
  const seed = options.seed ?? 0;
  const draws = documents.map((d) => uniformFromPath(seed, d.relativePath));
  const isVal = draws.map((u) => u < valFraction);
  // Small corpora can draw no validation document at all (or no training one): move the
  // document whose draw came closest, so both sides exist whenever they can.
  if (valFraction > 0 && documents.length >= 2) {
    if (!isVal.includes(true)) isVal[argExtreme(draws, (a, b) => a < b)] = true;
    if (!isVal.includes(false)) isVal[argExtreme(draws, (a, b) => a > b)] = false;
  }
  const weightOf = (side: boolean) => documents.reduce((n, d, i) => n + (isVal[i] === side ? d.weight : 0), 0);
  const heldOut = weightOf(true) / Math.max(1, weightOf(true) + weightOf(false));
  const unbalanced = valFraction > 0 && (heldOut > 2 * valFraction || heldOut < valFraction / 3);
  return unbalanced ? tail : { mode: 'by-document', heldOut: isVal };
}

/** Each document's first (1 - valFraction) of tokens train, the rest validates. */
function splitTails(documents: readonly SplitDocument[], valFraction: number): CorpusSplit {
  const split: CorpusSplit = { mode: 'tail', train: [], val: [] };
  for (const { tokens } of documents) {
    const trainLength = Math.floor(tokens.length * (1 - valFraction));
    split.train.push(tokens.subarray(0, trainLength));
    if (trainLength < tokens.length) split.val.push(tokens.subarray(trainLength));
  }
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
