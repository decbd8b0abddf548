import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { specialTokenIdsOf, trainTokenizer } from '../../../src/tokenizer';
import { TokenizerKind } from '../../../src/tokenizer/types';
import { trainingTexts } from './mixed-text';

const texts = trainingTexts();
const kinds: TokenizerKind[] = ['bpe', 'wordpiece', 'char'];

describe('tokenizer/trainers', () => {
  for (const kind of kinds) {
    describe(kind, () => {
      it('fills the vocabulary exactly to the size asked for when the corpus allows it', () => {
        const vocabSize = kind === 'char' ? 60 : 1500;
        const tokenizer = trainTokenizer(kind, texts, { vocabSize });
        assert.equal(tokenizer.vocabSize, vocabSize);
        const tokens = Object.keys((tokenizer.toJSON() as { model: { vocab: object } }).model.vocab);
        assert.equal(tokens.length, vocabSize, 'distinct tokens');
      });

      it('is deterministic: the same texts give the same tokenizer.json', () => {
        const first = JSON.stringify(trainTokenizer(kind, texts, { vocabSize: 800 }).toJSON());
        const second = JSON.stringify(trainTokenizer(kind, texts.slice(), { vocabSize: 800 }).toJSON());
        assert.equal(first, second);
      });

      it('stops below the size when nothing frequent enough is left to add', () => {
        const tokenizer = trainTokenizer(kind, ['abab abab', 'cd'], { vocabSize: 5000, minFrequency: 2 });
        assert.ok(tokenizer.vocabSize < 5000);
        assert.equal(tokenizer.tokenToId('cd'), undefined, 'the pair c d was seen once only');
      });
    });
  }

  it('char: minFrequency leaves rare characters out and they encode to nothing or [UNK]', () => {
    const gpt2Style = trainTokenizer('char', ['aaab', 'ab'], { minFrequency: 2 });
    assert.deepEqual(gpt2Style.encode('abz'), [gpt2Style.tokenToId('a'), gpt2Style.tokenToId('b')]);
    const withUnk = trainTokenizer('char', ['aaab', 'abz'], { minFrequency: 2, specialTokens: { unk: '<unk>' } });
    assert.equal(withUnk.tokenToId('z'), undefined);
    assert.deepEqual(withUnk.encode('az'), [withUnk.tokenToId('a'), 0]);
  });

  it('char: nanoGPT tiny Shakespeare has 65 characters, in code-point order', () => {
    const corpus = readFileSync(join(__dirname, '../../../models/corpus/tinyshakespeare.txt'), 'utf8');
    const tokenizer = trainTokenizer('char', [corpus], { specialTokens: {} });
    assert.equal(tokenizer.vocabSize, 65);
    assert.equal(tokenizer.idToToken(0), '\n');
    assert.equal(tokenizer.idToToken(64), 'z');
  });

  it('gpt2 family: <|endoftext|> is id 0, special, a word start', () => {
    const tokenizer = trainTokenizer('bpe', texts, { family: 'gpt2', vocabSize: 600 });
    assert.deepEqual(specialTokenIdsOf(tokenizer), { bos: 0, eos: 0 });
    assert.ok(tokenizer.isSpecial(0) && !tokenizer.isSpecial(1));
    assert.deepEqual(tokenizer.addSpecialTokens([7, 8]), [7, 8]);
  });

  it('bert family: [PAD] [UNK] [CLS] [SEP] [MASK] are ids 0-4 and the template wraps text', () => {
    const tokenizer = trainTokenizer('wordpiece', texts, { vocabSize: 600 });
    assert.deepEqual(specialTokenIdsOf(tokenizer), { pad: 0, unk: 1, cls: 2, sep: 3, mask: 4 });
    assert.deepEqual(tokenizer.addSpecialTokens([9]), [2, 9, 3]);
    assert.equal(tokenizer.decode(tokenizer.encode('Ünïcode STAYS lower')), 'unicode stays lower');
  });

  it('t5 family: <pad> </s> <unk>, then N sentinels, and </s> after the text', () => {
    const tokenizer = trainTokenizer('bpe', texts, { family: 't5', vocabSize: 600, sentinelCount: 5 });
    const ids = specialTokenIdsOf(tokenizer);
    assert.deepEqual(ids, { pad: 0, eos: 1, unk: 2, sentinels: [3, 4, 5, 6, 7] });
    assert.equal(tokenizer.idToToken(7), '<extra_id_4>');
    assert.ok([0, 1, 2, 3, 7].every((id) => tokenizer.isSpecial(id)));
    assert.deepEqual(tokenizer.addSpecialTokens([9]), [9, 1]);
    assert.equal(trainTokenizer('bpe', texts.slice(0, 50), { family: 't5', vocabSize: 600 }).specialTokens.sentinels?.length, 100);
  });

  it('marks word starts: ## pieces and letter-initial byte-level tokens continue a word', () => {
    const wordPiece = trainTokenizer('wordpiece', texts, { vocabSize: 600 });
    const pieces = wordPiece.encode('unbelievably');
    assert.ok(pieces.length > 1);
    assert.deepEqual(pieces.map((id) => wordPiece.isWordStart(id)), pieces.map((_, i) => i === 0));
    const bpe = trainTokenizer('bpe', texts, { vocabSize: 600 });
    const ids = bpe.encode(' unbelievably');
    assert.ok(ids.length > 1);
    assert.deepEqual(ids.map((id) => bpe.isWordStart(id)), ids.map((_, i) => i === 0));
  });

  it('refuses a vocabulary too small for its special tokens and alphabet', () => {
    assert.throws(() => trainTokenizer('bpe', texts, { vocabSize: 200 }), /at least 257/);
  });
});
