/**
 * `npm run data:search`: copies the sources of public code bases that nobody here wrote, brought
 * in as exact-version devDependencies from the npm registry, into data/search/<name>/ (gitignored)
 * for the semantic-search quality bench (bench/search.bench.ts). Only the hand-written source
 * files are copied: no bundles that repeat every function (lodash.js, date-fns' cdn.js), no
 * CommonJS twins or type declarations of the ES modules (date-fns' .cjs, .d.ts), no locales.
 * data/search/manifest.json records each code base's package, version and file count.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface SearchCodeBase {
  /** Folder under data/search/. */
  name: string;
  /** npm package it comes from (a devDependency with an exact version). */
  packageName: string;
  /** Whether a file, by its path relative to the package root with '/' separators, is copied. */
  include(relative: string): boolean;
  /** What the copied files are, for the manifest and the bench report. */
  description: string;
}

/** lodash's bundles and build entry points: each repeats functions the per-method files hold. */
const LODASH_BUNDLES = new Set(['lodash.js', 'lodash.min.js', 'core.js', 'core.min.js', 'fp.js']);
/** date-fns' whole library in one file each, for CDNs. */
const DATE_FNS_BUNDLES = new Set(['cdn.js', 'cdn.min.js']);

export const SEARCH_CODE_BASES: readonly SearchCodeBase[] = [
  {
    name: 'lodash',
    packageName: 'lodash',
    // One CommonJS file per method (public `chunk.js`, internal `_baseSlice.js`), each with its JSDoc.
    include: (rel) => !rel.includes('/') && rel.endsWith('.js') && !LODASH_BUNDLES.has(rel),
    description: 'per-method CommonJS files (public methods and internal helpers), without the bundles and fp/',
  },
  {
    name: 'date-fns',
    packageName: 'date-fns',
    // The ES-module sources: one file per function at the top, parsers and formatters below _lib/ and parse/.
    include: (rel) => rel.endsWith('.js') && !DATE_FNS_BUNDLES.has(rel) && (!rel.includes('/') || rel.startsWith('_lib/') || rel.startsWith('parse/')),
    description: 'ES-module sources (top level, _lib/, parse/), without the CDN bundles, .cjs twins, type declarations, locales and fp/',
  },
];

/** Files below `dir`, relative to it with '/' separators, sorted (so output does not depend on listing order). */
export function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    const stat = statSync(full);
    if (stat.isDirectory()) out.push(...listFiles(full, rel));
    else if (stat.isFile()) out.push(rel);
  }
  return out;
}

export interface CopiedCodeBase {
  name: string;
  packageName: string;
  version: string;
  files: number;
  bytes: number;
  description: string;
}

/** Copies one code base from its package folder into `out/<name>/` (replacing what was there). */
export function copyCodeBase(base: SearchCodeBase, packageDir: string, out: string): CopiedCodeBase {
  const manifest = path.join(packageDir, 'package.json');
  if (!existsSync(manifest)) throw new Error(`${base.packageName} is not installed in ${path.dirname(packageDir)}: run npm install (it is a devDependency)`);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const target = path.join(out, base.name);
  rmSync(target, { recursive: true, force: true });
  let files = 0;
  let bytes = 0;
  for (const rel of listFiles(packageDir).filter((f) => base.include(f))) {
    const to = path.join(target, ...rel.split('/'));
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(path.join(packageDir, ...rel.split('/')), to);
    files++;
    bytes += statSync(to).size;
  }
  if (files === 0) throw new Error(`no source files of ${base.packageName} in ${packageDir}: is it the right package?`);
  return { name: base.name, packageName: base.packageName, version, files, bytes, description: base.description };
}

/** Copies every code base from `nodeModules` into `out`, and writes `out/manifest.json`. */
export function writeSearchData(nodeModules: string, out: string, bases: readonly SearchCodeBase[] = SEARCH_CODE_BASES): CopiedCodeBase[] {
  mkdirSync(out, { recursive: true });
  const copied = bases.map((base) => copyCodeBase(base, path.join(nodeModules, base.packageName), out));
  writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(copied, null, 2) + '\n');
  return copied;
}

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const copied = writeSearchData(path.join(root, 'node_modules'), path.join(root, 'data', 'search'));
  for (const c of copied) console.log(`data/search/${c.name}: ${c.files} files (${Math.round(c.bytes / 1024)} KiB) from ${c.packageName}@${c.version} — ${c.description}`);
}
