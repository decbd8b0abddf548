/**
 * `pretrain-lab download <repo-id>`: a pretrained model folder from the Hugging Face Hub
 * (config, tokenizer files, safetensors weights; never pickle), checked against the Hub's hashes,
 * pinned to the commit the revision resolves to, resumable. The CLI's only networked command;
 * nothing runs it implicitly.
 */
import path from 'node:path';
import { defineCommand } from '../args';
import { DownloadProgress } from '../download-progress';
import { downloadModel, DOWNLOAD_RECORD_FILE, hubEndpoint } from '../../hub';
import { formatBytes } from '../../util/format';
import { defineCliCommand, printJson } from './command';

const EXIT_INTERRUPTED = 130;

const spec = defineCommand({
  name: 'download',
  summary: 'Download a pretrained model folder (safetensors only) from the Hugging Face Hub.',
  positionals: [{ name: 'repo-id', description: 'the model repo, e.g. gpt2 or google/electra-small-discriminator' }],
  options: {
    revision: { type: 'string', default: 'main', valueName: 'rev', description: 'branch, tag or commit; the commit it resolves to is recorded in the folder' },
    out: { type: 'string', valueName: 'dir', description: 'the model folder to create (default: the repo name in the current folder)' },
    endpoint: { type: 'string', valueName: 'url', description: 'the Hub or a mirror (default: HF_ENDPOINT, else https://huggingface.co); HF_TOKEN is sent for gated repos, HTTPS_PROXY/NO_PROXY are honoured' },
  },
  examples: [
    'pretrain-lab download gpt2',
    'pretrain-lab download google/electra-small-discriminator --out models/electra-small',
    'HF_TOKEN=hf_… pretrain-lab download meta-llama/Llama-3.2-1B --revision main',
  ],
});

export const downloadCommand = defineCliCommand({
  spec,
  async run({ positionals, options }, io) {
    const repo = positionals[0];
    const endpoint = hubEndpoint(options.endpoint, process.env);
    const out = path.resolve(options.out ?? repo.split('/').pop()!);
    const controller = new AbortController();
    io.onInterrupt(() => controller.abort());
    const progress = options.json ? undefined : new DownloadProgress(io.stderr as NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, io.stdout);
    const token = process.env.HF_TOKEN?.trim() || undefined;
    try {
      const { dir, record } = await downloadModel({
        repo,
        revision: options.revision,
        out,
        endpoint,
        http: { env: process.env, token, signal: controller.signal },
        onPlan: ({ commit, files, totalBytes }) => {
          progress?.setTotal(totalBytes);
          const size = totalBytes !== undefined ? `, ${formatBytes(totalBytes)}` : '';
          if (options.json) printJson(io, { event: 'plan', repo, revision: options.revision, commit, files: files.map((f) => ({ name: f.name, size: f.size ?? null })), totalBytes: totalBytes ?? null });
          else io.stdout.write(`${repo}@${options.revision} is commit ${commit}: ${files.length} files${size}\n`);
        },
        onProgress: (bytes) => progress?.update(bytes),
        onFile: (file) => {
          const resumed = file.resumedFrom > 0 ? ` (${file.resumedFrom === file.size ? 'kept from an earlier run' : `resumed at ${formatBytes(file.resumedFrom)}`})` : '';
          if (options.json) printJson(io, { event: 'file', name: file.name, size: file.size, sha256: file.sha256, resumedFrom: file.resumedFrom });
          else progress!.log(`${file.name} ${formatBytes(file.size)} sha256 ${file.sha256.slice(0, 12)}…${resumed}`);
        },
      });
      progress?.finish();
      if (options.json) printJson(io, { event: 'done', dir, repo: record.repo, revision: record.revision, commit: record.commit });
      else io.stdout.write(`downloaded ${record.repo} (commit ${record.commit.slice(0, 12)}) into ${dir}; its origin is in ${DOWNLOAD_RECORD_FILE}\n`);
      return 0;
    } catch (error) {
      progress?.finish();
      if (!controller.signal.aborted) throw error;
      if (options.json) printJson(io, { event: 'cancelled' });
      io.stderr.write('download interrupted; run the same command again to resume\n');
      return EXIT_INTERRUPTED;
    }
  },
});
