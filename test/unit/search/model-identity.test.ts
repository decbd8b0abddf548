// Model identity: the same folder however reached; new weights (size or mtime) make a new identity, so the index re-embeds.
import assert from 'node:assert/strict';
import { symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { modelIdentity, sameModel } from '../../../src/search/model-identity';
import { WorkspaceIndex } from '../../../src/search/workspace-index';
import { tempDir } from '../../integration/cli-helpers';
import { functionLineMiner, hashingEmbedder, WORKSPACE, writeTree } from './stand-ins';

describe('search: model identity', () => {
  const parent = tempDir('pl-model-id-');
  const model = path.join(parent, 'model');
  writeTree(model, { 'config.json': '{}', 'model.safetensors': 'weights' });
  symlinkSync(model, path.join(parent, 'alias'));

  it('is the same through a symbolic link, and changes with the weights', () => {
    const first = modelIdentity(model);
    assert.ok(sameModel(first, modelIdentity(path.join(parent, 'alias'))));
    utimesSync(path.join(model, 'model.safetensors'), new Date(), new Date(Date.now() + 5000));
    assert.ok(!sameModel(first, modelIdentity(model)));
    assert.ok(sameModel(null, null));
    assert.ok(!sameModel(first, null));
  });

  it('makes the index re-embed everything after retraining into the same folder', async () => {
    const root = path.join(parent, 'ws');
    writeTree(root, WORKSPACE);
    const open = () => WorkspaceIndex.open({ root, modelDir: model, indexDir: path.join(parent, 'index'), embedder: hashingEmbedder(), mineUnits: functionLineMiner });
    await (await open()).update();
    assert.deepEqual((await (await open()).update()).filesIndexed, []);
    writeFileSync(path.join(model, 'model.safetensors'), 'new weights');
    assert.equal((await (await open()).update()).filesIndexed.length, 3);
  });
});
