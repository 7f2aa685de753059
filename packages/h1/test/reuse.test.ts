/** The process-wide reuse of the last response head and of repeated field values is exact for any input. */
import { describe, expect, it } from 'vitest';
import { H1LocalProtocolError, H1ServerConnection, type H1RequestHead } from '../src/index.js';
import { enc } from './helpers.js';

function requestOn(raw: string): { conn: H1ServerConnection; head: H1RequestHead } {
  const conn = new H1ServerConnection();
  conn.receiveData(enc(raw));
  const head = conn.nextEvent() as H1RequestHead;
  conn.nextEvent(); // end-of-message
  return { conn, head };
}
const GET = 'GET / HTTP/1.1\r\nhost: h\r\n\r\n';

describe('response head reuse', () => {
  it('gives the same bytes for the same fields and new bytes when a value changes in place', () => {
    const fields: [string, string][] = [['content-type', 'text/plain'], ['content-length', '5']];
    const first = requestOn(GET).conn.writeHeadLatin1(200, fields);
    expect(requestOn(GET).conn.writeHeadLatin1(200, fields)).toBe(first);
    fields[1]![1] = '7'; // the same array and tuple, another value
    const c = requestOn(GET).conn;
    expect(c.writeHeadLatin1(200, fields)).toContain('content-length: 7\r\n');
    expect(() => c.writeBody(new Uint8Array(8))).toThrow(H1LocalProtocolError); // the new length is enforced
  });

  it('still validates a changed field after a valid one', () => {
    const fields: [string, string][] = [['x-a', 'ok']];
    requestOn(GET).conn.writeHeadLatin1(200, fields);
    fields[0]![1] = 'bad\r\nvalue';
    expect(() => requestOn(GET).conn.writeHeadLatin1(200, fields)).toThrow(H1LocalProtocolError);
  });

  it('follows the request: the same fields get keep-alive for 1.0 and chunked framing for 1.1 without a length', () => {
    const fields: [string, string][] = [['x-a', 'b']];
    expect(requestOn(GET).conn.writeHeadLatin1(200, fields)).toContain('transfer-encoding: chunked\r\n');
    const h10 = requestOn('GET / HTTP/1.0\r\nconnection: keep-alive\r\n\r\n').conn.writeHeadLatin1(200, fields);
    expect(h10).toContain('connection: close\r\n'); // 1.0 without a length: close-delimited
    expect(h10).not.toContain('chunked');
  });
});

describe('repeated field values', () => {
  it('are exact when a value of the same length changes', () => {
    expect(requestOn('GET / HTTP/1.1\r\nhost: aaaa\r\nuser-agent: x/1\r\n\r\n').head.headers).toEqual([
      ['host', 'aaaa'],
      ['user-agent', 'x/1'],
    ]);
    expect(requestOn('GET / HTTP/1.1\r\nhost: aaab\r\nuser-agent: x/1\r\n\r\n').head.headers).toEqual([
      ['host', 'aaab'],
      ['user-agent', 'x/1'],
    ]);
    const long = 'v'.repeat(300);
    expect(requestOn(`GET / HTTP/1.1\r\nhost: h\r\ncookie: ${long}\r\n\r\n`).head.headers[1]).toEqual(['cookie', long]);
  });

  it('give the usual methods and the target / as they were sent', () => {
    const { head } = requestOn('PATCH / HTTP/1.1\r\nhost: h\r\n\r\n');
    expect([head.method, head.target]).toEqual(['PATCH', '/']);
    expect(requestOn('get /x HTTP/1.1\r\nhost: h\r\n\r\n').head.method).toBe('get'); // methods are case-sensitive
  });
});
