/**
 * ALBERT interoperability: @huggingface/transformers v4 (AlbertForMaskedLM,
 * AlbertForSequenceClassification) loads our saved folders fully offline, tokenizes as we do,
 * and agrees with our runtime on masked-LM logits over a padded batch, the fill-mask pipeline's
 * top 5, and classifier logits. The classifier shares its layers across depth (3 layers, 2
 * groups of 2 inner layers) with embedding_size ≠ hidden_size. "Ours" is built from the folder's
 * model.safetensors + config.json; "theirs" runs its onnx/model.onnx through transformers.js.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type TensorData, writeOnnx } from '../../src/graph';
import { FillMask } from '../../src/infer/fill-mask';
import { buildAlbertForMaskedLM, buildAlbertForSequenceClassification } from '../../src/models/albert/model';
import { encoderInferenceGraph } from '../../src/models/bert/export-onnx';
import type { AlbertConfig } from '../../src/models/configs';
import { flatWeights, loadModelFolder } from '../../src/models/model-folder';
import { initialWeights } from '../../src/nn/params';
import { RuntimeSession } from '../../src/runtime';
import type { PipelineTokenizer } from '../../src/tokenizer';
import { albertParamSpecs, saveAlbertFolder, trainTinyAlbertMlm } from '../helpers/tiny-albert';
import { toyCorpus } from '../helpers/tiny-bert';
import { offlineTransformers, type TransformersJs } from '../helpers/transformers-js';

type HfTensor = { data: ArrayLike<number | bigint>; dims: number[] };

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};
const toInt64 = (t: HfTensor): TensorData => ({ dtype: 'int64', shape: t.dims, data: BigInt64Array.from(t.data as ArrayLike<bigint>) });

/** Our graph for the folder, built from its safetensors and config.json (not its onnx/). */
async function oursFromWeights(dir: string): Promise<RuntimeSession> {
  const loaded = await loadModelFolder(dir);
  const cfg = loaded.config as AlbertConfig;
  const build = cfg.architectures?.includes('AlbertForSequenceClassification') ? buildAlbertForSequenceClassification : buildAlbertForMaskedLM;
  return RuntimeSession.create(writeOnnx(encoderInferenceGraph('ours', flatWeights(loaded.weights), (g, params, inputs) => build(g, params, cfg, inputs))), { intraOpNumThreads: 1 });
}

describe('ALBERT folders read by @huggingface/transformers v4', () => {
  let root: string;
  let hf: TransformersJs;
  let tokenizer: PipelineTokenizer;
  let cfg: AlbertConfig;
  let fill: FillMask;
  const names = { mlm: 'tiny-albert', classifier: 'tiny-albert-classifier' };

  before(async () => {
    // Trained first, so that predictions depend on the context and are far from uniform.
    const run = await trainTinyAlbertMlm(toyCorpus(400), 1500, { initializer_range: 0.1 });
    ({ tokenizer, cfg } = run);
    root = await mkdtemp(path.join(os.tmpdir(), 'albert-hf-'));
    await saveAlbertFolder(path.join(root, names.mlm), cfg, tokenizer, run.state.params);
    const classifier: AlbertConfig = {
      ...cfg, num_hidden_layers: 3, num_hidden_groups: 2, inner_group_num: 2,
      architectures: ['AlbertForSequenceClassification'], id2label: { 0: 'neg', 1: 'neutral', 2: 'pos' }, label2id: { neg: 0, neutral: 1, pos: 2 },
    };
    const specs = albertParamSpecs(classifier).map((s) => ({ ...s, init: s.init.kind === 'normal' ? { kind: 'normal', std: 0.3 } as const : s.init }));
    await saveAlbertFolder(path.join(root, names.classifier), classifier, tokenizer, initialWeights(specs, 21));
    fill = await FillMask.open(path.join(root, names.mlm), { intraOpNumThreads: 1 });
    ({ hf } = await offlineTransformers(path.join(root, names.mlm)));
  });
  after(async () => {
    await fill?.release();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('tokenizes as we do and gives masked-LM logits equal to ours within 1e-4 on a padded batch', async () => {
    const theirTokenizer = await hf.AutoTokenizer.from_pretrained(names.mlm, { local_files_only: true });
    const model = await hf.AutoModelForMaskedLM.from_pretrained(names.mlm, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
    assert.equal(model.constructor.name, 'AlbertForMaskedLM');
    const ours = await oursFromWeights(path.join(root, names.mlm));
    const texts = ['the cat chases the [MASK] .', 'a [MASK] sleeps in the garden and the dog chases the cat .'];
    const encoded = theirTokenizer(texts, { padding: true }) as unknown as Record<'input_ids' | 'attention_mask' | 'token_type_ids', HfTensor>;
    const T = encoded.input_ids.dims[1];
    texts.forEach((text, b) => {
      const expected = tokenizer.addSpecialTokens(tokenizer.encode(text));
      assert.deepEqual(Array.from(encoded.input_ids.data, Number).slice(b * T, (b + 1) * T), [...expected, ...Array(T - expected.length).fill(cfg.pad_token_id)], `token ids of "${text}"`);
    });
    assert.ok(Array.from(encoded.attention_mask.data, Number).includes(0), 'the batch must be padded');
    const theirs = (await model(encoded)) as { logits: HfTensor };
    const mine = await ours.run({ input_ids: toInt64(encoded.input_ids), attention_mask: toInt64(encoded.attention_mask), token_type_ids: toInt64(encoded.token_type_ids) });
    const diff = maxAbsDiff(mine.logits.data as Float32Array, theirs.logits.data as Float32Array);
    console.log(`      padded batch of ${texts.length}×${T}: max |Δlogit| ${diff.toExponential(2)}`);
    assert.ok(diff < 1e-4, `logits differ by ${diff}`);
    await Promise.all([model.dispose(), ours.release()]);
  });

  it('its fill-mask pipeline gives exactly our top 5 tokens and scores', async () => {
    const unmasker = await hf.pipeline('fill-mask', names.mlm, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
    const texts = ['the cat chases the [MASK] .', 'a [MASK] sleeps in the tree .', 'the fox chases the [MASK] .', 'a horse sleeps in the [MASK] .'];
    let nonUniform = 0;
    for (const text of texts) {
      const theirs = (await unmasker(text, { top_k: 5 })) as { token: number; token_str: string; score: number }[];
      const [mine] = await fill.run(text, 5);
      assert.deepEqual(mine.predictions.map((p) => p.token), theirs.map((p) => p.token), `top tokens of "${text}"`);
      const scoreDiff = maxAbsDiff(mine.predictions.map((p) => p.score), theirs.map((p) => p.score));
      console.log(`      "${text}" → ${mine.predictions.slice(0, 3).map((p) => `${JSON.stringify(p.tokenStr)} ${p.score.toFixed(3)}`).join(', ')}; max |Δscore| ${scoreDiff.toExponential(2)}`);
      assert.ok(scoreDiff < 1e-5, `scores differ by ${scoreDiff}`);
      if (mine.predictions[0].score > 10 / tokenizer.vocabSize) nonUniform++; // uniform: 1 / vocab
    }
    assert.equal(nonUniform, texts.length, 'the trained model must be far from uniform on every mask');
    await unmasker.dispose();
  });

  it('AlbertForSequenceClassification (shared layers, E ≠ C) gives classifier logits equal to ours within 1e-4', async () => {
    const model = await hf.AutoModelForSequenceClassification.from_pretrained(names.classifier, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
    assert.equal(model.constructor.name, 'AlbertForSequenceClassification');
    const theirTokenizer = await hf.AutoTokenizer.from_pretrained(names.classifier, { local_files_only: true });
    const ours = await oursFromWeights(path.join(root, names.classifier));
    const encoded = theirTokenizer(['the cat chases the mouse .', 'a fox sleeps in the forest and the bird sleeps .'], { padding: true }) as unknown as Record<'input_ids' | 'attention_mask' | 'token_type_ids', HfTensor>;
    const theirs = (await model(encoded)) as { logits: HfTensor };
    assert.deepEqual(theirs.logits.dims, [2, 3]);
    const mine = await ours.run({ input_ids: toInt64(encoded.input_ids), attention_mask: toInt64(encoded.attention_mask), token_type_ids: toInt64(encoded.token_type_ids) });
    const diff = maxAbsDiff(mine.logits.data as Float32Array, theirs.logits.data as Float32Array);
    const spread = Math.max(...Array.from(theirs.logits.data as Float32Array, Math.abs));
    console.log(`      classifier logits ${Array.from(theirs.logits.data as Float32Array, (x) => x.toFixed(3)).join(' ')}; max |Δlogit| ${diff.toExponential(2)}`);
    assert.ok(spread > 0.1, 'logits must be large enough to show differences');
    assert.ok(diff < 1e-4, `logits differ by ${diff}`);
    await Promise.all([model.dispose(), ours.release()]);
  });
});
