import { describe, expect, it } from 'vitest';
import { H1ServerConnection, NEED_DATA, PAUSED, type H1RequestHead } from '../src/index.js';
import { enc, runServer } from './helpers.js';

describe('server: valid requests', () => {
  it('parses a GET with headers: lowercased names, OWS-trimmed values, order and duplicates kept', () => {
    const { recs } = runServer([
      enc('GET /a/b?c=d HTTP/1.1\r\nHost: example.com\r\nX-Dup: 1\r\nx-dup:  2 \t\r\nAccept:\r\n\r\n'),
    ]);
    expect(recs).toEqual([
      {
        type: 'request',
        method: 'GET',
        target: '/a/b?c=d',
        httpVersion: '1.1',
        headers: [['host', 'example.com'], ['x-dup', '1'], ['x-dup', '2'], ['accept', '']],
        expectContinue: false,
        keepAlive: true,
        bodyKind: 'none',
        contentLength: -1,
      },
      { type: 'end-of-message', trailers: [] },
      { type: 'connection-closed' },
    ]);
  });

  it('keeps latin1 bytes (obs-text) in values and the method case as received', () => {
    const { recs } = runServer([enc('get / HTTP/1.1\r\nhost: h\r\nx-v: caf\xe9\r\n\r\n')]);
    const head = recs[0] as unknown as H1RequestHead;
    expect(head.method).toBe('get');
    expect(head.headers[1]).toEqual(['x-v', 'caf\xe9']);
  });

  it('reads a POST body framed by content-length', () => {
    const { recs } = runServer([enc('POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world')]);
    expect(recs[0]).toMatchObject({ method: 'POST', bodyKind: 'length', contentLength: 11 });
    expect(recs.slice(1)).toEqual([
      { type: 'body', data: 'hello world' },
      { type: 'end-of-message', trailers: [] },
      { type: 'connection-closed' },
    ]);
  });

  it('treats content-length: 0 as a length body of zero bytes', () => {
    const { recs } = runServer([enc('POST / HTTP/1.1\r\nhost: h\r\ncontent-length: 0\r\n\r\n')]);
    expect(recs[0]).toMatchObject({ bodyKind: 'length', contentLength: 0 });
    expect(recs[1]).toEqual({ type: 'end-of-message', trailers: [] });
  });

  it('reads a chunked body with extensions and trailers', () => {
    const raw =
      'POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '5;name=value;flag\r\nhello\r\n' +
      '6 ; q="a \\"quoted\\" ext"\r\n world\r\n' +
      'A\r\n0123456789\r\n' +
      '0;last\r\nX-Checksum: abc\r\nExpires: never\r\n\r\n';
    const { recs } = runServer([enc(raw)]);
    expect(recs[0]).toMatchObject({ bodyKind: 'chunked', contentLength: -1 });
    expect(recs.slice(1)).toEqual([
      { type: 'body', data: 'hello world0123456789' },
      { type: 'end-of-message', trailers: [['x-checksum', 'abc'], ['expires', 'never']] },
      { type: 'connection-closed' },
    ]);
  });

  it('accepts chunk sizes with leading zeros and mixed-case hex', () => {
    const { recs } = runServer([enc('POST / HTTP/1.1\r\nhost: h\r\ntransfer-encoding: Chunked\r\n\r\n000a\r\n0123456789\r\n00\r\n\r\n')]);
    expect(recs[1]).toEqual({ type: 'body', data: '0123456789' });
    expect(recs[2]).toEqual({ type: 'end-of-message', trailers: [] });
  });

  it('handles pipelined requests in one buffer: PAUSED until startNextCycle', () => {
    const conn = new H1ServerConnection();
    conn.receiveData(
      enc('GET /1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET /3 HTTP/1.1\r\nHost: h\r\n\r\n'),
    );
    const first = conn.nextEvent() as H1RequestHead;
    expect(first.target).toBe('/1');
    expect(conn.nextEvent()).toEqual({ type: 'end-of-message', trailers: [] });
    expect(conn.theirState).toBe('DONE');
    expect(conn.nextEvent()).toBe(PAUSED);
    expect(conn.nextEvent()).toBe(PAUSED);
    expect(conn.bufferedBytes).toBeGreaterThan(0);
    expect(() => conn.startNextCycle()).toThrow(/startNextCycle/);
    conn.writeHead(200, [['content-length', '0']]);
    conn.writeEnd();
    conn.startNextCycle();
    expect((conn.nextEvent() as H1RequestHead).target).toBe('/2');
    expect(conn.nextEvent()).toMatchObject({ type: 'data' });
    expect(conn.nextEvent()).toMatchObject({ type: 'end-of-message' });
    expect(conn.nextEvent()).toBe(PAUSED);
    conn.writeHead(204, []);
    conn.writeEnd();
    conn.startNextCycle();
    expect((conn.nextEvent() as H1RequestHead).target).toBe('/3');
    expect(conn.nextEvent()).toMatchObject({ type: 'end-of-message' });
    expect(conn.nextEvent()).toBe(NEED_DATA);
    expect(conn.bufferedBytes).toBe(0);
  });

  it('applies the keep-alive rules of 1.0 and 1.1 (RFC 9112 §9.3)', () => {
    const ka = (raw: string): boolean => (runServer([enc(raw)]).recs[0] as unknown as H1RequestHead).keepAlive;
    expect(ka('GET / HTTP/1.1\r\nhost: h\r\n\r\n')).toBe(true);
    expect(ka('GET / HTTP/1.1\r\nhost: h\r\nconnection: Close\r\n\r\n')).toBe(false);
    expect(ka('GET / HTTP/1.1\r\nhost: h\r\nconnection: foo, close\r\n\r\n')).toBe(false);
    expect(ka('GET / HTTP/1.0\r\n\r\n')).toBe(false);
    expect(ka('GET / HTTP/1.0\r\nconnection: Keep-Alive\r\n\r\n')).toBe(true);
    expect(ka('GET / HTTP/1.0\r\nconnection: keep-alive, close\r\n\r\n')).toBe(false);
  });

  it('1.0 keep-alive: answers with connection: keep-alive and serves a second request', () => {
    const { recs, wire } = runServer([enc('GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\n\r\n')]);
    expect(recs.filter((r) => r.type === 'request').map((r) => r['target'])).toEqual(['/a', '/b']);
    expect(wire).toBe(
      'HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: keep-alive\r\n\r\n' +
        'HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n',
    );
  });

  it('after connection: close, later pipelined bytes are ignored, then EOF closes', () => {
    const { recs } = runServer([enc('GET / HTTP/1.1\r\nhost: h\r\nconnection: close\r\n\r\nGET /ignored HTTP/1.1\r\n\r\n')]);
    expect(recs.map((r) => r.type)).toEqual(['request', 'end-of-message', 'connection-closed']);
  });

  it('flags expect: 100-continue on 1.1 only', () => {
    const a = runServer([enc('PUT / HTTP/1.1\r\nhost: h\r\nexpect: 100-Continue\r\ncontent-length: 1\r\n\r\nx')]);
    expect(a.recs[0]).toMatchObject({ expectContinue: true });
    const b = runServer([enc('PUT / HTTP/1.0\r\nexpect: 100-continue\r\ncontent-length: 1\r\n\r\nx')]);
    expect(b.recs[0]).toMatchObject({ expectContinue: false });
  });

  it('treats HTTP/1.2+ as 1.1 and allows a 1.0 request without host', () => {
    expect(runServer([enc('GET / HTTP/1.9\r\nhost: h\r\n\r\n')]).recs[0]).toMatchObject({ httpVersion: '1.1' });
    expect(runServer([enc('GET / HTTP/1.0\r\n\r\n')]).recs[0]).toMatchObject({ httpVersion: '1.0' });
  });

  it('ignores a few empty lines before the request line (RFC 9112 §2.2)', () => {
    const { recs } = runServer([enc('\r\n\r\nGET / HTTP/1.1\r\nhost: h\r\n\r\n')]);
    expect(recs[0]).toMatchObject({ type: 'request', target: '/' });
  });

  it('accepts the four request-target forms', () => {
    for (const t of ['/p?q', 'http://h:80/p', 'h:443', '*']) {
      const m = t === '*' ? 'OPTIONS' : t === 'h:443' ? 'CONNECT' : 'GET';
      expect(runServer([enc(`${m} ${t} HTTP/1.1\r\nhost: h\r\n\r\n`)]).recs[0]).toMatchObject({ target: t });
    }
  });

  it('EOF at a message boundary is connection-closed, and it repeats', () => {
    const conn = new H1ServerConnection();
    expect(conn.nextEvent()).toBe(NEED_DATA);
    conn.receiveData(new Uint8Array(0));
    expect(conn.nextEvent()).toEqual({ type: 'connection-closed' });
    expect(conn.nextEvent()).toEqual({ type: 'connection-closed' });
    expect(conn.theirState).toBe('CLOSED');
  });

  it('EOF mid-head or mid-body is H1_INCOMPLETE (400), and the error is sticky', () => {
    for (const raw of ['GET / HT', 'GET / HTTP/1.1\r\nhost: h\r\n', 'POST / HTTP/1.1\r\nhost: h\r\ncontent-length: 5\r\n\r\nab',
      'POST / HTTP/1.1\r\nhost: h\r\ntransfer-encoding: chunked\r\n\r\n5\r\nab']) {
      const conn = new H1ServerConnection();
      conn.receiveData(enc(raw));
      conn.receiveData(new Uint8Array(0));
      let err: unknown;
      try {
        for (let i = 0; i < 10; i++) conn.nextEvent();
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: 'H1_INCOMPLETE', statusHint: 400 });
      expect(conn.theirState).toBe('ERROR');
      expect(conn.keepAlive).toBe(false);
      expect(() => conn.nextEvent()).toThrow(err as Error);
    }
  });

  it('data views are never overwritten by later input', () => {
    const conn = new H1ServerConnection();
    conn.receiveData(enc('POST / HTTP/1.1\r\nhost: h\r\ncontent-length: 6\r\n\r\nab'));
    conn.nextEvent();
    const first = conn.nextEvent() as { data: Uint8Array };
    conn.receiveData(enc('cd'));
    conn.receiveData(enc('ef'));
    const second = conn.nextEvent() as { data: Uint8Array };
    expect(Buffer.from(first.data).toString()).toBe('ab');
    expect(Buffer.from(second.data).toString()).toBe('cdef');
  });
});
