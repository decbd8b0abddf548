/**
 * From a corpus path to token arrays for training: scan (with the skip summary the user sees),
 * tokenizer training texts, the on-disk token cache and the train/validation split.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { InputError } from '../util/errors';
import { scanCorpus } from '../data/corpus-scan';
import { SKIP_REASON_TEXT, type CorpusScan, type SkipReason } from '../data/corpus-types';
import { buildTokenCache } from '../data/token-cache';
import type { TokenArray } from '../data/token-array';
import type { Tokenizer } from '../tokenizer/types';
import type { ScanEvent } from './events';

export async function scanCorpusOrFail(corpus: string, signal?: AbortSignal): Promise<CorpusScan> {
  if (!existsSync(corpus)) throw new InputError(`corpus ${corpus} does not exist`);
  const scan = await scanCorpus(corpus, { signal });
  if (scan.files.length === 0) {
    const reasons = Object.entries(scan.summary.skipCounts).map(([r, n]) => `${n} ${SKIP_REASON_TEXT[r as SkipReason]}`);
    throw new InputError(`corpus ${corpus} has no text files to train on${reasons.length ? ` (skipped: ${reasons.join('; ')})` : ''}`);
  }
  return scan;
}

export function scanEvent(scan: CorpusScan): ScanEvent {
  const { summary } = scan;
  return {
    event: 'scan',
    files: summary.files,
    bytes: summary.bytes,
    skipped: summary.skips.length,
    skips: Object.entries(summary.skipCounts).map(([reason, count]) => ({ reason, text: SKIP_REASON_TEXT[reason as SkipReason], count: count ?? 0 })),
  };
}

/** The kept files' texts, for training a tokenizer. */
export async function corpusTexts(scan: CorpusScan): Promise<string[]> {
  return Promise.all(scan.files.map((f) => readFile(f.path, 'utf8')));
}

export interface SplitTokens {
  train: TokenArray[];
  val: TokenArray[];
  trainTokens: number;
  valTokens: number;
  /** Changes whenever the tokens (files or tokenizer) change. */
  fingerprint: string;
}

export async function tokenizeCorpus(scan: CorpusScan, tokenizer: Tokenizer, cacheDir: string, split: { valFraction: number; seed: number }, signal?: AbortSignal): Promise<SplitTokens> {
  const { cache } = await buildTokenCache(scan.files, tokenizer, { directory: cacheDir, signal });
  const { train, val } = cache.split(split);
  const hash = createHash('sha256').update(cache.index.tokenizerHash);
  for (const d of cache.documents) hash.update(`\0${d.relativePath}\0${d.contentHash}`);
  const count = (arrays: TokenArray[]) => arrays.reduce((n, a) => n + a.length, 0);
  return { train, val, trainTokens: count(train), valTokens: count(val), fingerprint: hash.digest('hex').slice(0, 16) };
}
