import { describe, expect, it } from 'vitest';
import { ErrorCode, FrameType, SettingId } from '../src/index.js';
import { Client, describe as frames, request } from './helpers/frame-factory.js';

const connError = (code: number) => [expect.objectContaining({ type: 'connection-error', errorCode: code })];

describe('SETTINGS exchange', () => {
  it('acknowledges each client SETTINGS; our SETTINGS ACK is consumed silently', () => {
    const c = Client.ready();
    expect(c.send(c.ff.settings([[SettingId.MAX_CONCURRENT_STREAMS, 10]]))).toEqual([]);
    expect(frames(c.frames())).toEqual(['SETTINGS:ACK']);
  });

  it('an ACK we did not ask for is a connection PROTOCOL_ERROR', () => {
    const c = Client.ready(); // ready() already acknowledged our one SETTINGS
    expect(c.send(c.ff.settingsAck())).toEqual(connError(ErrorCode.PROTOCOL_ERROR));
  });

  it('SETTINGS_ENABLE_PUSH may be 0 or 1; anything else is PROTOCOL_ERROR', () => {
    for (const v of [0, 1]) {
      const c = Client.ready();
      expect(c.send(c.ff.settings([[SettingId.ENABLE_PUSH, v]]))).toEqual([]);
    }
    const c = Client.ready();
    expect(c.send(c.ff.settings([[SettingId.ENABLE_PUSH, 2]]))).toEqual(connError(ErrorCode.PROTOCOL_ERROR));
    expect(frames(c.frames())).toEqual(['GOAWAY:0:1']);
  });

  it('invalid values get the RFC 9113 §6.5.2 error codes', () => {
    const cases: Array<[number, number, number]> = [
      [SettingId.INITIAL_WINDOW_SIZE, 0x80000000, ErrorCode.FLOW_CONTROL_ERROR],
      [SettingId.MAX_FRAME_SIZE, 16383, ErrorCode.PROTOCOL_ERROR],
      [SettingId.MAX_FRAME_SIZE, 16777216, ErrorCode.PROTOCOL_ERROR],
      [SettingId.ENABLE_CONNECT_PROTOCOL, 2, ErrorCode.PROTOCOL_ERROR],
    ];
    for (const [id, value, code] of cases) {
      const c = Client.ready();
      expect(c.send(c.ff.settings([[id, value]]))).toEqual(connError(code));
    }
  });

  it('unknown setting identifiers are ignored', () => {
    const c = Client.ready();
    expect(c.send(c.ff.settings([[0x99, 12345]]))).toEqual([]);
    expect(frames(c.frames())).toEqual(['SETTINGS:ACK']);
  });

  it('the peer SETTINGS_MAX_FRAME_SIZE bounds our DATA frames', () => {
    const c = Client.ready(undefined, [[SettingId.MAX_FRAME_SIZE, 20000], [SettingId.INITIAL_WINDOW_SIZE, 100000]]);
    c.send(c.ff.windowUpdate(0, 100000));
    c.send(c.ff.headers(1, request(), { endStream: true }));
    c.conn.sendHeaders(1, [[':status', '200']], false);
    expect(c.conn.sendData(1, new Uint8Array(50000), true)).toBe(50000);
    const out = c.frames().filter((f) => f.type === FrameType.DATA);
    expect(out.map((f) => ('data' in f ? f.data.length : -1))).toEqual([20000, 20000, 10000]);
  });

  it('a change of SETTINGS_INITIAL_WINDOW_SIZE adjusts open stream windows by the difference (§6.9.2)', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request(), { endStream: true }));
    c.conn.sendHeaders(1, [[':status', '200']], false);
    expect(c.conn.sendData(1, new Uint8Array(60000), false)).toBe(60000);
    expect(c.conn.availableWindow(1)).toBe(5535);
    // Shrinking makes the window negative: 1000 - 60000.
    c.send(c.ff.settings([[SettingId.INITIAL_WINDOW_SIZE, 1000]]));
    expect(c.conn.availableWindow(1)).toBe(0);
    expect(c.conn.sendData(1, new Uint8Array(10), false)).toBe(0);
    // Growing by 70000 leaves 11000 (and the connection window has 5535 left).
    const ev = c.send(c.ff.settings([[SettingId.INITIAL_WINDOW_SIZE, 71000]]));
    expect(ev).toEqual([{ type: 'window-update', streamId: 0 }]);
    expect(c.conn.availableWindow(1)).toBe(5535);
    c.send(c.ff.windowUpdate(0, 100000));
    expect(c.conn.availableWindow(1)).toBe(11000);
  });

  it('an INITIAL_WINDOW_SIZE change that overflows a stream window is a connection FLOW_CONTROL_ERROR', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request(), { endStream: true }));
    c.send(c.ff.windowUpdate(1, 0x7fffffff - 65535));
    expect(c.send(c.ff.settings([[SettingId.INITIAL_WINDOW_SIZE, 65536]]))).toEqual(connError(ErrorCode.FLOW_CONTROL_ERROR));
  });

  it('our smaller SETTINGS_INITIAL_WINDOW_SIZE applies to stream receive windows once acknowledged', () => {
    const c = new Client({ settings: { initialWindowSize: 1000 } });
    c.send(c.ff.preface(), c.ff.settings());
    c.send(c.ff.headers(1, request('POST')));
    // Before the ACK the client may still assume 65535.
    expect(c.send(c.ff.data(1, new Uint8Array(5000)))).toHaveLength(1);
    c.send(c.ff.settingsAck());
    // After it, stream 1's window is 1000 - 5000 < 0: any DATA is a stream FLOW_CONTROL_ERROR.
    expect(c.send(c.ff.data(1, 'x'))).toEqual([
      expect.objectContaining({ type: 'stream-error', streamId: 1, errorCode: ErrorCode.FLOW_CONTROL_ERROR }),
    ]);
    c.send(c.ff.headers(3, request('POST')));
    expect(c.send(c.ff.data(3, new Uint8Array(1000)))).toHaveLength(1);
    expect(c.send(c.ff.data(3, 'x'))).toEqual([expect.objectContaining({ type: 'stream-error', streamId: 3, errorCode: ErrorCode.FLOW_CONTROL_ERROR })]);
  });

  it('the peer HEADER_TABLE_SIZE of 0 makes our encoder use no dynamic table', () => {
    const c = Client.ready(undefined, [[SettingId.HEADER_TABLE_SIZE, 0]]);
    c.decoder.setMaxTableSize(0);
    c.send(c.ff.headers(1, request(), { endStream: true }));
    c.conn.sendHeaders(1, [[':status', '200'], ['x-custom', 'value']], true);
    const [h] = c.frames();
    expect(c.decode(h!)).toEqual([[':status', '200'], ['x-custom', 'value']]);
    expect(c.decoder.dynamicTableSize).toBe(0);
  });
});
