import type { Application } from '@tsgi/spec';

const body = new TextEncoder().encode('Hello, World\n');

export const app: Application = async (scope, receive, send) => {
  // No startup work: throwing for the lifespan scope tells the server so (APP-UNKNOWN-SCOPE).
  if (scope.type !== 'http') throw new Error(`unsupported scope type ${scope.type}`);
  await send({
    type: 'http.response.start',
    status: 200,
    headers: [['content-type', 'text/plain; charset=utf-8'], ['content-length', String(body.byteLength)]],
  });
  await send({ type: 'http.response.body', body }); // moreBody defaults to false: the response is complete
};

export default app;
