/**
 * Lazy access to onnxruntime-node. Requiring the package loads its native library at once, so
 * nothing may import it at module level: the extension must activate (and the CLI print its
 * help) without paying for, or failing on, the native load. Other modules import ORT's *types*
 * only (`import type`), which compile away.
 */
import * as path from 'node:path';
import { isMainThread } from 'node:worker_threads';

export type Ort = typeof import('onnxruntime-node');

let loaded: Ort | undefined;

/**
 * The environment variable ORT 1.30's native library reads before it records usage events (to
 * `~/.cache/Microsoft/DeveloperTools/.onnxruntime/onnxruntime.db`, for an event collector) — and
 * whose collector also crashes the process (SIGSEGV) when one argument of the command line is
 * ~30 KB or more. onnxruntime-node's JS API has no switch for it (its `env` holds only log level,
 * wasm/webgl/webgpu flags), so the variable is the one way.
 */
export const ORT_TELEMETRY_ENV = 'ORT_DISABLE_TELEMETRY';

/**
 * Turns ORT's telemetry off for this process and every thread and child it starts. The native
 * library reads the real process environment (getenv), which only the main thread's
 * `process.env` writes to — a worker thread's is a private copy — so every place that may lead to
 * ORT loading calls this on the main thread: the CLI, the job process, whoever starts a worker.
 */
export function disableOrtTelemetry(): void {
  if (isMainThread) process.env[ORT_TELEMETRY_ENV] = '1';
}

/** An environment for a child process that may load ORT: telemetry off. */
export function ortChildEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, [ORT_TELEMETRY_ENV]: '1' };
}

/** onnxruntime-node, required on first use, with telemetry off and its own log lines silenced. */
export function loadOrt(): Ort {
  if (loaded) return loaded;
  disableOrtTelemetry();
  if (!isMainThread && process.env[ORT_TELEMETRY_ENV] !== '1') {
    // Too late to change the process's environment from here: say so once rather than record silently.
    process.emitWarning(`${ORT_TELEMETRY_ENV} is not set in this process; ONNX Runtime may record telemetry`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ort = require('onnxruntime-node') as Ort;
  // ORT prints its errors as coloured lines of its own before throwing them; we report the
  // thrown error in our words, so only fatal ones may reach the terminal. Read once, when the
  // first session initialises ORT.
  ort.env.logLevel = 'fatal';
  loaded = ort;
  return ort;
}

/**
 * The folder holding ORT's native binding, where it also looks for optional execution-provider
 * libraries. Resolved from the package location so that asking does not load ORT.
 */
export function ortNativeDir(platform: string = process.platform, arch: string = process.arch): string {
  const packageDir = path.dirname(require.resolve('onnxruntime-node/package.json'));
  return path.join(packageDir, 'bin', 'napi-v6', platform, arch);
}
