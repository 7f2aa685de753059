import { describe, expect, it } from 'vitest';
import { H1LocalProtocolError, H1ServerConnection } from '../src/index.js';
import { cat, dec, enc } from './helpers.js';

/** A server that has read one request (`raw`) completely. */
function after(raw: string): H1ServerConnection {
  const conn = new H1ServerConnection();
  conn.receiveData(enc(raw));
  conn.nextEvent();
  conn.nextEvent();
  return conn;
}
const GET11 = 'GET / HTTP/1.1\r\nhost: h\r\n\r\n';
const GET10 = 'GET / HTTP/1.0\r\n\r\n';
const HEAD11 = 'HEAD / HTTP/1.1\r\nhost: h\r\n\r\n';

describe('serializer: exact bytes', () => {
  it('content-length framing', () => {
    const c = after(GET11);
    expect(dec(c.writeHead(200, [['content-type', 'text/plain'], ['content-length', '5']]))).toBe(
      'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\n\r\n',
    );
    expect(cat(c.writeBody(enc('he')))).toBe('he');
    expect(cat(c.writeBody(enc('llo')))).toBe('llo');
    expect(c.writeEnd().length).toBe(0);
    expect(c.ourState).toBe('DONE');
    expect(c.keepAlive).toBe(true);
  });

  it('chunked framing for a 1.1 request without content-length, with trailers', () => {
    const c = after(GET11);
    expect(dec(c.writeHead(200, [['x-a', 'b']]))).toBe('HTTP/1.1 200 OK\r\nx-a: b\r\ntransfer-encoding: chunked\r\n\r\n');
    const parts = c.writeBody(enc('hello world, 0123'));
    expect(parts.length).toBe(3);
    expect(cat(parts)).toBe('11\r\nhello world, 0123\r\n');
    expect(c.writeBody(new Uint8Array(0))).toEqual([]);
    expect(dec(c.writeEnd([['x-checksum', '1']]))).toBe('0\r\nx-checksum: 1\r\n\r\n');
  });

  it('chunked end without trailers', () => {
    const c = after(GET11);
    c.writeHead(200, []);
    expect(dec(c.writeEnd())).toBe('0\r\n\r\n');
  });

  it('close-delimited for a 1.0 request without content-length', () => {
    const c = after('GET / HTTP/1.0\r\nconnection: keep-alive\r\n\r\n');
    expect(dec(c.writeHead(200, [['x', 'y']]))).toBe('HTTP/1.1 200 OK\r\nx: y\r\nconnection: close\r\n\r\n');
    expect(c.keepAlive).toBe(false);
    expect(cat(c.writeBody(enc('raw')))).toBe('raw');
    expect(c.writeEnd().length).toBe(0);
    expect(c.ourState).toBe('MUST_CLOSE');
    expect(c.theirState).toBe('MUST_CLOSE');
  });

  it('204: no body, content-length removed', () => {
    const c = after(GET11);
    expect(dec(c.writeHead(204, [['content-length', '0'], ['x', '1']]))).toBe('HTTP/1.1 204 No Content\r\nx: 1\r\n\r\n');
    expect(c.writeBody(enc('ignored'))).toEqual([]);
    expect(c.writeEnd().length).toBe(0);
  });

  it('304: no body, content-length kept', () => {
    const c = after(GET11);
    expect(dec(c.writeHead(304, [['etag', '"x"'], ['content-length', '42']]))).toBe(
      'HTTP/1.1 304 Not Modified\r\netag: "x"\r\ncontent-length: 42\r\n\r\n',
    );
    expect(c.writeEnd().length).toBe(0);
  });

  it('HEAD: no body, content-length kept, no transfer-encoding added', () => {
    const c = after(HEAD11);
    expect(dec(c.writeHead(200, [['content-length', '1000']]))).toBe('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n');
    expect(c.writeBody(enc('body of a GET'))).toEqual([]);
    expect(c.writeEnd().length).toBe(0);
    const d = after(HEAD11);
    expect(dec(d.writeHead(200, []))).toBe('HTTP/1.1 200 OK\r\n\r\n');
  });

  it('removes connection-owned headers and writes its own connection header', () => {
    const c = after(GET11);
    const head = c.writeHead(
      200,
      [['Connection', 'keep-alive'], ['Keep-Alive', 'timeout=5'], ['transfer-encoding', 'gzip'], ['upgrade', 'h2c'],
        ['proxy-connection', 'x'], ['content-length', '0']],
      { close: true, reason: 'Fine' },
    );
    expect(dec(head)).toBe('HTTP/1.1 200 Fine\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    expect(c.keepAlive).toBe(false);
  });

  it('1.0 request: content-length response keeps the connection only with keep-alive', () => {
    expect(dec(after(GET10).writeHead(200, [['content-length', '0']]))).toBe(
      'HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n',
    );
  });

  it('100 Continue and interim 103', () => {
    const c = after('PUT / HTTP/1.1\r\nhost: h\r\nexpect: 100-continue\r\ncontent-length: 1\r\n\r\n');
    expect(dec(c.writeHead(103, [['link', '</a>; rel=preload'], ['content-length', '5']]))).toBe(
      'HTTP/1.1 103 Early Hints\r\nlink: </a>; rel=preload\r\n\r\n',
    );
    expect(dec(c.writeContinue())).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    expect(() => c.writeContinue()).toThrow(H1LocalProtocolError);
    expect(c.ourState).toBe('IDLE');
    expect(() => after(GET11).writeContinue()).toThrow(H1LocalProtocolError);
  });

  it('error responses', () => {
    const c = new H1ServerConnection();
    expect(dec(c.writeErrorResponse(431))).toBe(
      'HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: text/plain\r\ncontent-length: 31\r\n' +
        'connection: close\r\n\r\nRequest Header Fields Too Large',
    );
  });

  it('local errors: bad state, invalid headers, length over/under, bad status', () => {
    const code = (fn: () => unknown): string => {
      try {
        fn();
      } catch (e) {
        if (e instanceof H1LocalProtocolError) return e.code;
        throw e;
      }
      return 'none';
    };
    expect(code(() => new H1ServerConnection().writeHead(200, []))).toBe('H1_BAD_STATE');
    expect(code(() => after(GET11).writeBody(enc('x')))).toBe('H1_BAD_STATE');
    expect(code(() => after(GET11).writeHead(200, [['bad name', 'x']]))).toBe('H1_INVALID_HEADER');
    expect(code(() => after(GET11).writeHead(200, [['x', 'a\r\nb']]))).toBe('H1_INVALID_HEADER');
    expect(code(() => after(GET11).writeHead(200, [['x', '\u0100']]))).toBe('H1_INVALID_HEADER');
    expect(code(() => after(GET11).writeHead(200, [['content-length', '1, 1']]))).toBe('H1_BAD_CONTENT_LENGTH');
    expect(code(() => after(GET11).writeHead(200, [['content-length', '1'], ['Content-Length', '1']]))).toBe('H1_BAD_CONTENT_LENGTH');
    expect(code(() => after(GET11).writeHead(99, []))).toBe('H1_INVALID_STATUS');
    expect(code(() => after(GET11).writeHead(101, []))).toBe('H1_INVALID_STATUS');
    expect(code(() => after(GET11).writeHead(200.5, []))).toBe('H1_INVALID_STATUS');
    const over = after(GET11);
    over.writeHead(200, [['content-length', '2']]);
    expect(code(() => over.writeBody(enc('abc')))).toBe('H1_LENGTH_OVER');
    expect(code(() => over.writeEnd())).toBe('H1_LENGTH_UNDER');
    const twice = after(GET11);
    twice.writeHead(200, [['content-length', '0']]);
    expect(code(() => twice.writeHead(200, []))).toBe('H1_BAD_STATE');
    twice.writeEnd();
    expect(code(() => twice.writeEnd())).toBe('H1_BAD_STATE');
  });
});

describe('writeHeadLatin1', () => {
  it('is writeHead as a latin1 string, with the same framing and state', () => {
    const headers: [string, string][] = [['content-type', 'text/plain; charset=é'], ['connection', 'keep-alive'], ['x-a', 'b']];
    const a = after(GET10.replace('\r\n\r\n', '\r\nconnection: keep-alive\r\n\r\n'));
    const b = after(GET10.replace('\r\n\r\n', '\r\nconnection: keep-alive\r\n\r\n'));
    const bytes = a.writeHead(200, headers);
    const text = b.writeHeadLatin1(200, headers);
    expect(text).toBe(Buffer.from(bytes).toString('latin1'));
    expect(text).toBe('HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=é\r\nx-a: b\r\nconnection: close\r\n\r\n');
    expect([b.ourState, b.keepAlive]).toEqual([a.ourState, a.keepAlive]);
    const c = after(GET11);
    expect(c.writeHeadLatin1(204, [['content-length', '0']], { close: true })).toBe('HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n');
    expect(c.keepAlive).toBe(false);
  });

  it('takes final statuses only', () => {
    expect(() => after(GET11).writeHeadLatin1(103, [])).toThrow(H1LocalProtocolError);
  });
});
