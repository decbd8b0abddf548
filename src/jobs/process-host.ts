/**
 * A job worker in a child process: the same bundled entry as the worker thread
 * (dist/worker.js), forked with an IPC channel that uses structured clone
 * (`serialization: 'advanced'`), so typed arrays, Maps and errors pass as they do to a thread.
 *
 * Why a process for training: a thread shares its process, so when the OS runs out of memory
 * and its OOM killer SIGKILLs the training, the CLI — or the whole extension host — dies with
 * it and nobody is left to say why. A child dies alone; this side sees how it ended (signal,
 * exit code, V8's heap-limit report) and rejects the calls in flight with that.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { ortChildEnv } from '../runtime/ort';
import { ChildStderr } from './child-stderr';
import { JobHost, sourceExecArgv } from './job-host';
import { ProcessExitedError, WorkerCrashedError, WorkerOutOfMemoryError, type HostMessage, type JobProtocol, type WorkerMessage } from './rpc';

export interface ProcessHostOptions {
  /** Limit of the child's JavaScript heap (`--max-old-space-size`); hitting it is reported as out of memory. */
  maxOldGenerationSizeMb?: number;
  /** Where the child's stderr goes, line by line (default: ours). */
  stderr?: NodeJS.WritableStream;
}

/**
 * Node flags the child inherits: the parent's (a --require preload, tsx's loader when run from
 * sources) except a debugger's, whose port the child would fight the parent for.
 */
function inheritedExecArgv(): string[] {
  return process.execArgv.filter((a) => !/^--(inspect|debug)/.test(a));
}

export class ProcessHost<P extends JobProtocol<P>> extends JobHost<P> {
  protected readonly kind = 'job process';

  private constructor(
    private readonly child: ChildProcess,
    private readonly stderr: ChildStderr,
    private readonly heapLimitMb: number | undefined,
  ) {
    super();
    child.on('message', (msg: WorkerMessage) => this.receive(msg));
    // 'error' also follows a send on a channel that just closed; the 'close' below reports that
    // death. Only a process that never started (no pid) has nothing else to report.
    child.on('error', (err) => {
      if (child.pid === undefined) this.die(new WorkerCrashedError(`job process failed to start: ${err.message}`));
    });
    // 'close' rather than 'exit': by then stderr is read to its end, V8's last words included.
    child.on('close', (code, signal) => this.die(this.describeExit(code, signal)));
  }

  /** Forks a job process from a script: a bundled .js, or a .ts source run through tsx. */
  static start<P extends JobProtocol<P>>(script: string, options: ProcessHostOptions = {}): ProcessHost<P> {
    const heap = options.maxOldGenerationSizeMb;
    const child = fork(script, [], {
      serialization: 'advanced',
      // stdout is shared (as a thread's is); stderr is read, to tell why the process died.
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      // Its own process group: a terminal's Ctrl-C signals the CLI's group, and the CLI turns it
      // into a cancel (which checkpoints) — even while the child is still starting up.
      detached: true,
      execArgv: [...inheritedExecArgv(), ...sourceExecArgv(script), ...(heap !== undefined ? [`--max-old-space-size=${heap}`] : [])],
      // Inside VS Code desktop process.execPath is Electron; this makes it run as plain Node.
      // ORT's telemetry is off from the child's first instruction on.
      env: ortChildEnv(process.versions.electron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env),
    });
    return new ProcessHost<P>(child, new ChildStderr(child.stderr!, options.stderr ?? process.stderr), heap);
  }

  /** The child's process id (for diagnostics and tests that play the OOM killer). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  protected send(msg: HostMessage): void {
    // Structured clone copies: a transfer list has no meaning between processes. A closed
    // channel reports through 'error'/'close', so the callback only keeps it from throwing.
    this.child.send(msg, (err) => void err);
  }

  protected async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGKILL');
    await exited;
  }

  private describeExit(code: number | null, signal: NodeJS.Signals | null): WorkerCrashedError {
    if (this.stderr.outOfMemory) {
      const detail = this.heapLimitMb !== undefined
        ? `its JavaScript heap reached the memory limit of ${this.heapLimitMb} MB`
        : "its JavaScript heap reached Node's memory limit";
      return new WorkerOutOfMemoryError(`the job process ran out of memory (${detail})`, detail);
    }
    const lastError = this.stderr.lastError;
    const how = signal ? `was killed by ${signal}` : `exited unexpectedly with code ${code}`;
    return new ProcessExitedError(`job process ${how}${lastError ? `: ${lastError}` : ''}`, code, signal, lastError);
  }
}
