/**
 * The family registry: one entry per model type, each self-consistent (what it claims to do it
 * has the code for), and refusals that name what a folder holds and which types would serve.
 */
import assert from 'node:assert/strict';
import { DEFAULTS, MODEL_TYPES } from '../../../src/models/configs';
import { FAMILIES, familiesWith, familyFor, familyForTask, familyOf, typeList } from '../../../src/models/registry';
import { InputError } from '../../../src/util/errors';

describe('model family registry', () => {
  it('has exactly one family per model type, in MODEL_TYPES order', () => {
    assert.deepEqual(FAMILIES.map((f) => f.modelType), [...MODEL_TYPES]);
    for (const type of MODEL_TYPES) assert.equal(familyOf(DEFAULTS[type]).modelType, type);
  });

  for (const family of FAMILIES) {
    describe(family.modelType, () => {
      it('pretrains with its default objective', () => {
        assert.ok(family.pretrain[family.defaultObjective], `no ${family.defaultObjective} graph`);
      });

      it('has a classifier exactly when it claims the classify task', () => {
        assert.equal(!!family.classifier, family.tasks.classify);
        if (family.classifier) assert.ok(family.classifier.architecture.endsWith('ForSequenceClassification'));
      });

      it('names summary fields that its config has', () => {
        const config = DEFAULTS[family.modelType] as unknown as Record<string, unknown>;
        for (const [field, key] of Object.entries(family.configFields)) {
          assert.ok(key in config, `${field}: ${family.modelType} configs have no '${key}'`);
        }
      });

      it('has attention kinds that fit its kind', () => {
        const expected = { decoder: ['causal'], encoder: ['self'], 'encoder-decoder': ['self', 'causal', 'cross'] }[family.kind];
        assert.deepEqual([...family.attention].sort(), [...expected].sort());
      });
    });
  }

  it('refuses an unknown model type with an InputError that lists the supported ones', () => {
    assert.throws(() => familyFor('xlnet-large'), (e: Error) => e instanceof InputError && e.message.includes(MODEL_TYPES.join(', ')));
  });

  it('refuses a task a family does not serve, naming the types that do', () => {
    assert.throws(() => familyForTask(DEFAULTS.t5, 'fillMask', '/m'), (e: Error) =>
      e instanceof InputError && e.message === `/m holds a 't5' model; fill-mask needs a masked LM (${typeList(familiesWith('fillMask'))})` && /\(.*bert.*\)$/.test(e.message));
    assert.equal(familyForTask(DEFAULTS.bert, 'fillMask', '/m').modelType, 'bert');
    assert.equal(typeList(FAMILIES), `${[...MODEL_TYPES].sort().slice(0, -1).join(', ')} and ${[...MODEL_TYPES].sort().at(-1)}`);
    assert.equal(typeList(FAMILIES.filter((f) => ['bert', 'gpt2', 'roberta', 't5'].includes(f.modelType))), 'bert, gpt2, roberta and t5');
  });
});
