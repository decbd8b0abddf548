/**
 * `pretrain-lab search` end to end on the bundle: a tiny BERT pretrained by the CLI, a small
 * workspace; hybrid, encoder and BM25-only searches; the incremental update after one edit; and
 * the bad inputs of issue 14 (no units, not an encoder, a damaged index, an empty query), each one
 * line on stderr with exit 2 — or, for the damaged index, a rebuild said on stderr — with nothing
 * else touched.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { INDEX_FILE, VECTORS_FILE } from '../../src/search/index-file';
import { buildCliOnce, jsonEvents, runCli, tempDir, tinyCorpus } from './cli-helpers';
import { writeTree } from '../unit/search/stand-ins';

const WORKSPACE = {
  'src/config.ts': '/** Reads the settings file from disk and parses it. */\nexport function parseConfigFile(path: string) {\n  return JSON.parse(read(path));\n}\n',
  'src/server.ts': '/** Starts the web server on a port. */\nexport function startHttpServer(port: number) {\n  listen(port);\n}\n',
  'lib/cache.py': 'def evict_oldest(cache):\n    """Remove the least recently used entry."""\n    cache.popitem(last=False)\n',
  'README.md': '# Installing\n\nRun the installer, then restart the server.\n',
};

async function pretrain(dir: string, arch: 'bert' | 'gpt2'): Promise<string> {
  const out = path.join(dir, arch);
  const r = await runCli(['pretrain', tinyCorpus(dir), '--out', out, '--arch', arch, '--tokenizer', 'char', '--layers', '1', '--heads', '2', '--dim', '16', '--context', '16', '--batch', '4', '--steps', '2', '--eval-batches', '1', '--warmup', '1', '--threads', '1', '--json']);
  if (r.code !== 0) throw new Error(`pretrain ${arch} failed: ${r.stderr}`);
  return out;
}

/** Every path under `dir`: what "nothing else touched" compares. */
function listing(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

describe('cli: search', function () {
  this.timeout(180_000);
  let dir: string;
  let bert: string;
  let gpt2: string;
  let workspace: string;
  let indexDir: string;

  before(async () => {
    buildCliOnce();
    dir = tempDir('pl-cli-search-');
    [bert, gpt2] = await Promise.all([pretrain(dir, 'bert'), pretrain(dir, 'gpt2')]);
    workspace = path.join(dir, 'workspace');
    writeTree(workspace, WORKSPACE);
    indexDir = path.join(dir, 'index');
  });

  const search = (...args: string[]) => runCli(['search', ...args]);

  it('builds the index, ranks hybrid hits and shows the weighting', async () => {
    const r = await search(bert, workspace, '--query', 'least recently used entry', '--index-dir', indexDir, '--weight', '0.3');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], 'ranked by 0.30 × cosine + 0.70 × BM25, each min–max normalised over the top 50 candidates of either');
    assert.match(lines[1], /^lib\/cache\.py:1  evict_oldest  \d\.\d{3}  \(cosine -?\d\.\d{3}, bm25 \d+\.\d{2}\)$/);
    assert.match(r.stderr, /4 files indexed, 0 removed; \d+ units/);
    assert.ok(existsSync(path.join(indexDir, INDEX_FILE)));
    assert.deepEqual(listing(workspace), ['README.md', 'lib', 'lib/cache.py', 'src', 'src/config.ts', 'src/server.ts'], 'nothing written into the workspace');
  });

  it('re-indexes only the edited file, and prints JSON events with --json', async () => {
    writeFileSync(path.join(workspace, 'src/server.ts'), '/** Stops the web server. */\nexport function stopHttpServer(server: Server) {\n  server.close();\n}\n');
    const r = await search(bert, workspace, '--query', 'stop the server', '--index-dir', indexDir, '--mode', 'encoder', '--k', '2', '--json');
    assert.equal(r.code, 0, r.stderr);
    const [index, result] = jsonEvents(r.stdout);
    assert.equal(index.event, 'index');
    assert.deepEqual(index.filesIndexed, ['src/server.ts']);
    assert.equal(result.event, 'search');
    assert.equal(result.mode, 'encoder');
    const hits = result.hits as { cosine: number; bm25?: number; unit: { name: string } }[];
    assert.equal(hits.length, 2);
    assert.ok(hits.every((h) => typeof h.cosine === 'number' && h.bm25 === undefined));
  });

  it('searches with BM25 alone when the model is -', async () => {
    const r = await search('-', workspace, '--query', 'parse settings file', '--index-dir', path.join(dir, 'bm25-index'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ranked by BM25 \(code-aware terms\)\nsrc\/config\.ts:2  parseConfigFile  \d+\.\d{3}  \(bm25 \d+\.\d{2}\)\n/);
  });

  it('rebuilds a damaged index and says so on stderr', async () => {
    writeFileSync(path.join(indexDir, VECTORS_FILE), 'not vectors');
    const r = await search(bert, workspace, '--query', 'web server', '--index-dir', indexDir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^the search index was damaged and has been rebuilt from scratch \(search index file \S+vectors\.bin is damaged: 11 bytes where \d+ units × 16 floats need \d+\)$/m);
  });

  describe('bad input: one line, exit 2, nothing touched', () => {
    const refused = async (args: string[], message: RegExp) => {
      const before = listing(dir);
      const r = await search(...args);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
      assert.deepEqual(listing(dir), before);
    };

    it('a workspace with no functions, classes or sections', async () => {
      const bare = path.join(dir, 'bare');
      writeTree(bare, { 'notes.txt': 'just notes\n', 'data.json': '{}\n' });
      await refused(['-', bare, '--query', 'anything', '--index-dir', path.join(dir, 'bare-index')], /^error: \S+bare has no functions, classes or Markdown sections to search \(0 source files read\); search a folder with code in /);
    });

    it('a model that is not an encoder', async () => {
      await refused([gpt2, workspace, '--query', 'server', '--index-dir', path.join(dir, 'gpt2-index')], /^error: \S+ holds a 'gpt2' model; search needs an encoder/);
    });

    it('an empty query', async () => {
      await refused([bert, workspace, '--query', '  ', '--index-dir', indexDir], /^error: search: --query is empty/);
    });

    it('an index folder that holds other files (the workspace itself, given by mistake)', async () => {
      await refused([bert, workspace, '--query', 'server', '--index-dir', workspace], /^error: \S+workspace holds other files \(README\.md, …\), so it is not a search index folder; give a new or empty folder for the index$/m);
    });

    it('an encoder mode without a model, and a folder that is not there', async () => {
      await refused(['-', workspace, '--query', 'x', '--mode', 'hybrid'], /needs an encoder model folder in place of '-'/);
      await refused([bert, path.join(dir, 'missing'), '--query', 'x'], /folder \S+missing does not exist/);
    });

    it('a folder path too long to look up (found by the CLI fuzzer: a raw ENAMETOOLONG before)', async () => {
      await refused(['-', 'q'.repeat(7000), '--query', 'x'], /has a name that is too long \(ENAMETOOLONG\); give the workspace folder to search/);
    });
  });
});
