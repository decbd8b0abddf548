/**
 * Main side of a job worker, whatever carries its messages: the calls in flight, their events,
 * cancellation, and the worker's death turned into rejected calls. Subclasses supply only the
 * transport (WorkerHost: a worker thread; ProcessHost: a child process), so both speak rpc.ts's
 * protocol through one implementation. Whatever the worker does — throws, exits, fails to
 * start — reaches the caller as a rejected call or an onError report, never as an uncaught
 * error on the main thread.
 */
import type { Transferable } from 'node:worker_threads';
import { JobCancelledError, JobFailedError, WorkerCrashedError, type HostMessage, type JobProtocol, type WorkerMessage } from './rpc';

export interface CallOptions<Event> {
  onEvent?: (event: Event) => void;
  /** Aborting asks the job to stop; the call then rejects with JobCancelledError once it has. */
  signal?: AbortSignal;
  /** Buffers in params to move rather than copy (they become unusable here; a process copies). */
  transfer?: Transferable[];
}

interface Pending {
  method: string;
  onEvent?: (event: unknown) => void;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  cleanup: () => void;
}

export abstract class JobHost<P extends JobProtocol<P>> {
  private readonly pending = new Map<number, Pending>();
  private readonly errorListeners = new Set<(error: Error) => void>();
  private nextId = 1;
  /** Set once the worker is gone; later calls reject with it. */
  private dead: WorkerCrashedError | undefined;

  /** What the worker is called in messages ("worker", "job process"). */
  protected abstract readonly kind: string;
  /** Sends one message; throws if it cannot be cloned (that fails only its call). */
  protected abstract send(msg: HostMessage, transfer?: Transferable[]): void;
  /** Stops the worker at once, even inside a blocking ORT call. */
  protected abstract stop(): Promise<void>;

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

  /** Reports the worker's death (uncaught error, unexpected exit, signal). Returns an unsubscribe. */
  onError(listener: (error: Error) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Stops the worker at once; pending calls reject and no error is reported. */
  async terminate(): Promise<void> {
    if (this.dead) return;
    this.dead = new WorkerCrashedError(`${this.kind} was terminated`);
    this.rejectAll(this.dead);
    await this.stop();
  }

  private post(msg: HostMessage, transfer?: Transferable[]): void {
    try {
      this.send(msg, transfer);
    } catch (err) {
      // Params that cannot be cloned (functions, class instances with natives) fail only this call.
      const call = msg.type === 'call' ? this.take(msg.id) : undefined;
      call?.reject(new JobFailedError(`cannot send '${call.method}' to the ${this.kind}: ${(err as Error).message}`));
    }
  }

  protected receive(msg: WorkerMessage): void {
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

  /** The worker is gone. A death has several reports (error, then exit); only the first counts. */
  protected die(error: WorkerCrashedError): void {
    if (this.dead) return;
    this.dead = error;
    this.rejectAll(error);
    for (const listener of this.errorListeners) listener(error);
  }

  private rejectAll(error: Error): void {
    for (const id of [...this.pending.keys()]) this.take(id)?.reject(error);
  }
}

/** Runs a `.ts` worker script through tsx's require hook, as mocha does for tests; bundles need nothing. */
export function sourceExecArgv(script: string): string[] {
  return script.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];
}
