// How the extension lists and offers the folders of the families beyond GPT-2 and BERT: an
// ELECTRA run's two networks are both listed (the generator/ inside the discriminator's folder is
// a model of its own), the discriminator is not offered fill-mask (it has no masked-LM head) and
// says where its generator is, and every family appears with its model type.
import * as assert from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverModels } from '../../../../src/host/models/discovery';
import { describeModel } from '../../../../src/host/models/model-summary';
import { promptRefusal, promptTask } from '../../../../src/host/prompt/prompt-task';
import { canFinetune } from '../../../../src/host/runs/finetune-presets';
import { modelChoice } from '../../../../src/views/prompt/modes';
import { buildConfig } from '../../../../src/models/config-builder';
import { generatorConfig } from '../../../../src/models/electra/config';
import { FAMILIES } from '../../../../src/models/registry';
import type { ElectraConfig } from '../../../../src/models/configs';

describe('model folders of every family in the extension', () => {
  let root: string;
  const write = async (rel: string, value: unknown) => {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), JSON.stringify(value));
  };
  const tiny = (arch: (typeof FAMILIES)[number]['modelType']) => buildConfig({ arch, vocabSize: 100, layers: 1, heads: 2, dim: 32, context: 32 });

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'pl-families-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('lists an ELECTRA run’s discriminator and its generator/, which fills masks while the discriminator says where to go', async () => {
    const discriminator = { ...tiny('electra'), architectures: ['ElectraForPreTraining'] } as ElectraConfig;
    await write('run/config.json', discriminator);
    await write('run/generator/config.json', generatorConfig(discriminator));
    await write('run/training/config.json', discriminator); // not a network: training state
    const models = await discoverModels([{ folder: root, source: 'user' }]);
    assert.deepStrictEqual(models.map((m) => [m.name, path.relative(root, m.folder), m.modelType]), [
      ['run', 'run', 'electra'],
      ['run/generator', path.join('run', 'generator'), 'electra'],
    ]);
    const [disc, gen] = models;
    assert.strictEqual(promptTask(gen), 'fill-mask');
    assert.deepStrictEqual(modelChoice(gen, 1, false).modes, ['fill-mask', 'classify']);
    assert.strictEqual(promptTask(disc), undefined);
    const choice = modelChoice(disc, 0, false);
    assert.deepStrictEqual(choice.modes, []);
    assert.match(choice.problem ?? '', /discriminator.*generator/);
    assert.ok(choice.problem?.includes(path.join(root, 'run', 'generator')), choice.problem);
    assert.strictEqual(promptRefusal(disc), choice.problem);
    // The discriminator is the one users finetune.
    assert.ok(canFinetune('classify', disc));
    assert.ok(describeModel(disc).startsWith('electra · 1 layers'), describeModel(disc));
  });

  it('a finetuned ELECTRA classifier is not refused anything', async () => {
    await write('clf/config.json', { ...tiny('electra'), architectures: ['ElectraForSequenceClassification'], id2label: { 0: 'a', 1: 'b' }, label2id: { a: 0, b: 1 } });
    const [clf] = await discoverModels([{ folder: root, source: 'user' }]);
    assert.strictEqual(clf.refusedTasks, undefined);
    assert.deepStrictEqual(modelChoice(clf, 0, true).modes, ['classify']);
  });

  it('lists a folder of every family with its type; each masked LM and decoder is offered to the playground', async () => {
    for (const f of FAMILIES) await write(`${f.modelType}/config.json`, tiny(f.modelType));
    const models = await discoverModels([{ folder: root, source: 'user' }]);
    assert.deepStrictEqual(models.map((m) => m.modelType).sort(), FAMILIES.map((f) => f.modelType).sort());
    for (const m of models) {
      assert.ok(m.supported && describeModel(m).startsWith(`${m.modelType} · `), describeModel(m));
      const family = FAMILIES.find((f) => f.modelType === m.modelType)!;
      const expected = family.tasks.generate ? 'generate' : family.tasks.fillMask && !m.refusedTasks?.fillMask ? 'fill-mask' : undefined;
      assert.strictEqual(promptTask(m), expected, m.modelType);
      if (!expected) assert.ok(promptRefusal(m), `${m.modelType}: the playground says why not`);
    }
  });
});
