/**
 * Checkpoints as the Hub publishes them, renamed to what our graph builders ask for: names
 * without the base-model prefix (base classes such as the Hub's `gpt2`, BertModel), the legacy
 * LayerNorm names `gamma`/`beta` (TF-era checkpoints such as bert-base-uncased), tied copies
 * stored under the output layer's name or only there, HF's aliases, and buffers or
 * pretraining-only heads that no graph of ours reads. Each family declares its names in
 * FamilySpec.publishedNames; the rules that apply to every family live here.
 */
import type { ModelConfig } from './configs';
import type { PublishedNames } from './family';

/** transformers renames these on load (PreTrainedModel's key fixing); so do we, for every family. */
const LEGACY_LAYER_NORM: readonly [RegExp, string][] = [
  [/\.gamma$/, '.weight'],
  [/\.beta$/, '.bias'],
];

/** Tensors under our names: stored names mapped, aliases folded into the tensor they copy, ignored ones dropped. */
export function normalizePublishedNames<T>(weights: Map<string, T>, config: ModelConfig, names: PublishedNames = {}): Map<string, T> {
  const prefix = missingPrefix(weights, names);
  const renamed = new Map<string, T>();
  for (const [stored, tensor] of weights) {
    let name = LEGACY_LAYER_NORM.reduce((n, [legacy, current]) => n.replace(legacy, current), stored);
    if (prefix && !names.headModules?.includes(name.split('.')[0])) name = `${prefix}.${name}`;
    if (names.ignored?.some((pattern) => pattern.test(name))) continue;
    // A checkpoint holding both spellings keeps the current one.
    if (name !== stored && weights.has(name)) continue;
    renamed.set(name, tensor);
  }
  for (const [copy, ours] of aliasesOf(config, names)) {
    const tensor = renamed.get(copy);
    if (tensor === undefined) continue;
    renamed.delete(copy);
    // HF loads the model's own tensor where both are stored (and re-ties the copy to it).
    if (!renamed.has(ours)) renamed.set(ours, tensor);
  }
  return renamed;
}

/** The base prefix to add: when no stored name has it (a base-class checkpoint), else none. */
function missingPrefix(weights: Map<string, unknown>, names: PublishedNames): string | undefined {
  const prefix = names.basePrefix;
  if (!prefix) return undefined;
  for (const name of weights.keys()) if (name.startsWith(`${prefix}.`)) return undefined;
  return prefix;
}

function aliasesOf(config: ModelConfig, names: PublishedNames): [string, string][] {
  const aliases = Object.entries(names.aliases ?? {});
  const tied = names.tiedOutput;
  if (tied && config.tie_word_embeddings !== false) aliases.push([tied.output, tied.embeddings]);
  return aliases;
}

/** Buffers transformers stores in some checkpoints (position and token-type id ranges): never parameters. */
export const ID_BUFFERS = /\.(position_ids|token_type_ids)$/;

/**
 * BERT's published names under a base prefix (BERT, LayoutLM, NEZHA): BertForPreTraining's
 * `cls.predictions` (the masked-LM head we use, its decoder tied) and `cls.seq_relationship`
 * (next-sentence prediction, which we never run).
 */
export function bertStylePublishedNames(prefix: string): PublishedNames {
  return {
    basePrefix: prefix,
    headModules: ['cls', 'classifier'],
    tiedOutput: { output: 'cls.predictions.decoder.weight', embeddings: `${prefix}.embeddings.word_embeddings.weight` },
    aliases: { 'cls.predictions.decoder.bias': 'cls.predictions.bias' },
    ignored: [/^cls\.seq_relationship\./, ID_BUFFERS],
  };
}
