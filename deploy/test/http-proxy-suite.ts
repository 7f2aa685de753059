/**
 * @module The checks every HTTP reverse proxy in deploy/configs gets, in front of both servers (one suite, so the
 * nginx and HAProxy test files differ only in how the proxy starts and what its client side speaks): forwarded
 * headers, streaming, a 32 MiB upload, the 204/304/HEAD rule to curl and to a strict HTTP/2 client, a bounded load
 * over the upstream keep-alive pool, and trusted proxy headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, SERVER_KINDS, startTsgi, STREAM_CHUNKS, type AppState, type RunningTsgi } from './apps.js';
import { CLIENT_ADDRESS, distinct, makeUploadFile, parseEcho, splitWritten, SPOOFED_ADDRESS, WRITE_OUT, type UploadFile } from './fixtures.js';
import { h2Requests } from './h2client.js';
import { CERT_FILE, type RunningProxy } from './proxies.js';
import { curl, curlStream, h2load, TOOLS } from './tools.js';

/** How one HTTP reverse proxy is driven. */
export interface HttpProxy {
  /** Its name in test titles. */
  readonly name: string;
  /** Whether it is installed (its TOOLS entry is not null). */
  readonly installed: boolean;
  /** Starts it in front of the TSGI server on `upstreamPort`. */
  start(upstreamPort: number): Promise<RunningProxy>;
  /** curl's protocol options for the everyday checks (`--http2` or `--http1.1`, with the CA). */
  readonly curl: readonly string[];
  /** The HTTP version curl then reports (`%{http_version}`). */
  readonly curlVersion: string;
  /** h2load's protocol options for the load check (`[]` for h2, `['--h1']`). */
  readonly h2load: readonly string[];
  /** The X-Forwarded-Host the proxy sets for a request to `127.0.0.1:<port>`. */
  forwardedHost(port: number): string;
}

const H2 = ['--http2', '--cacert', CERT_FILE];

/** Runs the suite against `proxy`; skips, saying why, when the proxy or curl is missing. */
export function describeHttpProxy(proxy: HttpProxy): void {
  const missing = !proxy.installed ? `${proxy.name} is not installed` : TOOLS.curl === null ? 'curl is not installed' : null;
  const skipNote = (ok: boolean, reason: string): string => (ok ? '' : ` [skipped: ${reason}]`);
  describe.skipIf(missing !== null)(`TSGI behind ${proxy.name}${skipNote(missing === null, missing ?? '')}`, () => {
    let upload: UploadFile;
    beforeAll(() => void (upload = makeUploadFile(32 * 1024 * 1024)));
    afterAll(() => upload?.remove());

    describe.each(SERVER_KINDS)('%s server', (kind) => {
      let tsgi: RunningTsgi;
      let state: AppState;
      let front: RunningProxy;
      let url: (path: string) => string;
      beforeAll(async () => {
        const made = createTestApp();
        state = made.state;
        tsgi = await startTsgi(kind, made.app);
        front = await proxy.start(tsgi.port);
        url = (path) => `https://127.0.0.1:${front.ports['LISTEN_PORT']}${path}`;
      });
      afterAll(async () => {
        await front?.stop();
        await tsgi?.server.close();
      });

      it(`forwards a request with X-Forwarded-For/-Proto/-Host set by ${proxy.name}, not by the client`, async () => {
        const spoof = ['-H', `X-Forwarded-For: ${SPOOFED_ADDRESS}`, '--interface', CLIENT_ADDRESS];
        const r = await curl([...proxy.curl, ...spoof, ...WRITE_OUT, url('/echo?x=1')]);
        expect(r.stderr).toBe('');
        const answer = splitWritten(r.stdout);
        expect(answer.status).toBe(200);
        expect(answer.httpVersion).toBe(proxy.curlVersion);
        const echo = parseEcho(answer.body);
        expect(echo).toMatchObject({ method: 'GET', path: '/echo', httpVersion: '1.1', scheme: 'http' });
        expect(echo.headers['x-forwarded-for']).toBe(CLIENT_ADDRESS);
        expect(echo.headers['x-forwarded-proto']).toBe('https');
        expect(echo.headers['x-forwarded-host']).toBe(proxy.forwardedHost(front.ports['LISTEN_PORT']!));
        expect(echo.headers['connection']).toBeUndefined();
        // no trustedProxies here: the peer TSGI sees is the proxy's upstream connection
        expect(echo.client?.[0]).toBe('127.0.0.1');
      });

      it('streams: the client has the first chunk before the app sends the last', async () => {
        const r = await curlStream([...proxy.curl, url('/stream')]);
        expect(r.stderr).toBe('');
        expect(r.body).toBe(Array.from({ length: STREAM_CHUNKS }, (_, i) => `chunk ${i}\n`).join(''));
        expect(r.firstBytesAt).toBeLessThan(state.lastChunkSentAt);
      });

      it('takes a 32 MiB upload intact', async () => {
        const r = await curl([...proxy.curl, '-H', 'Content-Type: application/octet-stream', '--data-binary', `@${upload.path}`, url('/upload')]);
        expect(r.stderr).toBe('');
        expect(JSON.parse(r.stdout)).toEqual({ bytes: upload.bytes, sha256: upload.sha256 });
      });

      it('the app\'s 204 with a body and content-length reaches curl --http2 as a clean 204 (seed story)', async () => {
        const r = await curl([...H2, '-i', url('/no-content'), url('/echo')]);
        expect(r.stderr).toBe('');
        const [first, second] = r.stdout.split(/(?=^HTTP\/2 )/m);
        expect(first).toMatch(/^HTTP\/2 204 *\r\n/);
        expect(first!.toLowerCase()).not.toContain('content-length');
        expect(first!.endsWith('\r\n\r\n')).toBe(true); // nothing after the head
        expect(second).toMatch(/^HTTP\/2 200 *\r\n/);
        expect(tsgi.logger.lines.some((l) => l.startsWith('warn HTTP-RESP-NOBODY'))).toBe(true);
      });

      it('a strict HTTP/2 client (node:http2) gets a valid 204, 304 and HEAD, no PROTOCOL_ERROR, and the pool stays intact', async () => {
        const [noContent, notModified, head, after] = await h2Requests(front.ports['LISTEN_PORT']!, [
          { path: '/no-content' },
          { path: '/not-modified' },
          { method: 'HEAD', path: '/echo' },
          { path: '/echo' },
        ]);
        for (const r of [noContent, notModified, head, after]) expect({ error: r!.error, rstCode: r!.rstCode }).toEqual({ error: null, rstCode: 0 });
        expect(noContent!.status).toBe(204);
        expect(noContent!.headers['content-length']).toBeUndefined();
        expect(noContent!.body.length).toBe(0);
        expect(notModified!.status).toBe(304);
        expect(notModified!.body.length).toBe(0);
        expect(head!.status).toBe(200);
        expect(Number(head!.headers['content-length'])).toBeGreaterThan(0);
        expect(head!.body.length).toBe(0);
        // the upstream connections that carried the corrected responses serve the next request cleanly
        expect(after!.status).toBe(200);
        expect(parseEcho(after!.body.toString('utf8')).method).toBe('GET');
      });

      it.skipIf(TOOLS.h2load === null)(
        `h2load ${proxy.h2load.join(' ')} -n 2000 -c 10: all 2xx, over far fewer upstream connections${skipNote(TOOLS.h2load !== null, 'h2load is not installed')}`,
        async () => {
          state.helloPeers.length = 0;
          const load = await h2load([...proxy.h2load, '-n', '2000', '-c', '10', url('/hello')]);
          expect(load).toEqual({ total: 2000, succeeded: 2000, failed: 0, errored: 0, timeout: 0, status2xx: 2000, non2xx: 0 });
          expect(state.helloPeers.length).toBe(2000);
          // an upstream keep-alive pool: about one connection per concurrent request, reused
          expect(distinct(state.helloPeers)).toBeLessThanOrEqual(40);
        },
      );

      it(
        "with trustedProxies ['127.0.0.1'], scope.client is curl's address and scope.scheme https",
        async () => {
          const { app } = createTestApp();
          const behind = await startTsgi(kind, app, { trustedProxies: ['127.0.0.1'] });
          const trusting = await proxy.start(behind.port).catch(async (e: unknown) => {
            await behind.server.close();
            throw e;
          });
          try {
            const r = await curl([...proxy.curl, '-H', `X-Forwarded-For: ${SPOOFED_ADDRESS}`, '--interface', CLIENT_ADDRESS, `https://127.0.0.1:${trusting.ports['LISTEN_PORT']}/echo`]);
            const echo = parseEcho(r.stdout);
            expect(echo.client?.[0]).toBe(CLIENT_ADDRESS);
            expect(echo.scheme).toBe('https');
          } finally {
            await trusting.stop();
            await behind.server.close();
          }
        },
      );
    });
  });
}
