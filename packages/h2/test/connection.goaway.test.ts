import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../src/index.js';
import { Client, describe as frames, request } from './helpers/frame-factory.js';

describe('GOAWAY', () => {
  it('graceful: GOAWAY(NO_ERROR, last processed id); newer streams refused; closed when streams finish', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request(), { endStream: true }), c.ff.headers(3, request(), { endStream: true }));
    c.conn.goAway();
    expect(frames(c.frames())).toEqual(['GOAWAY:3:0']);
    expect(c.conn.closed).toBe(false);
    expect(c.send(c.ff.headers(5, request(), { endStream: true }))).toEqual([
      expect.objectContaining({ type: 'stream-error', streamId: 5, errorCode: ErrorCode.REFUSED_STREAM }),
    ]);
    expect(frames(c.frames())).toEqual(['RST_STREAM:5:7']);
    c.conn.sendHeaders(1, [[':status', '200']], true);
    expect(c.conn.closed).toBe(false);
    c.conn.sendHeaders(3, [[':status', '200']], true);
    expect(c.conn.closed).toBe(true);
    expect(frames(c.frames())).toEqual(['HEADERS:1:END', 'HEADERS:3:END']);
  });

  it('with no streams, a graceful GOAWAY closes at once', () => {
    const c = Client.ready();
    c.conn.goAway(ErrorCode.NO_ERROR, 'bye');
    expect(c.conn.closed).toBe(true);
    const [g] = c.frames();
    expect(g).toMatchObject({ lastStreamId: 0, errorCode: 0, debugData: new TextEncoder().encode('bye') });
  });

  it('GOAWAY with an error code stops the connection', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request()));
    c.conn.goAway(ErrorCode.INTERNAL_ERROR);
    expect(c.conn.closed).toBe(true);
    expect(c.send(c.ff.data(1, 'x'))).toEqual([]);
    expect(() => c.conn.sendHeaders(1, [[':status', '200']], true)).toThrow(expect.objectContaining({ code: 'H2_LOCAL_CLOSED' }));
  });

  it('a GOAWAY from the peer is reported; closed once its streams are done', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request(), { endStream: true }));
    expect(c.send(c.ff.goAway(1, ErrorCode.NO_ERROR))).toEqual([{ type: 'goaway', lastStreamId: 1, errorCode: 0 }]);
    expect(c.conn.closed).toBe(false);
    c.conn.sendHeaders(1, [[':status', '200']], true);
    expect(c.conn.closed).toBe(true);
  });

  it('a GOAWAY from the peer with an error code ends processing', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request()));
    expect(c.send(c.ff.goAway(1, ErrorCode.PROTOCOL_ERROR), c.ff.data(1, 'x'))).toEqual([
      { type: 'goaway', lastStreamId: 1, errorCode: ErrorCode.PROTOCOL_ERROR },
    ]);
    expect(c.conn.closed).toBe(true);
  });

  it('a connection error carries the last processed stream id', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request(), { endStream: true }), c.ff.headers(3, request()));
    c.frames();
    c.send(c.ff.windowUpdate(0, 0));
    expect(frames(c.frames())).toEqual(['GOAWAY:3:1']);
    expect(c.conn.openStreams).toBe(0);
  });
});
