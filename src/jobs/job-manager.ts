/**
 * The one place that starts jobs, for the CLI and the extension alike: one job process (started
 * on first use, started afresh after one dies), the jobs running in it, cancellation, and errors
 * turned back into the kinds the callers act on (InputError → exit 2 / a warning the user can
 * fix; a dead process → what happened and what is kept; anything else → a failure).
 *
 * Jobs run in a child process rather than a worker thread so that when the OS kills a run for
 * memory, only the run dies and this side lives to say so (process-host.ts).
 *
 * Cancelling takes effect in every phase of a job. A training job checks for it between steps
 * and checkpoints, once it is in its training loop — which its `start` event announces. Before
 * that (corpus scan, tokenizer training, data preparation: phases that may be busy for minutes
 * without looking at the signal, and have nothing to save) and for jobs that save nothing at all
 * (evaluation), a cancel stops the job process at once, and the job rejects with
 * JobCancelledError. A process that runs other jobs too is only asked, never stopped.
 */
import { InputError } from '../util/errors';
import { explainCrash, RunProgress, TRAINING_JOBS } from './crash-report';
import { ProcessHost } from './process-host';
import { JobCancelledError, JobFailedError } from './rpc';
import { defaultWorkerScript } from './worker-host';
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

export interface JobManagerOptions {
  /** Memory limits for the job process's JS heap; exceeding them is reported as running out of memory. */
  resourceLimits?: { maxOldGenerationSizeMb?: number };
  /** Where the job process's stderr goes (default: this process's). */
  stderr?: NodeJS.WritableStream;
}

export class JobManager {
  private host: ProcessHost<WorkerJobs> | undefined;
  private readonly jobs = new Map<number, RunningJob<JobMethod>>();
  private nextId = 1;

  constructor(
    /** The job entry: dist/worker.js, or src/jobs/worker.ts from sources. */
    private readonly workerScript: string = defaultWorkerScript(),
    private readonly options: JobManagerOptions = {},
  ) {}

  start<M extends JobMethod>(method: M, params: WorkerJobs[M]['params'], onEvent?: (event: WorkerJobs[M]['event']) => void): RunningJob<M> {
    const host = (this.host ??= this.startHost());
    const controller = new AbortController();
    const progress = new RunProgress(params);
    let inputError: string | undefined;
    // Whether a cancel is handled by the job itself (a training loop that checkpoints).
    let cancelSafe = false;
    let stoppedForCancel = false;
    const id = this.nextId++;
    const result = host
      .call(method, params, {
        signal: controller.signal,
        onEvent: (event) => {
          const e = event as { event?: string; kind?: string; message?: string };
          if (e.event === 'error' && e.kind === 'input') inputError = e.message;
          if (e.event === 'start' && TRAINING_JOBS.has(method)) cancelSafe = true;
          progress.see(event);
          onEvent?.(event);
        },
      })
      .catch((error: unknown) => {
        if (stoppedForCancel) throw new JobCancelledError(method);
        // The worker told us this failure is the user's to fix: give it its kind back.
        if (error instanceof JobFailedError && inputError !== undefined) throw new InputError(inputError);
        throw explainCrash(method, progress, error);
      })
      .finally(() => this.jobs.delete(id));
    const cancel = () => {
      controller.abort();
      if (cancelSafe || stoppedForCancel || this.host !== host || !this.jobs.has(id) || this.jobs.size !== 1) return;
      stoppedForCancel = true;
      void this.dispose();
    };
    const job: RunningJob<M> = { id, method, result, cancel };
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

  /** Stops the job process at once (even mid-step); running jobs reject. */
  async dispose(): Promise<void> {
    const host = this.host;
    this.host = undefined;
    await host?.terminate();
  }

  private startHost(): ProcessHost<WorkerJobs> {
    const host = ProcessHost.start<WorkerJobs>(this.workerScript, {
      maxOldGenerationSizeMb: this.options.resourceLimits?.maxOldGenerationSizeMb,
      stderr: this.options.stderr,
    });
    // A dead process serves no more jobs: the next one starts a fresh process.
    host.onError(() => {
      if (this.host === host) this.host = undefined;
    });
    return host;
  }
}
