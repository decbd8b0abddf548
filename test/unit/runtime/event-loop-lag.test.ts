import assert from 'node:assert/strict';
import { defaultWorkerScript, WorkerHost } from '../../../src/jobs/worker-host';
import type { WorkerJobs } from '../../../src/jobs/worker-jobs';
import { RuntimeSession } from '../../../src/runtime';
import { matmulChainFeeds, matmulChainModel } from './models';

// One run = 8 chained 1024³ MatMuls on one thread: ~17 GFLOP, ~0.2–0.3 s in a single native call.
const N = 1024;
const DEPTH = 8;
const TICK_MS = 5;

/** Runs `work` while a timer ticks every TICK_MS; returns the worst lateness of a tick, in ms. */
async function maxLagDuring(work: () => Promise<void>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - TICK_MS);
    last = now;
  }, TICK_MS);
  try {
    await work();
    // One more tick, so a block that lasted to the very end is seen.
    await new Promise((r) => setTimeout(r, 2 * TICK_MS));
  } finally {
    clearInterval(timer);
  }
  return worst;
}

describe('runtime/event loop while ORT computes', function () {
  this.timeout(20_000);
  const model = matmulChainModel(N, DEPTH);
  const feeds = matmulChainFeeds(N);

  it('stays responsive (< 50 ms lag) while a worker runs seconds of MatMuls', async () => {
    const host = WorkerHost.start<WorkerJobs>(defaultWorkerScript());
    try {
      const { sessionId } = await host.call('openSession', { model, config: { intraOpNumThreads: 1 } });
      let runs = 0;
      const started = performance.now();
      const lag = await maxLagDuring(async () => {
        // About 2–3 s of compute, however fast this machine is.
        while (performance.now() - started < 2000 || runs < 3) {
          const r = await host.call('runSession', { sessionId, feeds });
          assert.equal(r.y.data[0], 1);
          runs++;
        }
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(`      worker: ${runs} runs in ${seconds.toFixed(2)} s, main-thread max lag ${lag.toFixed(1)} ms`);
      assert.ok(lag < 50, `main thread lagged ${lag.toFixed(1)} ms while the worker computed`);
    } finally {
      await host.terminate();
    }
  });

  it('does lag when the same workload runs on the main thread (so the test above can fail)', async () => {
    const session = await RuntimeSession.create(model, { intraOpNumThreads: 1 });
    let oneRunMs = Infinity;
    const lag = await maxLagDuring(async () => {
      for (let i = 0; i < 2; i++) {
        const t0 = performance.now();
        await session.run(feeds);
        oneRunMs = Math.min(oneRunMs, performance.now() - t0);
      }
    });
    await session.release();
    console.log(`      main thread: one run ${oneRunMs.toFixed(0)} ms, max lag ${lag.toFixed(1)} ms`);
    assert.ok(lag > 100, `expected the event loop to block for a whole run, saw ${lag.toFixed(1)} ms`);
    assert.ok(lag >= 0.8 * oneRunMs, 'the block lasts about one session.run');
  });
});
