// The human (non-JSON) training output: a contrastive run's evaluations state its retrieval
// accuracies and no perplexity (its loss is InfoNCE, not a language model's); a language model's keep it.
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { trainOutput } from '../../../src/cli/commands/train-output';
import type { CliIo } from '../../../src/cli/commands/command';
import type { TrainEvent, TrainSummary } from '../../../src/train/run/events';

function printed(events: TrainEvent[], summary: TrainSummary): string {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk) => (text += String(chunk)));
  const io = { stdout, stderr: new PassThrough(), jobs: () => assert.fail('no jobs'), onInterrupt: () => undefined } as unknown as CliIo;
  const output = trainOutput(io, false, { plainEveryMs: 0 });
  for (const e of events) output.event(e);
  output.done(summary);
  return text;
}

const summary: TrainSummary = { event: 'done', stopReason: 'completed', step: 8, totalSteps: 8, finalLoss: 1.5, valLoss: 1.25, perplexity: Math.exp(1.25), elapsedMs: 1000, path: '/tmp/x' };

describe('cli: training output', () => {
  it('gives a contrastive run its retrieval accuracies and no perplexity', () => {
    const text = printed([{ event: 'eval', step: 8, valLoss: 1.25, perplexity: Math.exp(1.25), metrics: { codeToTextAccuracy: 0.5, textToCodeAccuracy: 0.25, temperature: 0.07 } }], summary);
    assert.match(text, /step 8: validation loss 1\.2500, retrieval accuracy among the batch and the queue: code → text 50\.0%, text → code 25\.0%/);
    assert.doesNotMatch(text, /perplexity/);
  });

  it('keeps the perplexity of a language model', () => {
    const text = printed([{ event: 'eval', step: 8, valLoss: 1.25, perplexity: Math.exp(1.25), metrics: { maskedAccuracy: 0.4 } }], summary);
    assert.match(text, /validation loss 1\.2500, perplexity 3\.49, masked accuracy 40\.0%/);
    assert.match(text, /\(perplexity 3\.49\)/);
  });
});
