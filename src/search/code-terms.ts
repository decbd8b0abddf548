/**
 * Code-aware terms for BM25: a query in words ("parse the config file") must meet identifiers
 * written `parseConfigFile`, `parse_config_file` or `PARSE_CONFIG`. Each identifier is kept whole
 * (an exact identifier search still ranks its definition first) and is also split into its
 * camelCase / snake_case / digit parts; every term is lower-cased, English stop words are dropped
 * and plurals folded ("returns" → "return"), so docstrings and the code they describe share terms.
 */

/** Runs of letters, digits, `_` and `$`: identifiers and words in any script. */
const WORD = /[\p{L}\p{N}_$]+/gu;
/** Parts of one identifier: `HTTPServer` → HTTP, Server; `parseV2` → parse, V, 2; uncased scripts whole. */
const IDENTIFIER_PART = /\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lu}+|\p{Lo}+|\p{N}+/gu;

/** Words too common in prose to tell units apart; code keywords are left to BM25's IDF. */
const STOP_WORDS = new Set(
  'a an and are as at be by for from has have if in into is it its of on or so such than that the then there these this those to was were will with'.split(' '),
);

/** Terms shorter than this say nothing on their own (`i`, `x`, `a`). */
const MIN_TERM_LENGTH = 2;

export function codeTerms(text: string): string[] {
  const terms: string[] = [];
  for (const [word] of text.matchAll(WORD)) {
    const whole = word.replace(/^[_$]+|[_$]+$/g, '').toLowerCase();
    pushTerm(terms, whole);
    const parts = word.match(IDENTIFIER_PART) ?? [];
    if (parts.length > 1) for (const part of parts) pushTerm(terms, part.toLowerCase());
  }
  return terms;
}

function pushTerm(terms: string[], term: string): void {
  if (term.length < MIN_TERM_LENGTH || STOP_WORDS.has(term)) return;
  terms.push(foldPlural(term));
}

/**
 * A deliberately small stemmer: only English plural and third-person `-s`, which is what most
 * often separates a docstring's words from an identifier's ("Returns the files" / `returnFile`).
 * Words ending in -ss, -us, -is keep their s (class, status, analysis).
 */
export function foldPlural(term: string): string {
  if (term.length <= 3 || !/^\p{Ll}+$/u.test(term)) return term;
  if (term.endsWith('ies') && term.length > 4) return `${term.slice(0, -3)}y`;
  if (/(?:ss|x|ch|sh)es$/.test(term)) return term.slice(0, -2);
  if (term.endsWith('s') && !/(?:ss|us|is)$/.test(term)) return term.slice(0, -1);
  return term;
}
