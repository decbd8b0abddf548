/**
 * Every job family the worker answers. The main thread types its WorkerHost with WorkerJobs;
 * the worker entry serves workerJobHandlers(). New job families are added to both here.
 */
import { sessionJobHandlers, type SessionJobs } from './session-jobs';
import { trainJobHandlers, type TrainJobs } from './train-jobs';
import type { JobHandlers } from './worker-serve';

export type WorkerJobs = SessionJobs & TrainJobs;

export function workerJobHandlers(): JobHandlers<WorkerJobs> {
  return { ...sessionJobHandlers(), ...trainJobHandlers() };
}
