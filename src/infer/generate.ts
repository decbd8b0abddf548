/**
 * Text generation with a KV cache: the prompt is run once, then each new token costs one
 * single-token step whatever the length so far. Tokens are streamed as they are chosen.
 */
import { InputError } from '../util/errors';
import { Rng } from '../util/rng';
import type { CausalLm } from './causal-lm';
import { applyRepetitionPenalty, sampleToken, type SamplingOptions } from './sampling';

export interface GenerateOptions extends SamplingOptions {
  maxNewTokens?: number;
  /** Generation stops when the decoded continuation contains one of these. */
  stop?: string[];
  seed?: number;
  /** Stop at the model's end-of-text token (default true). */
  stopAtEos?: boolean;
  /** Called with each new token id and the decoded text so far. */
  onToken?: (id: number, textSoFar: string) => void;
}

export interface GenerateResult {
  ids: number[];
  text: string;
  /** Milliseconds to the first new token (prompt processing included), then per token. */
  firstTokenMs: number;
  perTokenMs: number[];
  stoppedBy: 'length' | 'eos' | 'stop-sequence' | 'context';
}

export async function generate(lm: CausalLm, prompt: string | number[], options: GenerateOptions = {}): Promise<GenerateResult> {
  const promptIds = typeof prompt === 'string' ? lm.tokenizer.encode(prompt) : prompt;
  // Bad prompts are refused rather than answered with zero tokens (the user could not tell why).
  if (promptIds.length === 0) {
    throw new InputError("the prompt encodes to no tokens (none of its characters is in this model's vocabulary); write it with characters the model was trained on");
  }
  const context = lm.config.n_positions;
  if (promptIds.length >= context) {
    throw new InputError(`the prompt is ${promptIds.length} tokens long but this model's context holds ${context}, leaving no room to generate; shorten it to at most ${context - 1} tokens`);
  }
  const maxNew = options.maxNewTokens ?? 50;
  const rng = new Rng(options.seed ?? 0);
  const eos = lm.config.eos_token_id;
  const ids: number[] = [];
  const perTokenMs: number[] = [];
  let firstTokenMs = 0;
  let cache = lm.emptyCache();
  let next: readonly number[] = promptIds;
  let stoppedBy: GenerateResult['stoppedBy'] = 'length';
  while (ids.length < maxNew) {
    if (cache.length + next.length > lm.config.n_positions) {
      stoppedBy = 'context';
      break;
    }
    const t0 = performance.now();
    const step = await lm.forward(next, cache);
    cache = step.cache;
    const V = lm.config.vocab_size;
    const last = step.logits.slice((next.length - 1) * V, next.length * V);
    applyRepetitionPenalty(last, [...promptIds, ...ids], options.repetitionPenalty ?? 1);
    const id = sampleToken(last, options, rng);
    const elapsed = performance.now() - t0;
    if (ids.length === 0) firstTokenMs = elapsed;
    else perTokenMs.push(elapsed);
    if (id === eos && options.stopAtEos !== false) {
      stoppedBy = 'eos';
      break;
    }
    ids.push(id);
    // Decoding the whole text each token is only needed by a listener or stop sequences.
    const text = options.onToken || options.stop?.length ? lm.tokenizer.decode(ids) : '';
    options.onToken?.(id, text);
    if (options.stop?.some((s) => text.includes(s))) {
      stoppedBy = 'stop-sequence';
      break;
    }
    next = [id];
  }
  return { ids, text: lm.tokenizer.decode(ids), firstTokenMs, perTokenMs, stoppedBy };
}
