// WorkspaceIndex with stand-in miner and embedder: build, incremental update, corruption, model changes, search modes and bad input.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../src/util/errors';
import { INDEX_FILE, VECTORS_FILE } from '../../../src/search/index-file';
import { defaultIndexDir } from '../../../src/search/index-location';
import { WorkspaceIndex, type WorkspaceIndexOptions } from '../../../src/search/workspace-index';
import { ROOT, tempDir } from '../../integration/cli-helpers';
import { functionLineMiner, hashingEmbedder, WORKSPACE, writeTree, type CountingEmbedder } from './stand-ins';

describe('search: workspace index', () => {
  let root: string;
  let indexDir: string;
  let embedder: CountingEmbedder;

  beforeEach(() => {
    const parent = tempDir('pl-wsindex-');
    root = path.join(parent, 'workspace');
    indexDir = path.join(parent, 'index');
    writeTree(root, WORKSPACE);
    embedder = hashingEmbedder();
  });

  const open = (options: Partial<WorkspaceIndexOptions> = {}) => WorkspaceIndex.open({ root, indexDir, embedder, mineUnits: functionLineMiner, ...options });

  it('builds the index of every searchable file, and finds units by meaning and by words', async () => {
    const index = await open();
    const update = await index.update();
    assert.deepEqual(update.filesIndexed, ['src/config.ts', 'src/http.ts', 'src/math.ts']);
    assert.equal(update.units, 6);
    assert.equal(update.rebuiltAfterCorruption, false);
    assert.equal(embedder.embedded.length, 6);
    assert.deepEqual(index.info(), { root: index.root, model: '', files: 3, units: 6, dim: 16 });
    for (const mode of ['bm25', 'encoder', 'hybrid'] as const) {
      const [top] = await index.search('start the web server', { mode, k: 3 });
      assert.equal(top.unit.name, 'startHttpServer', mode);
      assert.equal(top.unit.file, 'src/http.ts');
      assert.equal(top.unit.startLine, 2);
      assert.match(top.unit.preview, /^function startHttpServer/);
      assert.ok(!('code' in top.unit));
      assert.equal(top.cosine === undefined, mode === 'bm25', mode);
      assert.equal(top.bm25 === undefined, mode === 'encoder', mode);
    }
  });

  it('re-embeds only the edited file, drops deleted ones, and writes nothing when nothing changed', async () => {
    await (await open()).update();
    appendFileSync(path.join(root, 'src/math.ts'), 'function subtractNumbers(a, b) {\n  return a - b;\n}\n');
    rmSync(path.join(root, 'src/http.ts'));
    writeTree(root, { 'src/new.ts': 'function brandNew() {}\n' });

    const index = await open();
    embedder.embedded.length = 0;
    const update = await index.update();
    assert.deepEqual(update.filesIndexed, ['src/math.ts', 'src/new.ts']);
    assert.deepEqual(update.filesRemoved, ['src/http.ts']);
    assert.equal(embedder.embedded.length, 4, 'three units of math.ts and one of new.ts');
    assert.equal(update.units, 2 + 3 + 1);
    const names = (await index.search('numbers', { mode: 'bm25', k: 10 })).map((h) => h.unit.name);
    assert.ok(names.includes('subtractNumbers'));
    assert.deepEqual(await index.search('server', { mode: 'bm25' }), []);

    const mtime = statSync(path.join(indexDir, INDEX_FILE)).mtimeMs;
    embedder.embedded.length = 0;
    const again = await (await open()).update();
    assert.deepEqual([again.filesIndexed, again.filesRemoved, embedder.embedded.length], [[], [], 0]);
    assert.equal(statSync(path.join(indexDir, INDEX_FILE)).mtimeMs, mtime, 'an unchanged workspace rewrites nothing');
  });

  it('one edit re-indexes exactly that file, and the searches see it', async () => {
    const index = await open();
    await index.update();
    writeFileSync(path.join(root, 'src/config.ts'), '// load the yaml settings\nfunction loadYamlSettings(file) {\n  return yaml(file);\n}\n');
    embedder.embedded.length = 0;
    const update = await index.update();
    assert.deepEqual(update.filesIndexed, ['src/config.ts']);
    assert.deepEqual(update.filesRemoved, []);
    assert.equal(embedder.embedded.length, 1);
    const [top] = await index.search('yaml settings', { mode: 'hybrid' });
    assert.equal(top.unit.name, 'loadYamlSettings');
    assert.ok(!(await index.search('parseConfigFile', { mode: 'bm25' })).some((h) => h.unit.name === 'parseConfigFile'));
  });

  it('rebuilds a damaged index from scratch and says why, touching nothing but the index', async () => {
    await (await open()).update();
    writeFileSync(path.join(indexDir, VECTORS_FILE), 'garbage');
    const before = readdirSync(root, { recursive: true }).sort();
    const index = await open();
    const update = await index.update();
    assert.equal(update.rebuiltAfterCorruption, true);
    assert.match(update.corruptionReason!, /vectors\.bin is damaged: 7 bytes where 6 units × 16 floats need 384/);
    assert.equal(update.filesIndexed.length, 3);
    assert.deepEqual(readdirSync(root, { recursive: true }).sort(), before);
    assert.equal((await index.update()).rebuiltAfterCorruption, false, 'said once');
  });

  it('re-embeds everything for another model, or new weights', async () => {
    await (await open()).update();
    const wider = hashingEmbedder(8);
    const update = await (await open({ embedder: wider })).update();
    assert.equal(update.filesIndexed.length, 3);
    assert.equal(update.rebuiltAfterCorruption, false);
    assert.equal(wider.embedded.length, 6);
  });

  it('searches with BM25 alone when there is no encoder, and refuses the encoder modes', async () => {
    const index = await open({ embedder: undefined });
    await index.update();
    assert.equal(index.defaultMode(), 'bm25');
    assert.equal((await index.search('add two numbers'))[0].unit.name, 'addNumbers');
    await assert.rejects(index.search('numbers', { mode: 'hybrid' }), (e: unknown) => e instanceof InputError && /needs an encoder model folder/.test((e as Error).message));
    assert.equal(index.info().dim, 0);
  });

  it('refuses an empty query, bad k or weight, and a workspace without units, each in one line', async () => {
    const index = await open();
    await index.update();
    const oneLine = (pattern: RegExp) => (e: unknown) => e instanceof InputError && pattern.test((e as Error).message) && !(e as Error).message.includes('\n');
    await assert.rejects(index.search('   '), oneLine(/query is empty/));
    await assert.rejects(index.similar(''), oneLine(/empty/));
    await assert.rejects(index.search('x', { k: 0 }), oneLine(/k must be/));
    await assert.rejects(index.search('x', { encoderWeight: 1.5 }), oneLine(/between 0 and 1/));

    const bare = path.join(tempDir('pl-bare-'), 'ws');
    writeTree(bare, { 'README.txt': 'nothing to search\n' });
    const bareIndex = path.join(bare, '..', 'index');
    const empty = await open({ root: bare, indexDir: bareIndex });
    assert.equal((await empty.update()).units, 0);
    assert.ok(!existsSync(bareIndex), 'nothing to index: nothing written');
    await assert.rejects(empty.search('anything'), oneLine(/has no functions, classes or Markdown sections to search/));
  });

  it('never indexes an index folder placed inside the workspace', async () => {
    const inside = path.join(root, '.search-index');
    const index = await open({ indexDir: inside });
    await index.update();
    writeTree(inside, { 'stray.ts': 'function stray() {}\n' });
    const update = await index.update();
    assert.deepEqual(update.filesIndexed, []);
  });

  it('finds code similar to a selection', async () => {
    const index = await open();
    await index.update();
    const [top] = await index.similar('function multiplyMatrix(a, b) { return matmul(a, b); }', { k: 1 });
    assert.equal(top.unit.name, 'multiplyMatrix');
  });

  it('keeps its default index folder in the cache folder, outside the workspace', () => {
    const dir = defaultIndexDir(root, undefined, '/cache');
    assert.match(dir, /^\/cache\/pretrain-lab\/search-index\/workspace-[0-9a-f]{16}$/);
    assert.notEqual(defaultIndexDir(root, '/models/a', '/cache'), dir, 'one index per model');
    assert.ok(!existsSync(dir));
  });

  it('releases only an encoder it opened itself', async () => {
    const index = await open();
    await index.close();
    assert.equal(embedder.released, false);
  });
});

describe('search: workspace index with pair mining', () => {
  it('indexes the units pair mining finds, by default', async () => {
    const parent = tempDir('pl-wsindex-mined-');
    const root = path.join(parent, 'ws');
    writeTree(root, {
      'lib/cache.py': 'def evict_oldest(cache):\n    """Remove the least recently used entry."""\n    cache.popitem(last=False)\n',
      'docs/guide.md': '# Installing\n\nRun the installer, then restart.\n',
      'types.d.ts': 'declare function nothing(): void;\n',
    });
    const index = await WorkspaceIndex.open({ root, indexDir: path.join(parent, 'index') });
    const update = await index.update();
    assert.deepEqual(update.filesIndexed, ['docs/guide.md', 'lib/cache.py']);
    const [top] = await index.search('least recently used');
    assert.equal(top.unit.name, 'evict_oldest');
    assert.equal(top.unit.language, 'python');
    assert.equal(top.unit.doc, 'Remove the least recently used entry.');
    assert.ok(!('codeWithoutDoc' in top.unit), 'hits carry a preview, not the code');
    await index.close();
  });

  it('opens the encoder of a model folder itself, and releases it on close', async () => {
    const parent = tempDir('pl-wsindex-encoder-');
    const root = path.join(parent, 'ws');
    writeTree(root, WORKSPACE);
    const index = await WorkspaceIndex.open({ root, modelDir: path.join(ROOT, 'models', 'tiny-shakespeare-bert'), indexDir: path.join(parent, 'index'), session: { intraOpNumThreads: 1 } });
    try {
      assert.equal((await index.update()).units, 6);
      assert.equal(index.info().dim, 96);
      const hits = await index.search('add two numbers', { mode: 'hybrid', k: 6 });
      assert.equal(hits.length, 6);
      assert.ok(hits.every((h) => h.cosine! >= -1 && h.cosine! <= 1.0001 && h.bm25! >= 0));
    } finally {
      await index.close();
    }
  });
});
