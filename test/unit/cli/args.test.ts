import assert from 'node:assert/strict';
import { ParsedCommand, ProgramSpec, defineCommand, flagOf, parseCommand, selectCommand } from '../../../src/cli/args';
import { UsageError } from '../../../src/cli/errors';
import { formatCommandHelp, formatProgramHelp } from '../../../src/cli/help';

const pretrain = defineCommand({
  name: 'pretrain',
  summary: 'Pretrain a small transformer on a folder or file of text.',
  positionals: [{ name: 'corpus', description: 'folder or file to train on' }],
  options: {
    out: { type: 'string', required: true, valueName: 'model-dir', description: 'model folder to write' },
    arch: { type: 'enum', values: ['gpt2', 'bert', 't5'], default: 'gpt2', description: 'architecture' },
    layers: { type: 'int', default: 4, min: 1, max: 1024, description: 'transformer blocks' },
    lr: { type: 'float', default: 1e-3, min: 0, description: 'peak learning rate' },
    temperature: { type: 'float', description: 'sampling temperature' },
    seed: { type: 'int', description: 'random seed' },
    maxNewTokens: { type: 'int', default: 50, description: 'tokens to generate' },
    json: { type: 'bool', description: 'print one JSON event per line instead of a progress bar' },
    shuffle: { type: 'bool', default: true, description: 'shuffle batches' },
  },
  examples: ['pretrain-lab pretrain tinyshakespeare.txt --out shakespeare --layers 4'],
});

const program: ProgramSpec = {
  name: 'pretrain-lab',
  summary: 'Pretrain, finetune and prompt small transformers locally.',
  commands: [pretrain, defineCommand({ name: 'info', summary: 'Describe a model folder.', positionals: [{ name: 'model-dir', description: 'model folder' }], options: {} })],
};

function run(argv: string[]): ParsedCommand<typeof pretrain.options> {
  const result = parseCommand(pretrain, argv);
  assert.equal(result.kind, 'run');
  return result as ParsedCommand<typeof pretrain.options>;
}

function usageError(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof UsageError, `expected UsageError, got ${String(error)}`);
    assert.equal(error.message, message);
    assert.ok(!error.message.includes('\n'), 'one line');
    return true;
  });
}

const see = "; see 'pretrain-lab pretrain --help'";

describe('cli/args', () => {
  it('maps camelCase keys to kebab-case flags', () => {
    assert.equal(flagOf('maxNewTokens'), '--max-new-tokens');
    assert.equal(flagOf('beta1'), '--beta1');
  });

  it('parses typed values, switches and positionals, and fills defaults', () => {
    const { options, positionals, given } = run(['corpus.txt', '--out', 'm', '--layers', '8', '--lr=3e-4', '--arch', 'bert', '--json', '--max-new-tokens', '20']);
    assert.deepEqual(positionals, ['corpus.txt']);
    assert.deepEqual(options, { out: 'm', arch: 'bert', layers: 8, lr: 3e-4, temperature: undefined, seed: undefined, maxNewTokens: 20, json: true, shuffle: true });
    assert.deepEqual([...given].sort(), ['arch', 'json', 'layers', 'lr', 'maxNewTokens', 'out']);
    // Typed results: these lines would not compile if the types were wrong.
    const layers: number = options.layers;
    const arch: 'gpt2' | 'bert' | 't5' = options.arch;
    const temperature: number | undefined = options.temperature;
    assert.deepEqual([layers, arch, temperature], [8, 'bert', undefined]);
  });

  it('takes negative numbers as values, --no-switch, --switch=false and -- for positionals', () => {
    const { options, positionals } = run(['--out', 'm', '--temperature', '-0.5', '--seed', '-3', '--no-shuffle', '--json=false', '--', '--odd-name']);
    assert.equal(options.temperature, -0.5);
    assert.equal(options.seed, -3);
    assert.equal(options.shuffle, false);
    assert.equal(options.json, false);
    assert.deepEqual(positionals, ['--odd-name']);
  });

  it('answers --help and -h wherever they appear, even when other arguments are wrong', () => {
    assert.deepEqual(parseCommand(pretrain, ['--help']), { kind: 'help' });
    assert.deepEqual(parseCommand(pretrain, ['x', '--layers', '0', '-h']).kind, 'help');
  });

  describe('usage errors are one clear line', () => {
    const cases: [string, string[], string][] = [
      ['unknown flag, with a suggestion', ['c', '--out', 'm', '--layres', '2'], `pretrain-lab pretrain: unknown option --layres (did you mean --layers?)${see}`],
      ['unknown flag, far from any', ['c', '--out', 'm', '--colour'], `pretrain-lab pretrain: unknown option --colour${see}`],
      ['missing value at the end', ['c', '--out'], `pretrain-lab pretrain: --out needs a value (model-dir)${see}`],
      ['missing value before a flag', ['c', '--out', '--json'], `pretrain-lab pretrain: --out needs a value (model-dir)${see}`],
      ['enum value missing', ['c', '--out', 'm', '--arch'], `pretrain-lab pretrain: --arch needs a value (one of gpt2, bert, t5)${see}`],
      ['bad integer', ['c', '--out', 'm', '--layers', '2.5'], `pretrain-lab pretrain: --layers must be an integer, got '2.5'${see}`],
      ['not a number', ['c', '--out', 'm', '--lr', 'fast'], `pretrain-lab pretrain: --lr must be a number, got 'fast'${see}`],
      ['hex is not a number', ['c', '--out', 'm', '--lr', '0x10'], `pretrain-lab pretrain: --lr must be a number, got '0x10'${see}`],
      ['out of range', ['c', '--out', 'm', '--layers', '0'], `pretrain-lab pretrain: --layers must be an integer from 1 to 1024, got '0'${see}`],
      ['below minimum', ['c', '--out', 'm', '--lr', '-1'], `pretrain-lab pretrain: --lr must be a number of at least 0, got '-1'${see}`],
      ['bad enum', ['c', '--out', 'm', '--arch', 'llama'], `pretrain-lab pretrain: --arch must be one of gpt2, bert, t5, got 'llama'${see}`],
      ['bad switch value', ['c', '--out', 'm', '--json=yes'], `pretrain-lab pretrain: --json takes true or false, got 'yes'${see}`],
      ['value for a negated switch', ['c', '--out', 'm', '--no-shuffle=true'], `pretrain-lab pretrain: --no-shuffle takes no value${see}`],
      ['negating a non-switch', ['c', '--out', 'm', '--no-layers'], `pretrain-lab pretrain: unknown option --no-layers${see}`],
      ['repeated flag', ['c', '--out', 'm', '--lr', '1', '--lr', '2'], `pretrain-lab pretrain: --lr is given more than once${see}`],
      ['required option missing', ['c'], `pretrain-lab pretrain: --out is required${see}`],
      ['empty string', ['c', '--out', ''], `pretrain-lab pretrain: --out needs a non-empty value${see}`],
      ['positional missing', ['--out', 'm'], `pretrain-lab pretrain: missing <corpus> (folder or file to train on)${see}`],
      ['extra positional', ['a', 'b', '--out', 'm'], `pretrain-lab pretrain: unexpected argument 'b'${see}`],
    ];
    for (const [title, argv, message] of cases) it(title, () => usageError(() => parseCommand(pretrain, argv), message));
  });

  describe('selectCommand', () => {
    it('finds the command and leaves its arguments', () => {
      const selection = selectCommand(program, ['info', 'my-model']);
      assert.equal(selection.kind === 'command' && selection.command.name, 'info');
      assert.deepEqual(selection.kind === 'command' && selection.args, ['my-model']);
    });

    it('handles help and version', () => {
      assert.deepEqual(selectCommand(program, ['--help']), { kind: 'help' });
      assert.deepEqual(selectCommand(program, ['-h']), { kind: 'help' });
      assert.deepEqual(selectCommand(program, ['help', 'pretrain']), { kind: 'help', command: pretrain });
      assert.deepEqual(selectCommand(program, ['--version']), { kind: 'version' });
    });

    it('rejects a missing or unknown command', () => {
      const see = "; see 'pretrain-lab --help'";
      usageError(() => selectCommand(program, []), `pretrain-lab: no command given (commands: pretrain, info)${see}`);
      usageError(() => selectCommand(program, ['pretrian']), `pretrain-lab: unknown command 'pretrian' (did you mean pretrain?)${see}`);
      usageError(() => selectCommand(program, ['help', 'nope']), `pretrain-lab: unknown command 'nope'${see}`);
      usageError(() => selectCommand(program, ['--layers', '2']), `pretrain-lab: expected a command before --layers (commands: pretrain, info)${see}`);
    });
  });

  describe('help text', () => {
    it('is generated from the specs', () => {
      assert.equal(
        formatCommandHelp('pretrain-lab', pretrain),
        [
          'Usage: pretrain-lab pretrain <corpus> --out <model-dir> [options]',
          '',
          'Pretrain a small transformer on a folder or file of text.',
          '',
          'Arguments:',
          '  corpus  folder or file to train on',
          '',
          'Options:',
          '  --out <model-dir>      model folder to write (required)',
          '  --arch <gpt2|bert|t5>  architecture (default: gpt2)',
          '  --layers <n>           transformer blocks (from 1 to 1024; default: 4)',
          '  --lr <x>               peak learning rate (of at least 0; default: 0.001)',
          '  --temperature <x>      sampling temperature',
          '  --seed <n>             random seed',
          '  --max-new-tokens <n>   tokens to generate (default: 50)',
          '  --json                 print one JSON event per line instead of a progress bar',
          '  --[no-]shuffle         shuffle batches (default: on)',
          '  -h, --help             show this help',
          '',
          'Examples:',
          '  pretrain-lab pretrain tinyshakespeare.txt --out shakespeare --layers 4',
          '',
        ].join('\n'),
      );
    });

    it('wraps long descriptions and lists commands', () => {
      const long = defineCommand({
        name: 'x',
        summary: 's',
        positionals: [],
        options: { aVeryLongOptionNameThatDoesNotFit: { type: 'string', description: 'word '.repeat(30).trim() } },
      });
      const lines = formatCommandHelp('p', long).split('\n');
      assert.ok(lines.every((line) => line.length <= 80), 'no line beyond 80 columns');
      assert.ok(lines.includes('  --a-very-long-option-name-that-does-not-fit <text>'), 'a long label stands on its own line');
      assert.match(formatProgramHelp(program), /Commands:\n {2}pretrain {2}Pretrain a small transformer on a folder or file of text\.\n {2}info {6}Describe a model folder\./);
    });
  });
});
