/**
 * What a training job reports while it runs (DESIGN.md §3). The worker emits these; the CLI
 * prints them (as JSON lines with --json) and the extension's training panel draws them.
 */

export interface StartEvent {
  event: 'start';
  /** Step the run starts from: 0, or the checkpoint's step when resuming. */
  step: number;
  totalSteps: number;
  parameters: number;
  /** Tokens in the training and validation splits. */
  trainTokens: number;
  valTokens: number;
  vocabSize: number;
  /** The execution provider used, and why it is not the one asked for, if it is not. */
  device: string;
  deviceNote?: string;
  memoryEstimateBytes: number;
  resumed: boolean;
}

export interface ProgressEvent {
  event: 'progress';
  step: number;
  loss: number;
  lr: number;
  gradNorm: number;
  tokensPerSec: number;
  elapsedMs: number;
  etaMs: number;
  /** Objective-specific values of this step, where the loss is a sum of several (ELECTRA: each loss, discriminator accuracies). */
  metrics?: Record<string, number>;
}

export interface EvalEvent {
  event: 'eval';
  step: number;
  valLoss: number;
  perplexity: number;
  /** Objective-specific means (e.g. masked-LM accuracy), when the forward pass reports any. */
  metrics?: Record<string, number>;
}

export interface CheckpointEvent {
  event: 'checkpoint';
  step: number;
  path: string;
}

export interface LogEvent {
  event: 'log';
  level: 'info' | 'warn';
  message: string;
}

/** Corpus scan totals, before training starts. */
export interface ScanEvent {
  event: 'scan';
  files: number;
  bytes: number;
  skipped: number;
  /** Skips per reason, with the reason in words. */
  skips: { reason: string; text: string; count: number }[];
}

/**
 * Sent just before a job fails, so the other side of the worker boundary knows what kind of
 * failure it was (errors cross it as plain messages): `input` is the user's to fix (exit 2).
 */
export interface ErrorEvent {
  event: 'error';
  kind: 'input' | 'failure';
  message: string;
}

export type TrainEvent = StartEvent | ProgressEvent | EvalEvent | CheckpointEvent | LogEvent | ScanEvent | ErrorEvent;

export type StopReason = 'completed' | 'cancelled' | 'time-limit';

/** The job's result; the CLI prints it as the `done` event. */
export interface TrainSummary {
  event: 'done';
  stopReason: StopReason;
  step: number;
  totalSteps: number;
  finalLoss?: number;
  valLoss?: number;
  perplexity?: number;
  elapsedMs: number;
  path: string;
}
