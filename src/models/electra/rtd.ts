/**
 * Replaced-token detection (ELECTRA's pretraining) as ONE differentiable graph: the generator
 * (a small masked LM sharing the discriminator's embeddings) fills the masked positions by a
 * Gumbel-max sample from its logits, the discriminator scores every real token as original or
 * replaced, and the loss is generator MLM loss + discriminatorWeight × mean binary cross-entropy
 * over real tokens. The Gumbel noise is a graph input, drawn by the caller from a seeded RNG, so
 * a resumed run samples the same replacements. The sample is an ArgMax (integer) result, so
 * no gradient flows from the discriminator back into the generator, as in the paper; a sampled
 * token equal to the original counts as original.
 * Legend: B batch, T tokens, V vocabulary.
 */
import type { GraphBuilder, Value } from '../../graph';
import type { Dropout } from '../../nn/dropout';
import type { ParamSource } from '../../nn/params';
import type { ActivationName } from '../../nn/activations';
import type { ElectraConfig } from './config';
import { discriminatorHead, electraEncoder, FOLDER_NAMES, generatorHead, type ElectraNames } from './model';

/** PyTorch's ignore_index: label of positions the generator is not asked to fill. */
const IGNORE_INDEX = -100;

/** The paper's λ: the discriminator's loss weight. */
export const DISCRIMINATOR_WEIGHT = 50;

/** Discriminator parameters carry HF's ElectraForPreTraining names; the generator's are these under `generator.`. */
export const DISCRIMINATOR_NAMES: ElectraNames = FOLDER_NAMES;
export const GENERATOR_NAMES: ElectraNames = { prefix: 'generator.', embeddingsPrefix: 'electra' };

export interface RtdInputs {
  /** (B, T) int: the masked input (as MaskedLmBatches writes it). */
  inputIds: Value;
  /** (B, T) int: 1 = real token. */
  attentionMask: Value;
  /** (B, T) int: the original id at masked positions, IGNORE_INDEX elsewhere. */
  labels: Value;
  /** (B, T, V) float: standard Gumbel noise, -log(-log(u)). */
  gumbel: Value;
}

export interface RtdOptions {
  dropout?: Dropout;
  dtype?: 'float32' | 'float64';
  /** Heads' gelu override for float64 gradient checks (ONNX Runtime has no float64 Erf). */
  headActivation?: ActivationName;
  discriminatorWeight?: number;
}

export interface RtdOutputs {
  loss: Value;
  generatorLoss: Value;
  discriminatorLoss: Value;
  /** (B, T, V) the generator's logits. */
  generatorLogits: Value;
  /** (B, T) int32: what the discriminator read (originals with the generator's samples at masked positions). */
  discriminatorInput: Value;
  /** (B, T) float: 1 where the discriminator's input differs from the original token. */
  replaced: Value;
  /** Scalars for accuracy on replaced and on original real tokens. */
  counts: { replacedCorrect: Value; replaced: Value; originalCorrect: Value; original: Value };
}

export function replacedTokenDetection(g: GraphBuilder, params: ParamSource, discriminator: ElectraConfig, generator: ElectraConfig, inputs: RtdInputs, options: RtdOptions = {}): RtdOutputs {
  const build = { dropout: options.dropout, dtype: options.dtype };
  const float = options.dtype ?? 'float32';
  const V = discriminator.vocab_size;

  const genHidden = g.scope('generator', () => electraEncoder(g, params, generator, { inputIds: inputs.inputIds, attentionMask: inputs.attentionMask }, build, GENERATOR_NAMES).hidden);
  const genLogits = generatorHead(g, params, generator, genHidden, GENERATOR_NAMES, options.headActivation); // (B, T, V)
  const generatorLoss = g.softmaxCrossEntropy(g.reshape(genLogits, [-1, V]), g.reshape(inputs.labels, [-1]), IGNORE_INDEX);

  // Gumbel-max: argmax(logits + noise) is a sample from softmax(logits); an integer result, so autodiff stops here.
  const sampled = g.cast(g.argMax(g.add(genLogits, inputs.gumbel), 2), 'int32'); // (B, T)
  const ids = g.cast(inputs.inputIds, 'int32');
  const labels = g.cast(inputs.labels, 'int32');
  const masked = g.not(g.equal(labels, IGNORE_INDEX)); // (B, T)
  const original = g.where(masked, labels, ids);
  const discriminatorInput = g.where(masked, sampled, original);
  const replaced = g.cast(g.not(g.equal(discriminatorInput, original)), float); // (B, T)

  const discHidden = electraEncoder(g, params, discriminator, { inputIds: discriminatorInput, attentionMask: inputs.attentionMask }, build, DISCRIMINATOR_NAMES).hidden;
  const scores = discriminatorHead(g, params, discriminator, discHidden, DISCRIMINATOR_NAMES.prefix); // (B, T)
  const real = g.cast(inputs.attentionMask, float);
  const realCount = g.reduceSum(real, undefined, false);
  // BCE with logits, stable form: max(x, 0) − x·y + log(1 + exp(−|x|)).
  const bce = g.add(g.sub(g.relu(scores), g.mul(scores, replaced)), g.log(g.add(g.exp(g.neg(g.abs(scores))), 1)));
  const discriminatorLoss = g.div(g.reduceSum(g.mul(bce, real), undefined, false), realCount);
  const loss = g.add(generatorLoss, g.mul(discriminatorLoss, options.discriminatorWeight ?? DISCRIMINATOR_WEIGHT));

  const saysReplaced = g.cast(g.greater(scores, 0), float);
  const sum = (x: Value) => g.reduceSum(x, undefined, false);
  const replacedReal = g.mul(replaced, real);
  const originalReal = g.mul(g.sub(1, replaced), real);
  return {
    loss,
    generatorLoss,
    discriminatorLoss,
    generatorLogits: genLogits,
    discriminatorInput,
    replaced,
    counts: {
      replacedCorrect: sum(g.mul(saysReplaced, replacedReal)),
      replaced: sum(replacedReal),
      originalCorrect: sum(g.mul(g.sub(1, saysReplaced), originalReal)),
      original: sum(originalReal),
    },
  };
}
