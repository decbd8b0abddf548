// Budget → steps per row, and the rows table: equal FLOPs gives BERT-MLM the reference steps and
// every other row the steps that cost the same; equal minutes gives every row the same clock and
// a steps bound; the baseline gets none. Unknown, unfit, repeated or no rows are one-line refusals.
import assert from 'node:assert/strict';
import { InputError } from '../../../src/util/errors';
import { MINUTES_BUDGET_STEP_BOUND, planRows, stepsForBudget } from '../../../src/compare/plan';
import { DEFAULT_ROW_IDS, KNOWN_ROWS, knownRow, rowsOf } from '../../../src/compare/rows';
import type { CompareRequest } from '../../../src/compare/protocol';

const model: CompareRequest['model'] = { layers: 1, heads: 2, dim: 16, context: 8, batch: 2, vocabSize: 300, lr: 1e-3 };
const rows = (ids: readonly string[]) => ids.map((id) => ({ id, arch: knownRow(id).arch }));

describe('compare: plan and rows', () => {
  it('splits a FLOPs budget by each row\'s cost per step', () => {
    assert.equal(stepsForBudget({ kind: 'flops', referenceSteps: 100 }, 200, 100), 50);
    assert.equal(stepsForBudget({ kind: 'flops', referenceSteps: 100 }, 300, 100), 33);
    assert.equal(stepsForBudget({ kind: 'flops', referenceSteps: 1 }, 1e9, 1), 1, 'at least one step');
    assert.equal(stepsForBudget({ kind: 'flops', referenceSteps: 100 }, 0, 100), 0, 'the baseline');
    assert.equal(stepsForBudget({ kind: 'minutes', minutes: 2 }, 123, 100), MINUTES_BUDGET_STEP_BOUND);
  });

  it('plans the default rows: BERT-MLM the reference steps, every row the same FLOPs within a step, the baseline none', () => {
    const plan = planRows({ rows: rows(DEFAULT_ROW_IDS), budget: { kind: 'flops', referenceSteps: 200 }, model }, 3);
    assert.deepEqual(plan.map((r) => r.id), [...DEFAULT_ROW_IDS]);
    const bert = plan.find((r) => r.id === 'bert-mlm')!;
    assert.equal(bert.steps, 200);
    const budget = bert.steps * bert.flopsPerStep;
    for (const row of plan.filter((r) => r.arch !== 'none')) {
      assert.ok(Math.abs(row.steps * row.flopsPerStep - budget) <= row.flopsPerStep / 2 + 1, `${row.id}: ${row.steps} × ${row.flopsPerStep} vs ${budget}`);
      assert.ok(row.pretrainParameters > 0 && row.finetuneParameters > 0, row.id);
    }
    const none = plan.find((r) => r.id === 'none')!;
    assert.deepEqual([none.steps, none.flopsPerStep, none.pretrainParameters], [0, 0, 0]);
    assert.equal(none.finetuneParameters, bert.finetuneParameters, 'the baseline finetunes the same BERT');
    const electra = plan.find((r) => r.id === 'electra-rtd')!;
    assert.ok(electra.pretrainParameters > electra.finetuneParameters, 'ELECTRA pretrains a generator it does not finetune');
  });

  it('the rows table comes from the registry: every family that classifies, with each objective it has', () => {
    const ids = KNOWN_ROWS.map((r) => r.id);
    for (const id of [...DEFAULT_ROW_IDS, 'nezha-mlm', 'spanbert-sbo']) assert.ok(ids.includes(id), id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(!ids.some((id) => id.startsWith('t5')), 'T5 cannot classify');
    assert.equal(knownRow('albert-sop').objective, 'mlm+sop');
    assert.equal(knownRow('spanbert-sbo').arch, 'bert');
  });

  it('refuses unknown, unfit, repeated and no rows with one line', () => {
    assert.throws(() => knownRow('xlnet-plm'), (e: Error) => e instanceof InputError && /--rows xlnet-plm is not a row .* choose from .*bert-mlm/.test(e.message));
    assert.throws(() => knownRow('t5-span'), /T5 cannot be finetuned for classification/);
    assert.throws(() => rowsOf(['bert-mlm', 'bert-mlm']), /names bert-mlm twice/);
    assert.throws(() => rowsOf([]), /--rows is empty/);
  });

  it('refuses a budget out of range', () => {
    assert.throws(() => planRows({ rows: rows(['bert-mlm']), budget: { kind: 'flops', referenceSteps: 0 }, model }, 2), /--steps must be a positive integer/);
    assert.throws(() => planRows({ rows: rows(['bert-mlm']), budget: { kind: 'minutes', minutes: -1 }, model }, 2), /--minutes must be a positive number/);
  });
});
