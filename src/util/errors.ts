/**
 * Errors that are the user's to fix, thrown anywhere in the core (model files, data, tokenizer,
 * training) so that the same mistake reads the same in the CLI, in a job's `error` event and in
 * the extension. The CLI turns them into exit code 2 (src/cli/errors.ts, DESIGN.md §3).
 */

/** The command line itself is wrong: unknown flag, missing value, bad number. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A file or value the user supplied is unusable: malformed config, truncated weights, … */
export class InputError extends Error {
  override readonly name = 'InputError';
}
