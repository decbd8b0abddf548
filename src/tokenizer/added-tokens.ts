/** One piece of input text: either ordinary text for the model or an added (special) token. */
export type Segment = { text: string; addedId?: undefined } | { text: string; addedId: number };

/**
 * Finds added tokens in raw text before normalisation, as HF does for special tokens
 * (`normalized: false`): leftmost match first, the longest token when several start there.
 */
export class AddedTokenSplitter {
  private readonly pattern: RegExp | undefined;

  constructor(private readonly idByContent: ReadonlyMap<string, number>) {
    const contents = [...idByContent.keys()].filter((c) => c.length > 0).sort((a, b) => b.length - a.length);
    this.pattern = contents.length > 0 ? new RegExp(contents.map(escapeRegExp).join('|'), 'g') : undefined;
  }

  split(text: string): Segment[] {
    if (this.pattern === undefined) return [{ text }];
    const segments: Segment[] = [];
    let last = 0;
    for (const match of text.matchAll(this.pattern)) {
      const start = match.index ?? 0;
      if (start > last) segments.push({ text: text.slice(last, start) });
      segments.push({ text: match[0], addedId: this.idByContent.get(match[0]) as number });
      last = start + match[0].length;
    }
    if (last < text.length) segments.push({ text: text.slice(last) });
    return segments;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
