/**
 * BERT interoperability: @huggingface/transformers v4 loads our saved folder fully offline and
 * agrees with our runtime on token ids, logits, attention maps and the fill-mask pipeline.
 * "Ours" is built from the folder's model.safetensors + config.json; "theirs" runs the folder's
 * onnx/model.onnx through transformers.js's own tokenizer, feeds and pipeline code.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FillMask } from '../../src/infer/fill-mask';
import type { BertConfig } from '../../src/models/configs';
import { attentionOutputName, buildBertInferenceGraph } from '../../src/models/bert/export-onnx';
import { flatWeights, loadModelFolder } from '../../src/models/model-folder';
import { writeOnnx } from '../../src/graph';
import { RuntimeSession } from '../../src/runtime';
import { saveTinyBertFolder, toyCorpus, trainTinyMlm } from '../helpers/tiny-bert';
import { type HfTensor, maxAbsDiff, offlineTransformers, toInt64, type TransformersJs } from '../helpers/transformers-js';

describe('BERT folder read by @huggingface/transformers v4', () => {
  let root: string;
  let dir: string;
  let hf: TransformersJs;
  let name: string;
  let ours: RuntimeSession;
  let fill: FillMask;

  before(async () => {
    // Trained first, so that predictions depend on the context and are far from uniform.
    const run = await trainTinyMlm(toyCorpus(400), 600, { initializer_range: 0.1 });
    root = await mkdtemp(path.join(os.tmpdir(), 'bert-hf-'));
    dir = path.join(root, 'tiny-bert');
    await saveTinyBertFolder(dir, run);
    const loaded = await loadModelFolder(dir);
    ours = await RuntimeSession.create(writeOnnx(buildBertInferenceGraph(loaded.config as BertConfig, flatWeights(loaded.weights))), { intraOpNumThreads: 1 });
    fill = await FillMask.open(dir, { intraOpNumThreads: 1 });
    ({ hf, name } = await offlineTransformers(dir));
  });
  after(async () => {
    await Promise.all([ours?.release(), fill?.release()]);
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('tokenizes as we do and gives logits and attentions equal to ours within 1e-4 on three inputs', async () => {
    const tokenizer = await hf.AutoTokenizer.from_pretrained(name, { local_files_only: true });
    const model = await hf.AutoModelForMaskedLM.from_pretrained(name, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
    const inputs: string[][] = [['the cat chases the [MASK] .'], ['a fox sleeps in the [MASK] .'], ['the [MASK] chases the cheese .', 'a dog sleeps [MASK] the garden .']];
    for (const texts of inputs) {
      const encoded = tokenizer(texts, { padding: true }) as unknown as Record<'input_ids' | 'attention_mask' | 'token_type_ids', HfTensor>;
      const T = encoded.input_ids.dims[1];
      texts.forEach((text, b) => {
        const expected = fill.tokenizer.addSpecialTokens(fill.tokenizer.encode(text));
        const theirIds = Array.from(encoded.input_ids.data, Number).slice(b * T, b * T + expected.length);
        assert.deepEqual(theirIds, expected, `token ids of "${text}"`);
      });
      const theirs = (await model.forward(encoded)) as Record<string, HfTensor>;
      const mine = await ours.run({ input_ids: toInt64(encoded.input_ids), attention_mask: toInt64(encoded.attention_mask), token_type_ids: toInt64(encoded.token_type_ids) });
      const logitDiff = maxAbsDiff(mine.logits.data as Float32Array, theirs.logits.data as Float32Array);
      let attnDiff = 0;
      for (let i = 0; i < 2; i++) {
        const name = attentionOutputName(i);
        assert.deepEqual(theirs[name].dims, mine[name].shape);
        attnDiff = Math.max(attnDiff, maxAbsDiff(mine[name].data as Float32Array, theirs[name].data as Float32Array));
      }
      console.log(`      ${JSON.stringify(texts)}: max |Δlogit| ${logitDiff.toExponential(2)}, max |Δattention| ${attnDiff.toExponential(2)}`);
      assert.ok(logitDiff < 1e-4, `logits differ by ${logitDiff}`);
      assert.ok(attnDiff < 1e-5, `attentions differ by ${attnDiff}`);
      // model(...) (MaskedLMOutput) must read the same logits as forward.
      const called = (await model(encoded)) as { logits: HfTensor };
      assert.equal(maxAbsDiff(called.logits.data as Float32Array, theirs.logits.data as Float32Array), 0);
    }
    await model.dispose();
  });

  it('its fill-mask pipeline gives exactly our top tokens and scores', async () => {
    const unmasker = await hf.pipeline('fill-mask', name, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
    const texts = ['the cat chases the [MASK] .', 'a [MASK] sleeps in the tree .', 'the fox chases the [MASK] .', 'a horse sleeps in the [MASK] .'];
    let nonUniform = 0;
    for (const text of texts) {
      const theirs = (await unmasker(text, { top_k: 5 })) as { token: number; token_str: string; score: number; sequence: string }[];
      const [mine] = await fill.run(text, 5);
      assert.deepEqual(mine.predictions.map((p) => p.token), theirs.map((p) => p.token), `top tokens of "${text}"`);
      assert.deepEqual(mine.predictions.map((p) => p.tokenStr), theirs.map((p) => p.token_str));
      assert.deepEqual(mine.predictions.map((p) => p.sequence), theirs.map((p) => p.sequence));
      const scoreDiff = maxAbsDiff(mine.predictions.map((p) => p.score), theirs.map((p) => p.score));
      console.log(`      "${text}" → ${mine.predictions.slice(0, 3).map((p) => `${p.tokenStr} ${p.score.toFixed(3)}`).join(', ')}; max |Δscore| ${scoreDiff.toExponential(2)}`);
      assert.ok(scoreDiff < 1e-5, `scores differ by ${scoreDiff}`);
      if (mine.predictions[0].score > 10 / fill.tokenizer.vocabSize) nonUniform++; // uniform: 1 / vocab
    }
    assert.equal(nonUniform, texts.length, 'the trained model must be far from uniform on every mask');
    await unmasker.dispose();
  });

  it('our fill-mask answers every [MASK] of a text and refuses a text without one', async () => {
    const results = await fill.run('the [MASK] chases the [MASK] .', 3);
    assert.deepEqual(results.map((r) => r.position), [2, 5]); // [CLS] the [MASK] chases the [MASK] . [SEP]
    assert.ok(results.every((r) => r.predictions.length === 3 && r.predictions[0].score >= r.predictions[2].score));
    await assert.rejects(fill.run('no mask here', 3), /no \[MASK\] token/);
  });
});
