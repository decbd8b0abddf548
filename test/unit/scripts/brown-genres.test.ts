// The Brown corpus conversion (scripts/brown-genres.ts) on two synthetic tagged documents: detokenisation, the split by document, determinism.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detokenise, writeBrownData } from '../../../scripts/brown-genres';

/** Two press-reportage documents (genre letter a) in the corpus's Form C layout: paragraphs apart by blank lines, one tagged sentence per tab-led line. */
const DOCS: Record<string, string> = {
  ca01: [
    '',
    '',
    "\tThe/at jury/nn said/vbd ``/`` no/at evidence/nn ''/'' was/bedz found/vbn ,/, reports/nns say/vb ./.",
    "\tIt/pps cited/vbd Ivan/np Allen/np Jr./np ./.",
    '',
    '',
    "\tOthers/nns (/( 1/2/cd of/in them/ppo )/) can't/md* agree/vb ;/. they'll/ppss+md wait/vb --/-- 'em/ppo too/rb ?/.",
    '',
  ].join('\n'),
  ca02: [
    '',
    '',
    "\tAlpha/np beta/nn gamma/nn delta/nn epsilon/nn zeta/nn eta/nn theta/nn ./.",
    "\tIota/np kappa/nn lambda/nn mu/nn nu/nn xi/nn omicron/nn pi/nn ./.",
    '',
  ].join('\n'),
};

describe('scripts/brown-genres', () => {
  let source: string;
  let out: string;
  before(() => {
    source = mkdtempSync(path.join(os.tmpdir(), 'brown-src-'));
    out = mkdtempSync(path.join(os.tmpdir(), 'brown-out-'));
    for (const [id, text] of Object.entries(DOCS)) writeFileSync(path.join(source, id), text);
    writeFileSync(path.join(source, 'CONTENTS'), 'not a document');
  });
  after(() => {
    rmSync(source, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('drops the tags and closes up punctuation, quotes and brackets', () => {
    assert.equal(detokenise("The/at jury/nn said/vbd ``/`` no/at evidence/nn ''/'' was/bedz found/vbn ,/, reports/nns say/vb ./."), 'The jury said "no evidence" was found, reports say.');
    assert.equal(detokenise("Others/nns (/( 1/2/cd of/in them/ppo )/) can't/md* agree/vb ;/. they'll/ppss+md wait/vb --/-- 'em/ppo too/rb ?/."), "Others (1/2 of them) can't agree; they'll wait -- 'em too?");
    assert.equal(detokenise('It/pps cited/vbd Ivan/np Allen/np Jr./np ./.'), 'It cited Ivan Allen Jr.');
  });

  it('splits by document: corpus/ and the training passages hold only training documents, validation only the others', () => {
    const summary = writeBrownData(source, out, { valFraction: 0.2, seed: 1, minWords: 8, maxWords: 12 });
    assert.deepEqual([summary.trainDocuments, summary.valDocuments], [1, 1]);
    const corpusFiles = readdirSync(path.join(out, 'corpus'));
    assert.equal(corpusFiles.length, 1);
    const trainDoc = corpusFiles[0].replace(/\.txt$/, '');
    const valDoc = trainDoc === 'ca01' ? 'ca02' : 'ca01';
    const read = (name: string) => readFileSync(path.join(out, name), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; label: string; doc: string });
    const train = read('genres-train.jsonl');
    const val = read('genres-val.jsonl');
    assert.ok(train.length > 0 && val.length > 0);
    assert.ok(train.every((e) => e.doc === trainDoc && e.label === 'press-reportage'));
    assert.ok(val.every((e) => e.doc === valDoc && e.label === 'press-reportage'));
    const corpusText = readFileSync(path.join(out, 'corpus', corpusFiles[0]), 'utf8');
    for (const e of val) assert.ok(!corpusText.includes(e.text.split(' ').slice(0, 4).join(' ')), `validation text in the pretraining corpus: ${e.text}`);
    // Passages: whole sentences up to at least minWords, cut at maxWords.
    for (const e of [...train, ...val]) assert.ok(e.text.split(' ').length >= 8 && e.text.split(' ').length <= 12, e.text);
  });

  it('writes byte-identical output for the same input and seed', () => {
    const files = () => ['genres-train.jsonl', 'genres-val.jsonl', ...readdirSync(path.join(out, 'corpus')).map((f) => path.join('corpus', f))].map((f) => readFileSync(path.join(out, f), 'utf8'));
    writeBrownData(source, out, { valFraction: 0.2, seed: 7, minWords: 8, maxWords: 12 });
    const first = files();
    writeBrownData(source, out, { valFraction: 0.2, seed: 7, minWords: 8, maxWords: 12 });
    assert.deepEqual(files(), first);
  });
});
