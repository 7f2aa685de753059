/** @module The hello app: answers any method on any path with 200 `Hello, World` as text/plain. */
import type { Application, HttpScope, Receive, Send } from '@tsgi/spec';

const BODY = new TextEncoder().encode('Hello, World');
const HEADERS = [
  ['content-type', 'text/plain; charset=utf-8'],
  ['content-length', String(BODY.byteLength)],
] as const;

/** Reads and discards the request body, so a client's upload is consumed before the answer. */
async function drainBody(receive: Receive): Promise<void> {
  for (;;) {
    const message = await receive();
    if (message.type !== 'http.request' || !message.moreBody) return;
  }
}

async function hello(_scope: HttpScope, receive: Receive, send: Send): Promise<void> {
  await drainBody(receive);
  await send({ type: 'http.response.start', status: 200, headers: HEADERS });
  await send({ type: 'http.response.body', body: BODY });
}

/** The app. It has no lifespan work, so it rejects that scope as the spec allows (APP-UNKNOWN-SCOPE). */
export const app: Application = async (scope, receive, send) => {
  if (scope.type !== 'http') throw new Error(`hello: unsupported scope type ${scope.type}`);
  await hello(scope, receive, send);
};

export default app;
