// Which dashboard a model folder gets: its live run when this session trains it, else the
// run its folder recorded (metrics, hyperparameters, corpus summary).
import type { DashboardContent } from '../panels';
import type { Services } from '../services';
import { readCorpusReport, readFinishedRun } from './run-files';

/** Undefined when the folder has no training record. */
export async function dashboardContentFor(s: Services, folder: string): Promise<DashboardContent | undefined> {
  const live = s.training.find(folder);
  if (live) return { kind: 'live', run: live };
  const run = await readFinishedRun(folder);
  return run && { kind: 'finished', run, corpus: await readCorpusReport(folder) };
}
