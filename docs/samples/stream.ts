import { isClientDisconnected, type Application } from '@tsgi/spec';

const encoder = new TextEncoder();

/** Streams `count` lines (default 5), one body message each, without a content-length: the server frames it. */
export const app: Application = async (scope, _receive, send) => {
  if (scope.type !== 'http') throw new Error(`unsupported scope type ${scope.type}`);
  const count = Number(new URLSearchParams(scope.queryString).get('count') ?? 5);
  await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain; charset=utf-8']] });
  try {
    for (let i = 1; i <= count; i++) {
      // Awaiting each send is the backpressure: a slow client slows this loop (FLOW-SEND-BACKPRESSURE).
      await send({ type: 'http.response.body', body: encoder.encode(`line ${i}\n`), moreBody: true });
    }
    await send({ type: 'http.response.body' }); // an empty last message completes the response
  } catch (error) {
    // The client left: stop producing. The server does not log this as a failure (FLOW-DISCONNECT-NOT-LOGGED).
    if (isClientDisconnected(error)) return;
    throw error;
  }
};
