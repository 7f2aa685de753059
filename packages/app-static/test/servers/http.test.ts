/**
 * The static files app's HTTP semantics on both servers and every protocol, with both ways of sending a file
 * (the server's pathsend extension and the app's own chunks): content types, validators, conditional requests,
 * ranges, HEAD, the directory redirect and a 1 MiB file byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CSS,
  INDEX_HTML,
  JSON_TEXT,
  MODES,
  MTIME_HTTP,
  PATTERN_SIZE,
  PROTOCOLS,
  SERVERS,
  SUB_INDEX_HTML,
  TEXT_UTF8,
  makeTree,
  patternBytes,
  request,
  startStatic,
  type Running,
  type Tree,
} from './helpers.js';

let tree: Tree;
beforeAll(() => {
  tree = makeTree();
});
afterAll(() => tree?.cleanup());

const PATTERN = patternBytes();

describe.each(SERVERS)('the static app on the %s server', (_name, serve) => {
  describe.each(MODES)('sending files by %s', (_mode, options) => {
    let running: Running;
    beforeAll(async () => {
      running = await startStatic(serve, tree.root, options);
    });
    afterAll(async () => {
      await running?.close();
      expect(running.violations.map((v) => v.message)).toEqual([]); // neither side broke the spec
      expect(running.logger.errors).toEqual([]);
    });

    describe.each(PROTOCOLS)('over %s', (protocol) => {
      const get = (target: string, headers?: Record<string, string>, method = 'GET') =>
        request(protocol, running, { method, target, headers });

      it('/ serves index.html as text/html; charset=utf-8 with validators', async () => {
        const reply = await get('/');
        expect(reply.status).toBe(200);
        expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(reply.headers['content-length']).toBe(String(Buffer.byteLength(INDEX_HTML)));
        expect(reply.headers['etag']).toMatch(/^"[0-9a-f]+-[0-9a-f]+-[0-9a-f]+"$/);
        expect(reply.headers['last-modified']).toBe(MTIME_HTTP);
        expect(reply.headers['accept-ranges']).toBe('bytes');
        expect(reply.headers['x-content-type-options']).toBe('nosniff');
        expect(reply.body.toString('utf8')).toBe(INDEX_HTML);
      });

      it('a UTF-8 text file byte for byte, text/plain; charset=utf-8', async () => {
        const reply = await get('/text.txt');
        expect(reply.status).toBe(200);
        expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(reply.headers['content-length']).toBe(String(Buffer.byteLength(TEXT_UTF8)));
        expect(reply.body.equals(Buffer.from(TEXT_UTF8, 'utf8'))).toBe(true);
      });

      it('.css is text/css, .json is application/json', async () => {
        const css = await get('/style.css');
        expect(css.status).toBe(200);
        expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
        expect(css.body.toString()).toBe(CSS);
        const json = await get('/data.json');
        expect(json.status).toBe(200);
        expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(json.body.toString()).toBe(JSON_TEXT);
      });

      it('If-None-Match with the ETag: 304 with the validators and no body', async () => {
        const first = await get('/data.json');
        const etag = first.headers['etag']!;
        const reply = await get('/data.json', { 'if-none-match': etag });
        expect(reply.status).toBe(304);
        expect(reply.headers['etag']).toBe(etag);
        expect(reply.headers['last-modified']).toBe(MTIME_HTTP);
        expect(reply.body.byteLength).toBe(0);
        const list = await get('/data.json', { 'if-none-match': `"other", ${etag}` });
        expect(list.status).toBe(304);
        expect(list.body.byteLength).toBe(0);
      });

      it('If-Modified-Since the Last-Modified date: 304 and no body; an older date: 200', async () => {
        const reply = await get('/data.json', { 'if-modified-since': MTIME_HTTP });
        expect(reply.status).toBe(304);
        expect(reply.body.byteLength).toBe(0);
        const older = await get('/data.json', { 'if-modified-since': 'Mon, 01 Jan 2024 00:00:00 GMT' });
        expect(older.status).toBe(200);
        expect(older.body.toString()).toBe(JSON_TEXT);
      });

      it('If-Match: "nope" is 412; If-Match with the ETag is 200', async () => {
        const reply = await get('/data.json', { 'if-match': '"nope"' });
        expect(reply.status).toBe(412);
        expect(reply.body.toString()).not.toContain('"ok"');
        const etag = (await get('/data.json')).headers['etag']!;
        const match = await get('/data.json', { 'if-match': etag });
        expect(match.status).toBe(200);
        expect(match.body.toString()).toBe(JSON_TEXT);
      });

      it('If-Unmodified-Since in the past is 412', async () => {
        const reply = await get('/data.json', { 'if-unmodified-since': 'Sat, 01 Jan 2000 00:00:00 GMT' });
        expect(reply.status).toBe(412);
        expect(reply.body.toString()).not.toContain('"ok"');
      });

      it('Range: bytes=10-99 is 206 with content-range and exactly those bytes', async () => {
        const reply = await get('/pattern.bin', { range: 'bytes=10-99' });
        expect(reply.status).toBe(206);
        expect(reply.headers['content-range']).toBe(`bytes 10-99/${PATTERN_SIZE}`);
        expect(reply.headers['content-length']).toBe('90');
        expect(reply.headers['content-type']).toBe('application/octet-stream');
        expect(reply.body.equals(PATTERN.subarray(10, 100))).toBe(true);
      });

      it('a suffix range from the end of the file: 206 with the last bytes', async () => {
        const reply = await get('/pattern.bin', { range: 'bytes=-1000' });
        expect(reply.status).toBe(206);
        expect(reply.headers['content-range']).toBe(`bytes ${PATTERN_SIZE - 1000}-${PATTERN_SIZE - 1}/${PATTERN_SIZE}`);
        expect(reply.body.equals(PATTERN.subarray(PATTERN_SIZE - 1000))).toBe(true);
      });

      it('an unsatisfiable range is 416 with content-range: bytes */size', async () => {
        const reply = await get('/pattern.bin', { range: `bytes=${PATTERN_SIZE + 10}-` });
        expect(reply.status).toBe(416);
        expect(reply.headers['content-range']).toBe(`bytes */${PATTERN_SIZE}`);
        expect(reply.body.byteLength).toBeLessThan(100);
      });

      it('HEAD: the same status and headers as GET, no body bytes', async () => {
        const getReply = await get('/data.json');
        const reply = await get('/data.json', undefined, 'HEAD');
        expect(reply.status).toBe(200);
        expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(reply.headers['content-length']).toBe(String(Buffer.byteLength(JSON_TEXT)));
        expect(reply.headers['etag']).toBe(getReply.headers['etag']);
        expect(reply.headers['last-modified']).toBe(MTIME_HTTP);
        expect(reply.body.byteLength).toBe(0);
        const big = await get('/pattern.bin', undefined, 'HEAD');
        expect(big.status).toBe(200);
        expect(big.headers['content-length']).toBe(String(PATTERN_SIZE));
        expect(big.body.byteLength).toBe(0);
      });

      it('a directory without its slash: 301 to /sub/ (query kept); with it: its index.html', async () => {
        const reply = await get('/sub');
        expect(reply.status).toBe(301);
        expect(reply.headers['location']).toBe('/sub/');
        const query = await get('/sub?a=1&b=%20');
        expect(query.status).toBe(301);
        expect(query.headers['location']).toBe('/sub/?a=1&b=%20');
        const index = await get('/sub/');
        expect(index.status).toBe(200);
        expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(index.body.toString()).toBe(SUB_INDEX_HTML);
      });

      it('a missing file is 404; POST is 405 with allow: GET, HEAD', async () => {
        const missing = await get('/nope.txt');
        expect(missing.status).toBe(404);
        const post = await get('/data.json', undefined, 'POST');
        expect(post.status).toBe(405);
        expect(post.headers['allow']).toBe('GET, HEAD');
      });

      it('the 1 MiB binary file byte for byte', async () => {
        const reply = await get('/pattern.bin');
        expect(reply.status).toBe(200);
        expect(reply.headers['content-length']).toBe(String(PATTERN_SIZE));
        expect(reply.body.byteLength).toBe(PATTERN_SIZE);
        expect(reply.body.equals(PATTERN)).toBe(true);
      });
    });
  });
});
