import assert from 'node:assert/strict';
import { drawValidationBatches } from '../../../src/data/batch';
import { CausalLmBatches } from '../../../src/data/batch-causal';
import { packDocuments } from '../../../src/data/token-stream';
import { randomDocuments } from './corpus-text';
import { FakeTokenizer } from './fake-tokenizer';

describe('data/causal LM batches', () => {
  const tokenizer = new FakeTokenizer();
  const eos = tokenizer.tokenToId('</s>')!;
  const documents = randomDocuments(tokenizer, 20, 50);
  const options = { batchSize: 4, contextLength: 16, seed: 3 };

  it('packs documents with eos between them', () => {
    assert.deepEqual(Array.from(packDocuments([[10, 11, 12], [], [20, 21]], eos)), [10, 11, 12, eos, 20, 21]);
  });

  it('draws windows of T+1 packed tokens: inputs x[t], labels x[t+1]', () => {
    const stream = Array.from(packDocuments(documents, eos));
    const batch = new CausalLmBatches(documents, tokenizer, options).next();
    assert.deepEqual(batch.inputIds.shape, [4, 16]);
    assert.deepEqual(batch.labels.shape, [4, 16]);
    assert.equal(batch.attentionMask, undefined);
    for (let b = 0; b < 4; b++) {
      const x = Array.from(batch.inputIds.data.subarray(b * 16, b * 16 + 16));
      const y = Array.from(batch.labels.data.subarray(b * 16, b * 16 + 16));
      assert.deepEqual(y.slice(0, 15), x.slice(1));
      const window = [...x, y[15]];
      const found = stream.some((_, s) => window.every((id, k) => stream[s + k] === id));
      assert.ok(found, `row ${b} is not a window of the packed stream`);
    }
    assert.ok(Array.from(stream).includes(eos));
  });

  it('is reproducible from a seed and resumes exactly from a saved state', () => {
    const a = new CausalLmBatches(documents, tokenizer, options);
    const b = new CausalLmBatches(documents, tokenizer, options);
    assert.deepEqual([a.next(), a.next()], [b.next(), b.next()]);

    const saved = JSON.parse(JSON.stringify(a.state()));
    assert.equal(saved.batchesDrawn, 2);
    const expected = [a.next(), a.next()];
    const resumed = new CausalLmBatches(documents, tokenizer, options);
    resumed.restore(saved);
    assert.deepEqual([resumed.next(), resumed.next()], expected);

    assert.notDeepEqual(new CausalLmBatches(documents, tokenizer, { ...options, seed: 4 }).next(), new CausalLmBatches(documents, tokenizer, options).next());
  });

  it('draws the same fixed validation batches every time', () => {
    const create = (seed: number) => new CausalLmBatches(documents, tokenizer, { ...options, seed });
    const first = drawValidationBatches(create, 3);
    assert.equal(first.length, 3);
    assert.deepEqual(drawValidationBatches(create, 3), first);
    assert.notDeepEqual(first[0], first[1]);
  });

  it('refuses data shorter than one window and a state from another objective', () => {
    assert.throws(() => new CausalLmBatches([[5, 6]], tokenizer, options), /fewer than the 17/);
    const source = new CausalLmBatches(documents, tokenizer, options);
    assert.throws(() => source.restore({ ...source.state(), objective: 'mlm' }), /cannot restore a mlm/);
  });
});
