/**
 * Our ELECTRA graphs (discriminator = ElectraForPreTraining, generator = ElectraForMaskedLM,
 * ElectraForSequenceClassification) against the plain float64 reference of modeling_electra.py
 * (test/helpers/reference-electra.ts) on random weights addressed by HF names, with
 * embedding_size ≠ hidden_size (embeddings_project) and a right-padded row.
 */
import assert from 'node:assert/strict';
import { buildElectraForMaskedLM, buildElectraForPreTraining, buildElectraForSequenceClassification } from '../../../src/models/electra/model';
import { referenceElectraClassifier, referenceElectraDiscriminator, referenceElectraGenerator } from '../../helpers/reference-electra';
import { int32, runWithRandomWeights, tinyElectraConfig } from '../../helpers/tiny-electra';

const ROWS = { ids: [[2, 5, 9, 14, 7, 3], [2, 11, 4, 3, 0, 0]], mask: [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]] };
const T = 6;

/** Largest |ours − reference| over the real tokens' values; `perToken` values per position. */
function maxDiff(ours: Float32Array, reference: (ids: number[], mask: number[]) => number[][], perToken: number): { diff: number; spread: number } {
  let [diff, spread] = [0, 0];
  ROWS.ids.forEach((ids, b) =>
    reference(ids, ROWS.mask[b]).forEach((v, t) =>
      v.forEach((x, o) => {
        if (!ROWS.mask[b][t] && perToken > 0) return;
        diff = Math.max(diff, Math.abs(x - ours[(b * (perToken > 0 ? T : 1) + t) * Math.abs(perToken) + o]));
        spread = Math.max(spread, Math.abs(x));
      }),
    ),
  );
  return { diff, spread };
}

describe('ELECTRA against a plain float64 reference of modeling_electra.py (embedding_size ≠ hidden_size)', () => {
  const feeds = { input_ids: int32(ROWS.ids), attention_mask: int32(ROWS.mask) };
  const inputs = (g: import('../../../src/graph').GraphBuilder) => ({ inputIds: g.input('input_ids', 'int32', [2, T]), attentionMask: g.input('attention_mask', 'int32', [2, T]) });

  it('gives the same discriminator scores (ElectraForPreTraining) within 1e-4', async () => {
    const cfg = tinyElectraConfig();
    const { out, weights, specs } = await runWithRandomWeights((g, p) => ({ logits: buildElectraForPreTraining(g, p, cfg, inputs(g)).logits }), feeds, 13);
    assert.ok(specs.some((s) => s.name === 'electra.embeddings_project.weight'), 'embeddings_project must exist when embedding_size ≠ hidden_size');
    const { diff, spread } = maxDiff(out.logits.data as Float32Array, (ids, mask) => referenceElectraDiscriminator(weights, cfg, ids, mask).map((x) => [x]), 1);
    console.log(`      max |Δscore| ${diff.toExponential(2)} (scores up to ${spread.toFixed(2)})`);
    assert.ok(spread > 0.5 && diff < 1e-4, `max difference ${diff}`);
  });

  it('gives the same generator logits (ElectraForMaskedLM, a narrower generator projecting up from the shared embeddings) within 1e-4', async () => {
    const cfg = tinyElectraConfig({ hidden_size: 4, num_attention_heads: 1, intermediate_size: 8, architectures: ['ElectraForMaskedLM'] });
    const { out, weights } = await runWithRandomWeights((g, p) => ({ logits: buildElectraForMaskedLM(g, p, cfg, inputs(g)).logits }), feeds, 17);
    const { diff, spread } = maxDiff(out.logits.data as Float32Array, (ids, mask) => referenceElectraGenerator(weights, cfg, ids, mask), cfg.vocab_size);
    console.log(`      max |Δlogit| ${diff.toExponential(2)} (logits up to ${spread.toFixed(2)})`);
    assert.ok(spread > 1 && diff < 1e-4, `max difference ${diff}`);
  });

  it('gives the same sequence-classification logits within 1e-4 (dense → gelu → out_proj on the first token)', async () => {
    const cfg = tinyElectraConfig({ architectures: ['ElectraForSequenceClassification'], id2label: { 0: 'a', 1: 'b', 2: 'c' } });
    const { out, weights } = await runWithRandomWeights((g, p) => ({ logits: buildElectraForSequenceClassification(g, p, cfg, inputs(g)).logits }), feeds, 19);
    const { diff } = maxDiff(out.logits.data as Float32Array, (ids, mask) => [referenceElectraClassifier(weights, cfg, ids, mask)], -3);
    console.log(`      max |Δlogit| ${diff.toExponential(2)}`);
    assert.ok(diff < 1e-4, `max difference ${diff}`);
  });
});
