import { describe, expect, it } from 'vitest';
import {
  H1ClientConnection,
  H1LocalProtocolError,
  H1ServerConnection,
  NEED_DATA,
  PAUSED,
  type H1ClientEvent,
  type H1ServerEvent,
} from '../src/index.js';
import { dec, enc, runClient } from './helpers.js';

const merge = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** Drains a connection's events until NEED_DATA / PAUSED. */
function drain<T>(conn: { nextEvent(): T | typeof NEED_DATA | typeof PAUSED }): T[] {
  const out: T[] = [];
  for (let ev = conn.nextEvent(); ev !== NEED_DATA && ev !== PAUSED; ev = conn.nextEvent()) out.push(ev as T);
  return out;
}

describe('client role: response framing', () => {
  it('content-length, chunked, close-delimited', () => {
    expect(runClient([enc('HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nabc')])).toEqual([
      { type: 'response', status: 200, reason: 'OK', httpVersion: '1.1', headers: [['content-length', '3']],
        keepAlive: true, bodyKind: 'length', contentLength: 3 },
      { type: 'body', data: 'abc' },
      { type: 'end-of-message', trailers: [] },
      { type: 'connection-closed' },
    ]);
    const close = runClient([enc('HTTP/1.0 200 OK\r\n\r\nuntil'), enc(' eof')]);
    expect(close[0]).toMatchObject({ bodyKind: 'close', keepAlive: false, httpVersion: '1.0' });
    expect(close.slice(1)).toEqual([
      { type: 'body', data: 'until eof' },
      { type: 'end-of-message', trailers: [] },
      { type: 'connection-closed' },
    ]);
    const te = runClient([enc('HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\n\r\nzzz')]);
    expect(te[0]).toMatchObject({ bodyKind: 'close' });
  });

  it('HEAD, 204 and 304 responses have no body even with content-length', () => {
    expect(runClient([enc('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n')], 'HEAD').map((r) => r.type)).toEqual([
      'response', 'end-of-message', 'connection-closed',
    ]);
    expect(runClient([enc('HTTP/1.1 304 Not Modified\r\ncontent-length: 10\r\n\r\n')])[0]).toMatchObject({ bodyKind: 'none' });
    expect(runClient([enc('HTTP/1.1 204 No Content\r\n\r\n')])[0]).toMatchObject({ bodyKind: 'none', reason: 'No Content' });
  });

  it('status line without reason, informational responses, and errors', () => {
    expect(runClient([enc('HTTP/1.1 200\r\ncontent-length: 0\r\n\r\n')])[0]).toMatchObject({ status: 200, reason: '' });
    expect(runClient([enc('HTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n')]).slice(0, 2))
      .toEqual([
        { type: 'informational', status: 103, reason: 'Early Hints', headers: [['link', '</a>']] },
        expect.objectContaining({ type: 'response', status: 200 }),
      ]);
    expect(runClient([enc('HTTP/1.1 20 OK\r\n\r\n')])).toEqual([{ type: 'error', statusHint: 400, code: 'H1_BAD_STATUS_LINE' }]);
    expect(runClient([enc('HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\n')])).toEqual([
      { type: 'error', statusHint: 400, code: 'H1_DUPLICATE_CONTENT_LENGTH' },
    ]);
    expect(runClient([enc('HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nab')]).at(-1)).toEqual({
      type: 'error', statusHint: 400, code: 'H1_INCOMPLETE',
    });
  });

  it('writes requests with the framing its headers declare', () => {
    const c = new H1ClientConnection();
    expect(dec(c.writeRequest('POST', '/u', [['host', 'h'], ['transfer-encoding', 'chunked']]))).toBe(
      'POST /u HTTP/1.1\r\nhost: h\r\ntransfer-encoding: chunked\r\n\r\n',
    );
    expect(dec(merge(c.writeBody(enc('abc'))))).toBe('3\r\nabc\r\n');
    expect(dec(c.writeEnd())).toBe('0\r\n\r\n');
    const g = new H1ClientConnection();
    g.writeRequest('GET', '/', [['host', 'h']]);
    expect(() => g.writeBody(enc('x'))).toThrow(H1LocalProtocolError);
    expect(() => new H1ClientConnection().writeRequest('G T', '/', [])).toThrow(H1LocalProtocolError);
    expect(() => new H1ClientConnection().writeRequest('GET', '/a b', [])).toThrow(H1LocalProtocolError);
  });
});

describe('ConnectionPair: client core talks to server core', () => {
  it('runs several keep-alive cycles with length, chunked, HEAD and expect-continue', () => {
    const client = new H1ClientConnection();
    const server = new H1ServerConnection();
    // An empty Uint8Array means EOF to receiveData, so empty write results (e.g. writeEnd of a length body) are
    // not forwarded.
    const send = (to: { receiveData(b: Uint8Array): void }, b: Uint8Array | Uint8Array[]): void => {
      const bytes = Array.isArray(b) ? merge(b) : b;
      if (bytes.length > 0) to.receiveData(bytes);
    };
    const toServer = (b: Uint8Array | Uint8Array[]): void => send(server, b);
    const toClient = (b: Uint8Array | Uint8Array[]): void => send(client, b);

    // 1: POST with content-length, chunked response with trailers
    toServer(client.writeRequest('POST', '/echo', [['host', 'h'], ['content-length', '5']]));
    toServer(client.writeBody(enc('hello')));
    toServer(client.writeEnd());
    const s1 = drain<H1ServerEvent>(server);
    expect(s1.map((e) => e.type)).toEqual(['request', 'data', 'end-of-message']);
    expect(s1[0]).toMatchObject({ method: 'POST', target: '/echo', bodyKind: 'length', contentLength: 5 });
    toClient(server.writeHead(200, [['content-type', 'text/plain']]));
    toClient(server.writeBody(enc('HELLO')));
    toClient(server.writeEnd([['x-done', 'yes']]));
    const c1 = drain<H1ClientEvent>(client);
    expect(c1[0]).toMatchObject({ type: 'response', status: 200, bodyKind: 'chunked', keepAlive: true });
    expect(dec((c1[1] as { data: Uint8Array }).data)).toBe('HELLO');
    expect(c1[2]).toEqual({ type: 'end-of-message', trailers: [['x-done', 'yes']] });
    server.startNextCycle();
    client.startNextCycle();

    // 2: HEAD: the client knows the response has no body
    toServer(client.writeRequest('HEAD', '/', [['host', 'h']]));
    toServer(client.writeEnd());
    expect(drain<H1ServerEvent>(server).map((e) => e.type)).toEqual(['request', 'end-of-message']);
    toClient(server.writeHead(200, [['content-length', '123']]));
    toClient(server.writeEnd());
    expect(drain<H1ClientEvent>(client).map((e) => e.type)).toEqual(['response', 'end-of-message']);
    server.startNextCycle();
    client.startNextCycle();

    // 3: chunked upload with expect: 100-continue, then connection: close
    toServer(client.writeRequest('PUT', '/f', [['host', 'h'], ['expect', '100-continue'], ['transfer-encoding', 'chunked']]));
    const s3 = drain<H1ServerEvent>(server);
    expect(s3).toEqual([expect.objectContaining({ type: 'request', expectContinue: true, bodyKind: 'chunked' })]);
    toClient(server.writeContinue());
    expect(drain<H1ClientEvent>(client)).toEqual([{ type: 'informational', status: 100, reason: 'Continue', headers: [] }]);
    toServer(client.writeBody(enc('part1')));
    toServer(client.writeBody(enc('part2')));
    toServer(client.writeEnd());
    const body = drain<H1ServerEvent>(server);
    expect(body.filter((e) => e.type === 'data').map((e) => dec((e as { data: Uint8Array }).data)).join('')).toBe('part1part2');
    toClient(server.writeHead(201, [['content-length', '0']], { close: true }));
    toClient(server.writeEnd());
    expect(drain<H1ClientEvent>(client)[0]).toMatchObject({ status: 201, keepAlive: false });
    expect(server.ourState).toBe('MUST_CLOSE');
    expect(client.theirState).toBe('MUST_CLOSE');
    expect(() => server.startNextCycle()).toThrow(H1LocalProtocolError);
    server.receiveData(new Uint8Array(0));
    expect(server.nextEvent()).toEqual({ type: 'connection-closed' });
  });
});
