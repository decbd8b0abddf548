/** Tiny GPT-2 configurations for tests (a few thousand parameters, runs in milliseconds). */
import { GPT2_DEFAULTS, type Gpt2Config } from '../../src/models/configs';

export function tinyGpt2Config(overrides: Partial<Gpt2Config> = {}): Gpt2Config {
  return {
    ...GPT2_DEFAULTS,
    vocab_size: 11,
    n_positions: 16,
    n_embd: 8,
    n_layer: 2,
    n_head: 2,
    resid_pdrop: 0,
    embd_pdrop: 0,
    attn_pdrop: 0,
    ...overrides,
  };
}
