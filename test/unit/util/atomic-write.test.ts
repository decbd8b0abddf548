import assert from 'node:assert/strict';
import * as nodeFs from 'node:fs/promises';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtomicFs, FileWriteError, recoverDirectorySwap, replaceDirectoryAtomic, writeFileAtomic } from '../../../src/util/atomic-write';

function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** The real file system, except that writing fails with ENOSPC after `budget` bytes. */
function diskThatFillsUpAfter(budget: number): AtomicFs {
  let written = 0;
  return {
    ...nodeFs,
    async open(path, flags) {
      const handle = await nodeFs.open(path, flags);
      return {
        sync: () => handle.sync(),
        close: () => handle.close(),
        async write(data, offset, length, position) {
          const room = budget - written;
          if (room <= 0) throw errnoError('ENOSPC');
          const n = Math.min(room, length);
          written += n;
          return handle.write(data, offset, n, position);
        },
      };
    },
  };
}

/** The real file system, except that the rename matching `shouldFail` throws `code`. */
function renameFailsWhen(shouldFail: (from: string, to: string) => boolean, code = 'EIO'): AtomicFs {
  return {
    ...nodeFs,
    async rename(from, to) {
      if (shouldFail(from, to)) throw errnoError(code);
      return nodeFs.rename(from, to);
    },
  };
}

describe('atomic writes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('writeFileAtomic', () => {
    it('writes strings, buffers and lists of chunks', async () => {
      const path = join(dir, 'f');
      await writeFileAtomic(path, 'héllo');
      assert.equal(readFileSync(path, 'utf8'), 'héllo');
      await writeFileAtomic(path, [Buffer.from('ab'), new Uint8Array([0x63]), Buffer.alloc(0), Buffer.from('d')]);
      assert.equal(readFileSync(path, 'utf8'), 'abcd');
      assert.deepEqual(readdirSync(dir), ['f'], 'no temporary file is left behind');
    });

    it('keeps the old content when the disk fills up mid-write, and names the path', async () => {
      const path = join(dir, 'model.safetensors');
      writeFileSync(path, 'old weights');
      const big = Buffer.alloc(10_000, 7);
      await assert.rejects(writeFileAtomic(path, [big, big], { fs: diskThatFillsUpAfter(15_000) }), (error: unknown) => {
        assert.ok(error instanceof FileWriteError);
        assert.equal(error.code, 'ENOSPC');
        assert.equal(error.message, `could not write ${path}: the disk is full (ENOSPC); its previous version is unchanged`);
        return true;
      });
      assert.equal(readFileSync(path, 'utf8'), 'old weights');
      assert.deepEqual(readdirSync(dir), ['model.safetensors'], 'the partial temporary file is removed');
    });

    it('keeps the old content when the final rename fails', async () => {
      const path = join(dir, 'config.json');
      writeFileSync(path, '{"old":true}');
      await assert.rejects(writeFileAtomic(path, '{"new":true}', { fs: renameFailsWhen(() => true) }), FileWriteError);
      assert.equal(readFileSync(path, 'utf8'), '{"old":true}');
      assert.deepEqual(readdirSync(dir), ['config.json']);
    });

    it('reports a missing folder as such', async () => {
      const path = join(dir, 'absent', 'f');
      await assert.rejects(writeFileAtomic(path, 'x'), /could not write .*absent\/f: its folder does not exist \(ENOENT\)/);
    });
  });

  describe('replaceDirectoryAtomic', () => {
    const model = () => join(dir, 'model');
    const fillWith = (files: Record<string, string>) => async (staging: string) => {
      for (const [name, content] of Object.entries(files)) {
        mkdirSync(join(staging, name, '..'), { recursive: true });
        writeFileSync(join(staging, name), content);
      }
    };
    const contents = (folder: string) =>
      Object.fromEntries(readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => [join(e.parentPath ?? e.path, e.name).slice(folder.length + 1), readFileSync(join(e.parentPath ?? e.path, e.name), 'utf8')]));

    it('creates, then replaces a whole folder, leaving only the folder', async () => {
      await replaceDirectoryAtomic(model(), fillWith({ 'config.json': 'v1', 'onnx/model.onnx': 'g1' }));
      assert.deepEqual(contents(model()), { 'config.json': 'v1', 'onnx/model.onnx': 'g1' });
      await replaceDirectoryAtomic(model(), fillWith({ 'config.json': 'v2' }));
      assert.deepEqual(contents(model()), { 'config.json': 'v2' });
      assert.deepEqual(readdirSync(dir), ['model']);
    });

    it('keeps the previous folder when filling fails', async () => {
      await replaceDirectoryAtomic(model(), fillWith({ 'config.json': 'v1' }));
      await assert.rejects(
        replaceDirectoryAtomic(model(), async (staging) => {
          writeFileSync(join(staging, 'config.json'), 'half');
          throw errnoError('ENOSPC');
        }),
        (error: unknown) => error instanceof FileWriteError && error.message.includes(`could not write ${model()}: the disk is full`),
      );
      assert.deepEqual(contents(model()), { 'config.json': 'v1' });
      assert.deepEqual(readdirSync(dir), ['model']);
    });

    it('puts the previous folder back when moving the new one in fails', async () => {
      await replaceDirectoryAtomic(model(), fillWith({ 'config.json': 'v1' }));
      const failMoveIn = renameFailsWhen((from, to) => from.includes('model.new-') && to === model());
      await assert.rejects(replaceDirectoryAtomic(model(), fillWith({ 'config.json': 'v2' }), { fs: failMoveIn }), FileWriteError);
      assert.deepEqual(contents(model()), { 'config.json': 'v1' });
    });

    describe('recovery after a crash', () => {
      // Sibling names as the swap protocol in atomic.ts defines them.
      const sibling = (kind: 'tmp' | 'new' | 'old', id: string) => `${model()}.${kind}-${id}`;
      const makeFolder = (path: string, content: string, ageSeconds = 0) => {
        mkdirSync(path, { recursive: true });
        writeFileSync(join(path, 'config.json'), content);
        const t = Date.now() / 1000 - ageSeconds;
        utimesSync(path, t, t);
      };

      it('drops a half-filled staging folder and keeps the folder', async () => {
        makeFolder(model(), 'v1');
        makeFolder(sibling('tmp', '123-0badf00d'), 'partial');
        await recoverDirectorySwap(model());
        assert.deepEqual(readdirSync(dir), ['model']);
        assert.equal(readFileSync(join(model(), 'config.json'), 'utf8'), 'v1');
      });

      it('finishes a swap that crashed after the old folder was moved aside', async () => {
        makeFolder(sibling('old', '123-0badf00d'), 'v1');
        makeFolder(sibling('new', '123-0badf00d'), 'v2');
        await recoverDirectorySwap(model());
        assert.deepEqual(readdirSync(dir), ['model']);
        assert.equal(readFileSync(join(model(), 'config.json'), 'utf8'), 'v2');
      });

      it('finishes a swap that crashed before the old folder was moved aside', async () => {
        makeFolder(model(), 'v1');
        makeFolder(sibling('new', '123-0badf00d'), 'v2');
        await recoverDirectorySwap(model());
        assert.deepEqual(readdirSync(dir), ['model']);
        assert.equal(readFileSync(join(model(), 'config.json'), 'utf8'), 'v2');
      });

      it('restores the old folder when the new one never completed', async () => {
        makeFolder(sibling('old', '123-0badf00d'), 'v1');
        makeFolder(sibling('tmp', '123-0badf00d'), 'partial');
        await recoverDirectorySwap(model());
        assert.deepEqual(readdirSync(dir), ['model']);
        assert.equal(readFileSync(join(model(), 'config.json'), 'utf8'), 'v1');
      });

      it('prefers the newest complete folder and drops leftovers of the swap after it', async () => {
        makeFolder(model(), 'v1');
        makeFolder(sibling('new', '1-00000001'), 'older', 60);
        makeFolder(sibling('new', '2-00000002'), 'newest', 1);
        makeFolder(sibling('old', '3-00000003'), 'v0');
        await recoverDirectorySwap(model());
        assert.deepEqual(readdirSync(dir), ['model']);
        assert.equal(readFileSync(join(model(), 'config.json'), 'utf8'), 'newest');
      });

      it('leaves alone siblings that only look similar', async () => {
        makeFolder(model(), 'v1');
        makeFolder(`${model()}.old-backup`, 'mine');
        makeFolder(join(dir, 'model2.tmp-1-00000001'), 'other model');
        await recoverDirectorySwap(model());
        assert.deepEqual(readdirSync(dir).sort(), ['model', 'model.old-backup', 'model2.tmp-1-00000001']);
      });

      it('runs before every replacement', async () => {
        makeFolder(sibling('old', '123-0badf00d'), 'v1');
        makeFolder(sibling('tmp', '123-0badf00d'), 'partial');
        await replaceDirectoryAtomic(model(), fillWith({ 'config.json': 'v2' }));
        assert.deepEqual(readdirSync(dir), ['model']);
        assert.equal(existsSync(join(model(), 'config.json')), true);
      });
    });
  });
});
