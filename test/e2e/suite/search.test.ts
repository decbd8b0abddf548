// Semantic code search through the extension: a tiny BERT pretrained on the workspace (a few
// masked-LM steps, through Pretrain Model on Workspace) is the encoder; Search Workspace by
// Meaning builds the index in the extension's storage on first use, finds a function by its
// docstring's words and opens it with its lines selected; an edit saved in the editor updates
// that file alone in the index (the file watcher); Find Similar Code leaves the selection's own
// unit out; a damaged index file is rebuilt, and the update says why; a model that is not an
// encoder and a folder without code are each refused in one line.
import * as assert from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SearchOutcome } from '../../../src/commands/search-target';
import type { SearchHit } from '../../../src/search/protocol';
import type { TrainSummary } from '../../../src/train/run/events';
import { extension, waitFor, workspaceFolder } from './extension';
import { drivingQuickPick } from './quick-pick-driver';

const ENCODER = 'e2e-search-bert';
/** Small enough to pretrain in seconds; 64 tokens of context embeds a short function whole. */
const TINY_BERT = { arch: 'bert', layers: 1, heads: 2, dim: 32, context: 64, batch: 4, steps: 10, vocabSize: 300 };
const GEOMETRY = 'code/geometry.ts';
const TEXT_TOOLS = 'code/text_tools.py';
const WEIGHT_SETTING = 'search.encoderWeight';
const settings = () => vscode.workspace.getConfiguration('pretrainLab');

/** Asks `probe` again until it answers: the file watcher reports a saved edit after a moment. */
async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('Semantic code search', function () {
  this.timeout(180_000);
  const encoder = () => path.join(workspaceFolder(), 'models', ENCODER);
  const search = (args: object) => vscode.commands.executeCommand<SearchOutcome | undefined>('pretrainLab.searchWorkspace', { model: encoder(), ...args });
  let indexDir: string | undefined;

  before(async () => {
    await extension().activate();
    const started = Date.now();
    const summary = await vscode.commands.executeCommand<TrainSummary>('pretrainLab.pretrainOnWorkspace', { shape: TINY_BERT, name: ENCODER, wait: true });
    assert.strictEqual(summary?.stopReason, 'completed', 'the encoder did not train');
    console.log(`      encoder: ${TINY_BERT.steps} masked-LM steps of a 1-layer BERT in ${Date.now() - started} ms`);
  });

  after(async () => {
    await settings().update(WEIGHT_SETTING, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** The open editor of `file` (relative to the workspace), once it is the active one. */
  const activeEditorOf = (file: string) => waitFor(() => {
    const e = vscode.window.activeTextEditor;
    return e?.document.uri.fsPath === path.join(workspaceFolder(), file) ? e : undefined;
  }, 30_000);

  it('Search Workspace by Meaning…: the pick shows the index building, then live results with their score parts; Enter opens the hit', async () => {
    // The hybrid weight comes from the settings; BM25's larger share keeps the words' match on top with a 10-step encoder.
    await settings().update(WEIGHT_SETTING, 0.3, vscode.ConfigurationTarget.Workspace);
    const started = Date.now();
    await drivingQuickPick(() => vscode.commands.executeCommand('pretrainLab.searchWorkspace', { model: encoder() }), async (pick) => {
      assert.match(pick.placeholder ?? '', /hybrid: 30% encoder cosine \+ 70% BM25/);
      // A query typed past is answered by nobody: the list shown is the last text's.
      pick.type('parse a list of numbers');
      await new Promise((r) => setTimeout(r, 300));
      pick.type('circle area radius');
      const hits = await until(async () => (pick.items[0]?.label.startsWith('circleArea') ? pick.items : undefined), 90_000);
      console.log(`      index built and first results shown in ${Date.now() - started} ms`);
      assert.ok(pick.shown.some((items) => /Index is building/.test(items[0]?.label ?? '')), 'the pick said the index was building');
      const top = (hits[0] as { hit?: SearchHit }).hit;
      assert.ok(top, 'the item carries its hit');
      assert.strictEqual(hits[0].label, `circleArea — ${GEOMETRY}:${top.unit.startLine}`);
      assert.match(hits[0].detail ?? '', /^score \d\.\d{3} · cosine -?\d\.\d{3} · BM25 \d+\.\d{2}$/);
      await new Promise((r) => setTimeout(r, 1000));
      assert.strictEqual(pick.items[0].label, hits[0].label, 'a late answer replaced the last one');
      pick.accept(hits[0]);
      const editor = await activeEditorOf(GEOMETRY);
      assert.deepStrictEqual([editor.selection.start.line, editor.selection.end.line], [top.unit.startLine - 1, top.unit.endLine - 1]);
      assert.strictEqual(pick.visible, false, 'Enter closes the pick');
    });
  });

  it('finds a function by its docstring with the index in the extension\'s storage, and opens it selected', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const outcome = await search({ query: 'circle area radius', mode: 'hybrid', encoderWeight: 0.3, open: true });
    assert.ok(outcome?.hits, `no hits: ${outcome?.error ?? 'the command returned nothing'}`);
    const top = outcome.hits[0];
    assert.deepStrictEqual([top.unit.name, top.unit.file], ['circleArea', GEOMETRY]);
    // The hybrid score's parts are there to show.
    assert.ok(top.cosine !== undefined && top.bm25 !== undefined, JSON.stringify(top));
    indexDir = outcome.indexDir;
    // The hits are listed in the Search Results view of the Pretrain Lab side bar.
    await vscode.commands.executeCommand('pretrainLab.searchResults.focus');
    assert.ok(indexDir && path.relative(workspaceFolder(), indexDir).startsWith('..'), `the index is stored outside the workspace, not in ${indexDir}`);
    const editor = await activeEditorOf(GEOMETRY);
    assert.strictEqual(editor.selection.start.line, top.unit.startLine - 1);
    assert.strictEqual(editor.selection.end.line, top.unit.endLine - 1);
    assert.match(editor.document.getText(editor.selection), /function circleArea/);
  });

  it('BM25-only search finds the Python function by its words, with no cosine', async () => {
    const outcome = await search({ query: 'count how many words', mode: 'bm25' });
    assert.deepStrictEqual([outcome?.hits?.[0]?.unit.name, outcome?.hits?.[0]?.unit.file], ['count_words', TEXT_TOOLS], outcome?.error);
    for (const hit of outcome!.hits!) assert.ok(hit.cosine === undefined && hit.bm25 !== undefined, JSON.stringify(hit));
  });

  it('encoder-only search ranks by cosine alone', async () => {
    const outcome = await search({ query: 'count the words of a text', mode: 'encoder' });
    assert.ok(outcome?.hits?.length, outcome?.error);
    for (const hit of outcome.hits) assert.ok(hit.cosine !== undefined && hit.bm25 === undefined, JSON.stringify(hit));
  });

  it('an edit saved in the editor updates that file only', async () => {
    const before = (await search({ query: 'count words', mode: 'bm25' }))?.update;
    assert.ok(before, 'the index has been built');
    const file = vscode.Uri.file(path.join(workspaceFolder(), TEXT_TOOLS));
    const document = await vscode.workspace.openTextDocument(file);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(file, document.lineAt(document.lineCount - 1).range.end, '\n\n\ndef shout_greeting(name):\n    """Greet somebody loudly by their name."""\n    return "HELLO " + name.upper()\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await document.save());
    // The watcher hands the change over after a short pause; a search asked meanwhile waits for it.
    const outcome = await until(async () => {
      const o = await search({ query: 'greet somebody loudly', mode: 'hybrid', encoderWeight: 0.3 });
      // The edit adds one function; updates that find nothing changed leave the last change as it was.
      return o?.update?.units === before.units + 1 ? o : undefined;
    }, 30_000);
    assert.deepStrictEqual(outcome.update?.filesIndexed, [TEXT_TOOLS]);
    assert.deepStrictEqual(outcome.update?.filesRemoved, []);
    assert.strictEqual(outcome.update?.rebuiltAfterCorruption, false);
    assert.strictEqual(outcome.hits?.[0]?.unit.name, 'shout_greeting');
  });

  it('Find Similar Code ranks the workspace against the selection and leaves its own unit out', async () => {
    const document = await vscode.workspace.openTextDocument(path.join(workspaceFolder(), GEOMETRY));
    const editor = await vscode.window.showTextDocument(document);
    const start = document.getText().indexOf('export function distance');
    const end = document.getText().indexOf('}', start) + 1;
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(end));
    const outcome = await vscode.commands.executeCommand<SearchOutcome>('pretrainLab.findSimilarCode', { model: encoder() });
    assert.ok(outcome?.hits?.length, outcome?.error);
    const [first, last] = [editor.selection.start.line + 1, editor.selection.end.line + 1];
    const own = outcome.hits.filter((h) => h.unit.file === GEOMETRY && h.unit.startLine <= last && first <= h.unit.endLine);
    assert.deepStrictEqual(own, [], 'the selection itself is not a result');
    assert.ok(outcome.hits.every((h) => h.cosine !== undefined), 'ranked by the encoder');
  });

  it('a damaged index file is rebuilt, and the update says so in one line', async () => {
    assert.ok(indexDir, 'the first test found where the index is');
    const files = await fs.readdir(indexDir);
    assert.ok(files.includes('index.json'), `the index folder holds ${files.join(', ')}`);
    await fs.writeFile(path.join(indexDir, 'index.json'), '{"format": "pretrain-lab-search-index", "units": [');
    const outcome = await vscode.commands.executeCommand<SearchOutcome>('pretrainLab.updateSearchIndex', { model: encoder() });
    const update = outcome?.update;
    assert.ok(update, outcome?.error);
    assert.strictEqual(update.rebuiltAfterCorruption, true);
    assert.ok(update.corruptionReason && !update.corruptionReason.includes('\n'), `reason: ${update.corruptionReason}`);
    assert.ok(update.filesIndexed.includes(GEOMETRY) && update.filesIndexed.includes(TEXT_TOOLS), 'every file is embedded again');
    const after = await search({ query: 'circle area radius', mode: 'hybrid', encoderWeight: 0.3 });
    assert.strictEqual(after?.hits?.[0]?.unit.name, 'circleArea', after?.error);
  });

  it('refuses a model that is not an encoder in one line', async () => {
    const outcome = await search({ model: path.join(workspaceFolder(), 'models', 'story-gpt2'), query: 'circle area' });
    assert.ok(outcome?.error, 'no error');
    assert.match(outcome.error, /story-gpt2 cannot embed code for search: .*'gpt2'.*needs an encoder/);
    assert.ok(!outcome.error.includes('\n'), outcome.error);
    assert.strictEqual(outcome.hits, undefined);
  });

  it('says in one line that a folder without code has nothing to index', async () => {
    const outcome = await search({ folder: path.join(workspaceFolder(), 'labelled'), query: 'happy' });
    assert.ok(outcome?.error, 'no error');
    assert.match(outcome.error, /labelled has no functions, classes or Markdown sections to index/);
    assert.ok(!outcome.error.includes('\n'), outcome.error);
  });

  it('leaves ONNX Runtime out of the extension host: indexing and queries run in the job worker', () => {
    assert.deepStrictEqual(Object.keys(require.cache).filter((m) => m.includes('onnxruntime')), []);
  });
});
