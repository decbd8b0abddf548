/**
 * Real checkpoint sizes (issue 15, item 5): a GPT-2-small-shaped model (12 × 768 × 12 heads,
 * vocabulary 50257, 1024 positions, tied LM head) and a BERT-base-shaped one (12 × 768, vocabulary
 * 30522, 512 positions), random weights made by the library, no files checked in. Measures
 * finetuning tokens/s (continued LM for GPT-2, classification for BERT), the time to build the
 * step graph, write it as ONNX and open the session, the memory guard's estimate next to the
 * real peak RSS, and GPT-2's generation latency with the KV cache (prompt 32 + 32 new tokens, and
 * the same at the end of the 1024-token context). Each case runs in its own child process, so
 * its peak RSS (process.resourceUsage().maxRSS) is its own. A few steps / tokens each: medians on
 * a shared machine, no asserts. Run alone: `npx tsx bench/real-sizes.bench.ts` (also writes
 * bench/results/real-sizes.md).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeOnnx } from '../src/graph';
import { buildConfig } from '../src/models/config-builder';
import type { ModelConfig } from '../src/models/configs';
import { saveModelFolder, type ShapedWeights } from '../src/models/model-folder';
import { initialWeights, type Weights } from '../src/nn/params';
import { trainTokenizer } from '../src/tokenizer';
import { causalLmForward } from '../src/train/forward-clm';
import { classificationForward } from '../src/train/forward-classify';
import { classifierConfig } from '../src/train/finetune/finetune-classify';
import { estimateTrainingBytes, type MemoryShape } from '../src/train/run/memory';
import { DEFAULT_ADAMW } from '../src/train/step/adamw';
import { paramSpecsOf } from '../src/train/step/param-specs';
import { buildStepGraph, type ForwardBuilder } from '../src/train/step/step-graph';
import { freshTrainState, StepSession } from '../src/train/step/step-session';
import { CausalLm } from '../src/infer/causal-lm';
import { generate } from '../src/infer/generate';
import { Rng } from '../src/util/rng';
import type { BenchResult } from './stats';
import { median, round, runWhenMain } from './stats';

const THREADS = 2;
const WARMUP_STEPS = 1;
const TIMED_STEPS = 3;
const MiB = 2 ** 20;

/** GPT-2 small and BERT-base as their config.json files give them (dropout at HF's default 0.1). */
const GPT2_SMALL = { arch: 'gpt2', vocabSize: 50257, layers: 12, heads: 12, dim: 768, context: 1024 } as const;
const BERT_BASE = { arch: 'bert', vocabSize: 30522, layers: 12, heads: 12, dim: 768, context: 512 } as const;

/** What a child process reports: figures by name. */
type Figures = Record<string, number>;

interface TrainCase {
  label: string;
  config: () => ModelConfig;
  sizes: typeof GPT2_SMALL | typeof BERT_BASE;
  batch: number;
  context: number;
  forward: (config: ModelConfig, batch: number, context: number) => ForwardBuilder;
  feeds: (batch: number, context: number, vocab: number) => Record<string, Int32Array>;
}

const TRAIN_CASES: Record<string, TrainCase> = {
  'gpt2-clm': {
    label: 'GPT-2 small continued LM',
    config: () => buildConfig(GPT2_SMALL),
    sizes: GPT2_SMALL,
    batch: 2,
    context: 128,
    forward: causalLmForward,
    feeds: (B, T, V) => ({ input_ids: tokens(B * T, V, 1), labels: tokens(B * T, V, 2) }),
  },
  'bert-classify': {
    label: 'BERT-base classification',
    config: () => classifierConfig(buildConfig(BERT_BASE), ['negative', 'positive'], 0),
    sizes: BERT_BASE,
    batch: 4,
    context: 128,
    forward: classificationForward,
    feeds: (B, T, V) => ({ input_ids: tokens(B * T, V, 1), attention_mask: new Int32Array(B * T).fill(1), labels: Int32Array.from({ length: B }, (_, i) => i % 2) }),
  },
};

/** `n` token ids spread over the vocabulary, different per `salt`. */
function tokens(n: number, vocab: number, salt: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => (i * 7919 + salt * 104729) % vocab);
}

const shapeOf = (f: ArrayLike<number>, B: number, T: number) => ({ dtype: 'int32' as const, shape: f.length === B ? [B, 1] : [B, T], data: f as Int32Array });

/** One training case in this process: build, open, a few steps; the figures. */
async function trainChild(c: TrainCase): Promise<Figures> {
  const config = c.config();
  const { batch: B, context: T } = c;
  const shape: MemoryShape = { layers: c.sizes.layers, heads: c.sizes.heads, dim: c.sizes.dim, context: T, batch: B, vocabSize: c.sizes.vocabSize };
  const forward = c.forward(config, B, T);
  let t = performance.now();
  const specs = paramSpecsOf(forward);
  const weights = initialWeights(specs, 1);
  const initMs = performance.now() - t;
  t = performance.now();
  const stepGraph = buildStepGraph(forward, DEFAULT_ADAMW);
  const buildMs = performance.now() - t;
  t = performance.now();
  const onnxBytes = writeOnnx(stepGraph.graph).length;
  const writeMs = performance.now() - t;
  t = performance.now();
  const session = await StepSession.create(stepGraph, freshTrainState(specs, weights), { intraOpNumThreads: THREADS });
  // StepSession.create writes the graph once more; the session's own share is the rest.
  const sessionMs = performance.now() - t - writeMs;
  const rng = new Rng(1);
  const feeds = Object.fromEntries(Object.entries(c.feeds(B, T, c.sizes.vocabSize)).map(([k, v]) => [k, shapeOf(v, B, T)]));
  const stepMs: number[] = [];
  let loss = NaN;
  try {
    for (let i = 0; i < WARMUP_STEPS + TIMED_STEPS; i++) {
      const s = performance.now();
      loss = (await session.run(feeds, 1e-5, rng)).loss;
      if (i >= WARMUP_STEPS) stepMs.push(performance.now() - s);
    }
  } finally {
    await session.release();
  }
  const ms = median(stepMs);
  return {
    params: specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0),
    nodes: stepGraph.graph.nodes.length,
    initMs,
    buildMs,
    writeMs,
    onnxMiB: onnxBytes / MiB,
    sessionMs,
    stepMs: ms,
    tokensPerSecond: (B * T) / (ms / 1000),
    loss,
    estimateMiB: estimateTrainingBytes(shape) / MiB,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

/** GPT-2 small saved as a model folder (random weights, a small byte-level BPE: ids past its vocabulary decode to nothing). */
async function gpt2Folder(dir: string): Promise<void> {
  const config = buildConfig(GPT2_SMALL);
  const forward = causalLmForward(config, 1, 8);
  const specs = paramSpecsOf(forward);
  const weights: Weights = initialWeights(specs, 1);
  const shaped: ShapedWeights = new Map(specs.map((s) => [s.name, { shape: s.shape, data: weights.get(s.name) as Float32Array }]));
  const tokenizer = trainTokenizer('bpe', ['a small text for a byte-level tokenizer; the model has 50257 rows whatever it holds'], { family: 'gpt2', vocabSize: 300 });
  await saveModelFolder(dir, { config, weights: shaped, tokenizer });
}

/** Generation with the KV cache: open the folder, prompt 32 + 32 new, then at the context's end. */
async function generateChild(): Promise<Figures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'real-sizes-gpt2-'));
  try {
    let t = performance.now();
    await gpt2Folder(dir);
    const folderMs = performance.now() - t;
    t = performance.now();
    const lm = await CausalLm.open(dir, { intraOpNumThreads: THREADS });
    const openMs = performance.now() - t;
    const V = GPT2_SMALL.vocabSize;
    const N = 32;
    try {
      const short = await generate(lm, [...tokens(32, V, 3)], { maxNewTokens: N, stopAtEos: false });
      // The cache at the end of the 1024 positions: its slab holds 1024 rows.
      const long = await generate(lm, [...tokens(GPT2_SMALL.context - N, V, 4)], { maxNewTokens: N, stopAtEos: false });
      return {
        folderMs,
        openMs,
        shortFirstMs: short.firstTokenMs,
        shortPerTokenMs: median(short.perTokenMs),
        shortTokens: short.ids.length,
        longFirstMs: long.firstTokenMs,
        longPerTokenMs: median(long.perTokenMs),
        longTokens: long.ids.length,
        peakRssMiB: process.resourceUsage().maxRSS / 1024,
      };
    } finally {
      await lm.release();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CHILD_FLAG = '--real-sizes-child';

/** Runs one case in a fresh process (its own peak RSS) and reads its figures from the last stdout line. */
function inChild(name: string): Figures {
  const tsx = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');
  const r = spawnSync(tsx, [__filename, CHILD_FLAG, name], { encoding: 'utf8', maxBuffer: 16 * MiB, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`real-sizes case ${name} failed (exit ${r.status ?? r.signal})`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Figures;
}

function trainRows(name: string, f: Figures): BenchResult[] {
  const c = TRAIN_CASES[name];
  const where = `${c.label}, batch ${c.batch} × context ${c.context}, ${THREADS} threads`;
  return [
    {
      name: `${where}: finetuning tokens/s`,
      value: Math.round(f.tokensPerSecond),
      unit: 'tokens/s',
      note: `${round(f.stepMs / 1000, 2)} s/step (median of ${TIMED_STEPS} after ${WARMUP_STEPS} warmup), ${(f.params / 1e6).toFixed(1)}M parameters, loss ${round(f.loss, 2)}`,
    },
    { name: `${where}: peak RSS`, value: Math.round(f.peakRssMiB), unit: 'MiB', note: `memory guard's estimate ${Math.round(f.estimateMiB)} MiB (${round(f.peakRssMiB / f.estimateMiB, 2)} × the estimate)` },
    {
      name: `${where}: step graph build + ONNX write + session`,
      value: Math.round(f.buildMs + f.writeMs + f.sessionMs),
      unit: 'ms',
      note: `build (forward, autodiff, AdamW) ${Math.round(f.buildMs)} ms for ${f.nodes} nodes; write ${Math.round(f.writeMs)} ms (${round(f.onnxMiB, 1)} MiB); ORT session ${Math.round(f.sessionMs)} ms; initial weights ${Math.round(f.initMs)} ms`,
    },
  ];
}

function generateRows(f: Figures): BenchResult[] {
  const where = 'GPT-2 small generation, KV cache, greedy, 2 threads';
  return [
    { name: `${where}: prompt 32 + 32 new tokens`, value: round(f.shortPerTokenMs, 1), unit: 'ms/token', note: `median of ${f.shortTokens - 1}; first token (prompt included) ${Math.round(f.shortFirstMs)} ms` },
    { name: `${where}: 32 new tokens at positions 992–1023 (full 1024 context)`, value: round(f.longPerTokenMs, 1), unit: 'ms/token', note: `median of ${f.longTokens - 1}; first token (992-token prompt) ${Math.round(f.longFirstMs)} ms` },
    { name: `${where}: open the model folder`, value: Math.round(f.openMs), unit: 'ms', note: `cached-decoder graph build + ONNX write + session; peak RSS of the process ${Math.round(f.peakRssMiB)} MiB (writing the random-weight folder first: ${Math.round(f.folderMs)} ms)` },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const t0 = performance.now();
  const rows: BenchResult[] = [];
  for (const name of Object.keys(TRAIN_CASES)) rows.push(...trainRows(name, inChild(name)));
  rows.push(...generateRows(inChild('generate')));
  rows.push({ name: 'real-sizes suite wall time', value: round((performance.now() - t0) / 1000, 1), unit: 's', note: `load average at end ${os.loadavg().map((x) => round(x, 1)).join(' ')}` });
  writeResults(rows);
  return rows;
}

/** bench/results/real-sizes.md: this suite's table, kept beside the run-wide latest.md. */
function writeResults(rows: BenchResult[]): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const md = [
    `Real checkpoint sizes — ${new Date().toISOString()}, ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    '',
    '| measure | value | unit | note |',
    '|---|---:|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.value} | ${r.unit} | ${r.note ?? ''} |`),
  ].join('\n');
  writeFileSync(path.join(__dirname, 'results', 'real-sizes.md'), md + '\n');
}

async function child(name: string): Promise<void> {
  const figures = name === 'generate' ? await generateChild() : await trainChild(TRAIN_CASES[name]);
  process.stdout.write(JSON.stringify(figures) + '\n');
}

if (require.main === module && process.argv[2] === CHILD_FLAG) {
  child(process.argv[3]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  runWhenMain(module, run);
}
