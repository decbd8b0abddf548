/**
 * Deterministic multilingual text for tokenizer tests: English prose (tiny Shakespeare), code,
 * CJK, emoji (with ZWJ sequences and modifiers) and combining marks, mixed within lines.
 * Characters on which the two HF implementations disagree with each other (U+0085, U+FEFF,
 * unassigned code points, astral CJK for BERT, a capital sigma at a word end) are left out:
 * no implementation can match both there.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../../src/util/rng';

const CORPUS = join(__dirname, '../../../models/corpus/tinyshakespeare.txt');

const IDENTIFIERS = ['value', 'index', 'tokenizer', 'batchSize', 'attention_mask', 'x', 'ctx', 'merges', 'vocab', 'i', 'résumé', 'naïve'];
const CALLS = ['Math.max', 'encode', 'console.log', 'JSON.stringify', 'torch.zeros', 'np.array', 'self.forward', 'fmt.Println'];
const CJK = ['你好世界', '自然语言处理', '東京は晴れです', 'トークナイザー', '한국어 텍스트', '机器学习模型', '日本語の文章', '汉字', '中文分词很难'];
const EMOJI = ['😀', '🚀', '👍🏽', '👨‍👩‍👧‍👦', '❤️', '🇫🇷', '🎉🎉', '🤖', '✨'];
const MARKED = ['e\u0301te\u0301', 'n\u0303o', 'Cafe\u0301', 'Tiê\u0301ng Viê\u0323t', 'हिन्दी', 'a\u0308\u0304b', 'Ångström', 'crème brûlée', 'ÉCOLE', 'Ελληνικά', 'Русский язык'];
const PUNCT = ['.', ',', '!', '?', ';', ':', ' — ', '…', '"', "'s", "'ll", ' (', ') ', ' [', '] ', '{}', '=>', '===', '&&', '//', '#'];

/** `count` lines of mixed text, the same for the same seed and English source. */
export function mixedLines(count: number, seed: number, english: readonly string[]): string[] {
  const rng = new Rng(seed);
  const pick = <T>(items: readonly T[]): T => items[rng.int(items.length)];
  const parts: Array<() => string> = [
    () => pick(english),
    () => `const ${pick(IDENTIFIERS)} = ${pick(CALLS)}(${pick(IDENTIFIERS)}, ${rng.int(100000)});`,
    () => `\tif (${pick(IDENTIFIERS)} >= ${rng.int(64)}) { return ${pick(IDENTIFIERS)}[${rng.int(9)}]; }`,
    () => `def ${pick(IDENTIFIERS)}(self, ${pick(IDENTIFIERS)}=None):  # ${pick(english).slice(0, 20)}`,
    () => pick(CJK) + pick(PUNCT) + pick(CJK),
    () => pick(EMOJI) + ' ' + pick(english).slice(0, 30) + pick(EMOJI),
    () => pick(MARKED) + pick(PUNCT) + pick(MARKED),
    () => `${rng.int(1e6)}.${rng.int(100)}   ${pick(PUNCT)}${pick(PUNCT)}  `,
  ];
  return Array.from({ length: count }, () => {
    const pieces = Array.from({ length: 1 + rng.int(3) }, () => pick(parts)());
    return pieces.join(pick([' ', '  ', '', '\t', ' ']));
  });
}

const TRAIN_BYTES = 300_000;
const HELD_OUT_FROM = 1_000_000;

function nonEmptyLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim().length > 0);
}

/** Training text: the first 300 kB of tiny Shakespeare plus 2,000 mixed lines built on it. */
export function trainingTexts(): string[] {
  const head = readFileSync(CORPUS, 'utf8').slice(0, TRAIN_BYTES);
  return [...head.split('\n'), ...mixedLines(2000, 12345, nonEmptyLines(head))];
}

/** 1,000 held-out lines: their English comes from the last 10% of the corpus, never trained on. */
export function heldOutLines(): string[] {
  const tail = readFileSync(CORPUS, 'utf8').slice(HELD_OUT_FROM);
  return mixedLines(1000, 7, nonEmptyLines(tail));
}
