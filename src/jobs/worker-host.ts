/**
 * Main-thread side of a job worker. ONNX Runtime's `session.run` blocks its thread for a whole
 * training step, so jobs run in a worker_threads Worker and the main thread (extension host,
 * CLI progress bar) only exchanges messages with it. Whatever the worker does — throws, exits,
 * fails to start — reaches the caller as a rejected call or an onError report, never as an
 * uncaught error on the main thread.
 */
import * as path from 'node:path';
import { Worker, type ResourceLimits, type Transferable } from 'node:worker_threads';
import {
  JobCancelledError,
  JobFailedError,
  WorkerCrashedError,
  type HostMessage,
  type JobProtocol,
  type WorkerMessage,
} from './rpc';

export interface CallOptions<Event> {
  onEvent?: (event: Event) => void;
  /** Aborting asks the job to stop; the call then rejects with JobCancelledError once it has. */
  signal?: AbortSignal;
  /** Buffers in params to move rather than copy (they become unusable here). */
  transfer?: Transferable[];
}

export interface WorkerHostOptions {
  workerData?: unknown;
  resourceLimits?: ResourceLimits;
}

interface Pending {
  method: string;
  onEvent?: (event: unknown) => void;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  cleanup: () => void;
}

/**
 * The production worker beside the running code: dist/worker.js next to the bundle, or
 * src/jobs/worker.ts when running from TypeScript sources (tests, tsx).
 */
export function defaultWorkerScript(): string {
  return path.join(__dirname, path.extname(__filename) === '.ts' ? 'worker.ts' : 'worker.js');
}

/**
 * The worker died because it hit its memory limit (`resourceLimits`): a fact about the run's
 * size, not a mystery crash, so callers can say so. `detail` is Node's own description.
 */
export class WorkerOutOfMemoryError extends WorkerCrashedError {
  constructor(message: string, readonly detail: string) {
    super(message);
    this.name = 'WorkerOutOfMemoryError';
  }
}

function isOutOfMemory(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}

function describeWorkerError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return isOutOfMemory(err) ? `the job worker ran out of memory (${message})` : `worker failed: ${message}`;
}

export class WorkerHost<P extends JobProtocol<P>> {
  private readonly pending = new Map<number, Pending>();
  private readonly errorListeners = new Set<(error: Error) => void>();
  private nextId = 1;
  /** Set once the worker is gone; later calls reject with it. */
  private dead: WorkerCrashedError | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (msg: WorkerMessage) => this.receive(msg));
    worker.on('error', (err) => this.die(describeWorkerError(err), err));
    worker.on('messageerror', (err) => this.die(`worker sent a message that could not be read: ${err.message}`));
    worker.on('exit', (code) => this.die(`worker exited unexpectedly with code ${code}`));
  }

  /** Starts a worker from a script: a bundled .js, or a .ts source run through tsx. */
  static start<P extends JobProtocol<P>>(script: string, options: WorkerHostOptions = {}): WorkerHost<P> {
    const fromSource = script.endsWith('.ts');
    const worker = new Worker(script, {
      workerData: options.workerData,
      resourceLimits: options.resourceLimits,
      // tsx's require hook compiles the worker's TypeScript the way mocha's does for tests.
      ...(fromSource ? { execArgv: ['--require', require.resolve('tsx/cjs')] } : {}),
    });
    return new WorkerHost<P>(worker);
  }

  call<M extends keyof P & string>(
    method: M,
    params: P[M]['params'],
    options: CallOptions<P[M]['event']> = {},
  ): Promise<P[M]['result']> {
    if (this.dead) return Promise.reject(this.dead);
    if (options.signal?.aborted) return Promise.reject(new JobCancelledError(method));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => this.post({ type: 'cancel', id });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        method,
        onEvent: options.onEvent as ((event: unknown) => void) | undefined,
        resolve: resolve as (result: unknown) => void,
        reject,
        cleanup: () => options.signal?.removeEventListener('abort', onAbort),
      });
      this.post({ type: 'call', id, method, params }, options.transfer);
    });
  }

  /** Reports the worker's death (uncaught error, unexpected exit). Returns an unsubscribe. */
  onError(listener: (error: Error) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Stops the worker at once, even inside a blocking ORT call; pending calls reject. */
  async terminate(): Promise<void> {
    if (this.dead) return;
    this.dead = new WorkerCrashedError('worker was terminated');
    this.rejectAll(this.dead);
    await this.worker.terminate();
  }

  private post(msg: HostMessage, transfer?: Transferable[]): void {
    try {
      this.worker.postMessage(msg, transfer);
    } catch (err) {
      // Params that cannot be cloned (functions, class instances with natives) fail only this call.
      const call = msg.type === 'call' ? this.take(msg.id) : undefined;
      call?.reject(new JobFailedError(`cannot send '${call.method}' to the worker: ${(err as Error).message}`));
    }
  }

  private receive(msg: WorkerMessage): void {
    if (msg.type === 'event') {
      this.pending.get(msg.id)?.onEvent?.(msg.event);
      return;
    }
    const call = this.take(msg.id);
    if (!call) return;
    if (msg.type === 'result') call.resolve(msg.result);
    else if (msg.cancelled) call.reject(new JobCancelledError(call.method));
    else call.reject(new JobFailedError(msg.message, msg.stack));
  }

  private take(id: number): Pending | undefined {
    const call = this.pending.get(id);
    if (!call) return undefined;
    this.pending.delete(id);
    call.cleanup();
    return call;
  }

  /** 'error' is followed by 'exit'; only the first report counts. */
  private die(message: string, cause?: unknown): void {
    if (this.dead) return;
    this.dead = isOutOfMemory(cause) ? new WorkerOutOfMemoryError(message, (cause as Error).message) : new WorkerCrashedError(message);
    this.rejectAll(this.dead);
    for (const listener of this.errorListeners) listener(this.dead);
  }

  private rejectAll(error: Error): void {
    for (const id of [...this.pending.keys()]) this.take(id)?.reject(error);
  }
}
