/**
 * The model families Pretrain Lab can build, run and show, in one list. Training, inference,
 * attention reports, the views and the CLI ask the registry what a folder's family can do
 * rather than testing `model_type` themselves (test/unit/architecture/family-checks.test.ts
 * keeps it so). A new family plugs in as: its folder src/models/<family>/ (graph code, ONNX
 * export, family.ts with its FamilySpec) and one entry in BY_TYPE below — plus, until configs
 * move into the family folders too, its config type and defaults in configs.ts and its field
 * checks in config-validate.ts.
 */
import { InputError } from '../util/errors';
import { formatList } from '../util/format';
import { MODEL_TYPES, type ModelConfig, type ModelType } from './configs';
import { baseModelArchitecture, isBaseModelConfig } from './base-model';
import type { FamilySpec, FamilyTasks, LmGraph, PairMatchGraph, RefusableTask, ModelKind, ObjectiveName, SentenceOrderGraph, SpanBoundaryGraph } from './family';
import { BERT } from './bert/family';
import { ROBERTA } from './roberta/family';
import { NEZHA } from './nezha/family';
import { ALBERT } from './albert/family';
import { ELECTRA } from './electra/family';
import { GPT2 } from './gpt2/family';
import { T5 } from './t5/family';
import { XLM } from './xlm/family';
import { LAYOUTLM } from './layoutlm/family';

const BY_TYPE: { [T in ModelType]: FamilySpec & { modelType: T } } = {
  gpt2: GPT2 as FamilySpec & { modelType: 'gpt2' },
  bert: BERT as FamilySpec & { modelType: 'bert' },
  roberta: ROBERTA as FamilySpec & { modelType: 'roberta' },
  nezha: NEZHA as FamilySpec & { modelType: 'nezha' },
  albert: ALBERT as FamilySpec & { modelType: 'albert' },
  electra: ELECTRA as FamilySpec & { modelType: 'electra' },
  t5: T5 as FamilySpec & { modelType: 't5' },
  xlm: XLM as FamilySpec & { modelType: 'xlm' },
  layoutlm: LAYOUTLM as FamilySpec & { modelType: 'layoutlm' },
};

/** Every family, in the order pickers list them. */
export const FAMILIES: readonly FamilySpec[] = MODEL_TYPES.map((t) => BY_TYPE[t]);

export function isModelType(value: unknown): value is ModelType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(BY_TYPE, value);
}

/** The family of `modelType`; an InputError listing the supported types for any other. */
export function familyFor(modelType: string): FamilySpec {
  if (!isModelType(modelType)) {
    throw new InputError(`model type '${modelType}' is not one Pretrain Lab supports (${MODEL_TYPES.join(', ')})`);
  }
  return BY_TYPE[modelType];
}

/** The family of a parsed config. */
export function familyOf(config: Pick<ModelConfig, 'model_type'>): FamilySpec {
  return familyFor(config.model_type);
}

/** The config's family's logits graph for `objective`; an InputError naming the objectives it has otherwise. */
export function pretrainGraphOf(config: Pick<ModelConfig, 'model_type'>, objective: Exclude<ObjectiveName, 'span-sbo' | 'mlm+sop' | 'tlm+match'>): LmGraph {
  const family = familyOf(config);
  const graph = family.pretrain[objective];
  if (!graph) throw new InputError(`--objective ${objective} does not fit --arch ${family.modelType}: ${family.modelType} pretrains with ${objectivesOf(family)}`);
  return graph;
}

/** The config's family's ALBERT pretraining graph (masked-LM + sentence-order logits); an InputError naming the objectives it has otherwise. */
export function sentenceOrderGraphOf(config: Pick<ModelConfig, 'model_type'>): SentenceOrderGraph {
  const family = familyOf(config);
  const graph = family.pretrain['mlm+sop'];
  if (!graph) throw new InputError(`--objective mlm+sop does not fit --arch ${family.modelType}: ${family.modelType} pretrains with ${objectivesOf(family)}`);
  return graph;
}

/** The config's family's SpanBERT graph (masked-LM + span-boundary logits); an InputError naming the objectives it has otherwise. */
export function spanBoundaryGraphOf(config: Pick<ModelConfig, 'model_type'>): SpanBoundaryGraph {
  const family = familyOf(config);
  const graph = family.pretrain['span-sbo'];
  if (!graph) throw new InputError(`--objective span-sbo does not fit --arch ${family.modelType}: ${family.modelType} pretrains with ${objectivesOf(family)}`);
  return graph;
}

/** The config's family's translation LM with Unicoder's pair-match head; an InputError naming the objectives it has otherwise. */
export function pairMatchGraphOf(config: Pick<ModelConfig, 'model_type'>): PairMatchGraph {
  const family = familyOf(config);
  const graph = family.pretrain['tlm+match'];
  if (!graph) throw new InputError(`--objective tlm+match does not fit --arch ${family.modelType}: ${family.modelType} pretrains with ${objectivesOf(family)}`);
  return graph;
}

/** "--objective mlm" or "--objective clm or --objective mlm": what a family pretrains with, for messages. */
export function objectivesOf(family: FamilySpec): string {
  return pretrainObjectivesOf(family).map((o) => `--objective ${o}`).join(' or ');
}

/** The objectives a family pretrains with: its heads', and the contrastive objective for every encoder with hidden states. */
export function pretrainObjectivesOf(family: FamilySpec): ObjectiveName[] {
  return [...(Object.keys(family.pretrain) as ObjectiveName[]), ...(family.hiddenStates ? (['contrastive'] as const) : [])];
}

/** The families that serve `task`, e.g. for "fill-mask needs a masked LM (bert)". */
export function familiesWith(task: keyof FamilyTasks): FamilySpec[] {
  return FAMILIES.filter((f) => f.tasks[task]);
}

/** The families of one kind. */
export function familiesOfKind(kind: ModelKind): FamilySpec[] {
  return FAMILIES.filter((f) => f.kind === kind);
}

/** "bert" or "bert and gpt2" or "bert, gpt2 and t5": the model types of `families`, sorted, for messages. */
export function typeList(families: readonly FamilySpec[]): string {
  return formatList(families.map((f) => f.modelType).sort());
}

/**
 * The family of a folder's config, checked to serve `task`; otherwise an InputError that says
 * what the folder holds, what the task needs and which types provide it.
 */
export function familyForTask(config: ModelConfig, task: keyof FamilyTasks, where: string): FamilySpec {
  const family = familyOf(config);
  if (!family.tasks[task]) throw new InputError(TASK_REFUSALS[task](where, family.modelType, typeList(familiesWith(task))));
  assertFolderServes(config, task, where);
  return family;
}

/** Throws the family's own one-line refusal when this folder of it cannot serve `task` (ELECTRA's discriminator and fill-mask). */
export function assertFolderServes(config: ModelConfig, task: RefusableTask, where: string): void {
  const family = familyOf(config);
  // A contrastive run's folder is the bare encoder: nothing fills masks (finetuning adds its heads).
  if ((task === 'fillMask' || task === 'promptClassify') && isBaseModelConfig(family, config)) {
    throw new InputError(`${where} is a sentence encoder (${baseModelArchitecture(family)}) without a masked-LM head; use it for search and embeddings, or give it the head with finetune --task lm --objective mlm`);
  }
  const refusal = family.refuseTask?.(config, task, where);
  if (refusal) throw new InputError(refusal);
}

/** Why a folder cannot serve a task: what it holds, what the task needs, which types have it. */
const TASK_REFUSALS: Record<keyof FamilyTasks, (where: string, type: string, types: string) => string> = {
  generate: (where, type, types) => `${where} holds a '${type}' model; text generation needs a decoder (${types})`,
  fillMask: (where, type, types) => `${where} holds a '${type}' model; fill-mask needs a masked LM (${types})`,
  text2text: (where, type, types) => `${where} holds a '${type}' model; text to text needs an encoder-decoder (${types})`,
  classify: (_where, type, types) => `sequence classification is built for ${types} models; this is a '${type}' model (use classify --template with it instead)`,
  promptClassify: (where, type, types) => `${where} holds a '${type}' model; prompt classification needs a masked LM or a decoder (${types})`,
};
