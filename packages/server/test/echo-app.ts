/** @module An app that answers with what its scope says about the connection, for the listener tests of both servers. */
import type { Application } from '@tsgi/spec';

/** What {@link connectionEcho} answers, as JSON. */
export interface Echo {
  client: [string, number] | null;
  server: [string, number | null] | null;
  scheme: string;
  httpVersion: string;
}

/** Answers 200 with `{ client, server, scheme, httpVersion }` of the scope. */
export const connectionEcho: Application = async (scope, _receive, send) => {
  if (scope.type !== 'http') return;
  const { client, server, scheme, httpVersion } = scope;
  const body = new TextEncoder().encode(JSON.stringify({ client, server, scheme, httpVersion }));
  await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'application/json'], ['content-length', String(body.length)]] });
  await send({ type: 'http.response.body', body });
};

/** The JSON body of a raw HTTP/1.1 response text. */
export function echoOf(response: string): Echo {
  const at = response.indexOf('\r\n\r\n');
  if (!response.startsWith('HTTP/1.1 200') || at === -1) throw new Error(`not a 200 response: ${JSON.stringify(response)}`);
  return JSON.parse(response.slice(at + 4)) as Echo;
}
