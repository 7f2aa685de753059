/**
 * TSGI behind HAProxy in TCP mode (deploy/configs/haproxy-tcp.cfg) with the PROXY protocol, v1 (`send-proxy`) and
 * v2 (`send-proxy-v2`): the app must see the address and port of curl's own connection to HAProxy. Needs the
 * `proxyProtocol` listener option (issue 8): skips, saying so, on a server without it; and when haproxy or curl
 * is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, SERVER_KINDS, startTsgi, type RunningTsgi } from './apps.js';
import { CLIENT_ADDRESS, parseEcho, splitWritten, WRITE_OUT } from './fixtures.js';
import { startHaproxyTcp, type RunningProxy } from './proxies.js';
import { curl, TOOLS } from './tools.js';

const missing = TOOLS.haproxy === null ? 'haproxy is not installed' : TOOLS.curl === null ? 'curl is not installed' : null;
const skipNote = (ok: boolean, reason: string): string => (ok ? '' : ` [skipped: ${reason}]`);

describe.skipIf(missing !== null)(`TSGI behind HAProxy in TCP mode with the PROXY protocol${skipNote(missing === null, missing ?? '')}`, () => {
  describe.each(SERVER_KINDS)('%s server', (kind) => {
    describe('listen: [{ proxyProtocol: true }]', () => {
      let tsgi: RunningTsgi;
      let haproxy: RunningProxy;
      beforeAll(async () => {
        const { app } = createTestApp();
        tsgi = await startTsgi(kind, app, { listen: [{ host: '127.0.0.1', port: 0, proxyProtocol: true }] });
        haproxy = await startHaproxyTcp(tsgi.port);
      });
      afterAll(async () => {
        await haproxy?.stop();
        await tsgi?.server.close();
      });

      /** GET /echo through `port` from CLIENT_ADDRESS; the echo and curl's own end of its connection. */
      async function echoThrough(port: number, protocol: string[]): Promise<{ client: readonly [string, number] | null; local: [string, number]; httpVersion: string }> {
        const r = await curl([...protocol, '--interface', CLIENT_ADDRESS, ...WRITE_OUT, `http://127.0.0.1:${port}/echo`]);
        expect(r.stderr).toBe('');
        const answer = splitWritten(r.stdout);
        expect(answer.status).toBe(200);
        const echo = parseEcho(answer.body);
        return { client: echo.client, local: [answer.localIp, answer.localPort], httpVersion: echo.httpVersion };
      }

      it('send-proxy (v1): scope.client is curl\'s address and port, not HAProxy\'s', async () => {
        const { client, local } = await echoThrough(haproxy.ports['LISTEN_PORT']!, ['--http1.1']);
        expect(local[0]).toBe(CLIENT_ADDRESS);
        expect(client).toEqual(local);
      });

      it('send-proxy-v2: scope.client is curl\'s address and port, not HAProxy\'s', async () => {
        const { client, local } = await echoThrough(haproxy.ports['LISTEN_PORT_V2']!, ['--http1.1']);
        expect(local[0]).toBe(CLIENT_ADDRESS);
        expect(client).toEqual(local);
      });

      it('send-proxy-v2 then h2c (prior knowledge): the HTTP/2 request gets the client too', async () => {
        const { client, local, httpVersion } = await echoThrough(haproxy.ports['LISTEN_PORT_V2']!, ['--http2-prior-knowledge']);
        expect(httpVersion).toBe('2');
        expect(client).toEqual(local);
      });

      it('a connection without the header is refused on a proxyProtocol listener (only the proxy may connect)', async () => {
        const r = await curl(['--http1.1', `http://127.0.0.1:${tsgi.port}/echo`]);
        expect(r.stdout).not.toMatch(/"client"/);
      });
    });
  });
});
