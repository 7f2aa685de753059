import type { Application, HttpReceive, HttpScope, HttpSend } from '@tsgi/spec';

/** A fetch-style handler, as Hono, itty-router and Deno.serve take them. */
export type FetchHandler = (request: Request) => Promise<Response>;

async function readAll(receive: HttpReceive): Promise<Uint8Array<ArrayBuffer> | null> {
  const chunks: Uint8Array[] = [];
  for (;;) {
    const message = await receive();
    if (message.type === 'http.disconnect') return null;
    chunks.push(message.body);
    if (!message.moreBody) return Buffer.concat(chunks);
  }
}

function toRequest(scope: HttpScope, body: Uint8Array<ArrayBuffer> | null): Request {
  const host = scope.headers.find(([name]) => name === 'host')?.[1] ?? 'localhost';
  const url = `${scope.scheme}://${host}${scope.rawPath}${scope.queryString ? `?${scope.queryString}` : ''}`;
  const hasBody = body !== null && body.byteLength > 0 && scope.method !== 'GET' && scope.method !== 'HEAD';
  // Header values are byte strings, which is what the Headers class takes (ByteString).
  return new Request(url, { method: scope.method, headers: scope.headers.map(([n, v]) => [n, v]), ...(hasBody ? { body } : {}) });
}

async function sendResponse(response: Response, send: HttpSend): Promise<void> {
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => { if (name !== 'set-cookie') headers.push([name, value]); });
  for (const cookie of response.headers.getSetCookie()) headers.push(['set-cookie', cookie]); // one field each
  await send({ type: 'http.response.start', status: response.status, headers });
  if (response.body === null) return send({ type: 'http.response.body' });
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return send({ type: 'http.response.body' });
    await send({ type: 'http.response.body', body: value, moreBody: true }); // backpressure: read the next chunk only after this
  }
}

/** Runs a fetch-style handler as a TSGI app. The body is buffered whole before the handler sees it. */
export function fromFetch(handler: FetchHandler): Application {
  return async (scope, receive, send) => {
    if (scope.type !== 'http') throw new Error(`unsupported scope type ${scope.type}`);
    const body = await readAll(receive as HttpReceive);
    if (body === null) return;
    await sendResponse(await handler(toRequest(scope, body)), send as HttpSend);
  };
}

/** An example handler: JSON in, JSON out. */
export const handler: FetchHandler = async (request) => {
  if (request.method !== 'POST') return Response.json({ error: 'POST JSON here' }, { status: 405 });
  const input = (await request.json()) as { name?: string };
  return Response.json({ greeting: `hello ${input.name ?? 'world'}`, path: new URL(request.url).pathname });
};

export const app = fromFetch(handler);
