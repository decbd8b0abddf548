/**
 * The lines of one `.gitignore` compiled to rules with git's meaning (gitignore(5)): `#` comments,
 * unescaped trailing spaces dropped, `!` negates, a trailing `/` matches folders only, a `/` at
 * the start or in the middle anchors the pattern to the file's folder (otherwise it matches at
 * any depth), `**` as a whole segment spans any number of folders. Matching runs through
 * corpus-wildcard.ts, so it takes time linear in path and pattern length, never exponential.
 */
import { classEnd, compileSegmentGlob, matchWildcard, STAR, type WildcardToken } from './corpus-wildcard';

/** Longer lines are dropped with a warning: no real pattern is this long, and each costs time per path. */
export const MAX_PATTERN_CHARS = 4096;

export interface GitignoreRule {
  /** The line as written (trailing spaces dropped), for skip reasons. */
  pattern: string;
  negated: boolean;
  folderOnly: boolean;
  /** Tokens over the path's segments. */
  segments: WildcardToken<string>[];
}

export interface ParsedGitignore {
  rules: GitignoreRule[];
  /** One line each, naming the file and line, for rules that were dropped. */
  warnings: string[];
}

const ANY_SEGMENT: WildcardToken<string> = { star: false, matches: () => true };

/** `fileLabel` names the file in warnings (e.g. `src/.gitignore`). */
export function parseGitignore(text: string, fileLabel: string): ParsedGitignore {
  const rules: GitignoreRule[] = [];
  const warnings: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].length > MAX_PATTERN_CHARS) {
      warnings.push(`${fileLabel} line ${i + 1} is ${lines[i].length} characters long (limit ${MAX_PATTERN_CHARS}); that rule is not applied`);
      continue;
    }
    const rule = parseRule(lines[i]);
    if (rule) rules.push(rule);
  }
  return { rules, warnings };
}

/** Whether `rule` matches `relativePath` (`/`-separated, relative to the .gitignore's folder). */
export function ruleMatches(rule: GitignoreRule, relativePath: string, isDirectory: boolean): boolean {
  if (rule.folderOnly && !isDirectory) return false;
  return matchWildcard(relativePath.split('/'), rule.segments);
}

function parseRule(line: string): GitignoreRule | undefined {
  let body = dropTrailingSpaces(line);
  if (body === '' || body.startsWith('#')) return undefined;
  const pattern = body;
  const negated = body.startsWith('!');
  if (negated) body = body.slice(1);
  const folderOnly = body.endsWith('/');
  if (folderOnly) body = body.slice(0, -1);
  const anchored = body.includes('/');
  if (body.startsWith('/')) body = body.slice(1);
  const globs = splitSegments(body).filter((g) => g !== '');
  if (globs.length === 0) return undefined;

  const segments: WildcardToken<string>[] = anchored ? [] : [STAR];
  globs.forEach((glob, i) => {
    if (glob !== '**') {
      const tokens = compileSegmentGlob(glob);
      segments.push({ star: false, matches: (segment) => matchWildcard(segment, tokens) });
    } else if (i === globs.length - 1) {
      // A trailing `/**` matches everything inside, not the folder itself: at least one segment.
      segments.push(ANY_SEGMENT, STAR);
    } else {
      segments.push(STAR);
    }
  });
  return { pattern, negated, folderOnly, segments };
}

/**
 * Splits a pattern at its `/`s, as git's wildmatch reads it: a `/` inside a `[…]` class belongs
 * to the class (which still never matches a `/`), and an escaped `\/` is a separator all the same.
 */
function splitSegments(body: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    const end = c === '[' ? classEnd(body, i) : undefined;
    if (end !== undefined) {
      current += body.slice(i, end + 1);
      i = end;
    } else if (c === '/' || (c === '\\' && body[i + 1] === '/')) {
      segments.push(current);
      current = '';
      if (c === '\\') i++;
    } else if (c === '\\') {
      current += body.slice(i, i + 2);
      i++;
    } else {
      current += c;
    }
  }
  segments.push(current);
  return segments;
}

/** Trailing spaces are ignored unless escaped with a backslash (`foo\ `). */
function dropTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ') {
    let backslashes = 0;
    while (end - 2 - backslashes >= 0 && line[end - 2 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 1) break;
    end--;
  }
  return line.slice(0, end);
}
