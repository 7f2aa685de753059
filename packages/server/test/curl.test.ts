import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '@tsgi/spec';
import type { Server } from '../src/index.js';
import { readBody, start } from './helpers.js';

const run = promisify(execFile);
const enc = new TextEncoder();

/** Routes: /echo echoes the body; /204 misbehaves as in seed 000; /stream streams chunks; else hello. */
const app: Application = async (scope, receive, send) => {
  if (scope.type !== 'http') throw new Error('http only');
  const body = await readBody(receive);
  if (scope.path === '/echo') {
    await send({ type: 'http.response.start', status: 200, headers: [['content-length', String(body.length)]] });
    await send({ type: 'http.response.body', body });
  } else if (scope.path === '/204') {
    await send({ type: 'http.response.start', status: 204, headers: [['content-type', 'application/json'], ['content-length', '4']] });
    await send({ type: 'http.response.body', body: enc.encode('null') });
  } else if (scope.path === '/stream') {
    await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain']] });
    for (let i = 0; i < 3; i++) await send({ type: 'http.response.body', body: enc.encode(`part${i};`), moreBody: true });
    await send({ type: 'http.response.body' });
  } else {
    const body = enc.encode('Hello, World');
    await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain'], ['content-length', '12']] });
    await send({ type: 'http.response.body', body });
  }
};

let server: Server;
let base: string;
beforeAll(async () => {
  const s = await start(app);
  server = s.server;
  base = `http://127.0.0.1:${s.port}`;
});
afterAll(() => server.close());

async function curl(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('curl', ['-sS', '--max-time', '10', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

describe('interop with curl', () => {
  it('GET', async () => {
    const { stdout } = await curl('-i', `${base}/`);
    expect(stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(stdout).toMatch(/\r\ndate: .+ GMT\r\n/i);
    expect(stdout.endsWith('\r\n\r\nHello, World')).toBe(true);
  });

  it('POST with a body, by length and chunked', async () => {
    const data = 'x'.repeat(100_000);
    expect((await curl('--data-binary', data, `${base}/echo`)).stdout).toBe(data);
    const chunked = await curl('-H', 'Transfer-Encoding: chunked', '--data-binary', data, `${base}/echo`);
    expect(chunked.stdout).toBe(data);
  });

  it('HEAD gets the headers and no body (spec HTTP-RESP-HEAD)', async () => {
    const { stdout } = await curl('-I', `${base}/`);
    expect(stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(stdout.toLowerCase()).toContain('content-length: 12');
    expect(stdout.endsWith('\r\n\r\n')).toBe(true);
  });

  it('the 204 with a body and content-length reaches curl with neither (spec HTTP-RESP-NOBODY, seed 000)', async () => {
    const { stdout, stderr } = await curl('-i', `${base}/204`, `${base}/`);
    expect(stdout).toMatch(/^HTTP\/1\.1 204 No Content\r\n/);
    expect(stdout.toLowerCase()).not.toContain('content-length: 4');
    expect(stdout).not.toContain('null');
    // the next response on the same connection is intact
    expect(stdout.endsWith('Hello, World')).toBe(true);
    expect(stderr).toBe('');
  });

  it('streams a chunked response', async () => {
    const { stdout } = await curl('-i', `${base}/stream`);
    expect(stdout.toLowerCase()).toContain('transfer-encoding: chunked');
    expect(stdout.endsWith('part0;part1;part2;')).toBe(true);
  });

  it('reuses one keep-alive connection for several requests', async () => {
    const { stderr } = await curl('-v', `${base}/`, `${base}/`, `${base}/`, '-o', '/dev/null', '-o', '/dev/null', '-o', '/dev/null');
    expect(stderr.match(/Re-using existing connection|Reusing existing/g)?.length).toBe(2);
  });

  it('HTTP/1.0 is answered as 1.1 with the body delimited', async () => {
    const { stdout } = await curl('-i', '--http1.0', `${base}/stream`);
    expect(stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(stdout.toLowerCase()).not.toContain('transfer-encoding');
    expect(stdout.endsWith('part0;part1;part2;')).toBe(true);
  });

  it('Expect: 100-continue gets 100 before the body', async () => {
    const data = 'y'.repeat(2_000_000);
    const file = join(mkdtempSync(join(tmpdir(), 'tsgi-')), 'body');
    writeFileSync(file, data);
    const { stdout, stderr } = await curl('-v', '-H', 'Expect: 100-continue', '--data-binary', `@${file}`, `${base}/echo`);
    expect(stderr).toContain('HTTP/1.1 100 Continue');
    expect(stdout).toBe(data);
  });
});
