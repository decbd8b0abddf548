/**
 * Developer tool, not a suite: KV-cache latency A/B between two checkouts in ONE process,
 * interleaved. `npx tsx bench/ab-generate.ts <other-repo-root> [rounds]`.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { CausalLm } from '../src/infer/causal-lm';
import { generate } from '../src/infer/generate';
import { latencyAt, makeFolder } from './generate.bench';

async function main(): Promise<void> {
  const [other, roundsArg = '5'] = process.argv.slice(2);
  const { dir } = await makeFolder();
  const Other = ((await import(path.resolve(other, 'src/infer/causal-lm.ts'))) as { CausalLm: typeof CausalLm }).CausalLm;
  const otherGenerate = ((await import(path.resolve(other, 'src/infer/generate.ts'))) as { generate: typeof generate }).generate;
  const sides = { A: await Other.open(dir, { intraOpNumThreads: Number(process.env.THREADS ?? 2) }), B: await CausalLm.open(dir, { intraOpNumThreads: Number(process.env.THREADS ?? 2) }) };
  const rows: Record<string, number[]> = {};
  const push = (k: string, x: number) => (rows[k] ??= []).push(x);
  for (let r = 0; r < Number(roundsArg); r++) {
    for (const [name, lm] of Object.entries(sides)) {
      push(`${name} p10`, await latencyAt(lm as CausalLm, 10));
      push(`${name} p500`, await latencyAt(lm as CausalLm, 500));
      const t0 = performance.now();
      const out = await (name === 'A' ? otherGenerate : generate)(lm as CausalLm, 'ROMEO:', { maxNewTokens: 200, stopAtEos: false });
      push(`${name} tok/s`, out.ids.length / ((performance.now() - t0) / 1000));
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  for (const [k, xs] of Object.entries(rows)) console.log(`${k.padEnd(10)} median ${med(xs).toFixed(3)}  [${xs.map((x) => x.toFixed(2)).join(' ')}]`);
  for (const s of ['A', 'B']) console.log(`${s} p500/p10 = ${(med(rows[`${s} p500`]) / med(rows[`${s} p10`])).toFixed(2)}`);
  await sides.A.release();
  await sides.B.release();
  rmSync(dir, { recursive: true, force: true });
}
main();
