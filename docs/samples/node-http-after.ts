import type { Application } from '@tsgi/spec';

/** The same handler as a TSGI app: the request is the scope, the body comes from receive(), the answer goes to send(). */
export const app: Application = async (scope, receive, send) => {
  if (scope.type !== 'http') throw new Error(`unsupported scope type ${scope.type}`);
  const query = new URLSearchParams(scope.queryString); // scope.queryString is what followed "?"
  let size = 0;
  for (;;) {
    const message = await receive(); // like 'data' events, but pulled: no more is read until you ask
    if (message.type !== 'http.request') return; // the client left ('close' / 'aborted')
    size += message.body.byteLength;
    if (!message.moreBody) break; // like 'end'
  }
  const text = `hello ${query.get('name') ?? 'world'}, ${size} bytes\n`;
  await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain; charset=utf-8']] }); // writeHead
  await send({ type: 'http.response.body', body: new TextEncoder().encode(text) }); // end
};
