/** `pretrain-lab pretrain` through the real CLI: JSON events, text output, exit codes. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { acquireModelLock } from '../../src/util/folder-lock';
import { buildCliOnce, jsonEvents, runCli, tempDir, tinyCorpus, TINY_RUN } from './cli-helpers';

describe('cli: pretrain', () => {
  let dir: string;
  let corpus: string;
  before(() => {
    buildCliOnce();
    dir = tempDir();
    corpus = tinyCorpus(dir);
  });

  it('prints DESIGN.md §3 JSON events and writes a Hugging Face model folder', async () => {
    const out = path.join(dir, 'json-run');
    const r = await runCli(['pretrain', corpus, '--out', out, ...TINY_RUN, '--steps', '6', '--eval-every', '3', '--checkpoint-every', '3', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const events = jsonEvents(r.stdout);
    const progress = events.filter((e) => e.event === 'progress');
    assert.deepEqual(progress.map((e) => e.step), [1, 2, 3, 4, 5, 6]);
    for (const e of progress) assert.deepEqual(Object.keys(e).sort(), ['elapsedMs', 'etaMs', 'event', 'gradNorm', 'loss', 'lr', 'step', 'tokensPerSec']);
    const evals = events.filter((e) => e.event === 'eval');
    assert.deepEqual(evals.map((e) => e.step), [3, 6]);
    for (const e of evals) assert.ok(Math.abs(Math.exp(e.valLoss as number) - (e.perplexity as number)) < 1e-6);
    assert.deepEqual(events.filter((e) => e.event === 'checkpoint').map((e) => e.step), [0, 3, 6]);
    const done = events[events.length - 1];
    assert.equal(done.event, 'done');
    assert.equal(done.stopReason, 'completed');
    assert.equal(done.step, 6);
    for (const file of ['config.json', 'model.safetensors', 'tokenizer.json', 'training/optimizer.safetensors', 'training/state.json', 'training/metrics.jsonl']) {
      assert.ok(existsSync(path.join(out, file)), file);
    }
    assert.equal(r.stderr, '');
  });

  it('prints the scan summary, evaluations and a summary line without --json', async () => {
    const r = await runCli(['pretrain', corpus, '--out', path.join(dir, 'text-run'), ...TINY_RUN, '--steps', '4', '--eval-every', '2']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Corpus: 1 file, 20 KiB/m);
    assert.match(r.stdout, /step 2: validation loss \d+\.\d+, perplexity \d+\.\d+/);
    assert.match(r.stdout, /step 4\/4 100% \| loss \d+\.\d+ \| [\d.]+k? tok\/s/);
    assert.match(r.stdout, /^Done: step 4\/4 .* Model folder: /m);
  });

  it('stops at --max-minutes with a checkpoint it can resume from', async () => {
    const out = path.join(dir, 'timed');
    const r = await runCli(['pretrain', corpus, '--out', out, ...TINY_RUN, '--steps', '100000', '--max-minutes', '0.005', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const events = jsonEvents(r.stdout);
    const done = events.at(-1)!;
    assert.equal(done.stopReason, 'time-limit');
    assert.ok((done.step as number) > 0 && (done.step as number) < 100000);
    assert.equal(events.filter((e) => e.event === 'checkpoint').at(-1)!.step, done.step);
  });

  const badInput: [string, (d: string, c: string) => string[], RegExp][] = [
    ['an unknown flag', (d, c) => ['pretrain', c, '--out', path.join(d, 'x'), '--layerz', '2'], /unknown option --layerz \(did you mean --layers\?\)/],
    ['a missing --out', (_d, c) => ['pretrain', c], /--out is required/],
    ['a missing corpus', (d) => ['pretrain', path.join(d, 'nope.txt'), '--out', path.join(d, 'x')], /corpus .*nope\.txt does not exist/],
    ['heads that do not divide the width', (d, c) => ['pretrain', c, '--out', path.join(d, 'x'), '--heads', '3', '--dim', '16'], /--heads 3 does not divide --dim 16/],
    ['a configuration too big for memory', (d, c) => ['pretrain', c, '--out', path.join(d, 'x'), '--layers', '48', '--dim', '8192', '--heads', '64', '--vocab-size', '50000'], /needs about [\d.]+ (GiB|TiB) of memory to train but the limit is [\d.]+ GiB/],
    ['a context beyond the data', (d, c) => ['pretrain', c, '--out', path.join(d, 'ctx'), ...TINY_RUN.map((a, i) => (TINY_RUN[i - 1] === '--context' ? '4096' : a)), '--steps', '1'], /validation split cannot fill one batch row/],
    ['--resume without a checkpoint', (d, c) => ['pretrain', c, '--out', path.join(d, 'none'), '--resume'], /has no training checkpoint to resume/],
  ];
  for (const [what, args, message] of badInput) {
    it(`exits 2 with one line on stderr for ${what}`, async () => {
      const r = await runCli(args(dir, corpus));
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^error: /);
      assert.match(r.stderr, message);
    });
  }

  it('refuses to overwrite a model, to change settings on --resume, and a folder locked by another job', async () => {
    const out = path.join(dir, 'json-run');
    const again = await runCli(['pretrain', corpus, '--out', out, ...TINY_RUN, '--steps', '2']);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already holds a model; pass --resume/);
    const changed = await runCli(['pretrain', corpus, '--out', out, '--resume', '--dim', '32']);
    assert.equal(changed.code, 2);
    assert.match(changed.stderr, /--dim 32 differs from the checkpoint's 16/);
    const lock = acquireModelLock(out, { command: 'a test' });
    try {
      const locked = await runCli(['pretrain', corpus, '--out', out, '--resume', '--json']);
      assert.equal(locked.code, 2);
      assert.match(locked.stderr, /is being written by process \d+ .*running a test/);
      assert.equal(jsonEvents(locked.stdout).at(-1)!.event, 'error');
    } finally {
      lock.release();
    }
  });
});
