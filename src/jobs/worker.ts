/** Entry point of the job worker (a thread or a process, the same script), bundled to dist/worker.js. */
import { workerJobHandlers, type WorkerJobs } from './worker-jobs';
import { serveJobs } from './worker-serve';

serveJobs<WorkerJobs>(workerJobHandlers());
