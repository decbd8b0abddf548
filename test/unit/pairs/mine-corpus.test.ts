/**
 * Mining a folder: only the files `pretrain` reads (nothing gitignored, vendored, minified,
 * binary or over the size cap), exact (code, text) repeats dropped, and validation held out by
 * whole files with the rule `pretrain`'s token cache uses.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mineCorpusPairs, mineCorpusUnits } from '../../../src/data/pairs';
import { splitCorpus } from '../../../src/data/token-cache-split';

/** A described function whose name and text say which file it came from. */
const described = (name: string) => `/** Returns the ${name} value. */\nexport function ${name}() {\n  return '${name}';\n}\n`;

function write(root: string, relative: string, content: string | Buffer): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

describe('pair mining: a whole folder', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'pl-pairs-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('mines nothing from gitignored, vendored, dependency, minified, binary or oversized files', async () => {
    write(root, '.gitignore', 'generated/\n*.gen.ts\n');
    write(root, 'src/kept.ts', described('kept'));
    write(root, 'generated/api.ts', described('ignoredFolder'));
    write(root, 'src/schema.gen.ts', described('ignoredPattern'));
    write(root, 'node_modules/dep/index.js', described('dependency'));
    write(root, 'vendor/github.com/lib/lib.go', '// Lib does vendored things.\nfunc Lib() {\n}\n');
    write(root, 'third_party/json/json.py', 'def parse(s):\n    """Parse vendored JSON."""\n    return s\n');
    write(root, 'dist/app.min.js', described('minifiedName'));
    write(root, 'dist/bundle.js', `/** Bundled code, one very long line. */\nfunction bundled() { ${'var a = 1;'.repeat(800)} }\n`);
    write(root, 'src/binary.ts', Buffer.concat([Buffer.from(described('binary')), Buffer.from([0, 1, 2, 0])]));
    write(root, 'src/big.ts', described('big') + `// ${'x'.repeat(3000)}\n`.repeat(2));
    const split = await mineCorpusPairs(root, { maxFileBytes: 4096 });
    const texts = [...split.train, ...split.validation].map((p) => p.text);
    assert.deepEqual(texts, ['Returns the kept value.']);
    const mined = await mineCorpusUnits(root, { maxFileBytes: 4096 });
    assert.deepEqual(mined.files.map((f) => f.file.relativePath), ['src/kept.ts']);
    assert.match(mined.files[0].file.contentHash, /^[0-9a-f]{64}$/);
  });

  it('drops exact (code, text) repeats across files and counts them; a repeat with other text is kept', async () => {
    write(root, 'a.ts', described('shared') + described('onlyA'));
    write(root, 'b.ts', `// b's own header line\n\n${described('shared')}`);
    write(root, 'c.ts', described('shared').replace('Returns the shared value.', 'Gives back the shared value.'));
    const split = await mineCorpusPairs(root);
    assert.equal(split.counts.duplicates, 1);
    assert.equal(split.counts.pairs, 3);
    const all = [...split.train, ...split.validation];
    assert.deepEqual(all.filter((p) => p.code.includes('function shared')).map((p) => p.file).sort(), ['a.ts', 'c.ts']);
    assert.deepEqual(split.counts.byKind, { 'doc-comment': 3 });
    assert.deepEqual(split.counts.byLanguage, { typescript: 3 });
  });

  it('holds out whole files for validation, the same files pretrain holds out (seed and fraction alike)', async () => {
    const files = Array.from({ length: 60 }, (_, i) => `src/module${String(i).padStart(2, '0')}.ts`);
    files.forEach((f, i) => write(root, f, described(`first${i}`) + described(`second${i}`)));
    const seed = 1337;
    const split = await mineCorpusPairs(root, { seed, valFraction: 0.1 });
    assert.equal(split.mode, 'by-document');
    const trainFiles = new Set(split.train.map((p) => p.file));
    const validationFiles = new Set(split.validation.map((p) => p.file));
    assert.ok(validationFiles.size > 0 && trainFiles.size > 0);
    assert.deepEqual([...validationFiles].filter((f) => trainFiles.has(f)), [], 'a file on both sides');
    assert.equal(split.validation.length, 2 * validationFiles.size, 'every pair of a held-out file is held out');
    assert.deepEqual([split.trainFiles, split.validationFiles], [trainFiles.size, validationFiles.size]);
    // pretrain's token split over the same files (equal sizes, as here every file has two pairs).
    const tokens = splitCorpus(files.map((relativePath, i) => ({ relativePath, tokens: new Uint16Array([i, i]) })), { seed, valFraction: 0.1 });
    const pretrainHeldOut = tokens.val.map((t) => files[t[0]]);
    assert.deepEqual([...validationFiles].sort(), pretrainHeldOut.sort());
  });

  it('falls back to the last pairs of each file, as pretrain falls back to tails, when one file holds every pair', async () => {
    write(root, 'only.ts', Array.from({ length: 20 }, (_, i) => described(`f${i}`)).join('\n'));
    const split = await mineCorpusPairs(root, { valFraction: 0.1 });
    assert.equal(split.mode, 'tail');
    assert.deepEqual([split.train.length, split.validation.length], [18, 2]);
    assert.deepEqual(split.validation.map((p) => p.text), ['Returns the f18 value.', 'Returns the f19 value.']);
  });

  it('stops at maxFiles and says so', async () => {
    for (let i = 0; i < 5; i++) write(root, `f${i}.ts`, described(`f${i}`));
    const mined = await mineCorpusUnits(root, { maxFiles: 2 });
    assert.deepEqual([mined.files.length, mined.truncated], [2, true]);
    const all = await mineCorpusUnits(root, { maxFiles: 5 });
    assert.deepEqual([all.files.length, all.truncated], [5, false]);
  });
});
