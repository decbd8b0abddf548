/**
 * `--arch layoutlm` through the real CLI on a folder of code files: pretrain (a few steps) saves a
 * LayoutLMForMaskedLM folder with RoBERTa's byte-level BPE; fill-mask, attention (JSON and HTML
 * carry each token's line and column), info and eval run on it, with the boxes computed from the
 * text; finetune --task classify trains a LayoutLMForSequenceClassification head on boxed rows and
 * classify runs it; a WordPiece tokenizer, which loses the lines, is refused in one line.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { finetuneAndClassify, refusal, runOk, SMALL_RUN } from './cli-family-helpers';
import { buildCliOnce, jsonEvents, tempDir } from './cli-helpers';

const LAYOUTLM = ['--arch', 'layoutlm', '--vocab-size', '300', '--layers', '1', '--heads', '2', '--dim', '16', '--context', '32'];

/** Python and TypeScript files with indentation, tabs and blank lines. */
function codeFolder(dir: string): string {
  const code = path.join(dir, 'code');
  mkdirSync(code);
  for (let i = 0; i < 6; i++) {
    writeFileSync(path.join(code, `f${i}.py`), `def add_${i}(a, b):\n    """Add."""\n    if a > b:\n        return a + b\n    return b - a\n\n\nclass Point${i}:\n\tdef norm(self):\n\t\treturn self.x * ${i}\n`);
    writeFileSync(path.join(code, `g${i}.ts`), `export function mul${i}(a: number, b: number): number {\n  if (a === 0) {\n    return 0;\n  }\n  return a * b;\n}\n`);
  }
  return code;
}

/** Labelled snippets: Python or TypeScript. */
function languageJsonl(dir: string): string {
  const rows = Array.from({ length: 20 }, (_, i) => [
    { text: `def f${i}(x):\n    return x + ${i}\n`, label: 'python' },
    { text: `function f${i}(x) {\n  return x + ${i};\n}\n`, label: 'typescript' },
  ]).flat();
  const file = path.join(dir, 'languages.jsonl');
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

describe('cli: --arch layoutlm on a folder of code', () => {
  let dir: string;
  let code: string;
  let model: string;
  before(async () => {
    buildCliOnce();
    dir = tempDir('pl-layoutlm-');
    code = codeFolder(dir);
    model = path.join(dir, 'layoutlm');
    await runOk(['pretrain', code, '--out', model, ...LAYOUTLM, ...SMALL_RUN, '--steps', '5']);
  });

  it('pretrains a LayoutLMForMaskedLM folder with RoBERTa\'s byte-level BPE', () => {
    const config = JSON.parse(readFileSync(path.join(model, 'config.json'), 'utf8'));
    assert.deepEqual([config.model_type, config.architectures, config.max_2d_position_embeddings, config.pad_token_id], ['layoutlm', ['LayoutLMForMaskedLM'], 1024, 1]);
    const tokenizer = JSON.parse(readFileSync(path.join(model, 'tokenizer.json'), 'utf8'));
    assert.equal(tokenizer.model.type, 'BPE');
    assert.equal(tokenizer.post_processor.type, 'RobertaProcessing');
  });

  it('fill-mask answers a <mask> in multi-line code', async () => {
    const r = await runOk(['fill-mask', model, '--text', 'def add(a, b):\n    return a<mask> b\n', '--top-k', '3', '--json']);
    const masks = jsonEvents(r.stdout)[0].masks as { predictions: unknown[] }[];
    assert.equal(masks.length, 1);
    assert.equal(masks[0].predictions.length, 3);
  });

  it('attention reports carry each token\'s line and column, in JSON and HTML', async () => {
    const text = 'def f(x):\n\treturn x\n';
    const json = path.join(dir, 'attention.json');
    await runOk(['attention', model, '--text', text, '--out', json]);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { queryTokens: string[]; tokenPositions: ({ line: number; column: number } | null)[] };
    assert.equal(report.tokenPositions.length, report.queryTokens.length);
    assert.equal(report.tokenPositions[0], null, '<s> has no place');
    assert.equal(report.tokenPositions.at(-1), null, '</s> has no place');
    // Each token's place, counted on the text: its decoded tokens spell the text in order.
    const tokens = report.queryTokens.slice(1, -1);
    assert.equal(tokens.join(''), text);
    let [line, column] = [1, 1];
    tokens.forEach((token, t) => {
      assert.deepEqual(report.tokenPositions[t + 1], { line, column }, `token ${JSON.stringify(token)}`);
      for (const ch of token) [line, column] = ch === '\n' ? [line + 1, 1] : [line, ch === '\t' ? column + 4 - ((column - 1) % 4) : column + 1];
    });
    const html = path.join(dir, 'attention.html');
    await runOk(['attention', model, '--text', text, '--out', html]);
    const page = readFileSync(html, 'utf8');
    assert.match(page, /"tokenPositions":\[null,\{"line":1,"column":1\}/);
    assert.match(page, /\(line ' \+ p\.line \+ ':' \+ p\.column/, 'the page shows line:column on hover');
  });

  it('info and eval run on it', async () => {
    const info = await runOk(['info', model]);
    assert.match(info.stdout, /layoutlm \(LayoutLMForMaskedLM\)/);
    await runOk(['eval', model, '--corpus', code, '--threads', '1']);
  });

  it('finetunes a LayoutLMForSequenceClassification head and classifies with it, and with a <mask> template', async () => {
    await finetuneAndClassify({ model, data: languageJsonl(dir), out: path.join(dir, 'classifier'), architecture: 'LayoutLMForSequenceClassification', promptModel: model, template: '{text} , so<mask> .' });
  });

  it('refuses a WordPiece tokenizer in one line: its tokens lose the lines', async () => {
    const out = path.join(dir, 'wordpiece');
    assert.match(await refusal(['pretrain', code, '--out', out, ...LAYOUTLM, '--tokenizer', 'wordpiece', ...SMALL_RUN, '--steps', '1'], out), /token boxes need a tokenizer whose tokens spell the text/);
  });
});
