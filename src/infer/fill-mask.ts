/**
 * Fill-mask on an exported model folder: tokenize as the folder's tokenizer does (with
 * [CLS] … [SEP]), run `onnx/model.onnx`, and for every [MASK] give the top-k vocabulary
 * entries by softmax probability.
 * Legend: T tokens, V vocabulary.
 */
import { existsSync } from 'node:fs';
import { flatWeights, loadModelFolder } from '../models/model-folder';
import { ONNX_MODEL } from '../modelfile/layout';
import { dimensionsOf, isSequenceClassifier } from '../models/configs';
import { openModel, type ModelRef, type OpenedModel } from '../models/open-model';
import { familyForTask } from '../models/registry';
import { InputError } from '../util/errors';
import { withMaskToken } from './mask-token';
import { RuntimeSession, type SessionConfig } from '../runtime';
import { type PipelineTokenizer, readTokenizerFiles } from '../tokenizer';
import { type EncoderFeedContext, encoderFeeds } from './encoder-feeds';

export interface MaskPrediction {
  token: number;
  tokenStr: string;
  /** Softmax probability over the whole vocabulary. */
  score: number;
  /** The text with this token in the mask's place, special tokens dropped. */
  sequence: string;
}

export interface MaskResult {
  /** Index of the [MASK] among the encoded tokens (0 is [CLS]). */
  position: number;
  predictions: MaskPrediction[];
}

export class FillMask {
  private constructor(
    private readonly session: RuntimeSession,
    readonly tokenizer: PipelineTokenizer,
    private readonly maskId: number,
    /** Most tokens the model reads, [CLS] and [SEP] included. */
    readonly maxPositions: number,
    private readonly feedContext: EncoderFeedContext,
  ) {}

  static async open(ref: ModelRef, config: SessionConfig = {}): Promise<FillMask> {
    const opened = await openModel(ref);
    const { dir, paths } = opened;
    familyForTask(opened.config, 'fillMask', dir);
    const tokenizer = await readTokenizerFiles(dir, { modelVocabSize: opened.config.vocab_size });
    const maskId = tokenizer.specialTokenIds.mask;
    if (maskId === undefined) throw new Error(`${paths.tokenizer}: the tokenizer has no mask token, so the model cannot fill masks`);
    // A folder straight from pretraining has weights but no export yet: build the graph from them.
    const model = existsSync(paths.onnxModel) ? paths.onnxModel : await maskedLmGraphOf(opened);
    const maxPositions = dimensionsOf(opened.config).maxPositions ?? Number.POSITIVE_INFINITY;
    const session = await RuntimeSession.create(model, config);
    return new FillMask(session, tokenizer, maskId, maxPositions, { inputNames: session.inputNames, family: opened.family, config: opened.config, tokenizer });
  }

  /** Top-k predictions for each mask in `text` (the model's mask token, or [MASK] / <mask> for it), in text order. */
  async run(text: string, topK = 5): Promise<MaskResult[]> {
    const ids = this.tokenizer.addSpecialTokens(this.tokenizer.encode(withMaskToken(text, this.tokenizer.specialTokens.mask!)));
    const positions = ids.flatMap((id, i) => (id === this.maskId ? [i] : []));
    if (positions.length === 0) throw new InputError(`no ${this.tokenizer.specialTokens.mask} token in the text: nothing to fill`);
    const T = ids.length;
    if (T > this.maxPositions) {
      throw new InputError(`the text is ${T} tokens long (with [CLS] and [SEP]) but this model reads at most ${this.maxPositions}; shorten it`);
    }
    const out = await this.session.run(encoderFeeds(this.feedContext, ids), ['logits']);
    const logits = out.logits.data as Float32Array; // (1, T, V)
    const V = out.logits.shape[2];
    return positions.map((position) => ({
      position,
      predictions: topByProbability(logits.subarray(position * V, (position + 1) * V), topK).map(({ token, score }) => {
        const filled = ids.slice();
        filled[position] = token;
        return { token, score, tokenStr: this.tokenizer.decode([token]), sequence: this.tokenizer.decode(filled, { skipSpecialTokens: true }) };
      }),
    }));
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** The masked-LM graph of a folder without onnx/ (its pretraining export, never a classifier's). */
async function maskedLmGraphOf(model: OpenedModel): Promise<Uint8Array> {
  if (isSequenceClassifier(model.config)) throw new InputError(`${model.dir} is a finetuned classifier without its masked-LM head; fill masks with a pretrained masked LM`);
  const folder = await loadModelFolder(model);
  return model.family.exportOnnx(folder.config, flatWeights(folder.weights))[ONNX_MODEL];
}

/** Softmax over one row of logits (V), then the k largest probabilities, highest first. */
export function topByProbability(logits: ArrayLike<number>, k: number): { token: number; score: number }[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const probs = Float64Array.from(logits, (x) => Math.exp(x - max));
  const total = probs.reduce((a, b) => a + b, 0);
  const order = [...probs.keys()].sort((a, b) => probs[b] - probs[a] || a - b);
  return order.slice(0, Math.min(k, order.length)).map((token) => ({ token, score: probs[token] / total }));
}
