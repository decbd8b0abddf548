// What a model folder keeps of the run that trained it, for a dashboard opened after the run
// (or after a reload): `training/metrics.jsonl` and `training/hyperparams.json`, written by the
// training job, and `corpus_summary.json`, written by the extension when it starts the run (a
// record of what the model was trained on, also useful to anyone the folder is shared with).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { modelPaths } from '../../modelfile/layout';
import { describeShape, type RunShape } from './pretrain-presets';
import { parseMetrics } from '../models/training-metrics';
import type { CorpusReport } from '../corpus/corpus-report';
import { fromMetrics, type RunSnapshot } from './run-state';
import { CORPUS_SUMMARY_FILE } from '../../modelfile/layout';


export async function writeCorpusReport(folder: string, report: CorpusReport): Promise<void> {
  await fs.mkdir(folder, { recursive: true });
  await fs.writeFile(path.join(folder, CORPUS_SUMMARY_FILE), `${JSON.stringify(report)}\n`);
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function isCorpusReport(raw: unknown): raw is CorpusReport {
  const r = raw as Partial<CorpusReport> | undefined;
  return typeof r === 'object' && r !== null && typeof r.files === 'number' && Array.isArray(r.languages) && Array.isArray(r.skips) && Array.isArray(r.reasons);
}

export async function readCorpusReport(folder: string): Promise<CorpusReport | undefined> {
  const raw = await readJson(path.join(folder, CORPUS_SUMMARY_FILE));
  return isCorpusReport(raw) ? raw : undefined;
}

/** The run recorded in a model folder, or undefined when it has no training record. */
export async function readFinishedRun(folder: string): Promise<RunSnapshot | undefined> {
  let text: string;
  try {
    text = await fs.readFile(modelPaths(folder).training.metrics, 'utf8');
  } catch {
    return undefined;
  }
  const hyper = (await readJson(modelPaths(folder).training.hyperparams)) as Record<string, unknown> | undefined;
  const steps = typeof hyper?.steps === 'number' ? hyper.steps : undefined;
  // hyperparams.json is the job's own record of the run: it has every field of a RunShape.
  const description = hyper && typeof hyper.arch === 'string' ? describeShape(hyper as unknown as RunShape) : 'finished run';
  return fromMetrics(path.basename(folder), folder, description, parseMetrics(text), steps);
}
