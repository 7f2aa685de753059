/** Byte ranges (RFC 9110 §14) and If-Range (§13.1.5) through the app; digits.txt is "0123456789". */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticFiles } from '../src/index.js';
import { decideRange } from '../src/ranges.js';
import { runApp } from './fake-server.js';
import { makeFixture, MTIME_HTTP, type Fixture } from './fixtures.js';

let fx: Fixture;
beforeAll(() => {
  fx = makeFixture();
});
afterAll(() => fx.cleanup());

const ranged = (range: string, ...more: [string, string][]) =>
  runApp(staticFiles(fx.root), { rawPath: '/digits.txt', headers: [['range', range], ...more] });

describe('single ranges', () => {
  const partial: [string, string, string][] = [
    ['bytes=0-3', '0123', 'bytes 0-3/10'],
    ['bytes=5-', '56789', 'bytes 5-9/10'],
    ['bytes=-3', '789', 'bytes 7-9/10'],
    ['bytes=-50', '0123456789', 'bytes 0-9/10'],
    ['bytes=8-100', '89', 'bytes 8-9/10'],
    ['bytes=9-9', '9', 'bytes 9-9/10'],
    ['BYTES=1-2', '12', 'bytes 1-2/10'],
    ['bytes= 2-3 ', '23', 'bytes 2-3/10'],
    ['bytes=1-2,', '12', 'bytes 1-2/10'],
  ];
  it.each(partial)('%s gives 206 %s', async (range, body, contentRange) => {
    const res = await ranged(range);
    expect(res.status).toBe(206);
    expect(res.body.toString()).toBe(body);
    expect(res.header('content-range')).toBe(contentRange);
    expect(res.header('content-length')).toBe(String(body.length));
    expect(res.header('accept-ranges')).toBe('bytes');
    expect(res.header('content-type')).toBe('text/plain; charset=utf-8');
  });

  it.each(['bytes=10-', 'bytes=10-20', 'bytes=-0', 'bytes=99999999999999999999-'])('%s gives 416', async (range) => {
    const res = await ranged(range);
    expect(res.status).toBe(416);
    expect(res.header('content-range')).toBe('bytes */10');
  });

  it.each(['bytes=5-2', 'bytes=abc', 'bytes=1-2-3', 'bytes=', 'items=0-1', 'bytes 0-1', 'bytes=--1', 'bytes=0x1-2', '=0-1'])(
    'malformed or foreign %j is ignored: 200 with the whole file',
    async (range) => {
      const res = await ranged(range);
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe('0123456789');
      expect(res.header('content-range')).toBeUndefined();
    },
  );

  it('several ranges are answered with the whole file (a deliberate choice, see README)', async () => {
    for (const range of ['bytes=0-1,3-4', 'bytes=0-0,-1', 'bytes=0-1, 0-1, 0-1', 'bytes=20-30,40-50']) {
      const res = await ranged(range);
      expect(res.status, range).toBe(200);
      expect(res.body.toString()).toBe('0123456789');
    }
  });

  it('an empty file: int-ranges are unsatisfiable, a suffix gets the empty whole', async () => {
    const app = staticFiles(fx.root);
    const a = await runApp(app, { rawPath: '/empty.txt', headers: [['range', 'bytes=0-']] });
    expect(a.status).toBe(416);
    expect(a.header('content-range')).toBe('bytes */0');
    const b = await runApp(app, { rawPath: '/empty.txt', headers: [['range', 'bytes=-5']] });
    expect(b.status).toBe(200);
    expect(b.header('content-length')).toBe('0');
    expect(b.complete).toBe(true);
  });
});

describe('If-Range', () => {
  let etag: string;
  beforeAll(async () => {
    etag = (await runApp(staticFiles(fx.root), { rawPath: '/digits.txt' })).header('etag')!;
  });

  it('a matching strong ETag honours the Range', async () => {
    const res = await ranged('bytes=0-1', ['if-range', etag]);
    expect(res.status).toBe(206);
    expect(res.body.toString()).toBe('01');
  });

  it('the exact Last-Modified date honours the Range', async () => {
    expect((await ranged('bytes=0-1', ['if-range', MTIME_HTTP])).status).toBe(206);
  });

  it('a mismatch, a weak tag, another date or garbage sends the whole file', async () => {
    for (const value of ['"other"', `W/${etag}`, 'Wed, 03 Jan 2024 00:00:00 GMT', 'Mon, 01 Jan 2024 00:00:00 GMT', 'junk']) {
      const res = await ranged('bytes=0-1', ['if-range', value]);
      expect(res.status, value).toBe(200);
      expect(res.body.toString()).toBe('0123456789');
    }
  });

  it('a weak ETag of our own never matches If-Range', async () => {
    const app = staticFiles(fx.root, { etag: 'weak' });
    const weak = (await runApp(app, { rawPath: '/digits.txt' })).header('etag')!;
    const res = await runApp(app, { rawPath: '/digits.txt', headers: [['range', 'bytes=0-1'], ['if-range', weak]] });
    expect(res.status).toBe(200);
  });

  it('If-Range does not turn an unsatisfiable range into 416 when it does not match', async () => {
    expect((await ranged('bytes=50-', ['if-range', '"other"'])).status).toBe(200);
    expect((await ranged('bytes=50-', ['if-range', etag])).status).toBe(416);
  });
});

describe('decideRange', () => {
  it('covers the grammar edges', () => {
    expect(decideRange('bytes=0-0', 1)).toEqual({ kind: 'partial', start: 0, end: 0 });
    expect(decideRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=-1', 0)).toEqual({ kind: 'full' });
    expect(decideRange('bytes=,,0-1,,', 5)).toEqual({ kind: 'partial', start: 0, end: 1 });
    expect(decideRange('bytes=1- 2', 5)).toEqual({ kind: 'full' });
  });
});
