import { describe, expect, it } from 'vitest';
import { DEFAULT_H1_LIMITS, resolveLimits } from '../src/index.js';
import { enc, runServer, serverError, splits } from './helpers.js';

/** Error of `raw` under `limits`, also checking that every split gives the same result. */
function check(raw: string, limits: Parameters<typeof resolveLimits>[0]): { statusHint: number; code: string } | undefined {
  const whole = serverError(raw, limits);
  for (const chunks of splits(enc(raw))) {
    const e = runServer(chunks, limits).recs.find((r) => r.type === 'error');
    expect(e === undefined ? undefined : { statusHint: e['statusHint'], code: e['code'] }).toEqual(whole);
  }
  return whole;
}

describe('limits: at the limit ok, one over rejected', () => {
  it('has the documented defaults and validates overrides', () => {
    expect(DEFAULT_H1_LIMITS).toEqual({
      maxRequestLineBytes: 8192, maxHeaderBytes: 16384, maxHeaderCount: 100, maxBodyBytes: 1073741824,
      maxChunkExtensionBytes: 1024, maxTrailerBytes: 16384,
    });
    expect(resolveLimits({ maxHeaderCount: 3 }).maxHeaderCount).toBe(3);
    expect(() => resolveLimits({ maxHeaderCount: -1 })).toThrow(RangeError);
  });

  it('resolves an options object once: every connection of a server shares one frozen result', () => {
    const options = { maxHeaderCount: 7 };
    const first = resolveLimits(options);
    expect(resolveLimits(options)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(resolveLimits({ maxHeaderCount: 7 })).not.toBe(first);
    expect(resolveLimits()).toBe(DEFAULT_H1_LIMITS);
  });

  it('request line (414)', () => {
    const line = (n: number): string => `GET /${'a'.repeat(n - 'GET / HTTP/1.1'.length)} HTTP/1.1`;
    expect(line(40).length).toBe(40);
    expect(check(`${line(40)}\r\nhost: h\r\n\r\n`, { maxRequestLineBytes: 40 })).toBeUndefined();
    expect(check(`${line(41)}\r\nhost: h\r\n\r\n`, { maxRequestLineBytes: 40 })).toEqual({ statusHint: 414, code: 'H1_REQUEST_LINE_TOO_LONG' });
    // Without its CRLF yet: 41 bytes could still be 40 + CR (wait; EOF then makes it incomplete), 42 cannot.
    expect(check(`${line(41)}`, { maxRequestLineBytes: 40 })).toEqual({ statusHint: 400, code: 'H1_INCOMPLETE' });
    expect(check(`${line(42)}`, { maxRequestLineBytes: 40 })).toEqual({ statusHint: 414, code: 'H1_REQUEST_LINE_TOO_LONG' });
    expect(serverError(`GET /${'a'.repeat(8180)} HTTP/1.1\r\nhost: h\r\n\r\n`)).toEqual({ statusHint: 414, code: 'H1_REQUEST_LINE_TOO_LONG' });
  });

  it('header bytes (431): all header lines with their CRLFs', () => {
    // 'host: h\r\n' = 9 bytes, 'x: 12345\r\n' = 10 bytes
    const raw = 'GET / HTTP/1.1\r\nhost: h\r\nx: 12345\r\n\r\n';
    expect(check(raw, { maxHeaderBytes: 19 })).toBeUndefined();
    expect(check(raw, { maxHeaderBytes: 18 })).toEqual({ statusHint: 431, code: 'H1_HEADER_TOO_LARGE' });
    expect(check('GET / HTTP/1.1\r\nhost: h\r\nx: 123456789', { maxHeaderBytes: 18 })).toEqual({
      statusHint: 431, code: 'H1_HEADER_TOO_LARGE',
    });
  });

  it('header count (431)', () => {
    const raw = 'GET / HTTP/1.1\r\nhost: h\r\na: 1\r\nb: 2\r\n\r\n';
    expect(check(raw, { maxHeaderCount: 3 })).toBeUndefined();
    expect(check(raw, { maxHeaderCount: 2 })).toEqual({ statusHint: 431, code: 'H1_TOO_MANY_HEADERS' });
    const many = 'GET / HTTP/1.1\r\nhost: h\r\n' + 'x: y\r\n'.repeat(100) + '\r\n';
    expect(serverError(many)).toEqual({ statusHint: 431, code: 'H1_TOO_MANY_HEADERS' });
  });

  it('body size (413): content-length at once, chunked cumulatively', () => {
    const cl = (n: number): string => `POST / HTTP/1.1\r\nhost: h\r\ncontent-length: ${n}\r\n\r\n${'x'.repeat(n)}`;
    expect(check(cl(10), { maxBodyBytes: 10 })).toBeUndefined();
    expect(check(cl(11), { maxBodyBytes: 10 })).toEqual({ statusHint: 413, code: 'H1_BODY_TOO_LARGE' });
    expect(serverError('POST / HTTP/1.1\r\nhost: h\r\ncontent-length: 1073741825\r\n\r\n')).toEqual({ statusHint: 413, code: 'H1_BODY_TOO_LARGE' });
    const ch = (a: number, b: number): string =>
      `POST / HTTP/1.1\r\nhost: h\r\ntransfer-encoding: chunked\r\n\r\n${a.toString(16)}\r\n${'x'.repeat(a)}\r\n${b.toString(16)}\r\n${'y'.repeat(b)}\r\n0\r\n\r\n`;
    expect(check(ch(6, 4), { maxBodyBytes: 10 })).toBeUndefined();
    expect(check(ch(6, 5), { maxBodyBytes: 10 })).toEqual({ statusHint: 413, code: 'H1_BODY_TOO_LARGE' });
  });

  it('chunk extension size (400)', () => {
    const ch = (ext: string): string => `POST / HTTP/1.1\r\nhost: h\r\ntransfer-encoding: chunked\r\n\r\n1${ext}\r\nx\r\n0\r\n\r\n`;
    expect(check(ch(';a=123456'), { maxChunkExtensionBytes: 9 })).toBeUndefined();
    expect(check(ch(';a=1234567'), { maxChunkExtensionBytes: 9 })).toEqual({ statusHint: 400, code: 'H1_CHUNK_EXTENSION_TOO_LARGE' });
    expect(serverError(ch(`;a=${'b'.repeat(1100)}`))).toEqual({ statusHint: 400, code: 'H1_CHUNK_EXTENSION_TOO_LARGE' });
  });

  it('trailer size (431)', () => {
    const tr = 'POST / HTTP/1.1\r\nhost: h\r\ntransfer-encoding: chunked\r\n\r\n0\r\nx-t: 12345\r\n\r\n';
    expect(check(tr, { maxTrailerBytes: 12 })).toBeUndefined();
    expect(check(tr, { maxTrailerBytes: 11 })).toEqual({ statusHint: 431, code: 'H1_TRAILER_TOO_LARGE' });
  });
});
