/**
 * The wire format between a JobHost (main side: WorkerHost for a thread, ProcessHost for a child
 * process) and serveJobs (the other side), and the shape of a job protocol. A protocol names
 * each job's params, the progress events it emits and its result; both sides are typed from the
 * same protocol interface, and both transports carry the same messages (structured clone).
 */

export interface JobSpec {
  params: unknown;
  event: unknown;
  result: unknown;
}

/** Constraint for protocol interfaces: every member is a JobSpec. */
export type JobProtocol<P> = { [M in keyof P]: JobSpec };

/** Main thread → worker. */
export type HostMessage =
  | { type: 'call'; id: number; method: string; params: unknown }
  | { type: 'cancel'; id: number };

/** Worker → main thread. `cancelled` marks a job that stopped because it was asked to. */
export type WorkerMessage =
  | { type: 'event'; id: number; event: unknown }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'failed'; id: number; message: string; stack?: string; cancelled: boolean };

/** The job stopped because the caller cancelled it. */
export class JobCancelledError extends Error {
  constructor(method: string) {
    super(`job '${method}' was cancelled`);
    this.name = 'JobCancelledError';
  }
}

/** The job threw inside the worker; `message` is the worker's, `workerStack` its stack there. */
export class JobFailedError extends Error {
  constructor(
    message: string,
    readonly workerStack?: string,
  ) {
    super(message);
    this.name = 'JobFailedError';
  }
}

/** The worker (thread or process) itself died: an uncaught error, an unexpected exit, or terminate(). */
export class WorkerCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashedError';
  }
}

/**
 * The worker died because its JavaScript heap hit its limit (`resourceLimits` for a thread,
 * `--max-old-space-size` for a process): a fact about the run's size, not a mystery crash, so
 * callers can say so. `detail` is what is known about the limit.
 */
export class WorkerOutOfMemoryError extends WorkerCrashedError {
  constructor(message: string, readonly detail: string) {
    super(message);
    this.name = 'WorkerOutOfMemoryError';
  }
}

/**
 * A job process ended without being asked to: killed by a signal (SIGKILL is what the kernel's
 * OOM killer sends) or exited with a code. `lastError` is the last error line it printed, if any.
 */
export class ProcessExitedError extends WorkerCrashedError {
  constructor(
    message: string,
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly lastError?: string,
  ) {
    super(message);
    this.name = 'ProcessExitedError';
  }
}
