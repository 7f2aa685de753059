/**
 * @module node:http2 as the strict HTTP/2 client of the deploy tests: nghttp2 checks content-length against the
 * DATA frames (RFC 9113 §8.1.1), so a 204 with a body, or a length that lies, shows up here as PROTOCOL_ERROR.
 */
import { readFileSync } from 'node:fs';
import { connect, constants, type IncomingHttpHeaders } from 'node:http2';
import { CERT_FILE } from './proxies.js';

/** One response read to its end, or how its stream ended otherwise. */
export interface H2Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** When (performance.now()) the first DATA bytes arrived; NaN if none did. */
  firstBytesAt: number;
  /** RST_STREAM code the stream closed with; 0 (NO_ERROR) for a clean end. */
  rstCode: number;
  /** A stream or session error message, or `null`. */
  error: string | null;
}

/** One request of {@link h2Requests}. */
export interface H2Request {
  method?: string;
  path: string;
}

/**
 * Sends `requests` one after another on ONE HTTP/2 connection to https://127.0.0.1:`port` (the test certificate
 * trusted), so a broken response also shows in how the following ones fare.
 */
export async function h2Requests(port: number, requests: H2Request[], timeoutMs = 10_000): Promise<H2Response[]> {
  const session = connect(`https://127.0.0.1:${port}`, { ca: readFileSync(CERT_FILE) });
  let sessionError: string | null = null;
  session.on('error', (e: Error) => (sessionError = e.message));
  const timer = setTimeout(() => session.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  const out: H2Response[] = [];
  try {
    for (const { method = 'GET', path } of requests) out.push(await one(session, method, path, () => sessionError));
  } finally {
    clearTimeout(timer);
    session.close();
  }
  return out;
}

function one(session: ReturnType<typeof connect>, method: string, path: string, sessionError: () => string | null): Promise<H2Response> {
  return new Promise((resolve) => {
    const response: H2Response = { status: 0, headers: {}, body: Buffer.alloc(0), firstBytesAt: Number.NaN, rstCode: 0, error: null };
    const chunks: Buffer[] = [];
    const stream = session.request({ [constants.HTTP2_HEADER_METHOD]: method, [constants.HTTP2_HEADER_PATH]: path });
    stream.end();
    stream.on('response', (headers) => {
      response.headers = headers;
      response.status = Number(headers[constants.HTTP2_HEADER_STATUS]);
    });
    stream.on('data', (chunk: Buffer) => {
      if (chunks.length === 0) response.firstBytesAt = performance.now();
      chunks.push(chunk);
    });
    stream.on('error', (e: Error) => (response.error = e.message));
    stream.on('close', () => {
      response.body = Buffer.concat(chunks);
      response.rstCode = stream.rstCode ?? 0;
      response.error ??= sessionError();
      resolve(response);
    });
  });
}
