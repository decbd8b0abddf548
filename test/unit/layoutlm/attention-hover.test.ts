/**
 * The attention explorer's hover text for LayoutLM reports: a token's exact spelling and, where
 * the report carries it (AttentionReport.tokenPositions), its line:column; other reports show the
 * spelling alone. And LayoutLM's FamilySpec.tokenPositions: 1-based, null-free for text tokens,
 * undefined for <s> and </s>.
 */
import assert from 'node:assert/strict';
import { tokenTitle } from '../../../media/attention/tokens';
import { LAYOUTLM } from '../../../src/models/layoutlm/family';
import { toByteLevel } from '../../../src/tokenizer/byte-level';

describe('attention hover: line and column of LayoutLM tokens', () => {
  it('shows line:column next to the token where the report has a position', () => {
    assert.equal(tokenTitle('\treturn', { line: 2, column: 5 }), '"\\treturn" · line 2:5');
    assert.equal(tokenTitle('<s>', null), '"<s>"');
    assert.equal(tokenTitle('cat'), '"cat"');
  });

  it('LayoutLM gives each text token its 1-based line and column, special tokens none', () => {
    const tokens = ['<s>', ...['def', ' f', '():', '\n', '\t', 'return'].map(toByteLevel), '</s>'];
    const positions = LAYOUTLM.tokenPositions!({ ids: tokens.map((_, i) => i), tokens });
    assert.deepEqual(positions, [undefined, { line: 1, column: 1 }, { line: 1, column: 4 }, { line: 1, column: 6 }, { line: 1, column: 9 }, { line: 2, column: 1 }, { line: 2, column: 5 }, undefined]);
    const bbox = LAYOUTLM.extraInputs!(undefined as never, { ids: tokens.map((_, i) => i), tokens }).bbox;
    assert.deepEqual(bbox.shape, [1, tokens.length, 4]);
    assert.equal(bbox.dtype, 'int64');
  });
});
