// BM25 over units through MiniSearch: identifier and word queries, discarding, empty queries.
import assert from 'node:assert/strict';
import { Bm25Index } from '../../../src/search/bm25';

describe('search: BM25 index', () => {
  const index = new Bm25Index();
  index.add(1, 'parseConfigFile\nRead the settings file\nfunction parseConfigFile(path) { return JSON.parse(path) }');
  index.add(2, 'startHttpServer\nStart the web server\nfunction startHttpServer(port) { listen(port) }');
  index.add(3, 'addNumbers\nAdd two numbers\nfunction addNumbers(a, b) { return a + b }');

  it('finds a unit from words of its docstring and from its identifier', () => {
    assert.equal(index.search('web server')[0].id, 2);
    assert.equal(index.search('parseConfigFile')[0].id, 1);
    assert.equal(index.search('config parser file')[0].id, 1);
  });

  it('scores with BM25+: a rarer term weighs more', () => {
    const hits = index.search('settings function');
    assert.equal(hits[0].id, 1);
    assert.ok(hits.every((h) => h.score > 0));
  });

  it('forgets discarded units', () => {
    const small = new Bm25Index();
    small.add(7, 'alpha beta');
    small.add(8, 'alpha gamma');
    small.discard(7);
    small.discard(99);
    assert.deepEqual(small.search('alpha beta').map((h) => h.id), [8]);
    assert.equal(small.size, 1);
  });

  it('returns nothing for a query with no terms', () => {
    assert.deepEqual(index.search('the of a'), []);
    assert.deepEqual(index.search('  '), []);
  });
});
