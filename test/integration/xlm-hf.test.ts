/**
 * XLM interoperability: @huggingface/transformers v4 loads our saved XLMWithLMHeadModel folder
 * and an XLMForSequenceClassification folder fully offline (XLMWithLMHeadModel /
 * XLMForSequenceClassification over onnx/model.onnx, the tokenizer as PreTrainedTokenizerFast from
 * tokenizer.json: <s> … </s>, <special1> as the mask), tokenizes as we do, and agrees with our
 * runtime on logits over a padded batch, on the PLAIN fill-mask pipeline's top 5 and on classifier
 * logits. Our export takes no `langs` (as HF Optimum's XLM export; transformers.js's tokenizers
 * never produce them) and reads every token in config.lang_id; "ours" here is built from the
 * folder's model.safetensors + config.json with a `langs` input fed the text language for every
 * token, as a translation-LM row's text side is, so the comparisons also pin what the export
 * stands for.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GraphBuilder, writeOnnx } from '../../src/graph';
import { FillMask } from '../../src/infer/fill-mask';
import type { XlmConfig } from '../../src/models/configs';
import { XLM_CLASSIFIER } from '../../src/models/xlm/export-onnx';
import { languageId } from '../../src/models/xlm/languages';
import { buildXlmForSequenceClassification, buildXlmWithLMHead } from '../../src/models/xlm/model';
import { flatWeights, loadModelFolder } from '../../src/models/model-folder';
import { ConstantParams, initialWeights } from '../../src/nn/params';
import { RuntimeSession } from '../../src/runtime';
import type { PipelineTokenizer } from '../../src/tokenizer';
import { toyCorpus } from '../helpers/tiny-bert';
import { saveXlmFolder, trainTinyXlmMlm, xlmParamSpecs } from '../helpers/tiny-xlm';
import { assertClassifierLogitsMatch, assertFillMaskMatches, assertLogitsMatch, assertTokenizedAsOurs, type HfTensor, offlineTransformers, toInt64, type TransformersJs } from '../helpers/transformers-js';

type Encoded = Record<'input_ids' | 'attention_mask', HfTensor>;

describe('XLM folders read by @huggingface/transformers v4', () => {
  let root: string;
  let hf: TransformersJs;
  let tokenizer: PipelineTokenizer;
  let cfg: XlmConfig;
  let fill: FillMask;
  const names = { mlm: 'tiny-xlm', classifier: 'tiny-xlm-classifier' };
  /**
   * Ours, built from the folder's safetensors and config.json (not its onnx/), with a `langs`
   * input fed the text language at every token (the language a text on its own is read in).
   */
  const oursFromWeights = async (dir: string) => {
    const loaded = await loadModelFolder(dir);
    const config = loaded.config as XlmConfig;
    const g = new GraphBuilder('xlm_with_langs');
    const dims = ['batch_size', 'sequence_length'];
    const inputs = { inputIds: g.input('input_ids', 'int64', dims), attentionMask: g.input('attention_mask', 'int64', dims), langs: g.input('langs', 'int64', dims) };
    const build = config.architectures?.includes(XLM_CLASSIFIER) ? buildXlmForSequenceClassification : buildXlmWithLMHead;
    g.output(build(g, new ConstantParams(g, flatWeights(loaded.weights)), config, inputs).logits, 'logits');
    const session = await RuntimeSession.create(writeOnnx(g.graph), { intraOpNumThreads: 1 });
    const text = BigInt(languageId(config, 'text'));
    const run = (encoded: Encoded) => session.run({
      input_ids: toInt64(encoded.input_ids),
      attention_mask: toInt64(encoded.attention_mask),
      langs: { dtype: 'int64', shape: encoded.input_ids.dims, data: new BigInt64Array(encoded.input_ids.data.length).fill(text) },
    });
    return { run, release: () => session.release() };
  };

  before(async () => {
    // Trained first, so that predictions depend on the context and are far from uniform.
    const run = await trainTinyXlmMlm(toyCorpus(400), 600, { init_std: 0.1 });
    ({ tokenizer, cfg } = run);
    root = await mkdtemp(path.join(os.tmpdir(), 'xlm-hf-'));
    await saveXlmFolder(path.join(root, names.mlm), cfg, tokenizer, run.state.params);
    const classifier: XlmConfig = { ...cfg, architectures: ['XLMForSequenceClassification'], id2label: { 0: 'neg', 1: 'neutral', 2: 'pos' }, label2id: { neg: 0, neutral: 1, pos: 2 }, summary_activation: 'tanh' };
    const specs = xlmParamSpecs(classifier).map((s) => ({ ...s, init: s.init.kind === 'normal' ? { kind: 'normal', std: 0.3 } as const : s.init }));
    await saveXlmFolder(path.join(root, names.classifier), classifier, tokenizer, initialWeights(specs, 21));
    fill = await FillMask.open(path.join(root, names.mlm), { intraOpNumThreads: 1 });
    ({ hf } = await offlineTransformers(path.join(root, names.mlm)));
  });
  after(async () => {
    await fill?.release();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('saves config.json and tokenizer files as transformers reads an XLM folder', async () => {
    const config = JSON.parse(await readFile(path.join(root, names.mlm, 'config.json'), 'utf8'));
    assert.equal(config.model_type, 'xlm');
    assert.deepEqual(config.architectures, ['XLMWithLMHeadModel']);
    assert.deepEqual([config.n_langs, config.lang2id, config.id2lang, config.lang_id], [2, { code: 0, text: 1 }, { 0: 'code', 1: 'text' }, 1]);
    assert.deepEqual([config.bos_index, config.eos_index, config.pad_index, config.unk_index, config.mask_index], [0, 1, 2, 3, 4]);
    const tokenizerConfig = JSON.parse(await readFile(path.join(root, names.mlm, 'tokenizer_config.json'), 'utf8'));
    assert.equal(tokenizerConfig.tokenizer_class, 'PreTrainedTokenizerFast');
    assert.deepEqual(tokenizerConfig.model_input_names, ['input_ids', 'attention_mask'], 'no token_type_ids: XLM would add their word embeddings');
    assert.deepEqual([tokenizerConfig.bos_token, tokenizerConfig.sep_token, tokenizerConfig.pad_token, tokenizerConfig.unk_token, tokenizerConfig.mask_token], ['<s>', '</s>', '<pad>', '<unk>', '<special1>']);
  });

  it('tokenizes as we do and gives masked-LM logits equal to ours within 1e-4 on a padded batch', async () => {
    const theirTokenizer = await hf.AutoTokenizer.from_pretrained(names.mlm, { local_files_only: true });
    const model = await hf.AutoModelForMaskedLM.from_pretrained(names.mlm, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
    assert.equal(model.constructor.name, 'XLMWithLMHeadModel');
    const ours = await oursFromWeights(path.join(root, names.mlm));
    const texts = ['the cat chases the<special1> .', 'a<special1> sleeps in the garden and the dog chases the cat .'];
    const encoded = theirTokenizer(texts, { padding: true }) as unknown as Encoded;
    assertTokenizedAsOurs(encoded.input_ids, texts, tokenizer, cfg.pad_index);
    assert.ok(Array.from(encoded.attention_mask.data, Number).includes(0), 'the batch must be padded');
    const theirs = (await model(encoded)) as { logits: HfTensor };
    const mine = await ours.run(encoded);
    assertLogitsMatch(mine.logits, theirs.logits, `padded batch of ${texts.length}×${encoded.input_ids.dims[1]}`);
    await Promise.all([model.dispose(), ours.release()]);
  });

  it('exports onnx/model.onnx with input_ids and attention_mask only (no langs), as HF Optimum does', async () => {
    for (const name of Object.values(names)) {
      const session = await RuntimeSession.create(path.join(root, name, 'onnx', 'model.onnx'));
      assert.deepEqual([...session.inputNames].sort(), ['attention_mask', 'input_ids'], name);
      await session.release();
    }
  });

  it('its plain fill-mask pipeline gives exactly our top 5 tokens and scores', async () => {
    const texts = ['the cat chases the<special1> .', 'a<special1> sleeps in the tree .', 'the fox chases the<special1> .', 'a horse sleeps in the<special1> .'];
    await assertFillMaskMatches(hf, names.mlm, fill, texts, tokenizer.vocabSize);
    // [MASK] and <mask> stand for XLM's <special1>.
    assert.deepEqual(await fill.run('the cat chases the[MASK] .', 5), await fill.run(texts[0], 5));
  });

  it('XLMForSequenceClassification gives classifier logits equal to ours within 1e-4', async () => {
    const model = await hf.AutoModelForSequenceClassification.from_pretrained(names.classifier, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
    const theirTokenizer = await hf.AutoTokenizer.from_pretrained(names.classifier, { local_files_only: true });
    const ours = await oursFromWeights(path.join(root, names.classifier));
    const encoded = theirTokenizer(['the cat chases the mouse .', 'a fox sleeps in the forest and the bird sleeps .'], { padding: true }) as unknown as Encoded;
    const theirs = (await model(encoded)) as { logits: HfTensor };
    assert.deepEqual(theirs.logits.dims, [2, 3]);
    const mine = await ours.run(encoded);
    assertClassifierLogitsMatch(mine.logits, theirs.logits);
    await Promise.all([model.dispose(), ours.release()]);
  });
});
