/** Methods, content types, validators, conditional requests (RFC 9110 §13.2.2), HEAD and the lifespan scope. */
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticFiles } from '../src/index.js';
import { lifespanScope, runApp, type FakeRequest } from './fake-server.js';
import { makeFixture, MTIME_HTTP, type Fixture } from './fixtures.js';

let fx: Fixture;
beforeAll(() => {
  fx = makeFixture();
});
afterAll(() => fx.cleanup());

const get = (request: FakeRequest, options = {}) => runApp(staticFiles(fx.root, options), request);
const withHeaders = (rawPath: string, ...headers: [string, string][]): FakeRequest => ({ rawPath, headers });

describe('methods and scopes', () => {
  it('answers other methods with 405 and allow: GET, HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'get', 'PATCH']) {
      const res = await get({ method, rawPath: '/hello.txt' });
      expect(res.status, method).toBe(405);
      expect(res.header('allow')).toBe('GET, HEAD');
    }
  });

  it('rejects the lifespan scope by throwing, before any message', async () => {
    const app = staticFiles(fx.root);
    const sent: unknown[] = [];
    await expect(
      app(lifespanScope(), async () => ({ type: 'lifespan.startup' }), async (m) => void sent.push(m)),
    ).rejects.toThrow(/unsupported scope type lifespan/);
    expect(sent).toEqual([]);
  });

  it('checks its options', () => {
    expect(() => staticFiles(fx.root, { chunkSize: 0 })).toThrow(RangeError);
    expect(() => staticFiles(fx.root, { index: '../x.html' })).toThrow(RangeError);
  });
});

describe('content-type', () => {
  const cases: [string, string][] = [
    ['/hello.txt', 'text/plain; charset=utf-8'],
    ['/index.html', 'text/html; charset=utf-8'],
    ['/data.json', 'application/json; charset=utf-8'],
    ['/app.js', 'text/javascript; charset=utf-8'],
    ['/image.svg', 'image/svg+xml; charset=utf-8'],
    ['/logo.png', 'image/png'],
    ['/archive.tar.xz', 'application/x-xz'],
    ['/noext', 'application/octet-stream'],
    ['/weird.unknownext', 'application/octet-stream'],
    ['/page.html.gz', 'application/gzip'],
  ];
  it.each(cases)('%s is %s, with nosniff', async (rawPath, type) => {
    const res = await get({ rawPath });
    expect(res.status).toBe(200);
    expect(res.header('content-type')).toBe(type);
    expect(res.header('x-content-type-options')).toBe('nosniff');
  });

  it('takes the type from the requested name, not a symlink target', async () => {
    expect((await get({ rawPath: '/link-in' })).header('content-type')).toBe('application/octet-stream');
  });
});

describe('validators', () => {
  it('sends a strong ETag from size, mtime and inode, and Last-Modified', async () => {
    const res = await get({ rawPath: '/hello.txt' });
    const st = statSync(join(fx.root, 'hello.txt'), { bigint: true });
    expect(res.header('etag')).toBe(`"${st.size.toString(16)}-${st.mtimeNs.toString(16)}-${st.ino.toString(16)}"`);
    expect(res.header('last-modified')).toBe(MTIME_HTTP);
    expect(res.header('cache-control')).toBe('public, max-age=0');
    expect(res.header('accept-ranges')).toBe('bytes');
    expect(res.header('content-length')).toBe('20');
    expect(res.header('vary')).toBeUndefined();
  });

  it('weak ETags, no ETag, custom and no cache-control', async () => {
    expect((await get({ rawPath: '/hello.txt' }, { etag: 'weak' })).header('etag')).toMatch(/^W\/"[0-9a-f-]+"$/);
    expect((await get({ rawPath: '/hello.txt' }, { etag: false })).header('etag')).toBeUndefined();
    const custom = await get({ rawPath: '/hello.txt' }, { cacheControl: 'public, max-age=3600' });
    expect(custom.header('cache-control')).toBe('public, max-age=3600');
    expect((await get({ rawPath: '/hello.txt' }, { cacheControl: false })).header('cache-control')).toBeUndefined();
  });

  it('changes the ETag when the file changes', async () => {
    const path = join(fx.root, 'changing.txt');
    writeFileSync(path, 'one');
    const first = (await get({ rawPath: '/changing.txt' })).header('etag');
    writeFileSync(path, 'two');
    utimesSync(path, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    const second = (await get({ rawPath: '/changing.txt' })).header('etag');
    expect(second).not.toBe(first);
  });
});

describe('conditional requests', () => {
  let etag: string;
  beforeAll(async () => {
    etag = (await get({ rawPath: '/hello.txt' })).header('etag')!;
  });
  const weak = () => `W/${etag}`;
  const LATER = 'Wed, 03 Jan 2024 00:00:00 GMT';
  const EARLIER = 'Mon, 01 Jan 2024 00:00:00 GMT';

  it('If-None-Match: 304 on a match (weak comparison, lists, *), with validators and no body', async () => {
    for (const value of [etag, weak(), `"nope", ${etag}`, `"a",,  ${weak()} , "b"`, '*']) {
      const res = await get(withHeaders('/hello.txt', ['if-none-match', value]));
      expect(res.status, value).toBe(304);
      expect(res.bodyLength).toBe(0);
      expect(res.header('etag')).toBe(etag);
      expect(res.header('last-modified')).toBe(MTIME_HTTP);
      expect(res.header('cache-control')).toBe('public, max-age=0');
      expect(res.header('content-type')).toBeUndefined();
    }
    const head = await get({ method: 'HEAD', rawPath: '/hello.txt', headers: [['if-none-match', etag]] });
    expect(head.status).toBe(304);
  });

  it('If-None-Match: 200 when no tag matches or the value is malformed', async () => {
    for (const value of ['"nope"', 'W/"nope"', etag.slice(1, -1), `${etag} junk`]) {
      expect((await get(withHeaders('/hello.txt', ['if-none-match', value]))).status, value).toBe(200);
    }
  });

  it('If-Modified-Since: 304 when not modified since, 200 otherwise; bad dates ignored', async () => {
    const at = (value: string) => get(withHeaders('/hello.txt', ['if-modified-since', value]));
    expect((await at(MTIME_HTTP)).status).toBe(304);
    expect((await at(LATER)).status).toBe(304);
    expect((await at('Tuesday, 02-Jan-24 03:04:05 GMT')).status).toBe(304); // RFC 850 form
    expect((await at('Tue Jan  2 03:04:05 2024')).status).toBe(304); // asctime form
    expect((await at(EARLIER)).status).toBe(200);
    for (const bad of ['yesterday', '1', '2030-01-01', 'Tue, 32 Jan 2024 03:04:05 GMT', `${LATER}, ${LATER}`]) {
      expect((await at(bad)).status, bad).toBe(200);
    }
  });

  it('If-Modified-Since is ignored when If-None-Match is present', async () => {
    const res = await get(withHeaders('/hello.txt', ['if-none-match', '"other"'], ['if-modified-since', LATER]));
    expect(res.status).toBe(200);
  });

  it('If-Match: 412 without a strong match; * and the strong tag pass', async () => {
    for (const value of ['"nope"', weak(), `W/"x", ${weak()}`, 'garbage']) {
      const res = await get(withHeaders('/hello.txt', ['if-match', value]));
      expect(res.status, value).toBe(412);
    }
    for (const value of [etag, '*', `"x", ${etag}`]) {
      expect((await get(withHeaders('/hello.txt', ['if-match', value]))).status, value).toBe(200);
    }
    // With weak ETags, no If-Match tag can match strongly.
    const weakEtag = (await get({ rawPath: '/hello.txt' }, { etag: 'weak' })).header('etag')!;
    expect((await get(withHeaders('/hello.txt', ['if-match', weakEtag]), { etag: 'weak' })).status).toBe(412);
  });

  it('If-Unmodified-Since: 412 when modified after the date; ignored with If-Match or a bad date', async () => {
    const at = (...h: [string, string][]) => get(withHeaders('/hello.txt', ...h));
    expect((await at(['if-unmodified-since', EARLIER])).status).toBe(412);
    expect((await at(['if-unmodified-since', MTIME_HTTP])).status).toBe(200);
    expect((await at(['if-unmodified-since', LATER])).status).toBe(200);
    expect((await at(['if-unmodified-since', 'not a date'])).status).toBe(200);
    expect((await at(['if-match', etag], ['if-unmodified-since', EARLIER])).status).toBe(200);
  });

  it('evaluates If-Match before If-None-Match (412 wins), and If-None-Match before a Range', async () => {
    const res = await get(withHeaders('/hello.txt', ['if-match', '"nope"'], ['if-none-match', etag]));
    expect(res.status).toBe(412);
    const ranged = await get(withHeaders('/hello.txt', ['if-none-match', etag], ['range', 'bytes=0-1']));
    expect(ranged.status).toBe(304);
  });
});

describe('HEAD', () => {
  it('has the same headers as GET and no body bytes', async () => {
    for (const rawPath of ['/hello.txt', '/', '/page.html', '/empty.txt']) {
      const g = await get({ rawPath });
      const h = await get({ method: 'HEAD', rawPath });
      expect(h.status).toBe(200);
      expect(h.headers).toEqual(g.headers);
      expect(h.bodyLength).toBe(0);
      expect(h.complete).toBe(true);
      expect(h.types).toEqual(['http.response.start', 'http.response.body']);
    }
  });

  it('ignores Range (range handling is defined for GET only) and uses no pathsend', async () => {
    const res = await get({ method: 'HEAD', rawPath: '/digits.txt', headers: [['range', 'bytes=0-1']], pathsend: true });
    expect(res.status).toBe(200);
    expect(res.header('content-length')).toBe('10');
    expect(res.pathsend).toBeUndefined();
  });

  it('a HEAD 404 keeps its content-length and sends no bytes', async () => {
    const res = await get({ method: 'HEAD', rawPath: '/missing' });
    expect(res.status).toBe(404);
    expect(Number(res.header('content-length'))).toBeGreaterThan(0);
    expect(res.bodyLength).toBe(0);
  });
});
