/**
 * Corpus files that are not what they seem, between the scan and the read (issue #20):
 *  - a FIFO (or a symbolic link to one) as a `.gitignore` or among the files is skipped as
 *    "not a regular file", never opened blocking: pretrain finishes instead of waiting forever;
 *  - a file deleted after the scan and before it is read is left out with a warning naming it,
 *    not a raw ENOENT;
 *  - UTF-16 files with a byte-order mark are decoded and trained on, not skipped as binary.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { scanCorpus } from '../../src/data/corpus-scan';
import { trainTokenizer } from '../../src/tokenizer';
import { corpusTexts, tokenizeCorpus } from '../../src/train/run/corpus-data';
import { buildCliOnce, jsonEvents, tempDir } from '../integration/cli-helpers';
import { proseFile, runCliWithin, TINY_PRETRAIN, writeTree } from './corpus-cli';

function mkfifo(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('mkfifo', [file]);
}

describe('reliability: corpus special files', function () {
  this.timeout(120_000);
  before(buildCliOnce);

  it('skips FIFOs (and links to them) as not regular files instead of blocking on them', async () => {
    const dir = tempDir('pl-corpus-fifo-');
    const corpus = path.join(dir, 'corpus');
    writeTree(corpus, { 'a.txt': proseFile(1), 'sub/b.txt': proseFile(2), 'other/c.txt': proseFile(3) });
    mkfifo(path.join(corpus, '.gitignore'));
    mkfifo(path.join(dir, 'elsewhere', 'pipe'));
    symlinkSync(path.join(dir, 'elsewhere', 'pipe'), path.join(corpus, 'sub', '.gitignore'));
    symlinkSync(path.join(dir, 'elsewhere', 'pipe'), path.join(corpus, 'other', 'notes.txt'));
    mkfifo(path.join(corpus, 'pipe.txt'));

    const run = await runCliWithin(['pretrain', corpus, '--out', path.join(dir, 'model'), ...TINY_PRETRAIN, '--json'], 90_000);
    assert.equal(run.hung, false, 'pretrain blocked on a FIFO');
    assert.equal(run.code, 0, run.stderr);
    const scan = jsonEvents(run.stdout).find((e) => e.event === 'scan') as { files: number; skips: { text: string; count: number }[] };
    assert.equal(scan.files, 3);
    const special = scan.skips.find((s) => /not a regular file/.test(s.text));
    assert.equal(special?.count, 4, JSON.stringify(scan.skips));
  });

  it('refuses in one line a corpus that is a device or a FIFO, instead of a raw errno', async () => {
    const dir = tempDir('pl-corpus-root-');
    mkfifo(path.join(dir, 'pipe'));
    for (const [corpus, kind] of [['/dev/null', 'character device'], [path.join(dir, 'pipe'), 'FIFO']] as const) {
      const run = await runCliWithin(['pretrain', corpus, '--out', path.join(dir, 'model'), ...TINY_PRETRAIN], 60_000);
      assert.equal(run.hung, false, `pretrain ${corpus} hung`);
      assert.equal(run.code, 2, run.stderr);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0], new RegExp(`corpus ${corpus}.*${kind}.*give a folder or a text file`));
    }
  });

  it('refuses a system folder as the corpus at once, instead of scanning the whole machine', async () => {
    const dir = tempDir('pl-corpus-system-');
    symlinkSync('/', path.join(dir, 'root-link'));
    for (const corpus of ['/', '/proc', '/usr', path.join(dir, 'root-link')]) {
      const run = await runCliWithin(['pretrain', corpus, '--out', path.join(dir, 'model'), ...TINY_PRETRAIN], 30_000);
      assert.equal(run.hung, false, `pretrain ${corpus} hung`);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr.trim(), /^error: corpus \S+ is a system folder, not a project; give the folder of the text or code to train on$/);
    }
  });

  it('leaves out, with a warning naming it, a file deleted after the scan', async () => {
    const corpus = tempDir('pl-corpus-vanish-');
    writeTree(corpus, { 'a.txt': proseFile(1), 'b.txt': proseFile(2), 'c.txt': proseFile(3) });
    const scan = await scanCorpus(corpus);
    assert.equal(scan.files.length, 3);
    rmSync(path.join(corpus, 'b.txt'));

    const warnings: string[] = [];
    const texts = await corpusTexts(scan, (message) => warnings.push(message));
    assert.deepEqual(texts, [proseFile(1), proseFile(3)]);
    const tokenizer = trainTokenizer('char', texts);
    const tokens = await tokenizeCorpus(scan, tokenizer, path.join(tempDir('pl-cache-'), 'cache'), { valFraction: 0.1, seed: 0 }, undefined, (message) => warnings.push(message));
    assert.equal(tokens.trainTokens + tokens.valTokens, proseFile(1).length + proseFile(3).length);
    assert.ok(warnings.length >= 1 && warnings.every((w) => w.includes('b.txt') && !w.includes('\n')), JSON.stringify(warnings));
  });

  it('decodes UTF-16 files with a byte-order mark and trains on them', async () => {
    const corpus = tempDir('pl-corpus-utf16-');
    const le = 'Grüße aus dem Süden — ünïcödé text\n'.repeat(5);
    const be = 'Ελληνικά γράμματα και λέξεις\n'.repeat(5);
    const beBytes = Buffer.from(be, 'utf16le').swap16();
    writeTree(corpus, {
      'le.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(le, 'utf16le')]),
      'be.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), beBytes]),
      'bom8.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(proseFile(4))]),
    });
    const scan = await scanCorpus(corpus);
    assert.deepEqual(scan.files.map((f) => f.relativePath), ['be.txt', 'bom8.txt', 'le.txt'], JSON.stringify(scan.summary.skips));
    const texts = await corpusTexts(scan);
    assert.deepEqual(texts, [be, proseFile(4), le]);
    const tokenizer = trainTokenizer('char', texts);
    const tokens = await tokenizeCorpus(scan, tokenizer, path.join(tempDir('pl-cache-'), 'cache'), { valFraction: 0, seed: 0 });
    assert.equal(tokens.trainTokens, tokenizer.encode(be).length + tokenizer.encode(proseFile(4)).length + tokenizer.encode(le).length);
    assert.equal(tokenizer.decode(tokens.train.at(-1)!), le);
  });
});
