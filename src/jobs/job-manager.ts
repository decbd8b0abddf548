/**
 * The one way to run a job, for the CLI and the extension alike: `start(method, params, onEvent)`
 * gives `{ result, cancel }`, whichever host carries it. The manager owns one host (started on
 * first use, started afresh after one dies), the jobs running in it, cancellation, and errors
 * turned back into the kinds the callers act on (InputError → exit 2 / a warning the user can
 * fix; a dead process → what happened and what is kept; anything else → a failure).
 *
 * Two hosts, one protocol (rpc.ts), one worker entry (worker.ts):
 * - `process` (the default): a child process, so that when the OS kills a run for memory, only
 *   the run dies and this side lives to say so (process-host.ts). Training and evaluation.
 * - `thread`: a worker thread, which starts fast and keeps the models its jobs opened loaded
 *   between calls (the editor's inference panels).
 *
 * Cancelling takes effect in every phase of a job. A training job checks for it between steps
 * and checkpoints, once it is in its training loop — which its `start` event announces. Before
 * that (corpus scan, tokenizer training, data preparation: phases that may be busy for minutes
 * without looking at the signal, and have nothing to save) and for jobs that save nothing at all
 * (evaluation), a cancel stops the job process at once, and the job rejects with
 * JobCancelledError. A process that runs other jobs too is only asked, never stopped; so is a
 * thread, whose jobs are short or stop themselves (generation, between two tokens) and whose
 * loaded models are worth keeping.
 */
import { InputError } from '../util/errors';
import { explainCrash, RunProgress, TRAINING_JOBS } from './crash-report';
import type { JobHost } from './job-host';
import { ProcessHost } from './process-host';
import { JobCancelledError, JobFailedError, type JobProtocol } from './rpc';
import { defaultWorkerScript, WorkerHost } from './worker-host';
import type { WorkerJobs } from './worker-jobs';

export type JobMethod<P = WorkerJobs> = keyof P & string;

/**
 * Jobs that handle a cancel themselves from their first moment: a comparison stops the phase in
 * flight (its inner runs watch the signal while preparing data too) and writes its partial report.
 */
const SELF_STOPPING_JOBS: ReadonlySet<string> = new Set(['compare']);

export interface RunningJob<Result = unknown, Method extends string = string> {
  readonly id: number;
  readonly method: Method;
  /** Settles when the job ends: its result, or the error it failed with. */
  readonly result: Promise<Result>;
  /** Asks the job to stop; `result` then settles once it has (a training job still checkpoints). */
  cancel(): void;
}

export type HostKind = 'process' | 'thread';

export interface JobManagerOptions {
  /** What carries the jobs (see above); default `process`. */
  host?: HostKind;
  /** Memory limits for the host's JS heap; exceeding them is reported as running out of memory. */
  resourceLimits?: { maxOldGenerationSizeMb?: number };
  /** Where a job process's stderr goes (default: this process's). */
  stderr?: NodeJS.WritableStream;
  /** Told when the host dies (crash, exit, out of memory); the next job starts a fresh one. */
  onHostError?: (error: Error) => void;
}

export class JobManager<P extends JobProtocol<P> = WorkerJobs> {
  private host: JobHost<P> | undefined;
  private readonly jobs = new Map<number, RunningJob>();
  private nextId = 1;

  constructor(
    /** The job entry: dist/worker.js, or src/jobs/worker.ts from sources. */
    private readonly workerScript: string = defaultWorkerScript(),
    private readonly options: JobManagerOptions = {},
  ) {}

  start<M extends JobMethod<P>>(method: M, params: P[M]['params'], onEvent?: (event: P[M]['event']) => void): RunningJob<P[M]['result'], M> {
    const host = (this.host ??= this.startHost());
    const inProcess = this.options.host !== 'thread';
    const controller = new AbortController();
    const progress = new RunProgress(params);
    let inputError: string | undefined;
    // Whether a cancel is handled by the job itself (a training loop that checkpoints).
    let cancelSafe = !inProcess || SELF_STOPPING_JOBS.has(method);
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
        throw inProcess ? explainCrash(method, progress, error) : error;
      })
      .finally(() => this.jobs.delete(id));
    const cancel = () => {
      controller.abort();
      if (cancelSafe || stoppedForCancel || this.host !== host || !this.jobs.has(id) || this.jobs.size !== 1) return;
      stoppedForCancel = true;
      void this.dispose();
    };
    const job: RunningJob<P[M]['result'], M> = { id, method, result, cancel };
    this.jobs.set(id, job);
    return job;
  }

  /** Jobs started and not yet settled. */
  get running(): RunningJob[] {
    return [...this.jobs.values()];
  }

  /** Cancels every job and waits for each to stop (settled either way). */
  async cancelAll(): Promise<void> {
    const jobs = this.running;
    for (const job of jobs) job.cancel();
    await Promise.allSettled(jobs.map((j) => j.result));
  }

  /** Stops the host at once (even mid-step); running jobs reject. */
  async dispose(): Promise<void> {
    const host = this.host;
    this.host = undefined;
    await host?.terminate();
  }

  private startHost(): JobHost<P> {
    const { host: kind, resourceLimits, stderr, onHostError } = this.options;
    const host: JobHost<P> = kind === 'thread'
      ? WorkerHost.start<P>(this.workerScript, { resourceLimits })
      : ProcessHost.start<P>(this.workerScript, { maxOldGenerationSizeMb: resourceLimits?.maxOldGenerationSizeMb, stderr });
    // A dead host serves no more jobs: the next one starts a fresh one.
    host.onError((error) => {
      if (this.host === host) this.host = undefined;
      onHostError?.(error);
    });
    return host;
  }
}
