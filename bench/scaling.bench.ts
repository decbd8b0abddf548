/**
 * Scaling table: GPT-2 train-step throughput and peak memory for width 128/256/512 × context
 * 64/256/1024 (4 layers, head size 32, ~768 tokens per step: batch = max(1, 768 / context)).
 * Each configuration runs in its own child process (twice; the faster counts) so its peak RSS is
 * its own; the step time is the median of 8 after 2 warm-up steps. The attention
 * share of model FLOPs (12·L·C·T of 6·N + 12·L·C·T per token) says where the quadratic term
 * takes over. Part of `npm run bench` (alone: `npm run bench -- scaling`); it takes a few minutes.
 * Run alone: `npx tsx bench/scaling.bench.ts`. Numbers only, no asserts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { GPT2_DEFAULTS, type Gpt2Config } from '../src/models/configs';
import { initialWeights } from '../src/nn/params';
import { causalLmForward } from '../src/train/forward-clm';
import { buildStepGraph } from '../src/train/step/step-graph';
import { StepSession, freshTrainState } from '../src/train/step/step-session';
import { Rng } from '../src/util/rng';
import type { BenchResult } from './stats';
import { flopsPerToken } from './train.bench';

const WIDTHS = [128, 256, 512];
const CONTEXTS = [64, 256, 1024];
const TOKENS_PER_STEP = 768;

interface Point {
  width: number;
  context: number;
  batch: number;
  params: number;
  msPerStep: number;
  peakRssMiB: number;
}

/** One configuration, in this process: a few steps, then the process's peak RSS. */
async function measureOne(width: number, context: number, threads: number): Promise<Point> {
  const batch = Math.max(1, TOKENS_PER_STEP / context);
  const cfg: Gpt2Config = { ...GPT2_DEFAULTS, vocab_size: 65, n_positions: context, n_embd: width, n_layer: 4, n_head: width / 32, resid_pdrop: 0, embd_pdrop: 0, attn_pdrop: 0 };
  const graph = buildStepGraph(causalLmForward(cfg, batch, context), { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, clipNorm: 1 });
  const params = graph.params.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  const session = await StepSession.create(graph, freshTrainState(graph.params, initialWeights(graph.params, 1)), { intraOpNumThreads: threads });
  const rng = new Rng(1);
  const tokens = () => Int32Array.from({ length: batch * context }, () => rng.int(cfg.vocab_size));
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    await session.run({ input_ids: { dtype: 'int32', shape: [batch, context], data: tokens() }, labels: { dtype: 'int32', shape: [batch, context], data: tokens() } }, 1e-3);
    if (i >= 2) times.push(performance.now() - t0); // 8 timed steps
  }
  await session.release();
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  const peakRssMiB = hwm ? Number(hwm[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
  return { width, context, batch, params, msPerStep: times.sort((a, b) => a - b)[times.length >> 1], peakRssMiB };
}

export async function run(threads = 2): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const table: string[] = ['| width \\ context | ' + CONTEXTS.join(' | ') + ' |', '|---|' + CONTEXTS.map(() => '---:').join('|') + '|'];
  for (const width of WIDTHS) {
    const cells: string[] = [];
    for (const context of CONTEXTS) {
      // A child per point: peak RSS is per process and never goes down. Two children, the faster
      // counts: on a shared machine a burst of someone else's load otherwise decides the table.
      const once = () => {
        const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--one', String(width), String(context), String(threads)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
        return JSON.parse(out.trim().split('\n').pop()!) as Point;
      };
      const p = [once(), once()].sort((a, b) => a.msPerStep - b.msPerStep)[0];
      const tokensPerSec = (p.batch * context) / (p.msPerStep / 1000);
      const cfg = { n_layer: 4, n_embd: width } as Gpt2Config;
      const attentionShare = (12 * 4 * width * context) / flopsPerToken(cfg, p.params, context);
      const gflops = (tokensPerSec * flopsPerToken(cfg, p.params, context)) / 1e9;
      results.push({
        name: `gpt2 4×${width}, context ${context}, batch ${p.batch}, ${threads} threads`,
        value: Math.round(tokensPerSec),
        unit: 'tokens/s',
        note: `${Math.round(p.peakRssMiB)} MiB peak RSS; ${Math.round(gflops)} model GFLOP/s; attention ${Math.round(attentionShare * 100)}% of model FLOPs`,
      });
      cells.push(`${Math.round(tokensPerSec)} tok/s, ${Math.round(p.peakRssMiB)} MiB, attn ${Math.round(attentionShare * 100)}%`);
    }
    table.push(`| ${width} | ${cells.join(' | ')} |`);
  }
  process.stderr.write(table.join('\n') + '\n');
  return results;
}

if (require.main === module) {
  const i = process.argv.indexOf('--one');
  if (i >= 0) {
    const [w, t, th] = process.argv.slice(i + 1).map(Number);
    measureOne(w, t, th).then((p) => console.log(JSON.stringify(p)));
  } else {
    run().then((rows) => console.table(rows));
  }
}
