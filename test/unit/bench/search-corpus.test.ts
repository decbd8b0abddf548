// The search bench's folders (bench/search-corpus.ts): doc comments blanked line for line, synthetic copies with renamed identifiers.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { blankDocComments, declaredNames, renameDeclared, writeSyntheticCopies } from '../../../bench/search-corpus';
import { listFiles } from '../../../scripts/search-data';

const SOURCE = [
  "var baseSlice = require('./_baseSlice');",
  '/* not a doc comment */',
  '/**',
  ' * Creates an array of elements split into groups.',
  ' * @param {Array} array The array to process.',
  ' */',
  'function chunk(array, size) {',
  '  // a line comment stays',
  '  return baseSlice(array, 0, size); /** inline doc */',
  '}',
  'module.exports = chunk;',
].join('\n');

describe('bench/search-corpus', () => {
  it('blanks every /** */ comment, keeping each line at its number and the rest of the code', () => {
    const blanked = blankDocComments(SOURCE);
    const lines = blanked.split('\n');
    assert.equal(lines.length, SOURCE.split('\n').length);
    assert.equal(lines[6], 'function chunk(array, size) {');
    assert.equal(lines[3], '');
    assert.ok(!blanked.includes('Creates an array') && !blanked.includes('inline doc'));
    assert.ok(blanked.includes('/* not a doc comment */') && blanked.includes('// a line comment stays'));
  });

  it('renames declared identifiers as whole words only', () => {
    assert.deepEqual(declaredNames(SOURCE), ['baseSlice', 'chunk']);
    const renamed = renameDeclared('var chunk = 1; function chunky() { return chunk + $chunk + chunk_2; }', '_3');
    assert.equal(renamed, 'var chunk_3 = 1; function chunky_3() { return chunk_3 + $chunk + chunk_2; }');
    assert.equal(renameDeclared('x + y', '_1'), 'x + y');
  });

  it('writes copies until the units counted reach the minimum, later copies renamed', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'search-corpus-'));
    try {
      const source = path.join(dir, 'lodash');
      mkdirSync(source);
      writeFileSync(path.join(source, 'chunk.js'), SOURCE);
      const out = path.join(dir, 'synthetic');
      const copies = writeSyntheticCopies([source], out, 5, (copy) => listFiles(copy).length * 2);
      assert.equal(copies, 3);
      assert.equal(readFileSync(path.join(out, 'copy-0', 'lodash', 'chunk.js'), 'utf8'), SOURCE);
      assert.match(readFileSync(path.join(out, 'copy-2', 'lodash', 'chunk.js'), 'utf8'), /function chunk_2\(array, size\)/);
      assert.throws(() => writeSyntheticCopies([source], path.join(dir, 'none'), 5, () => 0), /no units found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
