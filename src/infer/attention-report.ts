/** One entry point for attention reports, whichever family a model folder holds. */
import { readConfig } from '../models/config-io';
import type { SessionConfig } from '../runtime';
import type { AttentionReport } from './attention-maps';
import { causalAttentionReport } from './causal-attention';
import { CausalLm } from './causal-lm';
import { encoderAttentionReport } from './encoder-attention';
import { seq2seqAttentionReport } from './seq2seq-attention';

export interface AttentionRequest {
  /** Encoder-decoders: the decoder text (default: the model's own greedy output). */
  target?: string;
  session?: SessionConfig;
  /** Name shown in the report (default: the folder name). */
  model?: string;
}

export async function attentionReportFor(dir: string, text: string, request: AttentionRequest = {}): Promise<AttentionReport> {
  const name = request.model ?? dir.split(/[\\/]/).filter(Boolean).pop() ?? dir;
  const config = await readConfig(dir);
  switch (config.model_type) {
    case 'gpt2': {
      const lm = await CausalLm.open(dir, request.session);
      try {
        return await causalAttentionReport(lm, text, name);
      } finally {
        await lm.release();
      }
    }
    case 'bert':
      return encoderAttentionReport(dir, text, name, request.session);
    case 't5':
      return seq2seqAttentionReport(dir, text, name, request);
  }
}
