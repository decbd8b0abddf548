/**
 * GPT-2 interoperability: @huggingface/transformers v4 loads our saved folder offline and
 * agrees with our runtime on logits, greedy text generation and decoder attention maps.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { CausalLm } from '../../src/infer/causal-lm';
import { generate } from '../../src/infer/generate';
import { makeTinyGpt2Folder, type TinyFolder } from '../helpers/tiny-gpt2-folder';
import { offlineTransformers, type TransformersJs } from '../helpers/transformers-js';

describe('GPT-2 folder read by @huggingface/transformers v4', () => {
  let folder: TinyFolder;
  let lm: CausalLm;
  let hf: TransformersJs;
  let name: string;
  before(async () => {
    folder = await makeTinyGpt2Folder();
    lm = await CausalLm.open(folder.dir, { intraOpNumThreads: 1 });
    ({ hf, name } = await offlineTransformers(folder.dir));
  });
  after(async () => {
    await lm.release();
    rmSync(folder.dir, { recursive: true, force: true });
  });

  it('gives logits equal to ours within 1e-4 on three inputs', async () => {
    const tokenizer = await hf.AutoTokenizer.from_pretrained(name, { local_files_only: true });
    const model = await hf.AutoModelForCausalLM.from_pretrained(name, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
    for (const text of ['the cat sat', 'a bird sang in the tree while', 'we read the book, then']) {
      const ids = lm.tokenizer.encode(text);
      const inputs = tokenizer(text);
      assert.deepEqual(Array.from(inputs.input_ids.data as BigInt64Array, Number), ids, 'same token ids');
      const theirs = (await model(inputs)).logits.data as Float32Array;
      const ours = (await lm.forward(ids, lm.emptyCache())).logits;
      assert.equal(theirs.length, ours.length);
      const maxDiff = Math.max(...Array.from(ours, (x, i) => Math.abs(x - theirs[i])));
      console.log(`      "${text}": max |Δlogit| = ${maxDiff.toExponential(2)}`);
      assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
    }
    await model.dispose();
  });

  it('its text-generation pipeline (greedy, 20 tokens) produces exactly our tokens', async () => {
    const generator = await hf.pipeline('text-generation', name, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
    for (const prompt of ['the dog', 'a bird sang']) {
      const ours = await generate(lm, prompt, { maxNewTokens: 20, stopAtEos: false });
      const out = (await generator(prompt, { max_new_tokens: 20, do_sample: false, return_full_text: false })) as { generated_text: string }[];
      assert.equal(out[0].generated_text, ours.text);
    }
    await generator.dispose();
  });

  it('generate({output_attentions: true}) returns our decoder attention maps', async () => {
    const tokenizer = await hf.AutoTokenizer.from_pretrained(name, { local_files_only: true });
    const model = await hf.AutoModelForCausalLM.from_pretrained(name, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
    const text = 'the quick brown fox';
    const inputs = tokenizer(text);
    const result = (await model.generate({ ...inputs, max_new_tokens: 2, do_sample: false, output_attentions: true, return_dict_in_generate: true })) as unknown as {
      decoder_attentions: { data: Float32Array; dims: number[] }[][];
    };
    const firstStep = result.decoder_attentions[0];
    assert.equal(firstStep.length, folder.config.n_layer);
    const ids = lm.tokenizer.encode(text);
    const ours = (await lm.forward(ids, lm.emptyCache(), true)).attentions!;
    firstStep.forEach((theirs, layer) => {
      assert.deepEqual(theirs.dims, ours[layer].shape);
      const mine = ours[layer].data as Float32Array;
      const maxDiff = Math.max(...Array.from(mine, (x, i) => Math.abs(x - theirs.data[i])));
      assert.ok(maxDiff < 1e-5, `layer ${layer}: max difference ${maxDiff}`);
    });
    await model.dispose();
  });
});
