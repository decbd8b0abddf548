/** Small helpers every benchmark shares: medians, rounding for tables, running a suite alone. */

/** One measured figure of a benchmark, as bench/run.ts collects them into bench/results. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

/** Median; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** `npx tsx bench/<suite>.bench.ts` prints the suite's table; importing it runs nothing. */
export function runWhenMain(mod: NodeModule, run: () => Promise<BenchResult[]>): void {
  if (require.main !== mod) return;
  run().then(
    (rows) => console.table(rows),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
