/**
 * The wire format between a WorkerHost (main thread) and serveJobs (worker thread), and the
 * shape of a job protocol. A protocol names each job's params, the progress events it emits
 * and its result; both sides are typed from the same protocol interface.
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

/** The worker itself died: an uncaught error, an unexpected exit, or terminate(). */
export class WorkerCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashedError';
  }
}
