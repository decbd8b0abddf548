/**
 * ELECTRA interoperability: @huggingface/transformers v4 (which implements ElectraForMaskedLM and
 * ElectraForSequenceClassification, not ElectraForPreTraining) loads the generator/ folder of
 * our pretraining run and a finetuned classifier folder fully offline, and agrees with our
 * runtime on the generator's masked-LM logits over a padded batch, the fill-mask pipeline's
 * top 5, and classifier logits. "Ours" is built from each folder's model.safetensors + config.json.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FillMask } from '../../src/infer/fill-mask';
import type { ElectraConfig } from '../../src/models/configs';
import { exportElectraOnnx } from '../../src/models/electra/export-onnx';
import { buildElectraForMaskedLM, buildElectraForSequenceClassification } from '../../src/models/electra/model';
import { flatWeights, loadModelFolder, saveModelFolder } from '../../src/models/model-folder';
import { initialWeights } from '../../src/nn/params';
import { pretrain } from '../../src/train/run/pretrain';
import { toyCorpus } from '../helpers/tiny-bert';
import { assertClassifierLogitsMatch, assertFillMaskMatches, assertLogitsMatch, type HfTensor, offlineTransformers, oursFromFolderWeights, toInt64, type TransformersJs, zerosLike } from '../helpers/transformers-js';
import { GraphBuilder } from '../../src/graph';
import { InputParams } from '../../src/nn/params';

const oursFromWeights = (dir: string) => oursFromFolderWeights(dir, 'ElectraForSequenceClassification', buildElectraForSequenceClassification, buildElectraForMaskedLM);

describe('ELECTRA folders read by @huggingface/transformers v4', () => {
  let root: string;
  let hf: TransformersJs;
  let fill: FillMask;
  let run: string;
  let generator: string;
  let classifier: string;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'electra-hf-'));
    await writeFile(path.join(root, 'corpus.txt'), toyCorpus(400).join('\n'));
    run = path.join(root, 'electra');
    // Trained first, so that the generator's predictions depend on the context and are far from uniform.
    await pretrain(
      {
        corpus: path.join(root, 'corpus.txt'),
        out: run,
        resume: false,
        settings: { device: 'cpu', threads: 1 },
        hyperparams: { arch: 'electra', vocabSize: 300, layers: 2, heads: 2, dim: 32, context: 24, batch: 16, steps: 300, warmup: 20, lr: 3e-3, evalEvery: 0, evalBatches: 1, checkpointEvery: 0, seed: 3 },
        generatorDim: 16,
      },
      () => {},
    );
    generator = path.join(run, 'generator');
    // A classifier on the discriminator's encoder with a random head (what finetuning starts from).
    const disc = await loadModelFolder(run);
    classifier = path.join(root, 'classifier');
    const cfg: ElectraConfig = { ...(disc.config as ElectraConfig), architectures: ['ElectraForSequenceClassification'], id2label: { 0: 'neg', 1: 'neutral', 2: 'pos' }, label2id: { neg: 0, neutral: 1, pos: 2 } };
    const g = new GraphBuilder('layout');
    const params = new InputParams(g);
    buildElectraForSequenceClassification(g, params, cfg, { inputIds: g.input('input_ids', 'int32', [1, 1]) });
    const head = initialWeights(params.specs.filter((s) => s.name.startsWith('classifier.')).map((s) => ({ ...s, init: s.init.kind === 'normal' ? ({ kind: 'normal', std: 0.3 } as const) : s.init })), 21);
    const weights = new Map(params.specs.map((s) => [s.name, { shape: s.shape, data: (head.get(s.name) ?? disc.weights.get(s.name)!.data) as Float32Array }]));
    await saveModelFolder(classifier, { config: cfg, weights, tokenizer: disc.tokenizer, onnx: { 'onnx/model.onnx': exportElectraOnnx(cfg, flatWeights(weights)) } });
    fill = await FillMask.open(generator, { intraOpNumThreads: 1 });
    ({ hf } = await offlineTransformers(generator));
  });
  after(async () => {
    await fill?.release();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('ElectraForMaskedLM (the generator/ folder) gives masked-LM logits equal to ours within 1e-4 on a padded batch', async () => {
    const name = path.relative(path.dirname(generator), generator);
    const theirTokenizer = await hf.AutoTokenizer.from_pretrained(name, { local_files_only: true });
    const model = await hf.AutoModelForMaskedLM.from_pretrained(name, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
    const ours = await oursFromWeights(generator);
    const encoded = theirTokenizer(['the cat chases the [MASK] .', 'a [MASK] sleeps in the garden and the dog chases the cat .'], { padding: true }) as unknown as Record<'input_ids' | 'attention_mask', HfTensor>;
    assert.ok(Array.from(encoded.attention_mask.data, Number).includes(0), 'the batch must be padded');
    const theirs = (await model(encoded)) as { logits: HfTensor };
    const mine = await ours.run({ input_ids: toInt64(encoded.input_ids), attention_mask: toInt64(encoded.attention_mask), token_type_ids: zerosLike(encoded.input_ids) });
    assertLogitsMatch(mine.logits, theirs.logits, `padded batch ${encoded.input_ids.dims.join('×')}`);
    await Promise.all([model.dispose(), ours.release()]);
  });

  it("its fill-mask pipeline on the generator gives exactly our top 5 tokens and scores", async () => {
    const texts = ['the cat chases the [MASK] .', 'a [MASK] sleeps in the tree .', 'the fox chases the [MASK] .'];
    await assertFillMaskMatches(hf, path.basename(generator), fill, texts, 300, 'generator');
  });

  it('ElectraForSequenceClassification gives classifier logits equal to ours within 1e-4', async () => {
    const local = await offlineTransformers(classifier);
    const model = await local.hf.AutoModelForSequenceClassification.from_pretrained(local.name, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
    const theirTokenizer = await local.hf.AutoTokenizer.from_pretrained(local.name, { local_files_only: true });
    const ours = await oursFromWeights(classifier);
    const encoded = theirTokenizer(['the cat chases the mouse .', 'a fox sleeps in the forest and the bird sleeps .'], { padding: true }) as unknown as Record<'input_ids' | 'attention_mask', HfTensor>;
    const theirs = (await model(encoded)) as { logits: HfTensor };
    assert.deepEqual(theirs.logits.dims, [2, 3]);
    const mine = await ours.run({ input_ids: toInt64(encoded.input_ids), attention_mask: toInt64(encoded.attention_mask), token_type_ids: zerosLike(encoded.input_ids) });
    assertClassifierLogitsMatch(mine.logits, theirs.logits);
    await Promise.all([model.dispose(), ours.release()]);
  });
});
