/**
 * LayoutLM's training graphs read the boxes the batches carry: the masked-LM and the
 * classification forward passes declare `bbox` (B, T, 4) for layoutlm only, and batchFeeds
 * passes a batch's boxes to it (a batch without them is refused, not fed zeros).
 */
import assert from 'node:assert/strict';
import { GraphBuilder } from '../../../src/graph';
import { noDropout } from '../../../src/nn/dropout';
import { InputParams } from '../../../src/nn/params';
import { int32Tensor } from '../../../src/data/batch';
import { batchFeeds } from '../../../src/train/families';
import { classificationForward } from '../../../src/train/forward-classify';
import { maskedLmForward } from '../../../src/train/forward-mlm';
import type { ForwardBuilder } from '../../../src/train/step/step-graph';
import { tinyBertConfig } from '../../helpers/tiny-bert';
import { tinyLayoutLmConfig } from '../../helpers/tiny-layoutlm';

function inputsOf(forward: ForwardBuilder): Record<string, readonly unknown[]> {
  const g = new GraphBuilder('inputs');
  forward(g, new InputParams(g), noDropout);
  return Object.fromEntries(g.graph.inputs.filter((v) => !v.name.includes('.')).map((v) => [v.name, v.shape]));
}

describe('LayoutLM training graphs take the batches\' boxes', () => {
  it('masked LM and classifier declare bbox (B, T, 4) for layoutlm, not for bert', () => {
    const labels = { id2label: { 0: 'a', 1: 'b' }, label2id: { a: 0, b: 1 } };
    assert.deepEqual(inputsOf(maskedLmForward(tinyLayoutLmConfig(), 2, 6)).bbox, [2, 6, 4]);
    assert.deepEqual(inputsOf(classificationForward(tinyLayoutLmConfig({ architectures: ['LayoutLMForSequenceClassification'], ...labels }), 2, 6)).bbox, [2, 6, 4]);
    assert.equal(inputsOf(maskedLmForward(tinyBertConfig(), 2, 6)).bbox, undefined);
  });

  it('batchFeeds passes a batch\'s boxes as int32 (B, T, 4) and refuses a batch without them', () => {
    const batch = { inputIds: int32Tensor(2, 3), labels: int32Tensor(2, 3), attentionMask: int32Tensor(2, 3, 1) };
    assert.throws(() => batchFeeds(batch, ['input_ids', 'bbox']), /no data for graph input\(s\) bbox/);
    const feeds = batchFeeds({ ...batch, bbox: { data: new Int32Array(24).fill(5), shape: [2, 3, 4] } }, ['input_ids', 'bbox']);
    assert.deepEqual([feeds.bbox.dtype, feeds.bbox.shape], ['int32', [2, 3, 4]]);
  });
});
