// What the Pretrain wizard offers and checks, kept free of vscode so it is unit-tested:
// the presets, the checks on typed sizes, and the time a run should take.
//
// Time estimate: a training step costs about 6 FLOPs per parameter per token (forward 2,
// backward 4) plus attention's score and mix products, 12·layers·context·width per token, and
// a fixed overhead per step (one session.run, feeds and fetches) that dominates small models.
// The wizard evaluates ~8 times per run on 20 batches, each a forward pass (~1/3 of a step).
// Calibrated on 2 threads (measured, on a shared 2-core machine): the nanoGPT recipe (4×4×128
// char GPT-2, batch 12×64) runs ~8–10 steps/s; the Quick preset on an 800 KiB workspace (241
// files) took 30 s wall, scan and tokenizer included, while another run shared the cores.
import type { MaskingStrategy } from '../../data/masking';
import type { ModelType } from '../../models/configs';
import type { ObjectiveName } from '../../models/family';
import { familyFor } from '../../models/registry';
import type { RunHyperparams } from '../../train/run/hyperparams';

export const CPU_FLOPS = 32e9;
export const STEP_OVERHEAD_S = 0.025;
export const SETUP_S = 10;
const EVAL_FORWARDS = 8 * 20;

/** The sizes a user chooses; everything else comes from the CLI's defaults. */
export interface RunShape {
  arch: ModelType;
  layers: number;
  heads: number;
  dim: number;
  context: number;
  batch: number;
  steps: number;
  /** Tokenizer vocabulary (char tokenizers ignore it; the estimate then uses 256). */
  vocabSize: number;
  /** The pretraining objective; the family's default when absent. */
  objective?: ObjectiveName;
  /** What --objective mlm masks as units; tokens when absent. */
  masking?: MaskingStrategy;
  /** ELECTRA (--objective rtd): the generator's width; a quarter of `dim` when absent. */
  generatorDim?: number;
}

/** The whole-number sizes of a shape: what settings preset and presets name. */
export const SIZE_KEYS = ['layers', 'heads', 'dim', 'context', 'batch', 'steps', 'vocabSize'] as const;
export type SizeKey = (typeof SIZE_KEYS)[number];

export interface Preset {
  id: 'quick' | 'defaults';
  label: string;
  shape: RunShape;
}

/** Seconds of training a laptop needs for this run, setup included. */
export function estimateSeconds(shape: RunShape): number {
  const { layers, dim, context, batch, steps, vocabSize, arch } = shape;
  // Encoder-decoders run both stacks (the decoder's cross-attention makes its blocks ~4/3 as big);
  // ELECTRA runs its generator's stack (same depth, its own width) beside the discriminator's.
  const generator = takesGeneratorWidth(objectiveOf(shape)) ? generatorWidthOf(shape) : 0;
  const blockParams = 12 * layers * (dim * dim * (familyFor(arch).kind === 'encoder-decoder' ? 7 / 3 : 1) + generator * generator);
  const params = blockParams + (vocabSize + context) * dim;
  const flopsPerToken = 6 * params + 12 * layers * context * dim;
  const stepSeconds = STEP_OVERHEAD_S + (batch * context * flopsPerToken) / CPU_FLOPS;
  return SETUP_S + (steps + Math.min(steps, EVAL_FORWARDS) / 3) * stepSeconds;
}

/** "about 2 minutes", "about 40 seconds", rounded the way people say it. */
export function describeDuration(seconds: number): string {
  if (seconds < 50) return `about ${Math.max(10, Math.round(seconds / 10) * 10)} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes <= 1 ? 'about a minute' : `about ${minutes} minutes`;
  const hours = seconds / 3600;
  return `about ${hours < 10 ? hours.toFixed(1) : Math.round(hours)} hours`;
}

/** A small model whose loss visibly falls in about half a minute on 2 cores. */
export const QUICK_SHAPE: RunShape = { arch: 'gpt2', layers: 2, heads: 2, dim: 64, context: 64, batch: 8, steps: 300, vocabSize: 1024 };

export function presets(defaults: RunShape): Preset[] {
  return [
    { id: 'quick', label: 'Quick', shape: QUICK_SHAPE },
    { id: 'defaults', label: 'Standard', shape: defaults },
  ];
}

/** "gpt2 · 2 layers × 64 wide · 300 steps"; the objective, masking and generator where not the defaults. */
export function describeShape(shape: RunShape): string {
  const objective = objectiveOf(shape);
  const how = [
    objective === familyFor(shape.arch).defaultObjective ? '' : ` ${objective}`,
    shape.masking && shape.masking !== 'token' ? ` (${shape.masking} masking)` : '',
    takesGeneratorWidth(objective) ? ` (generator ${generatorWidthOf(shape)} wide)` : '',
  ].join('');
  return `${shape.arch}${how} · ${shape.layers} layers × ${shape.dim} wide · ${shape.heads} heads · context ${shape.context} · ${shape.steps} steps`;
}

/** The objective a run of this shape trains with: the chosen one, else the family's default. */
export function objectiveOf(shape: Pick<RunShape, 'arch' | 'objective'>): ObjectiveName {
  return shape.objective ?? familyFor(shape.arch).defaultObjective;
}

/** What each objective is, for the wizard's pick; every objective needs its line here. */
export const OBJECTIVE_DETAILS: Record<ObjectiveName, string> = {
  clm: 'Causal language modelling: predict each next token (GPT)',
  mlm: 'Masked language modelling: predict hidden tokens from both sides (BERT, RoBERTa)',
  'span-sbo': 'SpanBERT: masked whole-word spans, predicted also from the two tokens at their boundary',
  'mlm+sop': 'Masked LM + sentence-order prediction: were two segments swapped? (ALBERT)',
  rtd: 'Replaced-token detection: a small generator fills masks, the discriminator spots its replacements (ELECTRA)',
  span: 'Span corruption: the decoder writes out the spans cut from the input (T5)',
  tlm: 'Translation LM: code and its comment in one row, masked on both sides (XLM); needs code with doc comments',
  'tlm+match': 'Translation LM + pair match: also tell whether the comment belongs to the code (Unicoder)',
  contrastive: 'Contrastive code ↔ text: one encoder embeds functions and their doc comments close together (CLIP, with a WenLan/MoCo queue of negatives)',
};

/** What each masking strategy masks as one unit, for the wizard's pick. */
export const MASKING_DETAILS: Record<MaskingStrategy, string> = {
  token: 'Single tokens, 15% of them (BERT)',
  'whole-word': 'Whole words: every piece of a chosen word together',
  span: 'Spans of whole words of geometric length (SpanBERT)',
  identifier: 'Knowledge units (ERNIE-style): identifiers and their camelCase/snake_case pieces, literals, numbers, names',
};

/** Only --objective mlm takes --masking (the others fix their own masking). */
export function takesMasking(objective: ObjectiveName): boolean {
  return objective === 'mlm';
}

/** Only replaced-token detection trains a generator beside the model. */
export function takesGeneratorWidth(objective: ObjectiveName): boolean {
  return objective === 'rtd';
}

/** The generator's width: the chosen one, else a quarter of the width, as ELECTRA's small models. */
export function generatorWidthOf(shape: Pick<RunShape, 'dim' | 'generatorDim'>): number {
  return shape.generatorDim ?? Math.max(1, Math.floor(shape.dim / 4));
}

/** An InputBox's validateInput for the generator's width: a whole number from 1 to the discriminator's width. */
export function checkGeneratorWidth(text: string, dim: number): string | undefined {
  const value = text.trim();
  if (!/^\d+$/.test(value)) return 'Enter a whole number.';
  const n = Number(value);
  return n < 1 || n > dim ? `Enter a number from 1 to ${dim} (the generator is at most as wide as the discriminator).` : undefined;
}

export interface IntField {
  key: 'layers' | 'heads' | 'dim' | 'context' | 'batch' | 'steps';
  prompt: string;
  min: number;
  max: number;
}

/** The custom path's InputBoxes, in order; ranges match the settings' and the CLI's limits. */
export const CUSTOM_FIELDS: readonly IntField[] = [
  { key: 'layers', prompt: 'Transformer layers', min: 1, max: 48 },
  { key: 'dim', prompt: 'Width (hidden size)', min: 8, max: 4096 },
  { key: 'heads', prompt: 'Attention heads (must divide the width)', min: 1, max: 64 },
  { key: 'context', prompt: 'Context length in tokens', min: 8, max: 4096 },
  { key: 'batch', prompt: 'Sequences per step (batch size)', min: 1, max: 4096 },
  { key: 'steps', prompt: 'Training steps', min: 1, max: 10_000_000 },
];

/** An InputBox's validateInput: undefined when fine, else what is wrong. */
export function checkInt(field: IntField, text: string, sofar: Partial<RunShape>): string | undefined {
  const value = text.trim();
  if (!/^\d+$/.test(value)) return 'Enter a whole number.';
  const n = Number(value);
  if (n < field.min || n > field.max) return `Enter a number from ${field.min} to ${field.max}.`;
  if (field.key === 'heads' && sofar.dim !== undefined && sofar.dim % n !== 0) return `The width ${sofar.dim} is not divisible by ${n} heads.`;
  return undefined;
}

/** A model folder name: one path segment, no surprises on any file system. */
export function checkFolderName(text: string, exists: (name: string) => boolean): string | undefined {
  const name = text.trim();
  if (name === '') return 'Enter a folder name.';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) return 'Use letters, digits, ".", "_" and "-" only (up to 100), starting with a letter or digit.';
  if (exists(name)) return `A folder named "${name}" already exists in the models folder.`;
  return undefined;
}

/** A folder name not taken yet: `base`, `base-2`, `base-3`, … */
export function freeFolderName(base: string, exists: (name: string) => boolean): string {
  const clean = base.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 80) || 'model';
  if (!exists(clean)) return clean;
  for (let i = 2; ; i++) if (!exists(`${clean}-${i}`)) return `${clean}-${i}`;
}

/** The hyperparameters a shape sets; the rest are the CLI's defaults (DESIGN.md §3). */
export function hyperparamsOf(shape: RunShape): Partial<RunHyperparams> {
  const { arch, layers, heads, dim, context, batch, steps, vocabSize, objective, masking } = shape;
  return { arch, layers, heads, dim, context, batch, vocabSize, ...(objective ? { objective } : {}), ...(masking ? { masking } : {}), ...scheduleOf(steps) };
}

/** Steps, warmup, evaluations and checkpoints of a run this long. */
export function scheduleOf(steps: number): Pick<RunHyperparams, 'steps' | 'evalEvery' | 'checkpointEvery' | 'warmup'> {
  // Evaluate about 8 times per run, so the validation curve has points without slowing it much.
  const every = Math.max(10, Math.round(steps / 8));
  return { steps, evalEvery: every, checkpointEvery: every, warmup: Math.min(100, Math.round(steps / 10)) };
}
