/**
 * Worker side of a job worker, in a worker thread (WorkerHost) or a child process forked with
 * an IPC channel (ProcessHost): answers the host's calls with typed handlers. A handler that
 * throws fails its call only; the worker stays up for the next one.
 */
import { parentPort, type Transferable } from 'node:worker_threads';
import { watchParent } from './parent-watchdog';
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

/** How messages reach the host: the same protocol over a thread's port or a process's IPC channel. */
interface HostChannel {
  onMessage(listener: (msg: HostMessage) => void): void;
  /** Throws if `msg` cannot be cloned. */
  send(msg: WorkerMessage, transfer?: Transferable[]): void;
}

function hostChannel(): HostChannel {
  const port = parentPort;
  if (port) return { onMessage: (l) => port.on('message', l), send: (m, t) => port.postMessage(m, t) };
  const send = process.send?.bind(process);
  if (!send) throw new Error('serveJobs must run in a worker thread or in a process forked with an IPC channel');
  // Ctrl-C in a terminal signals the whole process group; the CLI turns it into a cancel (the
  // run checkpoints), so the job process must not die of it first.
  process.on('SIGINT', () => undefined);
  // The host is gone (killed, crashed): nobody is left to report to, and an orphan would keep
  // training and holding the model folder's lock. A half-written checkpoint is safe (atomic.ts).
  process.on('disconnect', () => process.exit(0));
  // …and when the event loop is too busy to see the channel close, the watchdog thread ends it.
  watchParent();
  // Structured clone copies between processes; there is nothing to transfer.
  return { onMessage: (l) => process.on('message', (m) => l(m as HostMessage)), send: (m) => void send(m) };
}

/** Serves jobs to the host that started this worker, until the host stops it. */
export function serveJobs<P extends JobProtocol<P>>(handlers: JobHandlers<P>): void {
  const channel = hostChannel();
  const running = new Map<number, AbortController>();
  const send = (msg: WorkerMessage, transfer?: Transferable[]) => channel.send(msg, transfer);

  channel.onMessage((msg: HostMessage) => {
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
