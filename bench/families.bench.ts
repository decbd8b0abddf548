/**
 * Training-step throughput of every encoder family next to BERT's, at the nanoGPT-equivalent size
 * (4 layers × 4 heads × 128, context 64, batch 12, char vocabulary of tiny Shakespeare), plus
 * GPT-2 for reference and BERT vs ELECTRA at the Brown experiment's size (WordPiece 2048, context
 * 128). Each step is what the training loop does: draw the batch from the family's own batch
 * source (masking, SOP pairs, ELECTRA's Gumbel noise) and run the fused step graph. All sessions
 * stay open and take turns in many short rounds (two steps each, the order reversed every other
 * round), so a burst of load on this shared machine hits every family alike; a family's ratio is
 * the median over rounds of its tokens/s over BERT's in that round.
 * Run alone: `npx tsx bench/families.bench.ts`. Numbers only, no asserts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { trainingFlopsPerStep } from '../src/compare/flops';
import type { ObjectiveName } from '../src/models/family';
import { buildConfig } from '../src/models/config-builder';
import type { ModelType } from '../src/models/configs';
import { initialWeights } from '../src/nn/params';
import { specialTokenIdsOf, trainTokenizer, type TokenizerKind } from '../src/tokenizer';
import { batchFeeds, trainFamily } from '../src/train/families';
import { paramSpecsOf } from '../src/train/step/param-specs';
import { freshTrainState } from '../src/train/step/step-session';
import { createStepper, type Stepper } from '../src/train/step/stepper';
import type { BatchSource } from '../src/data/batch';
import { Rng } from '../src/util/rng';
import type { BenchResult } from './stats';
import { median, round, runWhenMain } from './stats';

const CORPUS = path.join(__dirname, '..', 'models', 'corpus', 'tinyshakespeare.txt');
const THREADS = 2;
const ROUNDS = 20;
const STEPS_PER_ROUND = 2;
const WARMUP_STEPS = 3;

interface Size {
  name: string;
  tokenizer: TokenizerKind;
  vocabSize?: number;
  context: number;
  batch: number;
}

/** nanoGPT's shape (bench/train.bench.ts): 4 × 4 × 128, context 64, batch 12, characters. */
const NANO: Size = { name: '4×128, context 64, batch 12, char vocabulary', tokenizer: 'char', context: 64, batch: 12 };
/** The ELECTRA-vs-BERT experiment's shape (bench/results/electra-vs-bert-brown.md). */
const BROWN: Size = { name: '4×128, context 128, batch 12, WordPiece 2048', tokenizer: 'wordpiece', vocabSize: 2048, context: 128, batch: 12 };

interface Row {
  label: string;
  arch: ModelType;
  objective: ObjectiveName;
  size: Size;
}

const REFERENCE = 'BERT mlm';
const ROWS: Row[] = [
  { label: REFERENCE, arch: 'bert', objective: 'mlm', size: NANO },
  { label: 'RoBERTa mlm', arch: 'roberta', objective: 'mlm', size: NANO },
  { label: 'ALBERT mlm+sop', arch: 'albert', objective: 'mlm+sop', size: NANO },
  { label: 'ELECTRA rtd', arch: 'electra', objective: 'rtd', size: NANO },
  { label: 'NEZHA mlm', arch: 'nezha', objective: 'mlm', size: NANO },
  { label: 'SpanBERT span-sbo', arch: 'bert', objective: 'span-sbo', size: NANO },
  { label: 'GPT-2 clm', arch: 'gpt2', objective: 'clm', size: NANO },
];
const BROWN_ROWS: Row[] = [
  { label: REFERENCE, arch: 'bert', objective: 'mlm', size: BROWN },
  { label: 'ELECTRA rtd', arch: 'electra', objective: 'rtd', size: BROWN },
];

interface Runner {
  row: Row;
  stepper: Stepper;
  source: BatchSource;
  params: number;
  flopsPerStep: number;
  /** ms of each timed step, per round; and the share spent drawing the batch. */
  rounds: number[][];
  batchMs: number[];
}

async function openRunner(row: Row, text: string): Promise<Runner> {
  const family = trainFamily(row.arch, row.objective);
  const tokenizer = trainTokenizer(row.size.tokenizer, [text], { family: family.tokenizerFamily, vocabSize: row.size.vocabSize });
  const config = buildConfig({ arch: row.arch, vocabSize: tokenizer.vocabSize, layers: 4, heads: 4, dim: 128, context: row.size.context, dropout: 0, tokenIds: specialTokenIdsOf(tokenizer) });
  // Paragraphs as documents: ALBERT's sentence-order pairs are cut from consecutive text of one document.
  const documents = text.split(/\n\s*\n/).map((p) => tokenizer.encode(p)).filter((d) => d.length > 0);
  const options = { batchSize: row.size.batch, context: row.size.context, seed: 1 };
  const source = family.batches(documents, tokenizer, options);
  const forward = family.forward(config, { batch: row.size.batch, context: row.size.context });
  const specs = paramSpecsOf(forward);
  const state = freshTrainState(specs, initialWeights(specs, 1));
  const stepper = await createStepper(forward, { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, clipNorm: 1 }, state, 1, { intraOpNumThreads: THREADS });
  const params = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  return { row, stepper, source, params, flopsPerStep: trainingFlopsPerStep(forward), rounds: [], batchMs: [] };
}

/** One training-loop step: draw the batch, run the step graph. Returns its ms. */
async function step(runner: Runner, rng: Rng): Promise<{ totalMs: number; batchMs: number }> {
  const t0 = performance.now();
  const feeds = batchFeeds(runner.source.next(), runner.stepper.batchInputs);
  const t1 = performance.now();
  await runner.stepper.step([feeds], 1e-4, rng);
  return { totalMs: performance.now() - t0, batchMs: t1 - t0 };
}

/** Opens every row, warms each up, then runs ROUNDS alternating rounds of STEPS_PER_ROUND steps each. */
async function measure(rows: Row[], text: string): Promise<Runner[]> {
  const runners: Runner[] = [];
  const rng = new Rng(1);
  try {
    for (const row of rows) runners.push(await openRunner(row, text));
    for (const r of runners) for (let i = 0; i < WARMUP_STEPS; i++) await step(r, rng);
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order too, so no family always runs right after the same other one.
      const order = round % 2 === 0 ? runners : [...runners].reverse();
      for (const r of order) {
        const times: number[] = [];
        for (let i = 0; i < STEPS_PER_ROUND; i++) {
          const { totalMs, batchMs } = await step(r, rng);
          times.push(totalMs);
          r.batchMs.push(batchMs);
        }
        r.rounds.push(times);
      }
    }
    return runners;
  } finally {
    for (const r of runners) await r.stepper.release();
  }
}

function report(runners: Runner[], where: string): BenchResult[] {
  const reference = runners.find((r) => r.row.label === REFERENCE)!;
  const tokensPerStep = (r: Runner) => r.row.size.batch * r.row.size.context;
  const roundMs = (r: Runner) => r.rounds.map(median);
  return runners.map((r) => {
    const ms = median(r.rounds.flat());
    const ratios = roundMs(r).map((m, i) => roundMs(reference)[i] / m);
    const ratio = median(ratios);
    const flopsRatio = r.flopsPerStep / reference.flopsPerStep;
    const batchShare = median(r.batchMs) / ms;
    return {
      name: `${r.row.label} train step tokens/s, ${where}, ${THREADS} threads`,
      value: Math.round(tokensPerStep(r) / (ms / 1000)),
      unit: 'tokens/s',
      note:
        `${round(ms, 1)} ms/step, ${r.params} parameters, ${round(r.flopsPerStep / 1e9, 2)} GFLOPs/step (${round(flopsRatio)} × BERT's); ` +
        `${r === reference ? 'the reference' : `**${round(ratio)} × BERT's tokens/s** (rounds ${round(Math.min(...ratios))}–${round(Math.max(...ratios))})`}; ` +
        `batch drawing ${Math.round(100 * batchShare)}% of the step`,
    };
  });
}

export async function run(): Promise<BenchResult[]> {
  const text = readFileSync(CORPUS, 'utf8');
  const t0 = performance.now();
  const nano = report(await measure(ROWS, text), 'nanoGPT size');
  const brown = report(await measure(BROWN_ROWS, text), 'Brown experiment size');
  return [
    ...nano,
    ...brown,
    { name: 'families suite wall time', value: round((performance.now() - t0) / 1000, 1), unit: 's', note: `${ROUNDS} alternating rounds × ${STEPS_PER_ROUND} steps per family after ${WARMUP_STEPS} warmup steps; medians` },
  ];
}

runWhenMain(module, run);
