/**
 * What a finished run reports in the comparison, read from its checkpoint (so a run finished
 * across several sessions, after a kill and a resume, reports its whole history). Pretraining:
 * steps, FLOPs spent, minutes, tokens/s, the last evaluation's loss and objective metrics, and the
 * training-loss curve. Finetuning: the last evaluation's accuracy and macro-F1, and minutes.
 */
import path from 'node:path';
import { InputError } from '../util/errors';
import { JSON_FILE_LIMITS, parseJsonText, readOptionalText } from '../modelfile/json-file';
import { TRAINING_FILES } from '../modelfile/layout';
import { readCheckpointHyperparams, trainingDir, type TrainingProgress } from '../train/checkpoint/checkpoint';
import { classificationScores } from '../train/forward-classify';
import type { SeedResult } from './protocol';

/** At most this many points of the loss curve are kept per run (evenly spaced, last one included). */
export const CURVE_POINTS = 200;

/** Evaluation fields that are not the objective's metrics. */
const NOT_METRICS = new Set(['step', 'valLoss', 'perplexity', 'maskedTokens', 'replacedTokens']);

/** A finished run's progress and its metrics.jsonl lines (one per step, one per evaluation). */
async function runRecord(folder: string): Promise<{ progress: TrainingProgress; lines: Record<string, unknown>[]; lastEval?: Record<string, unknown> }> {
  const saved = await readCheckpointHyperparams(folder);
  if (!saved) throw new InputError(`${folder} has no training checkpoint; its run did not finish`);
  const file = path.join(trainingDir(folder), TRAINING_FILES.metrics);
  const lines = (readOptionalText(file, JSON_FILE_LIMITS.metrics) ?? '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => parseJsonText(l, `${file} line ${i + 1}`) as Record<string, unknown>);
  return { progress: saved.progress, lines, lastEval: [...lines].reverse().find((l) => typeof l.valLoss === 'number') };
}

export async function pretrainResult(folder: string, flopsPerStep: number): Promise<NonNullable<SeedResult['pretrain']>> {
  const { progress, lines, lastEval } = await runRecord(folder);
  const { step, elapsedMs, tokensSeen } = progress;
  const curve = lines.filter((l) => typeof l.loss === 'number' && typeof l.step === 'number').map((l) => ({ step: l.step as number, loss: l.loss as number }));
  const metrics = Object.fromEntries(Object.entries(lastEval ?? {}).filter(([k, v]) => !NOT_METRICS.has(k) && typeof v === 'number')) as Record<string, number>;
  return {
    steps: step,
    flops: step * flopsPerStep,
    minutes: elapsedMs / 60_000,
    tokensPerSec: elapsedMs > 0 ? tokensSeen / (elapsedMs / 1000) : 0,
    ...(lastEval ? { finalValLoss: lastEval.valLoss as number } : {}),
    metrics,
    curve: thin(curve, CURVE_POINTS),
  };
}

/** At most `n` points, evenly spaced, keeping the first and the last. */
export function thin<T>(points: readonly T[], n: number): T[] {
  if (points.length <= n) return [...points];
  return Array.from({ length: n }, (_, i) => points[Math.round((i * (points.length - 1)) / (n - 1))]);
}

/** A finished classification run's scores on its validation data, for `labels` labels. */
export async function finetuneResult(folder: string, labels: number): Promise<SeedResult['finetune']> {
  const { progress, lastEval } = await runRecord(folder);
  if (!lastEval) throw new Error(`finetuning ${folder} finished without an evaluation`);
  const scores = classificationScores(lastEval as Record<string, number>, labels);
  return { accuracy: scores.accuracy, macroF1: scores.macroF1, minutes: progress.elapsedMs / 60_000 };
}
