/**
 * Our XLM graphs (onnx/model.onnx of an XLMWithLMHeadModel folder and of a finetuned
 * XLMForSequenceClassification) against the plain float64 reference of modeling_xlm.py
 * (test/helpers/reference-xlm.ts) on random weights addressed by HF names: a right-padded batch
 * with both languages in it (a [code ; text] row and a text row), so that the language
 * embeddings, the padding mask XLM multiplies into the hidden states and the tied projection
 * all show. The exported graph takes no `langs` (as HF Optimum exports XLM) and reads every
 * token as config.lang_id, as the graph does whenever langs are absent; HF's other inputs
 * (token_type_ids, position_ids, no attention_mask) keep HF's meaning, while the family's entry
 * points drop the all-zero segment ids that generic callers pass.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, writeOnnx } from '../../../src/graph';
import type { XlmConfig } from '../../../src/models/configs';
import { exportXlmOnnx } from '../../../src/models/xlm/export-onnx';
import { XLM } from '../../../src/models/xlm/family';
import { buildXlmForSequenceClassification, buildXlmWithLMHead, sinusoidalPositions } from '../../../src/models/xlm/model';
import { ConstantParams, type Weights } from '../../../src/nn/params';
import { RuntimeSession } from '../../../src/runtime';
import { assertMaskedLmMatchesReference, int64, randomWeights } from '../../helpers/reference-compare';
import { referenceXlmClassifier, referenceXlmEncoder, referenceXlmMaskedLm, type XlmReferenceInputs } from '../../helpers/reference-xlm';
import { tinyXlmConfig, xlmParamSpecs } from '../../helpers/tiny-xlm';

// pad = 2. Row 0: <s> code… </s> text… </s> (langs 0 then 1); row 1: a text row padded at the end.
const ROWS = {
  ids: [[0, 7, 9, 14, 1, 11, 6, 1], [0, 11, 4, 13, 1, 2, 2, 2]],
  mask: [[1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0, 0, 0]],
  langs: [[0, 0, 0, 0, 0, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1]],
};
/** Every token in the text language: what the exported graph (no langs input) reads, config.lang_id = 1. */
const ALL_TEXT = ROWS.ids.map((ids) => ids.map(() => 1));

/** The feeds of a graph that takes langs: ROWS with their per-token languages. */
const WITH_LANGS = { input_ids: ROWS.ids, attention_mask: ROWS.mask, langs: ROWS.langs };

/** Random weights with LayerNorm gains around 1 (XLM's norms are layer_norm_emb, layer_norm1.i, layer_norm2.i). */
function xlmRandomWeights(cfg: XlmConfig, seed: number): Weights {
  const weights = randomWeights(xlmParamSpecs(cfg), seed);
  for (const [name, w] of weights) if (/layer_norm[^.]*(\.\d+)?\.weight$/.test(name)) weights.set(name, w.map((x) => 1 + x));
  return weights;
}

/** Runs the graph `build` makes with exactly the given int64 feeds. */
async function runGraph(feeds: Record<string, number[][]>, build: (g: GraphBuilder, inputs: Record<string, ReturnType<GraphBuilder['input']>>) => ReturnType<GraphBuilder['input']>) {
  const g = new GraphBuilder('xlm_probe');
  const inputs = Object.fromEntries(Object.keys(feeds).map((k) => [k, g.input(k, 'int64', ['batch', 'tokens'])]));
  g.output(build(g, inputs), 'logits');
  const session = await RuntimeSession.create(writeOnnx(g.graph));
  const out = await session.run(Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, int64(v)])));
  await session.release();
  return out.logits.data as Float32Array;
}

describe('XLM against a plain float64 reference of modeling_xlm.py', () => {
  const cfg = tinyXlmConfig();

  it('names its parameters as XLMWithLMHeadModel saves them (pred_layer.proj.weight tied away)', () => {
    const names = xlmParamSpecs(cfg).map((s) => s.name);
    assert.deepEqual(names.slice(0, 4), ['transformer.position_embeddings.weight', 'transformer.lang_embeddings.weight', 'transformer.embeddings.weight', 'transformer.layer_norm_emb.weight']);
    for (const n of ['transformer.attentions.1.q_lin.weight', 'transformer.attentions.1.out_lin.bias', 'transformer.layer_norm1.1.bias', 'transformer.ffns.1.lin1.weight', 'transformer.ffns.1.lin2.bias', 'transformer.layer_norm2.1.weight', 'pred_layer.proj.bias']) {
      assert.ok(names.includes(n), n);
    }
    assert.ok(!names.includes('pred_layer.proj.weight'), 'tied to transformer.embeddings.weight');
    assert.deepEqual(xlmParamSpecs({ ...cfg, tie_word_embeddings: false }).map((s) => s.name).filter((n) => n.startsWith('pred_layer')), ['pred_layer.proj.weight', 'pred_layer.proj.bias']);
    assert.ok(!xlmParamSpecs({ ...cfg, n_langs: 1 }).some((s) => s.name.includes('lang_embeddings')), 'one language: no language embedding');
  });

  it('gives the same masked-LM logits within 1e-4 on a padded batch with two languages (langs per token, as translation-LM training feeds them)', async () => {
    const weights = xlmRandomWeights(cfg, 13);
    const logits = await runGraph(WITH_LANGS, (g, x) =>
      buildXlmWithLMHead(g, new ConstantParams(g, weights), cfg, { inputIds: x.input_ids, attentionMask: x.attention_mask, langs: x.langs }).logits);
    const references = ROWS.ids.map((ids, b) => referenceXlmMaskedLm(weights, cfg, { ids, mask: ROWS.mask[b], langs: ROWS.langs[b] }));
    assertMaskedLmMatchesReference(logits, references, cfg.vocab_size);
    // The languages matter: the same ids read as all-text give other logits.
    const allText = ROWS.ids.map((ids, b) => referenceXlmMaskedLm(weights, cfg, { ids, mask: ROWS.mask[b], langs: ALL_TEXT[b] }));
    assert.ok(Math.abs(allText[0][1][3] - references[0][1][3]) > 1e-3, 'the language embedding changes the logits');
  });

  it('exports onnx/model.onnx without langs (as HF Optimum): input_ids and attention_mask, every token in config.lang_id', async () => {
    const weights = xlmRandomWeights(cfg, 13);
    assert.equal(cfg.lang_id, 1);
    const session = await RuntimeSession.create(exportXlmOnnx(cfg, weights));
    assert.deepEqual([...session.inputNames].sort(), ['attention_mask', 'input_ids']);
    const out = await session.run({ input_ids: int64(ROWS.ids), attention_mask: int64(ROWS.mask) });
    await session.release();
    assertMaskedLmMatchesReference(out.logits.data as Float32Array, ROWS.ids.map((ids, b) => referenceXlmMaskedLm(weights, cfg, { ids, mask: ROWS.mask[b], langs: ALL_TEXT[b] })), cfg.vocab_size);
  });

  it('returns attention probabilities per layer that sum to 1 and give padded keys no weight', async () => {
    const weights = xlmRandomWeights(cfg, 5);
    const session = await RuntimeSession.create(exportXlmOnnx(cfg, weights));
    const out = await session.run({ input_ids: int64(ROWS.ids), attention_mask: int64(ROWS.mask) }, ['attentions.0', 'attentions.1']);
    await session.release();
    const probs = out['attentions.1'];
    assert.deepEqual(probs.shape, [2, cfg.n_heads, 8, 8]);
    const p = probs.data as Float32Array;
    const at = (b: number, h: number, i: number, j: number) => p[((b * cfg.n_heads + h) * 8 + i) * 8 + j];
    for (let i = 0; i < 8; i++) {
      const row = Array.from({ length: 8 }, (_, j) => at(1, 2, i, j));
      assert.ok(Math.abs(row.reduce((a, c) => a + c, 0) - 1) < 1e-5);
      assert.ok(row.slice(5).every((x) => x < 1e-6), 'padded keys get no attention');
    }
  });

  it('without langs reads every token as lang_id; token_type_ids, position_ids and a missing attention_mask keep HF meaning', async () => {
    const weights = xlmRandomWeights(cfg, 29);
    const textCfg = { ...cfg, lang_id: 1 };
    const noLangs = await runGraph({ input_ids: ROWS.ids, attention_mask: ROWS.mask }, (g, x) =>
      buildXlmWithLMHead(g, new ConstantParams(g, weights), textCfg, { inputIds: x.input_ids, attentionMask: x.attention_mask }).logits);
    assertMaskedLmMatchesReference(noLangs, ROWS.ids.map((ids, b) => referenceXlmMaskedLm(weights, cfg, { ids, mask: ROWS.mask[b], langs: ALL_TEXT[b] })), cfg.vocab_size);

    // No attention_mask: HF counts the tokens that are not pad_index (row 1 ends in pads).
    const types = [[0, 0, 0, 0, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1]];
    const positions = [[0, 1, 2, 3, 4, 0, 1, 2], [0, 1, 2, 3, 4, 5, 6, 7]];
    const hfInputs = await runGraph({ input_ids: ROWS.ids, langs: ROWS.langs, token_type_ids: types, position_ids: positions }, (g, x) =>
      buildXlmWithLMHead(g, new ConstantParams(g, weights), cfg, { inputIds: x.input_ids, langs: x.langs, tokenTypeIds: x.token_type_ids, positionIds: x.position_ids }).logits);
    const references = ROWS.ids.map((ids, b): XlmReferenceInputs => ({ ids, langs: ROWS.langs[b], tokenTypeIds: types[b], positionIds: positions[b] }));
    assertMaskedLmMatchesReference(hfInputs, references.map((r) => referenceXlmMaskedLm(weights, cfg, r)), cfg.vocab_size);
  });

  it("the family's hidden states (pooled embeddings) drop the segment ids generic callers pass", async () => {
    const weights = xlmRandomWeights(cfg, 37);
    const zeros = ROWS.ids.map((r) => r.map(() => 0));
    const hidden = await runGraph({ ...WITH_LANGS, token_type_ids: zeros }, (g, x) =>
      XLM.hiddenStates!(g, new ConstantParams(g, weights), cfg, { inputIds: x.input_ids, attentionMask: x.attention_mask, langs: x.langs, tokenTypeIds: x.token_type_ids }, {}));
    let maxDiff = 0;
    ROWS.ids.forEach((ids, b) => referenceXlmEncoder(weights, cfg, { ids, mask: ROWS.mask[b], langs: ROWS.langs[b] }).forEach((v, t) => v.forEach((x, c) => (maxDiff = Math.max(maxDiff, Math.abs(x - hidden[(b * 8 + t) * cfg.emb_dim + c]))))));
    console.log(`      max |Δhidden| vs reference without token types ${maxDiff.toExponential(2)}`);
    assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
  });

  it('with sinusoidal_embeddings uses HF create_sinusoidal_embeddings (a fixed table, no parameter)', async () => {
    const sinCfg = tinyXlmConfig({ sinusoidal_embeddings: true });
    assert.ok(!xlmParamSpecs(sinCfg).some((s) => s.name.includes('position_embeddings')), 'HF never trains the sinusoidal table');
    const table = sinusoidalPositions(sinCfg.max_position_embeddings, sinCfg.emb_dim);
    // position_enc[pos, j] = pos / 10000^(2 (j // 2) / dim); sin on even columns, cos on odd.
    assert.equal(table[3 * 16 + 4], Math.sin(3 / Math.pow(10000, 4 / 16)));
    assert.equal(table[3 * 16 + 5], Math.cos(3 / Math.pow(10000, 4 / 16)));
    const weights = xlmRandomWeights(sinCfg, 31);
    weights.set('transformer.position_embeddings.weight', Float32Array.from(table));
    const logits = await runGraph(WITH_LANGS, (g, x) =>
      buildXlmWithLMHead(g, new ConstantParams(g, weights), sinCfg, { inputIds: x.input_ids, attentionMask: x.attention_mask, langs: x.langs }).logits);
    assertMaskedLmMatchesReference(logits, ROWS.ids.map((ids, b) => referenceXlmMaskedLm(weights, sinCfg, { ids, mask: ROWS.mask[b], langs: ROWS.langs[b] })), sinCfg.vocab_size);
  });

  it('gives the same XLMForSequenceClassification logits within 1e-4 (SequenceSummary on the first token), with langs and exported without', async () => {
    for (const summary_activation of [null, 'tanh']) {
      const clsCfg = tinyXlmConfig({ architectures: ['XLMForSequenceClassification'], id2label: { 0: 'a', 1: 'b', 2: 'c' }, label2id: { a: 0, b: 1, c: 2 }, summary_activation });
      const specs = xlmParamSpecs(clsCfg);
      assert.ok(specs.some((s) => s.name === 'sequence_summary.summary.weight') && !specs.some((s) => s.name.startsWith('pred_layer')));
      const weights = xlmRandomWeights(clsCfg, 17);
      const withLangs = await runGraph(WITH_LANGS, (g, x) =>
        buildXlmForSequenceClassification(g, new ConstantParams(g, weights), clsCfg, { inputIds: x.input_ids, attentionMask: x.attention_mask, langs: x.langs }).logits);
      const session = await RuntimeSession.create(exportXlmOnnx(clsCfg, weights));
      assert.deepEqual([...session.inputNames].sort(), ['attention_mask', 'input_ids']);
      const exported = (await session.run({ input_ids: int64(ROWS.ids), attention_mask: int64(ROWS.mask) })).logits.data as Float32Array;
      await session.release();
      for (const [what, ours, langs] of [['langs per token', withLangs, ROWS.langs], ['exported, no langs', exported, ALL_TEXT]] as const) {
        let maxDiff = 0;
        ROWS.ids.forEach((ids, b) => referenceXlmClassifier(weights, clsCfg, { ids, mask: ROWS.mask[b], langs: langs[b] }).forEach((x, l) => (maxDiff = Math.max(maxDiff, Math.abs(x - ours[b * 3 + l])))));
        console.log(`      summary_activation ${summary_activation}, ${what}: max |Δlogit| vs reference ${maxDiff.toExponential(2)}`);
        assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
      }
    }
  });
});
