import { describe, expect, it } from 'vitest';
import { ErrorCode, FrameType } from '../src/index.js';
import { Client, describe as frames, request } from './helpers/frame-factory.js';

const connError = (code: number) => [expect.objectContaining({ type: 'connection-error', errorCode: code })];

function split(block: Uint8Array, parts: number): Uint8Array[] {
  const size = Math.ceil(block.length / parts);
  return Array.from({ length: parts }, (_, i) => block.subarray(i * size, (i + 1) * size));
}

describe('HEADERS + CONTINUATION (RFC 9113 §6.10)', () => {
  it('a field block split over HEADERS and CONTINUATION frames decodes as one', () => {
    const c = Client.ready();
    const block = c.ff.encode(request('GET', '/long', [['x-a', 'a'.repeat(100)], ['x-b', 'b'.repeat(100)]]));
    const [p0, p1, p2] = split(block, 3);
    expect(c.send(c.ff.headersBlock(1, p0!, { endHeaders: false, endStream: true }))).toEqual([]);
    expect(c.send(c.ff.continuation(1, p1!, false))).toEqual([]);
    const events = c.send(c.ff.continuation(1, p2!, true));
    expect(events).toEqual([expect.objectContaining({ type: 'request', path: '/long', endStream: true })]);
  });

  it('fragments survive the caller reusing its input buffer between calls', () => {
    const c = Client.ready();
    const block = c.ff.encode(request('GET', '/reuse'));
    const [p0, p1] = split(block, 2);
    const first = c.ff.headersBlock(1, p0!, { endHeaders: false, endStream: true });
    c.send(first);
    first.fill(0xaa);
    expect(c.send(c.ff.continuation(1, p1!, true))).toEqual([expect.objectContaining({ path: '/reuse' })]);
  });

  it('a frame of another type in between is a connection PROTOCOL_ERROR', () => {
    const c = Client.ready();
    const [p0, p1] = split(c.ff.encode(request()), 2);
    c.send(c.ff.headersBlock(1, p0!, { endHeaders: false }));
    expect(c.send(c.ff.ping(), c.ff.continuation(1, p1!, true))).toEqual(connError(ErrorCode.PROTOCOL_ERROR));
    expect(frames(c.frames())).toEqual(['GOAWAY:0:1']);
  });

  it('even an unknown extension frame in between is a connection PROTOCOL_ERROR', () => {
    const c = Client.ready();
    const [p0] = split(c.ff.encode(request()), 2);
    c.send(c.ff.headersBlock(1, p0!, { endHeaders: false }));
    expect(c.send(c.ff.raw(0xfb, 0, 0))).toEqual(connError(ErrorCode.PROTOCOL_ERROR));
  });

  it('a CONTINUATION on another stream is a connection PROTOCOL_ERROR', () => {
    const c = Client.ready();
    const [p0, p1] = split(c.ff.encode(request()), 2);
    c.send(c.ff.headersBlock(1, p0!, { endHeaders: false }));
    expect(c.send(c.ff.continuation(3, p1!, true))).toEqual(connError(ErrorCode.PROTOCOL_ERROR));
  });

  it('a CONTINUATION without a preceding HEADERS is a connection PROTOCOL_ERROR', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request(), { endStream: true }));
    expect(c.send(c.ff.continuation(1, c.ff.encode([['x', 'y']]), true))).toEqual(connError(ErrorCode.PROTOCOL_ERROR));
  });

  it('CONTINUATION flood: more than maxContinuationFrames -> GOAWAY ENHANCE_YOUR_CALM', () => {
    const c = Client.ready();
    const block = c.ff.encode(request());
    c.send(c.ff.headersBlock(1, block.subarray(0, 1), { endHeaders: false }));
    for (let i = 0; i < 8; i++) expect(c.send(c.ff.continuation(1, new Uint8Array(0), false))).toEqual([]);
    expect(c.send(c.ff.continuation(1, new Uint8Array(0), false))).toEqual(connError(ErrorCode.ENHANCE_YOUR_CALM));
    expect(frames(c.frames())).toEqual(['GOAWAY:0:11']);
  });

  it('the frame limit is an option; 8 CONTINUATION frames are within the default', () => {
    const c = Client.ready({ limits: { maxContinuationFrames: 2 } });
    const [a, b, d] = split(c.ff.encode(request()), 3);
    c.send(c.ff.headersBlock(1, a!, { endHeaders: false, endStream: true }), c.ff.continuation(1, b!, false));
    expect(c.send(c.ff.continuation(1, d!, true))).toEqual([expect.objectContaining({ type: 'request' })]);
    const c2 = Client.ready({ limits: { maxContinuationFrames: 1 } });
    c2.send(c2.ff.headersBlock(1, a!, { endHeaders: false }), c2.ff.continuation(1, b!, false));
    expect(c2.send(c2.ff.continuation(1, d!, true))).toEqual(connError(ErrorCode.ENHANCE_YOUR_CALM));
  });

  it('CONTINUATION flood: too many header octets before END_HEADERS -> ENHANCE_YOUR_CALM', () => {
    const c = Client.ready({ limits: { maxHeaderBlockBytes: 20000 } });
    c.send(c.ff.headersBlock(1, new Uint8Array(16000), { endHeaders: false }));
    expect(c.send(c.ff.continuation(1, new Uint8Array(4001), false))).toEqual(connError(ErrorCode.ENHANCE_YOUR_CALM));
  });

  it('HEADERS with padding and priority fields', () => {
    const c = Client.ready();
    const events = c.send(c.ff.headers(1, request(), { endStream: true, padLength: 10, priority: { dependency: 0, weight: 3, exclusive: true } }));
    expect(events).toEqual([expect.objectContaining({ type: 'request', streamId: 1 })]);
    expect(FrameType.CONTINUATION).toBe(9);
  });
});
