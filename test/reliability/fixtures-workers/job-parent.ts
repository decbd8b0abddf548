/**
 * Plays the CLI for process-watchdog.test.ts: starts the stuck job named on its command line in a
 * job process, prints that process's pid once it is stuck, and waits to be killed.
 */
import path from 'node:path';
import { JobManager } from '../../../src/jobs/job-manager';

const [method, fifo] = process.argv.slice(2);
const manager = new JobManager(path.join(__dirname, 'stuck-worker.ts'));
const job = manager.start(method as 'pretrain', { fifo } as never, (event) => {
  const e = event as unknown as { event: string; pid?: number };
  if (e.event === 'busy') process.stdout.write(`stuck ${e.pid}\n`);
});
job.result.catch(() => undefined);
