// What a model folder can be asked to do (host/prompt/prompt-task.ts, classifier-head.ts) and the checks a
// classification prompt meets (host/prompt/classify-prompt.ts), without an editor.
import * as assert from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ModelSummary } from '../../../../src/host/models/model-types';
import { DEFAULT_TEMPLATE, DEFAULT_VERBALIZER, promptProblem } from '../../../../src/host/prompt/classify-prompt';
import { hasClassifierHead } from '../../../../src/host/prompt/classifier-head';
import { promptTask } from '../../../../src/host/prompt/prompt-task';

const BUNDLED_BERT = path.join(__dirname, '../../../../models/tiny-shakespeare-bert');
const summary = (modelType: string, supported = true): ModelSummary => ({ name: `tiny-${modelType}`, folder: `/m/${modelType}`, source: 'user', modelType, supported });

describe('model tasks and classification prompts', () => {
  const defaults = { template: DEFAULT_TEMPLATE, verbalizer: DEFAULT_VERBALIZER };

  it('gives decoders generation and masked LMs fill-mask, and nothing to others or unsupported folders', () => {
    assert.strictEqual(promptTask(summary('gpt2')), 'generate');
    assert.strictEqual(promptTask(summary('bert')), 'fill-mask');
    assert.strictEqual(promptTask(summary('t5')), undefined);
    assert.strictEqual(promptTask(summary('bert', false)), undefined);
  });

  it('tells a finetuned classifier folder from a pretrained one by config.json architectures', async () => {
    assert.strictEqual(await hasClassifierHead(BUNDLED_BERT), false);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pl-head-'));
    try {
      const config = JSON.parse(await fs.readFile(path.join(BUNDLED_BERT, 'config.json'), 'utf8'));
      await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify({ ...config, architectures: ['BertForSequenceClassification'], id2label: { 0: 'neg', 1: 'pos' }, label2id: { neg: 0, pos: 1 } }));
      assert.strictEqual(await hasClassifierHead(dir), true);
      assert.strictEqual(await hasClassifierHead(path.join(dir, 'missing')), false, 'an unreadable folder has no head (the list shows its problem)');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('asks a masked LM for a [MASK]; a decoder can answer after the text', () => {
    const noMask = { template: 'Review: {text} It was', verbalizer: DEFAULT_VERBALIZER };
    assert.match(promptProblem(noMask, true) ?? '', /needs \[MASK\]/);
    assert.strictEqual(promptProblem(noMask, false), undefined);
    assert.strictEqual(promptProblem(defaults, true), undefined);
  });
});
