/**
 * The Unigram model (Viterbi, unknown fusing, byte fallback), the Metaspace pre-tokenizer and
 * decoder, the Precompiled normalizer (on a real sentencepiece charsmap and on hand-made ones)
 * and the other stages sentencepiece files chain, one behaviour at a time.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTokenizer, readTokenizerFiles } from '../../../src/tokenizer';
import { TokenizerFormatError } from '../../../src/tokenizer/load-tokenizer';
import { metaspaceDecode, metaspaceOptionsFromJSON, metaspaceSplit } from '../../../src/tokenizer/metaspace';
import { normalizerFromJSON } from '../../../src/tokenizer/normalizers';
import { PrecompiledCharsMap } from '../../../src/tokenizer/precompiled-normalizer';
import { UnigramModel } from '../../../src/tokenizer/unigram-model';
import { InputError } from '../../../src/util/errors';
import { compileCharsMap, readCharsMapRules } from '../../helpers/charsmap-builder';
import { SENTENCEPIECE_FIXTURES, readSentencePieceModel } from '../../helpers/sentencepiece-model';

const VOCAB: Array<[string, number]> = [
  ['<unk>', 0],
  ['\u2581', -2],
  ['\u2581a', -1],
  ['b', -2],
  ['\u2581ab', -2.5],
  ['c', -3],
  ['bc', -4],
  ['\u2581abc', -8],
];

function encodeWord(model: UnigramModel, word: string): string[] {
  const ids: number[] = [];
  model.encodeWord(word, ids);
  return ids.map((id) => model.vocab.token(id) ?? '?');
}

const tokenizerJson = (overrides: Record<string, unknown> = {}) => ({
  added_tokens: [{ id: 0, content: '<unk>', special: true }],
  normalizer: null,
  pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true },
  decoder: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true },
  model: { type: 'Unigram', unk_id: 0, vocab: VOCAB },
  ...overrides,
});

describe('Unigram model', () => {
  const model = UnigramModel.fromJSON({ type: 'Unigram', unk_id: 0, vocab: VOCAB });

  it('takes the segmentation whose scores add up highest', () => {
    assert.deepEqual(encodeWord(model, '\u2581ab'), ['\u2581ab']); // -2.5 beats ▁a + b = -3
    assert.deepEqual(encodeWord(model, '\u2581abc'), ['\u2581a', 'bc']); // -5 beats ▁ab + c (-5.5) and ▁abc (-8)
  });

  it('makes each run of uncovered characters one unknown token', () => {
    assert.deepEqual(encodeWord(model, '\u2581xyzb'), ['\u2581', '<unk>', 'b']);
    assert.deepEqual(encodeWord(model, '\u2581😀😀c'), ['\u2581', '<unk>', 'c']);
  });

  it('spells uncovered characters as UTF-8 bytes with byte_fallback, and falls back to unknown without them', () => {
    const bytes = Array.from({ length: 256 }, (_, b): [string, number] => [`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, -20]);
    const withBytes = UnigramModel.fromJSON({ type: 'Unigram', unk_id: 0, vocab: [...VOCAB, ...bytes], byte_fallback: true });
    assert.deepEqual(encodeWord(withBytes, '\u2581a你'), ['\u2581a', '<0xE4>', '<0xBD>', '<0xA0>']);
    const partial = UnigramModel.fromJSON({ type: 'Unigram', unk_id: 0, vocab: [...VOCAB, ['<0xE4>', -20]], byte_fallback: true });
    assert.deepEqual(encodeWord(partial, '\u2581a你'), ['\u2581a', '<unk>']);
  });

  it('refuses a malformed Unigram vocabulary in one line', () => {
    assert.throws(() => loadTokenizer(tokenizerJson({ model: { type: 'Unigram', unk_id: 0, vocab: { a: 0 } } })), (e: Error) => e instanceof TokenizerFormatError && /must list \[piece, score\] pairs/.test(e.message));
    assert.throws(() => loadTokenizer(tokenizerJson({ model: { type: 'Unigram', unk_id: 0, vocab: [['a', 'x']] } })), /item 0 must be \[piece, finite score\]/);
    assert.throws(() => loadTokenizer(tokenizerJson({ model: { type: 'Unigram', unk_id: 9, vocab: VOCAB } })), /"model.unk_id" must be the id of one of its 8 pieces/);
  });

  it('is read from a model folder, where a bad stage is one InputError naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pretrain-lab-unigram-unit-'));
    try {
      writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson()));
      const tokenizer = await readTokenizerFiles(dir);
      assert.equal(tokenizer.kind, 'unigram');
      assert.deepEqual(tokenizer.encode('ab abc').map((id) => tokenizer.idToToken(id)), ['\u2581ab', '\u2581a', 'bc']);
      assert.ok(tokenizer.isWordStart(tokenizer.tokenToId('\u2581ab')!) && !tokenizer.isWordStart(tokenizer.tokenToId('c')!));
      writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson({ pre_tokenizer: { type: 'Metaspace', prepend_scheme: 'sometimes' } })));
      await assert.rejects(readTokenizerFiles(dir), (e: Error) => e instanceof InputError && e.message.includes('tokenizer.json') && e.message.includes('prepend_scheme "sometimes"') && !e.message.includes('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('saves as it loads: toJSON read back gives the same ids', () => {
    const tokenizer = loadTokenizer(tokenizerJson({ normalizer: { type: 'Sequence', normalizers: [{ type: 'Lowercase' }, { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }] } }));
    const again = loadTokenizer(JSON.parse(JSON.stringify(tokenizer.toJSON())));
    for (const text of ['AB  abc', 'x ab', '']) assert.deepEqual(again.encode(text), tokenizer.encode(text));
  });
});

describe('Metaspace', () => {
  const options = (json: Record<string, unknown>) => metaspaceOptionsFromJSON({ type: 'Metaspace', ...json });

  it('replaces spaces, prepends per prepend_scheme and splits before each ▁', () => {
    assert.deepEqual(metaspaceSplit('hey  you', options({ prepend_scheme: 'always' }), false), ['\u2581hey', '\u2581', '\u2581you']);
    assert.deepEqual(metaspaceSplit('hey you', options({ prepend_scheme: 'first' }), false), ['hey', '\u2581you']);
    assert.deepEqual(metaspaceSplit('hey you', options({ prepend_scheme: 'first' }), true), ['\u2581hey', '\u2581you']);
    assert.deepEqual(metaspaceSplit('hey you', options({ prepend_scheme: 'never', split: false }), true), ['hey\u2581you']);
    assert.deepEqual(metaspaceSplit('\u2581hey', options({}), true), ['\u2581hey']);
  });

  it('reads files from before prepend_scheme: add_prefix_space', () => {
    assert.equal(options({ add_prefix_space: true }).prependScheme, 'always');
    assert.equal(options({ add_prefix_space: false }).prependScheme, 'never');
  });

  it('prepends with `first` only where the text starts, not after an added token', () => {
    const tokenizer = loadTokenizer(tokenizerJson({ pre_tokenizer: { type: 'Metaspace', prepend_scheme: 'first' } }));
    const tokens = (text: string) => tokenizer.encode(text).map((id) => tokenizer.idToToken(id));
    assert.deepEqual(tokens('ab'), ['\u2581ab']);
    assert.deepEqual(tokens('<unk>ab'), ['<unk>', '<unk>', 'b']); // "a" alone has no piece
  });

  it('decodes ▁ back to spaces, dropping the one it prepended', () => {
    assert.equal(metaspaceDecode(['\u2581hey', '\u2581', '\u2581you'], options({})), 'hey  you');
    assert.equal(metaspaceDecode(['\u2581hey'], options({ prepend_scheme: 'never' })), ' hey');
  });
});

describe('Precompiled normalizer', () => {
  const real = readSentencePieceModel(join(SENTENCEPIECE_FIXTURES, 'test_model.model')).charsMap;

  it("applies a real sentencepiece model's NFKC rules", () => {
    const map = new PrecompiledCharsMap(real);
    assert.equal(map.normalize('ｈｅｌｌｏ　ＷＯＲＬＤ！'), 'hello WORLD!');
    assert.equal(map.normalize('ﬁ ① Ⅻ x² ｶﾀｶﾅ'), 'fi 1 XII x2 カタカナ');
    assert.equal(map.normalize('Cafe\u0301 and Café'), 'Café and Café');
    assert.equal(map.normalize('plain ascii, untouched'), 'plain ascii, untouched');
  });

  it('reads back every rule it holds (the double array is walked exactly as it is searched)', () => {
    const rules = readCharsMapRules(real);
    assert.ok(rules.size > 1000);
    assert.equal(rules.get('\uff48'), 'h');
  });

  it('replaces a whole grapheme by its first (shortest) matching rule, as HF tokenizers does', () => {
    const map = new PrecompiledCharsMap(compileCharsMap(new Map([['a', 'b'], ['ab', 'X'], ['\r', ' '], ['e\u0301', 'É'], ['\u0001', '']])));
    assert.equal(map.normalize('abc'), 'bbc');
    assert.equal(map.normalize('x\r\ny'), 'x y'); // CR LF is one grapheme, matched by the rule for CR
    assert.equal(map.normalize('e\u0301!\u0001'), 'É!');
  });

  it('refuses a charsmap whose trie size does not fit, and treats a null one as no normalization', () => {
    const bad = Buffer.alloc(8);
    bad.writeUInt32LE(400, 0);
    assert.throws(() => new PrecompiledCharsMap(bad), /says its trie has 400 bytes, but it holds 4/);
    assert.equal(normalizerFromJSON({ type: 'Precompiled', precompiled_charsmap: null })!.normalize('ｈ'), 'ｈ');
  });
});

describe('sentencepiece normalizer chain', () => {
  it('runs ALBERT-style Replace, NFKD, StripAccents, Lowercase, Strip and Prepend in order', () => {
    const normalizer = normalizerFromJSON({
      type: 'Sequence',
      normalizers: [
        { type: 'Replace', pattern: { String: '``' }, content: '"' },
        { type: 'NFKD' },
        { type: 'StripAccents' },
        { type: 'Lowercase' },
        { type: 'Replace', pattern: { Regex: ' {2,}' }, content: '$& ' },
        { type: 'Strip', strip_left: true, strip_right: true },
        { type: 'Prepend', prepend: '\u2581' },
      ],
    })!;
    // "$&" in a Replace content is literal text, not a reference to the match.
    assert.equal(normalizer.normalize('  ``Crème   Brûlée``  '), '\u2581$& "creme$& brulee"$&');
    assert.equal(normalizer.normalize(''), '');
  });

  it('refuses a Replace pattern it cannot read, naming it', () => {
    assert.throws(() => normalizerFromJSON({ type: 'Replace', pattern: { Regex: '(' }, content: '' }), /Replace normalizer pattern "\(" is not a regular expression/);
    assert.throws(() => normalizerFromJSON({ type: 'Replace', pattern: { Regex: '(a+)+$' }, content: '' }), /repeats a group, which this implementation refuses/);
  });
});
