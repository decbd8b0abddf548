/**
 * The training loop: seeded reproducibility end to end, and numerical faults (NaN/Inf, an
 * exploding loss) stopping the run with the last good checkpoint kept.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Batch, BatchSource } from '../../../../src/data/batch';
import { InputError } from '../../../../src/cli/errors';
import { DEFAULT_HYPERPARAMS } from '../../../../src/train/run/hyperparams';
import { assertFitsInMemory } from '../../../../src/train/run/memory';
import { pretrain } from '../../../../src/train/run/pretrain';
import type { LossSession, Stepper } from '../../../../src/train/step/stepper';
import { trainLoop, TrainingDivergedError } from '../../../../src/train/run/trainer';
import type { TrainEvent } from '../../../../src/train/run/events';
import { Rng } from '../../../../src/util/rng';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

function corpusFile(dir: string): string {
  const file = path.join(dir, 'corpus.txt');
  writeFileSync(file, readFileSync(path.join(ROOT, 'models', 'corpus', 'tinyshakespeare.txt'), 'utf8').slice(0, 15_000));
  return file;
}

async function losses(corpus: string, out: string, seed: number): Promise<number[]> {
  const events: TrainEvent[] = [];
  await pretrain(
    {
      corpus,
      out,
      resume: false,
      settings: { device: 'cpu', threads: 1 },
      hyperparams: { tokenizer: 'char', layers: 1, heads: 2, dim: 16, context: 16, batch: 4, steps: 8, warmup: 2, lr: 1e-2, dropout: 0.2, evalEvery: 0, evalBatches: 1, checkpointEvery: 0, seed },
    },
    (e) => events.push(e),
  );
  return events.flatMap((e) => (e.event === 'progress' ? [e.loss] : []));
}

describe('training loop', () => {
  it('repeats its losses exactly for the same seed (dropout on) and not for another', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pl-train-'));
    const corpus = corpusFile(dir);
    const a = await losses(corpus, path.join(dir, 'a'), 5);
    const b = await losses(corpus, path.join(dir, 'b'), 5);
    const c = await losses(corpus, path.join(dir, 'c'), 6);
    assert.equal(a.length, 8);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  /** A stepper whose losses are scripted, to drive the loop into faults deterministically. */
  function scripted(lossAt: (step: number) => number, gradNormAt: (step: number) => number = () => 1): Stepper {
    const state = { params: new Map(), m: new Map(), v: new Map(), step: 0 };
    return {
      state,
      provider: { requested: 'cpu', used: 'cpu' },
      batchInputs: ['input_ids', 'labels'],
      step: async () => {
        state.step += 1;
        return { loss: lossAt(state.step), gradNorm: gradNormAt(state.step), metrics: {} };
      },
      release: async () => undefined,
    };
  }
  const source: BatchSource = {
    objective: 'clm',
    next: (): Batch => ({ inputIds: { data: new Int32Array(4), shape: [1, 4] }, labels: { data: new Int32Array(4), shape: [1, 4] } }),
    state: () => ({ objective: 'clm', batchesDrawn: 0, rng: [1, 2, 3, 4] }),
    restore: () => undefined,
  };
  const evaluator = { batchInputs: ['input_ids', 'labels'], run: async () => ({ loss: 1, metrics: {} }) } as unknown as LossSession;

  async function runScripted(stepper: Stepper) {
    const checkpoints: number[] = [];
    const error = await trainLoop({
      stepper,
      evaluator,
      source,
      valBatches: [source.next()],
      hyper: { ...DEFAULT_HYPERPARAMS, steps: 20, evalEvery: 0, checkpointEvery: 4 },
      rng: new Rng(1),
      metrics: [],
      emit: () => undefined,
      checkpoint: async () => (checkpoints.push(stepper.state.step), 'dir'),
      checkpointedStep: 0,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error, checkpoints };
  }

  it('stops on a NaN loss and keeps the last good checkpoint', async () => {
    const { error, checkpoints } = await runScripted(scripted((s) => (s === 10 ? NaN : 2)));
    assert.ok(error instanceof TrainingDivergedError);
    assert.match((error as Error).message, /the loss became NaN at step 10\. The last good checkpoint \(step 8\) is kept/);
    assert.deepEqual(checkpoints, [4, 8]);
  });

  it('stops on an infinite gradient norm', async () => {
    const { error, checkpoints } = await runScripted(scripted(() => 2, (s) => (s === 6 ? Infinity : 1)));
    assert.match((error as Error).message, /gradient norm became Infinity at step 6.*checkpoint \(step 4\)/);
    assert.deepEqual(checkpoints, [4]);
  });

  it('detects a loss that explodes', async () => {
    const { error, checkpoints } = await runScripted(scripted((s) => (s <= 8 ? 3 : 3 * 1.6 ** (s - 8))));
    assert.match((error as Error).message, /the loss exploded at step \d+/);
    assert.deepEqual(checkpoints, [4, 8]);
  });

  it('refuses a configuration that would not fit in memory, with the estimate and the limit', () => {
    const shape = { layers: 2, heads: 2, dim: 64, context: 64, batch: 4, vocabSize: 1000 };
    assert.ok(assertFitsInMemory(shape, 2 ** 30) > 0);
    assert.throws(() => assertFitsInMemory(shape, 2 ** 20), (e: unknown) => e instanceof InputError && /needs about \d+ MiB .* limit is 1(\.0)? MiB/.test((e as Error).message));
  });
});
