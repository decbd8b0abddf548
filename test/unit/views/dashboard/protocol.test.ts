// The Training dashboard's messages: every one from the webview, and the state it hands back
// on restore, is validated before the extension acts on it.
import * as assert from 'node:assert';
import { parseFromWebview, parsePanelState } from '../../../../src/views/dashboard/protocol';

describe('training dashboard protocol', () => {
  it('validates every message and restored state from the webview', () => {
    assert.deepStrictEqual(parseFromWebview({ type: 'stop' }), { type: 'stop' });
    assert.throws(() => parseFromWebview({ type: 'stop', folder: '/etc' }), /unexpected field/);
    assert.throws(() => parseFromWebview({ type: 'train' }), /unknown message type/);
    assert.throws(() => parseFromWebview('stop'), /unknown message type/);
    assert.deepStrictEqual(parsePanelState({ type: 'run', folder: '/m' }), { type: 'run', folder: '/m' });
    assert.deepStrictEqual(parsePanelState({ type: 'corpus', root: '/ws' }), { type: 'corpus', root: '/ws' });
    assert.throws(() => parsePanelState({ type: 'run', folder: '' }), /shorter/);
    assert.throws(() => parsePanelState({ type: 'run', folder: 'x'.repeat(5000) }), /longer/);
  });

  it('takes what the page drew, bounded: chart titles with their legends, and tile labels', () => {
    const drawn = { type: 'drawn', charts: [{ title: 'Loss', series: ['train loss', 'validation loss'] }], stats: ['Step', 'Generator loss (MLM)'] };
    assert.deepStrictEqual(parseFromWebview(drawn), drawn);
    assert.throws(() => parseFromWebview({ ...drawn, charts: Array(9).fill({ title: 'x', series: [] }) }), /more than 8/);
    assert.throws(() => parseFromWebview({ ...drawn, stats: ['x'.repeat(121)] }), /longer/);
    assert.throws(() => parseFromWebview({ ...drawn, folder: '/etc' }), /unexpected field/);
  });
});
