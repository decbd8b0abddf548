import * as assert from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusScanOptions, enabledGlobs } from '../../../../src/host/corpus/corpus-options';
import { stageCorpus } from '../../../../src/host/corpus/corpus-staging';
import { scanCorpus } from '../../../../src/data/corpus-scan';

describe('workspace corpus options', () => {
  it('takes the switched-on editor excludes, not sibling conditions or switched-off ones', () => {
    assert.deepStrictEqual(enabledGlobs({ '**/.git': true, '**/*.js': { when: '$(basename).ts' }, '**/tmp': false }), ['**/.git']);
  });

  it('merges corpus settings with files.exclude and search.exclude, anchoring bare globs', () => {
    const options = corpusScanOptions({
      include: ['**/*'],
      exclude: ['**/dist/**'],
      filesExclude: { '**/.DS_Store': true },
      searchExclude: { 'generated': true, '**/dist/**': true, '/docs/api': true },
    });
    assert.deepStrictEqual(options.include, []);
    assert.deepStrictEqual(options.exclude, ['**/dist/**', '**/.DS_Store', '**/generated', 'docs/api']);
    assert.deepStrictEqual(corpusScanOptions({ include: ['src/**', ''], exclude: [], filesExclude: {}, searchExclude: {} }).include, ['src/**']);
  });

  it('a scan with them skips excluded files with the reason, and staging keeps exactly the rest', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'pl-corpus-'));
    const staging = await fs.mkdtemp(path.join(os.tmpdir(), 'pl-staging-'));
    try {
      await fs.mkdir(path.join(root, 'src'));
      await fs.mkdir(path.join(root, 'generated'));
      await fs.writeFile(path.join(root, 'src', 'a.ts'), 'export const a = 1;\n');
      await fs.writeFile(path.join(root, 'notes.md'), '# Notes\nsome prose\n');
      await fs.writeFile(path.join(root, 'generated', 'g.ts'), 'export const g = 2;\n');
      const options = corpusScanOptions({ include: ['**/*'], exclude: [], filesExclude: {}, searchExclude: { generated: true } });
      const scan = await scanCorpus(root, options);
      assert.deepStrictEqual(scan.files.map((f) => f.relativePath), ['notes.md', 'src/a.ts']);
      assert.deepStrictEqual(scan.summary.skips.map((s) => [s.relativePath, s.reason]), [['generated', 'excluded']]);

      await stageCorpus(scan.files, path.join(staging, 'corpus'));
      const staged = await scanCorpus(path.join(staging, 'corpus'));
      assert.deepStrictEqual(staged.files.map((f) => [f.relativePath, f.contentHash]), scan.files.map((f) => [f.relativePath, f.contentHash]));
    } finally {
      await fs.rm(root, { recursive: true, force: true });
      await fs.rm(staging, { recursive: true, force: true });
    }
  });

  it('staging refuses a path that would leave its folder', async () => {
    const staging = await fs.mkdtemp(path.join(os.tmpdir(), 'pl-staging-'));
    try {
      const bad = { path: __filename, relativePath: '../escape.ts', bytes: 1, language: 'typescript', contentHash: 'x' };
      await assert.rejects(stageCorpus([bad], path.join(staging, 'corpus')), /outside/);
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
    }
  });
});
