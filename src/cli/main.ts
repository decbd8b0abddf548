/**
 * The `pretrain-lab` command line (bundled to dist/cli.js, run by bin/pretrain-lab.js).
 * Picks the command, parses its flags, runs it, and turns the outcome into the exit code of
 * DESIGN.md §3: 0 success, 2 bad usage or input (one line on stderr), 1 anything else. Long
 * work runs in the job worker; Ctrl-C asks the running job to stop (a training loop checkpoints
 * and ends normally, exit 0; a job with nothing to save yet is stopped at once, exit 130), a
 * second Ctrl-C stops at once (exit 130).
 */
import { parseCommand, selectCommand, type ProgramSpec } from './args';
import { describeError, exitCodeFor, EXIT_FAILURE } from './errors';
import { formatCommandHelp, formatProgramHelp } from './help';
import { JobManager } from '../jobs/job-manager';
import { JobCancelledError } from '../jobs/rpc';
import { disableOrtTelemetry } from '../runtime/ort';
import { attentionCommand } from './commands/attention';
import { printJson, type CliIo, type Command } from './commands/command';
import { demoCommand } from './commands/demo';
import { downloadCommand } from './commands/download';
import { classifyCommand } from './commands/classify';
import { compareCommand } from './commands/compare';
import { evalCommand } from './commands/eval';
import { exportRunCommand } from './commands/export-run';
import { importRunCommand } from './commands/import-run';
import { fillMaskCommand } from './commands/fill-mask';
import { finetuneCommand } from './commands/finetune';
import { generateCommand } from './commands/generate';
import { infoCommand } from './commands/info';
import { pairsCommand } from './commands/pairs';
import { pretrainCommand } from './commands/pretrain';
import { searchCommand } from './commands/search';

const PROGRAM = 'pretrain-lab';
/** The shell's code for "ended by Ctrl-C" (128 + SIGINT). */
const EXIT_INTERRUPTED = 130;

const COMMANDS: Command[] = [
  pretrainCommand,
  finetuneCommand,
  compareCommand,
  generateCommand,
  fillMaskCommand,
  classifyCommand,
  evalCommand,
  attentionCommand,
  searchCommand,
  pairsCommand,
  infoCommand,
  downloadCommand,
  exportRunCommand,
  importRunCommand,
  demoCommand,
];

const program: ProgramSpec = {
  name: PROGRAM,
  summary: 'Pretrain, finetune, prompt and inspect small transformers locally on ONNX Runtime.',
  commands: COMMANDS.map((c) => c.spec),
};

export async function main(argv: readonly string[]): Promise<number> {
  // Before anything can load ONNX Runtime, here or in a job process or thread started from here.
  disableOrtTelemetry();
  let jobs: JobManager | undefined;
  let interrupt: (() => void) | undefined;
  let interrupted = false;
  const onSigint = () => {
    if (interrupted || !interrupt) {
      process.stderr.write('\nstopping now\n');
      process.exit(EXIT_INTERRUPTED);
    }
    interrupted = true;
    process.stderr.write('\ncancelling after the current step (Ctrl-C again to stop at once)\n');
    interrupt();
  };
  process.on('SIGINT', onSigint);
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    jobs: () => (jobs ??= new JobManager()),
    onInterrupt: (handler) => (interrupt = handler),
  };
  const json = argv.includes('--json');
  try {
    const selection = selectCommand(program, argv);
    if (selection.kind === 'version') {
      process.stdout.write(`${PROGRAM} ${version()}\n`);
      return 0;
    }
    if (selection.kind === 'help') {
      process.stdout.write(selection.command ? formatCommandHelp(PROGRAM, selection.command) : formatProgramHelp(program));
      return 0;
    }
    const command = COMMANDS.find((c) => c.spec === selection.command)!;
    const parsed = parseCommand(command.spec, selection.args, PROGRAM);
    if (parsed.kind === 'help') {
      process.stdout.write(formatCommandHelp(PROGRAM, command.spec));
      return 0;
    }
    return await command.run(parsed, io);
  } catch (error) {
    if (error instanceof JobCancelledError) {
      if (json) printJson(io, { event: 'cancelled' });
      process.stderr.write('cancelled before there was anything to save\n');
      return EXIT_INTERRUPTED;
    }
    if (json) printJson(io, { event: 'error', message: error instanceof Error ? error.message : String(error) });
    process.stderr.write(describeError(error, { debug: argv.includes('--debug') }) + '\n');
    return exitCodeFor(error);
  } finally {
    process.off('SIGINT', onSigint);
    await jobs?.dispose();
  }
}

function version(): string {
  try {
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

// Run when started directly (tsx src/cli/main.ts) or through the bin launcher, which requires
// the bundle; not when a test imports main().
const launcher = /[\\/]pretrain-lab(\.js)?$/.test(require.main?.filename ?? '');
if (require.main === module || launcher) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(describeError(error, { debug: true }) + '\n');
      process.exit(EXIT_FAILURE);
    },
  );
}
