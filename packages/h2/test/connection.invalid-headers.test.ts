import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../src/index.js';
import { Client, type Fields, request } from './helpers/frame-factory.js';

const RST_PROTOCOL_1 = [0, 0, 4, 3, 0, 0, 0, 0, 1, 0, 0, 0, 1]; // RST_STREAM, stream 1, PROTOCOL_ERROR

/** Sends `list` on stream 1 and expects exactly RST_STREAM(1, PROTOCOL_ERROR) queued and a stream-error event. */
function expectMalformed(list: Fields, endStream = true): void {
  const c = Client.ready();
  const events = c.send(c.ff.headers(1, list, { endStream }));
  expect(events).toEqual([expect.objectContaining({ type: 'stream-error', streamId: 1, errorCode: ErrorCode.PROTOCOL_ERROR })]);
  expect([...c.bytes()]).toEqual(RST_PROTOCOL_1);
  // The connection lives on: the next request is served.
  expect(c.send(c.ff.headers(3, request(), { endStream: true }))).toEqual([expect.objectContaining({ type: 'request', streamId: 3 })]);
}

const base = (): Fields => request();
const without = (name: string): Fields => base().filter(([n]) => n !== name);

describe('§8 malformed requests -> RST_STREAM PROTOCOL_ERROR', () => {
  const cases: Array<[string, Fields]> = [
    ['missing :method', without(':method')],
    ['missing :scheme', without(':scheme')],
    ['missing :path', without(':path')],
    ['empty :path', [[':method', 'GET'], [':scheme', 'https'], [':path', '']]],
    ['":path *" for GET', [[':method', 'GET'], [':scheme', 'https'], [':path', '*']]],
    [':path not starting with /', [[':method', 'GET'], [':scheme', 'https'], [':path', 'index.html']]],
    ['duplicate :method', [[':method', 'GET'], ...base()]],
    ['duplicate :path', [...base(), [':path', '/again']]],
    ['duplicate :authority', [[':authority', 'a'], ...base()]],
    ['unknown pseudo-header', [...base(), [':foo', 'bar']]],
    ['extended CONNECT :protocol (not enabled)', [...base(), [':protocol', 'websocket']]],
    ['response pseudo-header :status', [[':status', '200'], ...base()]],
    ['pseudo-header after a regular field', [[':method', 'GET'], [':scheme', 'https'], ['accept', '*/*'], [':path', '/']]],
    ['uppercase field name', [...base(), ['Accept', '*/*']]],
    ['connection', [...base(), ['connection', 'keep-alive']]],
    ['keep-alive', [...base(), ['keep-alive', 'timeout=5']]],
    ['proxy-connection', [...base(), ['proxy-connection', 'keep-alive']]],
    ['transfer-encoding', [...base(), ['transfer-encoding', 'chunked']]],
    ['upgrade', [...base(), ['upgrade', 'h2c']]],
    ['te: gzip', [...base(), ['te', 'gzip']]],
    ['space in a field name', [...base(), ['x y', '1']]],
    ['colon in a field name', [...base(), ['x:y', '1']]],
    ['DEL in a field name', [...base(), ['x\x7f', '1']]],
    ['non-ASCII in a field name', [...base(), ['x\xe9', '1']]],
    ['empty field name', [...base(), ['', '1']]],
    ['NUL in a value', [...base(), ['x', 'a\x00b']]],
    ['LF in a value', [...base(), ['x', 'a\nb']]],
    ['CR in a value', [...base(), ['x', 'a\rb']]],
    ['leading space in a value', [...base(), ['x', ' a']]],
    ['trailing tab in a value', [...base(), ['x', 'a\t']]],
    ['CR in a pseudo-header value', [[':method', 'GET'], [':scheme', 'https'], [':path', '/a\r\nb']]],
    ['invalid :method token', [[':method', 'G T'], [':scheme', 'https'], [':path', '/']]],
    ['userinfo in :authority', [[':method', 'GET'], [':scheme', 'https'], [':authority', 'u@h'], [':path', '/']]],
    ['CONNECT with :path', [[':method', 'CONNECT'], [':authority', 'h:443'], [':path', '/']]],
    ['CONNECT without :authority', [[':method', 'CONNECT']]],
    ['bad content-length', [...base(), ['content-length', 'abc']]],
    ['conflicting content-lengths', [...base(), ['content-length', '1'], ['content-length', '2']]],
    ['content-length with END_STREAM on HEADERS', [...base(), ['content-length', '5']]],
  ];
  for (const [name, list] of cases) it(name, () => expectMalformed(list));

  it('accepts te: trailers, OPTIONS *, a missing :authority, and repeated equal content-lengths', () => {
    const c = Client.ready();
    const ok: Fields[] = [
      [...base(), ['te', 'trailers']],
      [[':method', 'OPTIONS'], [':scheme', 'https'], [':path', '*']],
      without(':authority'),
      [...base(), ['content-length', '0'], ['content-length', '0']],
      [...base(), ['x', 'a b\tc'], ['x-empty', '']],
    ];
    ok.forEach((list, i) => {
      expect(c.send(c.ff.headers(1 + 2 * i, list, { endStream: true }))).toEqual([expect.objectContaining({ type: 'request' })]);
    });
  });

  it('a valid CONNECT is refused (REFUSED_STREAM): this core does not tunnel', () => {
    const c = Client.ready();
    const events = c.send(c.ff.headers(1, [[':method', 'CONNECT'], [':authority', 'example.com:443']]));
    expect(events).toEqual([expect.objectContaining({ type: 'stream-error', errorCode: ErrorCode.REFUSED_STREAM })]);
  });
});

describe('§8.1 content-length and trailers', () => {
  const post = (c: Client, length: string): void => {
    c.send(c.ff.headers(1, request('POST', '/', [['content-length', length]])));
  };
  const expectRst = (c: Client, events: unknown[]): void => {
    expect(events.at(-1)).toEqual(expect.objectContaining({ type: 'stream-error', streamId: 1, errorCode: ErrorCode.PROTOCOL_ERROR }));
    expect([...c.bytes()]).toEqual(RST_PROTOCOL_1);
  };

  it('more DATA than content-length', () => {
    const c = Client.ready();
    post(c, '3');
    expectRst(c, c.send(c.ff.data(1, 'abcd')));
  });
  it('less DATA than content-length at END_STREAM', () => {
    const c = Client.ready();
    post(c, '5');
    expectRst(c, c.send(c.ff.data(1, 'abc', { endStream: true })));
  });
  it('less DATA than content-length at trailers', () => {
    const c = Client.ready();
    post(c, '5');
    c.send(c.ff.data(1, 'abc'));
    expectRst(c, c.send(c.ff.headers(1, [['x', 'y']], { endStream: true })));
  });
  it('a second HEADERS without END_STREAM', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request('POST')));
    expectRst(c, c.send(c.ff.headers(1, [['x', 'y']])));
  });
  it('pseudo-headers in trailers', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request('POST')));
    expectRst(c, c.send(c.ff.headers(1, [[':path', '/']], { endStream: true })));
  });
  it('connection-specific or uppercase fields in trailers', () => {
    for (const list of [[['connection', 'close']], [['X-Sum', '1']]] as Fields[]) {
      const c = Client.ready();
      c.send(c.ff.headers(1, request('POST')));
      expectRst(c, c.send(c.ff.headers(1, list, { endStream: true })));
    }
  });
  it('exact content-length over several DATA frames is fine', () => {
    const c = Client.ready();
    post(c, '6');
    const events = c.send(c.ff.data(1, 'abc'), c.ff.data(1, 'def', { endStream: true }));
    expect(events.map((e) => e.type)).toEqual(['data', 'data']);
  });
});

describe('header list size (§6.5.2, §10.5.1)', () => {
  it('a list over maxHeaderListSize but decodable is answered 431 and the stream closed', () => {
    const c = Client.ready({ settings: { maxHeaderListSize: 1000 } });
    const events = c.send(c.ff.headers(1, request('GET', '/', [['x-big', 'v'.repeat(1200)]]), { endStream: true }));
    expect(events).toEqual([expect.objectContaining({ type: 'stream-error', streamId: 1, errorCode: ErrorCode.NO_ERROR })]);
    const frames = c.frames();
    expect(c.decode(frames[0]!)).toEqual([[':status', '431']]);
    expect(frames).toHaveLength(1);
    expect(c.conn.openStreams).toBe(0);
    // HPACK state was kept: the next request decodes.
    expect(c.send(c.ff.headers(3, request(), { endStream: true }))).toEqual([expect.objectContaining({ type: 'request' })]);
  });

  it('a request still sending content gets 431 then RST_STREAM NO_ERROR', () => {
    const c = Client.ready({ settings: { maxHeaderListSize: 1000 } });
    c.send(c.ff.headers(1, request('POST', '/', [['x-big', 'v'.repeat(1200)]])));
    const out = c.frames();
    expect(out.map((f) => f.type)).toEqual([1, 3]);
    expect(c.send(c.ff.data(1, 'ignored', { endStream: true }))).toEqual([]);
  });

  it('a list past what the decoder will hold is a connection COMPRESSION_ERROR', () => {
    const c = Client.ready({ settings: { maxHeaderListSize: 1000 } });
    const events = c.send(c.ff.headers(1, request('GET', '/', [['x-big', 'v'.repeat(3000)]]), { endStream: true }));
    expect(events).toEqual([expect.objectContaining({ type: 'connection-error', errorCode: ErrorCode.COMPRESSION_ERROR })]);
  });

  it('an HPACK decoding error is a connection COMPRESSION_ERROR', () => {
    const c = Client.ready();
    const events = c.send(c.ff.headersBlock(1, Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), { endStream: true }));
    expect(events).toEqual([expect.objectContaining({ type: 'connection-error', errorCode: ErrorCode.COMPRESSION_ERROR })]);
    const goaway = c.bytes();
    // GOAWAY header: type 7 on stream 0; payload: last-stream-id 0, error code 9 (COMPRESSION_ERROR), debug text.
    expect([...goaway.subarray(3, 9)]).toEqual([7, 0, 0, 0, 0, 0]);
    expect([...goaway.subarray(9, 17)]).toEqual([0, 0, 0, 0, 0, 0, 0, 9]);
  });
});
