// The pretrained models the *Download Pretrained Model…* command suggests, and where a download
// goes inside the models folder. Free of vscode: unit-tested.
import * as path from 'node:path';

export interface SuggestedModel {
  repo: string;
  /** What it is, in a few words, for the quick pick. */
  about: string;
}

/** Small, well-known checkpoints of the families Pretrain Lab runs. */
export const SUGGESTED_PRETRAINED: readonly SuggestedModel[] = [
  { repo: 'gpt2', about: 'GPT-2 small: 124M parameters, a decoder' },
  { repo: 'distilgpt2', about: 'DistilGPT-2: 82M parameters, a decoder' },
  { repo: 'bert-base-uncased', about: 'BERT base, uncased: 110M parameters, masked LM' },
  { repo: 'roberta-base', about: 'RoBERTa base: 125M parameters, masked LM' },
  { repo: 't5-small', about: 'T5 small: 60M parameters, encoder-decoder' },
  { repo: 'albert-base-v2', about: 'ALBERT base v2: 12M parameters, shared layers' },
  { repo: 'google/electra-small-discriminator', about: 'ELECTRA small discriminator: 14M parameters' },
];

/**
 * `google/electra-small-discriminator` → `<models>/electra-small-discriminator`; a name taken by
 * another folder gets `-2`, `-3`, …. (An interrupted download of the name left only its hidden
 * staging folder, so the same name comes back and the download resumes.)
 */
export function downloadFolderFor(modelsFolder: string, repo: string, exists: (folder: string) => boolean): string {
  const name = repo.split('/').pop()!;
  for (let n = 1; ; n++) {
    const folder = path.join(modelsFolder, n === 1 ? name : `${name}-${n}`);
    if (!exists(folder) || n >= 100) return folder;
  }
}
