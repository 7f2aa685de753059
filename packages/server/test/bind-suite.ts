/**
 * @module Listener binding tests shared by both servers: IPv6, Unix domain sockets (HTTP/1.1 and h2c), inherited
 * file descriptors (in a child process, as systemd passes them), several listeners at once, option validation.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect as h2connect } from 'node:http2';
import { connect, createServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { GatewayOptions, Server } from '@tsgi/gateway';
import type { Application } from '@tsgi/spec';
import { connectionEcho, type Echo } from './echo-app.js';
import { captureLogger } from './sockets.js';

/** Either server's `serve`. */
export type Serve = (app: Application, options: GatewayOptions) => Promise<Server>;

const certs = new URL('./fixtures/certs/', import.meta.url);
/** The test certificate (CN localhost, SAN 127.0.0.1). */
export const tls = { cert: readFileSync(new URL('cert.pem', certs)), key: readFileSync(new URL('key.pem', certs)) };

/** Whether this machine has an IPv6 loopback to bind (containers often have none). */
export async function hasIPv6Loopback(): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen({ host: '::1', port: 0 }, () => probe.close(() => resolve(true)));
  });
}

/** GET / over HTTP/1.1 with `http.request` options (host/port or socketPath); the echo. */
export function getEcho(options: { host?: string; port?: number; socketPath?: string }): Promise<Echo> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ ...options, path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body) as Echo) : reject(new Error(`${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** GET / over h2c (prior knowledge) on a Unix socket. */
export function getEchoH2cUnix(path: string): Promise<Echo> {
  return new Promise((resolve, reject) => {
    const session = h2connect('http://localhost', { createConnection: () => connect({ path }) });
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

/** Registers the binding tests for one server's `serve`; `serverModule` is its source entry (for the fd child). */
export function bindSuite(serve: Serve, serverModule: URL): void {
  const dir = mkdtempSync(join(tmpdir(), 'tsgi-bind-'));
  const servers: Server[] = [];
  const start = async (options: GatewayOptions): Promise<Server> => {
    const server = await serve(connectionEcho, { logger: captureLogger(), shutdownTimeout: 1000, ...options });
    servers.push(server);
    return server;
  };
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  describe('IPv6', async () => {
    const ipv6 = await hasIPv6Loopback();
    it.skipIf(!ipv6)('binds ::1 and reports the IPv6 peer and local end (skipped when there is no IPv6 loopback)', async () => {
      const server = await start({ listen: [{ host: '::1', port: 0 }] });
      const [address] = server.addresses;
      expect(address).toMatchObject({ host: '::1', tls: false, path: null, fd: null });
      const echo = await getEcho({ host: '::1', port: address!.port });
      expect(echo.client![0]).toBe('::1');
      expect(echo.server).toEqual(['::1', address!.port]);
    });
  });

  describe('Unix domain socket', () => {
    it('serves HTTP/1.1 and h2c; scope.client is null and scope.server is [path, null] (spec HTTP-SCOPE-CLIENT, -SERVER)', async () => {
      const path = join(dir, 'a.sock');
      const server = await start({ listen: [{ path }] });
      expect(server.addresses).toEqual([{ host: '', port: 0, tls: false, path, fd: null }]);
      expect(await getEcho({ socketPath: path })).toEqual({ client: null, server: [path, null], scheme: 'http', httpVersion: '1.1' });
      expect(await getEchoH2cUnix(path)).toEqual({ client: null, server: [path, null], scheme: 'http', httpVersion: '2' });
      await server.close();
      expect(existsSync(path), 'the socket file is removed on close').toBe(false);
    });

    it('replaces a stale socket file that nothing answers on (left by a crashed server)', async () => {
      const path = join(dir, 'stale.sock');
      // A process that binds the path and exits without closing leaves the socket file behind.
      const crashed = spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => process.exit(0))`]);
      expect(crashed.status).toBe(0);
      expect(existsSync(path)).toBe(true);
      await start({ listen: [{ path }] });
      expect((await getEcho({ socketPath: path })).server).toEqual([path, null]);
    });

    it('refuses a socket something answers on, and a file that is not a socket, leaving both alone', async () => {
      const live = join(dir, 'live.sock');
      const other = await new Promise<NetServer>((resolve) => {
        const s = createServer((c) => c.on('error', () => {}).end('other'));
        s.listen(live, () => resolve(s));
      });
      await expect(start({ listen: [{ path: live }] })).rejects.toMatchObject({ code: 'TSGI_SERVER_LISTEN', message: expect.stringMatching(/already in use/) });
      const answer = await new Promise<string>((resolve) => {
        const client = connect({ path: live }).on('data', (d) => resolve(String(d)));
        client.on('error', () => {}).on('end', () => client.destroy());
      });
      expect(answer).toBe('other');
      await new Promise((resolve) => other.close(resolve));

      const file = join(dir, 'file.sock');
      writeFileSync(file, 'keep me');
      await expect(start({ listen: [{ path: file }] })).rejects.toMatchObject({ message: expect.stringMatching(/not a socket/) });
      expect(existsSync(file)).toBe(true);
    });
  });

  describe('inherited file descriptor', () => {
    it('a child given a listening socket as fd 3 serves on it (systemd style)', async () => {
      const holder = createServer();
      await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
      const port = (holder.address() as { port: number }).port;
      const fd = (holder as unknown as { _handle: { fd: number } })._handle.fd;
      const child = spawn(
        process.execPath,
        ['--conditions=@tsgi/source', '--import', 'tsx', fileURLToPath(new URL('./fixtures/serve-fd.ts', import.meta.url)), fileURLToPath(serverModule)],
        { stdio: ['ignore', 'pipe', 'inherit', fd] },
      );
      holder.close(); // the child holds its own copy; from now on only it accepts
      try {
        const line = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout!.on('data', (c: Buffer) => (out += c) && out.includes('\n') && resolve(out.trim()));
          child.once('exit', (code) => reject(new Error(`child exited (${code}) before listening: ${out}`)));
        });
        expect(JSON.parse(line)).toEqual([{ host: '127.0.0.1', port, tls: false, path: null, fd: 3 }]);
        const echo = (await getEcho({ host: '127.0.0.1', port })) as Echo & { pid: number };
        expect(echo.pid).toBe(child.pid);
        expect(echo.server).toEqual(['127.0.0.1', port]);
      } finally {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }, 30_000);
  });

  describe('several listeners', () => {
    it('binds TCP, TLS and a Unix socket at once, in order, each serving', async () => {
      const path = join(dir, 'many.sock');
      const server = await start({ listen: [{ host: '127.0.0.1', port: 0 }, { path }, { host: '127.0.0.1', port: 0, tls }] });
      const [plain, unix, secure] = server.addresses;
      expect(plain).toMatchObject({ host: '127.0.0.1', tls: false, path: null });
      expect(unix).toEqual({ host: '', port: 0, tls: false, path, fd: null });
      expect(secure).toMatchObject({ host: '127.0.0.1', tls: true, path: null });
      expect(plain!.port).not.toBe(secure!.port);
      expect((await getEcho({ host: '127.0.0.1', port: plain!.port })).server).toEqual(['127.0.0.1', plain!.port]);
      expect((await getEcho({ socketPath: path })).server).toEqual([path, null]);
    });

    it('rejects invalid entries with an OptionsError', async () => {
      const bad: GatewayOptions['listen'][] = [
        [{ host: '127.0.0.1', path: join(dir, 'x.sock') }],
        [{ port: 0, fd: 3 }],
        [{ path: join(dir, 'y.sock'), fd: 3 }],
        [{ fd: -1 }],
        [{ fd: 1.5 }],
        [{ path: '' }],
        [{ port: 70000 }],
      ];
      for (const listen of bad) {
        await expect(start({ listen }), JSON.stringify(listen)).rejects.toMatchObject({ name: 'OptionsError', code: 'TSGI_SERVER_OPTIONS' });
      }
    });
  });
}
