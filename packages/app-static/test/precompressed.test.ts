/** Precompressed siblings: br/gzip negotiation with q-values, vary, and ETags/ranges on the compressed bytes. */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptablePrecompressed } from '../src/encoding.js';
import { staticFiles } from '../src/index.js';
import { runApp, type FakeRequest } from './fake-server.js';
import { makeFixture, type Fixture } from './fixtures.js';

let fx: Fixture;
beforeAll(() => {
  fx = makeFixture();
});
afterAll(() => fx.cleanup());

const PAGE = '<!doctype html><p>' + 'compressible '.repeat(200) + '</p>\n';
const get = (request: FakeRequest, options = { precompressed: true }) => runApp(staticFiles(fx.root, options), request);
const accepting = (rawPath: string, acceptEncoding: string | undefined, ...more: [string, string][]): FakeRequest => ({
  rawPath,
  headers: acceptEncoding === undefined ? more : [['accept-encoding', acceptEncoding], ...more],
});

describe('negotiation', () => {
  const cases: [string | undefined, string | undefined][] = [
    ['gzip, deflate, br', 'br'],
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['br;q=0.8, gzip;q=0.8', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['BR;Q=0, GZIP', 'gzip'],
    ['br;q=0, gzip;q=0', undefined],
    ['*', 'br'],
    ['*;q=0.5, br;q=0', 'gzip'],
    ['gzip;q=0.5, identity;q=1', undefined],
    ['gzip;q=0.5, *;q=0', 'gzip'],
    ['deflate', undefined],
    ['', undefined],
    [undefined, undefined],
    ['br;q=2, gzip', 'gzip'], // an invalid weight drops the element
  ];
  it.each(cases)('accept-encoding %j -> %s', async (acceptEncoding, coding) => {
    const res = await get(accepting('/page.html', acceptEncoding));
    expect(res.status).toBe(200);
    expect(res.header('content-encoding')).toBe(coding);
    expect(res.header('vary')).toBe('accept-encoding');
    expect(res.header('content-type')).toBe('text/html; charset=utf-8');
    const decoded = coding === 'br' ? brotliDecompressSync(res.body) : coding === 'gzip' ? gunzipSync(res.body) : res.body;
    expect(decoded.toString()).toBe(PAGE);
    expect(res.header('content-length')).toBe(String(res.bodyLength));
  });

  it('falls back to gzip when only a .gz sibling exists, and to identity when none does', async () => {
    const css = await get(accepting('/only-gz.css', 'br, gzip'));
    expect(css.header('content-encoding')).toBe('gzip');
    expect(css.header('content-type')).toBe('text/css; charset=utf-8');
    const txt = await get(accepting('/hello.txt', 'br, gzip'));
    expect(txt.header('content-encoding')).toBeUndefined();
    expect(txt.header('vary')).toBe('accept-encoding');
  });

  it('uses the sibling for an index file too', async () => {
    const res = await runApp(staticFiles(fx.root, { precompressed: true, index: 'page.html' }), accepting('/', 'br'));
    expect(res.header('content-encoding')).toBe('br');
  });

  it('without the option: no sibling and no vary', async () => {
    const res = await get(accepting('/page.html', 'br, gzip'), { precompressed: false });
    expect(res.header('content-encoding')).toBeUndefined();
    expect(res.header('vary')).toBeUndefined();
    expect(res.body.toString()).toBe(PAGE);
  });

  it('acceptablePrecompressed ranks codings', () => {
    expect(acceptablePrecompressed('gzip;q=1, br;q=0.9')).toEqual(['gzip', 'br']);
    expect(acceptablePrecompressed('br, gzip')).toEqual(['br', 'gzip']);
    expect(acceptablePrecompressed('identity;q=0.9, gzip;q=0.8')).toEqual([]);
  });
});

describe('validators and ranges on the compressed representation', () => {
  it('each representation has its own ETag; If-None-Match matches per representation', async () => {
    const plain = (await get(accepting('/page.html', undefined))).header('etag')!;
    const br = (await get(accepting('/page.html', 'br'))).header('etag')!;
    const gz = (await get(accepting('/page.html', 'gzip'))).header('etag')!;
    expect(new Set([plain, br, gz]).size).toBe(3);
    expect(br).toMatch(/-br"$/);
    expect(gz).toMatch(/-gzip"$/);
    const notModified = await get(accepting('/page.html', 'br', ['if-none-match', br]));
    expect(notModified.status).toBe(304);
    expect(notModified.header('vary')).toBe('accept-encoding');
    expect(notModified.header('etag')).toBe(br);
    expect((await get(accepting('/page.html', 'gzip', ['if-none-match', br]))).status).toBe(200);
  });

  it('a range applies to the compressed bytes', async () => {
    const full = await get(accepting('/page.html', 'br'));
    const res = await get(accepting('/page.html', 'br', ['range', 'bytes=0-9']));
    expect(res.status).toBe(206);
    expect(res.header('content-encoding')).toBe('br');
    expect(res.header('content-range')).toBe(`bytes 0-9/${full.bodyLength}`);
    expect(res.body).toEqual(full.body.subarray(0, 10));
  });

  it('HEAD reports the compressed length', async () => {
    const full = await get(accepting('/page.html', 'gzip'));
    const head = await get({ ...accepting('/page.html', 'gzip'), method: 'HEAD' });
    expect(head.header('content-length')).toBe(String(full.bodyLength));
    expect(head.header('content-encoding')).toBe('gzip');
    expect(head.bodyLength).toBe(0);
  });
});
