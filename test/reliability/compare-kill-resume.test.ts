/**
 * A comparison killed in the middle of a row (SIGKILL of the CLI and its job process, as the OS
 * kills for memory) and run again with --resume: the finished row is reused, not rerun; the row
 * in flight continues from its pretraining checkpoint; the report ends complete, with the reused
 * row's results as they were.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ComparisonReport } from '../../src/compare/protocol';
import { buildCliOnce, jsonEvents, runCli, startCli } from '../integration/cli-helpers';
import { tinyComparison } from '../integration/compare-helpers';
import { childrenOf, isRunning, waitFor } from './process-tree';

describe('reliability: a comparison killed mid-row resumes', function () {
  this.timeout(300_000);
  before(buildCliOnce);

  it('reuses the finished row and resumes the killed one from its checkpoint', async () => {
    // Enough steps that ELECTRA is still pretraining when the kill lands.
    const { corpus, data, out, args } = tinyComparison('pl-compare-kill-', '--rows', 'bert-mlm,electra-rtd,none', '--steps', '300', '--json');

    const child = startCli(args);
    let stdout = '';
    let jobPids: number[] = [];
    const killed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (jobPids.length === 0 && /"event":"train","inner":\{"event":"progress".*"row":"electra-rtd"/.test(chunk)) {
        jobPids = childrenOf(child.pid!, /worker/);
        for (const pid of jobPids) process.kill(pid, 'SIGKILL');
        child.kill('SIGKILL');
      }
    });
    assert.equal(await killed, 'SIGKILL', `the comparison ended by itself:\n${stdout.slice(-800)}`);
    assert.ok(jobPids.length > 0, 'the job process was found');
    assert.ok(await waitFor(() => jobPids.every((pid) => !isRunning(pid)), 10_000), 'the job process is gone');
    const before = JSON.parse(readFileSync(path.join(out, 'comparison.json'), 'utf8')) as ComparisonReport;
    assert.equal(before.complete, false);
    assert.deepEqual(before.rows.map((r) => r.seeds.length), [1, 0, 0], 'the partial report holds the finished row');

    const resumed = await runCli(['compare', corpus, '--data', data, '--out', out, '--resume', '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const events = jsonEvents(resumed.stdout);
    const phases = events.filter((e) => e.event === 'phase').map((e) => `${e.row}:${e.phase}:${e.status}`);
    assert.deepEqual(phases, ['bert-mlm:pretrain:reused', 'bert-mlm:finetune:reused', 'electra-rtd:pretrain:resumed', 'electra-rtd:finetune:start', 'none:pretrain:start', 'none:finetune:start']);
    const start = events.find((e) => e.event === 'train' && e.row === 'electra-rtd' && (e.inner as { event: string }).event === 'start')!.inner as { resumed: boolean };
    assert.equal(start.resumed, true, 'ELECTRA continues its checkpoint');
    assert.ok(!events.some((e) => e.event === 'train' && e.row === 'bert-mlm'), 'BERT-MLM does not train again');
    assert.deepEqual(events.filter((e) => e.event === 'result').map((e) => e.row), ['bert-mlm', 'electra-rtd', 'none'], 'a result for every row, the reused one included');

    const after = JSON.parse(readFileSync(path.join(out, 'comparison.json'), 'utf8')) as ComparisonReport;
    assert.equal(after.complete, true);
    assert.deepEqual(after.rows[0].seeds, before.rows[0].seeds, 'the reused row keeps its results');
    assert.equal(after.rows[1].seeds[0].result.pretrain!.steps, after.rows[1].steps, 'ELECTRA reached its planned steps');
  });
});
