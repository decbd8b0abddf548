/**
 * Every file of a model folder is replaced by rename, never rewritten in place: a hard link
 * to the old file (standing in for a reader, or for the old version a crash must leave) keeps
 * the old bytes. A file truncated and rewritten in place (plain writeFile) would show the new
 * bytes through the link — and a SIGKILL in the middle would leave it half written.
 */
import assert from 'node:assert/strict';
import { linkSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModelFolder, saveModelFolder } from '../../src/models/model-folder';
import { writeFolder } from './fuzz-harness';
import { modelFixture } from './fixtures';

function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(root, p) : [path.relative(root, p)];
  });
}

describe('reliability: model folder files are replaced atomically', () => {
  it('saveModelFolder replaces every top-level file by rename (tokenizer files included)', async () => {
    const { files } = await modelFixture();
    const dir = writeFolder(files);
    const linkDir = mkdtempSync(path.join(os.tmpdir(), 'pl-links-'));
    const loaded = await loadModelFolder(dir);
    const before = filesUnder(dir).filter((f) => !f.startsWith('training'));
    for (const f of before) linkSync(path.join(dir, f), path.join(linkDir, f.replace(/[\\/]/g, '__')));
    const onnx = { 'onnx/model.onnx': new Uint8Array(readFileSync(path.join(dir, 'onnx', 'model.onnx'))) };
    await saveModelFolder(dir, { config: loaded.config, weights: loaded.weights, tokenizer: loaded.tokenizer, onnx });
    const inPlace = before.filter((f) => statSync(path.join(dir, f)).ino === statSync(path.join(linkDir, f.replace(/[\\/]/g, '__'))).ino);
    assert.deepEqual(inPlace, [], 'files rewritten in place instead of replaced');
  });
});
