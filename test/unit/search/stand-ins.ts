/**
 * Stand-ins for search's collaborators in unit tests: a unit miner that cuts a file at each
 * `function` line, and an embedder that hashes words into a small vector (so texts sharing
 * words are close) and counts what it embedded.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CodeUnit, PairLanguage } from '../../../src/data/pairs/types';
import type { TextEmbedder } from '../../../src/infer/embed';

/** One unit per `function name(…)` line, running to the line before the next one; a `// doc` line above becomes its doc. */
export function functionLineMiner(file: string, text: string, language: PairLanguage): CodeUnit[] {
  const lines = text.split('\n');
  const starts = lines.flatMap((line, i) => (/^function (\w+)/.test(line) ? [i] : []));
  return starts.map((start, n) => {
    const end = (n + 1 < starts.length ? starts[n + 1] : lines.length) - 1;
    const docLine = start > 0 && lines[start - 1].startsWith('// ') ? lines[start - 1].slice(3) : undefined;
    return {
      file,
      language,
      kind: 'function',
      name: /^function (\w+)/.exec(lines[start])![1],
      startLine: start + 1,
      endLine: end + 1,
      code: lines.slice(start, end + 1).join('\n'),
      ...(docLine ? { doc: docLine } : {}),
    };
  });
}

export interface CountingEmbedder extends TextEmbedder {
  /** Every text embedded, in order. */
  embedded: string[];
  released: boolean;
}

/** Bag of lower-cased words hashed into `dim` buckets. */
export function hashingEmbedder(dim = 16): CountingEmbedder {
  const embedder: CountingEmbedder = {
    dim,
    maxTokens: 64,
    embedded: [],
    released: false,
    async embed(texts) {
      embedder.embedded.push(...texts);
      return texts.map((t) => {
        const v = new Float32Array(dim);
        for (const word of t.toLowerCase().match(/[a-z]+/g) ?? []) v[hash(word) % dim] += 1;
        return v;
      });
    },
    async release() {
      embedder.released = true;
    },
  };
  return embedder;
}

function hash(word: string): number {
  let h = 2166136261;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** Writes files (relative path → text) under `root`. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  }
}

/** A workspace of three TypeScript files, two functions each. */
export const WORKSPACE = {
  'src/config.ts': '// read the settings file from disk\nfunction parseConfigFile(path) {\n  return JSON.parse(read(path));\n}\n// write settings back\nfunction saveConfig(config) {\n  write(config);\n}\n',
  'src/http.ts': '// start the web server on a port\nfunction startHttpServer(port) {\n  listen(port);\n}\nfunction closeServer(server) {\n  server.close();\n}\n',
  'src/math.ts': '// add two numbers\nfunction addNumbers(a, b) {\n  return a + b;\n}\nfunction multiplyMatrix(a, b) {\n  return matmul(a, b);\n}\n',
  'notes.txt': 'not a language search indexes\n',
};
