/**
 * Error kinds that decide the process exit code, per the CLI contract in DESIGN.md §3:
 * exit 2 for a mistake the user can fix by changing what they typed or the files they gave
 * (one clear line on stderr), exit 1 for everything else (a bug, the disk, the runtime).
 *
 * These live here because the CLI is where the distinction becomes an exit code, but the
 * core (modelfile, data, tokenizer) throws them too: the same error must read the same in the
 * CLI, in a job's `error` event and in the extension.
 */

/** The command line itself is wrong: unknown flag, missing value, bad number. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A file or value the user supplied is unusable: malformed config, truncated weights, … */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

export function exitCodeFor(error: unknown): number {
  return error instanceof UsageError || error instanceof InputError ? EXIT_BAD_INPUT : EXIT_FAILURE;
}

/**
 * The text to print on stderr. Bad usage and bad input are the user's to fix, so they get one
 * line and no stack trace; other failures are ours, so they keep the stack under `--debug`.
 */
export function describeError(error: unknown, options: { debug?: boolean } = {}): string {
  if (!(error instanceof Error)) return `error: ${String(error)}`;
  if (options.debug && error.stack) return error.stack;
  return `error: ${error.message.replace(/\s*\n\s*/g, ' ')}`;
}
