/**
 * Every panel's webview → extension messages and restored states, fuzzed: valid messages
 * mutated structurally (a field deleted, a wrong type, a huge number, a long string, deep
 * nesting) must either still be valid — and then come back with the same shape — or be
 * refused with a ValidationError naming the path; nothing else may escape the validator.
 */
import assert from 'node:assert/strict';
import * as attention from '../../src/views/attention/protocol';
import * as details from '../../src/views/model-details/protocol';
import * as prompt from '../../src/views/prompt/protocol';
import { ValidationError } from '../../src/views/protocol/validate';
import { mutateJsonValue, Rng } from './mutate';

const settings = { maxNewTokens: 20, temperature: 0.8, topK: 40, topP: 0.95, repetitionPenalty: 1.1, stop: ['\n'], seed: 1 };
const PANELS: [string, (raw: unknown) => unknown, unknown[]][] = [
  ['attention messages', attention.parseFromWebview, [{ type: 'ready' }, { type: 'run', text: 'hello' }, { type: 'rendered', ms: 12, tokens: 5 }]],
  ['attention state', attention.parsePanelState, [{ folder: '/m', text: 'hi' }]],
  ['model details messages', details.parseFromWebview, [{ type: 'ready' }, { type: 'select' }, { type: 'reveal' }]],
  ['model details state', details.parsePanelState, [{ folder: '/m' }]],
  ['prompt messages', prompt.parseFromWebview, [{ type: 'ready' }, { type: 'chooseModel', id: 1 }, { type: 'generate', prompt: 'Once', settings }, { type: 'fillMask', text: 'a [MASK]', topK: 5 }, { type: 'stop' }]],
  ['prompt state', prompt.parsePanelState, [{ prompt: 'Once' }]],
];
const CASES = 1000;

describe('reliability: fuzzing webview messages', () => {
  for (const [name, parse, valid] of PANELS) {
    it(`${name}: ${CASES} mutated messages are accepted as valid or refused with a ValidationError`, () => {
      for (const message of valid) parse(structuredClone(message));
      let refused = 0;
      for (let i = 0; i < CASES; i++) {
        const rng = new Rng(77 * 100_003 + i);
        const { doc, what } = mutateJsonValue(structuredClone(valid[rng.int(valid.length)]), rng);
        try {
          const parsed = parse(doc);
          assert.deepEqual(parsed, doc, `case ${i} (${what}): accepted but changed`);
        } catch (error) {
          if (!(error instanceof ValidationError)) assert.fail(`case ${i} (${what}): ${String(error)}`);
          assert.match(error.message, /^(message|state)?[\w.[\]]*: /, `case ${i}: the message names the path`);
          refused++;
        }
      }
      assert.ok(refused > CASES / 2, `only ${refused} of ${CASES} refused`);
    });
  }
});
