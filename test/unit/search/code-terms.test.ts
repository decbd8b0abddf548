// Code-aware terms: identifiers kept whole and split at camelCase / snake_case / digits, stop words dropped, plurals folded.
import assert from 'node:assert/strict';
import { codeTerms, foldPlural } from '../../../src/search/code-terms';

describe('search: code terms', () => {
  it('keeps an identifier whole and adds its camelCase parts', () => {
    assert.deepEqual(codeTerms('parseConfigFile'), ['parseconfigfile', 'parse', 'config', 'file']);
  });

  it('splits snake_case, SCREAMING_CASE, acronyms and digits', () => {
    assert.deepEqual(codeTerms('read_user_id'), ['read_user_id', 'read', 'user', 'id']);
    assert.deepEqual(codeTerms('MAX_RETRY'), ['max_retry', 'max', 'retry']);
    assert.deepEqual(codeTerms('HTTPServer'), ['httpserver', 'http', 'server']);
    assert.deepEqual(codeTerms('utf8Decode'), ['utf8decode', 'utf', 'decode']);
  });

  it('drops stop words and one-letter terms, folds plurals in prose', () => {
    assert.deepEqual(codeTerms('Returns the files of a folder'), ['return', 'file', 'folder']);
    assert.deepEqual(codeTerms('x = i + 1'), []);
  });

  it('folds only plain plurals', () => {
    assert.equal(foldPlural('classes'), 'class');
    assert.equal(foldPlural('class'), 'class');
    assert.equal(foldPlural('status'), 'status');
    assert.equal(foldPlural('analysis'), 'analysis');
    assert.equal(foldPlural('queries'), 'query');
    assert.equal(foldPlural('uses'), 'use');
    assert.equal(foldPlural('matches'), 'match');
  });

  it('keeps words of scripts without case', () => {
    assert.deepEqual(codeTerms('读取配置 config'), ['读取配置', 'config']);
  });
});
