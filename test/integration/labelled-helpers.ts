/**
 * Data for the classification tests: reviews whose sentiment word decides the label, and a
 * corpus in which the word after ", so" follows from it ("the car was lovely , so great ."),
 * so that a model pretrained on it can be prompted to classify.
 */
const POSITIVE = ['good', 'nice', 'lovely'];
const NEGATIVE = ['bad', 'awful', 'dull'];
const THINGS = ['movie', 'food', 'room', 'book', 'song', 'show', 'game', 'car'];

export const VERBALIZER = 'positive=great,negative=terrible';
export const TEMPLATE = '{text} , so [MASK] .';

/** A seeded stream (Park–Miller), so the data is the same on every run. */
export function seeded(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 16807) % 2147483647;
    return Math.floor((s / 2147483647) * n);
  };
}

export function review(r: (n: number) => number, positive: boolean): string {
  return `the ${THINGS[r(THINGS.length)]} was ${(positive ? POSITIVE : NEGATIVE)[r(3)]}`;
}

/** 600 lines, half of each sentiment at random. */
export function reviewCorpus(r: (n: number) => number): string {
  const lines = Array.from({ length: 600 }, () => {
    const positive = r(2) === 0;
    return `${review(r, positive)} , so ${positive ? 'great' : 'terrible'} .`;
  });
  return lines.join('\n') + '\n';
}

/** `count` labelled reviews as JSONL, 60% positive. */
export function reviewsJsonl(r: (n: number) => number, count: number): string {
  return Array.from({ length: count }, (_, i) => JSON.stringify({ text: review(r, i % 5 < 3), label: i % 5 < 3 ? 'positive' : 'negative' })).join('\n') + '\n';
}
