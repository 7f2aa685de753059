import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, ErrorCode, TokenBucket } from '../src/index.js';
import { Client, concat, describe as frames, request } from './helpers/frame-factory.js';

const calm = [expect.objectContaining({ type: 'connection-error', errorCode: ErrorCode.ENHANCE_YOUR_CALM })];
const last = <T>(a: T[]): T | undefined => a[a.length - 1];

describe('TokenBucket', () => {
  it('allows a burst, then refills from the caller clock only', () => {
    const b = new TokenBucket(3, 3000);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(999)).toBe(false); // 0.999 token
    expect(b.take(1000)).toBe(true);
    expect(b.take(1_000_000)).toBe(true);
    expect(b.tokens).toBe(2); // capped at capacity, minus one
    expect(b.take(5)).toBe(true); // clock going back: no refill, no harm
  });
  it('Infinity disables it', () => {
    const b = new TokenBucket(Infinity, 1);
    for (let i = 0; i < 10000; i++) expect(b.take(0)).toBe(true);
  });
});

describe('defaults', () => {
  it('are documented values', () => {
    expect(DEFAULT_LIMITS).toMatchObject({
      connectionWindowSize: 1048576,
      maxContinuationFrames: 8,
      maxResetsPerWindow: 1000,
      resetWindowMs: 30000,
      maxServerResetsPerWindow: 1000,
      maxRejectedStreams: 100,
      maxControlFramesQueued: 10000,
    });
  });
});

describe('rapid reset (CVE-2023-44487)', () => {
  function hammer(c: Client, from: number, count: number) {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const id = from + 2 * i;
      parts.push(c.ff.headers(id, request()), c.ff.rstStream(id, ErrorCode.CANCEL));
    }
    return c.send(concat(...parts));
  }

  it('the default burst of 1000 resets passes, the 1001st gets GOAWAY ENHANCE_YOUR_CALM', () => {
    const c = Client.ready();
    const events = hammer(c, 1, 1000);
    expect(events.filter((e) => e.type === 'stream-reset')).toHaveLength(1000);
    expect(c.conn.closed).toBe(false);
    c.frames();
    expect(last(hammer(c, 2001, 1))).toEqual(calm[0]);
    expect(frames(c.frames())).toEqual(['GOAWAY:2001:11']);
  });

  it('refills with the nowMs passed to receiveData', () => {
    const c = Client.ready({ limits: { maxResetsPerWindow: 10, resetWindowMs: 1000 } });
    expect(hammer(c, 1, 10).filter((e) => e.type === 'connection-error')).toEqual([]);
    c.now = 500; // 5 tokens back
    expect(hammer(c, 21, 5).filter((e) => e.type === 'connection-error')).toEqual([]);
    expect(last(hammer(c, 31, 1))).toEqual(calm[0]);
  });
});

describe('server-provoked resets (MadeYouReset, CVE-2025-8671)', () => {
  it('stream errors the peer provokes are counted; past the bucket -> ENHANCE_YOUR_CALM', () => {
    const c = Client.ready({ limits: { maxServerResetsPerWindow: 5 } });
    const parts: Uint8Array[] = [];
    // Each: open a stream with END_STREAM, then WINDOW_UPDATE 0 on it (a stream PROTOCOL_ERROR we must answer).
    for (let i = 0; i < 6; i++) parts.push(c.ff.headers(1 + 2 * i, request(), { endStream: true }), c.ff.windowUpdate(1 + 2 * i, 0));
    const events = c.send(concat(...parts));
    expect(events.filter((e) => e.type === 'stream-error')).toHaveLength(6);
    expect(last(events)).toEqual(calm[0]);
    expect(frames(c.frames()).slice(-2)).toEqual(['RST_STREAM:11:1', 'GOAWAY:11:11']);
  });
  it('malformed requests count too', () => {
    const c = Client.ready({ limits: { maxServerResetsPerWindow: 3 } });
    for (let i = 0; i < 3; i++) c.send(c.ff.headers(1 + 2 * i, [[':method', 'GET']], { endStream: true }));
    expect(c.conn.closed).toBe(false);
    expect(last(c.send(c.ff.headers(7, [[':method', 'GET']], { endStream: true })))).toEqual(calm[0]);
  });
});

describe('too many streams', () => {
  it('past maxConcurrentStreams: REFUSED_STREAM; past maxRejectedStreams refusals: ENHANCE_YOUR_CALM', () => {
    const c = Client.ready({ settings: { maxConcurrentStreams: 2 }, limits: { maxRejectedStreams: 3 } });
    c.send(c.ff.headers(1, request()), c.ff.headers(3, request()));
    c.frames();
    expect(c.send(c.ff.headers(5, request()))).toEqual([
      expect.objectContaining({ type: 'stream-error', streamId: 5, errorCode: ErrorCode.REFUSED_STREAM }),
    ]);
    expect(frames(c.frames())).toEqual(['RST_STREAM:5:7']);
    // Finishing one frees a slot.
    c.send(c.ff.rstStream(1, ErrorCode.CANCEL));
    expect(c.send(c.ff.headers(7, request()))).toEqual([expect.objectContaining({ type: 'request', streamId: 7 })]);
    c.send(c.ff.headers(9, request()), c.ff.headers(11, request()));
    expect(c.send(c.ff.headers(13, request()))).toEqual(calm);
  });
});

describe('control-frame floods', () => {
  it('SETTINGS flood -> ENHANCE_YOUR_CALM', () => {
    const c = Client.ready({ limits: { maxSettingsPerWindow: 5 } }); // ready() used 1
    for (let i = 0; i < 4; i++) expect(c.send(c.ff.settings())).toEqual([]);
    expect(c.send(c.ff.settings())).toEqual(calm);
  });
  it('PING flood -> ENHANCE_YOUR_CALM; the bucket refills with time', () => {
    const c = Client.ready({ limits: { maxPingsPerWindow: 4, floodWindowMs: 1000 } });
    for (let i = 0; i < 4; i++) c.send(c.ff.ping());
    c.now = 250;
    expect(c.send(c.ff.ping())).toEqual([]);
    expect(c.send(c.ff.ping())).toEqual(calm);
  });
  it('empty DATA flood -> ENHANCE_YOUR_CALM (an empty DATA with END_STREAM is not counted)', () => {
    const c = Client.ready({ limits: { maxEmptyDataFramesPerWindow: 3 } });
    c.send(c.ff.headers(1, request('POST')));
    for (let i = 0; i < 3; i++) expect(c.send(c.ff.data(1, ''))).toHaveLength(1);
    c.send(c.ff.headers(3, request('POST')));
    expect(c.send(c.ff.data(3, '', { endStream: true }))).toHaveLength(1);
    expect(last(c.send(c.ff.data(1, '')))).toEqual(calm[0]);
  });
  it('empty DATA frames on a stream we reset (ignored) still count', () => {
    const c = Client.ready({ limits: { maxEmptyDataFramesPerWindow: 3 } });
    c.send(c.ff.headers(1, request('POST')));
    c.conn.resetStream(1, ErrorCode.CANCEL);
    for (let i = 0; i < 3; i++) expect(c.send(c.ff.data(1, ''))).toEqual([]);
    expect(c.send(c.ff.data(1, ''))).toEqual(calm);
  });
  it('a peer that provokes control frames but never reads: bounded queue -> ENHANCE_YOUR_CALM', () => {
    const c = Client.ready({ limits: { maxControlFramesQueued: 50, maxPingsPerWindow: Infinity } });
    const pings = Array.from({ length: 50 }, () => c.ff.ping());
    expect(c.send(...pings)).toEqual([]);
    expect(c.send(c.ff.ping())).toEqual(calm);
    // GOAWAY still goes out after the 50 ACKs.
    expect(frames(c.frames()).slice(-2)).toEqual(['PING:ACK', 'GOAWAY:0:11']);
  });
  it('the queue bound counts only what dataToSend() has not taken', () => {
    const c = Client.ready({ limits: { maxControlFramesQueued: 50, maxPingsPerWindow: Infinity } });
    for (let round = 0; round < 10; round++) {
      expect(c.send(...Array.from({ length: 40 }, () => c.ff.ping()))).toEqual([]);
      expect(c.frames()).toHaveLength(40);
    }
  });
  it('the queue bound in octets', () => {
    const c = Client.ready({ limits: { maxBufferedOutboundBytes: 17 * 10, maxPingsPerWindow: Infinity } });
    expect(c.send(...Array.from({ length: 10 }, () => c.ff.ping()))).toEqual([]);
    expect(c.send(c.ff.ping())).toEqual(calm);
  });
});
