import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from '../src/index.js';
import { start, textApp } from './helpers.js';

const run = promisify(execFile);
const certPath = new URL('./fixtures/certs/cert.pem', import.meta.url).pathname;
const cert = readFileSync(certPath, 'utf8');
const key = readFileSync(new URL('./fixtures/certs/key.pem', import.meta.url), 'utf8');

let server: Server;
let plain: number;
let secure: number;
beforeAll(async () => {
  const s = await start(textApp('Hello, World'), { listen: [{ port: 0 }, { port: 0, tls: { cert, key } }] });
  server = s.server;
  plain = s.server.addresses[0]!.port;
  secure = s.server.addresses[1]!.port;
});
afterAll(() => server.close());

describe('HTTP/2 interop with nghttp2 tools (Debian nghttp2-client)', () => {
  it('nghttp -nv over h2c: SETTINGS exchanged, one stream answered, GOAWAY clean', async () => {
    const { stdout } = await run('nghttp', ['-nv', `http://127.0.0.1:${plain}/`], { timeout: 10_000 });
    expect(stdout).toContain('recv SETTINGS frame');
    // nghttp opens its request on stream 13 after PRIORITY frames for idle streams 3..11 (RFC 7540 priorities)
    expect(stdout).toMatch(/recv \(stream_id=\d+\) :status: 200/);
    expect(stdout).toMatch(/recv DATA frame <length=12, flags=0x01, stream_id=\d+>/);
    expect(stdout).toMatch(/send GOAWAY frame <length=8, flags=0x00, stream_id=0>\s+\(last_stream_id=0, error_code=NO_ERROR/);
    expect(stdout).not.toContain('PROTOCOL_ERROR');
  });

  it('nghttp -nv over TLS with ALPN h2', async () => {
    const { stdout } = await run('nghttp', ['-nv', `https://127.0.0.1:${secure}/`], { timeout: 10_000 });
    expect(stdout).toContain('The negotiated protocol: h2');
    expect(stdout).toMatch(/recv \(stream_id=\d+\) :status: 200/);
  });

  it.each([
    ['h2c', () => `http://127.0.0.1:${plain}/`],
    ['h2 over TLS', () => `https://127.0.0.1:${secure}/`],
  ])('a short bounded h2load run over %s completes with no failed request', async (_name, url) => {
    const { stdout } = await run('h2load', ['-n', '2000', '-c', '4', '-m', '10', url()], { timeout: 30_000 });
    const done = /requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(stdout);
    expect(done, stdout).not.toBeNull();
    expect(Number(done![4])).toBe(2000);
    expect(Number(done![5])).toBe(0);
    expect(Number(done![6])).toBe(0);
  });

  it('h2load --h1 (HTTP/1.1 pipelined) completes with no failed request', async () => {
    const { stdout } = await run('h2load', ['--h1', '-n', '2000', '-c', '4', '-m', '8', `http://127.0.0.1:${plain}/`], { timeout: 30_000 });
    expect(stdout).toMatch(/2000 succeeded, 0 failed, 0 errored/);
  });
});
