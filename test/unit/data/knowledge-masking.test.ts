/**
 * ERNIE-style knowledge masking (`--masking identifier`, src/data/knowledge-units.ts) on code and
 * prose with a byte-level BPE (RoBERTa's) and a cased WordPiece: every unit is a whole
 * identifier (or one of its camelCase / snake_case pieces), string literal, number, word or
 * capitalised multi-word name, never part of one; masked batches never cut a unit; and the
 * masking rate over many batches is ≈ 15% of the non-special tokens.
 */
import assert from 'node:assert/strict';
import { IGNORE_INDEX } from '../../../src/data/batch';
import { MaskedLmBatches } from '../../../src/data/batch-masked';
import { knowledgeUnits, type Unit } from '../../../src/data/knowledge-units';
import { type PipelineTokenizer, trainTokenizer } from '../../../src/tokenizer';
import { Rng } from '../../../src/util/rng';

const CODE = [
  'function getUserName(user_id) { const greeting = "hello world"; return fetchUser(user_id, 3.14, 42) + greeting; }',
  'let maxRetryCount = 10; if (retry_count > maxRetryCount) { throw new Error("too many retries: " + retry_count); }',
  "const parsedValue = parseFloat('2.5e3') * scale_factor; console.log(parsedValue, 1024);",
];
const PROSE = [
  'We flew from New York City to San Francisco last May, and the weather was fine.',
  'The Golden Gate Bridge was covered in fog while we walked across it with Maria Lopez.',
  'Everyone in Los Angeles said the traffic was worse than in New York City.',
];
const TEXTS = Array.from({ length: 20 }, (_, i) => [...CODE, ...PROSE][i % 6]);

const SHAPES = [
  /^[A-Za-z_$][A-Za-z0-9_$]*$/, // identifier, word or one of an identifier's pieces
  /^"[^"]*"$|^'[^']*'$/, // string literal
  /^\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?$/, // number
  /^[A-Z][a-z]+(?: [A-Z][a-z]+)+$/, // capitalised multi-word name
];
const WORD = /[A-Za-z0-9_$]/;
const EDGE_PUNCTUATION = /^[\s;,(){}[\]+\-*/=<>.:!?]+|[\s;,(){}[\]+\-*/=<>.:!?]+$/g;

/** Where each token's text starts in the decoded row, and the row's text (byte-level BPE keeps every character). */
function offsets(tok: PipelineTokenizer, ids: number[]): { text: string; starts: number[] } {
  const starts = ids.map((_, i) => tok.decode(ids.slice(0, i)).length);
  return { text: tok.decode(ids), starts: [...starts, tok.decode(ids).length] };
}

/** A piece boundary of camelCase / snake_case between characters a and b. */
const pieceBoundary = (a: string, b: string) => (a === '_' && b !== '_') || (/[a-z0-9]/.test(a) && /[A-Z]/.test(b));

function assertWholeUnits(tok: PipelineTokenizer, ids: number[], units: Unit[]): string[] {
  const { text, starts } = offsets(tok, ids);
  return units.map(([s, e]) => {
    const raw = text.slice(starts[s], starts[e]);
    // A BPE token may carry punctuation beside a unit's edge ('";'): the unit keeps it whole.
    const unit = raw.replace(EDGE_PUNCTUATION, '');
    const at = starts[s] + raw.indexOf(unit);
    const single = e - s === 1 && !WORD.test(raw);
    assert.ok(single || SHAPES.some((r) => r.test(unit)), `unit '${unit}' is no identifier, literal, number or name`);
    if (/^[A-Za-z0-9_$]/.test(unit)) {
      const [before, after] = [text[at - 1] ?? ' ', text[at + unit.length] ?? ' '];
      assert.ok(!WORD.test(before) || pieceBoundary(before, unit[0]), `unit '${unit}' starts inside '${text.slice(at - 8, at + unit.length + 8)}'`);
      assert.ok(!WORD.test(after) || pieceBoundary(unit[unit.length - 1], after), `unit '${unit}' ends inside '${text.slice(at - 8, at + unit.length + 8)}'`);
    }
    return unit;
  });
}

describe('knowledge masking (--masking identifier)', () => {
  const bpe = trainTokenizer('bpe', TEXTS, { family: 'roberta', vocabSize: 400 });

  it('makes whole identifiers, literals, numbers and names units, with identifier pieces as sub-units (byte-level BPE)', () => {
    const seen = new Set<string>();
    const rng = new Rng(3);
    for (const line of [...CODE, ...PROSE]) {
      const ids = bpe.encode(line);
      for (let k = 0; k < 20; k++) assertWholeUnits(bpe, ids, knowledgeUnits(ids, bpe, rng)).forEach((u) => seen.add(u));
    }
    for (const unit of ['"hello world"', "'2.5e3'", '3.14', 'getUserName', 'user_id', 'user_', 'id', 'New York City', 'San Francisco', 'Maria Lopez']) {
      assert.ok(seen.has(unit), `'${unit}' never formed one unit (units: ${[...seen].join(' | ')})`);
    }
  });

  it('joins WordPiece tokens that punctuation splits into one identifier or number (cased WordPiece)', () => {
    const wordpiece = trainTokenizer('wordpiece', TEXTS, { vocabSize: 400, lowercase: false });
    const ids = wordpiece.encode('return fetchUser(user_id, 3.14) in New York City');
    const units = knowledgeUnits(ids, wordpiece, { next: () => 0.99 } as Rng).map(([s, e]) => wordpiece.decode(ids.slice(s, e)).replace(/ /g, ''));
    for (const unit of ['user_id', '3.14', 'NewYorkCity', 'fetchUser']) assert.ok(units.includes(unit), `${unit} not in ${units.join(' | ')}`);
  });

  it('never cuts a unit in masked batches, and masks ≈ 15% of the tokens', () => {
    const documents = TEXTS.map((t) => bpe.encode(t));
    const [B, T] = [16, 48];
    const source = new MaskedLmBatches(documents, bpe, { batchSize: B, contextLength: T, strategy: 'identifier', seed: 9 });
    const always = { next: () => 0 } as Rng; // always split identifiers: the finest units
    let [masked, candidates] = [0, 0];
    for (let n = 0; n < 60; n++) {
      const batch = source.next();
      for (let b = 0; b < B; b++) {
        const row: number[] = [];
        const chosen: boolean[] = [];
        for (let t = 0; t < T; t++) {
          if (!batch.attentionMask!.data[b * T + t]) continue;
          const label = batch.labels.data[b * T + t];
          chosen.push(label !== IGNORE_INDEX);
          row.push(label !== IGNORE_INDEX ? label : batch.inputIds.data[b * T + t]);
        }
        for (const [s, e] of knowledgeUnits(row, bpe, always)) {
          const flags = chosen.slice(s, e);
          assert.ok(flags.every((f) => f === flags[0]), `a unit was cut: ${bpe.decode(row.slice(s, e))}`);
        }
        masked += chosen.filter(Boolean).length;
        candidates += row.filter((id) => !bpe.isSpecial(id)).length;
      }
    }
    const rate = masked / candidates;
    console.log(`      masked ${(100 * rate).toFixed(2)}% of ${candidates} tokens`);
    assert.ok(Math.abs(rate - 0.15) < 0.015, `masking rate ${rate}`);
  });
});
