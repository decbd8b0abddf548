/**
 * A small typed parser for `pretrain-lab <command> [positionals] [--flag value] [--switch]`.
 * Each command declares its options once (type, default, description); the parsed values are
 * typed from that declaration, `--help` text is generated from it (help.ts), and any mistake
 * becomes a one-line UsageError (exit 2).
 *
 * Option keys are camelCase (`maxNewTokens`) and their flags kebab-case (`--max-new-tokens`).
 * Accepted forms: `--flag value`, `--flag=value`, `--switch`, `--no-switch`, `--` ends options.
 */
import { UsageError } from './errors';

interface OptionBase {
  description: string;
  /** Placeholder in help, e.g. "dir" for `--out <dir>`. */
  valueName?: string;
}

export type OptionSpec =
  | (OptionBase & { type: 'string'; default?: string; required?: boolean })
  | (OptionBase & { type: 'int'; default?: number; required?: boolean; min?: number; max?: number })
  | (OptionBase & { type: 'float'; default?: number; required?: boolean; min?: number; max?: number; /** Exclusive lower bound: the value must be above it. */ above?: number })
  | (OptionBase & { type: 'bool'; default?: boolean })
  | (OptionBase & { type: 'enum'; values: readonly string[]; default?: string; required?: boolean });

export type OptionSpecs = Record<string, OptionSpec>;

export interface PositionalSpec {
  name: string;
  description: string;
  optional?: boolean;
}

export interface CommandSpec<O extends OptionSpecs = OptionSpecs> {
  name: string;
  /** One line, shown in the command list and at the top of the command's help. */
  summary: string;
  positionals: readonly PositionalSpec[];
  options: O;
  /** Full command lines shown under "Examples" in help. */
  examples?: readonly string[];
}

type ValueOf<S extends OptionSpec> = S extends { type: 'string' }
  ? string
  : S extends { type: 'int' | 'float' }
    ? number
    : S extends { type: 'bool' }
      ? boolean
      : S extends { type: 'enum'; values: readonly (infer V)[] }
        ? V
        : never;

/** Switches are always false or true; other options are undefined unless defaulted or required. */
type AlwaysSet<S extends OptionSpec> = S extends { type: 'bool' } ? true : S extends { default: unknown } ? true : S extends { required: true } ? true : false;

export type ParsedOptions<O extends OptionSpecs> = {
  [K in keyof O]: AlwaysSet<O[K]> extends true ? ValueOf<O[K]> : ValueOf<O[K]> | undefined;
};

export interface ParsedCommand<O extends OptionSpecs> {
  kind: 'run';
  positionals: string[];
  options: ParsedOptions<O>;
  /** Options the user typed, as opposed to defaults (e.g. so `--resume` can keep saved values). */
  given: ReadonlySet<keyof O>;
}

/** Declares a command, keeping literal types (enum values) for typed parsing. */
export function defineCommand<const O extends OptionSpecs>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

const HELP_FLAGS = new Set(['--help', '-h']);

/** Parses a command's arguments (after the command name); `{kind: 'help'}` for --help / -h. */
export function parseCommand<O extends OptionSpecs>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  program = 'pretrain-lab',
): ParsedCommand<O> | { kind: 'help' } {
  const fail = (problem: string): never => {
    throw new UsageError(`${program} ${spec.name}: ${problem}; see '${program} ${spec.name} --help'`);
  };
  const byFlag = new Map(Object.keys(spec.options).map((key) => [flagOf(key), key]));
  const values: Record<string, unknown> = {};
  const given = new Set<keyof O>();
  const positionals: string[] = [];
  // Help wins over everything else on the line, even over mistakes made before it.
  const end = argv.indexOf('--');
  if ((end >= 0 ? argv.slice(0, end) : argv).some((token) => HELP_FLAGS.has(token))) return { kind: 'help' };

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!looksLikeFlag(token)) {
      positionals.push(token);
      continue;
    }
    const equals = token.indexOf('=');
    const flag = equals >= 0 ? token.slice(0, equals) : token;
    const inlineValue = equals >= 0 ? token.slice(equals + 1) : undefined;

    let key = byFlag.get(flag);
    let negated = false;
    if (key === undefined && flag.startsWith('--no-')) {
      const positive = byFlag.get(`--${flag.slice(5)}`);
      if (positive !== undefined && spec.options[positive].type === 'bool') {
        key = positive;
        negated = true;
      }
    }
    if (key === undefined) return fail(`unknown option ${flag}${suggest(flag, [...byFlag.keys()])}`);
    if (given.has(key)) return fail(`${flag} is given more than once`);
    const option = spec.options[key];

    if (option.type === 'bool') {
      if (negated && inlineValue !== undefined) return fail(`${flag} takes no value`);
      values[key] = negated ? false : inlineValue === undefined ? true : parseBool(flag, inlineValue, fail);
    } else {
      let raw = inlineValue;
      if (raw === undefined) {
        const next = argv[i + 1];
        if (next === undefined || (looksLikeFlag(next) && !isNumber(next))) return fail(`${flag} needs a value${placeholder(option)}`);
        raw = next;
        i++;
      }
      values[key] = convert(flag, option, raw, fail);
    }
    given.add(key);
  }

  for (const [key, option] of Object.entries(spec.options)) {
    if (values[key] !== undefined) continue;
    if (option.default !== undefined) values[key] = option.default;
    else if (option.type === 'bool') values[key] = false;
    else if (option.required) fail(`${flagOf(key)} is required`);
    else values[key] = undefined; // every key present, so options can be spread and compared
  }
  checkPositionals(spec, positionals, fail);
  return { kind: 'run', positionals, options: values as ParsedOptions<O>, given };
}

function checkPositionals(spec: CommandSpec, positionals: string[], fail: (problem: string) => never): void {
  const required = spec.positionals.filter((p) => !p.optional);
  if (positionals.length < required.length) {
    fail(`missing <${required[positionals.length].name}> (${required[positionals.length].description})`);
  }
  if (positionals.length > spec.positionals.length) {
    fail(`unexpected argument '${positionals[spec.positionals.length]}'`);
  }
}

/** "-5" and "-1e-3" are values; "-h", "--lr" and "-x" are flags; "-" alone is a value (stdin). */
function looksLikeFlag(token: string): boolean {
  return token.startsWith('-') && token.length > 1 && !isNumber(token);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function isNumber(text: string): boolean {
  return NUMBER.test(text);
}

function placeholder(option: OptionSpec): string {
  return option.type === 'enum' ? ` (one of ${option.values.join(', ')})` : ` (${option.valueName ?? option.type})`;
}

function parseBool(flag: string, raw: string, fail: (problem: string) => never): boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return fail(`${flag} takes true or false, got '${raw}'`);
}

function convert(flag: string, option: Exclude<OptionSpec, { type: 'bool' }>, raw: string, fail: (problem: string) => never): unknown {
  switch (option.type) {
    case 'string':
      if (raw === '') fail(`${flag} needs a non-empty value`);
      return raw;
    case 'enum':
      if (!option.values.includes(raw)) fail(`${flag} must be one of ${option.values.join(', ')}, got '${raw}'`);
      return raw;
    case 'int':
    case 'float': {
      const value = isNumber(raw) ? Number(raw) : NaN;
      const kind = option.type === 'int' ? 'an integer' : 'a number';
      if (!Number.isFinite(value) || (option.type === 'int' && !Number.isSafeInteger(value))) fail(`${flag} must be ${kind}, got '${raw}'`);
      if ((option.min !== undefined && value < option.min) || (option.max !== undefined && value > option.max)) {
        fail(`${flag} must be ${kind} ${describeRange(option.min, option.max)}, got '${raw}'`);
      }
      if (option.type === 'float' && option.above !== undefined && !(value > option.above)) fail(`${flag} must be ${kind} above ${option.above}, got '${raw}'`);
      return value;
    }
  }
}

export function describeRange(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  if (min !== undefined) return `of at least ${min}`;
  return `of at most ${max}`;
}

/** " (did you mean --lr?)" for a near miss, else "". */
export function suggest(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const closeEnough = best !== undefined && (bestDistance <= 2 || (best.startsWith(word) && word.length >= 4));
  return closeEnough ? ` (did you mean ${best}?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

export interface ProgramSpec {
  name: string;
  summary: string;
  commands: readonly CommandSpec[];
}

export type CommandSelection =
  | { kind: 'help'; command?: CommandSpec }
  | { kind: 'version' }
  | { kind: 'command'; command: CommandSpec; args: string[] };

/**
 * Picks the command from `argv` (the arguments after the program name): `help [command]`,
 * `--help`, `--version`, or a command with the arguments left for parseCommand.
 */
export function selectCommand(program: ProgramSpec, argv: readonly string[]): CommandSelection {
  const names = program.commands.map((c) => c.name);
  const fail = (problem: string): never => {
    throw new UsageError(`${program.name}: ${problem}; see '${program.name} --help'`);
  };
  const [first, ...rest] = argv;
  if (first === undefined) return fail(`no command given (commands: ${names.join(', ')})`);
  if (HELP_FLAGS.has(first) || first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { kind: 'help' };
    return { kind: 'help', command: findCommand(program, topic) ?? fail(`unknown command '${topic}'${suggest(topic, names)}`) };
  }
  if (first === '--version') return { kind: 'version' };
  const command = findCommand(program, first);
  if (!command) {
    return looksLikeFlag(first)
      ? fail(`expected a command before ${first} (commands: ${names.join(', ')})`)
      : fail(`unknown command '${first}'${suggest(first, names)}`);
  }
  return { kind: 'command', command, args: rest };
}

function findCommand(program: ProgramSpec, name: string): CommandSpec | undefined {
  return program.commands.find((c) => c.name === name);
}
