// The index folder on disk: round trip, and every kind of damage refused as IndexCorruptError naming the file.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkIndexFolder, IndexCorruptError, INDEX_FILE, readIndex, signedIndexJson, VECTORS_FILE, writeIndex } from '../../../src/search/index-file';
import { InputError } from '../../../src/util/errors';
import type { StoredIndex } from '../../../src/search/index-types';
import { tempDir } from '../../integration/cli-helpers';

const HASH = 'a'.repeat(64);

export function sampleIndex(): StoredIndex {
  return {
    root: '/work/project',
    model: { path: '/models/enc', fingerprint: 'f'.repeat(64) },
    dim: 2,
    files: [{ path: 'a.ts', bytes: 10, contentHash: HASH }],
    units: [
      { id: 1, file: 'a.ts', language: 'typescript', kind: 'function', name: 'f', startLine: 1, endLine: 2, code: 'function f() {}', doc: 'does f' },
      { id: 2, file: 'a.ts', language: 'typescript', kind: 'class', name: 'C', startLine: 3, endLine: 9, code: 'class C {}' },
    ],
    vectors: Float32Array.from([1, 0, 0.6, 0.8]),
    nextId: 3,
  };
}

describe('search: index file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = path.join(tempDir('pl-index-'), 'index');
    await writeIndex(dir, sampleIndex());
  });

  const editJson = (edit: (json: Record<string, any>) => void) => {
    const file = path.join(dir, INDEX_FILE);
    const { checksum: _checksum, ...json } = JSON.parse(readFileSync(file, 'utf8'));
    edit(json);
    writeFileSync(file, signedIndexJson(json));
  };

  const assertCorrupt = (file: string, reason: RegExp) =>
    assert.throws(() => readIndex(dir), (e: unknown) => e instanceof IndexCorruptError && e.file === path.join(dir, file) && reason.test(e.message) && !e.message.includes('\n'));

  it('reads back what it wrote, leaving no temporaries or lock beside it', () => {
    assert.deepEqual(readIndex(dir), sampleIndex());
    assert.deepEqual(readdirSync(path.dirname(dir)), ['index']);
  });

  it('says there is no index for a missing or empty folder', () => {
    assert.equal(readIndex(path.join(dir, 'nothing')), undefined);
    assert.equal(readIndex(tempDir()), undefined);
  });

  it('refuses truncated vectors', () => {
    truncateSync(path.join(dir, VECTORS_FILE), 12);
    assertCorrupt(VECTORS_FILE, /12 bytes where 2 units × 2 floats need 16/);
  });

  it('refuses changed vectors through the checksum', () => {
    const bytes = readFileSync(path.join(dir, VECTORS_FILE));
    bytes[5] ^= 0x40;
    writeFileSync(path.join(dir, VECTORS_FILE), bytes);
    assertCorrupt(VECTORS_FILE, /checksum/);
  });

  it('refuses a missing vectors file', () => {
    require('node:fs').rmSync(path.join(dir, VECTORS_FILE));
    assertCorrupt(VECTORS_FILE, /does not exist/);
  });

  it('refuses bad JSON', () => {
    writeFileSync(path.join(dir, INDEX_FILE), '{"format": "pretrain-lab-search-index", ');
    assertCorrupt(INDEX_FILE, /not valid JSON/);
  });

  it('refuses any change to index.json that still parses, through its checksum', () => {
    const file = path.join(dir, INDEX_FILE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"startLine":3', '"startLine":4'));
    assertCorrupt(INDEX_FILE, /its checksum does not match its content/);
  });

  it('refuses a wrong dim (the vector count no longer fits)', () => {
    editJson((j) => (j.dim = 3));
    assertCorrupt(VECTORS_FILE, /need 24/);
  });

  it('refuses a unit count that does not match the vectors', () => {
    editJson((j) => j.units.pop());
    assertCorrupt(VECTORS_FILE, /1 units × 2 floats/);
  });

  it('refuses units that are malformed, repeated or point at unlisted files', () => {
    const cases: [(j: Record<string, any>) => void, RegExp][] = [
      [(j) => (j.units[0].startLine = 0), /units\[0\] has no valid line range/],
      [(j) => (j.units[1].id = 1), /units\[1\] (repeats id 1|has no valid id)/],
      [(j) => (j.units[0].file = 'b.ts'), /names a file the index does not list/],
      [(j) => (j.units[0].kind = 'lambda'), /unknown kind/],
      [(j) => (j.files[0].contentHash = 'xyz'), /no content hash/],
      [(j) => (j.format = 'other'), /format is "other"/],
      [(j) => (j.version = 2), /version 2/],
      [(j) => (j.model = 5), /model is neither null nor/],
      [(j) => (j.nextId = 2), /units\[1\] has no valid id/],
    ];
    for (const [edit, reason] of cases) {
      const saved = readFileSync(path.join(dir, INDEX_FILE));
      editJson(edit);
      assertCorrupt(INDEX_FILE, reason);
      writeFileSync(path.join(dir, INDEX_FILE), saved);
    }
  });

  it('refuses a folder in place of a file without reading anything else', () => {
    require('node:fs').rmSync(path.join(dir, INDEX_FILE));
    require('node:fs').mkdirSync(path.join(dir, INDEX_FILE));
    assertCorrupt(INDEX_FILE, /folder/);
    assert.ok(existsSync(path.join(dir, VECTORS_FILE)));
  });
});

describe('search: index folder checks', () => {
  const refused = (dir: string, pattern: RegExp) =>
    assert.throws(() => checkIndexFolder(dir), (e: unknown) => e instanceof InputError && pattern.test((e as Error).message) && !(e as Error).message.includes('\n'));

  it('never takes a folder holding other files, which writing would replace', async () => {
    const dir = tempDir('pl-index-foreign-');
    writeFileSync(path.join(dir, 'thesis.tex'), 'years of work');
    refused(dir, /holds other files \(thesis\.tex\), so it is not a search index folder/);
    await assert.rejects(writeIndex(dir, sampleIndex()), InputError);
    assert.equal(readFileSync(path.join(dir, 'thesis.tex'), 'utf8'), 'years of work');
  });

  it('never takes a file, a device or a system folder', () => {
    const file = path.join(tempDir('pl-index-file-'), 'file');
    writeFileSync(file, 'x');
    refused(file, /search index folder \S+file is a file, not a folder; give a new or empty folder for the index/);
    refused('/dev/null', /system folder/);
    refused('/usr', /system folder/);
  });

  it('takes a new folder, an empty one, or an index', async () => {
    const parent = tempDir('pl-index-ok-');
    checkIndexFolder(path.join(parent, 'new'));
    checkIndexFolder(parent);
    await writeIndex(path.join(parent, 'index'), sampleIndex());
    checkIndexFolder(path.join(parent, 'index'));
  });
});
