import * as assert from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  canFinetune, checkLearningRate, checkSteps, describePlan, describePlanDuration, finetuneJob, quickPlan, readLabelledData, shapeOf, stepsPerEpoch,
} from '../../../../src/host/runs/finetune-presets';
import type { ModelSummary } from '../../../../src/host/models/model-types';

const bert: ModelSummary = { name: 'tiny-bert', folder: '/models/tiny-bert', source: 'bundled', modelType: 'bert', supported: true, layers: 2, heads: 2, width: 64, context: 128, vocabSize: 1000 };
const gpt2: ModelSummary = { ...bert, name: 'tiny-gpt2', folder: '/models/tiny-gpt2', modelType: 'gpt2' };
const settings = { device: 'cpu' as const, threads: 2 };

describe('finetune wizard logic', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'finetune-presets-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads labelled data as the job does: counts, labels, the longest text; refuses one class', () => {
    const file = path.join(dir, 'reviews.jsonl');
    writeFileSync(file, ['good film', 'bad film', 'lovely', 'awful and long'].map((t, i) => JSON.stringify({ text: t, label: i % 2 ? 'neg' : 'pos' })).join('\n'));
    assert.deepStrictEqual(readLabelledData(file), { path: file, examples: 4, labels: ['neg', 'pos'], longestChars: 14 });
    const one = path.join(dir, 'one.csv');
    writeFileSync(one, 'text,label\na,x\nb,x\n');
    assert.throws(() => readLabelledData(one), /at least two classes/);
  });

  it('plans a quick classification as the job’s default 3 epochs over the training split', () => {
    const data = { path: '/d.jsonl', examples: 100, labels: ['a', 'b'], longestChars: 40 };
    assert.strictEqual(stepsPerEpoch(data), 5); // 80 training examples, 16 a batch
    assert.deepStrictEqual(quickPlan({ kind: 'classify', data }), { steps: 15 });
    const shape = shapeOf(bert, { kind: 'classify', data }, { steps: 15 });
    assert.deepStrictEqual([shape.arch, shape.layers, shape.dim, shape.context, shape.batch, shape.steps], ['bert', 2, 64, 42, 16, 15]);
    assert.match(describePlanDuration(bert, { kind: 'classify', data }, { steps: 15 }), /^about /);
    assert.match(describePlan(bert, { kind: 'classify', data }, { steps: 15, lr: 1e-4 }), /classify 2 labels \(a, b\) from 100 examples · 15 steps · lr 0.0001/);
  });

  it('offers classification on BERT and GPT-2 (not T5), continued training on any supported model', () => {
    assert.ok(canFinetune('classify', bert));
    assert.ok(canFinetune('classify', gpt2));
    assert.ok(!canFinetune('classify', { ...gpt2, modelType: 't5' }));
    assert.ok(canFinetune('lm', { ...gpt2, modelType: 't5' }));
    assert.ok(canFinetune('lm', gpt2));
    assert.ok(!canFinetune('lm', { ...gpt2, supported: false }));
  });

  it('checks typed steps and learning rates', () => {
    assert.strictEqual(checkSteps(' 40 '), undefined);
    assert.match(checkSteps('0')!, /from 1/);
    assert.match(checkSteps('4.5')!, /whole number/);
    assert.strictEqual(checkLearningRate('5e-4'), undefined);
    assert.strictEqual(checkLearningRate('0.001'), undefined);
    assert.match(checkLearningRate('0')!, /above 0/);
    assert.match(checkLearningRate('fast')!, /a number/);
  });

  it('builds the jobs the CLI builds: finetuneClassify, or pretrain from the model', () => {
    const data = { path: '/d.jsonl', examples: 10, labels: ['a', 'b'], longestChars: 5 };
    assert.deepStrictEqual(finetuneJob(bert, { kind: 'classify', data }, { steps: 6 }, '/out', settings), {
      method: 'finetuneClassify',
      params: { model: '/models/tiny-bert', data: '/d.jsonl', out: '/out', hyperparams: { steps: 6 }, settings, resume: false },
    });
    const lm = finetuneJob(gpt2, { kind: 'lm', corpus: '/staged' }, { steps: 200, lr: 3e-4 }, '/out', settings);
    assert.strictEqual(lm.method, 'pretrain');
    assert.deepStrictEqual(lm.params, { corpus: '/staged', from: '/models/tiny-gpt2', out: '/out', hyperparams: { steps: 200, evalEvery: 25, checkpointEvery: 25, warmup: 20, lr: 3e-4 }, settings, resume: false });
  });
});
