// The comparison's state file: written atomically and read back; a resume whose request differs
// from the saved plan is refused with one line naming the flag, both values and what to do.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../../src/util/errors';
import { assertSamePlan, readState, statePath, writeState, type PlannedRequest } from '../../../src/compare/state';

const plan: PlannedRequest = {
  corpus: '/c',
  data: '/d.jsonl',
  rows: ['bert-mlm', 'none'],
  seeds: [1, 2],
  budget: { kind: 'flops', referenceSteps: 100 },
  model: { layers: 1, heads: 2, dim: 16, context: 8, batch: 2, vocabSize: 300, lr: 1e-3 },
  finetune: { epochs: 1, lr: 5e-4, batch: 16 },
};

describe('compare: state file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'pl-compare-state-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips the plan and what has finished', async () => {
    await writeState(dir, { request: plan, rows: [], done: { 'none/seed-1': { pretrained: true } } });
    const state = readState(dir);
    assert.deepEqual(state.request, plan);
    assert.deepEqual(state.done, { 'none/seed-1': { pretrained: true } });
  });

  it('refuses a missing or damaged state with one line', () => {
    assert.throws(() => readState(dir), /holds no comparison to resume .*start it without --resume/);
    writeFileSync(statePath(dir), '{"version": 7}');
    assert.throws(() => readState(dir), /is not a comparison state this version can resume/);
  });

  it('names the flag that differs from the saved plan, with both values', () => {
    assert.doesNotThrow(() => assertSamePlan('/out', plan, structuredClone(plan)));
    const cases: [Partial<PlannedRequest>, RegExp][] = [
      [{ rows: ['bert-mlm'] }, /^--rows bert-mlm differs from the comparison in \/out \(bert-mlm,none\); resume with the settings/],
      [{ seeds: [1, 2, 3] }, /^--seeds 1,2,3 differs .*\(1,2\)/],
      [{ budget: { kind: 'minutes', minutes: 2 } }, /^--steps\/--minutes --minutes 2 differs .*\(--steps 100\)/],
      [{ model: { ...plan.model, dim: 32 } }, /^--dim 32 differs .*\(16\)/],
      [{ finetune: { ...plan.finetune, lr: 1e-3 } }, /^--finetune-lr 0.001 differs .*\(0.0005\)/],
      [{ valData: '/v.jsonl' }, /^--val-data \/v.jsonl differs .*\(not given\)/],
    ];
    for (const [change, message] of cases) {
      assert.throws(() => assertSamePlan('/out', plan, { ...plan, ...change }), (e: Error) => e instanceof InputError && message.test(e.message) && !e.message.includes('\n'));
    }
  });
});
