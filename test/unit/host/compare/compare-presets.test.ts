// What the Compare Pretraining Objectives wizard offers and checks: the rows (the usual six
// picked, from the compare rows table), the budget's checks, the time estimate, the job's request
// for a new and a resumed comparison, and which comparisons are unfinished.
import * as assert from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ROW_IDS, KNOWN_ROWS } from '../../../../src/compare/rows';
import { buildReport } from '../../../../src/compare/report';
import { pipelineKey, plannedRequest, writeState } from '../../../../src/compare/state';
import {
  budgetOf, checkBudget, compareRequest, comparisonStaging, DEFAULT_FINETUNE, estimateComparisonSeconds, QUICK_MODEL, resumeRequest, rowChoices, rowSpecs, unfinishedComparisons,
} from '../../../../src/host/compare/compare-presets';
import { PLANNED } from '../../../helpers/made-up-comparison';

const settings = { device: 'cpu' as const };

describe('compare wizard presets', () => {
  it('offers every known row, the default six first and picked', () => {
    const choices = rowChoices();
    assert.strictEqual(choices.length, KNOWN_ROWS.length);
    assert.deepStrictEqual(choices.slice(0, DEFAULT_ROW_IDS.length).map((c) => [c.row.id, c.picked]), DEFAULT_ROW_IDS.map((id) => [id, true]));
    assert.ok(choices.slice(DEFAULT_ROW_IDS.length).every((c) => !c.picked));
    assert.deepStrictEqual(rowSpecs(['electra-rtd', 'none']), [{ id: 'electra-rtd', arch: 'electra', objective: 'rtd' }, { id: 'none', arch: 'none' }]);
    assert.throws(() => rowSpecs(['bert-mlm', 'bert-mlm']), /twice/);
  });

  it('checks the budget as typed', () => {
    assert.strictEqual(checkBudget('flops', ' 300 '), undefined);
    assert.match(checkBudget('flops', '2.5') ?? '', /whole number/);
    assert.match(checkBudget('flops', '0') ?? '', /from 1/);
    assert.strictEqual(checkBudget('minutes', '0.5'), undefined);
    assert.match(checkBudget('minutes', '-1') ?? '', /above 0/);
    assert.match(checkBudget('minutes', 'soon') ?? '', /number of minutes/);
    assert.deepStrictEqual(budgetOf('flops', '300'), { kind: 'flops', referenceSteps: 300 });
    assert.deepStrictEqual(budgetOf('minutes', '2'), { kind: 'minutes', minutes: 2 });
  });

  it('estimates more time for more rows, seeds and budget; the baseline only finetunes', () => {
    const data = { examples: 200 };
    const flops = { kind: 'flops', referenceSteps: 200 } as const;
    const two = estimateComparisonSeconds(rowSpecs(['bert-mlm', 'none']), 1, QUICK_MODEL, flops, DEFAULT_FINETUNE, data);
    const one = estimateComparisonSeconds(rowSpecs(['bert-mlm']), 1, QUICK_MODEL, flops, DEFAULT_FINETUNE, data);
    const baseline = estimateComparisonSeconds(rowSpecs(['none']), 1, QUICK_MODEL, flops, DEFAULT_FINETUNE, data);
    assert.ok(Math.abs(two - (one + baseline)) < 1e-9, 'the baseline adds its finetuning only');
    assert.ok(estimateComparisonSeconds(rowSpecs(['bert-mlm']), 3, QUICK_MODEL, flops, DEFAULT_FINETUNE, data) > 2.9 * one);
    assert.ok(estimateComparisonSeconds(rowSpecs(['bert-mlm']), 1, QUICK_MODEL, { kind: 'minutes', minutes: 2 }, DEFAULT_FINETUNE, data) > 120);
  });

  describe('in a models folder', () => {
    let models: string;
    beforeEach(() => (models = mkdtempSync(path.join(os.tmpdir(), 'compare-presets-'))));
    afterEach(() => rmSync(models, { recursive: true, force: true }));

    it('resumes a comparison with the request it was planned with, and lists only unfinished ones', async () => {
      const out = path.join(models, 'comparisons', 'a');
      const request = compareRequest({ corpus: '/c', data: '/d.jsonl', out, rows: ['bert-mlm', 'none'], seeds: [1, 2], budget: { kind: 'flops', referenceSteps: 50 }, model: QUICK_MODEL, finetune: DEFAULT_FINETUNE }, settings);
      const planned = plannedRequest(request);
      const rows = PLANNED.filter((r) => r.id !== 'electra-rtd');
      mkdirSync(out, { recursive: true });
      await writeState(out, { request: planned, rows, done: { [pipelineKey('bert-mlm', 1)]: { pretrained: true, finetune: { accuracy: 1, macroF1: 1, minutes: 1 } } } });
      const finished = path.join(models, 'comparisons', 'b');
      mkdirSync(finished, { recursive: true });
      const all = Object.fromEntries(['bert-mlm', 'none'].flatMap((r) => [1, 2].map((s) => [pipelineKey(r, s), { pretrained: true, finetune: { accuracy: 1, macroF1: 1, minutes: 1 } }])));
      await writeState(finished, { request: planned, rows, done: all });
      mkdirSync(path.join(models, 'comparisons', 'not-a-comparison'));

      const unfinished = unfinishedComparisons(models);
      assert.deepStrictEqual(unfinished.map((u) => [u.name, u.done, u.total]), [['a', 1, 4]]);
      const resumed = resumeRequest(out, unfinished[0].plan, settings);
      assert.deepStrictEqual(plannedRequest(resumed), planned, 'the same plan, so the job accepts it');
      assert.strictEqual(resumed.resume, true);
      assert.deepStrictEqual(resumed.rows, request.rows);
      assert.deepStrictEqual(unfinishedComparisons(path.join(models, 'nowhere')), []);
    });

    it('names the workspace folder in the report, not the staged copy it reads', () => {
      const out = path.join(models, 'comparisons', 'a');
      const request = compareRequest({ corpus: '/storage/corpus-staging/x', corpusName: '/home/me/project', data: '/d.jsonl', out, rows: ['none'], seeds: [1], budget: { kind: 'flops', referenceSteps: 5 }, model: QUICK_MODEL, finetune: DEFAULT_FINETUNE }, settings);
      const report = buildReport({ request: plannedRequest(request), rows: PLANNED.filter((r) => r.id === 'none'), done: {} }, request);
      assert.strictEqual(report.corpus, '/home/me/project');
      assert.strictEqual(plannedRequest(request).corpus, '/storage/corpus-staging/x', 'the plan (what a resume must match) keeps the path read');
      assert.strictEqual(resumeRequest(out, plannedRequest(request), settings, '/home/me/project').corpusName, '/home/me/project');
    });

    it('stages a comparison\'s corpus at the same place on every run', () => {
      const out = path.join(models, 'comparisons', 'a');
      assert.strictEqual(comparisonStaging('/storage', out), comparisonStaging('/storage', out + '/'));
      assert.notStrictEqual(comparisonStaging('/storage', out), comparisonStaging('/storage', path.join(models, 'comparisons', 'b')));
      assert.ok(comparisonStaging('/storage', out).startsWith(path.join('/storage', 'corpus-staging') + path.sep));
    });
  });
});
