/**
 * A pair objective's run data (src/train/run/pair-data.ts): a corpus without pairs is refused in
 * one line that says what the objective needs and how to check; a split side left empty by the
 * whole-file split borrows the other side's pairs with a warning; pairs whose side tokenizes to
 * nothing are dropped.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CodeTextPair, PairSplit } from '../../../src/data/pairs/types';
import { minePairsOrFail, tokenizePairSplit } from '../../../src/train/run/pair-data';
import { InputError } from '../../../src/util/errors';
import { FakeTokenizer } from '../data/fake-tokenizer';

const tokenizer = new FakeTokenizer();
const pair = (code: string, text: string): CodeTextPair => ({ file: 'a.ts', language: 'typescript', kind: 'doc-comment', line: 1, code, text });
const counts = { files: 1, units: 2, pairs: 2, byLanguage: {}, byKind: {}, duplicates: 0 };
const split = (train: CodeTextPair[], validation: CodeTextPair[]): PairSplit => ({ train, validation, counts });

describe('pair data of a training run', () => {
  it('refuses a corpus without pairs in one line naming what is needed and `pretrain-lab pairs`', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pl-nopairs-'));
    writeFileSync(path.join(dir, 'a.ts'), 'export const x = 1;\n');
    await assert.rejects(
      minePairsOrFail(dir, { objective: 'tlm', valFraction: 0.1, seed: 0, modelFolder: path.join(dir, 'out') }),
      (e: Error) => e instanceof InputError && !e.message.includes('\n') && /--objective tlm trains on \(code, text\) pairs .* 1 file of a language pair mining reads; check with `pretrain-lab pairs .*`, or use --objective mlm/.test(e.message),
    );
  });

  it('tokenizes both sides, dropping pairs with an empty side, and lets an empty side borrow the other with a warning', () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    const both = tokenizePairSplit(split([pair('f()', 'calls f'), pair('g()', '   ')], [pair('h()', 'calls h')]), tokenizer, 'ws', 'tlm', warn);
    assert.deepEqual([both.train.length, both.validation.length, warnings.length], [1, 1, 0]);
    const noValidation = tokenizePairSplit(split([pair('f()', 'calls f')], []), tokenizer, 'ws', 'tlm', warn);
    assert.equal(noValidation.validation, noValidation.train);
    assert.match(warnings.pop()!, /no \(code, text\) pair fell in the held-out validation files; tlm validation scores 1 training pairs/);
    const noTrain = tokenizePairSplit(split([], [pair('f()', 'calls f')]), tokenizer, 'ws', 'tlm', warn);
    assert.equal(noTrain.train, noTrain.validation);
    assert.match(warnings.pop()!, /every \(code, text\) pair fell in the held-out validation files/);
    assert.throws(() => tokenizePairSplit(split([pair('f()', ' ')], []), tokenizer, 'ws', 'tlm', warn), InputError);
  });
});
