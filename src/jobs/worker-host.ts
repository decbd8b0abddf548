/**
 * A job worker on a worker_threads Worker. ONNX Runtime's `session.run` blocks its thread for a
 * whole step, so jobs run off the main thread (extension host, CLI progress bar). A thread
 * shares its process, though: if the OS kills it for memory the whole process goes, so training
 * runs in a ProcessHost instead; threads serve short jobs (the editor's inference panels).
 */
import * as path from 'node:path';
import { Worker, type ResourceLimits, type Transferable } from 'node:worker_threads';
import { disableOrtTelemetry } from '../runtime/ort';
import { JobHost, sourceExecArgv } from './job-host';
import { WorkerCrashedError, WorkerOutOfMemoryError, type HostMessage, type JobProtocol, type WorkerMessage } from './rpc';

export type { CallOptions } from './job-host';
export { WorkerOutOfMemoryError } from './rpc';

export interface WorkerHostOptions {
  workerData?: unknown;
  resourceLimits?: ResourceLimits;
}

/**
 * The production worker beside the running code: dist/worker.js next to the bundle, or
 * src/jobs/worker.ts when running from TypeScript sources (tests, tsx).
 */
export function defaultWorkerScript(): string {
  return path.join(__dirname, path.extname(__filename) === '.ts' ? 'worker.ts' : 'worker.js');
}

function describeWorkerError(err: unknown): WorkerCrashedError {
  const message = err instanceof Error ? err.message : String(err);
  if ((err as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new WorkerOutOfMemoryError(`the job worker ran out of memory (${message})`, message);
  }
  return new WorkerCrashedError(`worker failed: ${message}`);
}

export class WorkerHost<P extends JobProtocol<P>> extends JobHost<P> {
  protected readonly kind = 'worker';

  private constructor(private readonly worker: Worker) {
    super();
    worker.on('message', (msg: WorkerMessage) => this.receive(msg));
    worker.on('error', (err) => this.die(describeWorkerError(err)));
    worker.on('messageerror', (err) => this.die(new WorkerCrashedError(`worker sent a message that could not be read: ${err.message}`)));
    worker.on('exit', (code) => this.die(new WorkerCrashedError(`worker exited unexpectedly with code ${code}`)));
  }

  /** Starts a worker from a script: a bundled .js, or a .ts source run through tsx. */
  static start<P extends JobProtocol<P>>(script: string, options: WorkerHostOptions = {}): WorkerHost<P> {
    // A worker's process.env is a copy: ORT telemetry can be turned off only from here.
    disableOrtTelemetry();
    const execArgv = sourceExecArgv(script);
    const worker = new Worker(script, {
      workerData: options.workerData,
      resourceLimits: options.resourceLimits,
      ...(execArgv.length > 0 ? { execArgv } : {}),
    });
    return new WorkerHost<P>(worker);
  }

  protected send(msg: HostMessage, transfer?: Transferable[]): void {
    this.worker.postMessage(msg, transfer);
  }

  protected async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
