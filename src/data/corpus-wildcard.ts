/**
 * Wildcard matching in linear-bounded time, for `.gitignore` patterns: the same routine matches
 * characters within a path segment (`*`, `?`, `[a-z]`) and segments within a path (`**`).
 * Regular expressions built from such patterns backtrack exponentially on nested stars
 * (`a/**\/a/**\/…/b` against a deep path never finished); this never does.
 */

/** One step of a pattern: `star` matches any run of units (none included); any other token matches exactly one unit. */
export type WildcardToken<T> = { readonly star: true } | { readonly star: false; readonly matches: (unit: T) => boolean };

export const STAR = { star: true } as const;

/**
 * Whether `tokens` match the whole of `units`. Greedy, and on a mismatch it retries only from the
 * most recent star, one unit further: whatever an earlier star matched can be kept, because any
 * match through the later star also exists with the earlier choice. At most units × tokens steps.
 */
export function matchWildcard<T>(units: ArrayLike<T>, tokens: readonly WildcardToken<T>[]): boolean {
  let unit = 0;
  let token = 0;
  let lastStar = -1;
  let resumeUnit = 0;
  while (unit < units.length) {
    const current = tokens[token];
    if (current !== undefined && current.star) {
      lastStar = token++;
      resumeUnit = unit;
    } else if (current !== undefined && current.matches(units[unit])) {
      unit++;
      token++;
    } else if (lastStar >= 0) {
      token = lastStar + 1;
      unit = ++resumeUnit;
    } else {
      return false;
    }
  }
  while (token < tokens.length && tokens[token].star) token++;
  return token === tokens.length;
}

/** A token no unit matches: what git's wildmatch makes of a malformed pattern (it matches nothing). */
const NEVER: WildcardToken<unknown> = { star: false, matches: () => false };

/** `[:alpha:]` and its kin inside a class, as git's wildmatch knows them. */
const POSIX_CLASSES: Record<string, RegExp> = {
  alnum: /[A-Za-z0-9]/, alpha: /[A-Za-z]/, blank: /[ \t]/, cntrl: /[\x00-\x1f\x7f]/, digit: /[0-9]/,
  graph: /[\x21-\x7e]/, lower: /[a-z]/, print: /[\x20-\x7e]/, punct: /[!-\/:-@[-`{-~]/, space: /[ \t\n\r\f\v]/,
  upper: /[A-Z]/, xdigit: /[0-9A-Fa-f]/,
};

/**
 * Compiles one path segment of a gitignore pattern (no `/` in it) to tokens over its characters:
 * `*` any run, `?` any one character, `[…]` a class (`!` or `^` negates, `a-z` ranges, `]` first
 * is literal, `[:alpha:]` and kin), `\x` the character x. As in git, a `[` with no closing `]`
 * or a trailing lone `\` makes the pattern match nothing.
 */
export function compileSegmentGlob(glob: string): WildcardToken<string>[] {
  const tokens: WildcardToken<string>[] = [];
  const literal = (c: string): WildcardToken<string> => ({ star: false, matches: (u) => u === c });
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (tokens.at(-1) !== STAR) tokens.push(STAR);
    } else if (c === '?') {
      tokens.push({ star: false, matches: () => true });
    } else if (c === '\\') {
      tokens.push(i + 1 < glob.length ? literal(glob[++i]) : NEVER);
    } else if (c === '[') {
      const parsed = parseClass(glob, i);
      if (!parsed) return [NEVER];
      tokens.push({ star: false, matches: parsed.matches });
      i = parsed.end;
    } else {
      tokens.push(literal(c));
    }
  }
  return tokens;
}

/** The index of the `]` closing the class that starts at `start`, or undefined when it is unclosed. */
export function classEnd(glob: string, start: number): number | undefined {
  return parseClass(glob, start)?.end;
}

/** A `[…]` class starting at `start`: its test and the index of its `]`; undefined when unclosed. */
function parseClass(glob: string, start: number): { matches: (c: string) => boolean; end: number } | undefined {
  let i = start + 1;
  const negated = glob[i] === '!' || glob[i] === '^';
  if (negated) i++;
  const ranges: [string, string][] = [];
  const named: RegExp[] = [];
  let first = true;
  for (; i < glob.length; i++) {
    let c = glob[i];
    if (c === ']' && !first) {
      const inClass = (u: string) => ranges.some(([lo, hi]) => u >= lo && u <= hi) || named.some((re) => re.test(u));
      return { matches: (u) => inClass(u) !== negated, end: i };
    }
    first = false;
    const posix = c === '[' && glob[i + 1] === ':' ? /^\[:([a-z]+):\]/.exec(glob.slice(i, i + 12)) : null;
    if (posix) {
      const re = POSIX_CLASSES[posix[1]];
      if (!re) return undefined;
      named.push(re);
      i += posix[0].length - 1;
      continue;
    }
    if (c === '\\' && i + 1 < glob.length) c = glob[++i];
    if (glob[i + 1] === '-' && i + 2 < glob.length && glob[i + 2] !== ']') {
      let hi = glob[i + 2];
      i += 2;
      if (hi === '\\' && i + 1 < glob.length) hi = glob[++i];
      ranges.push([c, hi]);
    } else {
      ranges.push([c, c]);
    }
  }
  return undefined;
}
