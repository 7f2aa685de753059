import { describe, expect, it } from 'vitest';
import { ErrorCode, FrameType, ZERO_COPY_DATA } from '../src/index.js';
import { Client, describe as frames, request } from './helpers/frame-factory.js';

function started(): Client {
  const c = Client.ready();
  c.send(c.ff.headers(1, request(), { endStream: true }));
  c.conn.sendHeaders(1, [[':status', '200']], false);
  c.frames();
  return c;
}

describe('flow control: sending (RFC 9113 §5.2, §6.9)', () => {
  it('sendData stops at the window and resumes on WINDOW_UPDATE', () => {
    const c = started();
    const body = new Uint8Array(100000).fill(7);
    expect(c.conn.availableWindow(1)).toBe(65535);
    let sent = c.conn.sendData(1, body, true);
    expect(sent).toBe(65535);
    expect(c.conn.availableWindow(1)).toBe(0);
    const first = c.frames();
    expect(first.map((f) => ('data' in f ? f.data.length : 0))).toEqual([16384, 16384, 16384, 16383]);
    expect(first.every((f) => (f.flags & 1) === 0)).toBe(true); // no END_STREAM: not all was taken
    expect(c.conn.sendData(1, body.subarray(sent), true)).toBe(0);
    // Stream credit alone is not enough: the connection window is also empty.
    expect(c.send(c.ff.windowUpdate(1, 50000))).toEqual([{ type: 'window-update', streamId: 1 }]);
    expect(c.conn.availableWindow(1)).toBe(0);
    expect(c.send(c.ff.windowUpdate(0, 20000))).toEqual([{ type: 'window-update', streamId: 0 }]);
    expect(c.conn.availableWindow(1)).toBe(20000);
    sent += c.conn.sendData(1, body.subarray(sent), true);
    expect(sent).toBe(85535);
    c.send(c.ff.windowUpdate(0, 20000));
    sent += c.conn.sendData(1, body.subarray(sent), true);
    expect(sent).toBe(100000);
    expect(frames(c.frames())).toEqual(['DATA:1', 'DATA:1', 'DATA:1:END']);
    expect(c.conn.openStreams).toBe(0);
  });

  it(`DATA payloads of ZERO_COPY_DATA octets or more are queued as views of the caller's bytes; smaller ones copied`, () => {
    const c = started();
    const big = new Uint8Array(40_000).map((_, i) => i % 251);
    const small = new Uint8Array(ZERO_COPY_DATA - 1).fill(9);
    expect(c.conn.sendData(1, big, false)).toBe(40_000);
    expect(c.conn.sendData(1, small, true)).toBe(small.length);
    const out = c.conn.dataToSend();
    // Each big frame: its 9-octet header in the send buffer, then the payload as a view of `big` itself.
    const views = out.filter((chunk) => chunk.buffer === big.buffer);
    expect(views.map((v) => [v.byteOffset, v.length])).toEqual([[0, 16384], [16384, 16384], [32768, 7232]]);
    expect(out.some((chunk) => chunk.buffer === small.buffer)).toBe(false);
    // On the wire it is the same frames as ever: three DATA frames of big, then small's with END_STREAM.
    c.reader.feed(Buffer.concat(out));
    const parsed = [];
    for (let f = c.reader.next(); f !== null; f = c.reader.next()) parsed.push(f);
    expect(parsed.map((f) => ('data' in f ? f.data.length : -1))).toEqual([16384, 16384, 7232, small.length]);
    expect(Buffer.concat(parsed.slice(0, 3).map((f) => ('data' in f ? f.data : new Uint8Array(0)))).equals(big)).toBe(true);
    expect(parsed.map((f) => f.flags & 1)).toEqual([0, 0, 0, 1]);
  });

  it('an empty DATA with END_STREAM is sent even with a closed window', () => {
    const c = started();
    c.conn.sendData(1, new Uint8Array(65535), false);
    c.frames();
    expect(c.conn.sendData(1, new Uint8Array(0), true)).toBe(0);
    expect(frames(c.frames())).toEqual(['DATA:1:END']);
  });

  it('WINDOW_UPDATE of 0: stream error on a stream, connection error on stream 0', () => {
    const c = started();
    expect(c.send(c.ff.windowUpdate(1, 0))).toEqual([expect.objectContaining({ type: 'stream-error', errorCode: ErrorCode.PROTOCOL_ERROR })]);
    expect(frames(c.frames())).toEqual(['RST_STREAM:1:1']);
    expect(c.send(c.ff.windowUpdate(0, 0))).toEqual([expect.objectContaining({ type: 'connection-error', errorCode: ErrorCode.PROTOCOL_ERROR })]);
  });

  it('a window past 2^31-1: stream FLOW_CONTROL_ERROR, or connection FLOW_CONTROL_ERROR', () => {
    const c = started();
    expect(c.send(c.ff.windowUpdate(1, 0x7fffffff))).toEqual([
      expect.objectContaining({ type: 'stream-error', streamId: 1, errorCode: ErrorCode.FLOW_CONTROL_ERROR }),
    ]);
    expect(frames(c.frames())).toEqual(['RST_STREAM:1:3']);
    expect(c.send(c.ff.windowUpdate(0, 0x7fffffff - 65535))).toEqual([{ type: 'window-update', streamId: 0 }]);
    expect(c.send(c.ff.windowUpdate(0, 1))).toEqual([expect.objectContaining({ type: 'connection-error', errorCode: ErrorCode.FLOW_CONTROL_ERROR })]);
  });
});

describe('flow control: receiving', () => {
  function upload(): Client {
    const c = Client.ready();
    c.send(c.ff.headers(1, request('POST')));
    c.frames();
    return c;
  }

  it('DATA beyond the stream window is a stream FLOW_CONTROL_ERROR; the connection credit comes back', () => {
    const c = upload();
    expect(c.send(c.ff.data(1, new Uint8Array(16384)), c.ff.data(1, new Uint8Array(16384)), c.ff.data(1, new Uint8Array(16384)), c.ff.data(1, new Uint8Array(16383)))).toHaveLength(4);
    const events = c.send(c.ff.data(1, 'x'));
    expect(events).toEqual([expect.objectContaining({ type: 'stream-error', streamId: 1, errorCode: ErrorCode.FLOW_CONTROL_ERROR })]);
    // The 65535 unacknowledged octets of the reset stream are credited to the connection (coalesced: ≥ half of 1 MiB
    // is not reached yet, so only the RST_STREAM goes out).
    expect(frames(c.frames())).toEqual(['RST_STREAM:1:3']);
  });

  it('DATA beyond the connection window is a connection FLOW_CONTROL_ERROR', () => {
    const c = new Client({ settings: { initialWindowSize: 0x7fffffff }, limits: { connectionWindowSize: 65535 } });
    c.send(c.ff.preface(), c.ff.settings(), c.ff.settingsAck());
    for (const id of [1, 3, 5, 7, 9]) c.send(c.ff.headers(id, request('POST')));
    for (const id of [1, 3, 5]) expect(c.send(c.ff.data(id, new Uint8Array(16384)))).toHaveLength(1);
    expect(c.send(c.ff.data(7, new Uint8Array(16383)))).toHaveLength(1);
    expect(c.send(c.ff.data(9, 'x'))).toEqual([expect.objectContaining({ type: 'connection-error', errorCode: ErrorCode.FLOW_CONTROL_ERROR })]);
  });

  it('credit is given back only through acknowledgeReceivedData, coalesced to half a window', () => {
    const c = upload();
    c.send(c.ff.data(1, new Uint8Array(16384)), c.ff.data(1, new Uint8Array(16384)));
    expect(c.frames()).toEqual([]); // nothing returned by itself
    c.conn.acknowledgeReceivedData(1, 16384);
    expect(c.frames()).toEqual([]); // 16384 < 65535 / 2
    c.conn.acknowledgeReceivedData(1, 16384);
    expect(frames(c.frames())).toEqual(['WINDOW_UPDATE:1:32768']);
    // Over-acknowledging is capped at what was received.
    c.conn.acknowledgeReceivedData(1, 1 << 20);
    expect(c.frames()).toEqual([]);
  });

  it('an upload never has more than the advertised window in flight', () => {
    const c = upload();
    const chunk = new Uint8Array(16384);
    const events = [];
    for (let i = 0; i < 4; i++) events.push(...c.send(c.ff.data(1, chunk)));
    // The fourth frame (octets 49153..65536) would exceed the 65535 advertised: refused, not buffered.
    expect(events.map((e) => e.type)).toEqual(['data', 'data', 'data', 'stream-error']);
    expect(c.conn.closed).toBe(false);
  });

  it('the connection window is returned at half of connectionWindowSize', () => {
    const c = new Client({ settings: { initialWindowSize: 1 << 20 } });
    c.send(c.ff.preface(), c.ff.settings(), c.ff.settingsAck());
    c.send(c.ff.headers(1, request('POST')));
    c.frames();
    for (let i = 0; i < 32; i++) c.send(c.ff.data(1, new Uint8Array(16384)));
    c.conn.acknowledgeReceivedData(1, 32 * 16384);
    expect(frames(c.frames())).toEqual(['WINDOW_UPDATE:1:524288', 'WINDOW_UPDATE:0:524288']);
  });

  it('padding is credited back by the core', () => {
    const c = new Client({ limits: { connectionWindowSize: 65535 } });
    c.send(c.ff.preface(), c.ff.settings(), c.ff.settingsAck());
    c.send(c.ff.headers(1, request('POST')));
    c.frames();
    const [ev] = c.send(c.ff.data(1, 'ab', { padLength: 200 }));
    expect(ev).toMatchObject({ type: 'data', flowControlledLength: 203 });
    expect(c.frames()).toEqual([]);
    // 127 more frames of 1 octet + 255 padding: 128 * 256 = 32768 octets of padding owed by now... minus the first.
    for (let i = 0; i < 127; i++) c.send(c.ff.data(1, 'x', { padLength: 255 }));
    const owed = 201 + 127 * 256; // 32713 < 65535 / 2
    expect(owed).toBeLessThan(32767.5);
    expect(c.frames()).toEqual([]);
    c.send(c.ff.data(1, 'x', { padLength: 255 }));
    expect(frames(c.frames())).toEqual([`WINDOW_UPDATE:1:${owed + 256}`, `WINDOW_UPDATE:0:${owed + 256}`]);
    // The application's content octets are still owed: 2 + 128.
    c.conn.acknowledgeReceivedData(1, 130);
    expect(c.frames()).toEqual([]);
  });

  it('DATA on a reset stream still counts against the connection window and is credited back', () => {
    const c = new Client({ limits: { connectionWindowSize: 65535 } });
    c.send(c.ff.preface(), c.ff.settings(), c.ff.settingsAck());
    c.send(c.ff.headers(1, request('POST')));
    c.frames();
    c.conn.resetStream(1, ErrorCode.CANCEL);
    expect(frames(c.frames())).toEqual(['RST_STREAM:1:8']);
    // In flight before the client saw our RST: ignored (§5.1), but credited on the connection.
    expect(c.send(c.ff.data(1, new Uint8Array(16384)), c.ff.data(1, new Uint8Array(16384)))).toEqual([]);
    expect(frames(c.frames())).toEqual(['WINDOW_UPDATE:0:32768']);
    expect(c.send(c.ff.data(1, 'late', { endStream: true }))).toEqual([]);
  });

  it('acknowledging after the stream closed still returns connection credit', () => {
    const c = new Client({ limits: { connectionWindowSize: 65535 } });
    c.send(c.ff.preface(), c.ff.settings(), c.ff.settingsAck());
    c.send(c.ff.headers(1, request('POST'), { endStream: false }));
    c.send(c.ff.data(1, new Uint8Array(16000)), c.ff.data(1, new Uint8Array(16000)), c.ff.data(1, new Uint8Array(8000), { endStream: true }));
    c.conn.sendHeaders(1, [[':status', '200']], true);
    c.frames();
    expect(c.conn.openStreams).toBe(0);
    c.conn.acknowledgeReceivedData(1, 40000);
    expect(frames(c.frames())).toEqual(['WINDOW_UPDATE:0:40000']);
    expect(FrameType.WINDOW_UPDATE).toBe(8);
  });
});
