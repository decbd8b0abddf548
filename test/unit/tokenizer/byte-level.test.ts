import assert from 'node:assert/strict';
import { byteLevelAlphabet, fromByteLevel, toByteLevel } from '../../../src/tokenizer/byte-level';
import { trainTokenizer } from '../../../src/tokenizer';
import { Rng } from '../../../src/util/rng';
import { trainingTexts } from './mixed-text';

/** Random text from pools that stress byte-level BPE: every plane, marks, controls, space runs. */
function randomText(rng: Rng): string {
  const pools: Array<() => string> = [
    () => String.fromCodePoint(0x20 + rng.int(0x5f)), // ASCII
    () => String.fromCodePoint(rng.int(0x20)), // C0 controls, NUL included
    () => String.fromCodePoint(0x80 + rng.int(0x780)), // Latin-1 … Arabic
    () => String.fromCodePoint(0x300 + rng.int(0x70)), // combining marks, possibly leading
    () => String.fromCodePoint(0x4e00 + rng.int(0x5200)), // CJK
    () => String.fromCodePoint(0x1f300 + rng.int(0x300)), // emoji (astral)
    () => String.fromCodePoint(0x10000 + rng.int(0xfffff - 0x10000)), // any astral code point
    () => ' '.repeat(1 + rng.int(6)) + '\t\n\r\u00a0\u3000\u2028'.charAt(rng.int(6)),
    () => "'s 're 'll",
  ];
  let text = '';
  const length = rng.int(40);
  for (let i = 0; i < length; i++) text += pools[rng.int(pools.length)]();
  return text;
}

describe('tokenizer/byte-level', () => {
  it('maps the 256 bytes to 256 distinct printable symbols, GPT-2 style', () => {
    const alphabet = byteLevelAlphabet();
    assert.equal(new Set(alphabet).size, 256);
    assert.equal(alphabet[0x20], 'Ġ');
    assert.equal(alphabet[0x0a], 'Ċ');
    assert.equal(alphabet[0x41], 'A');
    assert.equal(toByteLevel(' é'), 'ĠÃ©');
    assert.equal(fromByteLevel('ĠÃ©'), ' é');
  });

  it('BPE round-trips any UTF-8 string exactly (2,000 seeded random strings)', () => {
    const tokenizer = trainTokenizer('bpe', trainingTexts().slice(0, 3000), { vocabSize: 1000 });
    const rng = new Rng(2024);
    for (let i = 0; i < 2000; i++) {
      const text = randomText(rng);
      const ids = tokenizer.encode(text);
      assert.ok(ids.every((id) => id !== undefined && id < tokenizer.vocabSize));
      assert.equal(tokenizer.decode(ids), text, `round trip of ${JSON.stringify(text)}`);
    }
  });

  it('keeps special tokens whole and can skip them when decoding', () => {
    const tokenizer = trainTokenizer('bpe', trainingTexts().slice(0, 500), { vocabSize: 400 });
    const eos = tokenizer.tokenToId('<|endoftext|>') as number;
    const ids = tokenizer.encode('to be<|endoftext|>or not');
    assert.equal(ids.filter((id) => id === eos).length, 1);
    assert.equal(tokenizer.decode(ids), 'to be<|endoftext|>or not');
    assert.equal(tokenizer.decode(ids, { skipSpecialTokens: true }), 'to beor not');
  });
});
