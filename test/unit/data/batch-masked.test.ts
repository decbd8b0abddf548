import assert from 'node:assert/strict';
import { IGNORE_INDEX, type Batch } from '../../../src/data/batch';
import { MaskedLmBatches, type MaskedLmBatchOptions } from '../../../src/data/batch-masked';
import type { MaskingStrategy } from '../../../src/data/masking';
import { randomDocuments } from './corpus-text';
import { FakeTokenizer } from './fake-tokenizer';

const tokenizer = new FakeTokenizer();
const MASK = tokenizer.tokenToId('[MASK]')!;
const CLS = tokenizer.tokenToId('[CLS]')!;
const SEP = tokenizer.tokenToId('[SEP]')!;
const documents = randomDocuments(tokenizer, 40, 400);
const B = 32;
const T = 128;

interface Row {
  original: number[];
  input: number[];
  chosen: boolean[];
}

/** Rows of a batch with the original tokens recovered (labels hold them where chosen). */
function rows(batch: Batch): Row[] {
  const [, width] = batch.inputIds.shape;
  const result: Row[] = [];
  for (let b = 0; b < batch.inputIds.shape[0]; b++) {
    const input: number[] = [];
    const original: number[] = [];
    const chosen: boolean[] = [];
    for (let t = 0; t < width; t++) {
      if (!batch.attentionMask!.data[b * width + t]) continue;
      const label = batch.labels.data[b * width + t];
      input.push(batch.inputIds.data[b * width + t]);
      chosen.push(label !== IGNORE_INDEX);
      original.push(label !== IGNORE_INDEX ? label : batch.inputIds.data[b * width + t]);
    }
    result.push({ original, input, chosen });
  }
  return result;
}

/** Rows from batches until at least `tokens` non-special tokens have been seen. */
function drawRows(strategy: MaskingStrategy, tokens: number, seed = 11): Row[] {
  const source = new MaskedLmBatches(documents, tokenizer, { batchSize: B, contextLength: T, strategy, seed });
  const all: Row[] = [];
  let seen = 0;
  while (seen < tokens) {
    for (const row of rows(source.next())) {
      all.push(row);
      seen += row.original.filter((id) => !tokenizer.isSpecial(id)).length;
    }
  }
  return all;
}

/** Words as a reader sees them: a word-start token and the continuation tokens after it. */
function words(original: number[]): number[][] {
  const result: number[][] = [];
  original.forEach((id, i) => {
    if (tokenizer.isSpecial(id)) return;
    if (tokenizer.isWordStart(id) || i === 0 || tokenizer.isSpecial(original[i - 1]) || result.length === 0) result.push([i]);
    else result[result.length - 1].push(i);
  });
  return result;
}

function chosenShare(all: Row[]): number {
  let candidates = 0;
  let chosen = 0;
  for (const row of all) {
    row.original.forEach((id, i) => {
      if (tokenizer.isSpecial(id)) return;
      candidates++;
      if (row.chosen[i]) chosen++;
    });
  }
  return chosen / candidates;
}

function assertWholeWords(all: Row[]): void {
  for (const row of all) {
    for (const word of words(row.original)) {
      const flags = new Set(word.map((i) => row.chosen[i]));
      assert.equal(flags.size, 1, `word at ${word[0]} is partly masked`);
    }
  }
}

describe('data/masked LM batches', () => {
  it('chooses 15% of non-special tokens and corrupts them 80/10/10, never a special token', () => {
    const all = drawRows('token', 100_000);
    const share = chosenShare(all);
    assert.ok(Math.abs(share - 0.15) <= 0.005, `chosen share ${share}`);

    let masked = 0;
    let random = 0;
    let unchanged = 0;
    for (const row of all) {
      row.chosen.forEach((isChosen, i) => {
        if (!isChosen) {
          assert.equal(row.input[i], row.original[i]);
          return;
        }
        assert.ok(!tokenizer.isSpecial(row.original[i]), 'a special token was chosen');
        if (row.input[i] === MASK) masked++;
        else if (row.input[i] === row.original[i]) unchanged++;
        else {
          assert.ok(!tokenizer.isSpecial(row.input[i]), 'replaced by a special token');
          random++;
        }
      });
    }
    const total = masked + random + unchanged;
    // A random replacement can draw the original id (1 in 190 here) and look unchanged.
    assert.ok(Math.abs(masked / total - 0.8) <= 0.01, `[MASK] share ${masked / total}`);
    assert.ok(Math.abs(random / total - 0.1) <= 0.01, `random share ${random / total}`);
    assert.ok(Math.abs(unchanged / total - 0.1) <= 0.01, `unchanged share ${unchanged / total}`);
  });

  it('wraps rows in [CLS] … [SEP] with a full attention mask', () => {
    const batch = new MaskedLmBatches(documents, tokenizer, { batchSize: 2, contextLength: T }).next();
    assert.deepEqual(batch.inputIds.shape, [2, T]);
    assert.deepEqual(batch.attentionMask!.shape, [2, T]);
    assert.ok(batch.attentionMask!.data.every((m) => m === 1));
    for (let b = 0; b < 2; b++) {
      assert.equal(batch.inputIds.data[b * T], CLS);
      assert.equal(batch.inputIds.data[b * T + T - 1], SEP);
      assert.equal(batch.labels.data[b * T], IGNORE_INDEX);
    }
  });

  it('pads rows when the data is shorter than one row', () => {
    const word = tokenizer.encode('abc');
    const batch = new MaskedLmBatches([word], tokenizer, { batchSize: 1, contextLength: 8, maskProbability: 1 }).next();
    assert.deepEqual(Array.from(batch.attentionMask!.data), [1, 1, 1, 1, 1, 0, 0, 0]);
    assert.deepEqual(Array.from(batch.labels.data), [IGNORE_INDEX, ...word, IGNORE_INDEX, IGNORE_INDEX, IGNORE_INDEX, IGNORE_INDEX]);
    assert.equal(batch.inputIds.data[7], tokenizer.tokenToId('[PAD]'));
  });

  it('whole-word masking never splits a word and keeps the 15% share', () => {
    const all = drawRows('whole-word', 100_000);
    assertWholeWords(all);
    const share = chosenShare(all);
    assert.ok(Math.abs(share - 0.15) <= 0.005, `chosen share ${share}`);
  });

  it('span masking masks runs of whole words and keeps the 15% share', () => {
    const all = drawRows('span', 100_000);
    assertWholeWords(all);
    const share = chosenShare(all);
    assert.ok(Math.abs(share - 0.15) <= 0.005, `chosen share ${share}`);
    // Spans cover several consecutive words: masked words come in runs longer than one.
    let maskedWords = 0;
    let runs = 0;
    for (const row of all) {
      let previous = false;
      for (const word of words(row.original)) {
        const isChosen = row.chosen[word[0]];
        if (isChosen) maskedWords++;
        if (isChosen && !previous) runs++;
        previous = isChosen;
      }
    }
    assert.ok(maskedWords / runs > 1.5, `mean run of ${maskedWords / runs} words`);
  });

  it('re-draws masks on every batch, reproducibly from a seed, and resumes from a saved state', () => {
    for (const strategy of ['token', 'whole-word', 'span'] as const) {
      const options: MaskedLmBatchOptions = { batchSize: 4, contextLength: 32, strategy, seed: 5 };
      const a = new MaskedLmBatches([documents[0]], tokenizer, options);
      const b = new MaskedLmBatches([documents[0]], tokenizer, options);
      const first = a.next();
      assert.deepEqual(first, b.next());
      const saved = JSON.parse(JSON.stringify(a.state()));
      const expected = [a.next(), a.next()];
      assert.notDeepEqual(expected[0].labels, first.labels);
      b.restore(saved);
      assert.deepEqual([b.next(), b.next()], expected);
    }
  });

  it('leaves rows unwrapped when the tokenizer has no [CLS]/[SEP]', () => {
    const plain = new FakeTokenizer({ withoutClsSep: true });
    const eos = plain.tokenToId('</s>');
    const batch = new MaskedLmBatches(randomDocuments(plain, 40, 20), plain, { batchSize: 4, contextLength: 16 }).next();
    assert.ok(batch.attentionMask!.data.every((m) => m === 1));
    for (const row of rows(batch)) {
      assert.equal(row.original.length, 16);
      assert.ok(row.original.every((id) => !plain.isSpecial(id) || id === eos), 'only text and document separators');
    }
  });
});
