import * as assert from 'node:assert';
import { MAX_TEXT_CHARS, parseFromWebview, parsePanelState } from '../../../../src/views/attention/protocol';
import { ValidationError } from '../../../../src/views/protocol/validate';

describe('attention explorer messages', () => {
  const rejects = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (e: unknown) => e instanceof ValidationError && pattern.test(e.message));

  it('accepts ready, run and rendered', () => {
    assert.deepStrictEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepStrictEqual(parseFromWebview({ type: 'run', text: 'the cat' }), { type: 'run', text: 'the cat' });
    assert.deepStrictEqual(parseFromWebview({ type: 'rendered', ms: 12.5, tokens: 9 }), { type: 'rendered', ms: 12.5, tokens: 9 });
  });

  it('rejects empty, oversized or misnamed runs', () => {
    rejects(() => parseFromWebview({ type: 'run', text: '' }), /shorter than 1/);
    rejects(() => parseFromWebview({ type: 'run', text: 'x'.repeat(MAX_TEXT_CHARS + 1) }), /longer than/);
    rejects(() => parseFromWebview({ type: 'run', text: 'a', folder: '/etc' }), /unexpected field "folder"/);
    rejects(() => parseFromWebview({ type: 'run', text: 42 }), /expected a string/);
  });

  it('rejects render reports that are not times', () => {
    rejects(() => parseFromWebview({ type: 'rendered', ms: -1, tokens: 3 }), /outside/);
    rejects(() => parseFromWebview({ type: 'rendered', ms: Infinity, tokens: 3 }), /finite number/);
    rejects(() => parseFromWebview({ type: 'rendered', ms: 3, tokens: 1.5 }), /integer/);
  });

  it('validates restored state', () => {
    assert.deepStrictEqual(parsePanelState({ folder: '/m/gpt', text: '' }), { folder: '/m/gpt', text: '' });
    rejects(() => parsePanelState({ folder: '', text: 'a' }), /shorter than 1/);
    rejects(() => parsePanelState({ folder: '/m' }), /expected a string, got a undefined/);
  });
});
