/**
 * The cluster round trip for GPT-2 (causal LM; see cluster-roundtrip.ts), and a rank killed with
 * SIGKILL: the job ends with a message naming it, and its last checkpoint resumes.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, runCli, tempDir } from './cli-helpers';
import { launchTorchrun, pretrainTiny, readEvents, requireTorch, type Event } from './cluster-helpers';
import { describeClusterRoundTrip } from './cluster-roundtrip';

describeClusterRoundTrip('gpt2', (model) => [
  ['generate', model, '--prompt', 'First', '--max-new-tokens', '8', '--threads', '1'],
  ['attention', model, '--text', 'First Citizen', '--out', path.join(model, '..', 'attention.json'), '--threads', '1'],
]);

describe('cluster run: one rank killed with SIGKILL', function () {
  this.timeout(600_000);
  let dir: string;

  before(() => {
    requireTorch();
    buildCliOnce();
    dir = tempDir('pl-cluster-kill-');
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('ends the job with a message naming the killed rank, and its last checkpoint resumes', async () => {
    const { modelDir, corpus, losses } = await pretrainTiny(dir, 'gpt2', ['--checkpoint-every', '3']);
    const bundle = path.join(dir, 'bundle');
    assert.equal((await runCli(['export-run', modelDir, '--corpus', corpus, '--out', bundle])).code, 0);
    const metrics = path.join(bundle, 'output', 'metrics.jsonl');
    const run = launchTorchrun(bundle, ['--steps', String(losses.length + 500), '--debug-ranks', '--step-delay', '0.2']);
    // Wait for a checkpoint of the cluster run and for rank 1's pid (generous bound: the machine is shared).
    let victim: number | undefined;
    for (let waited = 0; victim === undefined; waited += 250) {
      assert.ok(waited < 240_000, 'the cluster run reached no checkpoint');
      await new Promise((r) => setTimeout(r, 250));
      const events: Event[] = existsSync(metrics) ? readEvents(metrics) : [];
      if (events.some((e) => e.event === 'checkpoint')) victim = events.find((e) => e.kind === 'rank' && e.rank === 1)?.pid as number;
    }
    process.kill(victim, 'SIGKILL');
    const ended = await run.done;
    const said = ended.stderr + ended.stdout;
    assert.notEqual(ended.code, 0, 'the job fails');
    assert.match(said, /SIGKILL|Signal 9/, 'the launcher names the signal that ended the rank');
    console.log(`      ${said.split('\n').filter((l) => /SIGKILL|stopped at step|FAILED/.test(l)).slice(0, 3).join('\n      ')}`);

    const checkpoint = readFileSync(path.join(bundle, 'output', 'latest'), 'utf8').trim();
    const step = Number(checkpoint.replace('checkpoint-', ''));
    const before = readEvents(metrics).length;
    const resumed = await launchTorchrun(bundle, ['--steps', String(losses.length + 500), '--resume', '--max-steps', '2']).done;
    assert.equal(resumed.code, 0, resumed.stderr.slice(-3000));
    const after = readEvents(metrics).slice(before);
    assert.equal(after.find((e) => e.event === 'start')!.resumed, true);
    assert.deepEqual(after.filter((e) => e.event === 'progress').map((e) => e.step), [step + 1, step + 2]);
  });
});
