/**
 * Ends a job process whose parent (the CLI, the extension host) has died, whatever the process
 * is doing. The IPC channel's 'disconnect' event needs a free event loop, which a job that is
 * busy in JavaScript (tokenizer training), blocked in a system call or inside a native ORT step
 * does not have — so such an orphan would keep running and holding its model folder's lock.
 * A worker thread has an event loop of its own: it polls the parent pid (process.ppid is read
 * afresh each time; a dead parent's children are re-parented at once, before it is reaped) and,
 * once the process has been re-parented, kills its own process — with SIGKILL, since no handler
 * of a busy main thread could run. A half-written checkpoint is safe (atomic.ts), and the lock
 * is taken over as stale by the next job.
 */
import { Worker } from 'node:worker_threads';

/** How often the parent is looked for: a dead parent is noticed within this (plus scheduling). */
export const PARENT_POLL_MS = 200;

// Plain JavaScript evaluated in the thread: it needs no bundling and no module of ours.
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.parentPid) process.kill(workerData.selfPid, 'SIGKILL');
}, workerData.pollMs);
`;

/** Starts the watchdog for this process (a job process forked by its host); call once. */
export function watchParent(pollMs = PARENT_POLL_MS): void {
  const parentPid = process.ppid;
  const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { parentPid, selfPid: process.pid, pollMs } });
  // It must not keep the process alive once the jobs are done, nor ever fail it.
  worker.unref();
  worker.on('error', () => undefined);
}
