/**
 * Mining a whole corpus: the files `pretrain` would read (walkCorpus: .gitignore, always-skipped
 * dependency folders, lock files, minified and binary files, the size cap, duplicate files),
 * less vendored third-party folders (vendored.ts), in its order, each through its language's
 * scanner; pairs deduplicated and split by whole files as `pretrain` splits its tokens.
 */
import { readCorpusText } from '../corpus-read';
import { walkCorpus } from '../corpus-scan';
import { DEFAULT_SCAN_OPTIONS, type CorpusFile, type ScanOptions } from '../corpus-types';
import type { SplitOptions } from '../token-cache-split';
import { languageOfPath } from './languages';
import { mineUnits } from './mine-units';
import { splitPairs } from './pair-split';
import { PairDeduplicator, pairsOfUnits } from './pairs-of-units';
import { isVendoredPath } from './vendored';
import type { CodeTextPair, PairCounts, PairSplit, CodeUnit } from './types';

export interface MineOptions extends ScanOptions {
  /** Stop after mining this many files (the extension's summary bounds its work so). */
  maxFiles?: number;
  /** Stop after this many milliseconds of mining. */
  maxMilliseconds?: number;
}

export interface MinedFile {
  /** As the corpus scan kept it (relative path, content hash for incremental indexes, …). */
  file: CorpusFile;
  units: CodeUnit[];
}

export interface MinedCorpus {
  files: MinedFile[];
  /** True when `maxFiles` or `maxMilliseconds` stopped the mining before the end of the corpus. */
  truncated: boolean;
}

/** How long mining runs without letting the event loop turn (the editor mines in its own process). */
const PAUSE_EVERY_MS = 20;

/** Every minable file's units, in the scan's order. Throws only for a missing root (InputError) or an abort. */
export async function mineCorpusUnits(root: string, options: MineOptions = {}): Promise<MinedCorpus> {
  return mineFiles(keptFiles(root, options), options);
}

/** Deduplicated (code, text) pairs of a corpus, split by whole files as `pretrain` splits. */
export async function mineCorpusPairs(root: string, options: MineOptions & SplitOptions = {}): Promise<PairSplit & { truncated: boolean }> {
  return pairSplitOf(await mineCorpusUnits(root, options), options);
}

/** The units of files a scan already kept (the corpus summary has scanned: no second walk). */
export async function mineFiles(files: Iterable<CorpusFile> | AsyncIterable<CorpusFile>, options: MineOptions = {}): Promise<MinedCorpus> {
  const started = performance.now();
  let lastPause = started;
  const mined: MinedCorpus = { files: [], truncated: false };
  const cap = { maxBytes: options.maxFileBytes ?? DEFAULT_SCAN_OPTIONS.maxFileBytes };
  for await (const file of files) {
    const language = languageOfPath(file.relativePath);
    if (!language || isVendoredPath(file.relativePath)) continue;
    options.signal?.throwIfAborted();
    if (mined.files.length >= (options.maxFiles ?? Infinity) || performance.now() - started > (options.maxMilliseconds ?? Infinity)) {
      mined.truncated = true;
      break;
    }
    if (performance.now() - lastPause > PAUSE_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastPause = performance.now();
    }
    // A file that changed or vanished since the scan read it is left out, as the token cache does.
    const read = readCorpusText(file.path, cap);
    if (!read.ok) continue;
    mined.files.push({ file, units: mineUnits(file.relativePath, read.value.text, language) });
  }
  return mined;
}

/** Pairs of mined files: exact repeats dropped (the first kept, in scan order), then split by file. */
export function pairSplitOf(mined: MinedCorpus, options: SplitOptions = {}): PairSplit & { truncated: boolean } {
  const dedupe = new PairDeduplicator();
  const pairs: CodeTextPair[] = [];
  let units = 0;
  for (const { units: fileUnits } of mined.files) {
    units += fileUnits.length;
    pairs.push(...dedupe.keep(pairsOfUnits(fileUnits)));
  }
  const counts: PairCounts = { files: mined.files.length, units, pairs: pairs.length, byLanguage: {}, byKind: {}, duplicates: dedupe.duplicates };
  for (const pair of pairs) {
    counts.byLanguage[pair.language] = (counts.byLanguage[pair.language] ?? 0) + 1;
    counts.byKind[pair.kind] = (counts.byKind[pair.kind] ?? 0) + 1;
  }
  return { ...splitPairs(pairs, options), counts, truncated: mined.truncated };
}

async function* keptFiles(root: string, options: ScanOptions): AsyncGenerator<CorpusFile> {
  for await (const event of walkCorpus(root, options)) if (event.kind === 'file') yield event.file;
}
