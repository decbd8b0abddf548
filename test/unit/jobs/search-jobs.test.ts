// The search worker's jobs, called in-process as the extension's search commands call them: an
// index built and updated in a folder of its own, queries that wait for an update in flight,
// a call cancelled while it waits dropped unrun, Find Similar Code's selection left out, a
// damaged index rebuilt on reopening, and a model that is not an encoder refused as bad input.
import * as assert from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { searchJobHandlers, type SearchIndexOpened, type SearchIndexProgress, type SearchIndexRef } from '../../../src/jobs/search-jobs';
import type { JobContext } from '../../../src/jobs/worker-serve';
import type { ErrorEvent } from '../../../src/train/run/events';
import { saveTinyBertFolder, toyCorpus, trainTinyMlm } from '../../helpers/tiny-bert';
import { makeTinyGpt2Folder, type TinyFolder } from '../../helpers/tiny-gpt2-folder';

function context<E>(events: E[] = [], signal = new AbortController().signal): JobContext<E> {
  return { emit: (e) => events.push(e), signal, transfer: [] };
}

const GEOMETRY = `/** Computes the area of a circle from its radius. */
export function circleArea(radius: number): number {
  return Math.PI * radius * radius;
}

/** Returns the distance between two points. */
export function distance(ax: number, ay: number, bx: number, by: number): number {
  return Math.hypot(ax - bx, ay - by);
}
`;

const TOOLS = `def count_words(text):
    """Count how many words a text has."""
    return len(text.split())
`;

describe('search jobs', function () {
  this.timeout(120_000);
  const session = { device: 'cpu' as const, intraOpNumThreads: 1 };
  let tmp: string;
  let ref: SearchIndexRef;
  let gpt2: TinyFolder;

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'search-jobs-'));
    const modelDir = path.join(tmp, 'encoder');
    await saveTinyBertFolder(modelDir, await trainTinyMlm(toyCorpus(200), 5));
    const root = path.join(tmp, 'workspace');
    mkdirSync(path.join(root, 'src'), { recursive: true });
    writeFileSync(path.join(root, 'src', 'geometry.ts'), GEOMETRY);
    writeFileSync(path.join(root, 'src', 'tools.py'), TOOLS);
    ref = { root, modelDir, indexDir: path.join(tmp, 'index'), session, scan: {} };
    gpt2 = await makeTinyGpt2Folder(2);
  });
  after(() => {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(gpt2.dir, { recursive: true, force: true });
  });

  it('builds the index in its folder, reporting progress, and finds a function by its words', async () => {
    const jobs = searchJobHandlers();
    const events: (SearchIndexProgress | SearchIndexOpened | ErrorEvent)[] = [];
    const update = await jobs.searchIndex(ref, context(events));
    assert.deepStrictEqual(events[0], { event: 'opened', files: 0, units: 0 }, 'a new index opens empty');
    assert.deepStrictEqual([...update.filesIndexed].sort(), ['src/geometry.ts', 'src/tools.py']);
    assert.ok(existsSync(path.join(ref.indexDir, 'index.json')));
    const last = events.at(-1) as SearchIndexProgress;
    assert.ok(last.event === 'progress' && last.done === last.total && last.total === update.units, JSON.stringify(events));
    const hits = await jobs.searchQuery({ ...ref, query: 'circle area radius', options: { mode: 'bm25', k: 3 } }, context());
    assert.strictEqual(hits[0].unit.name, 'circleArea');
  });

  it('runs a query asked during an update after it, so the query sees the edit', async () => {
    const jobs = searchJobHandlers();
    await jobs.searchIndex(ref, context());
    writeFileSync(path.join(ref.root, 'src', 'tools.py'), `${TOOLS}\n\ndef shout(name):\n    """Greet somebody loudly."""\n    return name.upper()\n`);
    const updating = jobs.searchIndex(ref, context());
    const query = jobs.searchQuery({ ...ref, query: 'greet somebody loudly', options: { mode: 'bm25', k: 1 } }, context());
    const [update, hits] = await Promise.all([updating, query]);
    assert.deepStrictEqual(update.filesIndexed, ['src/tools.py'], 'the edited file alone is embedded again');
    assert.strictEqual(hits[0].unit.name, 'shout');
  });

  it('drops a call cancelled while it waits, unrun', async () => {
    const jobs = searchJobHandlers();
    const updating = jobs.searchIndex(ref, context());
    const abort = new AbortController();
    const query = Promise.resolve(jobs.searchQuery({ ...ref, query: 'circle', options: { mode: 'bm25' } }, context([], abort.signal)));
    abort.abort();
    await assert.rejects(query, (e: Error) => e.name === 'AbortError');
    await updating;
  });

  it('leaves the units that overlap the selection out of Find Similar Code', async () => {
    const jobs = searchJobHandlers();
    await jobs.searchIndex(ref, context());
    const code = GEOMETRY.split('\n').slice(0, 4).join('\n');
    const all = await jobs.searchSimilar({ ...ref, code, options: { k: 10 } }, context());
    assert.ok(all.some((h) => h.unit.name === 'circleArea'), 'without exclude, the selection\'s own unit is found');
    const hits = await jobs.searchSimilar({ ...ref, code, options: { k: 10 }, exclude: { file: 'src/geometry.ts', startLine: 1, endLine: 4 } }, context());
    assert.ok(hits.length > 0);
    assert.ok(hits.every((h) => h.unit.name !== 'circleArea'), hits.map((h) => h.unit.name).join(', '));
  });

  it('rebuilds a damaged index when asked to reopen it, and says why', async () => {
    const jobs = searchJobHandlers();
    await jobs.searchIndex(ref, context());
    writeFileSync(path.join(ref.indexDir, 'index.json'), '{"units": [');
    const update = await jobs.searchIndex({ ...ref, reopen: true }, context());
    assert.strictEqual(update.rebuiltAfterCorruption, true);
    assert.ok(update.corruptionReason && !update.corruptionReason.includes('\n'), update.corruptionReason);
    assert.strictEqual(update.filesIndexed.length, 2);
  });

  it('refuses a model that is not an encoder as bad input, in one line', async () => {
    const jobs = searchJobHandlers();
    const events: ErrorEvent[] = [];
    await assert.rejects(async () => jobs.searchIndex({ ...ref, modelDir: gpt2.dir, indexDir: path.join(tmp, 'gpt2-index') }, context(events)));
    const error = events.find((e) => e.event === 'error');
    assert.strictEqual(error?.kind, 'input', JSON.stringify(events));
    assert.ok(!error.message.includes('\n'), error.message);
  });
});
