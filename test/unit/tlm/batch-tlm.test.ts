/**
 * Translation-LM batches: the [code ; text] row layout (BERT's one separator, RoBERTa's two),
 * positions restarting on the text side, side ids as token types and langs, fair truncation,
 * masking on both sides, plain masked-LM rows for the rest of the batch, Unicoder's negatives
 * drawn from the batch for about half the pair rows, and a restored batch position drawing the
 * same batches.
 */
import assert from 'node:assert/strict';
import { IGNORE_INDEX, type Batch } from '../../../src/data/batch';
import { TranslationLmBatches } from '../../../src/data/batch-tlm';
import { fairLengths, pairRow } from '../../../src/data/batch-tlm-row';
import type { TokenizedPair } from '../../../src/data/tokenized-pairs';
import { trainTokenizer } from '../../../src/tokenizer';
import { InputError } from '../../../src/util/errors';
import { FakeTokenizer } from '../data/fake-tokenizer';

const tokenizer = new FakeTokenizer();
const [CLS, SEP] = [tokenizer.tokenToId('[CLS]')!, tokenizer.tokenToId('[SEP]')!];
const first = tokenizer.firstCharId;
// Pair k: code ids in [first + 20k, first + 20k + 8), text ids in [first + 20k + 10, first + 20k + 15): each side's owner is visible in its ids.
const pairs: TokenizedPair[] = Array.from({ length: 6 }, (_, k) => ({
  code: Int32Array.from({ length: 8 }, (_, i) => first + 20 * k + i),
  text: Int32Array.from({ length: 5 }, (_, i) => first + 20 * k + 10 + i),
}));
const pairOf = (id: number) => Math.floor((id - first) / 20);
const documents = [Array.from({ length: 200 }, (_, i) => first + 150 + (i % 30))];

/** Row b's ids before masking, its sides and positions, over its real tokens. */
function rowOf(batch: Batch, b: number) {
  const T = batch.inputIds.shape[1];
  const used = batch.attentionMask!.data.subarray(b * T, (b + 1) * T).reduce((n, a) => n + a, 0);
  const at = (t: number) => b * T + t;
  const ids = Array.from({ length: used }, (_, t) => (batch.labels.data[at(t)] !== IGNORE_INDEX ? batch.labels.data[at(t)] : batch.inputIds.data[at(t)]));
  const slice = (tensor: { data: Int32Array }) => Array.from(tensor.data.subarray(at(0), at(used)));
  return { ids, sides: slice(batch.tokenTypeIds!), positions: slice(batch.positionIds!), langs: slice(batch.langs!), labels: slice(batch.labels) };
}

describe('translation-LM rows', () => {
  it('lay out [CLS] code [SEP] text [SEP] (one separator) and <s> code </s></s> text </s> (two), positions restarting where the text side starts', () => {
    const one = pairRow([10, 11, 12], [20, 21], 16, { clsId: 1, sepId: 2, separators: 1 });
    assert.deepEqual(one.ids, [1, 10, 11, 12, 2, 20, 21, 2]);
    assert.deepEqual(one.sides, [0, 0, 0, 0, 0, 1, 1, 1]);
    assert.deepEqual(one.positions, [0, 1, 2, 3, 4, 0, 1, 2]);
    const two = pairRow([10, 11, 12], [20, 21], 16, { clsId: 0, sepId: 2, separators: 2 });
    assert.deepEqual(two.ids, [0, 10, 11, 12, 2, 2, 20, 21, 2]);
    assert.deepEqual(two.sides, [0, 0, 0, 0, 0, 1, 1, 1, 1]);
    assert.deepEqual(two.positions, [0, 1, 2, 3, 4, 0, 1, 2, 3]);
  });

  it('truncate fairly: whole sides when they fit, a short side whole and the other cut, two long sides half each', () => {
    assert.deepEqual(fairLengths(3, 4, 10), [3, 4]);
    assert.deepEqual(fairLengths(30, 2, 10), [8, 2]);
    assert.deepEqual(fairLengths(2, 30, 10), [2, 8]);
    assert.deepEqual(fairLengths(30, 30, 11), [6, 5]);
    const row = pairRow(Array(50).fill(7), Array(50).fill(8), 12, { clsId: 1, sepId: 2, separators: 1 });
    assert.equal(row.ids.length, 12);
    assert.deepEqual([row.ids.filter((id) => id === 7).length, row.ids.filter((id) => id === 8).length], [5, 4]);
  });
});

describe('translation-LM batches', () => {
  it('fill half the rows with pairs (code side 0, text side 1, langs likewise) and the rest with plain masked-LM rows (segment 0, text language)', () => {
    const [B, T] = [8, 20];
    const source = new TranslationLmBatches(documents, tokenizer, { batchSize: B, contextLength: T, seed: 3, pairs });
    const batch = source.next();
    for (let b = 0; b < B; b++) {
      const row = rowOf(batch, b);
      if (b < B / 2) {
        const sep = row.ids.indexOf(SEP);
        assert.equal(row.ids[0], CLS);
        assert.equal(row.ids.at(-1), SEP);
        assert.deepEqual(row.sides, row.ids.map((_, t) => (t <= sep ? 0 : 1)));
        assert.deepEqual(row.langs, row.sides);
        assert.deepEqual(row.positions, row.ids.map((_, t) => (t <= sep ? t : t - sep - 1)));
        const owners = new Set(row.ids.filter((id) => id >= first).map(pairOf));
        assert.equal(owners.size, 1, 'without matching, each row holds one pair');
      } else {
        assert.ok(row.ids.every((id) => id === CLS || id === SEP || id >= first + 150), 'plain rows come from the documents');
        assert.ok(row.sides.every((s) => s === 0));
        assert.ok(row.langs.every((s) => s === 1));
        assert.deepEqual(row.positions, row.ids.map((_, t) => t));
      }
    }
    assert.equal(batch.matchLabels, undefined);
  });

  it('mask tokens on both sides of the pairs over many batches, and every pair row at least once', () => {
    const [B, T] = [4, 20];
    const source = new TranslationLmBatches(documents, tokenizer, { batchSize: B, contextLength: T, seed: 5, pairs });
    const maskedOn = [0, 0];
    for (let n = 0; n < 100; n++) {
      const batch = source.next();
      for (let b = 0; b < B / 2; b++) {
        const row = rowOf(batch, b);
        assert.ok(row.labels.some((l) => l !== IGNORE_INDEX), 'a pair row with no target');
        row.labels.forEach((l, t) => l !== IGNORE_INDEX && maskedOn[row.sides[t]]++);
        assert.ok(row.labels.every((l, t) => l === IGNORE_INDEX || (row.ids[t] !== CLS && row.ids[t] !== SEP)), 'special tokens are never targets');
      }
    }
    assert.ok(maskedOn[0] > 50 && maskedOn[1] > 30, `targets on the code side ${maskedOn[0]}, on the text side ${maskedOn[1]}`);
  });

  it('with matching, give about half the pair rows another row\'s text (label 0), the rest their own (label 1), and plain rows no label', () => {
    const [B, T] = [8, 20];
    const source = new TranslationLmBatches(documents, tokenizer, { batchSize: B, contextLength: T, seed: 7, pairs, match: true });
    let [rows, negatives] = [0, 0];
    for (let n = 0; n < 100; n++) {
      const batch = source.next();
      const drawnCodes = Array.from({ length: B / 2 }, (_, b) => pairOf(rowOf(batch, b).ids.find((id, t) => id >= first && rowOf(batch, b).sides[t] === 0)!));
      for (let b = 0; b < B; b++) {
        const label = batch.matchLabels!.data[b];
        if (b >= B / 2) {
          assert.equal(label, IGNORE_INDEX);
          continue;
        }
        const row = rowOf(batch, b);
        const owner = (side: number) => new Set(row.ids.filter((id, t) => id >= first && row.sides[t] === side).map(pairOf));
        const [code, text] = [[...owner(0)], [...owner(1)]];
        assert.deepEqual([code.length, text.length], [1, 1]);
        assert.equal(label, code[0] === text[0] ? 1 : 0);
        if (label === 0) assert.ok(drawnCodes.includes(text[0]), 'a negative text comes from another row of the batch');
        rows++;
        negatives += label === 0 ? 1 : 0;
      }
    }
    assert.ok(negatives / rows > 0.35 && negatives / rows < 0.6, `${negatives} of ${rows} pair rows negative`);
  });

  it('draw the same batches again from a restored position', () => {
    const make = () => new TranslationLmBatches(documents, tokenizer, { batchSize: 6, contextLength: 20, seed: 9, pairs, match: true });
    const source = make();
    source.next();
    source.next();
    const saved = JSON.parse(JSON.stringify(source.state()));
    const expected = [source.next(), source.next()];
    const resumed = make();
    resumed.restore(saved);
    for (const batch of expected) {
      const again = resumed.next();
      for (const key of ['inputIds', 'labels', 'attentionMask', 'tokenTypeIds', 'positionIds', 'langs', 'matchLabels'] as const) {
        assert.deepEqual(Array.from(again[key]!.data), Array.from(batch[key]!.data), key);
      }
    }
  });

  it('use RoBERTa\'s <s> code </s></s> text </s> with a tokenizer whose separator is its end-of-text token', () => {
    const texts = ['function add(a, b) { return a + b; }', 'adds two numbers and returns the sum'];
    const roberta = trainTokenizer('bpe', [texts.join('\n').repeat(5)], { family: 'roberta', vocabSize: 300 });
    const [bos, eos] = [roberta.tokenToId('<s>')!, roberta.tokenToId('</s>')!];
    const pair = { code: Int32Array.from(roberta.encode(texts[0])), text: Int32Array.from(roberta.encode(texts[1])) };
    const source = new TranslationLmBatches([roberta.encode(texts.join(' '))], roberta, { batchSize: 2, contextLength: 64, seed: 1, pairs: [pair] });
    const row = rowOf(source.next(), 0);
    const start = 2 + pair.code.length;
    assert.deepEqual([row.ids[0], row.ids[start - 1], row.ids[start], row.ids.at(-1)], [bos, eos, eos, eos]);
    assert.deepEqual([row.positions[start - 1], row.positions[start], row.sides[start - 1], row.sides[start]], [start - 1, 0, 0, 1]);
  });

  it('refuse a context too short for two sides in one line', () => {
    assert.throws(() => new TranslationLmBatches(documents, tokenizer, { batchSize: 2, contextLength: 4, pairs }), (e: Error) => e instanceof InputError && /--context 4 is too short for the translation LM: .* use --context 5 or more/.test(e.message));
  });

  it('keep a drawn text equal to the row\'s own as a positive: pairs sharing one text give no negatives', () => {
    const same = [pairs[0], { code: pairs[1].code, text: pairs[0].text }];
    const source = new TranslationLmBatches(documents, tokenizer, { batchSize: 4, contextLength: 20, pairs: same, match: true });
    for (let n = 0; n < 20; n++) assert.deepEqual(Array.from(source.next().matchLabels!.data.subarray(0, 2)), [1, 1]);
  });
});
