// The extension host's inference jobs: the job worker on a thread, started on the first
// inference a command asks for (never at activation: it loads ONNX Runtime) and kept for the
// next one, since it holds the loaded model. A crashed worker is replaced on the next job.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { InferenceJobs } from '../jobs/inference-jobs';
import { JobManager } from '../jobs/job-manager';

export type Inference = JobManager<InferenceJobs>;

export function createInference(extensionPath: string, log: vscode.LogOutputChannel): Inference {
  return new JobManager<InferenceJobs>(path.join(extensionPath, 'dist', 'worker.js'), {
    host: 'thread',
    onHostError: (e) => log.error(`inference worker: ${e.message}`),
  });
}
