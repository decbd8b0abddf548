/**
 * Families are decided in one place: outside src/models/ no code compares a model type with a
 * literal ("model_type === 'bert'", "case 't5':"); it asks the family registry what the folder's
 * family can do. So a new family (#13) is its folder plus one registry entry, not edits here and there.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sourceFiles } from '../../helpers/import-graph';
import { MODEL_TYPES } from '../../../src/models/configs';

const REPO = path.resolve(__dirname, '..', '..', '..');
const TYPES = MODEL_TYPES.join('|');
/** A model type compared with, or switched on, as a string literal. */
const TYPE_TEST = new RegExp(`(model_?[tT]ype|\\barch)\\s*[!=]==?\\s*['"](${TYPES})['"]|['"](${TYPES})['"]\\s*[!=]==?\\s*[\\w.]*(model_?[tT]ype|arch)\\b|case\\s+['"](${TYPES})['"]\\s*:`);

/** Where model-type literals belong: the families themselves, and the tokenizer's own per-family templates (below models). */
const ALLOWED = ['src/models/', 'src/tokenizer/'];

describe('architecture: family decisions go through the registry', () => {
  it('no file outside src/models/ tests a model type against a literal', () => {
    const files = sourceFiles(REPO, ['src']).filter((f) => !ALLOWED.some((a) => f.startsWith(a)));
    assert.ok(files.length > 100, 'reads the source tree');
    const found = files.flatMap((file) =>
      readFileSync(path.join(REPO, file), 'utf8').split('\n').flatMap((line, i) => (TYPE_TEST.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    assert.deepEqual(found, [], 'ask src/models/registry.ts (familyOf(config).tasks / .kind / …) instead');
  });

  it('the check finds what it looks for (guards against checking nothing)', () => {
    for (const line of ["if (config.model_type !== 'bert') throw", "case 't5':", "model.modelType === 'gpt2'", "arch === 't5' ? 7 / 3 : 1"]) {
      assert.ok(TYPE_TEST.test(line), line);
    }
    assert.ok(!TYPE_TEST.test("if (config.model_type !== arch) throw"));
  });
});
