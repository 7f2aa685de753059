import type { Application } from '@tsgi/spec';

/** A stand-in for what the app needs to answer (a database): `ping` fails while it is unreachable. */
export class Database {
  reachable = true;
  async ping(): Promise<void> {
    if (!this.reachable) throw new Error('database unreachable');
  }
  async close(): Promise<void> {}
}

/** The connection this sample opens at startup (exported so its test can make it fail). */
export const database = new Database();

/** Rejects when `work` has not settled within `ms`: a health check must answer quickly, even a 503. */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export const app: Application = async (scope, receive, send) => {
  if (scope.type === 'lifespan') {
    await receive(); // lifespan.startup: the server binds its listeners only after this completes
    scope.state.db = database;
    await send({ type: 'lifespan.startup.complete' });
    await receive(); // lifespan.shutdown: after the drain, when no request can reach this process any more
    await database.close();
    await send({ type: 'lifespan.shutdown.complete' });
    return;
  }
  if (scope.type !== 'http') return;
  const [status, body] = scope.path === '/healthz' ? await health(scope.state.db as Database) : [200, 'Hello, World\n'];
  await send({ type: 'http.response.start', status, headers: [['content-type', 'text/plain'], ['cache-control', 'no-store']] });
  await send({ type: 'http.response.body', body: new TextEncoder().encode(body) });
};

/** 200 when this process can serve a real request, else 503 and why. Answering at all means startup is done. */
async function health(db: Database): Promise<[status: number, body: string]> {
  try {
    await within(db.ping(), 1000);
    return [200, 'ok\n'];
  } catch (error) {
    return [503, `unavailable: ${(error as Error).message}\n`];
  }
}
