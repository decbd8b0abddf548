// The code/text pairs of a scanned workspace for the corpus summary: counts per language and
// kind, mined from the files the scan kept (no second walk). It runs in the extension host's
// own process, so it is bounded — at most PAIR_SUMMARY_LIMITS files and seconds, yielding to
// the event loop as it goes — and says when it stopped early. Free of vscode: unit-tested.
import type { CorpusScan } from '../../data/corpus-types';
import { mineFiles, pairSplitOf } from '../../data/pairs';
import { corpusReport, type CorpusReport, type PairReport } from './corpus-report';

export const PAIR_SUMMARY_LIMITS = { maxFiles: 5000, maxMilliseconds: 10_000 } as const;

export async function pairReport(scan: CorpusScan, signal?: AbortSignal, limits: { maxFiles: number; maxMilliseconds: number } = PAIR_SUMMARY_LIMITS): Promise<PairReport> {
  const mined = await mineFiles(scan.files, { ...limits, maxFileBytes: scan.maxFileBytes, signal });
  const { counts } = pairSplitOf(mined);
  const sorted = <K extends string>(entries: Partial<Record<K, number>>) =>
    (Object.entries(entries) as [K, number][]).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const report: PairReport = {
    pairs: counts.pairs,
    files: counts.files,
    units: counts.units,
    duplicates: counts.duplicates,
    languages: sorted(counts.byLanguage).map(([language, pairs]) => ({ language, pairs })),
    kinds: sorted(counts.byKind).map(([kind, pairs]) => ({ kind, pairs })),
  };
  if (mined.truncated) {
    report.partial = `counted in the first ${counts.files.toLocaleString()} source files only (the summary stops at ${limits.maxFiles.toLocaleString()} files or ${limits.maxMilliseconds / 1000} s); run \`pretrain-lab pairs\` on the folder for all`;
  }
  return report;
}

/** The corpus summary with its pair counts (a restored summary panel; the command mines under a progress notification). */
export async function corpusReportWithPairs(scan: CorpusScan, signal?: AbortSignal): Promise<CorpusReport> {
  return { ...corpusReport(scan), pairs: await pairReport(scan, signal) };
}
