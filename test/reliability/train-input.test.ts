/**
 * Bad or awkward inputs to the training commands (issue #20): each is refused up front with one
 * line naming the value and what to do, or handled, never reported later as a runtime error,
 * an errno about a hidden lock file or a NaN loss that a lower --lr cannot fix.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { IGNORE_INDEX } from '../../src/data/batch';
import { MaskedLmBatches } from '../../src/data/batch-masked';
import { SpanCorruptionBatches } from '../../src/data/batch-t5';
import { GraphBuilder } from '../../src/graph';
import { readConfig } from '../../src/models/config-io';
import { classifierConfig } from '../../src/train/finetune/finetune-classify';
import { classificationForward } from '../../src/train/forward-classify';
import { buildStepGraph } from '../../src/train/step/step-graph';
import { buildCliOnce, ROOT, runCli, tempDir, tinyCorpus, type CliResult } from '../integration/cli-helpers';
import { randomDocuments } from '../unit/data/corpus-text';
import { FakeTokenizer } from '../unit/data/fake-tokenizer';

const TINY = ['--tokenizer', 'char', '--layers', '1', '--heads', '1', '--dim', '16', '--context', '16', '--batch', '4', '--steps', '2', '--eval-batches', '2', '--threads', '1'];
const BERT = path.join(ROOT, 'models', 'tiny-shakespeare-bert');

/** Exit 2 with exactly one line on stderr, matching `pattern`, and no errno or stack. */
function assertOneLineRefusal(run: CliResult, pattern: RegExp): void {
  assert.equal(run.code, 2, `exit ${run.code}: ${run.stderr}`);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(lines[0], /\bE[A-Z]{3,}:|\.lock\b|TypeError|RangeError|Invalid array length/);
}

describe('reliability: training inputs', function () {
  this.timeout(120_000);
  before(buildCliOnce);

  describe('--out', () => {
    const refusals: [string, (dir: string) => string, RegExp][] = [
      ['a system root', () => '/', /^error: --out \/ is a system folder/],
      ['/usr', () => '/usr', /^error: --out \/usr is a system folder/],
      ['/dev/null', () => '/dev/null', /^error: --out \/dev\/null is inside a system tree/],
      ['a path under /proc', () => '/proc/pl-no-such-thing', /^error: --out \/proc\/pl-no-such-thing is inside a system tree/],
      ['an existing file', (dir) => writeFile(dir, 'file.txt'), /is a file, not a folder/],
      ['a path under a file', (dir) => path.join(writeFile(dir, 'file.txt'), 'model'), /is inside .*file\.txt, which is a file, not a folder/],
      ['a folder of other files', (dir) => folderWithFile(dir), /is a folder with other files in it .* not a model folder; give a new or empty folder/],
      ['a symlink loop', (dir) => symlinkLoop(dir), /goes through a loop of symbolic links/],
    ];
    for (const [what, outFor, pattern] of refusals) {
      it(`refuses ${what} before writing anything, in pretrain and finetune`, async () => {
        const dir = tempDir('pl-train-input-');
        const out = outFor(dir);
        assertOneLineRefusal(await runCli(['pretrain', tinyCorpus(dir), '--out', out, ...TINY]), pattern);
        assertOneLineRefusal(await runCli(['finetune', BERT, '--task', 'lm', '--corpus', tinyCorpus(dir), '--out', out, '--steps', '1']), pattern);
        if (out === '/') for (const name of ['config.json', 'tokenizer.json', 'training', '.token-cache']) assert.ok(!existsSync(path.join('/', name)), `/${name} was written`);
      });
    }

    // A read-only file system, made for real: a tmpfs mounted read-only (root only, as the disk-full test).
    it('refuses a folder on a read-only file system in one line, not a raw EROFS about the lock file', async function () {
      const dir = tempDir('pl-out-ro-');
      const mountPoint = path.join(dir, 'ro');
      mkdirSync(mountPoint);
      if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', mountPoint]).status !== 0) this.skip();
      try {
        const out = path.join(mountPoint, 'model');
        assertOneLineRefusal(await runCli(['pretrain', tinyCorpus(dir), '--out', out, ...TINY]), /--out .*ro\/model cannot be written: .*ro is on a read-only file system; give a folder you can write to/);
        assertOneLineRefusal(await runCli(['finetune', BERT, '--task', 'lm', '--corpus', tinyCorpus(dir), '--out', out, '--steps', '1']), /read-only file system/);
      } finally {
        spawnSync('umount', [mountPoint]);
      }
    });
  });

  it('trains T5 on a corpus shorter than one row: training and validation batches have one shape', async () => {
    const dir = tempDir('pl-train-input-');
    const corpus = path.join(dir, 'short.txt');
    writeFileSync(corpus, 'to be or not to be\n');
    const run = await runCli(['pretrain', corpus, '--out', path.join(dir, 't5'), '--arch', 't5', ...TINY]);
    assert.equal(run.code, 0, run.stderr);
    // The root: the decoder length follows the context, not how much data there is.
    const tokenizer = new FakeTokenizer();
    const long = new SpanCorruptionBatches(randomDocuments(tokenizer, 4, 400), tokenizer, { batchSize: 2, encoderLength: 32 });
    const short = new SpanCorruptionBatches([tokenizer.encode('a few words')], tokenizer, { batchSize: 2, encoderLength: 32 });
    assert.equal(short.decoderLength, long.decoderLength);
    assert.deepEqual(short.next().labels.shape, long.next().labels.shape);
  });

  it('masks at least one token in every masked-LM batch, however short its rows', () => {
    const tokenizer = new FakeTokenizer();
    // 3 text tokens per row: 15% of them is 0.45, so most rows draw no masked position at all.
    for (const strategy of ['token', 'whole-word', 'span'] as const) {
      const source = new MaskedLmBatches([tokenizer.encode('ab cd ef gh ij kl')], tokenizer, { batchSize: 1, contextLength: 5, seed: 1, strategy });
      for (let i = 0; i < 200; i++) {
        const masked = source.next().labels.data.filter((id) => id !== IGNORE_INDEX).length;
        assert.ok(masked >= 1, `${strategy}: batch ${i} has no masked position`);
      }
    }
  });

  it('pretrains BERT with rows too short for 15% masking without a NaN loss', async () => {
    const dir = tempDir('pl-train-input-');
    const corpus = path.join(dir, 'tiny.txt');
    writeFileSync(corpus, 'hi there\n');
    const run = await runCli(['pretrain', corpus, '--out', path.join(dir, 'bert'), '--arch', 'bert', '--tokenizer', 'char', '--layers', '1', '--heads', '1', '--dim', '16', '--context', '4', '--batch', '1', '--steps', '4', '--eval-batches', '2', '--threads', '1']);
    assert.equal(run.code, 0, run.stderr);
  });

  it('refuses eval --corpus of a classifier, pointing to --data', async () => {
    const dir = tempDir('pl-train-input-');
    const data = path.join(dir, 'labels.jsonl');
    writeFileSync(data, Array.from({ length: 20 }, (_, i) => JSON.stringify({ text: `example number ${i}`, label: i % 2 ? 'odd' : 'even' })).join('\n'));
    const classifier = path.join(dir, 'classifier');
    const trained = await runCli(['finetune', BERT, '--task', 'classify', '--data', data, '--out', classifier, '--steps', '1', '--batch', '2', '--threads', '1']);
    assert.equal(trained.code, 0, trained.stderr);
    assertOneLineRefusal(await runCli(['eval', classifier, '--corpus', tinyCorpus(dir)]), /is a classifier .*--data/);
  });

  it('refuses out-of-range run settings and sizes up front, naming the limit', async () => {
    const dir = tempDir('pl-train-input-');
    const corpus = tinyCorpus(dir);
    const out = path.join(dir, 'model');
    assertOneLineRefusal(await runCli(['pretrain', corpus, '--out', out, ...TINY, '--max-minutes', '-1']), /--max-minutes must be a number above 0/);
    assertOneLineRefusal(await runCli(['pretrain', corpus, '--out', out, ...TINY.slice(0, -2), '--threads', '100000']), /--threads must be an integer from 1 to \d+/);
    assertOneLineRefusal(await runCli(['pretrain', corpus, '--out', out, ...TINY.slice(0, -4), '--eval-batches', '1000000000']), /needs about .* of memory to train but the limit is/);
    assertOneLineRefusal(await runCli(['eval', path.join(ROOT, 'models', 'tiny-shakespeare-gpt2'), '--corpus', corpus, '--batch', '100000']), /needs about .* of memory to evaluate but the limit is .*--batch/);
    assert.ok(!existsSync(out));
  });

  it('builds a classifier with thousands of labels as a graph whose size does not grow per label output', async () => {
    const base = await readConfig(BERT);
    const outputsFor = (labels: number) => {
      const config = classifierConfig(base, Array.from({ length: labels }, (_, i) => `label ${i}`), 0);
      return buildStepGraph(classificationForward(config, 2, 8), { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0, clipNorm: 1 }).graph.outputs.length;
    };
    assert.equal(outputsFor(3000), outputsFor(2));
  });

  it('names thousands of same-named graph values in linear time', () => {
    const g = new GraphBuilder('names');
    const started = Date.now();
    for (let i = 0; i < 40_000; i++) g.graph.newValue('float32', [1], 'same');
    // Quadratic naming took minutes here; linear takes milliseconds. A bound only against a hang.
    assert.ok(Date.now() - started < 20_000);
  });
});

function writeFile(dir: string, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, 'not a model\n');
  return file;
}

function folderWithFile(dir: string): string {
  const folder = path.join(dir, 'documents');
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'thesis.txt'), 'precious\n');
  return folder;
}

function symlinkLoop(dir: string): string {
  symlinkSync(path.join(dir, 'b'), path.join(dir, 'a'));
  symlinkSync(path.join(dir, 'a'), path.join(dir, 'b'));
  return path.join(dir, 'a');
}
