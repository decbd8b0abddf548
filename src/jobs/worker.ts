/** Entry point of the job worker, bundled to dist/worker.js. */
import { workerJobHandlers, type WorkerJobs } from './worker-jobs';
import { serveJobs } from './worker-serve';

serveJobs<WorkerJobs>(workerJobHandlers());
