/** A job worker whose `pretrain` keeps allocating until its heap limit kills the worker. */
import { serveJobs } from '../../../src/jobs/worker-serve';

const hoard: number[][] = [];
serveJobs<{ pretrain: { params: unknown; event: never; result: void } }>({
  async pretrain() {
    for (;;) {
      hoard.push(Array.from({ length: 100_000 }, (_, i) => i * 1.5));
      await new Promise((resolve) => setImmediate(resolve));
    }
  },
});
