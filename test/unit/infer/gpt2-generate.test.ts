/** GPT-2 inference: KV-cache generation equals recomputation; attention maps are well formed. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { CausalLm } from '../../../src/infer/causal-lm';
import { generate } from '../../../src/infer/generate';
import { argmax } from '../../../src/infer/sampling';
import { makeTinyGpt2Folder, type TinyFolder } from '../../helpers/tiny-gpt2-folder';
import { referenceGpt2Logits } from '../../helpers/reference-gpt2';

describe('GPT-2 inference', () => {
  let folder: TinyFolder;
  let lm: CausalLm;
  before(async () => {
    folder = await makeTinyGpt2Folder();
    lm = await CausalLm.open(folder.dir, { intraOpNumThreads: 1 });
  });
  after(async () => {
    await lm.release();
    rmSync(folder.dir, { recursive: true, force: true });
  });

  it('generates the same tokens with the KV cache as by recomputing the whole text', async () => {
    const prompt = lm.tokenizer.encode('the cat');
    const cached = await generate(lm, prompt, { maxNewTokens: 20, stopAtEos: false });
    const ids = [...prompt];
    const V = folder.config.vocab_size;
    for (let i = 0; i < 20; i++) {
      const { logits } = await lm.forward(ids, lm.emptyCache());
      ids.push(argmax(logits.subarray((ids.length - 1) * V, ids.length * V)));
    }
    assert.deepEqual(cached.ids, ids.slice(prompt.length));
    assert.ok(new Set(cached.ids).size > 1, 'a trained model does not repeat one token');
  });

  it('gives the same logits for a token fed after a cache as in one full pass', async () => {
    const ids = lm.tokenizer.encode('the dog sat on');
    const full = await lm.forward(ids, lm.emptyCache());
    const head = await lm.forward(ids.slice(0, -1), lm.emptyCache());
    const tail = await lm.forward(ids.slice(-1), head.cache);
    const V = folder.config.vocab_size;
    const expected = full.logits.subarray((ids.length - 1) * V);
    const maxDiff = Math.max(...Array.from(tail.logits, (x, i) => Math.abs(x - expected[i])));
    assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
  });

  it('returns causal attention maps whose rows sum to 1 and are zero above the diagonal', async () => {
    const ids = lm.tokenizer.encode('a bird sang in the tree');
    const { attentions } = await lm.forward(ids, lm.emptyCache(), true);
    assert.equal(attentions!.length, folder.config.n_layer);
    const T = ids.length;
    for (const a of attentions!) {
      assert.deepEqual(a.shape, [1, folder.config.n_head, T, T]);
      const data = a.data as Float32Array;
      for (let h = 0; h < folder.config.n_head; h++) {
        for (let q = 0; q < T; q++) {
          const row = data.subarray((h * T + q) * T, (h * T + q + 1) * T);
          const sum = row.reduce((s, x) => s + x, 0);
          assert.ok(Math.abs(sum - 1) < 1e-5, `row sum ${sum}`);
          for (let k = q + 1; k < T; k++) assert.equal(row[k], 0, `future key ${k} seen by query ${q}`);
        }
      }
    }
  });

  it('stops at a stop sequence and reports why', async () => {
    const out = await generate(lm, 'the', { maxNewTokens: 30, stop: [' the'], stopAtEos: false });
    if (out.stoppedBy === 'stop-sequence') assert.ok(out.text.includes(' the'));
    else assert.equal(out.ids.length, 30);
  });

  it('samples reproducibly from a seed', async () => {
    const a = await generate(lm, 'the', { maxNewTokens: 15, temperature: 1, topK: 20, topP: 0.9, seed: 42, stopAtEos: false });
    const b = await generate(lm, 'the', { maxNewTokens: 15, temperature: 1, topK: 20, topP: 0.9, seed: 42, stopAtEos: false });
    assert.deepEqual(a.ids, b.ids);
  });
});

describe('GPT-2 graph against an independent plain-TypeScript GPT-2', () => {
  it('computes the same logits (max |Δ| < 1e-4)', async () => {
    const folder = await makeTinyGpt2Folder(30);
    const lm = await CausalLm.open(folder.dir, { intraOpNumThreads: 1 });
    try {
      const ids = lm.tokenizer.encode('the bird sat on the hill');
      const ours = (await lm.forward(ids, lm.emptyCache())).logits;
      const reference = referenceGpt2Logits(folder.config, (name) => folder.weights.get(name)!.data, ids);
      const V = folder.config.vocab_size;
      let maxDiff = 0;
      reference.forEach((row, t) => row.forEach((x, v) => (maxDiff = Math.max(maxDiff, Math.abs(x - ours[t * V + v])))));
      console.log(`      max |Δlogit| vs reference = ${maxDiff.toExponential(2)}`);
      assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
    } finally {
      await lm.release();
      rmSync(folder.dir, { recursive: true, force: true });
    }
  });
});
