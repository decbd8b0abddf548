/**
 * Our ALBERT graphs (onnx/model.onnx of a masked-LM folder and of a finetuned classifier)
 * against the plain float64 reference of modeling_albert.py (test/helpers/reference-albert.ts)
 * on random weights addressed by HF names, on a right-padded batch with two segments: 3 layers
 * run by 2 groups of 2 inner layers (HF's rule puts layers 0, 1 in group 0 and layer 2 in
 * group 1) and embedding_size 6 ≠ hidden_size 12, so a wrong group rule, a missing inner layer
 * or a missing embedding projection changes the logits.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, writeOnnx } from '../../../src/graph';
import { albertGroupOf, buildAlbertForPreTraining } from '../../../src/models/albert/model';
import { exportAlbertOnnx } from '../../../src/models/albert/export-onnx';
import { ConstantParams, InputParams } from '../../../src/nn/params';
import { RuntimeSession } from '../../../src/runtime';
import { assertMaskedLmMatchesReference, int64, randomWeights } from '../../helpers/reference-compare';
import { referenceAlbertClassifier, referenceAlbertMaskedLm, referenceAlbertSentenceOrder } from '../../helpers/reference-albert';
import { albertParamSpecs, tinyAlbertConfig } from '../../helpers/tiny-albert';

// A full row with two segments and a right-padded one (pad = 0).
const ROWS = {
  ids: [[2, 5, 9, 3, 7, 3], [2, 11, 4, 3, 0, 0]],
  mask: [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]],
  types: [[0, 0, 0, 0, 1, 1], [0, 0, 0, 0, 0, 0]],
};
const feeds = () => ({ input_ids: int64(ROWS.ids), attention_mask: int64(ROWS.mask), token_type_ids: int64(ROWS.types) });

describe('ALBERT against a plain float64 reference of modeling_albert.py', () => {
  it("maps layers to groups by HF's int(i / (num_hidden_layers / num_hidden_groups))", () => {
    assert.deepEqual([0, 1, 2].map((i) => albertGroupOf(i, { num_hidden_layers: 3, num_hidden_groups: 2 })), [0, 0, 1]);
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => albertGroupOf(i, { num_hidden_layers: 6, num_hidden_groups: 3 })), [0, 0, 1, 1, 2, 2]);
    assert.deepEqual([0, 1, 2, 3].map((i) => albertGroupOf(i, { num_hidden_layers: 4, num_hidden_groups: 1 })), [0, 0, 0, 0]);
  });

  it('keeps one set of parameters per (group, inner layer) and none for the layers it only runs', () => {
    const names = albertParamSpecs(tinyAlbertConfig()).map((s) => s.name);
    const layerNames = names.filter((n) => n.includes('albert_layer_groups'));
    const prefixes = [...new Set(layerNames.map((n) => n.split('.').slice(0, 6).join('.')))].sort();
    assert.deepEqual(prefixes, [0, 1].flatMap((g) => [0, 1].map((j) => `albert.encoder.albert_layer_groups.${g}.albert_layers.${j}`)));
    assert.ok(names.includes('albert.encoder.embedding_hidden_mapping_in.weight'));
    assert.ok(!names.includes('predictions.decoder.weight'), 'the decoder is tied to the word embeddings');
  });

  it('gives the same masked-LM logits within 1e-4 with shared groups, inner layers and E ≠ C', async () => {
    const cfg = tinyAlbertConfig();
    const weights = randomWeights(albertParamSpecs(cfg), 13);
    const session = await RuntimeSession.create(exportAlbertOnnx(cfg, weights));
    const out = await session.run(feeds());
    await session.release();
    assert.equal(Object.keys(out).filter((k) => k.startsWith('attentions.')).length, cfg.num_hidden_layers * cfg.inner_group_num, 'one attention map per layer run');
    const references = ROWS.ids.map((ids, b) => referenceAlbertMaskedLm(weights, cfg, ids, ROWS.mask[b], ROWS.types[b]));
    assertMaskedLmMatchesReference(out.logits.data as Float32Array, references, cfg.vocab_size);
  });

  it('gives the same sequence-classification logits within 1e-4 (tanh pooler on [CLS], classifier)', async () => {
    const cfg = tinyAlbertConfig({ architectures: ['AlbertForSequenceClassification'], id2label: { 0: 'a', 1: 'b', 2: 'c' }, label2id: { a: 0, b: 1, c: 2 } });
    const weights = randomWeights(albertParamSpecs(cfg), 17);
    const session = await RuntimeSession.create(exportAlbertOnnx(cfg, weights));
    const out = await session.run(feeds());
    await session.release();
    const ours = out.logits.data as Float32Array;
    let maxDiff = 0;
    ROWS.ids.forEach((ids, b) => referenceAlbertClassifier(weights, cfg, ids, ROWS.mask[b], ROWS.types[b]).forEach((x, l) => (maxDiff = Math.max(maxDiff, Math.abs(x - ours[b * 3 + l])))));
    console.log(`      max |Δlogit| vs reference ${maxDiff.toExponential(2)}`);
    assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
  });

  it('gives the same AlbertForPreTraining masked-LM and sentence-order logits within 1e-4 (pooler → sop_classifier.classifier)', async () => {
    const cfg = tinyAlbertConfig({ architectures: ['AlbertForPreTraining'] });
    const layout = new GraphBuilder('albert_pretraining_layout');
    const inputParams = new InputParams(layout);
    buildAlbertForPreTraining(layout, inputParams, cfg, { inputIds: layout.input('input_ids', 'int32', [1, 1]) });
    const weights = randomWeights(inputParams.specs, 19);
    assert.ok(weights.has('sop_classifier.classifier.weight') && weights.has('albert.pooler.weight'));
    const g = new GraphBuilder('albert_pretraining');
    const dims = ['batch', 'tokens'];
    const [inputIds, attentionMask, tokenTypeIds] = ['input_ids', 'attention_mask', 'token_type_ids'].map((n) => g.input(n, 'int64', dims));
    const { logits, sentenceOrderLogits } = buildAlbertForPreTraining(g, new ConstantParams(g, weights), cfg, { inputIds, attentionMask, tokenTypeIds });
    g.output(logits, 'logits');
    g.output(sentenceOrderLogits, 'sop_logits');
    const session = await RuntimeSession.create(writeOnnx(g.graph));
    const out = await session.run(feeds());
    await session.release();
    const [mlm, sop] = [out.logits.data as Float32Array, out.sop_logits.data as Float32Array];
    let [maxDiff, spread] = [0, 0];
    ROWS.ids.forEach((ids, b) => {
      referenceAlbertMaskedLm(weights, cfg, ids, ROWS.mask[b], ROWS.types[b]).forEach((v, t) => v.forEach((x, o) => (maxDiff = Math.max(maxDiff, Math.abs(x - mlm[(b * 6 + t) * cfg.vocab_size + o])))));
      referenceAlbertSentenceOrder(weights, cfg, ids, ROWS.mask[b], ROWS.types[b]).forEach((x, l) => {
        maxDiff = Math.max(maxDiff, Math.abs(x - sop[b * 2 + l]));
        spread = Math.max(spread, Math.abs(x));
      });
    });
    console.log(`      max |Δlogit| vs reference ${maxDiff.toExponential(2)} (SOP logits up to ${spread.toFixed(2)})`);
    assert.ok(spread > 0.1, 'SOP logits must be large enough to show differences');
    assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
  });
});
