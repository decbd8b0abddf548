/** Entry point of the inference worker (attention, generation, fill-mask), bundled to dist/inference-worker.js. */
import { inferenceJobHandlers, type InferenceJobs } from './inference-jobs';
import { serveJobs } from './worker-serve';

serveJobs<InferenceJobs>(inferenceJobHandlers());
