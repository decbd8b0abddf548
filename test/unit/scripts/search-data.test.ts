// The search bench's data copy (scripts/search-data.ts) on fake lodash/date-fns package folders: only the hand-written sources are copied, and a manifest records them.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listFiles, writeSearchData } from '../../../scripts/search-data';

function fakePackage(root: string, name: string, files: string[]): void {
  for (const rel of [...files, 'package.json']) {
    const file = path.join(root, name, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, rel === 'package.json' ? JSON.stringify({ name, version: '1.2.3' }) : `// ${rel}\n`);
  }
}

describe('scripts/search-data', () => {
  let nodeModules: string;
  let out: string;
  before(() => {
    nodeModules = mkdtempSync(path.join(os.tmpdir(), 'search-src-'));
    out = mkdtempSync(path.join(os.tmpdir(), 'search-out-'));
    fakePackage(nodeModules, 'lodash', ['chunk.js', '_baseSlice.js', 'lodash.js', 'lodash.min.js', 'core.js', 'fp.js', 'fp/chunk.js', 'README.md']);
    fakePackage(nodeModules, 'date-fns', ['addDays.js', 'cdn.js', 'cdn.min.js', 'addDays.cjs', 'addDays.d.ts', '_lib/format/formatters.js', 'parse/_lib/Parser.js', 'locale/en-US.js', 'fp/addDays.js']);
  });
  after(() => {
    rmSync(nodeModules, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('copies the per-function sources, not bundles, twins, declarations, locales or fp/', () => {
    writeFileSync(path.join(out, 'stale.txt'), 'kept: only the code bases\' folders are replaced');
    mkdirSync(path.join(out, 'lodash'));
    writeFileSync(path.join(out, 'lodash', 'gone.js'), 'from an earlier copy');
    const copied = writeSearchData(nodeModules, out);
    assert.deepEqual(listFiles(path.join(out, 'lodash')), ['_baseSlice.js', 'chunk.js']);
    assert.deepEqual(listFiles(path.join(out, 'date-fns')), ['_lib/format/formatters.js', 'addDays.js', 'parse/_lib/Parser.js']);
    assert.deepEqual(copied.map((c) => [c.name, c.version, c.files]), [['lodash', '1.2.3', 2], ['date-fns', '1.2.3', 3]]);
    assert.deepEqual(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')), copied);
  });

  it('says to install the packages when one has no sources', () => {
    assert.throws(() => writeSearchData(path.join(nodeModules, 'nowhere'), out), /lodash is not installed in .*: run npm install/);
  });
});
