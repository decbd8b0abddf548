/**
 * Turning mined (docstring, function) pairs into the search bench's queries: the query text a
 * docstring gives (its description's first paragraph, as CodeSearchNet does, never its tags or
 * examples, which name the function), and the seeded split of pairs into training and held-out
 * queries by whole files, so no held-out function's file is trained on.
 */
import { Rng } from '../src/util/rng';

/** JSDoc tags whose text is the description (date-fns starts its comments with `@name`, then `@summary`/`@description`). */
const DESCRIPTION_TAGS = new Set(['description', 'summary', 'desc']);

/**
 * The query a docstring gives: the first paragraph of its untagged text, else of its
 * `@description`/`@summary`, with whitespace collapsed; '' when it has none. Comment markers
 * (`/**`, ` * `) are stripped in case the miner left them.
 */
export function queryOf(doc: string): string {
  const lines = doc
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/^\s*\/\*\*?/, '').replace(/\*\/\s*$/, '').replace(/^\s*\*( |$)/, '').trimEnd());
  const free: string[] = [];
  const described: string[] = [];
  let inTag: string | undefined;
  for (const line of lines) {
    const tag = /^\s*@(\w+)\s*(.*)$/.exec(line);
    if (tag) {
      inTag = tag[1].toLowerCase();
      if (DESCRIPTION_TAGS.has(inTag)) described.push(tag[2]);
      continue;
    }
    if (inTag === undefined) free.push(line);
    else if (DESCRIPTION_TAGS.has(inTag)) described.push(line);
  }
  return firstParagraph(free) || firstParagraph(described);
}

function firstParagraph(lines: readonly string[]): string {
  const text = lines.join('\n').trim();
  return text.split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();
}

/**
 * Splits items by their file, seeded: files are shuffled and taken into the held-out side until
 * it holds at least `share` of the items. Same items, same seed: same split, whatever their order.
 */
export function splitByFile<T extends { file: string }>(items: readonly T[], share: number, seed: number): { train: T[]; heldOut: T[] } {
  const perFile = new Map<string, number>();
  for (const it of items) perFile.set(it.file, (perFile.get(it.file) ?? 0) + 1);
  const files = new Rng(seed).shuffle([...perFile.keys()].sort());
  const held = new Set<string>();
  let count = 0;
  for (const f of files) {
    if (count >= share * items.length) break;
    held.add(f);
    count += perFile.get(f)!;
  }
  return { train: items.filter((it) => !held.has(it.file)), heldOut: items.filter((it) => held.has(it.file)) };
}
