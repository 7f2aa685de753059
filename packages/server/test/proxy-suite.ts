/**
 * @module Socket tests of trusted proxy headers and the access-log line, shared by both servers' test files
 * (spec SERVER-PROXY-TRUST, SERVER-PROXY-CHAIN, SERVER-PROXY-INVALID): each runs them against its own `serve`.
 */
import { connect as h2connect } from 'node:http2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GatewayOptions, Server } from '@tsgi/gateway';
import type { Application } from '@tsgi/spec';
import { captureLogger, exchange } from './sockets.js';

type Serve = (app: Application, options: GatewayOptions) => Promise<Server>;

/** Answers with the scope's client, scheme and host as JSON. */
const echoApp: Application = async (scope, _receive, send) => {
  if (scope.type !== 'http') return;
  const host = scope.headers.find(([n]) => n === 'host')?.[1] ?? null;
  const body = new TextEncoder().encode(JSON.stringify({ client: scope.client, scheme: scope.scheme, host }));
  await send({ type: 'http.response.start', status: 200, headers: [['content-length', String(body.length)]] });
  await send({ type: 'http.response.body', body });
};

const FORWARDED_HEAD =
  'GET /p?q=1 HTTP/1.1\r\nHost: origin.test\r\nX-Forwarded-For: 6.6.6.6, 198.51.100.7:4711\r\n' +
  'X-Forwarded-Proto: https\r\nX-Forwarded-Host: www.example.com\r\nReferer: http://r.test/\r\n' +
  'User-Agent: agent "x"\r\nConnection: close\r\n\r\n';

function bodyOf(response: string): unknown {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

function h2Get(port: number, headers: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const session = h2connect(`http://127.0.0.1:${port}`);
    session.on('error', reject);
    const req = session.request({ ':path': '/', ':authority': 'origin.test', ...headers });
    let text = '';
    req.setEncoding('latin1');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      session.close();
      resolve(JSON.parse(text));
    });
    req.on('error', reject);
  });
}

/** Registers the suite for one server. */
export function describeProxyHeaders(serverName: string, serve: Serve): void {
  describe(`${serverName}: trusted proxy headers and the access log over sockets`, () => {
    let servers: Server[] = [];
    afterEach(async () => {
      vi.restoreAllMocks();
      await Promise.all(servers.map((s) => s.close()));
      servers = [];
    });
    const start = async (options: GatewayOptions): Promise<number> => {
      const server = await serve(echoApp, { host: '127.0.0.1', port: 0, logger: captureLogger(), ...options });
      servers.push(server);
      return server.addresses[0]!.port;
    };

    it('HTTP/1.1 from a trusted peer: client, scheme and host come from the headers', async () => {
      const port = await start({ trustedProxies: ['127.0.0.1'] });
      const response = await exchange(port, FORWARDED_HEAD);
      expect(bodyOf(response)).toEqual({ client: ['198.51.100.7', 4711], scheme: 'https', host: 'www.example.com' });
    });

    it('HTTP/1.1 with nothing trusted: the headers change nothing', async () => {
      const port = await start({ trustedProxies: [] });
      const body = bodyOf(await exchange(port, FORWARDED_HEAD)) as { client: [string, number]; scheme: string; host: string };
      expect(body.client[0]).toBe('127.0.0.1');
      expect(body.client[1]).toBeGreaterThan(0);
      expect(body).toMatchObject({ scheme: 'http', host: 'origin.test' });
    });

    it('HTTP/1.1 from a peer outside the trusted range: the headers change nothing', async () => {
      const port = await start({ trustedProxies: ['10.0.0.0/8', '::1'] });
      expect(bodyOf(await exchange(port, FORWARDED_HEAD))).toMatchObject({ scheme: 'http', host: 'origin.test' });
    });

    it('HTTP/1.1 with a malformed X-Forwarded-For: the peer stays, the request is served', async () => {
      const port = await start({ trustedProxies: ['127.0.0.1'] });
      const response = await exchange(port, 'GET / HTTP/1.1\r\nHost: o.test\r\nX-Forwarded-For: 1.2.3.4.5\r\nConnection: close\r\n\r\n');
      expect(response.startsWith('HTTP/1.1 200')).toBe(true);
      expect((bodyOf(response) as { client: [string] }).client[0]).toBe('127.0.0.1');
    });

    it('HTTP/2 from a trusted peer with Forwarded: :authority (as host) is replaced too', async () => {
      const port = await start({ trustedProxies: ['127.0.0.1'], proxyHeaders: 'forwarded' });
      const body = await h2Get(port, { forwarded: 'for="[2001:db8::7]:443";proto=https;host=api.example.com' });
      expect(body).toEqual({ client: ['2001:db8::7', 443], scheme: 'https', host: 'api.example.com' });
    });

    it('HTTP/2 with nothing trusted: the headers change nothing', async () => {
      const port = await start({});
      const body = (await h2Get(port, { forwarded: 'for=1.2.3.4;proto=https;host=evil.test' })) as { client: [string]; scheme: string; host: string };
      expect(body.client[0]).toBe('127.0.0.1');
      expect(body).toMatchObject({ scheme: 'http', host: 'origin.test' });
    });

    it('the combined access-log line names the forwarded client, escaped, in one write', async () => {
      const writes: string[] = [];
      const real = process.stdout.write.bind(process.stdout);
      vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
        if (typeof chunk === 'string' && chunk.startsWith('198.51.100.7 ')) {
          writes.push(chunk);
          return true;
        }
        return real(chunk, ...rest);
      }) as typeof process.stdout.write);
      const port = await start({ trustedProxies: ['127.0.0.1'], accessLog: true });
      await exchange(port, FORWARDED_HEAD);
      for (let i = 0; i < 50 && writes.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(writes).toHaveLength(1);
      expect(writes[0]).toMatch(
        /^198\.51\.100\.7 - - \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "GET \/p\?q=1 HTTP\/1\.1" 200 \d+ "http:\/\/r\.test\/" "agent \\"x\\"" \d+\.\d{3}\n$/,
      );
    });
  });
}
