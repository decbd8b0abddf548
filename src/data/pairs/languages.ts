/** Which files pair mining reads, by their name: the languages its scanners know. */
import * as path from 'node:path';
import type { PairLanguage } from './types';

const BY_EXTENSION: Record<string, PairLanguage> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescript',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  py: 'python', pyi: 'python',
  go: 'go',
  rs: 'rust',
  java: 'java',
  c: 'c', h: 'c',
  cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', hxx: 'cpp',
  md: 'markdown', markdown: 'markdown',
};

export const PAIR_LANGUAGES: readonly PairLanguage[] = ['typescript', 'javascript', 'python', 'go', 'rust', 'java', 'c', 'cpp', 'markdown'];

/** The language of a file name; undefined for files pair mining does not read (`.d.ts` included:
 *  declarations have no bodies). */
export function languageOfPath(filePath: string): PairLanguage | undefined {
  const base = path.basename(filePath).toLowerCase();
  if (/\.d\.[mc]?ts$/.test(base)) return undefined;
  return BY_EXTENSION[path.extname(base).slice(1)];
}
