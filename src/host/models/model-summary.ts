// What the Models view, the model picker and the details panel show about a model
// folder, read from its config.json alone: no weights are loaded and no ONNX
// Runtime is touched, so listing models stays instant and safe.
//
// A model folder is a Hugging Face folder (DESIGN.md §3); config.json field names
// differ per model_type: each family's spec in the model registry (src/models/registry.ts)
// names them, so a family is listed exactly when the registry has it.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FamilySpec, FamilyTasks, SizeField } from '../../models/family';
import { parseConfig } from '../../models/config-validate';
import { CONFIG_FILE, TRAINING_DIR, TRAINING_FILES, WEIGHTS_FILE } from '../../modelfile/layout';
import { FAMILIES, familyFor, isModelType } from '../../models/registry';
import { formatBytes } from '../../util/format';
import type { ModelSource, ModelSummary } from './model-types';
import { parseTrainingSummary, summarizeMetrics, TRAINING_SUMMARY_FILE, type TrainingSummary } from './training-metrics';

/** A config.json larger than this is not a config; refusing it bounds the parse. */
const MAX_CONFIG_BYTES = 1 << 20;

export const SUPPORTED_MODEL_TYPES: readonly string[] = FAMILIES.map((f) => f.modelType);

/**
 * Sub-folders that a pretraining run saves as complete model folders inside its own (ELECTRA's
 * generator/, a masked LM): the Models view lists them after their parent, as models of their own.
 */
export const NETWORK_SUBFOLDERS: readonly string[] = [...new Set(FAMILIES.flatMap((f) => f.pretrainingSubfolders?.folders.map((p) => p.dir) ?? []))].sort();

/** "run/generator" for a network saved inside a model folder, else the folder's own name. */
export async function modelName(folder: string): Promise<string> {
  const name = path.basename(folder);
  const parent = path.dirname(folder);
  return NETWORK_SUBFOLDERS.includes(name) && (await fileSize(path.join(parent, CONFIG_FILE))) !== undefined ? `${path.basename(parent)}/${name}` : name;
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 1e9 ? value : undefined;
}

async function fileSize(file: string): Promise<number | undefined> {
  try {
    const stat = await fs.stat(file);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/** Parses config.json text into the size fields (and the tasks its folder refuses); never throws. `where` names the folder in refusals. */
export function summariseConfig(text: string, where = 'this folder'): Pick<ModelSummary, 'modelType' | 'supported' | SizeField | 'problem' | 'refusedTasks'> {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (e) {
    return { supported: false, problem: `config.json is not valid JSON (${(e as Error).message})` };
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return { supported: false, problem: 'config.json is not a JSON object' };
  }
  const record = config as Record<string, unknown>;
  const modelType = typeof record.model_type === 'string' ? record.model_type.slice(0, 64) : undefined;
  if (modelType === undefined) return { supported: false, problem: 'config.json has no model_type' };
  const family = isModelType(modelType) ? familyFor(modelType) : undefined;
  if (!family) return { modelType, supported: false, problem: `model_type "${modelType}" is not supported` };
  const out: Pick<ModelSummary, 'modelType' | 'supported' | SizeField | 'refusedTasks'> = { modelType, supported: true };
  for (const [field, key] of Object.entries(family.configFields) as [SizeField, string][]) {
    const value = positiveInt(record[key]);
    if (value !== undefined) out[field] = value;
  }
  if (family.contextOf && out.context !== undefined) out.context = positiveInt(family.contextOf(record));
  const refused = refusedTasks(family, record, where);
  if (refused) out.refusedTasks = refused;
  return out;
}

/** The family's own refusals for this config (the registry's refuseTask); undefined when none, or the config is not valid enough to ask. */
function refusedTasks(family: FamilySpec, record: Record<string, unknown>, where: string): ModelSummary['refusedTasks'] {
  if (!family.refuseTask) return undefined;
  let config;
  try {
    config = parseConfig(record, CONFIG_FILE);
  } catch {
    return undefined; // the model commands say what is wrong with it when it is used
  }
  const refused: NonNullable<ModelSummary['refusedTasks']> = {};
  for (const task of Object.keys(family.tasks) as (keyof FamilyTasks)[]) {
    const why = family.tasks[task] ? family.refuseTask(config, task, where) : undefined;
    if (why) refused[task] = why;
  }
  return Object.keys(refused).length ? refused : undefined;
}

export async function readModelSummary(folder: string, source: ModelSource): Promise<ModelSummary> {
  const base = { name: await modelName(folder), folder, source };
  const configPath = path.join(folder, CONFIG_FILE);
  const size = await fileSize(configPath);
  if (size === undefined) return { ...base, supported: false, problem: 'no config.json' };
  if (size > MAX_CONFIG_BYTES) return { ...base, supported: false, problem: `config.json is larger than ${MAX_CONFIG_BYTES} bytes` };
  let text: string;
  try {
    text = await fs.readFile(configPath, 'utf8');
  } catch (e) {
    return { ...base, supported: false, problem: `config.json cannot be read (${(e as Error).message})` };
  }
  const weightsBytes = await fileSize(path.join(folder, WEIGHTS_FILE));
  const training = await readTrainingSummary(folder);
  return { ...base, ...summariseConfig(text, folder), ...(weightsBytes === undefined ? {} : { weightsBytes }), ...(training ? { training } : {}) };
}

/** Metrics files of very long runs are not read just to list a model. */
const MAX_METRICS_BYTES = 16 << 20;

/** training_summary.json (bundled models keep only that), else the run's metrics.jsonl. */
async function readTrainingSummary(folder: string): Promise<TrainingSummary | undefined> {
  try {
    return parseTrainingSummary(JSON.parse(await fs.readFile(path.join(folder, TRAINING_SUMMARY_FILE), 'utf8')));
  } catch {
    // none, or unreadable: fall back to the full record
  }
  const metrics = path.join(folder, TRAINING_DIR, TRAINING_FILES.metrics);
  const size = await fileSize(metrics);
  if (size === undefined || size > MAX_METRICS_BYTES) return undefined;
  try {
    const summary = summarizeMetrics(await fs.readFile(metrics, 'utf8'));
    return summary.steps > 0 ? summary : undefined;
  } catch {
    return undefined;
  }
}

/** One line such as "gpt2 · 4 layers · 4 heads · width 128" for lists and tooltips. */
export function describeModel(m: ModelSummary): string {
  if (m.problem) return m.problem;
  const parts: string[] = [m.modelType ?? 'unknown'];
  if (m.layers) parts.push(m.decoderLayers ? `${m.layers}+${m.decoderLayers} layers` : `${m.layers} layers`);
  if (m.heads) parts.push(`${m.heads} heads`);
  if (m.width) parts.push(`width ${m.width}`);
  if (m.weightsBytes !== undefined) parts.push(formatBytes(m.weightsBytes));
  return parts.join(' · ');
}
