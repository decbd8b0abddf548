/** Prompt templates and verbalizers (PET-style classification), and label ranking. */
import assert from 'node:assert/strict';
import { InputError } from '../../../src/cli/errors';
import { rankLabels } from '../../../src/infer/classify';
import { answerTokens, fillTemplate, parseTemplate, parseVerbalizer } from '../../../src/infer/prompt-template';
import { classificationScores, CLASSIFY_METRICS } from '../../../src/train/forward-classify';

const fails = (f: () => unknown, message: RegExp) => assert.throws(f, (e: unknown) => e instanceof InputError && message.test(e.message));

describe('prompt classification', () => {
  it('fills the template around the answer slot, even when the text contains [MASK]', () => {
    const t = parseTemplate('Review: {text} It was [MASK].');
    assert.deepEqual(fillTemplate(t, 'Nice [MASK] film.'), { before: 'Review: Nice [MASK] film. It was ', after: '.' });
    assert.deepEqual(fillTemplate(parseTemplate('[MASK]: {text}'), 'x'), { before: '', after: ': x' });
    assert.deepEqual(fillTemplate(parseTemplate('{text} Overall:'), 'x'), { before: 'x Overall:', after: '' });
    fails(() => parseTemplate('no slot'), /must contain \{text\} exactly once/);
    fails(() => parseTemplate('{text} [MASK] [MASK]'), /\[MASK\] only once/);
  });

  it('parses verbalizers and refuses malformed ones', () => {
    assert.deepEqual(parseVerbalizer(' positive = great , negative=terrible'), [
      { label: 'positive', word: 'great' },
      { label: 'negative', word: 'terrible' },
    ]);
    fails(() => parseVerbalizer('a=x'), /at least two labels/);
    fails(() => parseVerbalizer('a=x,a=y'), /'a' is given twice/);
    fails(() => parseVerbalizer('a=x,b='), /'b=' is not label=word/);
  });

  it("takes the answer's tokens in context, with the slot's space as the word's leading space", () => {
    // A toy tokenizer that, like GPT-2's, keeps a leading space with the word.
    const vocab = new Map<string, number>();
    const encode = (s: string) => (s.match(/ ?[^ ]+/g) ?? []).map((w) => vocab.get(w) ?? vocab.set(w, vocab.size).get(w)!);
    const { prefix, answer } = answerTokens(encode, 'It was ', 'great');
    assert.deepEqual(prefix, encode('It was'));
    assert.deepEqual(answer, encode(' great'));
    // No space before the slot: "Label:yes" is one token here, so the word is encoded on its own.
    assert.deepEqual(answerTokens(encode, 'Label:', 'yes'), { prefix: encode('Label:'), answer: encode('yes') });
  });

  it('ranks labels by softmax of their scores', () => {
    const r = rankLabels(['a', 'b', 'c'], [Math.log(1), Math.log(3), Math.log(6)]);
    assert.equal(r.label, 'c');
    assert.deepEqual(r.scores.map((s) => s.label), ['c', 'b', 'a']);
    assert.ok(Math.abs(r.scores[0].probability - 0.6) < 1e-12 && Math.abs(r.scores[2].probability - 0.1) < 1e-12);
  });

  it('computes accuracy and macro-F1 from counts as scikit-learn does', () => {
    // y_true = [0,0,0,1,1,2], y_pred = [0,0,1,1,1,1]: sklearn f1_score(average="macro") = (0.8 + 0.6667 + 0) / 3
    const sums: Record<string, number> = { [CLASSIFY_METRICS.correct]: 4, [CLASSIFY_METRICS.count]: 6 };
    const set = (c: number, predicted: number, actual: number, tp: number) => {
      sums[CLASSIFY_METRICS.predicted(c)] = predicted;
      sums[CLASSIFY_METRICS.actual(c)] = actual;
      sums[CLASSIFY_METRICS.truePositives(c)] = tp;
    };
    set(0, 2, 3, 2);
    set(1, 4, 2, 2);
    set(2, 0, 1, 0);
    const s = classificationScores(sums, 3);
    assert.ok(Math.abs(s.accuracy - 4 / 6) < 1e-12);
    assert.ok(Math.abs(s.macroF1 - (0.8 + 2 / 3 + 0) / 3) < 1e-12, `${s.macroF1}`);
    assert.equal(s.examples, 6);
  });
});
