/**
 * runComparison in-process, as the job runs it: a cancel through the signal stops the row in
 * flight and still writes the partial report; a resume with another plan is refused with one
 * line; the resume of the same plan finishes it. A minutes budget stops each row by the clock.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../../src/util/errors';
import { acquireModelLock } from '../../src/util/folder-lock';
import { runComparison } from '../../src/compare/run-comparison';
import type { CompareEvent } from '../../src/compare/protocol';
import { tempDir } from './cli-helpers';
import { tinyCompareRequest } from './compare-helpers';

describe('compare: runComparison in-process', function () {
  this.timeout(300_000);

  it('a cancel stops the row in flight and writes the partial report; --resume with another plan is refused; the same plan finishes', async () => {
    const dir = tempDir('pl-compare-run-');
    const req = tinyCompareRequest(dir);
    const controller = new AbortController();
    const events: CompareEvent[] = [];
    const cancelled = await runComparison(req, (e) => {
      events.push(e);
      // Cancel once the second row is pretraining.
      if (e.event === 'train' && e.row === 'gpt2-clm' && e.inner.event === 'progress') controller.abort();
    }, controller.signal);
    assert.equal(cancelled.stopReason, 'cancelled');
    assert.equal(cancelled.report.complete, false);
    assert.deepEqual(cancelled.report.rows.map((r) => r.seeds.length), [1, 0]);
    assert.equal((JSON.parse(readFileSync(cancelled.jsonPath, 'utf8')) as { complete: boolean }).complete, false);
    assert.match(readFileSync(cancelled.markdownPath, 'utf8'), /_Partial: 1 row × seed pipelines/);

    await assert.rejects(
      runComparison({ ...req, resume: true, rows: req.rows.slice(0, 1) }, () => undefined),
      (e: Error) => e instanceof InputError && /^--rows bert-mlm differs from the comparison in .* \(bert-mlm,gpt2-clm\)/.test(e.message),
    );

    const resumedEvents: CompareEvent[] = [];
    const done = await runComparison({ ...req, resume: true }, (e) => resumedEvents.push(e));
    assert.equal(done.stopReason, 'completed');
    assert.equal(done.report.complete, true);
    const phases = resumedEvents.filter((e) => e.event === 'phase').map((e) => e.event === 'phase' && `${e.row}:${e.phase}:${e.status}`);
    assert.deepEqual(phases, ['bert-mlm:pretrain:reused', 'bert-mlm:finetune:reused', 'gpt2-clm:pretrain:resumed', 'gpt2-clm:finetune:start']);
  });

  it('one writer per comparison folder: a second comparison on a locked --out is refused, and writes nothing', async () => {
    const dir = tempDir('pl-compare-lock-');
    const req = tinyCompareRequest(dir);
    const lock = acquireModelLock(req.out, { command: 'compare' });
    try {
      await assert.rejects(runComparison(req, () => undefined), (e: Error) => e instanceof InputError && /is being written by process \d+ .*running compare/.test(e.message));
      assert.ok(!existsSync(req.out));
    } finally {
      lock.release();
    }
  });

  it('a minutes budget gives every row the same clock and reports the steps each reached', async () => {
    const dir = tempDir('pl-compare-minutes-');
    const summary = await runComparison(tinyCompareRequest(dir, { budget: { kind: 'minutes', minutes: 0.02 } }), () => undefined);
    assert.equal(summary.stopReason, 'completed');
    for (const row of summary.report.rows) {
      const run = row.seeds[0].result.pretrain!;
      assert.ok(run.steps > 0 && run.steps < row.steps, `${row.id}: stopped by the clock at step ${run.steps}`);
      // The minutes are reported, not asserted against the clock (no timing asserts: the machines are shared).
      assert.ok(run.minutes > 0 && Number.isFinite(run.minutes), `${row.id}: ${run.minutes} min`);
      assert.equal(run.flops, run.steps * row.flopsPerStep);
    }
    assert.match(readFileSync(summary.markdownPath, 'utf8'), /equal wall-clock time — 0\.02 minutes of pretraining per row and seed/);
  });
});
