/**
 * Turns a job process's death into the sentence a user can act on: what happened (the OS killed
 * it, most likely for memory; its heap hit its limit; it exited), what is kept (the last
 * checkpoint and where), and what to change. The CLI prints it as its one error line; the
 * extension shows it in the run's notification and dashboard.
 */
import * as path from 'node:path';
import { ProcessExitedError, WorkerOutOfMemoryError } from './rpc';

/** Jobs that train: their process is "the training process" to the user. */
export const TRAINING_JOBS: ReadonlySet<string> = new Set(['pretrain', 'finetuneClassify', 'compare']);

const SMALLER = 'use a smaller --batch, --context or --dim';

/** What a job's events told us about the model folder it writes, for when it dies. */
export class RunProgress {
  /** Step of the newest checkpoint the job reported (or resumed from). */
  private checkpointStep: number | undefined;
  private readonly folder: string | undefined;

  constructor(params: unknown) {
    const out = (params as { out?: unknown } | undefined)?.out;
    this.folder = typeof out === 'string' ? path.resolve(out) : undefined;
  }

  see(event: unknown): void {
    // A comparison relays its rows' training events inside `train` events.
    const outer = event as { event?: string; inner?: unknown };
    const e = (outer.event === 'train' && outer.inner ? outer.inner : event) as { event?: string; step?: unknown; resumed?: unknown };
    if (typeof e.step !== 'number') return;
    if (e.event === 'checkpoint' || (e.event === 'start' && e.resumed === true)) this.checkpointStep = e.step;
  }

  /** "; the last checkpoint (step N) is kept in <folder>", or nothing if no folder is known. */
  kept(): string {
    if (this.folder === undefined) return '';
    if (this.checkpointStep === undefined) return `; no checkpoint had been written to ${this.folder} yet`;
    return `; the last checkpoint (step ${this.checkpointStep}) is kept in ${this.folder}`;
  }
}

/** The error to give the caller for a dead job process; other errors are returned unchanged. */
export function explainCrash(method: string, progress: RunProgress, error: unknown): unknown {
  const training = TRAINING_JOBS.has(method);
  const who = training ? 'the training process' : `the process of the ${method} job`;
  const advice = training ? `; ${SMALLER}` : '';
  if (error instanceof WorkerOutOfMemoryError) {
    return new WorkerOutOfMemoryError(`${who} ran out of memory (${error.detail})${progress.kept()}${advice}${training ? ', or fewer --layers' : ''}`, error.detail);
  }
  if (!(error instanceof ProcessExitedError)) return error;
  let what: string;
  if (error.signal === 'SIGKILL') {
    // The kernel's OOM killer sends SIGKILL and leaves no other trace; a user's `kill -9` looks
    // the same, hence "most likely".
    what = `${who} was killed by the operating system (SIGKILL) — most likely it ran out of memory${progress.kept()}${advice}`;
  } else if (error.signal) {
    what = `${who} was killed by signal ${error.signal}${progress.kept()}`;
  } else {
    what = `${who} exited unexpectedly (code ${error.code}${error.lastError ? `: ${error.lastError}` : ''})${progress.kept()}`;
  }
  return new ProcessExitedError(what, error.code, error.signal, error.lastError);
}
