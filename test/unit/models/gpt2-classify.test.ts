/**
 * GPT-2 sequence classification (HF GPT2ForSequenceClassification): the exported graph against
 * the plain-TS reference read at each row's last real token, the whole-model gradient against
 * finite differences, and learning a toy task through the training step.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, type TensorData } from '../../../src/graph';
import { exportGpt2ClassifierOnnx } from '../../../src/models/gpt2/export-onnx';
import { buildGpt2ForSequenceClassification } from '../../../src/models/gpt2/classify';
import { InputParams, initialWeights } from '../../../src/nn/params';
import { RuntimeSession } from '../../../src/runtime';
import { crossEntropy } from '../../../src/train/step/losses';
import { CLASSIFY_METRICS, classificationForward } from '../../../src/train/forward-classify';
import { buildStepGraph } from '../../../src/train/step/step-graph';
import { StepSession, freshTrainState } from '../../../src/train/step/step-session';
import { Rng } from '../../../src/util/rng';
import { directionalGradientCheck } from '../../helpers/directional-gradient';
import { referenceGpt2Hidden } from '../../helpers/reference-gpt2';
import { assertLearnedThreeClasses } from '../../helpers/toy-classification';
import { tinyGpt2Config } from '../../helpers/tiny-gpt2';

const LABELS = { id2label: { 0: 'low', 1: 'mid', 2: 'high' }, label2id: { low: 0, mid: 1, high: 2 }, architectures: ['GPT2ForSequenceClassification'] };
const int = (dtype: 'int32' | 'int64', data: number[], shape: number[]): TensorData =>
  dtype === 'int64' ? { dtype, shape, data: BigInt64Array.from(data, BigInt) } : { dtype, shape, data: Int32Array.from(data) };

describe('GPT-2 sequence classification', () => {
  it('the exported graph scores each row at its last real token, as the plain-TS reference does', async () => {
    const cfg = tinyGpt2Config({ ...LABELS, initializer_range: 0.3 });
    const g = new GraphBuilder('specs');
    const params = new InputParams(g);
    buildGpt2ForSequenceClassification(g, params, cfg, { inputIds: g.input('ids', 'int32', [1, 4]), attentionMask: g.input('mask', 'int32', [1, 4]) });
    assert.deepEqual(params.specs.at(-1), { name: 'score.weight', shape: [3, cfg.n_embd], decay: true, init: { kind: 'normal', std: 0.3 } });
    const weights = initialWeights(params.specs, 5);
    const session = await RuntimeSession.create(exportGpt2ClassifierOnnx(cfg, weights));
    // Row 0 is 4 real tokens then 3 of padding (id 0); row 1 fills all 7 positions.
    const rows = [[3, 7, 1, 9], [4, 4, 2, 8, 10, 5, 6]];
    const T = 7;
    const ids = rows.flatMap((r) => [...r, ...Array(T - r.length).fill(0)]);
    const mask = rows.flatMap((r) => [...r.map(() => 1), ...Array(T - r.length).fill(0)]);
    const { logits } = await session.run({ input_ids: int('int64', ids, [2, T]), attention_mask: int('int64', mask, [2, T]) });
    await session.release();
    assert.deepEqual(logits.shape, [2, 3]);
    const score = weights.get('score.weight')!;
    rows.forEach((row, b) => {
      const last = referenceGpt2Hidden(cfg, (name) => weights.get(name)!, row).at(-1)!;
      for (let l = 0; l < 3; l++) {
        let expected = 0;
        for (let c = 0; c < cfg.n_embd; c++) expected += last[c] * score[l * cfg.n_embd + c];
        assert.ok(Math.abs(logits.data[b * 3 + l] as number - expected) < 1e-4, `row ${b} label ${l}: ${logits.data[b * 3 + l]} vs ${expected}`);
      }
    });
  });

  it('its whole-model gradient matches finite differences along a random direction (float64)', async () => {
    const cfg = tinyGpt2Config({ ...LABELS, initializer_range: 0.5 });
    const [B, T] = [3, 5];
    const g = new GraphBuilder('gpt2_classify_grad');
    const params = new InputParams(g, 'float64');
    const inputIds = g.input('input_ids', 'int32', [B, T]);
    const attentionMask = g.input('attention_mask', 'int32', [B, T]);
    const labels = g.input('labels', 'int32', [B, 1]);
    const { logits } = buildGpt2ForSequenceClassification(g, params, cfg, { inputIds, attentionMask }, { dtype: 'float64' });
    const loss = crossEntropy(g, logits, labels);
    const rng = new Rng(11);
    const batch = {
      input_ids: int('int32', Array.from({ length: B * T }, () => rng.int(cfg.vocab_size)), [B, T]),
      attention_mask: int('int32', [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0], [B, T]),
      labels: int('int32', [2, 0, 1], [B, 1]),
    };
    const { analytic, relError } = await directionalGradientCheck(g, params, loss, batch, { weightSeed: 9, rng });
    assert.ok(Math.abs(analytic) > 1e-3, 'the direction must carry a non-trivial gradient');
    assert.ok(relError < 1e-4, `relative error ${relError}`);
  });

  it('learns a toy separable 3-class task through the training step, with padding', async () => {
    // The label is which third of the vocabulary a row's tokens come from; rows have 2–7 tokens.
    const cfg = tinyGpt2Config({ ...LABELS, vocab_size: 20, n_embd: 16, initializer_range: 0.05 });
    const [B, T, PAD] = [16, 8, 0];
    const step = buildStepGraph(classificationForward(cfg, B, T), { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, clipNorm: 1 });
    const session = await StepSession.create(step, freshTrainState(step.params, initialWeights(step.params, 4)), { intraOpNumThreads: 1 });
    const rng = new Rng(8);
    const losses: number[] = [];
    let [correct, counted] = [0, 0];
    for (let i = 0; i < 300; i++) {
      const ids = Array<number>(B * T).fill(PAD);
      const mask = Array<number>(B * T).fill(0);
      const labels = Array.from({ length: B }, () => rng.int(3));
      labels.forEach((label, b) => {
        const length = 2 + rng.int(T - 2);
        for (let t = 0; t < length; t++) [ids[b * T + t], mask[b * T + t]] = [2 + 6 * label + rng.int(6), 1];
      });
      const result = await session.run({ input_ids: int('int32', ids, [B, T]), attention_mask: int('int32', mask, [B, T]), labels: int('int32', labels, [B, 1]) }, 3e-3);
      losses.push(result.loss);
      if (i >= 290) [correct, counted] = [correct + result.metrics[CLASSIFY_METRICS.correct], counted + result.metrics[CLASSIFY_METRICS.count]];
    }
    await session.release();
    assertLearnedThreeClasses(losses, correct, counted, B);
  });
});
