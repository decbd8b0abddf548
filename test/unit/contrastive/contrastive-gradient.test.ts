/**
 * The contrastive loss, checked in float64: its value against a plain-TypeScript symmetric
 * InfoNCE with a queue, and its gradient (directional derivative against the central finite
 * difference) through the whole encoder, with a queue fed in (one entry of a batch row's own pair,
 * masked out) and the learned temperature (logit_scale) among the parameters; the clamp at
 * ln(100) stops the temperature's gradient.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, writeOnnx, type TensorData } from '../../../src/graph';
import { BERT } from '../../../src/models/bert/family';
import { InputParams } from '../../../src/nn/params';
import { RuntimeSession } from '../../../src/runtime';
import { contrastiveGraph, contrastiveLoss, LOGIT_SCALE, LOGIT_SCALE_INIT, LOGIT_SCALE_MAX, randomUnitRows } from '../../../src/train/forward-contrastive';
import { Rng } from '../../../src/util/rng';
import { directionalGradientCheck, int32Rows } from '../../helpers/directional-gradient';
import { tinyBertConfig } from '../../helpers/tiny-bert';
import { gradients } from '../../../src/autodiff';

const f64 = (shape: number[], data: ArrayLike<number>): TensorData => ({ dtype: 'float64', shape, data: Float64Array.from(data) });

/** Symmetric InfoNCE with queues, written out: rows of code/text/queues are unit vectors; `same[i][k]`: queued entry k is row i's own pair (left out). */
function referenceLoss(code: number[][], text: number[][], queueCode: number[][], queueText: number[][], logitScale: number, same: boolean[][] = code.map(() => queueCode.map(() => false))): number {
  const scale = Math.exp(Math.min(logitScale, LOGIT_SCALE_MAX));
  const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
  const direction = (queries: number[][], keys: number[][], queue: number[][]) =>
    queries.reduce((sum, q, i) => {
      const logits = [...keys.map((k) => scale * dot(q, k)), ...queue.flatMap((k, j) => (same[i][j] ? [] : [scale * dot(q, k)]))];
      const max = Math.max(...logits);
      const logSum = max + Math.log(logits.reduce((s, l) => s + Math.exp(l - max), 0));
      return sum + (logSum - logits[i]);
    }, 0) / queries.length;
  return (direction(code, text, queueText) + direction(text, code, queueCode)) / 2;
}

function unitRows(rows: number, width: number, rng: Rng): number[][] {
  return Array.from({ length: rows }, () => {
    const v = Array.from({ length: width }, () => rng.normal());
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  });
}

describe('contrastive loss (float64)', () => {
  it('equals symmetric InfoNCE over the batch and the queue (less a row\'s own queued pair), written out in TypeScript', async () => {
    const rng = new Rng(3);
    const [B, K, C] = [3, 4, 5];
    const rows = { code: unitRows(B, C, rng), text: unitRows(B, C, rng), queueCode: unitRows(K, C, rng), queueText: unitRows(K, C, rng) };
    const same = [[false, true, false, false], [false, false, false, false], [true, false, false, true]];
    for (const [logitScale, masked] of [[LOGIT_SCALE_INIT, false], [0.3, false], [5.5, false], [LOGIT_SCALE_INIT, true]] as const) {
      const g = new GraphBuilder('infonce');
      const input = (name: keyof typeof rows) => g.input(name, 'float64', [rows[name].length, C]);
      const samePair = masked ? g.constant({ dtype: 'bool', shape: [B, K], data: Uint8Array.from(same.flat(), Number) }) : undefined;
      const { loss } = contrastiveLoss(g, { code: input('code'), text: input('text'), queueCode: input('queueCode'), queueText: input('queueText'), logitScale: g.input('scale', 'float64', [1]), queueSamePair: samePair });
      g.output(loss, 'loss');
      const session = await RuntimeSession.create(writeOnnx(g.graph));
      const feeds = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, f64([v.length, C], v.flat())]));
      const out = await session.run({ ...feeds, scale: f64([1], [logitScale]) });
      await session.release();
      const expected = referenceLoss(rows.code, rows.text, rows.queueCode, rows.queueText, logitScale, masked ? same : undefined);
      assert.ok(Math.abs(Number(out.loss.data[0]) - expected) < 1e-12, `logit_scale ${logitScale}: ${out.loss.data[0]} vs ${expected}`);
    }
  });

  it('has the gradient of its finite differences through the whole encoder, with a queue fed in and the temperature learned', async () => {
    const cfg = tinyBertConfig({ hidden_act: 'gelu_new', initializer_range: 0.5 });
    const [B, T, K] = [3, 5, 4];
    const g = new GraphBuilder('contrastive_gradient');
    const params = new InputParams(g, 'float64');
    const inputIds = g.input('input_ids', 'int32', [2 * B, T]);
    const attentionMask = g.input('attention_mask', 'int32', [2 * B, T]);
    const pairIds = g.input('labels', 'int32', [2 * B, 1]);
    const { loss } = contrastiveGraph(g, params, cfg, BERT.hiddenStates!, { inputIds, attentionMask, pairIds }, { queueSize: K, momentum: 0.9, seed: 1, dtype: 'float64' });
    assert.ok(params.specs.some((s) => s.name === LOGIT_SCALE), 'the temperature is a parameter');
    const momentum = g.graph.inputs.find((v) => v.name === 'contrastive.momentum')!;
    const batch: Record<string, TensorData> = {
      // Code rows, then text rows; padding at the ends of some rows.
      input_ids: int32Rows(2 * B, T, [2, 5, 6, 7, 3, 2, 8, 9, 3, 0, 2, 10, 11, 12, 3, 2, 6, 5, 3, 0, 2, 9, 3, 0, 0, 2, 12, 10, 11, 3]),
      attention_mask: int32Rows(2 * B, T, [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1]),
      'contrastive.queue_code': f64([K, cfg.hidden_size], randomUnitRows(K, cfg.hidden_size, 11, 'float64')),
      'contrastive.queue_text': f64([K, cfg.hidden_size], randomUnitRows(K, cfg.hidden_size, 12, 'float64')),
      // Pairs 7, 8, 9; the queue holds an earlier embedding of pair 8, which is masked out of its negatives.
      labels: int32Rows(2 * B, 1, [7, 8, 9, 7, 8, 9]),
      'contrastive.queue_ids': f64([K], [3, 8, -1, 5]),
      // Not on the loss's path (it feeds the next queue), but a graph input all the same.
      'contrastive.momentum': f64(momentum.shape as number[], new Float64Array(momentum.shape[0] as number)),
    };
    const { analytic, relError } = await directionalGradientCheck(g, params, loss, batch, { weightSeed: 5, rng: new Rng(17) });
    assert.ok(Math.abs(analytic) > 1e-3, 'the direction must carry a non-trivial gradient');
    assert.ok(relError < 1e-5, `relative error ${relError}`);
  });

  it("gives the temperature its finite-difference gradient below the clamp and none above it", async () => {
    const rng = new Rng(8);
    const [B, K, C] = [3, 2, 4];
    const rows = { code: unitRows(B, C, rng), text: unitRows(B, C, rng), queue_code: unitRows(K, C, rng), queue_text: unitRows(K, C, rng) };
    const g = new GraphBuilder('temperature');
    const scale = g.input('scale', 'float64', [1]);
    const input = (name: keyof typeof rows) => g.input(name, 'float64', [rows[name].length, C]);
    const { loss } = contrastiveLoss(g, { code: input('code'), text: input('text'), queueCode: input('queue_code'), queueText: input('queue_text'), logitScale: scale });
    g.output(loss, 'loss');
    g.output(gradients(g, loss, [scale])[0], 'dscale');
    const session = await RuntimeSession.create(writeOnnx(g.graph));
    const feeds = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, f64([v.length, C], v.flat())]));
    const at = async (s: number) => session.run({ ...feeds, scale: f64([1], [s]) });
    for (const s of [LOGIT_SCALE_INIT, 1.0]) {
      const eps = 1e-6;
      const numeric = (Number((await at(s + eps)).loss.data[0]) - Number((await at(s - eps)).loss.data[0])) / (2 * eps);
      const analytic = Number((await at(s)).dscale.data[0]);
      assert.ok(Math.abs(numeric) > 1e-3, 'non-trivial');
      assert.ok(Math.abs(analytic - numeric) / Math.abs(numeric) < 1e-6, `logit_scale ${s}: ${analytic} vs ${numeric}`);
    }
    assert.equal(Number((await at(LOGIT_SCALE_MAX + 0.5)).dscale.data[0]), 0, 'clamped: no gradient');
    await session.release();
  });
});
