// The Hugging Face Hub client: download a model folder (the only networked part besides the CUDA provider download).
export { downloadModel, DOWNLOAD_RECORD_FILE, stagingFolderFor, type DownloadOptions, type DownloadRecord } from './download-model';
export { DownloadChecksumError, DownloadInterruptedError, type FetchedFile } from './fetch-file';
export { HubOfflineError, type HubHttpOptions } from './http';
export { checkRepoId, DEFAULT_HUB_ENDPOINT, hubEndpoint } from './repo-id';
export type { RepoFile } from './repo-files';
