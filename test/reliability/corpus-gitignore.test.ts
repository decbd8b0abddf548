/**
 * `.gitignore` rules cannot stall or flood a scan (issue #20):
 *  - matching is linear in path × pattern length: a 64-byte pattern of nested `a/**` against a
 *    40-deep path (catastrophic backtracking for a regular expression) finishes at once;
 *  - an over-long line is dropped with one warning line naming the file and line;
 *  - the matcher keeps gitignore's meaning: it agrees with the `ignore` package on thousands of
 *    generated (patterns, path) cases, negation, directory-only rules, anchoring, `**`, escapes
 *    and character classes included.
 */
import assert from 'node:assert/strict';
import ignore from 'ignore';
import path from 'node:path';
import { GitignoreStack } from '../../src/data/corpus-gitignore';
import { Rng } from '../../src/util/rng';
import { buildCliOnce, jsonEvents, tempDir } from '../integration/cli-helpers';
import { proseFile, runCliWithin, TINY_PRETRAIN, writeTree } from './corpus-cli';

describe('reliability: corpus .gitignore', function () {
  this.timeout(120_000);
  before(buildCliOnce);

  it('matches a backtracking-prone pattern against a deep path quickly', async () => {
    const dir = tempDir('pl-corpus-redos-');
    const corpus = path.join(dir, 'corpus');
    const pattern = `${'a/**/'.repeat(12)}b`;
    assert.ok(pattern.length <= 64);
    writeTree(corpus, { '.gitignore': `${pattern}\n`, 'top.txt': proseFile(1), [`${'a/'.repeat(40)}deep.txt`]: proseFile(2) });
    const run = await runCliWithin(['pretrain', corpus, '--out', path.join(dir, 'model'), ...TINY_PRETRAIN, '--json'], 60_000);
    assert.equal(run.hung, false, 'the scan never finished');
    assert.equal(run.code, 0, run.stderr.slice(0, 2000));
    const scan = jsonEvents(run.stdout).find((e) => e.event === 'scan') as { files: number };
    assert.equal(scan.files, 3);
  });

  it('drops an over-long .gitignore line with one warning naming the file and line', async () => {
    const dir = tempDir('pl-corpus-longline-');
    const corpus = path.join(dir, 'corpus');
    writeTree(corpus, { 'sub/.gitignore': `secret.txt\n${'*a'.repeat(50_000)}\n`, 'sub/secret.txt': proseFile(9), 'a.txt': proseFile(1), 'b.txt': proseFile(2) });
    const run = await runCliWithin(['pretrain', corpus, '--out', path.join(dir, 'model'), ...TINY_PRETRAIN], 60_000);
    assert.equal(run.hung, false);
    assert.ok(run.stderr.length + run.stdout.length < 20_000, `output of ${run.stderr.length + run.stdout.length} characters`);
    assert.equal(run.code, 0, run.stderr.slice(0, 2000));
    const warnings = (run.stdout + run.stderr).split('\n').filter((l) => l.includes('sub/.gitignore'));
    assert.equal(warnings.length, 1, run.stdout + run.stderr);
    assert.match(warnings[0], /line 2/);
  });

  it('agrees with the ignore package on generated patterns and paths', () => {
    const rng = new Rng(20);
    const pick = <T>(items: readonly T[]): T => items[rng.int(items.length)];
    const names = ['a', 'b', 'ab', 'a.txt', 'b.md', 'x y', '.env', 'abc', 'ba', 'a[1]'];
    const atoms = ['a', 'b', 'ab', '*', '?', '*.txt', 'a*', '*b', 'a?', '[ab]', '[!a]*', '[a-c]b', '\\*', 'a\\?', '.env', 'x y', '**', 'a**', '[^b]', 'a[', '[[:alpha:]]*', '[![:digit:]]'];
    const randomPattern = (): string => {
      const segments = Array.from({ length: 1 + rng.int(3) }, () => pick(atoms));
      let body = segments.join('/');
      if (rng.int(4) === 0) body = `/${body}`;
      if (rng.int(4) === 0) body = `${body}/`;
      if (rng.int(5) === 0) body = `!${body}`;
      if (rng.int(6) === 0) body = `${body}  `;
      if (rng.int(12) === 0) body = `#${body}`;
      return body;
    };
    let compared = 0;
    let ignoredCount = 0;
    for (let c = 0; c < 400; c++) {
      const text = Array.from({ length: 1 + rng.int(4) }, randomPattern).join('\n');
      const reference = ignore().add(text);
      const ours = GitignoreStack.empty().withFile('', text).stack;
      for (let p = 0; p < 12; p++) {
        const depth = 1 + rng.int(4);
        const segments = Array.from({ length: depth }, () => pick(names));
        const isDirectory = rng.int(3) === 0;
        const expected = reference.test(segments.join('/') + (isDirectory ? '/' : '')).ignored;
        // The walker never enters an ignored folder: test each ancestor as a folder first.
        let actual = false;
        for (let i = 1; i <= depth && !actual; i++) {
          actual = ours.match(segments.slice(0, i).join('/'), i < depth || isDirectory) !== undefined;
        }
        assert.equal(actual, expected, `patterns ${JSON.stringify(text)}, path ${JSON.stringify(segments.join('/'))}${isDirectory ? ' (folder)' : ''}`);
        compared++;
        if (expected) ignoredCount++;
      }
    }
    assert.equal(compared, 4800);
    assert.ok(ignoredCount > 800 && ignoredCount < 4000, `${ignoredCount} ignored: the cases should mix both answers`);
  });
});
