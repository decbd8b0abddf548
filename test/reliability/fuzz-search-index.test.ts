/**
 * Fuzzes the two files of a search index (index.json, vectors.bin), built for real by
 * WorkspaceIndex on a small workspace: every mutated version must load or be refused as an
 * IndexCorruptError, one line naming the file, without a write. And a WorkspaceIndex opened on
 * a damaged index never crashes: its update rebuilds (saying so) and search works again.
 */
import assert from 'node:assert/strict';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { IndexCorruptError, INDEX_FILE, readIndex, VECTORS_FILE } from '../../src/search/index-file';
import { WorkspaceIndex } from '../../src/search/workspace-index';
import { tempDir } from '../integration/cli-helpers';
import { functionLineMiner, hashingEmbedder, WORKSPACE, writeTree } from '../unit/search/stand-ins';
import { readTree } from './fixtures';
import { describeReport, fuzz, writeFolder } from './fuzz-harness';
import { mutateBytes, mutateJsonFile, Rng } from './mutate';

const CASES = 200;
const RECOVERY_CASES = 40;

describe('reliability: fuzzing the search index', function () {
  this.timeout(300_000);
  let root: string;
  let folder: Record<string, Uint8Array>;
  const open = (indexDir: string) => WorkspaceIndex.open({ root, indexDir, embedder: hashingEmbedder(), mineUnits: functionLineMiner });

  before(async () => {
    const parent = tempDir('pl-fuzz-search-');
    root = path.join(parent, 'workspace');
    writeTree(root, WORKSPACE);
    const indexDir = path.join(parent, 'index');
    await (await open(indexDir)).update();
    folder = readTree(indexDir);
  });

  for (const [file, mutate] of [[INDEX_FILE, mutateJsonFile], [VECTORS_FILE, mutateBytes]] as const) {
    it(`${file}: ${CASES} mutated versions load or fail with one line naming the file`, async () => {
      const report = await fuzz({
        folder,
        file,
        mutate,
        load: async (dir) => readIndex(dir),
        isOurError: (e) => e instanceof IndexCorruptError && !e.message.includes('\n'),
        cases: CASES,
        seed: 14,
      });
      console.log(`      ${describeReport(file, report)}`);
      assert.equal(report.failureCount, 0, `${report.failureCount} broken cases:\n${report.failures.join('\n')}`);
      assert.ok(report.rejected > CASES / 10, 'the mutations must actually break the file most of the time');
    });
  }

  it(`a WorkspaceIndex on ${RECOVERY_CASES} damaged indexes rebuilds and searches again`, async () => {
    let rebuilt = 0;
    for (let i = 0; i < RECOVERY_CASES; i++) {
      const rng = new Rng(7_000 + i);
      const dir = writeFolder(folder);
      const file = i % 2 === 0 ? INDEX_FILE : VECTORS_FILE;
      const mutation = (file === INDEX_FILE ? mutateJsonFile : mutateBytes)(new Uint8Array(folder[file]), rng);
      writeFileSync(path.join(dir, file), mutation.bytes);
      const index = await open(dir);
      const update = await index.update();
      if (update.rebuiltAfterCorruption) {
        rebuilt++;
        assert.match(update.corruptionReason!, new RegExp(`${file.replace('.', '\\.')} is damaged: `), `case ${i} (${mutation.what})`);
        assert.equal(update.units, 6);
      }
      assert.equal((await index.search('start the web server', { mode: 'hybrid' }))[0].unit.name, 'startHttpServer', `case ${i} (${mutation.what})`);
      assert.doesNotThrow(() => readIndex(dir), `case ${i}: the rebuilt index reads back`);
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
    console.log(`      ${rebuilt} of ${RECOVERY_CASES} damaged indexes rebuilt, the rest still sound`);
    assert.ok(rebuilt > RECOVERY_CASES / 4);
  });

  it('an index copied to another workspace is rebuilt for it, not used', async () => {
    const other = tempDir('pl-fuzz-search-other-');
    writeTree(other, { 'a.ts': 'function onlyHere() {}\n' });
    const dir = writeFolder(folder);
    cpSync(dir, `${dir}-copy`, { recursive: true });
    const index = await WorkspaceIndex.open({ root: other, indexDir: `${dir}-copy`, embedder: hashingEmbedder(), mineUnits: functionLineMiner });
    const update = await index.update();
    assert.deepEqual([update.filesIndexed, update.units], [['a.ts'], 1]);
  });
});
