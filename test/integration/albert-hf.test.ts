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
import { FillMask } from '../../src/infer/fill-mask';
import { buildAlbertForMaskedLM, buildAlbertForSequenceClassification } from '../../src/models/albert/model';
import type { AlbertConfig } from '../../src/models/configs';
import { initialWeights } from '../../src/nn/params';
import type { PipelineTokenizer } from '../../src/tokenizer';
import { albertParamSpecs, saveAlbertFolder, trainTinyAlbertMlm } from '../helpers/tiny-albert';
import { toyCorpus } from '../helpers/tiny-bert';
import { assertClassifierLogitsMatch, assertFillMaskMatches, assertLogitsMatch, assertTokenizedAsOurs, type HfTensor, offlineTransformers, oursFromFolderWeights, toInt64, type TransformersJs } from '../helpers/transformers-js';

const oursFromWeights = (dir: string) => oursFromFolderWeights(dir, 'AlbertForSequenceClassification', buildAlbertForSequenceClassification, buildAlbertForMaskedLM);

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
    assertTokenizedAsOurs(encoded.input_ids, texts, tokenizer, cfg.pad_token_id);
    assert.ok(Array.from(encoded.attention_mask.data, Number).includes(0), 'the batch must be padded');
    const theirs = (await model(encoded)) as { logits: HfTensor };
    const mine = await ours.run({ input_ids: toInt64(encoded.input_ids), attention_mask: toInt64(encoded.attention_mask), token_type_ids: toInt64(encoded.token_type_ids) });
    assertLogitsMatch(mine.logits, theirs.logits, `padded batch of ${texts.length}×${T}`);
    await Promise.all([model.dispose(), ours.release()]);
  });

  it('its fill-mask pipeline gives exactly our top 5 tokens and scores', async () => {
    const texts = ['the cat chases the [MASK] .', 'a [MASK] sleeps in the tree .', 'the fox chases the [MASK] .', 'a horse sleeps in the [MASK] .'];
    await assertFillMaskMatches(hf, names.mlm, fill, texts, tokenizer.vocabSize);
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
    assertClassifierLogitsMatch(mine.logits, theirs.logits);
    await Promise.all([model.dispose(), ours.release()]);
  });
});
