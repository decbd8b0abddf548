/**
 * export-run and import-run refuse bad input with one line (exit 2) and write nothing: a model
 * folder without a checkpoint or without its corpus cache, a vocabulary too large for the shard
 * type asked for, a corpus with nothing to tokenize or too little, an --out that is in use, inside
 * the model folder or in a system tree, and a cluster output without a checkpoint. Needs no PyTorch.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './cli-helpers';
import { tinyRunForSuite } from './cluster-helpers';

describe('export-run / import-run: bad input', function () {
  this.timeout(300_000);
  const run = tinyRunForSuite('pl-cluster-bad-', 'gpt2');

  /** A copy of the model folder, changed by `damage`. */
  function damagedCopy(name: string, damage: (copy: string) => void): string {
    const copy = path.join(run.dir, name);
    cpSync(run.modelDir, copy, { recursive: true });
    damage(copy);
    return copy;
  }

  async function refused(args: string[], message: RegExp): Promise<void> {
    const out = args[args.indexOf('--out') + 1];
    const siblingsBefore = readdirSync(path.dirname(out));
    const r = await runCli(args);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.deepEqual(readdirSync(path.dirname(out)), siblingsBefore, 'nothing written beside --out, not even a staging folder');
  }

  it('refuses a model folder without a checkpoint', async () => {
    const model = damagedCopy('no-checkpoint', (copy) => rmSync(path.join(copy, 'training'), { recursive: true }));
    await refused(['export-run', model, '--corpus', run.corpus, '--out', path.join(run.dir, 'out-a')], /has no checkpoint/);
  });

  it('refuses a model folder without its corpus cache', async () => {
    const model = damagedCopy('no-cache', (copy) => rmSync(path.join(copy, '.token-cache'), { recursive: true }));
    await refused(['export-run', model, '--corpus', run.corpus, '--out', path.join(run.dir, 'out-b')], /has no corpus cache/);
  });

  it('refuses a vocabulary too large for the shard type asked for (a crafted config)', async () => {
    const model = damagedCopy('huge-vocab', (copy) => {
      const config = JSON.parse(readFileSync(path.join(copy, 'config.json'), 'utf8'));
      writeFileSync(path.join(copy, 'config.json'), JSON.stringify({ ...config, vocab_size: 70_000 }));
    });
    await refused(['export-run', model, '--corpus', run.corpus, '--out', path.join(run.dir, 'out-c'), '--dtype', 'uint16'], /vocabulary of 70000 tokens does not fit uint16/);
  });

  it('refuses a corpus with no text to tokenize, and one too small for a row, writing nothing', async () => {
    const empty = path.join(run.dir, 'empty-corpus');
    mkdirSync(empty);
    await refused(['export-run', run.modelDir, '--corpus', empty, '--out', path.join(run.dir, 'out-d')], /no text files/);
    const tiny = path.join(run.dir, 'tiny.txt');
    writeFileSync(tiny, 'First Cit');
    // Fails inside the staging folder, after the shards were written: the staging folder goes too.
    await refused(['export-run', run.modelDir, '--corpus', tiny, '--out', path.join(run.dir, 'out-e')], /fewer than one row/);
  });

  it('refuses an --out that already holds files', async () => {
    const used = path.join(run.dir, 'used');
    mkdirSync(used);
    writeFileSync(path.join(used, 'notes.txt'), 'mine');
    const r = await runCli(['export-run', run.modelDir, '--corpus', run.corpus, '--out', used]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /already exists and is not empty/);
    assert.deepEqual(readdirSync(used), ['notes.txt']);
  });

  it('refuses an --out inside the model folder, or in a system tree', async () => {
    await refused(['export-run', run.modelDir, '--corpus', run.corpus, '--out', path.join(run.modelDir, 'bundle')], /inside the model folder/);
    for (const command of [['export-run', run.modelDir, '--corpus', run.corpus], ['import-run', run.modelDir]]) {
      const r = await runCli([...command, '--out', '/proc/pretrain-lab-bundle']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /system tree/);
    }
  });

  it('import-run refuses a cluster output without a checkpoint', async () => {
    const output = path.join(run.dir, 'run-output');
    mkdirSync(output);
    writeFileSync(path.join(output, 'metrics.jsonl'), '{"event":"start","step":40}\n');
    mkdirSync(path.join(output, 'checkpoint-50.tmp-123'));
    await refused(['import-run', output, '--out', path.join(run.dir, 'imported')], /has no checkpoint/);
  });
});
