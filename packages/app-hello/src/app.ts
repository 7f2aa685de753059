/** @module The hello app: answers any method on any path with 200 `Hello, World` as text/plain. */
import type { Application, Receive } from '@tsgi/spec';

const BODY = new TextEncoder().encode('Hello, World');
const HEADERS = [
  ['content-type', 'text/plain; charset=utf-8'],
  ['content-length', String(BODY.byteLength)],
] as const;
const START = { type: 'http.response.start', status: 200, headers: HEADERS } as const;

/** Reads and discards the rest of a request body, so a client's upload is consumed before the answer. */
async function drainRest(receive: Receive): Promise<void> {
  for (;;) {
    const message = await receive();
    if (message.type !== 'http.request' || !message.moreBody) return;
  }
}

/**
 * The app. It has no lifespan work, so it rejects that scope as the spec allows (APP-UNKNOWN-SCOPE). One async
 * function for the usual request (a GET: its one receive() holds the whole, empty body), so the hello load measures
 * the server rather than the app's promise hops.
 */
export const app: Application = async (scope, receive, send) => {
  if (scope.type !== 'http') throw new Error(`hello: unsupported scope type ${scope.type}`);
  const first = await receive();
  if (first.type === 'http.request' && first.moreBody) await drainRest(receive);
  await send(START);
  await send({ type: 'http.response.body', body: BODY });
};

export default app;
