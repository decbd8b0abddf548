/**
 * Reading the JSON files of a model folder and of its training/ state. Each goes through the
 * regular-file checks (a FIFO, a device or a folder in their place is refused at once, never
 * waited on or read forever) under a size limit that fits what the file can sanely hold.
 */
import { existsSync } from 'node:fs';
import { InputError } from '../util/errors';
import { readRegularText, type RegularFileLimits } from '../util/regular-file';

const MiB = 1024 * 1024;

/** Size limits per kind of file: generous for what real ones hold, far under memory and string limits. */
export const JSON_FILE_LIMITS = {
  /** config.json, generation_config.json: a few dozen fields (the Hub's largest are ~100 KiB). */
  config: { maxBytes: 4 * MiB },
  /** tokenizer_config.json: may list every added token (a few MiB for the largest on the Hub). */
  tokenizerConfig: { maxBytes: 64 * MiB },
  /** tokenizer.json: vocabulary and merges (the Hub's largest are ~35 MiB). */
  tokenizer: { maxBytes: 512 * MiB },
  /** training/state.json, hyperparams.json: a few fields. */
  trainingState: { maxBytes: 4 * MiB },
  /** training/metrics.jsonl: one short line per step, so millions of steps fit. */
  metrics: { maxBytes: 256 * MiB },
} satisfies Record<string, RegularFileLimits>;

/**
 * Why JSON.parse refused, on one line: V8 quotes the text around the fault, newlines and all,
 * and an error message must stay one line (the CLI prints it as is; a notification shows one).
 */
export function jsonParseReason(error: unknown): string {
  return (error as Error).message.replace(/\s+/g, ' ');
}

/** Parses JSON text; an InputError naming `where` when it is not JSON. A leading BOM is allowed. */
export function parseJsonText(text: string, where: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new InputError(`${where}: is not valid JSON (${jsonParseReason(error)}); fix or re-create the file`);
  }
}

/** A JSON file, read through the regular-file checks under `limits`. */
export function readJsonFile(path: string, limits: RegularFileLimits): unknown {
  return parseJsonText(readRegularText(path, limits), path);
}

/**
 * Text of a file that may be absent: undefined when nothing is at `path`; any other fault
 * (not a regular file, too large, unreadable) is the regular-file InputError.
 */
export function readOptionalText(path: string, limits: RegularFileLimits): string | undefined {
  try {
    return readRegularText(path, limits);
  } catch (error) {
    // Asked only after a failure, so the usual case costs one open; a dangling link counts as absent.
    if (error instanceof InputError && !existsSync(path)) return undefined;
    throw error;
  }
}

/** A JSON file that may be absent (undefined then). */
export function readOptionalJsonFile(path: string, limits: RegularFileLimits): unknown {
  const text = readOptionalText(path, limits);
  return text === undefined ? undefined : parseJsonText(text, path);
}
