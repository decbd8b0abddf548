/**
 * A small workspace of code with docstrings, for runs that train on (code, text) pairs
 * (`--objective tlm`, `--objective contrastive`) in the kill and disk-full tests: JavaScript
 * functions with JSDoc and Python functions with docstrings, spread over enough files that
 * holding out whole files for validation still leaves pairs on both sides.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const VERBS = ['parse', 'format', 'merge', 'split', 'count', 'sort', 'filter', 'render'];
const NOUNS = ['config', 'date', 'list', 'record', 'path', 'token', 'header', 'matrix'];

function jsFunction(verb: string, noun: string): string {
  return [
    '/**',
    ` * ${verb[0].toUpperCase()}${verb.slice(1)}s the ${noun} given and returns a new ${noun}.`,
    ` * @param {object} ${noun} The ${noun} to ${verb}.`,
    ' */',
    `function ${verb}${noun[0].toUpperCase()}${noun.slice(1)}(${noun}) {`,
    `  const out = { ...${noun}, ${verb}ed: true };`,
    '  return out;',
    '}',
    '',
  ].join('\n');
}

function pyFunction(verb: string, noun: string): string {
  return [
    `def ${verb}_${noun}(${noun}):`,
    `    """${verb[0].toUpperCase()}${verb.slice(1)} a ${noun} and return the result."""`,
    `    result = dict(${noun})`,
    `    result["${verb}"] = True`,
    '    return result',
    '',
    '',
  ].join('\n');
}

/** Writes the workspace as `dir/pairs/` (16 files, 64 documented functions); returns its path. */
export function pairCorpus(dir: string): string {
  const root = path.join(dir, 'pairs');
  mkdirSync(root, { recursive: true });
  VERBS.forEach((verb, i) => {
    writeFileSync(path.join(root, `${verb}.js`), NOUNS.slice(0, 4).map((n) => jsFunction(verb, NOUNS[(NOUNS.indexOf(n) + i) % NOUNS.length])).join('\n'));
    writeFileSync(path.join(root, `${verb}_util.py`), NOUNS.slice(4).map((n) => pyFunction(verb, NOUNS[(NOUNS.indexOf(n) + i) % NOUNS.length])).join(''));
  });
  return root;
}
