/**
 * Exit codes per the CLI contract in DESIGN.md §3: exit 2 for a mistake the user can fix by
 * changing what they typed or the files they gave (one clear line on stderr), exit 1 for
 * everything else (a bug, the disk, the runtime). The error kinds themselves live in
 * src/util/errors.ts, since the core throws them too.
 */
import { InputError, UsageError } from '../util/errors';

export { InputError, UsageError };

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
