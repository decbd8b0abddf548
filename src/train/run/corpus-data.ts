/**
 * From a corpus path to token arrays for training: scan (with the skip summary the user sees),
 * tokenizer training texts, the on-disk token cache and the train/validation split. The run's own
 * output (model folder, its lock file, its token cache) is never part of the corpus, and files
 * that vanish or change between the scan and their reading are left out with a warning.
 */
import { createHash } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../util/errors';
import { readCorpusText } from '../../data/corpus-read';
import { scanCorpus } from '../../data/corpus-scan';
import { SKIP_REASON_TEXT, type CorpusScan, type CorpusSkip, type SkipReason } from '../../data/corpus-types';
import { buildTokenCache } from '../../data/token-cache';
import type { TokenArray } from '../../data/token-array';
import { lockFileFor } from '../../util/folder-lock';
import type { Tokenizer } from '../../tokenizer/types';
import type { ScanEvent } from './events';

/** One line for the user: a scan or read warning. */
export type Warn = (message: string) => void;

export interface CorpusScanRequest {
  /** Files larger than this are skipped (default 2 MiB). */
  maxFileBytes?: number;
  /** What raises `maxFileBytes`, for the skip reason (`--max-file-kb`). */
  raiseMaxFileWith?: string;
  /** The run's model folder: it, its lock file and its swap siblings are left out of the scan. */
  modelFolder?: string;
  warn?: Warn;
}

/** Reasons whose first skip's detail is worth showing beside the count: the user can act on it. */
const ACTIONABLE_REASONS: readonly SkipReason[] = ['too-large', 'unreadable', 'special-file', 'too-deep'];

export async function scanCorpusOrFail(corpus: string, signal?: AbortSignal, request: CorpusScanRequest = {}): Promise<CorpusScan> {
  if (!existsSync(corpus)) throw new InputError(`corpus ${corpus} does not exist`);
  const isRunOutput = request.modelFolder === undefined ? undefined : runOutputTest(corpus, request.modelFolder);
  const scan = await scanCorpus(corpus, { signal, maxFileBytes: request.maxFileBytes, raiseMaxFileWith: request.raiseMaxFileWith, isRunOutput });
  for (const message of scan.summary.warnings) request.warn?.(message);
  if (scan.files.length === 0) {
    const reasons = describeSkips(scan).map((s) => `${s.count} ${s.text}`);
    throw new InputError(`corpus ${corpus} has no text files to train on${reasons.length ? ` (skipped: ${reasons.join('; ')})` : ''}`);
  }
  return scan;
}

export function scanEvent(scan: CorpusScan): ScanEvent {
  const { summary } = scan;
  return { event: 'scan', files: summary.files, bytes: summary.bytes, skipped: summary.skips.length, skips: describeSkips(scan) };
}

/** Skip counts per reason in words; for a reason the user can act on, the first such file and why. */
function describeSkips(scan: CorpusScan): { reason: string; text: string; count: number }[] {
  return Object.entries(scan.summary.skipCounts).map(([key, count]) => {
    const reason = key as SkipReason;
    const first = ACTIONABLE_REASONS.includes(reason) ? scan.summary.skips.find((s) => s.reason === reason) : undefined;
    const text = first ? `${SKIP_REASON_TEXT[reason]} (${describeSkip(first)})` : SKIP_REASON_TEXT[reason];
    return { reason, text, count: count ?? 0 };
  });
}

function describeSkip(skip: CorpusSkip): string {
  return `${skip.relativePath}: ${skip.detail}`;
}

/**
 * Whether a real path is the run's own output. Compared by real path so that a link or another
 * spelling of the same folder is recognised. Refuses a corpus folder that is the model folder or
 * lies inside it: nothing but the run's own files could be told apart there.
 */
export function runOutputTest(corpus: string, modelFolder: string): (realPath: string) => boolean {
  const out = realPathOf(modelFolder);
  const corpusReal = realPathOf(corpus);
  const insideOut = corpusReal === out || corpusReal.startsWith(out + path.sep);
  if (insideOut && statSync(corpus).isDirectory()) {
    throw new InputError(`--out ${modelFolder} is the corpus folder ${corpus} or holds it, so the run would train on its own checkpoints; write the model to another folder (one inside the corpus is fine)`);
  }
  const lock = realPathOf(lockFileFor(modelFolder));
  const parent = path.dirname(out);
  // Folder swaps write `<out>.tmp-<id>`, `.new-<id>`, `.old-<id>` beside it (util/atomic-write.ts).
  const swapSibling = new RegExp(`^${escapeRegExp(path.basename(out))}\\.(tmp|new|old)-`);
  return (real) => real === out || real === lock || (path.dirname(real) === parent && swapSibling.test(path.basename(real)));
}

/** The real path of `p`, resolving the part that exists (the model folder may not exist yet). */
function realPathOf(p: string): string {
  const absolute = path.resolve(p);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(realPathOf(parent), path.basename(absolute));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The kept files' texts, for training a tokenizer; a file that can no longer be read is left out with a warning. */
export async function corpusTexts(scan: CorpusScan, warn?: Warn): Promise<string[]> {
  const texts: string[] = [];
  for (const file of scan.files) {
    const text = readCorpusText(file.path, { maxBytes: scan.maxFileBytes });
    if (text.ok) texts.push(text.value.text);
    else warn?.(leftOut(file.relativePath, text.detail));
  }
  return texts;
}

function leftOut(relativePath: string, detail: string): string {
  return `${relativePath} could not be read (${detail}); left out of training`;
}

export interface SplitTokens {
  train: TokenArray[];
  val: TokenArray[];
  trainTokens: number;
  valTokens: number;
  /** Changes whenever the tokens (files or tokenizer) change. */
  fingerprint: string;
}

export async function tokenizeCorpus(
  scan: CorpusScan,
  tokenizer: Tokenizer,
  cacheDir: string,
  split: { valFraction: number; seed: number },
  signal?: AbortSignal,
  warn?: Warn,
): Promise<SplitTokens> {
  const { cache, stats } = await buildTokenCache(scan.files, tokenizer, { directory: cacheDir, signal, maxFileBytes: scan.maxFileBytes });
  for (const { relativePath, detail } of stats.unreadable) warn?.(leftOut(relativePath, detail));
  const { train, val } = cache.split(split);
  const hash = createHash('sha256').update(cache.index.tokenizerHash);
  for (const d of cache.documents) hash.update(`\0${d.relativePath}\0${d.contentHash}`);
  const count = (arrays: TokenArray[]) => arrays.reduce((n, a) => n + a.length, 0);
  return { train, val, trainTokens: count(train), valTokens: count(val), fingerprint: hash.digest('hex').slice(0, 16) };
}
