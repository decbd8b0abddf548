/** One entry point for attention reports, whichever family a model folder holds (by its kind). */
import { openModel, type ModelRef } from '../models/open-model';
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

export async function attentionReportFor(ref: ModelRef, text: string, request: AttentionRequest = {}): Promise<AttentionReport> {
  const model = await openModel(ref);
  const name = request.model ?? model.dir.split(/[\\/]/).filter(Boolean).pop() ?? model.dir;
  switch (model.family.kind) {
    case 'decoder': {
      const lm = await CausalLm.open(model, request.session);
      try {
        return await causalAttentionReport(lm, text, name);
      } finally {
        await lm.release();
      }
    }
    case 'encoder':
      return encoderAttentionReport(model, text, name, request.session);
    case 'encoder-decoder':
      return seq2seqAttentionReport(model, text, name, request);
  }
}
