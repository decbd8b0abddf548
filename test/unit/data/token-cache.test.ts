import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanCorpus } from '../../../src/data/corpus-scan';
import { buildTokenCache, openTokenCache } from '../../../src/data/token-cache';
import { splitCorpus } from '../../../src/data/token-cache-split';
import { FakeTokenizer } from './fake-tokenizer';

const FILES: Record<string, string> = {
  'a.md': 'alpha beta gamma',
  'b.ts': 'const b = 2;',
  'c/d.txt': 'delta epsilon',
  'c/e.txt': 'zeta eta theta iota',
  'f.py': 'print("f")',
};

describe('data/token cache', () => {
  let root: string;
  let corpus: string;
  let cacheDir: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'token-cache-'));
    corpus = path.join(root, 'corpus');
    cacheDir = path.join(root, 'cache');
    for (const [name, text] of Object.entries(FILES)) {
      await fs.mkdir(path.dirname(path.join(corpus, name)), { recursive: true });
      await fs.writeFile(path.join(corpus, name), text);
    }
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  async function build(tokenizer: FakeTokenizer, shardTokens?: number) {
    const scan = await scanCorpus(corpus);
    return buildTokenCache(scan.files, tokenizer, { directory: cacheDir, shardTokens });
  }

  it('encodes every file once and stores exactly the tokenizer output', async () => {
    const tokenizer = new FakeTokenizer();
    const { cache, stats } = await build(tokenizer);
    assert.equal(tokenizer.encodeCalls, 5);
    assert.deepEqual({ encoded: stats.encoded, reused: stats.reused, rewritten: stats.rewritten }, { encoded: 5, reused: 0, rewritten: true });
    assert.equal(cache.index.dtype, 'uint16');
    const reference = new FakeTokenizer();
    cache.documents.forEach((d, i) => assert.deepEqual(Array.from(cache.tokens(i)), reference.encode(FILES[d.relativePath])));

    const reopened = await openTokenCache(cacheDir);
    assert.deepEqual(reopened.index, cache.index);
    reopened.documents.forEach((_, i) => assert.deepEqual(reopened.tokens(i), cache.tokens(i)));
  });

  it('re-encodes nothing for an unchanged corpus and only the edited file after an edit', async () => {
    await build(new FakeTokenizer());
    const indexBefore = await fs.readFile(path.join(cacheDir, 'index.json'), 'utf8');

    const unchanged = new FakeTokenizer();
    const again = await build(unchanged);
    assert.equal(unchanged.encodeCalls, 0);
    assert.equal(again.stats.rewritten, false);
    assert.equal(await fs.readFile(path.join(cacheDir, 'index.json'), 'utf8'), indexBefore);

    await fs.writeFile(path.join(corpus, 'c/d.txt'), 'delta epsilon and more');
    const afterEdit = new FakeTokenizer();
    const edited = await build(afterEdit);
    assert.equal(afterEdit.encodeCalls, 1);
    assert.deepEqual([edited.stats.encoded, edited.stats.reused], [1, 4]);
    const d = edited.cache.documents.findIndex((doc) => doc.relativePath === 'c/d.txt');
    assert.deepEqual(Array.from(edited.cache.tokens(d)), new FakeTokenizer().encode('delta epsilon and more'));
  });

  it('drops removed files without re-encoding the rest, and cleans up old shards', async () => {
    await build(new FakeTokenizer(), 8);
    await fs.rm(path.join(corpus, 'b.ts'));
    const tokenizer = new FakeTokenizer();
    const { cache, stats } = await build(tokenizer, 8);
    assert.equal(tokenizer.encodeCalls, 0);
    assert.equal(stats.removed, 1);
    assert.deepEqual(cache.documents.map((d) => d.relativePath), ['a.md', 'c/d.txt', 'c/e.txt', 'f.py']);
    assert.ok(cache.index.shards.length > 1, 'small shardTokens should give several shards');
    const onDisk = (await fs.readdir(cacheDir)).sort();
    assert.deepEqual(onDisk, ['index.json', ...cache.index.shards.map((s) => s.file)].sort());
  });

  it('re-encodes everything when the tokenizer changes', async () => {
    await build(new FakeTokenizer());
    const other = new FakeTokenizer({ sentinels: 3 });
    await build(other);
    assert.equal(other.encodeCalls, 5);
  });

  it('stores 32-bit ids when the vocabulary exceeds 65536', async () => {
    const { cache } = await build(new FakeTokenizer({ vocabSize: 70000 }));
    assert.equal(cache.index.dtype, 'uint32');
    assert.ok(cache.tokens(0) instanceof Uint32Array);
    const shard = cache.index.shards[0];
    assert.equal((await fs.stat(path.join(cacheDir, shard.file))).size, shard.tokens * 4);
  });

  it('keeps the previous cache intact when a build dies half-way', async () => {
    const { cache: before } = await build(new FakeTokenizer());
    await fs.writeFile(path.join(corpus, 'f.py'), 'print("changed")');
    await fs.writeFile(path.join(corpus, 'a.md'), 'changed too');
    const crashing = new FakeTokenizer();
    let calls = 0;
    crashing.encode = (text: string) => {
      if (++calls === 2) throw new Error('simulated crash');
      return FakeTokenizer.prototype.encode.call(crashing, text);
    };
    await assert.rejects(build(crashing), /simulated crash/);
    const after = await openTokenCache(cacheDir);
    assert.deepEqual(after.index, before.index);
    after.documents.forEach((_, i) => assert.deepEqual(after.tokens(i), before.tokens(i)));
  });

  it('rebuilds from scratch when the index is damaged', async () => {
    await build(new FakeTokenizer());
    await fs.writeFile(path.join(cacheDir, 'index.json'), '{"version": 1, "shar');
    const tokenizer = new FakeTokenizer();
    await build(tokenizer);
    assert.equal(tokenizer.encodeCalls, 5);
  });
});

describe('data/train-validation split', () => {
  const doc = (relativePath: string, length = 4) => ({ relativePath, tokens: new Uint16Array(length).fill(relativePath.length) });

  it('splits a single document nanoGPT-style: first 90% train, last 10% validation', () => {
    const tokens = Uint16Array.from({ length: 1000 }, (_, i) => i % 65536);
    const split = splitCorpus([{ relativePath: 'shakespeare.txt', tokens }], { valFraction: 0.1 });
    assert.equal(split.mode, 'tail');
    assert.deepEqual(Array.from(split.train[0]), Array.from(tokens.subarray(0, 900)));
    assert.deepEqual(Array.from(split.val[0]), Array.from(tokens.subarray(900)));
  });

  it('splits by document, stably across re-runs and corpus changes, with the requested fraction', () => {
    const paths = Array.from({ length: 2000 }, (_, i) => `src/file-${i}.ts`);
    const valPaths = (docs: ReturnType<typeof doc>[], seed: number) => {
      const split = splitCorpus(docs, { valFraction: 0.2, seed });
      const valSet = new Set(split.val);
      return new Set(docs.filter((d) => valSet.has(d.tokens)).map((d) => d.relativePath));
    };
    const docs = paths.map((p) => doc(p));
    const first = valPaths(docs, 7);
    assert.deepEqual(valPaths(docs, 7), first);
    assert.ok(Math.abs(first.size / paths.length - 0.2) < 0.03, `val fraction ${first.size / paths.length}`);
    // Removing half the files moves none of the others across the split.
    const half = docs.filter((_, i) => i % 2 === 0);
    const halfVal = valPaths(half, 7);
    for (const d of half) assert.equal(halfVal.has(d.relativePath), first.has(d.relativePath));
    assert.notDeepEqual(valPaths(docs, 8), first);
  });

  it('always keeps at least one document on each side when it holds out whole files', () => {
    // 60 equal files at 2%: the draw holds out 0–3 files; none is corrected to one.
    const docs = Array.from({ length: 60 }, (_, i) => doc(`f${i}.txt`));
    const modes = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const split = splitCorpus(docs, { valFraction: 0.02, seed });
      modes.add(split.mode);
      assert.ok(split.train.length >= 1 && split.val.length >= 1, `seed ${seed}: ${split.train.length} / ${split.val.length}`);
    }
    assert.ok(modes.has('by-document'));
  });

  it('splits every document nanoGPT-style when whole files would hold out far too much or too little', () => {
    // One large file and three small ones: holding out the large one leaves ~1% to train on,
    // holding out a small one validates on ~1%. Either way each file's last 10% validates.
    const docs = [doc('big.txt', 9000), doc('a.txt', 100), doc('b.txt', 100), doc('c.txt', 100)];
    for (let seed = 0; seed < 10; seed++) {
      const split = splitCorpus(docs, { valFraction: 0.1, seed });
      assert.equal(split.mode, 'tail', `seed ${seed}`);
      assert.deepEqual(split.train.map((t) => t.length), [8100, 90, 90, 90]);
      assert.deepEqual(split.val.map((t) => t.length), [900, 10, 10, 10]);
    }
  });
});
