/**
 * @module A probe that sends one invalid message, records how `send()` rejected, and then answers something
 * observable, so the scenario can check both the rejection and that nothing of the message reached the wire.
 */
import type { Application, HttpScope, Send, SendMessage } from '@tsgi/spec';
import type { Recorder } from '../recorder.js';
import { httpOnly } from './basic.js';

/** One invalid-message scenario. */
export interface InvalidSend {
  /** What the app sends before the invalid message. */
  readonly before: 'nothing' | 'start' | 'complete';
  /** The invalid message (the scope lets a kind depend on what the server advertises). */
  message(scope: HttpScope): unknown;
}

const enc = new TextEncoder();
const START = (status: number, headers: [string, string][]): unknown => ({ type: 'http.response.start', status, headers });

/** The invalid messages, by name. Every header probe uses the marker name/value `x-bad` so the wire can be searched. */
export const INVALID_SENDS: Readonly<Record<string, InvalidSend>> = {
  'body before start': { before: 'nothing', message: () => ({ type: 'http.response.body', body: enc.encode('x-bad') }) },
  'second start': { before: 'start', message: () => START(500, [['x-bad', 'second']]) },
  'status 99': { before: 'nothing', message: () => START(99, []) },
  'status 100': { before: 'nothing', message: () => START(100, []) },
  'status 199': { before: 'nothing', message: () => START(199, []) },
  'status 600': { before: 'nothing', message: () => START(600, []) },
  'status 200.5': { before: 'nothing', message: () => START(200.5, []) },
  'status NaN': { before: 'nothing', message: () => START(Number.NaN, []) },
  'status "200" (a string)': { before: 'nothing', message: () => ({ type: 'http.response.start', status: '200' }) },
  'uppercase header name': { before: 'nothing', message: () => START(200, [['X-Bad', 'v']]) },
  'header name with a space': { before: 'nothing', message: () => START(200, [['x-bad name', 'v']]) },
  'empty header name': { before: 'nothing', message: () => START(200, [['', 'x-bad']]) },
  'pseudo-header name': { before: 'nothing', message: () => START(200, [[':status', '204']]) },
  'CR in header value': { before: 'nothing', message: () => START(200, [['x-bad', 'a\rx-injected: 1']]) },
  'LF in header value': { before: 'nothing', message: () => START(200, [['x-bad', 'a\nx-injected: 1']]) },
  'CRLF in header value': { before: 'nothing', message: () => START(200, [['x-bad', 'a\r\nx-injected: 1']]) },
  'NUL in header value': { before: 'nothing', message: () => START(200, [['x-bad', 'a\0b']]) },
  'code unit above 0xFF in header value': { before: 'nothing', message: () => START(200, [['x-bad', 'caf\u0113']]) },
  'unknown message type': { before: 'nothing', message: () => ({ type: 'http.response.bogus', status: 200 }) },
  'lifespan message on an http scope': { before: 'nothing', message: () => ({ type: 'lifespan.startup.complete' }) },
  'message of an extension not advertised': {
    before: 'start',
    message: (scope) =>
      'http.response.trailers' in scope.extensions
        ? { type: 'x-conformance.never-advertised', body: enc.encode('x-bad') }
        : { type: 'http.response.trailers', headers: [['x-bad', 'trailer']] },
  },
  'body after the response is complete': { before: 'complete', message: () => ({ type: 'http.response.body', body: enc.encode('x-bad') }) },
  'start after the response is complete': { before: 'complete', message: () => START(200, [['x-bad', 'late']]) },
};

/** What the probe records for each request: `<name>: code=<code> name=<name>` or `<name>: resolved`. */
export function invalidMessageApp(rec: Recorder<string>): Application {
  return httpOnly(async (scope, _receive, send: Send) => {
    const name = decodeURIComponent(scope.path.slice(1));
    const kind = INVALID_SENDS[name];
    if (!kind) throw new Error(`no invalid-message kind ${name}`);
    if (kind.before !== 'nothing') {
      await send({ type: 'http.response.start', status: 202, headers: [['x-first', 'stands']] });
    }
    if (kind.before === 'complete') await send({ type: 'http.response.body', body: enc.encode('done') });
    try {
      await send(kind.message(scope) as SendMessage);
      rec.push(`${name}: resolved`);
    } catch (error) {
      const e = error as { code?: unknown; name?: unknown };
      rec.push(`${name}: code=${String(e.code)} name=${String(e.name)}`);
    }
    if (kind.before === 'complete') return;
    if (kind.before === 'nothing') await send({ type: 'http.response.start', status: 200, headers: [['x-recovered', 'yes']] });
    await send({ type: 'http.response.body', body: enc.encode('recovered') });
  });
}
