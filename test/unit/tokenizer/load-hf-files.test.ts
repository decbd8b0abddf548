/**
 * Files written by HF itself (the `tokenizers` package builds and saves them here, so no
 * download is needed): a GPT-2 style byte-level BPE with "left right" string merges and a BERT
 * style WordPiece with BertProcessing. loadTokenizer must give the ids HF gives.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BPE,
  Tokenizer as RustTokenizer,
  WordPiece,
  bertNormalizer,
  bertPreTokenizer,
  bertProcessing,
  byteLevelPreTokenizer,
  byteLevelProcessing,
  wordPieceDecoder,
} from 'tokenizers';
import { loadTokenizer, trainTokenizer } from '../../../src/tokenizer';
import { heldOutLines, trainingTexts } from './mixed-text';

async function hfIds(tokenizer: RustTokenizer, lines: string[], addSpecialTokens: boolean): Promise<number[][]> {
  return (await tokenizer.encodeBatch(lines, { addSpecialTokens })).map((e) => e.getIds());
}

/** Saves through HF and reads the saved text back. */
function savedByHf(tokenizer: RustTokenizer, dir: string, name: string): string {
  const path = join(dir, name);
  tokenizer.save(path);
  return readFileSync(path, 'utf8');
}

describe('tokenizer/loadTokenizer on HF-written files', function () {
  this.timeout(30_000);
  const lines = heldOutLines().slice(0, 300);
  // Vocabulary and merges from one of our trainings, so the model is realistic; HF builds the file.
  const trained = trainTokenizer('bpe', trainingTexts(), { vocabSize: 2000 }).toJSON() as {
    model: { vocab: Record<string, number>; merges: Array<[string, string]> };
  };
  const wordPieceVocab = (trainTokenizer('wordpiece', trainingTexts(), { vocabSize: 2000 }).toJSON() as { model: { vocab: Record<string, number> } }).model.vocab;
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pretrain-lab-hf-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('GPT-2 style byte-level BPE, merges as "left right" strings', async () => {
    const hf = new RustTokenizer(BPE.init(trained.model.vocab, trained.model.merges));
    hf.setPreTokenizer(byteLevelPreTokenizer(false, true));
    hf.setPostProcessor(byteLevelProcessing(false));
    const doc = JSON.parse(savedByHf(hf, dir, 'gpt2.json'));
    // The Node binding has no ByteLevel decoder to set; GPT-2's file has this one.
    doc.decoder = { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true };
    doc.model.merges = doc.model.merges.map((m: string | string[]) => (Array.isArray(m) ? m.join(' ') : m));
    const ours = loadTokenizer(JSON.stringify(doc));
    assert.equal(ours.kind, 'bpe');
    const expected = await hfIds(RustTokenizer.fromString(JSON.stringify(doc)), lines, false);
    assert.deepEqual(lines.map((line) => ours.encode(line)), expected);
  });

  it('BERT style WordPiece with BertProcessing and cased text', async () => {
    const hf = new RustTokenizer(WordPiece.init(wordPieceVocab, { unkToken: '[UNK]' }));
    hf.setNormalizer(bertNormalizer({ lowercase: false }));
    hf.setPreTokenizer(bertPreTokenizer());
    hf.setPostProcessor(bertProcessing(['[SEP]', 3], ['[CLS]', 2]));
    hf.setDecoder(wordPieceDecoder('##', true));
    hf.addSpecialTokens(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    const json = savedByHf(hf, dir, 'bert.json');
    const ours = loadTokenizer(json);
    assert.equal(ours.kind, 'wordpiece');
    assert.deepEqual(ours.specialTokens, { pad: '[PAD]', unk: '[UNK]', cls: '[CLS]', sep: '[SEP]', mask: '[MASK]' });
    const reloaded = RustTokenizer.fromString(json);
    assert.deepEqual(lines.map((line) => ours.encode(line)), await hfIds(reloaded, lines, false));
    assert.deepEqual(lines.map((line) => ours.addSpecialTokens(ours.encode(line))), await hfIds(reloaded, lines, true));
  });

  it('names the stage it cannot read', () => {
    const doc = { ...trainTokenizer('char', ['abc']).toJSON(), normalizer: { type: 'Nmt' } };
    assert.throws(() => loadTokenizer(doc), /normalizer Nmt is not supported/);
  });
});
