/**
 * A run's own output is never its training data (issue #20): with `--out` inside the corpus,
 * the model folder, its lock file beside it and its token cache are left out of the scan, so
 * the corpus stays the same between runs and `--resume` works; `--out` equal to the corpus (or
 * the corpus inside `--out`) is refused with one line, leaving the corpus untouched.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, jsonEvents, tempDir } from '../integration/cli-helpers';
import { proseFile, runCliWithin, TINY_PRETRAIN, writeTree } from './corpus-cli';

describe('reliability: corpus and output folder', function () {
  this.timeout(180_000);
  before(buildCliOnce);

  it('resumes a run whose --out lies inside the corpus', async () => {
    const corpus = tempDir('pl-corpus-out-');
    writeTree(corpus, { 'a.txt': proseFile(1), 'docs/b.md': proseFile(2) });
    const out = path.join(corpus, 'models', 'tiny');
    const first = await runCliWithin(['pretrain', corpus, '--out', out, ...TINY_PRETRAIN, '--json'], 120_000);
    assert.equal(first.code, 0, first.stderr);
    assert.equal((jsonEvents(first.stdout).find((e) => e.event === 'scan') as { files: number }).files, 2);
    const resumed = await runCliWithin(['pretrain', corpus, '--out', out, '--resume', '--steps', '8', '--json'], 120_000);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal((jsonEvents(resumed.stdout).find((e) => e.event === 'scan') as { files: number }).files, 2);
  });

  it('refuses --out equal to the corpus folder with one line', async () => {
    const corpus = tempDir('pl-corpus-same-');
    writeTree(corpus, { 'a.txt': proseFile(1), 'b.txt': proseFile(2) });
    const run = await runCliWithin(['pretrain', corpus, '--out', corpus, ...TINY_PRETRAIN], 60_000);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /--out/);
    assert.deepEqual(readdirSync(corpus).sort(), ['a.txt', 'b.txt']);
    assert.ok(existsSync(corpus));
  });
});
