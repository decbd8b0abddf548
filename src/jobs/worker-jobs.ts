/**
 * Every job the worker answers, in one entry (worker.ts → dist/worker.js) that either host runs:
 * training, evaluation and objective comparisons (in a job process), inference for the editor's
 * panels and semantic search (in worker threads that keep their models and indexes loaded). New job
 * families are added to both here.
 */
import { compareJobHandlers, type CompareJobs } from './compare-jobs';
import { inferenceJobHandlers, type InferenceJobs } from './inference-jobs';
import { searchJobHandlers, type SearchJobs } from './search-jobs';
import { trainJobHandlers, type TrainJobs } from './train-jobs';
import type { JobHandlers } from './worker-serve';

export type WorkerJobs = TrainJobs & InferenceJobs & CompareJobs & SearchJobs;

export function workerJobHandlers(): JobHandlers<WorkerJobs> {
  return { ...trainJobHandlers(), ...inferenceJobHandlers(), ...compareJobHandlers(), ...searchJobHandlers() };
}
