/**
 * Sequence classification with BERT's pooler + classifier head: on a toy separable task (the
 * label is which third of the vocabulary a sequence's words come from) the loss falls and the
 * predictions become right, with dropout on.
 */
import assert from 'node:assert/strict';
import type { TensorData } from '../../../src/graph';
import { initialWeights } from '../../../src/nn/params';
import { CLASSIFY_METRICS, classificationForward } from '../../../src/train/forward-classify';
import { buildStepGraph } from '../../../src/train/step/step-graph';
import { StepSession, freshTrainState } from '../../../src/train/step/step-session';
import { Rng } from '../../../src/util/rng';
import { assertLearnedThreeClasses } from '../../helpers/toy-classification';
import { tinyBertConfig } from '../../helpers/tiny-bert';

describe('BERT sequence classification', () => {
  it('learns a toy separable 3-class task in 300 steps', async () => {
    const cfg = tinyBertConfig({
      architectures: ['BertForSequenceClassification'],
      vocab_size: 20,
      hidden_size: 16,
      intermediate_size: 32,
      // Dropout on (hidden, attention probabilities, classifier) so its masks are exercised; a
      // wider init than 0.02 keeps the run out of a long two-classes-merged plateau (loss ≈ 0.46).
      hidden_dropout_prob: 0.1,
      attention_probs_dropout_prob: 0.1,
      initializer_range: 0.05,
      id2label: { 0: 'low', 1: 'mid', 2: 'high' },
      label2id: { low: 0, mid: 1, high: 2 },
    });
    const [B, T, CLS, SEP] = [16, 8, 2, 3];
    const step = buildStepGraph(classificationForward(cfg, B, T), { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, clipNorm: 1 });
    assert.ok(step.dropoutSites.length >= 3 * cfg.num_hidden_layers + 2, `${step.dropoutSites.length} dropout sites`);
    const session = await StepSession.create(step, freshTrainState(step.params, initialWeights(step.params, 4)), { intraOpNumThreads: 1 });
    const rng = new Rng(8);
    const losses: number[] = [];
    let [correct, counted] = [0, 0];
    for (let i = 0; i < 300; i++) {
      const ids = new Int32Array(B * T); // 0 = [PAD]
      const mask = new Int32Array(B * T);
      const labels = new Int32Array(B);
      for (let b = 0; b < B; b++) {
        labels[b] = rng.int(3);
        const words = 2 + rng.int(T - 3); // variable length, so padding is exercised too
        const row = [CLS, ...Array.from({ length: words }, () => 5 + 5 * labels[b] + rng.int(5)), SEP];
        ids.set(row, b * T);
        mask.fill(1, b * T, b * T + row.length);
      }
      const tensor = (data: Int32Array, shape: number[]): TensorData => ({ dtype: 'int32', shape, data });
      const result = await session.run({ input_ids: tensor(ids, [B, T]), attention_mask: tensor(mask, [B, T]), labels: tensor(labels, [B, 1]) }, 3e-3, rng);
      losses.push(result.loss);
      if (i >= 290) {
        correct += result.metrics[CLASSIFY_METRICS.correct];
        counted += result.metrics[CLASSIFY_METRICS.count];
      }
    }
    await session.release();
    assertLearnedThreeClasses(losses, correct, counted, B);
  });
});
