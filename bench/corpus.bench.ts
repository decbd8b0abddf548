/**
 * Corpus scan throughput: kept files per second and kept MB per second, median of a few runs,
 * over this repository (node_modules left out by the normal rules) and over
 * node_modules/typescript as a bigger tree. Numbers only; `npx tsx bench/corpus.bench.ts` prints them.
 */
import * as path from 'node:path';
import { scanCorpus } from '../src/data/corpus-scan';
import { median, round, runWhenMain, type BenchResult } from './stats';

const RUNS = 5;
const REPO_ROOT = path.resolve(__dirname, '..');
const TARGETS = [
  { label: 'repo', root: REPO_ROOT },
  { label: 'node_modules/typescript', root: path.join(REPO_ROOT, 'node_modules', 'typescript') },
];

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const { label, root } of TARGETS) {
    const seconds: number[] = [];
    let summary = (await scanCorpus(root)).summary; // warm the file-system cache first
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      summary = (await scanCorpus(root)).summary;
      seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    const s = median(seconds);
    const note = `${summary.files} files / ${(summary.bytes / 1e6).toFixed(1)} MB kept, ${summary.skips.length} skips, median of ${RUNS} in ${(s * 1000).toFixed(0)} ms`;
    results.push({ name: `corpus scan ${label}`, value: round(summary.files / s, 1), unit: 'files/s', note });
    results.push({ name: `corpus scan ${label}`, value: round(summary.bytes / 1e6 / s, 1), unit: 'MB/s' });
  }
  return results;
}



runWhenMain(module, run);
