/**
 * LayoutLM's token boxes for code (src/data/token-boxes.ts): lines and columns recovered from
 * byte-level tokens alone — multi-line text, indentation, tabs, CRLF and lone CR, a UTF-8
 * character split across tokens, tokens spanning lines — LayoutLM's special-token boxes, the
 * fixed 0–1000 grid and its bounds, and the training batches that carry them (masked tokens keep
 * the box of the token they hide).
 */
import assert from 'node:assert/strict';
import { TokenBoxBatches } from '../../../src/data/batch-boxes';
import { IGNORE_INDEX } from '../../../src/data/batch';
import { MaskedLmBatches } from '../../../src/data/batch-masked';
import { BOX_SCALE, CELL_UNITS, TAB_WIDTH, tokenBoxes, tokenPlaces } from '../../../src/data/token-boxes';
import { toByteLevel } from '../../../src/tokenizer/byte-level';
import { specialTokenIdsOf, trainTokenizer } from '../../../src/tokenizer';
import { Rng } from '../../../src/util/rng';

/** Tokens as a byte-level vocabulary spells them. */
const spelled = (...texts: string[]) => texts.map(toByteLevel);
const boxesOf = (tokens: string[]) => Array.from({ length: tokens.length }, (_, t) => Array.from(tokenBoxes(tokens).subarray(4 * t, 4 * t + 4)));
const u = CELL_UNITS;

/** Line and column (tabs expanded) of each character offset, computed from the text directly: the oracle. */
function textPositions(text: string): { line: number; column: number }[] {
  const out: { line: number; column: number }[] = [];
  let [line, column] = [0, 0];
  for (let i = 0; i < text.length; i++) {
    out.push({ line, column });
    const ch = text[i];
    if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) [line, column] = [line + 1, 0];
    else if (ch === '\r') out[i] = { line, column }; // `\r\n`: one break, at the `\n`
    else column += ch === '\t' ? TAB_WIDTH - (column % TAB_WIDTH) : 1;
  }
  return out;
}

describe('token boxes from the source layout', () => {
  it('places tokens of multi-line, indented code at their line and column (window-relative, 0-based)', () => {
    const tokens = spelled('def', ' f', '():', '\n', '   ', ' return');
    assert.deepEqual(boxesOf(tokens), [
      [0, 0, 3 * u, u], // def: columns 0-2 of line 0
      [3 * u, 0, 5 * u, u],
      [5 * u, 0, 8 * u, u],
      [8 * u, 0, 9 * u, u], // the newline sits at the end of its line
      [0, u, 3 * u, 2 * u], // indentation on line 1
      [3 * u, u, 10 * u, 2 * u],
    ]);
  });

  it('agrees with line/column counted on the text itself, for a real byte-level tokenizer', () => {
    const code = 'def add(a, b):\n\tif a:\r\n        return a + b\r    return b\n\n\tx\t= 1\n';
    const tokenizer = trainTokenizer('bpe', [code, code, 'x = 1\n'], { family: 'roberta', vocabSize: 300 });
    const tokens = tokenizer.encode(code).map((id) => tokenizer.idToToken(id)!);
    const texts = tokens.map((t) => tokenizer.decode([tokenizer.tokenToId(t)!]));
    assert.equal(texts.join(''), code, 'byte-level tokens spell the text exactly');
    const expected = textPositions(code);
    let offset = 0;
    tokenPlaces(tokens).forEach((place, t) => {
      assert.deepEqual({ line: place!.line, column: place!.column }, expected[offset], `token ${t} ${JSON.stringify(texts[t])}`);
      offset += texts[t].length;
    });
  });

  it('expands tabs to the next multiple of the tab width', () => {
    // A tab at column 0 covers 0-3; "ab" then a tab at column 2 covers 2-3; x lands at column 4.
    assert.deepEqual(boxesOf(spelled('\t', 'x')), [[0, 0, 4 * u, u], [4 * u, 0, 5 * u, u]]);
    assert.deepEqual(boxesOf(spelled('ab', '\t', 'x')), [[0, 0, 2 * u, u], [2 * u, 0, 4 * u, u], [4 * u, 0, 5 * u, u]]);
  });

  it('takes CRLF as one line break, also when split across tokens, and a lone CR as a break', () => {
    const together = boxesOf(spelled('a', '\r\n', 'b'));
    assert.deepEqual(together, [[0, 0, u, u], [u, 0, 2 * u, u], [0, u, u, 2 * u]]);
    assert.deepEqual(boxesOf(spelled('a', '\r', '\n', 'b')), [[0, 0, u, u], [u, 0, 2 * u, u], [u, 0, 2 * u, u], [0, u, u, 2 * u]]);
    assert.deepEqual(boxesOf(spelled('a', '\r', 'b'))[2], [0, u, u, 2 * u], 'a lone CR breaks the line');
    assert.deepEqual(boxesOf(spelled('a', '\r\n\r\n', 'b'))[2], [0, 2 * u, u, 3 * u], 'two CRLFs: two lines down');
  });

  it('bounds a token that spans lines by all its cells', () => {
    // "\n   " starting at column 8: the newline at (8, 0), three spaces at columns 0-2 of line 1.
    assert.deepEqual(boxesOf(spelled('x = f(1)', '\n   ', 'y'))[1], [0, 0, 9 * u, 2 * u]);
  });

  it('gives both halves of a UTF-8 character split across tokens its one cell', () => {
    const [lead, trail] = [...toByteLevel('é')];
    assert.deepEqual(boxesOf([lead, trail, 'x']), [[0, 0, u, u], [0, 0, u, u], [u, 0, 2 * u, u]]);
  });

  it('gives special tokens LayoutLM\'s boxes: start and padding 0, separator 1000; a separator also ends the line', () => {
    for (const [start, sep, pad] of [['<s>', '</s>', '<pad>'], ['[CLS]', '[SEP]', '[PAD]']]) {
      assert.deepEqual(boxesOf([start, 'a', sep, 'b', sep, pad]), [[0, 0, 0, 0], [0, 0, u, u], [1000, 1000, 1000, 1000], [0, u, u, 2 * u], [1000, 1000, 1000, 1000], [0, 0, 0, 0]]);
    }
    // A mask typed into a query takes the place of its spelling; the text after it stays where it was typed.
    assert.deepEqual(boxesOf(['<s>', 'x', '<mask>', 'y', '</s>']).slice(1, 4), [[0, 0, u, u], [u, 0, 7 * u, u], [7 * u, 0, 8 * u, u]]);
    assert.deepEqual(tokenPlaces(['<s>', 'a', '</s>']), [undefined, { line: 0, column: 0, left: 0, top: 0, right: 1, bottom: 1 }, undefined]);
  });

  it('keeps every coordinate inside 0…1000 with x0 ≤ x1 and y0 ≤ y1, clamping far lines and columns', () => {
    const long = boxesOf(spelled('a'.repeat(150), 'b'.repeat(100), 'c'));
    assert.deepEqual(long[1], [150 * u, 0, BOX_SCALE, u], 'column 250 is past the page: clamped to 1000');
    assert.deepEqual(long[2], [BOX_SCALE, 0, BOX_SCALE, u]);
    const rng = new Rng(4);
    const alphabet = ['a', ' ', '\n', '\r', '\t', 'é', '€', '\r\n', '    ', 'xyz'];
    for (let trial = 0; trial < 50; trial++) {
      const tokens = ['<s>', ...Array.from({ length: 300 }, () => toByteLevel(alphabet[rng.int(alphabet.length)])), '</s>'];
      const boxes = tokenBoxes(tokens);
      for (let t = 0; t < tokens.length; t++) {
        const [x0, y0, x1, y1] = boxes.subarray(4 * t, 4 * t + 4);
        assert.ok(x0 >= 0 && y0 >= 0 && x1 <= BOX_SCALE && y1 <= BOX_SCALE && x0 <= x1 && y0 <= y1, `token ${t}: ${[x0, y0, x1, y1]}`);
      }
    }
  });

  it('training batches carry each row\'s boxes; masked and replaced tokens keep the box of the token they hide', () => {
    const code = 'def add(a, b):\n    return a + b\n\nclass Point:\n\tdef norm(self):\n\t\treturn self.x\n';
    const tokenizer = trainTokenizer('bpe', [code, code], { family: 'roberta', vocabSize: 300 });
    const docs = [code, code.toUpperCase()].map((t) => tokenizer.encode(t));
    const [B, T] = [4, 20];
    const plain = new MaskedLmBatches(docs, tokenizer, { batchSize: B, contextLength: T, seed: 8, maskProbability: 0.4 });
    const boxed = new TokenBoxBatches(new MaskedLmBatches(docs, tokenizer, { batchSize: B, contextLength: T, seed: 8, maskProbability: 0.4 }), tokenizer);
    const mask = specialTokenIdsOf(tokenizer).mask!;
    let masked = 0;
    for (let n = 0; n < 3; n++) {
      const batch = boxed.next();
      assert.deepEqual(Array.from(batch.inputIds.data), Array.from(plain.next().inputIds.data), 'the wrapped source draws the same rows');
      assert.deepEqual(batch.bbox!.shape, [B, T, 4]);
      for (let b = 0; b < B; b++) {
        const row = (i: number) => b * T + i;
        const originals = Array.from({ length: T }, (_, t) => (batch.labels.data[row(t)] !== IGNORE_INDEX ? batch.labels.data[row(t)] : batch.inputIds.data[row(t)]));
        const expected = tokenBoxes(originals.map((id) => tokenizer.idToToken(id)!));
        assert.deepEqual(Array.from(batch.bbox!.data.subarray(b * T * 4, (b + 1) * T * 4)), Array.from(expected));
        masked += Array.from({ length: T }, (_, t) => batch.inputIds.data[row(t)] === mask).filter(Boolean).length;
      }
    }
    assert.ok(masked > 0, 'some tokens were masked');
    // The data position is the wrapped source's.
    const state = boxed.state();
    const again = new TokenBoxBatches(new MaskedLmBatches(docs, tokenizer, { batchSize: B, contextLength: T, seed: 8 }), tokenizer);
    again.restore(state);
    assert.equal(again.state().batchesDrawn, 3);
  });
});
