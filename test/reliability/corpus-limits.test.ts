/**
 * Workspaces at the edges of what a scan must handle (issue #20):
 *  - more files than the open-file limit: files are opened one at a time, never all at once;
 *  - folders nested ~2,000 deep: an iterative walk stops at a depth limit with a skip reason,
 *    quickly, instead of overflowing the stack;
 *  - a file over the size cap: the skip names its size, the cap and the flag that raises it,
 *    and `pretrain --max-file-kb` raises it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { scanCorpus } from '../../src/data/corpus-scan';
import { buildCliOnce, jsonEvents, tempDir } from '../integration/cli-helpers';
import { proseFile, runCliWithin, TINY_PRETRAIN, writeTree } from './corpus-cli';

describe('reliability: corpus limits', function () {
  this.timeout(180_000);
  before(buildCliOnce);

  it('trains on more files than the open-file limit allows open at once', async () => {
    const dir = tempDir('pl-corpus-emfile-');
    const corpus = path.join(dir, 'corpus');
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`d${i % 7}/f${i}.txt`] = proseFile(i);
    writeTree(corpus, files);
    const run = await runCliWithin(['pretrain', corpus, '--out', path.join(dir, 'model'), ...TINY_PRETRAIN, '--json'], 150_000, { openFileLimit: 64 });
    assert.equal(run.hung, false);
    assert.equal(run.code, 0, run.stderr);
    const scan = jsonEvents(run.stdout).find((e) => e.event === 'scan') as { files: number };
    assert.equal(scan.files, 400);
  });

  it('stops at a depth limit in folders nested 2,000 deep, quickly', async () => {
    const corpus = tempDir('pl-corpus-deep-');
    writeTree(corpus, { 'top.txt': proseFile(1), 'd/mid.txt': proseFile(2) });
    // Relative mkdirs, in a process of its own: the full path is far beyond PATH_MAX.
    const nest = "const fs = require('fs'); process.chdir(process.argv[1]); for (let i = 0; i < 2000; i++) { fs.mkdirSync('d'); process.chdir('d'); } fs.writeFileSync('bottom.txt', 'deep');";
    execFileSync(process.execPath, ['-e', nest, path.join(corpus, 'd')]);
    const started = Date.now();
    const scan = await scanCorpus(corpus);
    assert.ok(Date.now() - started < 60_000, `scan took ${Date.now() - started} ms`);
    assert.deepEqual(scan.files.map((f) => f.relativePath), ['d/mid.txt', 'top.txt']);
    const deep = scan.summary.skips.filter((s) => s.reason === 'too-deep');
    assert.equal(deep.length, 1, JSON.stringify(scan.summary.skips.slice(0, 3)));
    assert.match(deep[0].detail, /deep/);
  });

  it('names the size, the cap and the flag when a file is over the size cap, and the flag raises it', async () => {
    const dir = tempDir('pl-corpus-cap-');
    const corpus = path.join(dir, 'corpus');
    const line = 'All the world is a stage, and all the men and women merely players.\n';
    writeTree(corpus, { 'big.txt': line.repeat(Math.ceil((3 * 1024 * 1024) / line.length)) });

    const scan = await scanCorpus(corpus, { raiseMaxFileWith: '--max-file-kb' });
    const skip = scan.summary.skips.find((s) => s.relativePath === 'big.txt');
    assert.equal(skip?.reason, 'too-large');
    assert.match(skip.detail, /3\.0 MiB/);
    assert.match(skip.detail, /2\.0 MiB/);
    assert.match(skip.detail, /--max-file-kb/);

    const refused = await runCliWithin(['pretrain', corpus, '--out', path.join(dir, 'refused'), ...TINY_PRETRAIN], 60_000);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /--max-file-kb/);
    const run = await runCliWithin(['pretrain', corpus, '--out', path.join(dir, 'model'), ...TINY_PRETRAIN, '--max-file-kb', '4096', '--json'], 150_000);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((jsonEvents(run.stdout).find((e) => e.event === 'scan') as { files: number }).files, 1);
  });
});
