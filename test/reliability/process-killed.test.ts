/**
 * Resources: a training process that the OS kills (SIGKILL, what the kernel's OOM killer sends)
 * is reported as exactly that — with the checkpoint that is kept and what to change — not as a
 * mystery failure, and the CLI or the extension host that started it lives on to say so. The
 * tests play the OOM killer: they SIGKILL the real job process from outside, mid-run.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { JobManager } from '../../src/jobs/job-manager';
import { ProcessExitedError } from '../../src/jobs/rpc';
import { loadModelFolder } from '../../src/models/model-folder';
import { readCheckpointHyperparams } from '../../src/train/checkpoint/checkpoint';
import { childrenOf } from './process-tree';
import { buildCliOnce, jsonEvents, runCli, tempDir, tinyCorpus, TINY_RUN } from '../integration/cli-helpers';

function killedMessage(step: number, folder: string): string {
  return `the training process was killed by the operating system (SIGKILL) — most likely it ran out of memory; the last checkpoint (step ${step}) is kept in ${folder}; use a smaller --batch, --context or --dim`;
}

// A checkpoint every 100 steps: the kill lands right after the one at step 100, long before the next.
const EVERY = 100;

describe('reliability: the OS kills the training process', function () {
  this.timeout(120_000);
  before(function () {
    if (process.platform !== 'linux') this.skip();
    buildCliOnce();
  });

  it('CLI: exits 1 with one line saying so and where the checkpoint is; the folder loads and resumes', async () => {
    const dir = tempDir('pl-oomkill-');
    const out = path.join(dir, 'model');
    const corpus = tinyCorpus(dir);
    let jobPid: number | undefined;
    const run = await runCli(['pretrain', corpus, '--out', out, ...TINY_RUN, '--steps', '100000', '--checkpoint-every', String(EVERY), '--eval-every', '0', '--json'], {
      onStdoutLine: (line, cli) => {
        const e = JSON.parse(line) as { event: string; step?: number };
        if (e.event === 'start') [jobPid] = childrenOf(cli.pid!, /worker\.js/);
        if (e.event === 'checkpoint' && e.step === EVERY) process.kill(jobPid!, 'SIGKILL');
      },
    });
    assert.ok(jobPid, 'the job ran in a child process of the CLI');
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, `error: ${killedMessage(EVERY, out)}\n`);
    assert.deepEqual(jsonEvents(run.stdout).at(-1), { event: 'error', message: killedMessage(EVERY, out) });

    // The message told the truth: that checkpoint is the one on disk, and it loads and resumes.
    assert.equal((await readCheckpointHyperparams(out))?.progress.step, EVERY);
    assert.ok((await loadModelFolder(out)).weights.has('transformer.wte.weight'));
    const resumed = await runCli(['pretrain', corpus, '--out', out, '--resume', '--steps', String(EVERY + 3), '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const events = jsonEvents(resumed.stdout);
    assert.equal(events.find((e) => e.event === 'start')?.step, EVERY);
    assert.equal(events.find((e) => e.event === 'done')?.step, EVERY + 3);
  });

  it('JobManager: rejects the run with that message, and the next run gets a fresh process', async () => {
    const dir = tempDir('pl-oomkill-');
    const out = path.join(dir, 'model');
    const manager = new JobManager(path.resolve(__dirname, '../../src/jobs/worker.ts'));
    const params = {
      corpus: tinyCorpus(dir),
      out,
      resume: false,
      settings: { device: 'cpu' as const, threads: 1 },
      hyperparams: { tokenizer: 'char' as const, layers: 1, heads: 2, dim: 16, context: 16, batch: 4, steps: 100_000, evalEvery: 0, evalBatches: 1, checkpointEvery: EVERY },
    };
    try {
      let killed: number | undefined;
      const job = manager.start('pretrain', params, (e) => {
        if (e.event !== 'checkpoint' || e.step !== EVERY) return;
        [killed] = childrenOf(process.pid, /src\/jobs\/worker\.ts/);
        process.kill(killed!, 'SIGKILL');
      });
      const error = await job.result.then(() => undefined, (e: unknown) => e);
      assert.ok(killed, 'the job ran in a child process');
      assert.ok(error instanceof ProcessExitedError, `got ${String(error)}`);
      assert.equal(error.signal, 'SIGKILL');
      assert.equal(error.message, killedMessage(EVERY, out));
      assert.equal(manager.running.length, 0);

      // This process (the extension host, in the editor) lived on; so can the user's work.
      const resumed = manager.start('pretrain', { ...params, resume: true, hyperparams: { steps: EVERY + 2 } });
      const summary = await resumed.result;
      assert.equal(summary.step, EVERY + 2);
      assert.deepEqual(childrenOf(process.pid, /src\/jobs\/worker\.ts/).filter((p) => p === killed), []);
    } finally {
      await manager.dispose();
    }
  });
});
