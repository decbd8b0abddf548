/**
 * The training loop: schedule → step → report → evaluate → checkpoint, until the last step,
 * a cancel, the time limit, or a numerical fault. It knows nothing about files or processes:
 * checkpoints are written by the callback it is given, events go to `emit`.
 *
 * Resume equality: everything a step depends on (parameters, moments, step number, the RNG
 * that draws dropout masks, the batch source's position) is in the checkpoint, and evaluation
 * draws from neither random stream, so a resumed run repeats the uninterrupted one bit for bit.
 */
import type { Batch, BatchSource } from '../../data/batch';
import type { Rng } from '../../util/rng';
import type { CheckpointEvent, EvalEvent, StopReason, TrainEvent, TrainSummary } from './events';
import { batchFeeds } from '../families';
import { MLM_METRICS } from '../forward-mlm';
import { SOP_METRICS } from '../forward-sop';
import { MATCH_METRICS } from '../forward-tlm';
import { perplexityOf, summarizeRtdMetrics } from '../forward-rtd';
import { summarizeContrastiveMetrics } from '../forward-contrastive';
import type { RunHyperparams } from './hyperparams';
import { MetricSums } from '../step/metric-values';
import { learningRate } from '../step/schedule';
import type { LossSession, Stepper } from '../step/stepper';

/** The loss or gradient norm became NaN/Inf, or the loss exploded; the last good checkpoint stays. */
export class TrainingDivergedError extends Error {
  override readonly name = 'TrainingDivergedError';
}

export interface LoopContext {
  stepper: Stepper;
  evaluator: LossSession;
  source: BatchSource;
  valBatches: Batch[];
  hyper: RunHyperparams;
  /** Draws dropout masks; checkpointed. */
  rng: Rng;
  /** Records of metrics.jsonl so far (the loop appends). */
  metrics: object[];
  emit(event: TrainEvent): void;
  /** Writes a checkpoint of the current state; returns where. */
  checkpoint(): Promise<string>;
  signal?: AbortSignal;
  /** Stop (with a checkpoint) once this process has trained this long. */
  maxMinutes?: number;
  /** Step of the checkpoint already on disk (so none is rewritten for it). */
  checkpointedStep: number;
}

export interface LoopResult {
  stopReason: StopReason;
  finalLoss?: number;
  lastEval?: EvalEvent;
  elapsedMs: number;
}

/** The loss has exploded when its moving average exceeds this multiple of the first step's loss. */
const EXPLOSION_FACTOR = 2;
const EMA_DECAY = 0.9;

/** The `done` event of a finished loop: where it stopped, its last losses, and the folder. */
export function summaryOf(result: LoopResult, step: number, totalSteps: number, path: string): TrainSummary {
  return {
    event: 'done',
    stopReason: result.stopReason,
    step,
    totalSteps,
    finalLoss: result.finalLoss,
    valLoss: result.lastEval?.valLoss,
    perplexity: result.lastEval?.perplexity,
    elapsedMs: result.elapsedMs,
    path,
  };
}

export async function trainLoop(ctx: LoopContext): Promise<LoopResult> {
  const { stepper, hyper } = ctx;
  const started = performance.now();
  const startStep = stepper.state.step;
  const tokensPerStep = hyper.batch * hyper.context * hyper.gradAccum;
  let checkpointedStep = ctx.checkpointedStep;
  let finalLoss: number | undefined;
  let lastEval: EvalEvent | undefined;
  let ema: number | undefined;
  let firstLoss: number | undefined;

  const checkpoint = async () => {
    const step = stepper.state.step;
    const path = await ctx.checkpoint();
    checkpointedStep = step;
    const event: CheckpointEvent = { event: 'checkpoint', step, path };
    ctx.emit(event);
  };
  const stop = async (stopReason: StopReason): Promise<LoopResult> => {
    if (checkpointedStep !== stepper.state.step) await checkpoint();
    return { stopReason, finalLoss, lastEval, elapsedMs: performance.now() - started };
  };

  while (stepper.state.step < hyper.steps) {
    // A step's promise settles in a microtask, and a cancel message is a macrotask: without
    // this turn of the event loop a cancel would only be seen one step late.
    await new Promise((resolve) => setImmediate(resolve));
    if (ctx.signal?.aborted) return stop('cancelled');
    if (ctx.maxMinutes !== undefined && performance.now() - started >= ctx.maxMinutes * 60_000) return stop('time-limit');
    const step = stepper.state.step; // 0-based index of the step about to run
    const lr = learningRate(step, { lr: hyper.lr, minLr: hyper.minLr, warmup: hyper.warmup, steps: hyper.steps });
    const micro = Array.from({ length: hyper.gradAccum }, () => batchFeeds(ctx.source.next(), stepper.batchInputs));
    const { loss, gradNorm, metrics } = await stepper.step(micro, lr, ctx.rng);
    const done = step + 1;

    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
      throw diverged(`the ${!Number.isFinite(loss) ? 'loss' : 'gradient norm'} became ${!Number.isFinite(loss) ? loss : gradNorm} at step ${done}`, checkpointedStep, hyper.lr);
    }
    firstLoss ??= loss;
    ema = ema === undefined ? loss : EMA_DECAY * ema + (1 - EMA_DECAY) * loss;
    if (done > 5 && ema > EXPLOSION_FACTOR * firstLoss) {
      throw diverged(`the loss exploded at step ${done} (moving average ${ema.toFixed(3)}, first loss ${firstLoss.toFixed(3)})`, checkpointedStep, hyper.lr);
    }
    finalLoss = loss;

    const elapsedMs = performance.now() - started;
    const tokensPerSec = ((done - startStep) * tokensPerStep) / (elapsedMs / 1000);
    const etaMs = ((hyper.steps - done) * elapsedMs) / (done - startStep);
    // Only objectives with several losses (ELECTRA's) report per-step metrics: the others' are in `loss`.
    const stepMetrics = summarizeRtdMetrics(metrics);
    ctx.metrics.push({ step: done, loss, lr, gradNorm, ...(stepMetrics ?? {}) });
    ctx.emit({ event: 'progress', step: done, loss, lr, gradNorm, tokensPerSec, elapsedMs, etaMs, ...(stepMetrics ? { metrics: stepMetrics } : {}) });

    const last = done === hyper.steps;
    if (last || (hyper.evalEvery > 0 && done % hyper.evalEvery === 0)) {
      lastEval = await evaluate(ctx, done);
      ctx.metrics.push({ step: done, valLoss: lastEval.valLoss, perplexity: lastEval.perplexity, ...(lastEval.metrics ?? {}) });
      ctx.emit(lastEval);
    }
    if (last || (hyper.checkpointEvery > 0 && done % hyper.checkpointEvery === 0)) await checkpoint();
  }
  return stop('completed');
}

/** Mean validation loss over the fixed validation batches, with the current parameters. */
export async function evaluate(ctx: Pick<LoopContext, 'evaluator' | 'valBatches' | 'stepper'>, step: number): Promise<EvalEvent> {
  let total = 0;
  const sums = new MetricSums();
  for (const batch of ctx.valBatches) {
    const { loss, vectors } = await ctx.evaluator.run(batchFeeds(batch, ctx.evaluator.batchInputs), ctx.stepper.state.params, ctx.stepper.state.carried);
    total += loss;
    sums.add(vectors);
  }
  const valLoss = total / ctx.valBatches.length;
  const metrics = summarizeMetrics(sums.values());
  return { event: 'eval', step, valLoss, perplexity: perplexityOf(valLoss, metrics), ...(metrics ? { metrics } : {}) };
}

/** Metric outputs summed over batches, as reported: masked-LM counts become an accuracy. */
export function summarizeMetrics(sums: Record<string, number>): Record<string, number> | undefined {
  if (Object.keys(sums).length === 0) return undefined;
  const rtd = summarizeRtdMetrics(sums) ?? summarizeContrastiveMetrics(sums);
  if (rtd) return rtd;
  const correct = sums[MLM_METRICS.correct];
  const count = sums[MLM_METRICS.count];
  if (correct === undefined || count === undefined) return sums;
  // ALBERT's mlm+sop also counts sentence-order predictions.
  const orderCount = sums[SOP_METRICS.count];
  const order: Record<string, number> = orderCount ? { sentenceOrderAccuracy: sums[SOP_METRICS.correct] / orderCount } : {};
  // tlm+match also counts pair-match predictions.
  const matchCount = sums[MATCH_METRICS.count];
  const match: Record<string, number> = matchCount ? { matchAccuracy: sums[MATCH_METRICS.correct] / matchCount } : {};
  return { maskedAccuracy: count > 0 ? correct / count : 0, maskedTokens: count, ...order, ...match };
}

function diverged(what: string, checkpointedStep: number, lr: number): TrainingDivergedError {
  return new TrainingDivergedError(
    `training stopped: ${what}. The last good checkpoint (step ${checkpointedStep}) is kept; ` +
      `resume from it with a lower --lr (now ${lr}) or check the data`,
  );
}
