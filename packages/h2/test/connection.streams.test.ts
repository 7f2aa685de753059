import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../src/index.js';
import { Client, describe as frames, request } from './helpers/frame-factory.js';

const { PROTOCOL_ERROR, STREAM_CLOSED } = ErrorCode;
const connError = (code: number) => [expect.objectContaining({ type: 'connection-error', errorCode: code })];
const streamError = (id: number, code: number) => [expect.objectContaining({ type: 'stream-error', streamId: id, errorCode: code })];

describe('stream identifiers (RFC 9113 §5.1.1)', () => {
  it('an even stream id from the client is a connection PROTOCOL_ERROR', () => {
    const c = Client.ready();
    expect(c.send(c.ff.headers(2, request(), { endStream: true }))).toEqual(connError(PROTOCOL_ERROR));
  });

  it('a decreasing stream id is a connection PROTOCOL_ERROR', () => {
    const c = Client.ready();
    c.send(c.ff.headers(5, request(), { endStream: true }));
    expect(c.send(c.ff.headers(3, request(), { endStream: true }))).toEqual(connError(PROTOCOL_ERROR));
    expect(frames(c.frames())).toEqual(['GOAWAY:5:1']);
  });

  it('reusing the id of a stream closed by END_STREAM both ways is a connection STREAM_CLOSED (§5.1)', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request(), { endStream: true }));
    c.conn.sendHeaders(1, [[':status', '204']], true);
    c.frames();
    expect(c.send(c.ff.headers(1, request(), { endStream: true }))).toEqual(connError(STREAM_CLOSED));
  });

  it('ids may skip: the skipped ones are closed implicitly', () => {
    const c = Client.ready();
    expect(c.send(c.ff.headers(7, request(), { endStream: true }))).toHaveLength(1);
    expect(c.send(c.ff.data(3, 'x'))).toEqual(streamError(3, STREAM_CLOSED));
  });
});

describe('frames on idle streams (§5.1 idle)', () => {
  for (const [name, build] of [
    ['DATA', (c: Client) => c.ff.data(1, 'x')],
    ['RST_STREAM', (c: Client) => c.ff.rstStream(1, ErrorCode.CANCEL)],
    ['WINDOW_UPDATE', (c: Client) => c.ff.windowUpdate(1, 100)],
  ] as const) {
    it(`${name} on an idle stream is a connection PROTOCOL_ERROR`, () => {
      const c = Client.ready();
      expect(c.send(build(c))).toEqual(connError(PROTOCOL_ERROR));
    });
  }
  it('PRIORITY on an idle stream is accepted and does not open it', () => {
    const c = Client.ready();
    expect(c.send(c.ff.priority(5, 0))).toEqual([]);
    expect(c.send(c.ff.headers(3, request(), { endStream: true }))).toHaveLength(1);
    expect(c.send(c.ff.headers(5, request(), { endStream: true }))).toHaveLength(1);
  });
  it('a PRIORITY frame making a stream depend on itself is a stream PROTOCOL_ERROR (§5.3.1)', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request()));
    c.frames();
    expect(c.send(c.ff.priority(1, 1))).toEqual(streamError(1, PROTOCOL_ERROR));
    expect(frames(c.frames())).toEqual(['RST_STREAM:1:1']);
  });
  it('a HEADERS frame making its stream depend on itself is a stream PROTOCOL_ERROR', () => {
    const c = Client.ready();
    expect(c.send(c.ff.headers(3, request(), { priority: { dependency: 3, weight: 1, exclusive: false } }))).toEqual(streamError(3, PROTOCOL_ERROR));
    expect(frames(c.frames())).toEqual(['RST_STREAM:3:1']);
  });
  it('a PRIORITY frame of the wrong length is a stream FRAME_SIZE_ERROR', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request()));
    c.frames();
    expect(c.send(c.ff.raw(2, 0, 1, new Uint8Array(4)))).toEqual(streamError(1, ErrorCode.FRAME_SIZE_ERROR));
  });
});

describe('frames on half-closed and closed streams (§5.1)', () => {
  it('half-closed (remote): DATA and HEADERS are a stream error STREAM_CLOSED; WINDOW_UPDATE, PRIORITY fine', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request(), { endStream: true }));
    expect(c.send(c.ff.windowUpdate(1, 10), c.ff.priority(1, 0))).toEqual([{ type: 'window-update', streamId: 1 }]);
    expect(c.send(c.ff.data(1, 'x'))).toEqual(streamError(1, STREAM_CLOSED));
    c.send(c.ff.headers(3, request(), { endStream: true }));
    expect(c.send(c.ff.headers(3, [['x', 'y']], { endStream: true }))).toEqual(streamError(3, STREAM_CLOSED));
    expect(frames(c.frames())).toEqual(['RST_STREAM:1:5', 'RST_STREAM:3:5']);
  });

  it('closed by END_STREAM both ways: DATA is a connection STREAM_CLOSED; late WINDOW_UPDATE / RST_STREAM ignored', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request(), { endStream: true }));
    c.conn.sendHeaders(1, [[':status', '200']], true);
    c.frames();
    expect(c.send(c.ff.windowUpdate(1, 5), c.ff.rstStream(1, ErrorCode.NO_ERROR), c.ff.priority(1, 0))).toEqual([]);
    expect(c.frames()).toEqual([]);
    expect(c.send(c.ff.data(1, 'x'))).toEqual(connError(STREAM_CLOSED));
  });

  it('after the peer reset a stream: DATA is a stream error STREAM_CLOSED, sent once', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request('POST')));
    expect(c.send(c.ff.rstStream(1, ErrorCode.CANCEL))).toEqual([{ type: 'stream-reset', streamId: 1, errorCode: ErrorCode.CANCEL }]);
    c.frames();
    expect(c.send(c.ff.data(1, 'x'))).toEqual(streamError(1, STREAM_CLOSED));
    expect(c.send(c.ff.data(1, 'x'))).toEqual([]); // now we have sent RST_STREAM: ignored
    expect(c.send(c.ff.rstStream(1, ErrorCode.CANCEL))).toEqual([]); // never RST for RST
    expect(frames(c.frames())).toEqual(['RST_STREAM:1:5']);
    expect(() => c.conn.sendHeaders(1, [[':status', '200']], true)).toThrow(expect.objectContaining({ code: 'H2_LOCAL_BAD_STATE' }));
  });

  it('after we reset a stream: HEADERS, DATA, WINDOW_UPDATE are ignored (HPACK still decoded)', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request('POST')));
    c.conn.resetStream(1, ErrorCode.INTERNAL_ERROR);
    c.frames();
    expect(c.send(c.ff.data(1, 'x'), c.ff.windowUpdate(1, 1), c.ff.headers(1, [['x-t', 'v']], { endStream: true }))).toEqual([]);
    expect(c.send(c.ff.headers(3, request('GET', '/next', [['x-t', 'v']]), { endStream: true }))).toEqual([
      expect.objectContaining({ type: 'request', headers: [['x-t', 'v']] }),
    ]);
    c.conn.resetStream(1, ErrorCode.CANCEL); // already closed: no-op
    expect(c.frames()).toEqual([]);
  });

  it('a stream whose response ended first (half-closed local) still receives the request body', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request('POST')));
    c.conn.sendHeaders(1, [[':status', '200']], true);
    expect(c.conn.openStreams).toBe(1);
    expect(c.send(c.ff.data(1, 'rest', { endStream: true }))).toEqual([expect.objectContaining({ type: 'data', endStream: true })]);
    expect(c.conn.openStreams).toBe(0);
  });
});
