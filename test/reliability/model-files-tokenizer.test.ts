/**
 * A model folder's tokenizer must fit its model: a token id at or above config.json's vocab_size
 * (which would fail deep inside a Gather at the first prompt), a vocabulary far larger than the
 * model's, or a tokenizer.json far larger than such a vocabulary can need is refused at load,
 * with one line naming tokenizer.json and config.json.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../src/util/errors';
import { loadModelFolder } from '../../src/models/model-folder';
import { readTokenizerFiles } from '../../src/tokenizer';
import { buildCliOnce, ROOT, runCli, tempDir } from '../integration/cli-helpers';

const BUNDLED = path.join(ROOT, 'models', 'tiny-shakespeare-gpt2');

interface TokenizerDoc {
  added_tokens: { id: number; content: string; special: boolean }[];
  model: { vocab: Record<string, number> };
}

describe('reliability: a tokenizer that does not fit its model', function () {
  this.timeout(120_000);
  let work: string;
  let vocabSize: number;
  before(() => {
    work = tempDir('pl-tokenizer-fit-');
    vocabSize = (JSON.parse(readFileSync(path.join(BUNDLED, 'config.json'), 'utf8')) as { vocab_size: number }).vocab_size;
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  /** A copy of the bundled model whose tokenizer.json `edit` changed. */
  const folderWith = (name: string, edit: (doc: TokenizerDoc) => void): string => {
    const dir = path.join(work, name);
    cpSync(BUNDLED, dir, { recursive: true });
    const file = path.join(dir, 'tokenizer.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as TokenizerDoc;
    edit(doc);
    writeFileSync(file, JSON.stringify(doc));
    return dir;
  };

  const namesBothFiles = (dir: string, detail: RegExp) => (error: Error) => {
    assert.ok(error instanceof InputError, `an InputError expected, got ${error.name}: ${error.message}`);
    assert.ok(error.message.includes(path.join(dir, 'tokenizer.json')), error.message);
    assert.ok(error.message.includes(`${path.join(dir, 'config.json')} has vocab_size ${vocabSize}`), error.message);
    assert.match(error.message, detail);
    return true;
  };

  it('a vocabulary id at vocab_size is refused at load, naming both files; generate says so in one line', async () => {
    const dir = folderWith('id-too-large', (doc) => (doc.model.vocab['zz'] = vocabSize));
    await assert.rejects(loadModelFolder(dir), namesBothFiles(dir, new RegExp(`token "zz" the id ${vocabSize}, but`)));
    buildCliOnce();
    const run = await runCli(['generate', dir, '--prompt', 'zz', '--max-new-tokens', '2']);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /tokenizer\.json.*config\.json has vocab_size/);
  });

  it('an added token id past vocab_size is refused at load', async () => {
    const dir = folderWith('added-too-large', (doc) => doc.added_tokens.push({ id: vocabSize + 5, content: '<extra>', special: true }));
    await assert.rejects(readTokenizerFiles(dir), namesBothFiles(dir, /"added_tokens" item 1 gives token "<extra>" the id/));
  });

  it('a vocabulary with more tokens than vocab_size is refused, even when its ids are in range', async () => {
    const dir = folderWith('too-many-tokens', (doc) => {
      for (let i = 0; i < 200_000; i++) doc.model.vocab[`t${i}`] = i % vocabSize;
    });
    await assert.rejects(readTokenizerFiles(dir), namesBothFiles(dir, new RegExp(`has more than ${vocabSize} tokens`)));
  });

  it('a tokenizer.json far larger than the model vocabulary can need is refused before it is read', async () => {
    const dir = folderWith('huge-file', () => undefined);
    // Sparse: 100 MiB on paper, no disk used. Read and parsed, it would be a JSON error instead.
    truncateSync(path.join(dir, 'tokenizer.json'), 100 * 1024 * 1024);
    await assert.rejects(readTokenizerFiles(dir), namesBothFiles(dir, /is 100 MiB, more than a tokenizer can need for the model's vocabulary/));
  });

  it('the bundled tokenizer, which fits, still loads', async () => {
    const tokenizer = await readTokenizerFiles(BUNDLED);
    assert.ok(tokenizer.vocabSize <= vocabSize);
  });
});
