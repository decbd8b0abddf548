/**
 * Developer tool, not a suite: ONE training-step configuration per process, for before/after
 * comparisons where process-wide state (e.g. the FPU's denormal flags) would leak between two
 * sides run in one process. Alternate invocations and compare medians:
 *   npx tsx bench/ab-matrix.ts other <threads> <other-repo-root>   # another checkout, as it is
 *   npx tsx bench/ab-matrix.ts <per-tensor|flat|final> <threads>   # this tree (final = flat + FTZ)
 */
import path from 'node:path';
import { measureTrainStep } from './train.bench';

type Measure = (threads: number, steps?: number, warmup?: number) => Promise<{ msPerStep: number }>;

async function main(): Promise<void> {
  const [cfg, threadsArg, other] = process.argv.slice(2);
  const threads = Number(threadsArg ?? 1);
  if (cfg === 'other') {
    const measure = ((await import(path.resolve(other, 'bench/train.bench.ts'))) as { measureTrainStep: Measure }).measureTrainStep;
    console.log(cfg, threads, (await measure(threads, 20, 3)).msPerStep.toFixed(2));
    return;
  }
  const r = await measureTrainStep(threads, 20, 3, 'clm', { denormalAsZero: cfg === 'final' }, cfg === 'per-tensor' ? 'per-tensor' : 'flat');
  console.log(cfg, threads, r.msPerStep.toFixed(2));
}
main();
