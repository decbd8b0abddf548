// Token labels and the window of tokens the views draw. Long inputs are shown a
// window at a time so that every view stays fluid however long the text is.

/** Tokens drawn at once: the matrix and head view stay readable and fast at this size. */
export const WINDOW = 40;

/** A readable label: whitespace made visible, the leading space of a word dropped. */
export function tokenLabel(token: string): string {
  const visible = token.replace(/\r?\n/g, '↵').replace(/\t/g, '⇥');
  return visible.trim() ? visible.trim() : '␣'.repeat(Math.max(1, Math.min(visible.length, 3)));
}

/** Where a token lies in the text (1-based), for families that read the layout (LayoutLM). */
export interface TokenPlace {
  line: number;
  column: number;
}

/** A token's hover text: its exact spelling, and its line:column where the report has them. */
export function tokenTitle(token: string, place?: TokenPlace | null): string {
  return place ? `${JSON.stringify(token)} · line ${place.line}:${place.column}` : JSON.stringify(token);
}

export interface TokenWindow {
  /** First token shown, and one past the last. */
  start: number;
  end: number;
}

export function windowAt(start: number, count: number): TokenWindow {
  const s = Math.max(0, Math.min(start, Math.max(0, count - WINDOW)));
  return { start: s, end: Math.min(count, s + WINDOW) };
}

/** The weights of queries and keys inside the window: rows[query][key]. */
export function windowed(rows: number[][], queries: TokenWindow, keys: TokenWindow): number[][] {
  return rows.slice(queries.start, queries.end).map((row) => row.slice(keys.start, keys.end));
}
