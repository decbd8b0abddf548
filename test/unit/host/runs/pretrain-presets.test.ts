import * as assert from 'node:assert';
import {
  checkFolderName, checkGeneratorWidth, checkInt, CUSTOM_FIELDS, describeDuration, describeShape, estimateSeconds, freeFolderName, hyperparamsOf, MASKING_DETAILS,
  OBJECTIVE_DETAILS, objectiveOf, QUICK_SHAPE, SETUP_S, takesGeneratorWidth, takesMasking,
} from '../../../../src/host/runs/pretrain-presets';
import { MASKING_STRATEGIES } from '../../../../src/data/masking';
import { FAMILIES } from '../../../../src/models/registry';
import { DEFAULT_HYPERPARAMS, validateHyperparams } from '../../../../src/train/run/hyperparams';
import { trainFamily } from '../../../../src/train/families';
import type { ObjectiveName } from '../../../../src/models/family';

const field = (key: string) => CUSTOM_FIELDS.find((f) => f.key === key)!;

describe('pretrain wizard logic', () => {
  it('estimates the quick preset and the nanoGPT recipe close to what was measured', () => {
    // Measured: Quick on an 800 KiB workspace 30 s (cores shared); nanoGPT recipe ~8–10 steps/s.
    assert.strictEqual(describeDuration(estimateSeconds(QUICK_SHAPE)), 'about 30 seconds');
    const nano = estimateSeconds({ arch: 'gpt2', layers: 4, heads: 4, dim: 128, context: 64, batch: 12, steps: 2000, vocabSize: 66 });
    assert.ok(nano > 200 && nano < 400, `nanoGPT recipe: ${nano} s`);
    // More steps cost more; an encoder-decoder more than a decoder of the same sizes.
    const quick = estimateSeconds(QUICK_SHAPE);
    assert.ok(estimateSeconds({ ...QUICK_SHAPE, steps: 3000 }) - SETUP_S > 8 * (quick - SETUP_S));
    assert.ok(estimateSeconds({ ...QUICK_SHAPE, arch: 't5' }) > quick);
  });

  it('says durations the way people do', () => {
    assert.strictEqual(describeDuration(3), 'about 10 seconds');
    assert.strictEqual(describeDuration(44), 'about 40 seconds');
    assert.strictEqual(describeDuration(70), 'about a minute');
    assert.strictEqual(describeDuration(200), 'about 3 minutes');
    assert.strictEqual(describeDuration(5400), 'about 1.5 hours');
  });

  it('checks typed sizes: whole numbers in range, heads dividing the width', () => {
    assert.strictEqual(checkInt(field('layers'), '4', {}), undefined);
    assert.strictEqual(checkInt(field('layers'), ' 4 ', {}), undefined);
    assert.match(checkInt(field('layers'), '4.5', {})!, /whole number/);
    assert.match(checkInt(field('layers'), '-1', {})!, /whole number/);
    assert.match(checkInt(field('layers'), '0', {})!, /from 1 to 48/);
    assert.match(checkInt(field('heads'), '3', { dim: 128 })!, /not divisible/);
    assert.strictEqual(checkInt(field('heads'), '4', { dim: 128 }), undefined);
  });

  it('checks folder names and finds a free one', () => {
    const taken = new Set(['ws-gpt2', 'ws-gpt2-2']);
    const exists = (n: string) => taken.has(n);
    assert.strictEqual(checkFolderName('my-model_1.0', exists), undefined);
    assert.match(checkFolderName('', exists)!, /Enter/);
    assert.match(checkFolderName('../escape', exists)!, /letters/);
    assert.match(checkFolderName('a/b', exists)!, /letters/);
    assert.match(checkFolderName('ws-gpt2', exists)!, /already exists/);
    assert.strictEqual(freeFolderName('WS gpt2', exists), 'ws-gpt2-3');
    assert.strictEqual(freeFolderName('My Project-bert', exists), 'my-project-bert');
    assert.strictEqual(freeFolderName('...', exists), 'model');
  });

  it('turns a shape into the CLI hyperparameters, with evaluations spread over the run', () => {
    const h = hyperparamsOf(QUICK_SHAPE);
    assert.deepStrictEqual([h.arch, h.layers, h.heads, h.dim, h.context, h.batch, h.steps, h.vocabSize], ['gpt2', 2, 2, 64, 64, 8, 300, 1024]);
    assert.strictEqual(h.evalEvery, 38);
    assert.ok(h.warmup! < h.steps!);
    assert.strictEqual(hyperparamsOf({ ...QUICK_SHAPE, steps: 5 }).evalEvery, 10);
  });

  it('offers every family’s objectives, masking for the masked LM, and a generator width for replaced-token detection', () => {
    for (const f of FAMILIES) {
      for (const objective of Object.keys(f.pretrain) as ObjectiveName[]) {
        assert.ok(OBJECTIVE_DETAILS[objective], `${objective} has a line in the pick`);
        const shape = { ...QUICK_SHAPE, arch: f.modelType, objective };
        const hyper = { ...DEFAULT_HYPERPARAMS, ...hyperparamsOf(shape) };
        assert.doesNotThrow(() => trainFamily(hyper.arch, hyper.objective), `${f.modelType} ${objective}`);
        const maskings = takesMasking(objective) ? MASKING_STRATEGIES : [undefined];
        for (const masking of maskings) assert.doesNotThrow(() => validateHyperparams({ ...hyper, ...hyperparamsOf({ ...shape, masking }) }), `${f.modelType} ${objective} ${masking}`);
      }
    }
    assert.deepStrictEqual(Object.keys(MASKING_DETAILS), [...MASKING_STRATEGIES]);
    assert.deepStrictEqual(FAMILIES.flatMap((f) => Object.keys(f.pretrain) as ObjectiveName[]).filter(takesGeneratorWidth), ['rtd']);
  });

  it('carries the objective and masking into the run, says them when not the defaults, and checks the generator width', () => {
    const albert = { ...QUICK_SHAPE, arch: 'albert' as const, objective: 'mlm' as const, masking: 'whole-word' as const };
    assert.deepStrictEqual([hyperparamsOf(albert).objective, hyperparamsOf(albert).masking], ['mlm', 'whole-word']);
    assert.match(describeShape(albert), /^albert mlm \(whole-word masking\) · 2 layers/);
    assert.match(describeShape({ ...QUICK_SHAPE, arch: 'albert' }), /^albert · /);
    assert.strictEqual(objectiveOf({ arch: 'electra' }), 'rtd');
    const electra = { ...QUICK_SHAPE, arch: 'electra' as const, dim: 64 };
    assert.match(describeShape(electra), /^electra \(generator 16 wide\) · /);
    assert.match(describeShape({ ...electra, generatorDim: 32 }), /generator 32 wide/);
    assert.ok(estimateSeconds({ ...electra, generatorDim: 64 }) > estimateSeconds(electra), 'a wider generator costs more');
    assert.strictEqual(checkGeneratorWidth('16', 64), undefined);
    assert.strictEqual(checkGeneratorWidth('64', 64), undefined);
    assert.match(checkGeneratorWidth('65', 64)!, /from 1 to 64/);
    assert.match(checkGeneratorWidth('0', 64)!, /from 1 to 64/);
    assert.match(checkGeneratorWidth('x', 64)!, /whole number/);
    assert.strictEqual(hyperparamsOf(QUICK_SHAPE).objective, undefined, 'presets keep the family’s default objective');
  });
});
