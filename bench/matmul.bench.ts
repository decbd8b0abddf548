/**
 * ORT MatMul throughput, fp32 n×n·n×n (default 1024³), the ceiling the training benchmark
 * compares itself with. Weights as a constant initializer (what inference gets) and as a graph
 * input (what a training step must do, since parameters change every step).
 * Run alone: `npx tsx bench/matmul.bench.ts`. Numbers only, no asserts.
 */
import { GraphBuilder, writeOnnx, type TensorData } from '../src/graph';
import { RuntimeSession, type Feeds } from '../src/runtime';
import { median, round, runWhenMain, type BenchResult } from './stats';

export type WeightsAs = 'constant' | 'input';

export interface MatmulPeakOptions {
  weights?: WeightsAs;
  /** Matrix size; FLOPs per run are 2·n³. */
  n?: number;
  /** Timed runs; the median is reported. */
  runs?: number;
  warmup?: number;
}

/** Median GFLOP/s of one ORT MatMul at `threads` intra-op threads. */
export async function matmulPeak(threads: number, options: MatmulPeakOptions = {}): Promise<number> {
  const { weights = 'constant', n = 1024, runs = 9, warmup = 3 } = options;
  const x = randomMatrix(n, 1);
  const w = randomMatrix(n, 2);
  const session = await RuntimeSession.create(matmulModel(w, weights), { intraOpNumThreads: threads });
  const feeds: Feeds = weights === 'input' ? { x, w } : { x };
  try {
    const times: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      const t0 = performance.now();
      await session.run(feeds);
      if (i >= warmup) times.push(performance.now() - t0);
    }
    return (2 * n ** 3) / (median(times) / 1000) / 1e9;
  } finally {
    await session.release();
  }
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const threads of [1, 2]) {
    for (const weights of ['constant', 'input'] as const) {
      results.push({
        name: `ort matmul fp32 1024³, ${threads} thread${threads > 1 ? 's' : ''}, weights as ${weights}`,
        value: round(await matmulPeak(threads, { weights }), 1),
        unit: 'GFLOP/s',
        note: 'median of 9 runs after 3 warmup',
      });
    }
  }
  return results;
}

function matmulModel(w: TensorData, weights: WeightsAs): Uint8Array {
  const n = w.shape[0];
  const g = new GraphBuilder('matmul_bench');
  const x = g.input('x', 'float32', [n, n]);
  const wv = weights === 'input' ? g.input('w', 'float32', [n, n]) : g.constant(w, 'w');
  g.output(g.matmul(x, wv), 'y');
  return writeOnnx(g.graph);
}

/** Deterministic values in [-1, 1): no denormals, which would slow the kernel down. */
function randomMatrix(n: number, seed: number): TensorData {
  const data = new Float32Array(n * n);
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 2 ** 31 - 1;
  }
  return { dtype: 'float32', shape: [n, n], data };
}



runWhenMain(module, run);
