import { describe, expect, it } from 'vitest';
import {
  CLIENT_PREFACE,
  ErrorCode,
  Flag,
  FrameReader,
  FrameType,
  H2ConnectionError,
  H2StreamError,
  readFrameHeader,
  serializeFrame,
  writeFrameHeader,
  type Frame,
} from '../src/index.js';
import { FrameFactory, concat } from './helpers/frame-factory.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

function parseAll(input: Uint8Array, maxFrameSize = 16384): Frame[] {
  const r = new FrameReader(maxFrameSize, false);
  r.feed(input);
  const out: Frame[] = [];
  for (let f = r.next(); f !== null; f = r.next()) out.push(f);
  return out;
}

const SAMPLES: Frame[] = [
  { type: FrameType.DATA, streamId: 1, flags: Flag.END_STREAM, data: bytes(1, 2, 3), padLength: 0 },
  { type: FrameType.DATA, streamId: 3, flags: Flag.PADDED, data: bytes(4, 5), padLength: 7 },
  { type: FrameType.DATA, streamId: 3, flags: Flag.PADDED, data: bytes(), padLength: 0 },
  { type: FrameType.HEADERS, streamId: 5, flags: Flag.END_HEADERS, fragment: bytes(0x82, 0x86), padLength: 0, priority: null },
  {
    type: FrameType.HEADERS,
    streamId: 7,
    flags: Flag.END_HEADERS | Flag.PADDED | Flag.PRIORITY | Flag.END_STREAM,
    fragment: bytes(0x82),
    padLength: 3,
    priority: { exclusive: true, dependency: 5, weight: 200 },
  },
  { type: FrameType.PRIORITY, streamId: 9, flags: 0, priority: { exclusive: false, dependency: 0x7fffffff, weight: 0 } },
  { type: FrameType.RST_STREAM, streamId: 1, flags: 0, errorCode: ErrorCode.CANCEL },
  { type: FrameType.SETTINGS, streamId: 0, flags: 0, settings: [[1, 0], [4, 0x7fffffff], [0xff, 0xffffffff]] },
  { type: FrameType.SETTINGS, streamId: 0, flags: Flag.ACK, settings: [] },
  { type: FrameType.PUSH_PROMISE, streamId: 1, flags: Flag.END_HEADERS | Flag.PADDED, promisedStreamId: 2, fragment: bytes(0x82), padLength: 2 },
  { type: FrameType.PING, streamId: 0, flags: Flag.ACK, opaque: bytes(1, 2, 3, 4, 5, 6, 7, 8) },
  { type: FrameType.GOAWAY, streamId: 0, flags: 0, lastStreamId: 7, errorCode: ErrorCode.ENHANCE_YOUR_CALM, debugData: bytes(0x68, 0x69) },
  { type: FrameType.WINDOW_UPDATE, streamId: 0, flags: 0, increment: 0x7fffffff },
  { type: FrameType.CONTINUATION, streamId: 5, flags: Flag.END_HEADERS, fragment: bytes(0x84) },
  { type: 0xfe, streamId: 11, flags: 0xff, payload: bytes(9, 9, 9), unknown: true },
];

describe('frame header', () => {
  it('reads and writes the 9-octet header, ignoring the reserved bit', () => {
    const b = new Uint8Array(9);
    writeFrameHeader(b, 0, 0x123456, 0x9, 0x25, 0x7fffffff);
    expect([...b]).toEqual([0x12, 0x34, 0x56, 0x09, 0x25, 0x7f, 0xff, 0xff, 0xff]);
    b[5] = 0xff; // reserved bit set by a peer
    expect(readFrameHeader(b, 0, { length: 0, type: 0, flags: 0, streamId: 0 })).toEqual({
      length: 0x123456,
      type: 9,
      flags: 0x25,
      streamId: 0x7fffffff,
    });
  });
});

describe('frame codec round trips', () => {
  it.each(SAMPLES.map((f) => [f.type, f] as const))('type %i', (_type, frame) => {
    const wire = serializeFrame(frame);
    expect(parseAll(wire)).toEqual([frame]);
  });

  it('all frames in one chunk, and the same split at every byte', () => {
    const wire = concat(...SAMPLES.map(serializeFrame));
    expect(parseAll(wire)).toEqual(SAMPLES);
    const r = new FrameReader(16384, false);
    const out: Frame[] = [];
    for (const b of wire) {
      r.feed(Uint8Array.of(b));
      for (let f = r.next(); f !== null; f = r.next()) out.push(f);
    }
    expect(out).toEqual(SAMPLES);
  });

  it('padding bytes are written as zeros and excluded from data', () => {
    const wire = serializeFrame(SAMPLES[1]!);
    expect([...wire.subarray(9)]).toEqual([7, 4, 5, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('the client preface', () => {
  it('is the 24 octets of RFC 9113 §3.4 and is consumed before frames', () => {
    expect(new TextDecoder().decode(CLIENT_PREFACE)).toBe('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
    const r = new FrameReader(16384, true);
    r.feed(concat(CLIENT_PREFACE.subarray(0, 10)));
    expect(r.next()).toBeNull();
    expect(r.prefaceReceived).toBe(false);
    r.feed(concat(CLIENT_PREFACE.subarray(10), new FrameFactory().settings()));
    expect(r.next()).toMatchObject({ type: FrameType.SETTINGS });
    expect(r.prefaceReceived).toBe(true);
  });
  it('rejects a wrong preface at the first differing octet', () => {
    const r = new FrameReader(16384, true);
    r.feed(new TextEncoder().encode('PRI * HTTP/1.1'));
    expect(() => r.next()).toThrow(H2ConnectionError);
  });
});

describe('frame errors', () => {
  const ff = new FrameFactory();
  const connErr = (wire: Uint8Array, code: number): void => {
    try {
      parseAll(wire);
    } catch (e) {
      expect(e).toBeInstanceOf(H2ConnectionError);
      expect((e as H2ConnectionError).errorCode).toBe(code);
      return;
    }
    throw new Error('no error');
  };
  const { PROTOCOL_ERROR, FRAME_SIZE_ERROR } = ErrorCode;

  it('a frame over SETTINGS_MAX_FRAME_SIZE is FRAME_SIZE_ERROR (§4.2), before its payload arrives', () => {
    const r = new FrameReader(16384, false);
    r.feed(ff.raw(FrameType.DATA, 0, 1, new Uint8Array(16385)).subarray(0, 9));
    expect(() => r.next()).toThrow(expect.objectContaining({ errorCode: FRAME_SIZE_ERROR }));
    expect(parseAll(ff.raw(FrameType.DATA, 0, 1, new Uint8Array(16384)))).toHaveLength(1);
  });
  it('fixed-size frames with a wrong length', () => {
    connErr(ff.raw(FrameType.RST_STREAM, 0, 1, bytes(0, 0, 0)), FRAME_SIZE_ERROR);
    connErr(ff.raw(FrameType.PING, 0, 0, bytes(1, 2, 3, 4, 5, 6, 7)), FRAME_SIZE_ERROR);
    connErr(ff.raw(FrameType.WINDOW_UPDATE, 0, 1, bytes(0, 0, 1)), FRAME_SIZE_ERROR);
    connErr(ff.raw(FrameType.SETTINGS, 0, 0, bytes(0, 1, 0, 0, 0)), FRAME_SIZE_ERROR);
    connErr(ff.raw(FrameType.SETTINGS, Flag.ACK, 0, bytes(0, 1, 0, 0, 0, 0)), FRAME_SIZE_ERROR);
    connErr(ff.raw(FrameType.GOAWAY, 0, 0, bytes(0, 0, 0, 0)), FRAME_SIZE_ERROR);
    // PRIORITY is the exception: a stream error (§6.3).
    expect(() => parseAll(ff.raw(FrameType.PRIORITY, 0, 3, bytes(0, 0, 0, 1)))).toThrow(H2StreamError);
  });
  it('stream-0 and non-zero stream rules', () => {
    for (const t of [FrameType.DATA, FrameType.HEADERS, FrameType.PRIORITY, FrameType.RST_STREAM, FrameType.CONTINUATION, FrameType.PUSH_PROMISE]) {
      connErr(ff.raw(t, 0, 0, new Uint8Array(5)), PROTOCOL_ERROR);
    }
    connErr(ff.raw(FrameType.SETTINGS, 0, 1), PROTOCOL_ERROR);
    connErr(ff.raw(FrameType.PING, 0, 1, new Uint8Array(8)), PROTOCOL_ERROR);
    connErr(ff.raw(FrameType.GOAWAY, 0, 1, new Uint8Array(8)), PROTOCOL_ERROR);
  });
  it('padding as long as the payload is PROTOCOL_ERROR (§6.1, §6.2)', () => {
    connErr(ff.raw(FrameType.DATA, Flag.PADDED, 1, bytes(3, 0, 0)), PROTOCOL_ERROR);
    connErr(ff.raw(FrameType.HEADERS, Flag.PADDED | Flag.PRIORITY, 1, bytes(2, 0, 0, 0, 0, 0, 9)), PROTOCOL_ERROR);
    connErr(ff.raw(FrameType.DATA, Flag.PADDED, 1, bytes()), FRAME_SIZE_ERROR);
    expect(parseAll(ff.raw(FrameType.DATA, Flag.PADDED, 1, bytes(2, 0, 0)))).toMatchObject([{ data: bytes(), padLength: 2 }]);
  });
});
