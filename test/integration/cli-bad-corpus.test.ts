/**
 * Corpora with nothing to learn from: empty, all skipped, or too short for one row. Each exits 2
 * with one line saying what was wrong, and leaves no model folder behind.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, runCli, tempDir } from './cli-helpers';

describe('CLI: corpora with nothing to train on', () => {
  let dir: string;
  before(() => {
    buildCliOnce();
    dir = tempDir('pl-bad-corpus-');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function expectRefused(corpus: string, pattern: RegExp): Promise<void> {
    const out = path.join(dir, `out-${path.basename(corpus)}`);
    const r = await runCli(['pretrain', corpus, '--out', out, '--steps', '2', '--context', '64', '--threads', '1']);
    assert.equal(r.code, 2, r.stderr);
    const errors = r.stderr.trim().split('\n').filter((l) => l.startsWith('error'));
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0], pattern);
    assert.equal(existsSync(out), false, 'no model folder is left behind');
  }

  it('an empty folder', async () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    await expectRefused(empty, /has no text files to train on/);
  });

  it('a folder whose every file is skipped, with the reasons', async () => {
    const skipped = path.join(dir, 'skipped');
    mkdirSync(skipped);
    writeFileSync(path.join(skipped, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
    writeFileSync(path.join(skipped, 'package-lock.json'), '{}');
    await expectRefused(skipped, /no text files to train on \(skipped: 1 binary file.*lock file/);
  });

  it('a text too short for one training row', async () => {
    const tiny = path.join(dir, 'tiny.txt');
    writeFileSync(tiny, 'ab');
    await expectRefused(tiny, /cannot fill one batch row.*smaller --context/);
  });
});
