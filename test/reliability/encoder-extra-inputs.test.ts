/**
 * Inference feeds follow the graph, not BERT: fill-mask, the attention report and the prompt
 * classifier used to feed token_type_ids to every encoder (an XLM graph has none: "unknown
 * 'token_type_ids'") and nothing a family adds (LayoutLM's `bbox`: "missing 'bbox'"). They now build
 * their feeds in one place (src/infer/encoder-feeds.ts): token_type_ids only where the graph
 * declares them, plus FamilySpec.extraInputs. Checked on a fake family with extra inputs, end to
 * end on a real LayoutLM folder, whose answers must be those of the boxes its extraInputs compute
 * from the text's lines, and on a real XLM folder (input_ids and attention_mask only: no
 * token_type_ids, and no `langs`, src/models/xlm/export-onnx.ts says why).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TensorData } from '../../src/graph';
import { openClassifier } from '../../src/infer/classify';
import { encoderAttentionReport } from '../../src/infer/encoder-attention';
import { encoderFeeds, encodedText } from '../../src/infer/encoder-feeds';
import { FillMask, topByProbability } from '../../src/infer/fill-mask';
import type { FamilySpec } from '../../src/models/family';
import { exportLayoutLmOnnx } from '../../src/models/layoutlm/export-onnx';
import { LAYOUTLM } from '../../src/models/layoutlm/family';
import { saveModelFolder } from '../../src/models/model-folder';
import { exportXlmOnnx } from '../../src/models/xlm/export-onnx';
import { XLM } from '../../src/models/xlm/family';
import { RuntimeSession } from '../../src/runtime';
import { trainTokenizer } from '../../src/tokenizer';
import { int64, randomWeights } from '../helpers/reference-compare';
import { toyCorpus } from '../helpers/tiny-bert';
import { layoutlmParamSpecs, tinyLayoutLmConfig } from '../helpers/tiny-layoutlm';
import { saveXlmFolder, tinyXlmConfig, xlmParamSpecs } from '../helpers/tiny-xlm';

describe('reliability: inference feeds an encoder exactly the inputs its graph declares', () => {
  it('adds the family extra inputs and token_type_ids only where the graph takes them', () => {
    const box: TensorData = { dtype: 'int64', shape: [1, 3, 4], data: new BigInt64Array(12) };
    const family = { ...LAYOUTLM, extraInputs: () => ({ bbox: box, other: box }) } as FamilySpec;
    const tokenizer = { idToToken: (id: number) => `t${id}` };
    const config = tinyLayoutLmConfig();
    const feeds = (inputNames: string[]) => encoderFeeds({ inputNames, family, config, tokenizer }, [0, 5, 1]);
    assert.deepEqual(Object.keys(feeds(['input_ids', 'attention_mask', 'bbox'])).sort(), ['attention_mask', 'bbox', 'input_ids']);
    assert.equal(feeds(['input_ids', 'attention_mask', 'bbox']).bbox, box);
    assert.deepEqual(Object.keys(feeds(['input_ids', 'attention_mask', 'bbox', 'other'])).sort(), ['attention_mask', 'bbox', 'input_ids', 'other']);
    assert.deepEqual(Object.keys(feeds(['input_ids', 'attention_mask', 'token_type_ids'])).sort(), ['attention_mask', 'input_ids', 'token_type_ids']);
    let seen: unknown;
    encoderFeeds({ inputNames: ['input_ids'], family: { ...LAYOUTLM, extraInputs: (_c, text) => ((seen = text), {}) } as FamilySpec, config, tokenizer }, [0, 5, 1]);
    assert.deepEqual(seen, { ids: [0, 5, 1], tokens: ['t0', 't5', 't1'] });
  });

  describe('on a LayoutLM folder (its graph takes bbox, computed from the lines of the text)', () => {
    let dir: string;
    // Byte-level BPE on layout-heavy text, so that the boxes differ from token to token.
    const tokenizer = trainTokenizer('bpe', ['if (a) {\n  return b;\n}\n', ...toyCorpus(40)], { family: 'roberta', vocabSize: 300 });
    const cfg = tinyLayoutLmConfig({ vocab_size: tokenizer.vocabSize, hidden_size: 16, num_attention_heads: 4, intermediate_size: 24, max_position_embeddings: 32 });
    const weights = randomWeights(layoutlmParamSpecs(cfg), 5);
    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'layoutlm-feeds-'));
      await saveModelFolder(dir, {
        config: cfg,
        weights: new Map(layoutlmParamSpecs(cfg).map((s) => [s.name, { shape: s.shape, data: weights.get(s.name) as Float32Array }])),
        tokenizer,
        onnx: { 'onnx/model.onnx': exportLayoutLmOnnx(cfg, weights) },
      });
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it('fill-mask answers as the graph does with the boxes extraInputs computes', async () => {
      const text = 'if (a) {\n  return<mask>;\n}';
      const fill = await FillMask.open(dir, { intraOpNumThreads: 1 });
      const [result] = await fill.run(text, 3);
      await fill.release();
      const ids = tokenizer.addSpecialTokens(tokenizer.encode(text));
      const { bbox } = LAYOUTLM.extraInputs!(cfg, encodedText(tokenizer, ids));
      const session = await RuntimeSession.create(exportLayoutLmOnnx(cfg, weights));
      const logitsWith = async (boxes: TensorData) => {
        const row = ids.map(() => 0);
        const out = await session.run({ input_ids: int64([ids]), attention_mask: int64([ids.map(() => 1)]), token_type_ids: int64([row]), bbox: boxes }, ['logits']);
        return (out.logits.data as Float32Array).subarray(result.position * cfg.vocab_size, (result.position + 1) * cfg.vocab_size);
      };
      const [laidOut, flat] = [topByProbability(await logitsWith(bbox), 3), topByProbability(await logitsWith({ ...bbox, data: new BigInt64Array(bbox.data.length) }), 3)];
      await session.release();
      assert.deepEqual(result.predictions.map((p) => [p.token, p.score]), laidOut.map((p) => [p.token, p.score]));
      assert.notDeepEqual(laidOut.map((p) => p.score), flat.map((p) => p.score), 'the boxes must matter for this check to mean anything');
    });

    it('the attention report and the prompt classifier run on it', () => runsAttentionAndPromptClassifier(dir, 'layoutlm', cfg.num_hidden_layers));
  });

  describe('on an XLM folder (its graph takes input_ids and attention_mask only)', () => {
    let dir: string;
    const tokenizer = trainTokenizer('bpe', toyCorpus(60), { family: 'xlm', vocabSize: 300 });
    const cfg = tinyXlmConfig({ vocab_size: tokenizer.vocabSize, max_position_embeddings: 32 });
    const weights = randomWeights(xlmParamSpecs(cfg), 3);
    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'xlm-feeds-'));
      await saveXlmFolder(dir, cfg, tokenizer, weights);
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it('fill-mask answers as the graph does, fed no token_type_ids', async () => {
      assert.equal(XLM.extraInputs, undefined, 'XLM adds no inputs (no langs)');
      const fill = await FillMask.open(dir, { intraOpNumThreads: 1 });
      const [result] = await fill.run('the cat chases the[MASK] .', 3);
      await fill.release();
      const ids = tokenizer.addSpecialTokens(tokenizer.encode('the cat chases the<special1> .'));
      const session = await RuntimeSession.create(exportXlmOnnx(cfg, weights));
      assert.deepEqual([...session.inputNames].sort(), ['attention_mask', 'input_ids']);
      const out = await session.run({ input_ids: int64([ids]), attention_mask: int64([ids.map(() => 1)]) }, ['logits']);
      await session.release();
      const expected = topByProbability((out.logits.data as Float32Array).subarray(result.position * cfg.vocab_size, (result.position + 1) * cfg.vocab_size), 3);
      assert.deepEqual(result.predictions.map((p) => [p.token, p.score]), expected.map((p) => [p.token, p.score]));
    });

    it('the attention report and the prompt classifier run on it', () => runsAttentionAndPromptClassifier(dir, 'xlm', cfg.n_layers));
  });
});

/** The attention report gives one map per layer and the prompt classifier's probabilities sum to 1. */
async function runsAttentionAndPromptClassifier(dir: string, model: string, layers: number): Promise<void> {
  const report = await encoderAttentionReport(dir, 'the cat chases the mouse .', model, { intraOpNumThreads: 1 });
  assert.equal(report.maps.length, layers);
  const classifier = await openClassifier(dir, { template: '{text} It was [MASK] .', verbalizer: 'a=cat,b=dog' }, { intraOpNumThreads: 1 });
  const { scores } = await classifier.classify('the cat chases the mouse .');
  await classifier.release();
  assert.ok(Math.abs(scores.reduce((s, x) => s + x.probability, 0) - 1) < 1e-6);
}
