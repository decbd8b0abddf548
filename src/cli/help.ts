/**
 * `--help` text generated from the command specs in args.ts, so help and parsing can never
 * disagree about a flag, its type or its default.
 */
import { CommandSpec, OptionSpec, ProgramSpec, describeRange, flagOf } from './args';

const WIDTH = 80;
const MAX_LABEL = 30;
const HELP_OPTION = { label: '-h, --help', text: 'show this help' };

export function formatCommandHelp(programName: string, spec: CommandSpec): string {
  const positionals = spec.positionals.map((p) => (p.optional ? `[${p.name}]` : `<${p.name}>`));
  const required = Object.entries(spec.options).flatMap(([key, o]) =>
    o.type !== 'bool' && o.required && o.default === undefined ? [`${flagOf(key)} ${valuePlaceholder(o)}`] : [],
  );
  const lines = [`Usage: ${[programName, spec.name, ...positionals, ...required, '[options]'].join(' ')}`, '', spec.summary];

  if (spec.positionals.length > 0) {
    lines.push('', 'Arguments:');
    lines.push(...table(spec.positionals.map((p) => ({ label: p.name, text: p.description }))));
  }
  const options = Object.entries(spec.options).map(([key, option]) => ({ label: optionLabel(key, option), text: optionText(option) }));
  lines.push('', 'Options:', ...table([...options, HELP_OPTION]));
  if (spec.examples && spec.examples.length > 0) {
    lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  }
  return lines.join('\n') + '\n';
}

export function formatProgramHelp(program: ProgramSpec): string {
  const lines = [`Usage: ${program.name} <command> [options]`, '', program.summary, '', 'Commands:'];
  lines.push(...table(program.commands.map((c) => ({ label: c.name, text: c.summary }))));
  lines.push('', `Run '${program.name} <command> --help' for the options of a command,`, `'${program.name} --version' for the version.`);
  return lines.join('\n') + '\n';
}

function valuePlaceholder(option: Exclude<OptionSpec, { type: 'bool' }>): string {
  if (option.valueName) return `<${option.valueName}>`;
  if (option.type === 'enum') return `<${option.values.join('|')}>`;
  return option.type === 'string' ? '<text>' : `<${option.type === 'int' ? 'n' : 'x'}>`;
}

function optionLabel(key: string, option: OptionSpec): string {
  if (option.type === 'bool') return option.default === true ? `--[no-]${flagOf(key).slice(2)}` : flagOf(key);
  return `${flagOf(key)} ${valuePlaceholder(option)}`;
}

function optionText(option: OptionSpec): string {
  const notes: string[] = [];
  if (option.type === 'int' || option.type === 'float') {
    if (option.min !== undefined || option.max !== undefined) notes.push(describeRange(option.min, option.max));
  }
  if (option.type !== 'bool' && option.required && option.default === undefined) notes.push('required');
  if (option.type === 'bool' && option.default === true) notes.push('default: on');
  if (option.type !== 'bool' && option.default !== undefined) notes.push(`default: ${option.default}`);
  return notes.length > 0 ? `${option.description} (${notes.join('; ')})` : option.description;
}

/** Two columns; a long label gets its text on the next line; text wraps at WIDTH. */
function table(rows: { label: string; text: string }[]): string[] {
  const labelWidth = Math.min(MAX_LABEL, Math.max(...rows.map((r) => r.label.length)));
  const indent = ' '.repeat(2 + labelWidth + 2);
  const out: string[] = [];
  for (const { label, text } of rows) {
    const wrapped = wrap(text, WIDTH - indent.length);
    if (label.length > labelWidth) {
      out.push(`  ${label}`);
      out.push(...wrapped.map((line) => indent + line));
    } else {
      out.push(`  ${label.padEnd(labelWidth)}  ${wrapped[0]}`);
      out.push(...wrapped.slice(1).map((line) => indent + line));
    }
  }
  return out;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
}
