/**
 * The contrastive step's memory as carried state of the one step graph: the momentum encoder is
 * the EMA of the online weights taken before each update (MoCo's order), the queues shift FIFO
 * by one batch of momentum embeddings (unit rows), and a run checkpointed and resumed carries
 * on with the same queue and momentum weights, bit for bit.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { InputError } from '../../../src/util/errors';
import os from 'node:os';
import path from 'node:path';
import type { TensorData } from '../../../src/graph';
import { initialWeights } from '../../../src/nn/params';
import { trainTokenizer } from '../../../src/tokenizer';
import { readCheckpoint, writeCheckpoint } from '../../../src/train/checkpoint/checkpoint';
import { CONTRASTIVE_STATE, contrastiveForward } from '../../../src/train/forward-contrastive';
import { buildStepGraph } from '../../../src/train/step/step-graph';
import { freshTrainState, StepSession, type TrainState } from '../../../src/train/step/step-session';
import { DEFAULT_HYPERPARAMS } from '../../../src/train/run/hyperparams';
import { Rng } from '../../../src/util/rng';
import { tinyBertConfig } from '../../helpers/tiny-bert';
import { asSentenceEncoder } from '../../../src/models/sentence-encoder-folder';

const [B, T, K, M] = [2, 6, 5, 0.9];
const cfg = tinyBertConfig({ vocab_size: 20 });
const optimizer = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, clipNorm: 1 };
const graph = buildStepGraph(contrastiveForward(cfg, B, T, { queueSize: K, momentum: M, seed: 4 }), optimizer);

function batchAt(i: number): Record<string, TensorData> {
  const rng = new Rng(100 + i);
  const ids = Int32Array.from({ length: 2 * B * T }, () => 4 + rng.int(16));
  const pairIds = Int32Array.of(2 * i, 2 * i + 1, 2 * i, 2 * i + 1); // (2B, 1) code rows, then text rows
  return { input_ids: { dtype: 'int32', shape: [2 * B, T], data: ids }, attention_mask: { dtype: 'int32', shape: [2 * B, T], data: new Int32Array(2 * B * T).fill(1) }, labels: { dtype: 'int32', shape: [2 * B, 1], data: pairIds } };
}

const copyState = (s: TrainState): Map<string, Float32Array> => new Map([...s.carried!].map(([k, v]) => [k, Float32Array.from(v)]));

describe('contrastive momentum encoder and queue (carried step state)', () => {
  it('averages the pre-update weights into the momentum encoder and shifts each queue by one batch of unit embeddings', async () => {
    const session = await StepSession.create(graph, freshTrainState(graph.params, initialWeights(graph.params, 3)), { intraOpNumThreads: 1 });
    const encoderNames = graph.params.filter((p) => !p.name.startsWith('training_head.')).map((p) => p.name);
    const flatParams = () => Float32Array.from(encoderNames.flatMap((n) => [...session.state.params.get(n)!]));
    // Before the first step the momentum encoder is a copy of the online one.
    assert.deepEqual(session.state.carried!.get(CONTRASTIVE_STATE.momentum), flatParams());
    for (let step = 0; step < 3; step++) {
      const before = copyState(session.state);
      const online = flatParams();
      await session.run(batchAt(step), 1e-2, new Rng(1));
      const momentum = session.state.carried!.get(CONTRASTIVE_STATE.momentum)!;
      const old = before.get(CONTRASTIVE_STATE.momentum)!;
      let worst = 0;
      for (let i = 0; i < momentum.length; i++) worst = Math.max(worst, Math.abs(momentum[i] - (M * old[i] + (1 - M) * online[i])));
      assert.ok(worst < 1e-6, `momentum weights off by ${worst}`);
      const ids = session.state.carried!.get(CONTRASTIVE_STATE.queueIds)!;
      assert.deepEqual([...ids], [2 * step, 2 * step + 1, ...before.get(CONTRASTIVE_STATE.queueIds)!.subarray(0, K - B)], 'pair ids queued beside their embeddings');
      for (const name of [CONTRASTIVE_STATE.queueCode, CONTRASTIVE_STATE.queueText]) {
        const queue = session.state.carried!.get(name)!;
        const C = cfg.hidden_size;
        assert.deepEqual(queue.subarray(B * C), before.get(name)!.subarray(0, (K - B) * C), `${name}: the older rows move down by B`);
        for (let r = 0; r < B; r++) assert.ok(Math.abs(Math.hypot(...queue.subarray(r * C, (r + 1) * C)) - 1) < 1e-5, `${name}: new row ${r} is a unit vector`);
      }
    }
    await session.release();
  });

  it('resumes from a checkpoint with the same queue and momentum encoder: the same losses and state as an uninterrupted run', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'contrastive-resume-'));
    try {
      const run = async (state: TrainState, from: number, to: number) => {
        const session = await StepSession.create(graph, state, { intraOpNumThreads: 1 });
        const losses: number[] = [];
        for (let i = from; i < to; i++) losses.push((await session.run(batchAt(i), 1e-2, new Rng(i))).loss);
        await session.release();
        return { losses, state: session.state };
      };
      const straight = await run(freshTrainState(graph.params, initialWeights(graph.params, 3)), 0, 4);
      const first = await run(freshTrainState(graph.params, initialWeights(graph.params, 3)), 0, 2);
      const tokenizer = trainTokenizer('wordpiece', ['a b c d e f g'], { vocabSize: 40 });
      const progress = { version: 1, step: 2, rng: new Rng(1).state(), data: { objective: 'contrastive' as const, batchesDrawn: 2, rng: new Rng(1).state() }, elapsedMs: 0, tokensSeen: 0, corpusFingerprint: 'x' };
      await writeCheckpoint(root, graph.params, { progress, hyperparams: DEFAULT_HYPERPARAMS, state: first.state, metrics: [] }, { config: asSentenceEncoder(cfg), tokenizer });
      const resumed = await run((await readCheckpoint(root, graph.params)).state, 2, 4);
      assert.deepEqual([...first.losses, ...resumed.losses], straight.losses);
      for (const [name, value] of straight.state.carried!) assert.deepEqual(resumed.state.carried!.get(name), value, name);
      for (const [name, value] of straight.state.params) assert.deepEqual(Float32Array.from(resumed.state.params.get(name)!), Float32Array.from(value), name);

      // A checkpoint that lost its carried tensors, or holds one of the wrong length, is refused in one line.
      const carriedFile = path.join(root, 'training', 'carried.safetensors');
      const oneLine = (pattern: RegExp) => (e: Error) => e instanceof InputError && pattern.test(e.message) && !e.message.includes('\n');
      const wrong = (await readCheckpoint(root, graph.params)).state;
      wrong.carried!.set(CONTRASTIVE_STATE.queueText, new Float32Array(3));
      await assert.rejects(StepSession.create(graph, wrong), oneLine(/carried\.safetensors holds 3 values for 'contrastive\.queue_text'.*damaged/));
      await unlink(carriedFile);
      await assert.rejects(async () => StepSession.create(graph, (await readCheckpoint(root, graph.params)).state), oneLine(/carried\.safetensors lacks 'contrastive\.queue_code'.*damaged/));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
