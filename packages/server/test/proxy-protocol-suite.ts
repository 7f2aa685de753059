/**
 * @module PROXY protocol tests shared by both servers (spec SERVER-PROXY-PROTOCOL): v1 and v2 headers sent by hand
 * on raw sockets, then HTTP/1.1, h2c, or TLS (h1 and h2); malformed, missing and late headers close the connection
 * without a byte; the real client reaches `scope.client` and the access log.
 */
import { request as httpsRequest } from 'node:https';
import { connect as h2connect, type ClientHttp2Session } from 'node:http2';
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogEntry, GatewayOptions, Server } from '@tsgi/gateway';
import { proxyV1, proxyV2, proxyV2Local, proxyV2Unix, tlv } from '../../proxy-protocol/test/build.js';
import { tls, type Serve } from './bind-suite.js';
import { connectionEcho, echoOf, type Echo } from './echo-app.js';
import { prependingRelay } from './proxy-relay.js';
import { captureLogger, open, readUntilClose, sleep } from './sockets.js';

const GET = Buffer.from('GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n', 'latin1');
const V1 = proxyV1('TCP4', '203.0.113.7', '198.51.100.1', 51234, 443);
const V2_TCP6 = proxyV2('2001:db8:0:0:0:0:0:7', '2001:db8::1', 4000, 443, [tlv(0x01, 'h2'), tlv(0x02, 'example.com')]);

/**
 * Opens a TCP connection, writes `chunks` with a pause between them; all the server sent before closing, and the
 * client's own port.
 */
async function exchange(port: number, chunks: Uint8Array[], gapMs = 20): Promise<{ text: string; localPort: number }> {
  const socket = await open(port);
  const localPort = socket.localPort!;
  const reply = readUntilClose(socket);
  for (let i = 0; i < chunks.length; i++) {
    if (i > 0) await sleep(gapMs);
    if (!socket.destroyed) socket.write(chunks[i]!);
  }
  return { text: await reply, localPort };
}

/** GET / over h2 (TLS) or h2c through `port`, the echo. */
function h2Echo(url: string): Promise<Echo> {
  return new Promise((resolve, reject) => {
    const session: ClientHttp2Session = h2connect(url, { ca: tls.cert, servername: 'localhost' } as never);
    session.on('error', reject);
    const req = session.request({ ':path': '/' });
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      session.close();
      resolve(JSON.parse(body) as Echo);
    });
    req.on('error', reject);
  });
}

/** GET / over HTTPS/1.1 on a TLS session started on `socket`, which has sent its PROXY header already. */
function httpsEchoOn(socket: Socket): Promise<Echo> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({ socket, ca: tls.cert, servername: 'localhost', ALPNProtocols: ['http/1.1'] }, () => secure.write(GET));
    let text = '';
    secure.setEncoding('latin1');
    secure.on('data', (c: string) => (text += c));
    secure.on('error', reject);
    secure.on('close', () => resolve(echoOf(text)));
  });
}

/** GET / over HTTPS/1.1 to `port`, the echo. */
function httpsEcho(port: number): Promise<Echo> {
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port, path: '/', ca: tls.cert, servername: 'localhost', agent: false, ALPNProtocols: ['http/1.1'] };
    const req = httpsRequest(options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(JSON.parse(body) as Echo));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Registers the PROXY protocol tests for one server's `serve`. */
export function proxySuite(serve: Serve): void {
  const logger = captureLogger();
  const accessLog: AccessLogEntry[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tsgi-proxy-'));
  const unixPath = join(dir, 'proxied.sock');
  let server: Server;
  let plain: number; // proxyProtocol, cleartext
  let secure: number; // proxyProtocol, TLS
  let direct: number; // no proxyProtocol
  const relays: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    const options: GatewayOptions = {
      logger,
      accessLog: (entry) => accessLog.push(entry),
      headersTimeout: 400,
      shutdownTimeout: 1000,
      proxyProtocol: true,
      listen: [{ host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: 0, tls }, { host: '127.0.0.1', port: 0, proxyProtocol: false }, { path: unixPath }],
    };
    server = await serve(connectionEcho, options);
    [plain, secure, direct] = server.addresses.map((a) => a.port) as [number, number, number];
  });
  afterAll(async () => {
    await Promise.all(relays.map((r) => r.close()));
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const relay = async (header: Uint8Array, target: { port: number } | { path: string }): Promise<number> => {
    const r = await prependingRelay(header, target);
    relays.push(r);
    return r.port;
  };

  describe('PROXY protocol, cleartext', () => {
    it('v1 header and an HTTP/1.1 request in one write: scope.client is the client the header names', async () => {
      const { text } = await exchange(plain, [Buffer.concat([V1, GET])]);
      const echo = echoOf(text);
      expect(echo.client).toEqual(['203.0.113.7', 51234]);
      expect(echo.server).toEqual(['127.0.0.1', plain]); // the local end stays the real one
    });

    it('v2 header (TCP over IPv6, with TLVs): the client in canonical IPv6 form', async () => {
      const { text } = await exchange(plain, [Buffer.concat([V2_TCP6, GET])]);
      expect(echoOf(text).client).toEqual(['2001:db8::7', 4000]);
    });

    it('headers split across writes (v1 in 3 pieces, v2 byte by byte) lose no byte of the request after them', async () => {
      const v1 = await exchange(plain, [V1.subarray(0, 5), V1.subarray(5, 20), Buffer.concat([V1.subarray(20), GET.subarray(0, 7)]), GET.subarray(7)]);
      expect(echoOf(v1.text).client).toEqual(['203.0.113.7', 51234]);
      const v2 = proxyV2('192.0.2.1', '192.0.2.2', 1, 2);
      const bytes = [...v2].map((b) => Uint8Array.of(b));
      const r2 = await exchange(plain, [...bytes, GET], 2);
      expect(echoOf(r2.text).client).toEqual(['192.0.2.1', 1]);
    });

    it('a LOCAL header (a health check by the proxy itself) keeps the socket peer', async () => {
      const { text, localPort } = await exchange(plain, [Buffer.concat([proxyV2Local(), GET])]);
      expect(echoOf(text).client).toEqual(['127.0.0.1', localPort]);
    });

    it('a v1 UNKNOWN header keeps the socket peer', async () => {
      const { text, localPort } = await exchange(plain, [Buffer.from('PROXY UNKNOWN\r\n'), GET]);
      expect(echoOf(text).client).toEqual(['127.0.0.1', localPort]);
    });

    it('h2c by prior knowledge after the header', async () => {
      const port = await relay(proxyV1('TCP6', '::ffff:192.0.2.9', '::1', 7000, 80), { port: plain });
      expect(await h2Echo(`http://127.0.0.1:${port}`)).toEqual({ client: ['::ffff:192.0.2.9', 7000], server: ['127.0.0.1', plain], scheme: 'http', httpVersion: '2' });
    });

    it('the access log sees the proxied client', async () => {
      accessLog.length = 0;
      await exchange(plain, [Buffer.concat([proxyV1('TCP4', '192.0.2.44', '192.0.2.1', 4444, 80), GET])]);
      await sleep(20);
      expect(accessLog.map((e) => e.client)).toContainEqual(expect.stringContaining('192.0.2.44'));
    });

    it('on a Unix socket listener: the header names the client, scope.server is [path, null]', async () => {
      const port = await relay(proxyV2('192.0.2.5', '192.0.2.6', 5555, 80), { path: unixPath });
      const { text } = await exchange(port, [GET]);
      expect(echoOf(text)).toMatchObject({ client: ['192.0.2.5', 5555], server: [unixPath, null] });
      const fromUnix = await relay(proxyV2Unix('/run/client.sock', '/run/proxy.sock'), { path: unixPath });
      expect(echoOf((await exchange(fromUnix, [GET])).text).client).toBeNull();
    });
  });

  describe('PROXY protocol, refused connections close without a byte', () => {
    const cases: [string, Buffer][] = [
      ['a malformed v1 header', Buffer.concat([Buffer.from('PROXY TCP4 1.2.3.4 5.6.7.8 99999 80\r\n'), GET])],
      ['a malformed v2 header', Buffer.concat([proxyV2('1.2.3.4', '5.6.7.8', 1, 2).fill(0x41, 13, 14), GET])],
      ['no header: an HTTP/1.1 request', GET],
      ['no header: the HTTP/2 preface', Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')],
    ];
    for (const [name, bytes] of cases) {
      it(`${name} (logged at debug)`, async () => {
        const before = logger.lines.length;
        expect((await exchange(plain, [bytes])).text).toBe('');
        expect(logger.lines.slice(before).join('\n')).toMatch(/^debug PROXY protocol: .*PROXY_/m);
      });
    }

    it('a reset in the middle of the header closes that connection only', async () => {
      const socket = await open(plain);
      socket.on('error', () => {});
      socket.write(V1.subarray(0, 10));
      await sleep(30);
      socket.resetAndDestroy();
      await sleep(30);
      expect(echoOf((await exchange(plain, [Buffer.concat([V1, GET])])).text).client).toEqual(['203.0.113.7', 51234]);
    });

    it('no complete header within headersTimeout', async () => {
      const started = Date.now();
      expect((await exchange(plain, [V1.subarray(0, 10)])).text).toBe('');
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      expect(logger.lines.join('\n')).toContain('no complete header within headersTimeout');
    });

    it('a listener without proxyProtocol does not read a header: the PROXY line is a bad HTTP request', async () => {
      const { text } = await exchange(direct, [Buffer.concat([V1, GET])]);
      expect(text).toMatch(/^HTTP\/1\.1 400 /);
    });
  });

  describe('PROXY protocol before TLS', () => {
    it('v1 header and the ClientHello in one chunk, then HTTPS/1.1: scheme https, the proxied client', async () => {
      const port = await relay(V1, { port: secure });
      expect(await httpsEcho(port)).toEqual({ client: ['203.0.113.7', 51234], server: ['127.0.0.1', secure], scheme: 'https', httpVersion: '1.1' });
    });

    it('v2 header, then h2 by ALPN', async () => {
      const port = await relay(V2_TCP6, { port: secure });
      expect(await h2Echo(`https://localhost:${port}`)).toMatchObject({ client: ['2001:db8::7', 4000], scheme: 'https', httpVersion: '2' });
    });

    it('the header written alone, the handshake after it', async () => {
      const socket = connect({ host: '127.0.0.1', port: secure });
      socket.write(proxyV2('192.0.2.77', '192.0.2.1', 7777, 443));
      await sleep(30);
      expect(await httpsEchoOn(socket)).toMatchObject({ client: ['192.0.2.77', 7777], scheme: 'https' });
    });

    it('a TLS handshake without a header, and a malformed header, are closed without a byte', async () => {
      const hello = await new Promise<string>((resolve) => {
        const s = tlsConnect({ host: '127.0.0.1', port: secure, ca: tls.cert, servername: 'localhost' });
        s.on('secureConnect', () => resolve('handshake completed'));
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
        s.on('close', () => resolve('closed'));
      });
      expect(hello).not.toBe('handshake completed');
      expect((await exchange(secure, [Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5])])).text).toBe('');
      expect((await exchange(secure, [Buffer.from('PROXY TCP4 1.2.3.4\r\n')])).text).toBe('');
    });
  });

  describe('PROXY protocol and shutdown', () => {
    it('close() does not wait for a connection still sending its header', async () => {
      const other = await serve(connectionEcho, { logger: captureLogger(), proxyProtocol: true, host: '127.0.0.1', port: 0, shutdownTimeout: 5000 });
      const socket = await open(other.addresses[0]!.port);
      const closed = readUntilClose(socket);
      socket.write(V1.subarray(0, 8));
      await sleep(20);
      const started = Date.now();
      await other.close();
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await closed).toBe('');
    });
  });
}
