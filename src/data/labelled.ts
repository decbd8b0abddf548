/**
 * Labelled text for classification, from the three shapes users have it in:
 *   - JSONL: one object per line, text and label under configurable keys (`{"text","label"}`);
 *   - CSV with a header row naming the text and label columns;
 *   - a folder with one sub-folder per label, each file in it one example.
 * Every example remembers where it came from, so each data error names the file and line.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../util/errors';
import { readRegularFile } from '../util/regular-file';
import { parseCsv } from './labelled-csv';
import { decodeUtf8Strict } from './labelled-text';

export interface LabelledExample {
  text: string;
  label: string;
  /** `file line N` or the file of a folder-per-label example. */
  where: string;
}

export interface LabelledFields {
  /** Key (JSONL) or column (CSV) of the text; default "text". */
  textField?: string;
  /** Key or column of the label; default "label". */
  labelField?: string;
}

/**
 * The largest labelled-data file read: its text must fit one JavaScript string (~512 M
 * characters), and a classifier finetuned here never needs more.
 */
const MAX_LABELLED_FILE_BYTES = 256 * 1024 * 1024;

/** A labelled-data file's text, through the regular-file checks: a FIFO or a device as --data is refused, never waited on. */
function readLabelledText(file: string): string {
  return decodeUtf8Strict(readRegularFile(file, { maxBytes: MAX_LABELLED_FILE_BYTES }), file);
}

/** Reads labelled examples from a .jsonl/.json/.csv file or a folder per label. */
export function readLabelled(source: string, fields: LabelledFields = {}): LabelledExample[] {
  let stat;
  try {
    stat = statSync(source);
  } catch {
    throw new InputError(`labelled data ${source} does not exist`);
  }
  const keys = { text: fields.textField ?? 'text', label: fields.labelField ?? 'label' };
  let examples: LabelledExample[];
  if (stat.isDirectory()) examples = readFolderPerLabel(source);
  else if (/\.jsonl?$/i.test(source)) examples = readJsonl(source, keys);
  else if (/\.csv$/i.test(source)) examples = readCsv(source, keys);
  else throw new InputError(`labelled data ${source}: expected a .jsonl or .csv file, or a folder with one sub-folder per label`);
  if (examples.length === 0) throw new InputError(`labelled data ${source} holds no examples`);
  return examples;
}

/** Lines of a text file without the blank ones at its end, numbered from 1. */
function contentLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
}

function readJsonl(file: string, keys: { text: string; label: string }): LabelledExample[] {
  return contentLines(readLabelledText(file)).map((line, i) => {
    const where = `${file} line ${i + 1}`;
    if (line.trim() === '') throw new InputError(`${where}: is empty; every line must be one JSON object`);
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new InputError(`${where}: is not valid JSON (${(error as Error).message})`);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new InputError(`${where}: is not a JSON object`);
    const r = record as Record<string, unknown>;
    return example(where, r[keys.text], r[keys.label], keys, '--text-field', '--label-field', Object.keys(r));
  });
}

function readCsv(file: string, keys: { text: string; label: string }): LabelledExample[] {
  const records = parseCsv(readLabelledText(file), file);
  while (records.length > 0 && isBlank(records[records.length - 1].fields)) records.pop();
  const header = records.shift();
  if (!header || isBlank(header.fields)) throw new InputError(`${file} line 1: the CSV has no header row naming its columns`);
  const columns = header.fields.map((f) => f.trim());
  const textColumn = columns.indexOf(keys.text);
  const labelColumn = columns.indexOf(keys.label);
  for (const [column, key, flag] of [[textColumn, keys.text, '--text-field'], [labelColumn, keys.label, '--label-field']] as const) {
    if (column < 0) throw new InputError(`${file} line ${header.line}: no column '${key}' in the header (${columns.join(', ')}); name the column with ${flag}`);
  }
  return records.map(({ line, fields }) => {
    const where = `${file} line ${line}`;
    if (isBlank(fields)) throw new InputError(`${where}: is empty; remove blank lines between records`);
    if (fields.length !== columns.length) throw new InputError(`${where}: has ${fields.length} fields but the header has ${columns.length}`);
    return example(where, fields[textColumn], fields[labelColumn], keys, '--text-field', '--label-field', columns);
  });
}

function isBlank(fields: string[]): boolean {
  return fields.length === 1 && fields[0].trim() === '';
}

function readFolderPerLabel(dir: string): LabelledExample[] {
  const visible = (d: string) => readdirSync(d, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
  const labels = visible(dir).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  if (labels.length === 0) throw new InputError(`labelled data ${dir}: a folder of labelled data needs one sub-folder per label, with text files in each`);
  return labels.flatMap((label) =>
    visible(path.join(dir, label))
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort()
      .map((name) => {
        const file = path.join(dir, label, name);
        const text = readLabelledText(file).trim();
        if (text === '') throw new InputError(`${file}: is empty; every file of a label folder is one example`);
        return { text, label, where: file };
      }),
  );
}

function example(where: string, text: unknown, label: unknown, keys: { text: string; label: string }, textFlag: string, labelFlag: string, present: string[]): LabelledExample {
  const has = present.length > 0 ? ` (it has ${present.join(', ')})` : '';
  if (text === undefined) throw new InputError(`${where}: no '${keys.text}' field${has}; name the text field with ${textFlag}`);
  if (label === undefined) throw new InputError(`${where}: no '${keys.label}' field${has}; name the label field with ${labelFlag}`);
  if (typeof text !== 'string') throw new InputError(`${where}: '${keys.text}' is ${describeJsonType(text)}, not a string`);
  if (typeof label !== 'string' && typeof label !== 'number' && typeof label !== 'boolean') {
    throw new InputError(`${where}: '${keys.label}' is ${describeJsonType(label)}; a label must be a string, a number or true/false`);
  }
  if (text.trim() === '') throw new InputError(`${where}: the text is empty`);
  const name = String(label).trim();
  if (name === '') throw new InputError(`${where}: the label is empty`);
  return { text, label: name, where };
}

/** A JSON value's type in words, for messages. */
function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
