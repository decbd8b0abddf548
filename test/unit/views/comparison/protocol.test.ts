// The comparison view's messages: every one from the webview, and the state it hands back on
// restore, is validated before the extension acts on it; the table it reports drawing is bounded.
import * as assert from 'node:assert';
import { MAX_CELLS, MAX_ROWS, parseFromWebview, parsePanelState } from '../../../../src/views/comparison/protocol';

const rendered = { type: 'rendered', generation: 1, ms: 3.5, final: true, headers: ['Row', 'Accuracy'], rows: [{ id: 'bert-mlm', cells: ['bert-mlm', '81.0%'] }] };

describe('comparison view protocol', () => {
  it('takes the buttons\' messages and nothing more', () => {
    for (const type of ['ready', 'stop', 'markdown']) assert.deepStrictEqual(parseFromWebview({ type }), { type });
    assert.throws(() => parseFromWebview({ type: 'stop', folder: '/etc' }), /unexpected field/);
    assert.throws(() => parseFromWebview({ type: 'reveal' }), /unknown message type/);
    assert.throws(() => parseFromWebview('ready'), /unknown message type/);
  });

  it('takes the table the page drew, bounded in rows, cells and sizes', () => {
    assert.deepStrictEqual(parseFromWebview(rendered), rendered);
    assert.throws(() => parseFromWebview({ ...rendered, final: 'yes' }), /final: expected true or false/);
    assert.throws(() => parseFromWebview({ ...rendered, generation: 1.5 }), /integer/);
    assert.throws(() => parseFromWebview({ ...rendered, rows: Array(MAX_ROWS + 1).fill(rendered.rows[0]) }), /more than 64 items/);
    assert.throws(() => parseFromWebview({ ...rendered, rows: [{ id: 'x', cells: Array(MAX_CELLS + 1).fill('') }] }), /more than 16 items/);
    assert.throws(() => parseFromWebview({ ...rendered, rows: [{ id: 'x', cells: ['y'.repeat(301)] }] }), /longer than 300/);
    assert.throws(() => parseFromWebview({ ...rendered, rows: [{ id: '', cells: [] }] }), /shorter/);
    assert.throws(() => parseFromWebview({ ...rendered, rows: [{ id: 'x', cells: [], path: '/etc' }] }), /unexpected field/);
  });

  it('restores a panel by its folder only', () => {
    assert.deepStrictEqual(parsePanelState({ folder: '/m/comparisons/a' }), { folder: '/m/comparisons/a' });
    assert.throws(() => parsePanelState({ folder: '' }), /shorter/);
    assert.throws(() => parsePanelState({ folder: '/a', run: 1 }), /unexpected field/);
  });
});
