// A training run as the dashboard shows it, built by folding the job's TrainEvents into a
// snapshot. The extension keeps one per run (so a dashboard opened mid-run starts complete),
// and the webview folds the same events into its copy as they stream in. A finished run
// read back from disk becomes a snapshot through `fromMetrics`. No Node or vscode imports.
import type { StartEvent, TrainEvent, TrainSummary } from '../../train/run/events';
import { type TrainingMetrics, withObjective } from '../models/training-metrics';

export type RunStatus = 'starting' | 'running' | 'completed' | 'cancelled' | 'time-limit' | 'failed';

export interface RunSnapshot {
  /** Model folder name and path the run writes. */
  name: string;
  folder: string;
  status: RunStatus;
  /** One line for the header, e.g. "gpt2 · 2 layers × 64 wide · …". */
  description: string;
  start?: Omit<StartEvent, 'event'>;
  /** Training loss and learning rate per step; validation loss per evaluation. */
  metrics: TrainingMetrics;
  step: number;
  totalSteps: number;
  tokensPerSec?: number;
  elapsedMs?: number;
  etaMs?: number;
  /** Last log line or the failure, in words. */
  message?: string;
  lastCheckpoint?: number;
}

export function newRun(name: string, folder: string, description: string, totalSteps: number): RunSnapshot {
  return { name, folder, status: 'starting', description, metrics: { train: [], val: [] }, step: 0, totalSteps };
}

/** Applies one event in place (runs grow to thousands of points; copying each time would not pay). */
export function applyEvent(run: RunSnapshot, e: TrainEvent): void {
  switch (e.event) {
    case 'start': {
      const { event: _, ...start } = e;
      run.start = start;
      run.status = 'running';
      run.step = e.step;
      run.totalSteps = e.totalSteps;
      if (e.deviceNote) run.message = e.deviceNote;
      return;
    }
    case 'progress':
      run.metrics.train.push({ step: e.step, loss: e.loss, lr: e.lr, ...withObjective(e.metrics) });
      run.step = e.step;
      run.tokensPerSec = e.tokensPerSec;
      run.elapsedMs = e.elapsedMs;
      run.etaMs = e.etaMs;
      return;
    case 'eval': {
      // A classifier's evaluations also carry its scores (train/finetune/finetune-classify.ts).
      const { accuracy, macroF1 } = e.metrics ?? {};
      run.metrics.val.push({
        step: e.step, valLoss: e.valLoss, perplexity: e.perplexity, ...(accuracy === undefined ? {} : { accuracy }), ...(macroF1 === undefined ? {} : { macroF1 }), ...withObjective(e.metrics),
      });
      return;
    }
    case 'checkpoint':
      run.lastCheckpoint = e.step;
      return;
    case 'log':
      run.message = e.message;
      return;
    case 'error':
      run.status = 'failed';
      run.message = e.message;
      return;
    case 'scan':
      return; // the dashboard shows the extension's own, fuller scan summary
  }
}

/** The job's result: how it stopped. */
export function applySummary(run: RunSnapshot, summary: TrainSummary): void {
  run.status = summary.stopReason;
  run.step = summary.step;
  run.totalSteps = summary.totalSteps;
  run.elapsedMs = summary.elapsedMs;
  run.etaMs = 0;
}

export function applyFailure(run: RunSnapshot, message: string): void {
  run.status = 'failed';
  run.message = message;
}

/** Stopped on request before training began: nothing was saved, and nothing went wrong. */
export function applyCancelledBeforeStart(run: RunSnapshot): void {
  run.status = 'cancelled';
  run.message = 'cancelled before there was anything to save';
}

export function isActive(run: RunSnapshot): boolean {
  return run.status === 'starting' || run.status === 'running';
}

/** A finished run, from its folder's metrics.jsonl. */
export function fromMetrics(name: string, folder: string, description: string, metrics: TrainingMetrics, totalSteps?: number): RunSnapshot {
  const last = metrics.train.at(-1)?.step ?? 0;
  const run = newRun(name, folder, description, totalSteps ?? last);
  run.metrics = metrics;
  run.step = last;
  run.status = totalSteps !== undefined && last < totalSteps ? 'cancelled' : 'completed';
  return run;
}
