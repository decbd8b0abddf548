/**
 * The round trip a user makes with a run that outgrew one machine, for one family: pretrain here
 * (CLI), export-run, torchrun with 2 ranks (gloo, CPU, --impl torch) for a few dozen steps,
 * import-run, and our tools on the result. Checks that the cluster continues the same run (loss,
 * weights, forward) and that DDP keeps the ranks' weights identical after every step.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { CausalLm } from '../../src/infer/causal-lm';
import type { BertConfig } from '../../src/models/configs';
import { buildBertInferenceGraph } from '../../src/models/bert/export-onnx';
import { flatWeights, loadModelFolder } from '../../src/models/model-folder';
import { writeOnnx } from '../../src/graph';
import { RuntimeSession } from '../../src/runtime';
import { buildCliOnce, runCli, tempDir } from './cli-helpers';
import { launchTorchrun, maxAbsDiff, pretrainTiny, readEvents, requireTorch, runTrainPy, type Event } from './cluster-helpers';

/** Token ids for the forward comparison: any ids of the tiny character vocabulary. */
const IDS = [5, 9, 14, 3, 22, 7, 11, 30, 2, 18];

/** Our logits of IDS (T × V, row-major), from the folder's weights on ONNX Runtime. */
export async function ourLogits(modelDir: string, arch: 'gpt2' | 'bert'): Promise<Float32Array> {
  if (arch === 'gpt2') {
    const lm = await CausalLm.open(modelDir, { intraOpNumThreads: 1 });
    try {
      return Float32Array.from((await lm.forward(IDS, lm.emptyCache())).logits);
    } finally {
      await lm.release();
    }
  }
  const loaded = await loadModelFolder(modelDir);
  const session = await RuntimeSession.create(writeOnnx(buildBertInferenceGraph(loaded.config as BertConfig, flatWeights(loaded.weights))), { intraOpNumThreads: 1 });
  try {
    const ids = { dtype: 'int64' as const, shape: [1, IDS.length], data: BigInt64Array.from(IDS, BigInt) };
    const ones = { ...ids, data: new BigInt64Array(IDS.length).fill(1n) };
    const zeros = { ...ids, data: new BigInt64Array(IDS.length) };
    return Float32Array.from((await session.run({ input_ids: ids, attention_mask: ones, token_type_ids: zeros })).logits.data as Float32Array);
  } finally {
    await session.release();
  }
}

/** train.py --check-forward's logits of IDS on a model folder (pure PyTorch). */
export function torchLogits(bundle: string, modelDir: string): Float32Array {
  const r = runTrainPy([path.join(bundle, 'train.py'), '--check-forward', '--model', modelDir, '--ids', IDS.join(',')]);
  assert.equal(r.status, 0, r.stderr);
  return Float32Array.from((JSON.parse(r.stdout) as { logits: number[][] }).logits.flat());
}

export function describeClusterRoundTrip(arch: 'gpt2' | 'bert', useOnImport: (modelDir: string) => string[][]): void {
  describe(`cluster round trip: ${arch} → export-run → torchrun ×2 (gloo, --impl torch) → import-run`, function () {
    this.timeout(600_000);
    let dir: string;
    let modelDir: string;
    let bundle: string;
    let ourLosses: number[];
    let events: Event[];
    let launched: { code: number | null; stderr: string; stdout: string };
    let ourSteps: number;

    before(async () => {
      requireTorch();
      buildCliOnce();
      dir = tempDir('pl-cluster-');
      let corpus: string;
      ({ modelDir, corpus, losses: ourLosses } = await pretrainTiny(dir, arch));
      ourSteps = ourLosses.length;
      bundle = path.join(dir, 'bundle');
      const r = await runCli(['export-run', modelDir, '--corpus', corpus, '--out', bundle]);
      assert.equal(r.code, 0, r.stderr);
      const run = launchTorchrun(bundle, ['--steps', String(ourSteps + 24), '--debug-ranks']);
      launched = await run.done;
      events = existsSync(path.join(bundle, 'output', 'metrics.jsonl')) ? readEvents(path.join(bundle, 'output', 'metrics.jsonl')) : [];
    });
    after(() => dir && rmSync(dir, { recursive: true, force: true }));

    it('exports a bundle: model at our step, shards as the index says, hyperparameters continued from our step', () => {
      const index = JSON.parse(readFileSync(path.join(bundle, 'data', 'index.json'), 'utf8'));
      assert.equal(index.format, 'pretrain-lab-token-shards');
      assert.equal(index.dtype, 'uint16');
      for (const split of ['train', 'val']) {
        for (const shard of index.splits[split].shards) assert.equal(statSync(path.join(bundle, 'data', shard.file)).size, shard.tokens * 2);
        assert.ok(index.splits[split].tokens > 16, `${split} has tokens`);
      }
      const plan = JSON.parse(readFileSync(path.join(bundle, 'hyperparams.json'), 'utf8'));
      assert.equal(plan.startStep, ourSteps);
      assert.equal(plan.objective, arch === 'gpt2' ? 'clm' : 'mlm');
      assert.deepEqual(plan.schedule, { lr: 0.01, minLr: 0.005, warmup: 2 });
      for (const file of ['train.py', 'requirements.txt', 'README.md', 'slurm.sbatch', 'accelerate/ddp.yaml', 'model/config.json', 'model/model.safetensors', 'model/tokenizer.json']) {
        assert.ok(existsSync(path.join(bundle, file)), file);
      }
    });

    it('runs torchrun with 2 ranks to the end, with a checkpoint', () => {
      assert.equal(launched.code, 0, launched.stderr.slice(-3000));
      const progress = events.filter((e) => e.event === 'progress');
      assert.equal(progress.length, 24);
      assert.equal(progress[0].step, ourSteps + 1);
      assert.ok(events.some((e) => e.event === 'checkpoint') && events.at(-1)!.event === 'done');
      assert.ok(String(events.find((e) => e.event === 'start')!.device).includes('× 2'));
    });

    it('continues from our last loss: the first distributed losses are within noise of ours', () => {
      // Per-step losses of a tiny batch are noisy (a masked LM's most: ~15% of its tokens count), so means
      // of 5 steps are compared, with a tolerance of 3 standard errors of their difference plus a little drift.
      const first = events.filter((e) => e.event === 'progress').slice(0, 5).map((e) => e.loss as number);
      const tail = ourLosses.slice(-5);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const recent = ourLosses.slice(-10);
      const std = Math.sqrt(mean(recent.map((l) => (l - mean(recent)) ** 2)));
      const tolerance = 0.15 + 3 * std * Math.sqrt(2 / 5);
      const fresh = Math.log(JSON.parse(readFileSync(path.join(modelDir, 'config.json'), 'utf8')).vocab_size);
      console.log(`      our last losses ${tail.map((l) => l.toFixed(3)).join(' ')}; first distributed ${first.map((l) => l.toFixed(3)).join(' ')}; tolerance ${tolerance.toFixed(3)}; a fresh model's ≈ ${fresh.toFixed(3)}`);
      assert.ok(Math.abs(mean(first) - mean(tail)) < tolerance, `first distributed losses ${mean(first)} vs our last ${mean(tail)}`);
      // Starting over (fresh weights, loss ≈ ln V) would fail the check above: the tolerance is smaller than what our run learned.
      assert.ok(mean(tail) < fresh - tolerance, 'our run learned more than the tolerance, so continuing is told apart from starting over');
    });

    it('holds identical weights on both ranks after every optimizer step (DDP all-reduced)', () => {
      const hashes = events.filter((e) => e.event === 'debug' && e.kind === 'weights');
      const byStep = new Map<number, Map<number, string>>();
      for (const h of hashes) byStep.set(h.step as number, (byStep.get(h.step as number) ?? new Map()).set(h.rank as number, h.sha256 as string));
      assert.equal(byStep.size, 24);
      for (const [step, ranks] of byStep) {
        assert.equal(ranks.size, 2, `both ranks reported step ${step}`);
        assert.equal(ranks.get(0), ranks.get(1), `ranks differ after step ${step}`);
      }
      assert.equal(new Set([...byStep.values()].map((r) => r.get(0))).size, 24, 'weights change every step');
    });

    it('computes the same forward in pure PyTorch as ours on ONNX Runtime, before and after the cluster (1e-4)', async () => {
      const diffBefore = maxAbsDiff(torchLogits(bundle, path.join(bundle, 'model')), await ourLogits(path.join(bundle, 'model'), arch));
      const imported = path.join(dir, 'imported');
      const r = await runCli(['import-run', path.join(bundle, 'output'), '--out', imported]);
      assert.equal(r.code, 0, r.stderr);
      const latest = path.join(bundle, 'output', readFileSync(path.join(bundle, 'output', 'latest'), 'utf8').trim());
      const diffAfter = maxAbsDiff(torchLogits(bundle, latest), await ourLogits(imported, arch));
      console.log(`      max |Δlogit| before ${diffBefore.toExponential(2)}, after ${diffAfter.toExponential(2)}`);
      assert.ok(diffBefore < 1e-4 && diffAfter < 1e-4);
    });

    it('import-run gives a model folder our commands use, with our steps and the cluster steps as one history', async () => {
      const imported = path.join(dir, 'imported');
      for (const args of useOnImport(imported)) {
        const r = await runCli(args);
        assert.equal(r.code, 0, `${args[0]}: ${r.stderr}`);
      }
      const history = readFileSync(path.join(imported, 'training', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step: number; loss?: number });
      const steps = history.filter((h) => h.loss !== undefined).map((h) => h.step);
      assert.deepEqual(steps, Array.from({ length: ourSteps + 24 }, (_, i) => i + 1));
    });
  });
}
