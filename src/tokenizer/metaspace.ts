/**
 * Metaspace, sentencepiece's view of whitespace: spaces become `▁` (so a piece carries the space
 * before it), a `▁` is prepended to the text per `prepend_scheme`, and with `split` the text is
 * cut before each `▁`. Its decoder turns `▁` back into spaces.
 */
import { StageJson } from './stage-json';

export type PrependScheme = 'always' | 'first' | 'never';

export interface MetaspaceOptions {
  replacement: string;
  prependScheme: PrependScheme;
  split: boolean;
}

/** Options from tokenizer.json, including files from before `prepend_scheme` (`add_prefix_space`). */
export function metaspaceOptionsFromJSON(json: StageJson): MetaspaceOptions {
  const replacement = typeof json.replacement === 'string' && json.replacement.length > 0 ? json.replacement : '\u2581';
  const scheme = json.prepend_scheme;
  if (scheme !== undefined && scheme !== 'always' && scheme !== 'first' && scheme !== 'never') {
    throw new Error(`Metaspace prepend_scheme ${JSON.stringify(scheme)} is not one of always, first, never`);
  }
  const prependScheme: PrependScheme = scheme ?? (json.add_prefix_space === false ? 'never' : 'always');
  return { replacement, prependScheme, split: json.split !== false };
}

export function metaspaceJSON(o: MetaspaceOptions): object {
  return { type: 'Metaspace', replacement: o.replacement, prepend_scheme: o.prependScheme, split: o.split };
}

/** `atTextStart`: this segment opens the text (what `prepend_scheme: first` asks). */
export function metaspaceSplit(text: string, o: MetaspaceOptions, atTextStart: boolean): string[] {
  let replaced = text.replaceAll(' ', o.replacement);
  const prepend = o.prependScheme === 'always' || (o.prependScheme === 'first' && atTextStart);
  if (prepend && !replaced.startsWith(o.replacement)) replaced = o.replacement + replaced;
  if (!o.split) return replaced.length > 0 ? [replaced] : [];
  // Each `▁` opens a new piece (HF's MergedWithNext).
  const pieces: string[] = [];
  let start = 0;
  for (let at = replaced.indexOf(o.replacement, 1); at > 0; at = replaced.indexOf(o.replacement, at + o.replacement.length)) {
    pieces.push(replaced.slice(start, at));
    start = at;
  }
  if (start < replaced.length) pieces.push(replaced.slice(start));
  return pieces;
}

/** Tokens joined with `▁` read as spaces; the space prepended to the first token is dropped. */
export function metaspaceDecode(tokens: string[], o: MetaspaceOptions): string {
  return tokens
    .map((token, i) => {
      const text = token.replaceAll(o.replacement, ' ');
      return i === 0 && o.prependScheme !== 'never' && text.startsWith(' ') ? text.slice(1) : text;
    })
    .join('');
}
