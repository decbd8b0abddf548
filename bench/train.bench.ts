/**
 * Training-step throughput of the nanoGPT-equivalent configuration (DESIGN.md §3): char-level,
 * 4 layers, 4 heads, width 128, context 64, batch 12. Reports ms/step, tokens/s and model
 * FLOP/s (≈ 6·N + 12·L·C·T per token) as a ratio of the ORT MatMul peak measured in this run.
 * Run alone: `npx tsx bench/train.bench.ts`. Numbers only, no asserts.
 */
import { GPT2_DEFAULTS, type Gpt2Config } from '../src/models/configs';
import { initialWeights } from '../src/nn/params';
import { causalLmForward } from '../src/train/forward-clm';
import { buildStepGraph } from '../src/train/step-graph';
import { StepSession, freshTrainState } from '../src/train/step-session';
import { Rng } from '../src/util/rng';
import { type BenchResult, matmulPeak } from './matmul.bench';

export const NANOGPT: { cfg: Gpt2Config; batch: number; context: number } = {
  cfg: { ...GPT2_DEFAULTS, vocab_size: 65, n_positions: 64, n_embd: 128, n_layer: 4, n_head: 4, resid_pdrop: 0, embd_pdrop: 0, attn_pdrop: 0 },
  batch: 12,
  context: 64,
};

/** Model FLOPs per trained token: 6 per parameter (forward + backward) plus attention. */
export function flopsPerToken(cfg: Gpt2Config, params: number, context: number): number {
  return 6 * params + 12 * cfg.n_layer * cfg.n_embd * context;
}

export async function measureTrainStep(threads: number, steps = 30, warmup = 5): Promise<{ msPerStep: number; params: number }> {
  const { cfg, batch, context } = NANOGPT;
  const graph = buildStepGraph(causalLmForward(cfg, batch, context), { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, clipNorm: 1 });
  const params = graph.params.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  const session = await StepSession.create(graph, freshTrainState(graph.params, initialWeights(graph.params, 1)), { intraOpNumThreads: threads });
  const rng = new Rng(1);
  const tokens = () => Int32Array.from({ length: batch * context }, () => rng.int(cfg.vocab_size));
  const times: number[] = [];
  for (let i = 0; i < warmup + steps; i++) {
    const feeds = {
      input_ids: { dtype: 'int32' as const, shape: [batch, context], data: tokens() },
      labels: { dtype: 'int32' as const, shape: [batch, context], data: tokens() },
    };
    const t0 = performance.now();
    await session.run(feeds, 1e-3);
    if (i >= warmup) times.push(performance.now() - t0);
  }
  await session.release();
  times.sort((a, b) => a - b);
  return { msPerStep: times[times.length >> 1], params };
}

export async function run(): Promise<BenchResult[]> {
  const { cfg, batch, context } = NANOGPT;
  const results: BenchResult[] = [];
  for (const threads of [1, 2]) {
    const peak = await matmulPeak(threads, { weights: 'constant' });
    const { msPerStep, params } = await measureTrainStep(threads);
    const tokensPerSec = (batch * context) / (msPerStep / 1000);
    const modelGflops = (tokensPerSec * flopsPerToken(cfg, params, context)) / 1e9;
    const t = `${threads} thread${threads > 1 ? 's' : ''}`;
    results.push(
      { name: `ort matmul peak fp32 1024³, ${t}`, value: round(peak), unit: 'GFLOP/s' },
      { name: `nanoGPT-equivalent train step, ${t}`, value: round(msPerStep), unit: 'ms/step', note: `${params} parameters, median of 30 steps` },
      { name: `nanoGPT-equivalent tokens/s, ${t}`, value: Math.round(tokensPerSec), unit: 'tokens/s', note: 'PyTorch measured here: ~11,900 at 2 threads' },
      { name: `nanoGPT-equivalent model FLOP/s, ${t}`, value: round(modelGflops), unit: 'GFLOP/s', note: `${round(modelGflops / peak)} × the MatMul peak of this run` },
    );
  }
  return results;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

if (require.main === module) {
  run().then((rows) => console.table(rows));
}
