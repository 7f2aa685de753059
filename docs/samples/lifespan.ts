import type { Application } from '@tsgi/spec';

/** A stand-in for a database pool: opened once per process, shared by every request. */
class Pool {
  queries = 0;
  async query(sql: string): Promise<string> {
    this.queries++;
    return `result of ${sql}`;
  }
  async close(): Promise<void> {}
}

export const app: Application = async (scope, receive, send) => {
  if (scope.type === 'lifespan') {
    await receive(); // lifespan.startup
    try {
      scope.state.pool = new Pool(); // put it on the object the server copies into each request's scope
    } catch (error) {
      await send({ type: 'lifespan.startup.failed', message: String(error) });
      return;
    }
    await send({ type: 'lifespan.startup.complete' });
    await receive(); // lifespan.shutdown, after the last request
    await (scope.state.pool as Pool).close();
    await send({ type: 'lifespan.shutdown.complete' });
    return;
  }
  // Each request gets a shallow copy of the state: the same Pool object (HTTP-SCOPE-STATE).
  const pool = scope.state.pool as Pool;
  const body = new TextEncoder().encode(`${await pool.query('select 1')} (query ${pool.queries})\n`);
  await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain; charset=utf-8']] });
  await send({ type: 'http.response.body', body });
};
