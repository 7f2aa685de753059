/** @module Small complete responses: errors, redirects and bodiless answers (304, HEAD). */
import type { HeaderField, Send } from '@tsgi/spec';

/** The reason phrases of the statuses this app answers with by itself (RFC 9110 §15). */
const PHRASES: Readonly<Record<number, string>> = {
  301: 'Moved Permanently',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
  416: 'Range Not Satisfiable',
};

const encoder = new TextEncoder();

/**
 * Sends a short `text/plain` response whose body is the status phrase. For a HEAD request the headers are the
 * same, `content-length` included, and no body bytes are sent (RFC 9110 §9.3.2; spec HTTP-RESP-HEAD).
 */
export async function sendText(
  send: Send,
  status: number,
  head: boolean,
  extraHeaders: readonly HeaderField[] = [],
): Promise<void> {
  const body = encoder.encode(`${PHRASES[status] ?? 'Error'}\n`);
  await send({
    type: 'http.response.start',
    status,
    headers: [
      ['content-type', 'text/plain; charset=utf-8'],
      ['content-length', String(body.byteLength)],
      ['x-content-type-options', 'nosniff'],
      ...extraHeaders,
    ],
  });
  await send(head ? { type: 'http.response.body' } : { type: 'http.response.body', body });
}

/**
 * Sends a response without body bytes: the start, then one empty final body message, which completes the
 * response (HTTP-BODY-END). Used for 304 and for HEAD answers.
 */
export async function sendHeadersOnly(send: Send, status: number, headers: readonly HeaderField[]): Promise<void> {
  await send({ type: 'http.response.start', status, headers });
  await send({ type: 'http.response.body' });
}
