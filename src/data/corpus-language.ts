/**
 * Language guessed from a file name, as a VS Code language id: the summary groups files by it
 * and the content checks treat prose and code differently.
 */
import * as path from 'node:path';

const BY_EXTENSION: Record<string, string> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescriptreact',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascriptreact',
  json: 'json', jsonc: 'jsonc', json5: 'json5',
  py: 'python', pyi: 'python', ipynb: 'jupyter',
  rs: 'rust', go: 'go', java: 'java', kt: 'kotlin', kts: 'kotlin', scala: 'scala',
  c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', hxx: 'cpp',
  cs: 'csharp', fs: 'fsharp', swift: 'swift', m: 'objective-c', mm: 'objective-cpp',
  rb: 'ruby', php: 'php', pl: 'perl', pm: 'perl', lua: 'lua', r: 'r', jl: 'julia',
  dart: 'dart', ex: 'elixir', exs: 'elixir', erl: 'erlang', hs: 'haskell', ml: 'ocaml',
  clj: 'clojure', zig: 'zig', nim: 'nim', sol: 'solidity', vue: 'vue', svelte: 'svelte',
  sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', fish: 'fish', ps1: 'powershell',
  bat: 'bat', cmd: 'bat',
  html: 'html', htm: 'html', xml: 'xml', svg: 'xml', css: 'css', scss: 'scss', sass: 'sass',
  less: 'less', yaml: 'yaml', yml: 'yaml', toml: 'toml', ini: 'ini', cfg: 'ini', sql: 'sql',
  graphql: 'graphql', gql: 'graphql', proto: 'proto',
  md: 'markdown', markdown: 'markdown', mdx: 'mdx', rst: 'restructuredtext', adoc: 'asciidoc',
  tex: 'latex', bib: 'bibtex', txt: 'plaintext', text: 'plaintext', csv: 'csv', tsv: 'tsv',
};

const BY_FILE_NAME: Record<string, string> = {
  makefile: 'makefile', gnumakefile: 'makefile', dockerfile: 'dockerfile',
  cmakelists: 'cmake', '.gitignore': 'ignore', '.npmignore': 'ignore', '.dockerignore': 'ignore',
  license: 'plaintext', readme: 'plaintext',
};

/** Languages whose lines are paragraphs: long lines there are normal, not a sign of minification. */
const PROSE_LANGUAGES = new Set([
  'plaintext', 'markdown', 'mdx', 'restructuredtext', 'asciidoc', 'latex', 'csv', 'tsv',
]);

export function guessLanguage(filePath: string): string {
  const base = path.basename(filePath).toLowerCase();
  const byName = BY_FILE_NAME[base] ?? BY_FILE_NAME[base.replace(/\.txt$/, '')];
  if (byName) return byName;
  const ext = path.extname(base).slice(1);
  return BY_EXTENSION[ext] ?? 'plaintext';
}

export function isProse(language: string): boolean {
  return PROSE_LANGUAGES.has(language);
}
