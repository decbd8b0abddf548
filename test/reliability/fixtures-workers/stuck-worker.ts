/**
 * A job process whose jobs never look at their messages again: `spin` busy in JavaScript, `block`
 * blocked in a read of a named pipe nobody writes, `pretrain` a training job stuck before its
 * training loop (it never emits `start`). Each first reports its pid, then never returns.
 */
import { readFileSync } from 'node:fs';
import { serveJobs, type JobContext } from '../../../src/jobs/worker-serve';

type Stuck = { params: { fifo?: string }; event: { event: 'busy'; pid: number }; result: void };

function busy(ctx: JobContext<Stuck['event']>): void {
  ctx.emit({ event: 'busy', pid: process.pid });
}

// The event above must leave before the loop: the IPC send is asynchronous.
const afterSend = () => new Promise((resolve) => setTimeout(resolve, 100));

serveJobs<{ spin: Stuck; block: Stuck; pretrain: Stuck }>({
  async spin(_params, ctx) {
    busy(ctx);
    await afterSend();
    for (;;);
  },
  async block({ fifo }, ctx) {
    busy(ctx);
    await afterSend();
    readFileSync(fifo!);
  },
  async pretrain(_params, ctx) {
    busy(ctx);
    await afterSend();
    for (;;);
  },
});
