/**
 * Developer tool, not a suite: A/B of the training step between two checkouts in ONE process,
 * interleaved so machine noise hits both alike. `npx tsx bench/ab.ts <other-repo-root> [threads] [rounds]`.
 * Prints the median ms/step of each side.
 */
import path from 'node:path';

type Measure = (threads: number, steps?: number, warmup?: number) => Promise<{ msPerStep: number }>;

async function main(): Promise<void> {
  const [other, threadsArg = '1', roundsArg = '5'] = process.argv.slice(2);
  const a = ((await import(path.resolve(other, 'bench/train.bench.ts'))) as { measureTrainStep: Measure }).measureTrainStep;
  const b = ((await import(path.join(__dirname, 'train.bench.ts'))) as { measureTrainStep: Measure }).measureTrainStep;
  const times: Record<'a' | 'b', number[]> = { a: [], b: [] };
  for (let r = 0; r < Number(roundsArg); r++) {
    times.a.push((await a(Number(threadsArg), 15, 3)).msPerStep);
    times.b.push((await b(Number(threadsArg), 15, 3)).msPerStep);
  }
  const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  console.log(`A ${other}: ${med(times.a).toFixed(2)} ms/step  [${times.a.map((t) => t.toFixed(1)).join(' ')}]`);
  console.log(`B this tree: ${med(times.b).toFixed(2)} ms/step  [${times.b.map((t) => t.toFixed(1)).join(' ')}]`);
  // Paired ratios: each round's A and B ran back to back, so load changes cancel best there.
  console.log(`B/A = ${(med(times.b) / med(times.a)).toFixed(3)} (medians), ${med(times.b.map((t, i) => t / times.a[i])).toFixed(3)} (median paired ratio), min ${Math.min(...times.a).toFixed(1)} vs ${Math.min(...times.b).toFixed(1)}`);
}
main();
