// The corpus summary as the dashboard shows it: totals per language, then every skip with its
// reason in words, and (from pair-report.ts) the code/text pairs. Built in the extension from a
// scan; the webview only draws it.
import type { CorpusScan, SkipReason } from '../../data/corpus-types';
import { SKIP_REASON_TEXT } from '../../data/corpus-types';
import type { PairKind, PairLanguage } from '../../data/pairs/types';

/** Beyond this many skips the list says how many more there are: a workspace with a huge
 *  generated tree should not make the panel slow. Counts per reason stay exact. */
export const MAX_LISTED_SKIPS = 2000;

export interface CorpusReport {
  root: string;
  files: number;
  bytes: number;
  /** Largest first. */
  languages: { language: string; files: number; bytes: number }[];
  /** Per reason, most frequent first. */
  reasons: { reason: SkipReason; text: string; count: number }[];
  skips: { path: string; folder: boolean; reason: SkipReason; detail: string }[];
  /** Skips not listed in `skips`. */
  unlisted: number;
  /** The code/text pairs among the files read (*Show Corpus Summary* mines them; absent elsewhere). */
  pairs?: PairReport;
}

/** The code/text pairs among the files read (pair-report.ts mines them). */
export interface PairReport {
  pairs: number;
  /** Source and Markdown files mined. */
  files: number;
  units: number;
  duplicates: number;
  /** Most pairs first. */
  languages: { language: PairLanguage; pairs: number }[];
  kinds: { kind: PairKind; pairs: number }[];
  /** Set when the limits stopped the mining: what was mined and why it stopped. */
  partial?: string;
}

export function corpusReport(scan: CorpusScan): CorpusReport {
  const { summary } = scan;
  const languages = Object.entries(summary.byLanguage)
    .map(([language, t]) => ({ language, files: t.files, bytes: t.bytes }))
    .sort((a, b) => b.bytes - a.bytes || a.language.localeCompare(b.language));
  const reasons = (Object.entries(summary.skipCounts) as [SkipReason, number][])
    .map(([reason, count]) => ({ reason, text: SKIP_REASON_TEXT[reason], count }))
    .sort((a, b) => b.count - a.count);
  const skips = summary.skips.slice(0, MAX_LISTED_SKIPS).map((s) => ({
    path: s.relativePath || '.',
    folder: s.isDirectory,
    reason: s.reason,
    detail: s.detail,
  }));
  return { root: scan.root, files: summary.files, bytes: summary.bytes, languages, reasons, skips, unlisted: summary.skips.length - skips.length };
}
