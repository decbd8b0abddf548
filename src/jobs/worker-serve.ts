/**
 * Worker-thread side of a job worker: answers WorkerHost calls with typed handlers. A handler
 * that throws fails its call only; the worker stays up for the next one.
 */
import { parentPort, type Transferable } from 'node:worker_threads';
import type { HostMessage, JobProtocol, WorkerMessage } from './rpc';

export interface JobContext<Event> {
  /** Progress for the caller's onEvent; `transfer` moves buffers instead of copying them. */
  emit(event: Event, transfer?: Transferable[]): void;
  /** Aborted when the caller cancels; long jobs check it between steps. */
  signal: AbortSignal;
  /** Buffers in the result to move rather than copy; the handler must not use them afterwards. */
  transfer: Transferable[];
}

export type JobHandlers<P extends JobProtocol<P>> = {
  [M in keyof P]: (params: P[M]['params'], ctx: JobContext<P[M]['event']>) => Promise<P[M]['result']> | P[M]['result'];
};

/** Serves jobs on this worker's parent port until the host terminates the worker. */
export function serveJobs<P extends JobProtocol<P>>(handlers: JobHandlers<P>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs must run inside a worker thread');
  const running = new Map<number, AbortController>();
  const send = (msg: WorkerMessage, transfer?: Transferable[]) => port.postMessage(msg, transfer);

  port.on('message', (msg: HostMessage) => {
    if (msg.type === 'cancel') {
      running.get(msg.id)?.abort();
      return;
    }
    const { id, method, params } = msg;
    const controller = new AbortController();
    running.set(id, controller);
    const ctx: JobContext<unknown> = {
      emit: (event, transfer) => send({ type: 'event', id, event }, transfer),
      signal: controller.signal,
      transfer: [],
    };
    const fail = (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      send({ type: 'failed', id, message: e.message, stack: e.stack, cancelled: controller.signal.aborted });
    };
    void run(handlers as Record<string, (p: unknown, c: JobContext<unknown>) => unknown>, method, params, ctx)
      .then((result) => {
        try {
          send({ type: 'result', id, result }, ctx.transfer);
        } catch (err) {
          // A result that cannot be cloned fails its call, not the worker.
          fail(err);
        }
      }, fail)
      .finally(() => running.delete(id));
  });
}

async function run(
  handlers: Record<string, (p: unknown, c: JobContext<unknown>) => unknown>,
  method: string,
  params: unknown,
  ctx: JobContext<unknown>,
): Promise<unknown> {
  const handler = Object.hasOwn(handlers, method) ? handlers[method] : undefined;
  if (!handler) throw new Error(`the worker has no job '${method}'`);
  return handler(params, ctx);
}
