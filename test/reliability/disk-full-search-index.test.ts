/**
 * Disk full while the search index is written, for real: the index folder lives on a small tmpfs
 * that a filler file fills up before an update. The update must fail with the one-line ENOSPC
 * error that says the previous version is kept, leave no staging folder or lock behind, keep the
 * previous index readable, and succeed once space is back (re-indexing the edited file then).
 * Needs root to mount a tmpfs; skipped elsewhere.
 */
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { readIndex } from '../../src/search/index-file';
import { WorkspaceIndex } from '../../src/search/workspace-index';
import { FileWriteError } from '../../src/util/atomic-write';
import { tempDir } from '../integration/cli-helpers';
import { functionLineMiner, hashingEmbedder, WORKSPACE, writeTree } from '../unit/search/stand-ins';
import { fillDisk, mountSmallDisk, unmountSmallDisk } from './small-disk';

/** Enough new units (~40 KiB of index.json) that the new index cannot fit in the space left. */
const ADDED_FUNCTIONS = Array.from({ length: 400 }, (_, i) => `function computeTheAnswerNumber${i}(question) { return 42; }`);

describe('reliability: disk full while writing the search index', function () {
  this.timeout(60_000);
  const parent = tempDir('pl-diskfull-search-');
  const mountPoint = path.join(parent, 'disk');
  let mounted = false;

  before(function () {
    mounted = mountSmallDisk(mountPoint, '1m');
    if (!mounted) this.skip();
  });
  after(() => {
    if (mounted) unmountSmallDisk(mountPoint);
  });

  // Full: not even the folder's lock file can be written. Nearly full: the lock is written, the
  // new index.json (grown by many units) is not.
  for (const [label, spare] of [['full', 0], ['nearly full', 8192]] as const) {
    it(`${label}: fails in one line, keeps the previous index, and catches up once space is back`, async () => {
      const root = path.join(parent, `workspace-${spare}`);
      writeTree(root, WORKSPACE);
      const indexDir = path.join(mountPoint, 'index');
      const index = await WorkspaceIndex.open({ root, indexDir, embedder: hashingEmbedder(), mineUnits: functionLineMiner });
      await index.update();
      const previous = readIndex(indexDir)!;

      const filler = path.join(mountPoint, 'filler');
      fillDisk(filler);
      truncateSync(filler, statSync(filler).size - spare);
      appendFileSync(path.join(root, 'src/math.ts'), ADDED_FUNCTIONS.join('\n'));
      try {
        await assert.rejects(index.update(), (e: unknown) => {
          assert.ok(e instanceof FileWriteError, (e as Error).stack);
          assert.match(e.message, /^could not write \S+\/disk\/index: the disk is full \(ENOSPC\); its previous version is unchanged$/);
          return true;
        });
        assert.deepEqual(readdirSync(mountPoint).sort(), ['filler', 'index'], 'no staging folder, no lock left');
        assert.deepEqual(readIndex(indexDir), previous);
        assert.equal((await index.search('add two numbers', { mode: 'bm25' }))[0].unit.name, 'addNumbers', 'the index in memory still searches');
      } finally {
        rmSync(filler);
      }
      const update = await index.update();
      assert.deepEqual(update.filesIndexed, ['src/math.ts']);
      assert.equal(readIndex(indexDir)!.units.length, previous.units.length + ADDED_FUNCTIONS.length);
      rmSync(indexDir, { recursive: true });
    });
  }
});
