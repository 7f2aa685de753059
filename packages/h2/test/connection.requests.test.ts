import { describe as suite, expect, it } from 'vitest';
import { ErrorCode, Flag, FrameType, H2ServerConnection, SettingId } from '../src/index.js';
import { Client, describe, request } from './helpers/frame-factory.js';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

suite('connection: preface and a whole exchange', () => {
  it('initiate() queues SETTINGS then the connection WINDOW_UPDATE', () => {
    const c = new Client();
    c.conn.initiate();
    const frames = c.frames();
    expect(describe(frames)).toEqual(['SETTINGS', `WINDOW_UPDATE:0:${1048576 - 65535}`]);
    const s = frames[0]!;
    if (s.type !== FrameType.SETTINGS || 'unknown' in s) throw new Error();
    expect(s.settings).toEqual([
      [SettingId.HEADER_TABLE_SIZE, 4096],
      [SettingId.MAX_CONCURRENT_STREAMS, 100],
      [SettingId.INITIAL_WINDOW_SIZE, 65535],
      [SettingId.MAX_FRAME_SIZE, 16384],
      [SettingId.MAX_HEADER_LIST_SIZE, 65536],
    ]);
    expect(() => c.conn.initiate()).toThrow(expect.objectContaining({ code: 'H2_LOCAL_BAD_STATE' }));
  });

  it('accepts the preface in one-byte chunks, then answers SETTINGS with an ACK', () => {
    const c = new Client();
    const bytes = [...c.ff.preface(), ...c.ff.settings([[SettingId.MAX_FRAME_SIZE, 20000]])];
    for (const b of bytes) expect(c.send(Uint8Array.of(b))).toEqual([]);
    expect(describe(c.frames())).toEqual(['SETTINGS', 'WINDOW_UPDATE:0:983041', 'SETTINGS:ACK']);
  });

  it('a bad preface is a connection error PROTOCOL_ERROR', () => {
    const c = new Client();
    const events = c.send(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'));
    expect(events).toEqual([expect.objectContaining({ type: 'connection-error', errorCode: ErrorCode.PROTOCOL_ERROR })]);
    expect(describe(c.frames()).at(-1)).toBe('GOAWAY:0:1');
    expect(c.conn.closed).toBe(true);
    expect(c.send(c.ff.settings())).toEqual([]);
  });

  it('the first frame after the preface must be SETTINGS', () => {
    const c = new Client();
    const events = c.send(c.ff.preface(), c.ff.ping());
    expect(events).toEqual([expect.objectContaining({ type: 'connection-error', errorCode: ErrorCode.PROTOCOL_ERROR })]);
  });

  it('serves a GET: request event, response HEADERS + DATA, stream closed', () => {
    const c = Client.ready();
    const events = c.send(c.ff.headers(1, request('GET', '/hello?x=1', [['accept', '*/*'], ['cookie', 'a=1'], ['cookie', 'b=2']]), { endStream: true }));
    expect(events).toEqual([
      {
        type: 'request',
        streamId: 1,
        method: 'GET',
        scheme: 'https',
        authority: 'example.com',
        path: '/hello?x=1',
        headers: [['accept', '*/*'], ['cookie', 'a=1'], ['cookie', 'b=2']],
        endStream: true,
      },
    ]);
    expect(c.conn.openStreams).toBe(1);
    c.conn.sendHeaders(1, [[':status', '200'], ['content-type', 'text/plain']], false);
    expect(c.conn.sendData(1, new TextEncoder().encode('hello'), true)).toBe(5);
    const frames = c.frames();
    expect(describe(frames)).toEqual(['HEADERS:1', 'DATA:1:END']);
    expect(c.decode(frames[0]!)).toEqual([[':status', '200'], ['content-type', 'text/plain']]);
    const d = frames[1]!;
    if (d.type !== FrameType.DATA || 'unknown' in d) throw new Error();
    expect(text(d.data)).toBe('hello');
    expect(c.conn.openStreams).toBe(0);
    expect(() => c.conn.sendData(1, new Uint8Array(1), true)).toThrow(expect.objectContaining({ code: 'H2_LOCAL_BAD_STATE' }));
  });

  it('serves a POST with DATA and trailers', () => {
    const c = Client.ready();
    const ev1 = c.send(c.ff.headers(1, request('POST', '/upload', [['content-length', '11'], ['te', 'trailers']])));
    expect(ev1).toEqual([expect.objectContaining({ type: 'request', method: 'POST', endStream: false })]);
    const ev2 = c.send(c.ff.data(1, 'hello '), c.ff.data(1, 'world', { padLength: 4 }));
    expect(ev2.map((e) => e.type === 'data' && [text(e.data), e.endStream, e.flowControlledLength])).toEqual([
      ['hello ', false, 6],
      ['world', false, 10],
    ]);
    const ev3 = c.send(c.ff.headers(1, [['x-checksum', 'abc']], { endStream: true }));
    expect(ev3).toEqual([{ type: 'trailers', streamId: 1, headers: [['x-checksum', 'abc']] }]);
    c.conn.sendHeaders(1, [[':status', '204']], true);
    expect(describe(c.frames())).toEqual(['HEADERS:1:END']);
    expect(c.conn.openStreams).toBe(0);
  });

  it('sends 1xx before the final response, and response trailers', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request(), { endStream: true }));
    c.conn.sendHeaders(1, [[':status', '103'], ['link', '</a.css>; rel=preload']], false);
    c.conn.sendHeaders(1, [[':status', '200']], false);
    expect(() => c.conn.sendHeaders(1, [[':status', '200']], false)).toThrow(expect.objectContaining({ code: 'H2_LOCAL_BAD_STATE' }));
    c.conn.sendData(1, Uint8Array.of(1, 2), false);
    c.conn.sendTrailers(1, [['grpc-status', '0']]);
    const frames = c.frames();
    expect(describe(frames)).toEqual(['HEADERS:1', 'HEADERS:1', 'DATA:1', 'HEADERS:1:END']);
    expect(c.decode(frames[3]!)).toEqual([['grpc-status', '0']]);
  });

  it('refuses bad outgoing header lists with H2LocalError', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request(), { endStream: true }));
    const bad = [
      [['content-type', 'x']],
      [[':status', '200'], ['Connection', 'close']],
      [[':status', '200'], ['connection', 'close']],
      [[':status', '200'], ['transfer-encoding', 'chunked']],
      [[':status', '101']],
      [[':status', '20']],
      [[':status', '200'], [':path', '/']],
      [[':status', '200'], ['x', 'a\r\nb']],
    ] as Array<Array<[string, string]>>;
    for (const list of bad) {
      expect(() => c.conn.sendHeaders(1, list, true)).toThrow(expect.objectContaining({ code: 'H2_LOCAL_INVALID_HEADER' }));
    }
    expect(() => c.conn.sendHeaders(3, [[':status', '200']], true)).toThrow(expect.objectContaining({ code: 'H2_LOCAL_UNKNOWN_STREAM' }));
    expect(c.frames()).toEqual([]);
  });

  it('splits a large response header block into HEADERS + CONTINUATION at the peer max frame size', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request(), { endStream: true }));
    c.conn.sendHeaders(1, [[':status', '200'], ['x-big', 'v'.repeat(40000)]], true);
    const frames = c.frames();
    expect(frames.map((f) => f.type)).toEqual([FrameType.HEADERS, FrameType.CONTINUATION, FrameType.CONTINUATION]);
    expect(frames.map((f) => f.flags & Flag.END_HEADERS)).toEqual([0, 0, Flag.END_HEADERS]);
    expect(frames[0]!.flags & Flag.END_STREAM).toBe(Flag.END_STREAM);
  });

  it('answers PING with an ACK carrying the same payload; ignores PING ACK and unknown frames', () => {
    const c = Client.ready();
    const opaque = Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2);
    expect(c.send(c.ff.ping(opaque), c.ff.ping(opaque, true), c.ff.raw(0xfa, 0xff, 0, Uint8Array.of(1, 2, 3)))).toEqual([]);
    const frames = c.frames();
    expect(describe(frames)).toEqual(['PING:ACK']);
    const p = frames[0]!;
    if (p.type !== FrameType.PING || 'unknown' in p) throw new Error();
    expect([...p.opaque]).toEqual([...opaque]);
  });

  it('ignores unknown flags on known frames (§4.1)', () => {
    const c = Client.ready();
    const h = c.ff.headers(1, request(), { endStream: true });
    h[4] = h[4]! | 0x40 | 0x80 | 0x02;
    expect(c.send(h)).toEqual([expect.objectContaining({ type: 'request', endStream: true })]);
  });

  it('a client PUSH_PROMISE is a connection PROTOCOL_ERROR', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request()));
    const events = c.send(c.ff.pushPromise(1, 2, request()));
    expect(events).toEqual([expect.objectContaining({ type: 'connection-error', errorCode: ErrorCode.PROTOCOL_ERROR })]);
    expect(describe(c.frames())).toEqual(['GOAWAY:1:1']);
  });

  it('options out of range throw H2LocalError', () => {
    expect(() => new H2ServerConnection({ settings: { maxFrameSize: 100 } })).toThrow(expect.objectContaining({ code: 'H2_LOCAL_INVALID_OPTION' }));
    expect(() => new H2ServerConnection({ limits: { connectionWindowSize: 10 } })).toThrow(expect.objectContaining({ code: 'H2_LOCAL_INVALID_OPTION' }));
  });
});
