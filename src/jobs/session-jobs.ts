/**
 * Jobs that run ORT sessions inside the worker: open a model, run it, close it. Sessions live in
 * the worker and are named by id, so a model is loaded once and run many times without its
 * bytes crossing threads again.
 */
import type { ProviderChoice } from '../runtime/execution-provider';
import { RuntimeSession, type Feeds, type Results, type SessionConfig } from '../runtime/session';
import type { JobHandlers } from './worker-serve';

export interface SessionJobs {
  openSession: {
    params: { model: Uint8Array | string; config?: SessionConfig };
    event: never;
    result: { sessionId: number; provider: ProviderChoice; inputNames: string[]; outputNames: string[] };
  };
  runSession: {
    params: { sessionId: number; feeds: Feeds; outputNames?: string[] };
    event: never;
    result: Results;
  };
  closeSession: { params: { sessionId: number }; event: never; result: void };
}

export function sessionJobHandlers(): JobHandlers<SessionJobs> {
  const sessions = new Map<number, RuntimeSession>();
  let nextId = 1;
  const get = (id: number) => {
    const session = sessions.get(id);
    if (!session) throw new Error(`no open session ${id} in this worker`);
    return session;
  };
  return {
    async openSession({ model, config }) {
      const session = await RuntimeSession.create(model, config);
      const sessionId = nextId++;
      sessions.set(sessionId, session);
      return { sessionId, provider: session.provider, inputNames: [...session.inputNames], outputNames: [...session.outputNames] };
    },
    async runSession({ sessionId, feeds, outputNames }, ctx) {
      const results = await get(sessionId).run(feeds, outputNames);
      // ORT allocates every output afresh and the worker keeps none: move them, do not copy.
      // (A Set, because transferring one buffer twice is an error.)
      ctx.transfer.push(...new Set(Object.values(results).map((t) => t.data.buffer as ArrayBuffer)));
      return results;
    },
    async closeSession({ sessionId }) {
      await get(sessionId).release();
      sessions.delete(sessionId);
    },
  };
}
