/**
 * A family's HF base class (the encoder without any head) and whether a config names it: the
 * class a contrastive run saves (sentence-encoder-folder.ts), which the registry consults to
 * refuse head tasks on such a folder. Apart from the registry so that both can import it.
 */
import type { ModelConfig } from './configs';
import type { FamilySpec } from './family';

/** HF's base class of a family: its pretraining class without the head (`BertForMaskedLM` → `BertModel`, `XLMWithLMHeadModel` → `XLMModel`). */
export function baseModelArchitecture(family: Pick<FamilySpec, 'pretrainingArchitecture'>): string {
  return family.pretrainingArchitecture.replace(/(For|With).*$/, '') + 'Model';
}

/** Whether `config` (of `family`) is a headless encoder's: a family with hidden states whose architectures name its base class. */
export function isBaseModelConfig(family: Pick<FamilySpec, 'pretrainingArchitecture' | 'hiddenStates'>, config: Pick<ModelConfig, 'architectures'>): boolean {
  return !!family.hiddenStates && (config.architectures?.includes(baseModelArchitecture(family)) ?? false);
}
