// The extension host's handle on the inference worker. The worker starts on the
// first inference a command asks for (never at activation: it loads ONNX Runtime)
// and is kept for the next one, since it holds the loaded model. A crashed worker
// is replaced on the next call.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InferenceJobs } from '../jobs/inference-jobs';
import type { CallOptions, WorkerHost } from '../jobs/worker-host';
import type { SessionConfig } from '../runtime/session';
import { executionProvider } from './settings';

export class Inference implements vscode.Disposable {
  private host: WorkerHost<InferenceJobs> | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Session options from the user's settings, read per call so changes apply at once. */
  sessionConfig(): SessionConfig {
    const threads = vscode.workspace.getConfiguration('pretrainLab').get<number>('threads') ?? 0;
    return { device: executionProvider(), ...(threads > 0 ? { intraOpNumThreads: threads } : {}) };
  }

  async call<M extends keyof InferenceJobs & string>(
    method: M,
    params: InferenceJobs[M]['params'],
    options?: CallOptions<InferenceJobs[M]['event']>,
  ): Promise<InferenceJobs[M]['result']> {
    return (await this.worker()).call(method, params, options);
  }

  private async worker(): Promise<WorkerHost<InferenceJobs>> {
    if (!this.host) {
      const { WorkerHost } = await import('../jobs/worker-host');
      const host = WorkerHost.start<InferenceJobs>(path.join(this.extensionPath, 'dist', 'inference-worker.js'));
      host.onError((e) => {
        this.log.error(`inference worker: ${e.message}`);
        if (this.host === host) this.host = undefined;
      });
      this.host = host;
    }
    return this.host;
  }

  dispose(): void {
    void this.host?.terminate();
    this.host = undefined;
  }
}
