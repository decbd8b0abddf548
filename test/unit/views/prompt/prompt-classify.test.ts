// The prompt playground's classify mode as the webview sees it: which models offer it and
// how (views/prompt/modes.ts), and the checks its messages meet (views/prompt/protocol.ts).
import * as assert from 'node:assert';
import type { ModelSummary } from '../../../../src/host/models/model-types';
import { DEFAULT_TEMPLATE, DEFAULT_VERBALIZER } from '../../../../src/host/prompt/classify-prompt';
import { modelChoice } from '../../../../src/views/prompt/modes';
import { parseFromWebview } from '../../../../src/views/prompt/protocol';
import { ValidationError } from '../../../../src/views/protocol/validate';

const summary = (modelType: string, supported = true): ModelSummary => ({ name: `tiny-${modelType}`, folder: `/m/${modelType}`, source: 'user', modelType, supported });

describe('prompt playground: classification', () => {
  const rejects = (raw: unknown, pattern: RegExp) => assert.throws(() => parseFromWebview(raw), (e: unknown) => e instanceof ValidationError && pattern.test(e.message));
  const defaults = { template: DEFAULT_TEMPLATE, verbalizer: DEFAULT_VERBALIZER };

  it('offers a prompt for decoders and masked LMs, the head for finetuned classifiers, nothing for others', () => {
    assert.deepStrictEqual(modelChoice(summary('gpt2'), 0, false), { id: 0, name: 'tiny-gpt2', type: 'gpt2', modes: ['generate', 'classify'], classifyWith: 'decoder prompt' });
    assert.deepStrictEqual(modelChoice(summary('bert'), 1, false).modes, ['fill-mask', 'classify']);
    assert.strictEqual(modelChoice(summary('bert'), 1, false).classifyWith, 'masked-LM prompt');
    // A finetuned classifier has lost its masked-LM head: it only classifies, with its own.
    assert.deepStrictEqual(modelChoice(summary('bert'), 2, true), { id: 2, name: 'tiny-bert', type: 'bert', modes: ['classify'], classifyWith: 'finetuned head' });
    const t5 = modelChoice(summary('t5'), 3, false);
    assert.deepStrictEqual(t5.modes, []);
    assert.match(t5.problem ?? '', /"t5" model; prompting needs a decoder or a masked LM \(albert, bert/);
    assert.deepStrictEqual(modelChoice({ ...summary('llama', false), problem: 'model_type "llama" is not supported' }, 4, false).problem, 'model_type "llama" is not supported');
  });

  it('accepts classify messages with a template + verbalizer or null for the head', () => {
    assert.deepStrictEqual(parseFromWebview({ type: 'classify', text: 'a fine day', prompt: defaults }), { type: 'classify', text: 'a fine day', prompt: defaults });
    assert.deepStrictEqual(parseFromWebview({ type: 'classify', text: 'a fine day', prompt: null }), { type: 'classify', text: 'a fine day', prompt: null });
  });

  it('rejects classify messages whose template or verbalizer the classifier could not use', () => {
    rejects({ type: 'classify', text: 'x', prompt: { template: 'no slot [MASK]', verbalizer: DEFAULT_VERBALIZER } }, /message\.prompt: The template must contain \{text\} exactly once/);
    rejects({ type: 'classify', text: 'x', prompt: { template: '{text} [MASK] [MASK]', verbalizer: DEFAULT_VERBALIZER } }, /\[MASK\] only once/);
    rejects({ type: 'classify', text: 'x', prompt: { template: DEFAULT_TEMPLATE, verbalizer: 'positive=great' } }, /at least two labels/);
    rejects({ type: 'classify', text: 'x', prompt: { template: DEFAULT_TEMPLATE, verbalizer: 'a=b,a=c' } }, /the label 'a' is given twice/);
    rejects({ type: 'classify', text: 'x', prompt: { template: DEFAULT_TEMPLATE, verbalizer: 'great,negative=terrible' } }, /'great' is not label=word/);
    rejects({ type: 'classify', text: 'x', prompt: { template: 'x'.repeat(1001) + '{text}', verbalizer: DEFAULT_VERBALIZER } }, /template: longer than 1000/);
    rejects({ type: 'classify', text: '', prompt: null }, /text: shorter than 1/);
    rejects({ type: 'classify', text: 'x' }, /prompt: expected an object, got a undefined/);
    rejects({ type: 'classify', text: 'x', prompt: 'positive=great' }, /prompt: expected an object, got a string/);
    rejects({ type: 'classify', text: 'x', prompt: { ...defaults, model: '/etc' } }, /unexpected field "model"/);
  });
});
