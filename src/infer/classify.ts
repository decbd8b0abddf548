/**
 * Classifying a text, the two ways of DESIGN.md's story:
 *   - pretrain + finetune: a `…ForSequenceClassification` folder's head gives label probabilities;
 *   - pretrain + prompt + predict (PET-style): a template puts the text in a sentence with an
 *     answer slot and a verbalizer names one word per label. A masked LM scores each word at the
 *     [MASK] (a word of k tokens fills k masks; its score is the sum of their log-probabilities);
 *     a decoder scores each word by its log-likelihood after the text before the slot.
 * Label probabilities are the softmax of the scores over the labels.
 * Legend: T tokens, V vocabulary, L labels.
 */
import { existsSync } from 'node:fs';
import { InputError } from '../util/errors';
import { flatWeights, loadModelFolder, type LoadedModelFolder } from '../models/model-folder';
import { ONNX_MODEL } from '../modelfile/layout';
import { dimensionsOf, isSequenceClassifier } from '../models/configs';
import type { FamilySpec } from '../models/family';
import { openModel, type ModelRef } from '../models/open-model';
import { familyForTask } from '../models/registry';
import { RuntimeSession, type SessionConfig } from '../runtime';
import type { PipelineTokenizer } from '../tokenizer';
import { CausalLm } from './causal-lm';
import { type EncoderFeedContext, encoderFeeds } from './encoder-feeds';
import { answerTokens, fillTemplate, parseTemplate, parseVerbalizer, type PromptTemplate, type VerbalizerEntry } from './prompt-template';

export interface LabelScore {
  label: string;
  probability: number;
}

export interface Classification {
  /** The most probable label. */
  label: string;
  /** Every label, most probable first. */
  scores: LabelScore[];
}

export type ClassifyMethod = 'finetuned head' | 'masked-LM prompt' | 'decoder prompt';

export interface TextClassifier {
  readonly labels: readonly string[];
  readonly method: ClassifyMethod;
  classify(text: string): Promise<Classification>;
  release(): Promise<void>;
}

export interface PromptSpec {
  template: string;
  verbalizer: string;
}

/** The folder's finetuned head, or a prompt classifier when `prompt` is given. */
export async function openClassifier(ref: ModelRef, prompt: PromptSpec | undefined, session: SessionConfig = {}): Promise<TextClassifier> {
  const model = await openModel(ref);
  const { dir, family } = model;
  const folder = await loadModelFolder(model);
  if (!folder.tokenizer) throw new InputError(`${dir} has no tokenizer.json; classifying needs the model's tokenizer`);
  const tokenizer = folder.tokenizer;
  if (!prompt) return HeadClassifier.open(folder, family, tokenizer, session);
  const template = parseTemplate(prompt.template);
  const verbalizer = parseVerbalizer(prompt.verbalizer);
  familyForTask(model.config, 'promptClassify', dir);
  // A masked LM scores the answer at [MASK]; a decoder scores it as the continuation.
  return family.tasks.fillMask
    ? MaskedLmPromptClassifier.open(folder, family, tokenizer, template, verbalizer, session)
    : new DecoderPromptClassifier(await CausalLm.open(model, session), template, verbalizer);
}

/** Probabilities from scores (logits or summed log-probabilities), most probable first. */
export function rankLabels(labels: readonly string[], scores: ArrayLike<number>): Classification {
  const max = Math.max(...Array.from(scores));
  const exps = Array.from(scores, (s) => Math.exp(s - max));
  const total = exps.reduce((a, b) => a + b, 0);
  const ranked = labels.map((label, i) => ({ label, probability: exps[i] / total })).sort((a, b) => b.probability - a.probability);
  return { label: ranked[0].label, scores: ranked };
}

/** log-softmax of one row of logits, at the given tokens. */
function logProbs(row: ArrayLike<number>, tokens: readonly number[]): number[] {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]);
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  const logZ = max + Math.log(sum);
  return tokens.map((t) => row[t] - logZ);
}

/** A session and what its feeds are made from (the family's extra inputs included). */
interface FedSession {
  session: RuntimeSession;
  feeds: EncoderFeedContext;
}

async function fedSession(model: Uint8Array | string, folder: LoadedModelFolder, family: FamilySpec, tokenizer: PipelineTokenizer, config: SessionConfig): Promise<FedSession> {
  const session = await RuntimeSession.create(model, config);
  return { session, feeds: { inputNames: session.inputNames, family, config: folder.config, tokenizer } };
}

/** One framed sequence through a classifier or masked-LM graph; its `logits`. */
async function runLogits({ session, feeds }: FedSession, ids: readonly number[]) {
  const out = await session.run(encoderFeeds(feeds, ids), ['logits']);
  return out.logits;
}

/** The text's ids framed with the tokenizer's special tokens, cut to `maxPositions`. */
function framed(tokenizer: PipelineTokenizer, text: string, maxPositions: number): number[] {
  const framing = tokenizer.addSpecialTokens([]).length;
  return tokenizer.addSpecialTokens(tokenizer.encode(text).slice(0, Math.max(0, maxPositions - framing)));
}

class HeadClassifier implements TextClassifier {
  readonly method = 'finetuned head';

  private constructor(
    readonly labels: string[],
    private readonly tokenizer: PipelineTokenizer,
    private readonly session: FedSession,
    private readonly maxPositions: number,
  ) {}

  static async open(folder: LoadedModelFolder, family: FamilySpec, tokenizer: PipelineTokenizer, session: SessionConfig): Promise<HeadClassifier> {
    const { config, dir } = folder;
    if (!family.classifier || !isSequenceClassifier(config) || !config.id2label) {
      throw new InputError(`${dir} has no classification head; finetune it with 'finetune --task classify', or classify with --template and --verbalizer`);
    }
    const labels = Object.keys(config.id2label).sort((a, b) => Number(a) - Number(b)).map((id) => config.id2label![id]);
    const onnx = folder.paths.onnxModel;
    const model = existsSync(onnx) ? onnx : family.classifier.exportOnnx(config, flatWeights(folder.weights));
    return new HeadClassifier(labels, tokenizer, await fedSession(model, folder, family, tokenizer, session), dimensionsOf(config).maxPositions ?? 512);
  }

  async classify(text: string): Promise<Classification> {
    const logits = await runLogits(this.session, framed(this.tokenizer, text, this.maxPositions)); // (1, L)
    if (logits.shape[1] !== this.labels.length) throw new InputError(`the classifier's graph has ${logits.shape[1]} outputs but config.json names ${this.labels.length} labels`);
    return rankLabels(this.labels, logits.data as Float32Array);
  }

  release(): Promise<void> {
    return this.session.session.release();
  }
}

/** A word and its tokens as the model's tokenizer splits them. */
interface Answer extends VerbalizerEntry {
  tokens: number[];
}

class MaskedLmPromptClassifier implements TextClassifier {
  readonly method = 'masked-LM prompt';
  readonly labels: string[];

  private constructor(
    private readonly tokenizer: PipelineTokenizer,
    private readonly session: FedSession,
    private readonly template: PromptTemplate,
    private readonly answers: Answer[],
    private readonly maskId: number,
    private readonly maxPositions: number,
  ) {
    this.labels = answers.map((a) => a.label);
  }

  static async open(folder: LoadedModelFolder, family: FamilySpec, tokenizer: PipelineTokenizer, template: PromptTemplate, verbalizer: VerbalizerEntry[], session: SessionConfig): Promise<MaskedLmPromptClassifier> {
    const { config, dir } = folder;
    if (isSequenceClassifier(config)) throw new InputError(`${dir} is a finetuned classifier without its masked-LM head; prompt a pretrained masked LM, or classify without --template`);
    const maskId = tokenizer.specialTokenIds.mask;
    if (maskId === undefined) throw new InputError(`${dir}: its tokenizer has no mask token`);
    if (!template.source.includes('[MASK]')) throw new InputError('--template needs a [MASK] where the label word goes, for a masked LM');
    const answers = verbalizer.map((v) => ({ ...v, tokens: tokenizer.encode(v.word) }));
    const empty = answers.find((a) => a.tokens.length === 0);
    if (empty) throw new InputError(`--verbalizer: the word '${empty.word}' encodes to no tokens`);
    const onnx = folder.paths.onnxModel;
    const model = existsSync(onnx) ? onnx : family.exportOnnx(config, flatWeights(folder.weights))[ONNX_MODEL];
    return new MaskedLmPromptClassifier(tokenizer, await fedSession(model, folder, family, tokenizer, session), template, answers, maskId, dimensionsOf(config).maxPositions ?? 512);
  }

  async classify(text: string): Promise<Classification> {
    const scores = new Float64Array(this.answers.length);
    const byLength = new Map<number, number[]>(); // answer length → answers that fill that many masks
    this.answers.forEach((a, i) => byLength.set(a.tokens.length, [...(byLength.get(a.tokens.length) ?? []), i]));
    for (const [k, members] of byLength) {
      const { ids, first } = this.encodeWithMasks(text, k);
      const logits = await runLogits(this.session, ids); // (1, T, V)
      const V = logits.shape[2];
      const data = logits.data as Float32Array;
      for (const i of members) {
        const tokens = this.answers[i].tokens;
        scores[i] = tokens.reduce((sum, token, j) => sum + logProbs(data.subarray((first + j) * V, (first + j + 1) * V), [token])[0], 0);
      }
    }
    return rankLabels(this.labels, scores);
  }

  /** The filled template with k masks in the slot; the text is cut (at its end) to fit the positions. */
  private encodeWithMasks(text: string, k: number): { ids: number[]; first: number } {
    const offset = this.tokenizer.addSpecialTokens([-1]).indexOf(-1); // tokens the framing puts first
    const budget = this.maxPositions - this.tokenizer.addSpecialTokens([]).length;
    let textIds = this.tokenizer.encode(text);
    for (;;) {
      const { before, after } = fillTemplate(this.template, this.tokenizer.decode(textIds));
      const [b, a] = [this.tokenizer.encode(before), this.tokenizer.encode(after)];
      const overflow = b.length + k + a.length - budget;
      if (overflow <= 0) return { ids: this.tokenizer.addSpecialTokens([...b, ...Array(k).fill(this.maskId), ...a]), first: offset + b.length };
      if (overflow >= textIds.length) throw new InputError(`the template alone is longer than the model's ${this.maxPositions} positions`);
      textIds = textIds.slice(0, textIds.length - overflow);
    }
  }

  release(): Promise<void> {
    return this.session.session.release();
  }
}

class DecoderPromptClassifier implements TextClassifier {
  readonly method = 'decoder prompt';
  readonly labels: string[];

  constructor(
    private readonly lm: CausalLm,
    private readonly template: PromptTemplate,
    private readonly verbalizer: VerbalizerEntry[],
  ) {
    this.labels = verbalizer.map((v) => v.label);
  }

  async classify(text: string): Promise<Classification> {
    const { before } = fillTemplate(this.template, text);
    const encode = (s: string) => this.lm.tokenizer.encode(s);
    const answers = this.verbalizer.map((v) => answerTokens(encode, before, v.word));
    const longest = Math.max(...answers.map((a) => a.answer.length));
    // A decoder reads the end of the prompt (where "It was" is): cut the start to fit.
    let prefix = answers[0].prefix.slice(-Math.max(1, this.lm.config.n_positions - longest));
    if (prefix.length === 0) {
      const start = this.lm.tokenizer.specialTokenIds.bos ?? this.lm.tokenizer.specialTokenIds.eos;
      if (start === undefined) throw new InputError('the template puts the answer first, but the tokenizer has no start token to predict it from');
      prefix = [start];
    }
    const context = await this.lm.forward(prefix, this.lm.emptyCache());
    const V = context.logits.length / prefix.length;
    const last = context.logits.subarray((prefix.length - 1) * V);
    const scores: number[] = [];
    for (const { answer } of answers) {
      let score = logProbs(last, [answer[0]])[0];
      if (answer.length > 1) {
        const rest = await this.lm.forward(answer.slice(0, -1), context.cache); // row j predicts answer[j + 1]
        for (let j = 1; j < answer.length; j++) score += logProbs(rest.logits.subarray((j - 1) * V, j * V), [answer[j]])[0];
      }
      scores.push(score);
    }
    return rankLabels(this.labels, scores);
  }

  release(): Promise<void> {
    return this.lm.release();
  }
}
