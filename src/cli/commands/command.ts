/**
 * What every CLI command is: its spec (flags, help) and a function that runs it. Commands write
 * through `CliIo` so tests and the extension's output channel can capture them, and start long
 * work through the shared JobManager so it runs in the worker.
 */
import type { CommandSpec, OptionSpecs, ParsedCommand } from '../args';
import type { JobManager } from '../../jobs/job-manager';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  /** The job worker, started on first use. */
  jobs(): JobManager;
  /** Called on Ctrl-C; a command with a running job cancels it. */
  onInterrupt(handler: () => void): void;
}

export interface Command<O extends OptionSpecs = OptionSpecs> {
  spec: CommandSpec<O>;
  /** Returns the exit code; throws UsageError/InputError (exit 2) or anything else (exit 1). */
  run(parsed: ParsedCommand<O>, io: CliIo): Promise<number>;
}

/** Options every command takes: the program reads --json and --debug for any command (main.ts). */
export const COMMON_OPTIONS = {
  json: { type: 'bool', description: 'print one JSON object per line instead of text' },
  debug: { type: 'bool', description: 'print stack traces of errors' },
} as const;

/** A command whose spec declares its own options; COMMON_OPTIONS are added after them, for every command alike. */
export function defineCliCommand<O extends OptionSpecs>(command: { spec: CommandSpec<O>; run: Command<O & typeof COMMON_OPTIONS>['run'] }): Command {
  const spec = { ...command.spec, options: { ...command.spec.options, ...COMMON_OPTIONS } };
  return { ...command, spec } as unknown as Command;
}

/** One JSON event per line on stdout. */
export function printJson(io: CliIo, value: object): void {
  io.stdout.write(JSON.stringify(value) + '\n');
}
