import * as assert from 'node:assert';
import { parseFromWebview, parsePanelState } from '../../../../src/views/model-details/protocol';
import { array, number, object, oneOfStrings, parseMessage, string, ValidationError } from '../../../../src/views/protocol/validate';

describe('webview message validation', () => {
  const rejects = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (e: unknown) => e instanceof ValidationError && pattern.test(e.message));

  it('accepts each Model Details message', () => {
    for (const type of ['ready', 'select', 'reveal'] as const) assert.deepStrictEqual(parseFromWebview({ type }), { type });
  });

  it('rejects unknown types, non-objects and extra fields', () => {
    rejects(() => parseFromWebview({ type: 'eval' }), /unknown message type "eval"/);
    rejects(() => parseFromWebview({ type: 'toString' }), /unknown message type/);
    rejects(() => parseFromWebview({ type: '__proto__' }), /unknown message type/);
    rejects(() => parseFromWebview(null), /unknown message type/);
    rejects(() => parseFromWebview('ready'), /unknown message type/);
    rejects(() => parseFromWebview([{ type: 'ready' }]), /unknown message type/);
    rejects(() => parseFromWebview({ type: 'reveal', folder: '/etc' }), /unexpected field "folder"/);
  });

  it('rejects oversized messages before walking them', () => {
    rejects(() => parseFromWebview({ type: 'ready', pad: 'x'.repeat(5000) }), /longer than 1024 characters/);
    const cyclic: Record<string, unknown> = { type: 'ready' };
    cyclic.self = cyclic;
    rejects(() => parseFromWebview(cyclic), /not serialisable/);
  });

  it('validates restored panel state', () => {
    assert.deepStrictEqual(parsePanelState({ folder: '/m/tiny' }), { folder: '/m/tiny' });
    rejects(() => parsePanelState(undefined), /expected an object/);
    rejects(() => parsePanelState({ folder: '' }), /shorter than 1/);
    rejects(() => parsePanelState({ folder: 42 }), /expected a string, got a number/);
    rejects(() => parsePanelState({ folder: 'x'.repeat(5000) }), /longer than/);
  });

  it('checks numbers for type, finiteness, integrality and range', () => {
    const step = number({ min: 0, max: 10, integer: true });
    assert.strictEqual(step(3, 'n'), 3);
    rejects(() => step(NaN, 'n'), /finite number/);
    rejects(() => step(Infinity, 'n'), /finite number/);
    rejects(() => step('3', 'n'), /got a string/);
    rejects(() => step(1.5, 'n'), /integer/);
    rejects(() => step(11, 'n'), /outside \[0, 10\]/);
  });

  it('checks arrays, enums and nested paths', () => {
    const v = object({ ids: array(number({ min: 0, max: 9 }), { maxLength: 3 }), mode: oneOfStrings(['a', 'b'] as const) });
    assert.deepStrictEqual(v({ ids: [1, 2], mode: 'a' }, 'm'), { ids: [1, 2], mode: 'a' });
    rejects(() => v({ ids: [1, 2, 3, 4], mode: 'a' }, 'm'), /m\.ids: more than 3 items/);
    rejects(() => v({ ids: [1, 99], mode: 'a' }, 'm'), /m\.ids\[1\]: outside/);
    rejects(() => v({ ids: [], mode: 'c' }, 'm'), /m\.mode: expected one of a, b/);
    rejects(() => v({ mode: 'a' }, 'm'), /m\.ids: expected an array, got a undefined/);
  });

  it('bounds strings', () => {
    rejects(() => parseMessage(string({ maxLength: 3 }), 'abcd', 100), /longer than 3 characters/);
  });
});
