import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanCorpus, walkCorpus } from '../../../src/data/corpus-scan';
import type { CorpusSkip, ScanEvent } from '../../../src/data/corpus-types';

const PNG_HEADER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const SOURCE = 'export const answer = 42;\n';

async function write(root: string, relative: string, content: string | Buffer): Promise<void> {
  const file = path.join(root, relative);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
}

/** The acceptance workspace: every kind of file the scanner must keep or skip. */
async function buildWorkspace(root: string): Promise<void> {
  await write(root, '.gitignore', 'build/\n*.log\n');
  await write(root, 'src/.gitignore', 'secret.txt\n!important.log\n');
  await write(root, 'src/a.ts', SOURCE);
  await write(root, 'src/z-copy.ts', SOURCE);
  await write(root, 'src/secret.txt', 'hidden by the nested .gitignore\n');
  await write(root, 'src/important.log', 're-included by the nested .gitignore\n');
  await write(root, 'debug.log', 'ignored by the root .gitignore\n');
  await write(root, 'build/out.js', 'console.log(1);\n');
  await write(root, 'node_modules/dep/index.js', 'module.exports = 1;\n');
  await write(root, 'package-lock.json', '{"lockfileVersion": 3}\n');
  await write(root, 'dist/bundle.js', 'var a=1;'.repeat(2500));
  await write(root, 'image.png', Buffer.concat([PNG_HEADER, Buffer.alloc(64, 7)]));
  await write(root, 'latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  await write(root, 'empty.txt', '');
  await write(root, 'notes.snap', 'excluded by a glob\n');
  await write(root, 'tmp/scratch.md', 'excluded folder\n');
  await write(root, 'docs/readme.md', '# Docs\n\nWords people wrote.\n');
  // 50 MB without writing 50 MB: a sparse file of that length.
  const big = await fs.open(path.join(root, 'big.txt'), 'w');
  await big.truncate(50 * 1024 * 1024);
  await big.close();
  await fs.symlink('..', path.join(root, 'src', 'up'));
  await fs.symlink('.', path.join(root, 'here'));
  await fs.symlink('missing.txt', path.join(root, 'dangling'));
}

function skipsByPath(skips: CorpusSkip[]): Record<string, string> {
  return Object.fromEntries(skips.map((s) => [s.relativePath, s.reason]));
}

describe('data/corpus scan', () => {
  let root: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'corpus-scan-'));
    await buildWorkspace(root);
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('keeps exactly the text files and gives each skip its reason', async () => {
    const scan = await scanCorpus(root, { exclude: ['**/*.snap', 'tmp'] });

    assert.deepEqual(scan.files.map((f) => f.relativePath), [
      '.gitignore',
      'docs/readme.md',
      'src/.gitignore',
      'src/a.ts',
      'src/important.log',
    ]);
    assert.deepEqual(skipsByPath(scan.summary.skips), {
      'big.txt': 'too-large',
      build: 'gitignored',
      dangling: 'unreadable',
      'debug.log': 'gitignored',
      'dist/bundle.js': 'minified',
      'empty.txt': 'empty',
      here: 'symlink-loop',
      'image.png': 'binary',
      'latin1.txt': 'invalid-utf8',
      node_modules: 'always-skipped',
      'notes.snap': 'excluded',
      'package-lock.json': 'lock-file',
      'src/secret.txt': 'gitignored',
      'src/up': 'symlink-loop',
      'src/z-copy.ts': 'duplicate',
      tmp: 'excluded',
    });
    const build = scan.summary.skips.find((s) => s.relativePath === 'build');
    assert.equal(build?.isDirectory, true);
    assert.equal(build?.detail, '.gitignore: build/');
  });

  it('describes files and totals them per language', async () => {
    const scan = await scanCorpus(root, { exclude: ['**/*.snap', 'tmp'] });
    const a = scan.files.find((f) => f.relativePath === 'src/a.ts');
    assert.deepEqual(a && { ...a }, {
      path: path.join(root, 'src', 'a.ts'),
      relativePath: 'src/a.ts',
      bytes: SOURCE.length,
      language: 'typescript',
      contentHash: createHash('sha256').update(SOURCE).digest('hex'),
    });
    assert.equal(scan.summary.files, 5);
    assert.equal(scan.summary.byLanguage.typescript.files, 1);
    assert.equal(scan.summary.byLanguage.markdown.bytes, '# Docs\n\nWords people wrote.\n'.length);
    assert.equal(scan.summary.bytes, scan.files.reduce((n, f) => n + f.bytes, 0));
    assert.equal(scan.summary.skipCounts.gitignored, 3);
  });

  it('applies include globs to files only and can ignore .gitignore', async () => {
    const scan = await scanCorpus(root, { include: ['**/*.ts', '**/*.txt'], respectGitignore: false });
    assert.deepEqual(scan.files.map((f) => f.relativePath), ['src/a.ts', 'src/secret.txt']);
    assert.equal(skipsByPath(scan.summary.skips)['build/out.js'], 'not-included');
  });

  it('honours a configurable size cap', async () => {
    const scan = await scanCorpus(root, { maxFileBytes: 10 });
    assert.equal(skipsByPath(scan.summary.skips)['docs/readme.md'], 'too-large');
  });

  it('scans a single file given as the root', async () => {
    const scan = await scanCorpus(path.join(root, 'src', 'a.ts'));
    assert.equal(scan.singleFile, true);
    assert.deepEqual(scan.files.map((f) => f.relativePath), ['a.ts']);
  });

  it('turns a file that vanishes mid-scan into a skip', async () => {
    const events: ScanEvent[] = [];
    for await (const event of walkCorpus(root)) {
      events.push(event);
      if (event.kind === 'skip' && event.skip.relativePath === 'debug.log') {
        await fs.rm(path.join(root, 'docs'), { recursive: true });
        await fs.rm(path.join(root, 'empty.txt'));
      }
    }
    const skips = events.flatMap((e) => (e.kind === 'skip' ? [e.skip] : []));
    const emptyTxt = skips.find((s) => s.relativePath === 'empty.txt');
    assert.deepEqual(emptyTxt && [emptyTxt.reason, emptyTxt.detail], ['unreadable', 'vanished during the scan']);
    assert.equal(skipsByPath(skips).docs, 'unreadable');
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await assert.rejects(scanCorpus(root, { signal: controller.signal }), /cancelled/);
  });
});
