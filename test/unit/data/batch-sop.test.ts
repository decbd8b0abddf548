/**
 * ALBERT's sentence-order batches and n-gram masking: segment pairs are two consecutive runs of
 * one file's text with segment ids 0 / 1, swapped half the time (label 1) over many batches;
 * n-gram lengths follow p(n) ∝ 1/n (n ≤ 3); a corpus with no text long enough for two
 * segments is refused in one line.
 */
import assert from 'node:assert/strict';
import { IGNORE_INDEX } from '../../../src/data/batch';
import { SentenceOrderBatches } from '../../../src/data/batch-sop';
import { chooseNgrams, ngramLengthProbabilities } from '../../../src/data/ngram-masking';
import { InputError } from '../../../src/util/errors';
import { Rng } from '../../../src/util/rng';
import { FakeTokenizer } from './fake-tokenizer';

const tokenizer = new FakeTokenizer();
const [CLS, SEP] = [tokenizer.tokenToId('[CLS]')!, tokenizer.tokenToId('[SEP]')!];
const first = tokenizer.firstCharId;
// Two files whose tokens count up by one, in ranges of their own: consecutive text is visible in the ids.
const files = [Array.from({ length: 90 }, (_, i) => first + i), Array.from({ length: 90 }, (_, i) => first + 90 + i)];
const fileOf = (id: number) => Math.floor((id - first) / 90);

describe('ALBERT sentence-order batches', () => {
  it('cut both segments from consecutive text of one file, with segment ids 0 then 1, and swap about half of them', () => {
    const [B, T] = [16, 24];
    const source = new SentenceOrderBatches(files, tokenizer, { batchSize: B, contextLength: T, seed: 4 });
    let [rows, swapped] = [0, 0];
    for (let n = 0; n < 200; n++) {
      const batch = source.next();
      for (let b = 0; b < B; b++) {
        const at = (t: number) => b * T + t;
        const used = batch.attentionMask!.data.subarray(at(0), at(T)).reduce((a, c) => a + c, 0);
        // The text as it was before masking: labels hold the original id where a token was chosen.
        const ids = Array.from({ length: used }, (_, t) => (batch.labels.data[at(t)] !== IGNORE_INDEX ? batch.labels.data[at(t)] : batch.inputIds.data[at(t)]));
        const types = Array.from(batch.tokenTypeIds!.data.subarray(at(0), at(used)));
        const seps = ids.flatMap((id, t) => (id === SEP ? [t] : []));
        assert.equal(ids[0], CLS);
        assert.deepEqual([seps.length, seps[1]], [2, used - 1], 'one [SEP] after each segment');
        const [a, c] = [ids.slice(1, seps[0]), ids.slice(seps[0] + 1, used - 1)];
        assert.ok(a.length > 0 && c.length > 0, 'both segments hold text');
        assert.deepEqual(types, [...Array(seps[0] + 1).fill(0), ...Array(used - seps[0] - 1).fill(1)]);
        const label = batch.sentenceOrderLabels!.data[b];
        const [earlier, later] = label === 1 ? [c, a] : [a, c];
        const text = [...earlier, ...later];
        assert.ok(text.every((id, i) => i === 0 || id === text[i - 1] + 1), `row ${b}: segments are consecutive text in order when label = ${label}`);
        assert.equal(new Set(text.map(fileOf)).size, 1, 'one file');
        rows++;
        swapped += label;
      }
    }
    const rate = swapped / rows;
    console.log(`      swap rate ${rate.toFixed(3)} over ${rows} rows`);
    assert.ok(Math.abs(rate - 0.5) < 0.03, `swap rate ${rate}`);
  });

  it('refuses a corpus with no text long enough for two segments in one line', () => {
    assert.throws(
      () => new SentenceOrderBatches([[first], [first + 1], []], tokenizer, { batchSize: 2, contextLength: 16 }),
      (e: unknown) => e instanceof InputError && !e.message.includes('\n') && /no file of the corpus has 2 tokens or more: use a corpus with longer texts, or --objective mlm/.test(e.message),
    );
  });
});

describe('ALBERT n-gram masking', () => {
  it('draws n-gram lengths n ≤ 3 with p(n) ∝ 1/n and masks about 15% of the non-special tokens', () => {
    const rng = new Rng(12);
    const spans: number[] = [];
    let [chosen, total] = [0, 0];
    for (let n = 0; n < 300; n++) {
      const row = [CLS, ...Array.from({ length: 200 }, (_, i) => first + (i % 180)), SEP];
      const flags = chooseNgrams(row, tokenizer, 0.15, rng, spans);
      assert.equal(flags[0] + flags[row.length - 1], 0, 'specials are never chosen');
      chosen += flags.reduce((a, f) => a + f, 0);
      total += 200;
    }
    const expected = ngramLengthProbabilities();
    assert.deepEqual(expected.map((p) => p.toFixed(4)), ['0.5455', '0.2727', '0.1818']); // 6/11, 3/11, 2/11
    const observed = [1, 2, 3].map((n) => spans.filter((s) => s === n).length / spans.length);
    console.log(`      n-gram shares ${observed.map((p) => p.toFixed(3)).join(' / ')} over ${spans.length} spans (expected ${expected.map((p) => p.toFixed(3)).join(' / ')}); masked ${(chosen / total).toFixed(3)}`);
    assert.ok(Math.max(...spans) <= 3);
    observed.forEach((p, i) => assert.ok(Math.abs(p - expected[i]) < 0.03, `n = ${i + 1}: ${p} vs ${expected[i]}`));
    assert.ok(Math.abs(chosen / total - 0.15) < 0.01, `masked share ${chosen / total}`);
  });
});
