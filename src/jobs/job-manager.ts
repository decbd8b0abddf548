/**
 * The one place that starts jobs, for the CLI and the extension alike: one worker (started on
 * first use), the jobs running in it, cancellation, and errors turned back into the kinds the
 * callers act on (InputError → exit 2 / a warning the user can fix; anything else → a failure).
 */
import { InputError } from '../cli/errors';
import { JobFailedError } from './rpc';
import { defaultWorkerScript, WorkerHost, WorkerOutOfMemoryError, type WorkerHostOptions } from './worker-host';
import type { WorkerJobs } from './worker-jobs';

export type JobMethod = keyof WorkerJobs & string;

export interface RunningJob<M extends JobMethod> {
  readonly id: number;
  readonly method: M;
  /** Settles when the job ends: its result, or the error it failed with. */
  readonly result: Promise<WorkerJobs[M]['result']>;
  /** Asks the job to stop; `result` then settles once it has (a training job still checkpoints). */
  cancel(): void;
}

export class JobManager {
  private host: WorkerHost<WorkerJobs> | undefined;
  private readonly jobs = new Map<number, RunningJob<JobMethod>>();
  private nextId = 1;

  constructor(
    private readonly workerScript: string = defaultWorkerScript(),
    /** Memory limits for the worker's JS heap; exceeding them is reported as running out of memory. */
    private readonly workerOptions: WorkerHostOptions = {},
  ) {}

  start<M extends JobMethod>(method: M, params: WorkerJobs[M]['params'], onEvent?: (event: WorkerJobs[M]['event']) => void): RunningJob<M> {
    this.host ??= WorkerHost.start<WorkerJobs>(this.workerScript, this.workerOptions);
    const controller = new AbortController();
    let inputError: string | undefined;
    const id = this.nextId++;
    const result = this.host
      .call(method, params, {
        signal: controller.signal,
        onEvent: (event) => {
          const e = event as { event?: string; kind?: string; message?: string };
          if (e.event === 'error' && e.kind === 'input') inputError = e.message;
          onEvent?.(event);
        },
      })
      .catch((error: unknown) => {
        // The worker told us this failure is the user's to fix: give it its kind back.
        if (error instanceof JobFailedError && inputError !== undefined) throw new InputError(inputError);
        if (error instanceof WorkerOutOfMemoryError) throw outOfMemory(method, error);
        throw error;
      })
      .finally(() => this.jobs.delete(id));
    const job: RunningJob<M> = { id, method, result, cancel: () => controller.abort() };
    this.jobs.set(id, job as RunningJob<JobMethod>);
    return job;
  }

  /** Jobs started and not yet settled. */
  get running(): RunningJob<JobMethod>[] {
    return [...this.jobs.values()];
  }

  /** Cancels every job and waits for each to stop (settled either way). */
  async cancelAll(): Promise<void> {
    const jobs = this.running;
    for (const job of jobs) job.cancel();
    await Promise.allSettled(jobs.map((j) => j.result));
  }

  /** Stops the worker at once (even mid-step); running jobs reject. */
  async dispose(): Promise<void> {
    const host = this.host;
    this.host = undefined;
    await host?.terminate();
  }
}

/** Jobs that train: their worker is "the training process" to the user. */
const TRAINING_JOBS: ReadonlySet<string> = new Set(['pretrain', 'finetuneClassify']);

/** Says plainly that memory ran out, and what to change, instead of "worker exited". */
function outOfMemory(method: string, error: WorkerOutOfMemoryError): WorkerOutOfMemoryError {
  const who = TRAINING_JOBS.has(method) ? 'the training process' : `the ${method} job`;
  const advice = TRAINING_JOBS.has(method) ? '; use a smaller --batch, --context or --dim, or fewer --layers' : '';
  return new WorkerOutOfMemoryError(`${who} ran out of memory (${error.detail})${advice}`, error.detail);
}
