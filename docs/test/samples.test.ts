/**
 * @module Every guide sample (docs/samples/*.ts) is type-checked, included by a guide, and run here on both
 * servers with a real request, so the code the docs show cannot rot.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:http2';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testCredentials } from '@tsgi/conformance';
import type { Application } from '@tsgi/spec';
import { describe, expect, it } from 'vitest';
import { runScenarios } from '../../conformance/src/cli/runner.js';
import { target } from '../samples/conformance-target.js';
import { start as startTls } from '../samples/deploy-tls.js';
import { app as echo } from '../samples/echo.js';
import { app as errors } from '../samples/errors.js';
import { app as extensions } from '../samples/extensions.js';
import { app as fetchAdapter } from '../samples/fetch-adapter.js';
import { app as health, database } from '../samples/health.js';
import { app as hello } from '../samples/hello.js';
import { app as lifespan } from '../samples/lifespan.js';
import { app as mounted } from '../samples/mount.js';
import { app as noContent } from '../samples/no-content.js';
import { handler as nodeBefore } from '../samples/node-http-before.js';
import { app as nodeAfter } from '../samples/node-http-after.js';
import { app as stream } from '../samples/stream.js';
import { get, SERVERS, start } from './helpers.js';

const DOCS = fileURLToPath(new URL('..', import.meta.url));

/** A sample app and what a request to it must show. */
type Check = (base: string) => Promise<void>;
const APPS: Record<string, [Application, Check]> = {
  'hello.ts': [hello, async (base) => expect((await get(`${base}/`)).body).toBe('Hello, World\n')],
  'echo.ts': [echo, async (base) => {
    expect((await get(`${base}/`, { method: 'POST', body: 'hi there' })).body).toBe('hi there');
    expect((await get(`${base}/`)).status).toBe(405);
  }],
  'stream.ts': [stream, async (base) => {
    const reply = await get(`${base}/?count=3`);
    expect(reply.body).toBe('line 1\nline 2\nline 3\n');
    expect(reply.headers['transfer-encoding']).toBe('chunked'); // no content-length: the server framed it
  }],
  'health.ts': [health, async (base) => {
    const ok = await get(`${base}/healthz`);
    expect([ok.status, ok.body, ok.headers['cache-control']]).toEqual([200, 'ok\n', 'no-store']);
    database.reachable = false;
    try {
      expect(await get(`${base}/healthz`)).toMatchObject({ status: 503, body: 'unavailable: database unreachable\n' });
      expect((await get(`${base}/`)).status).toBe(200); // only the check says so; the app still answers
    } finally {
      database.reachable = true;
    }
    expect((await get(`${base}/healthz`)).status).toBe(200);
  }],
  'lifespan.ts': [lifespan, async (base) => {
    expect((await get(`${base}/`)).body).toBe('result of select 1 (query 1)\n');
    expect((await get(`${base}/`)).body).toBe('result of select 1 (query 2)\n'); // one pool for every request
  }],
  'errors.ts': [errors, async (base) => {
    const boom = await get(`${base}/boom`);
    expect([boom.status, boom.body]).toEqual([500, 'Internal Server Error']);
    await expect(get(`${base}/late`)).rejects.toThrow(); // cut off after "half"
    expect((await get(`${base}/other`)).status).toBe(404);
  }],
  'mount.ts': [mounted, async (base) => {
    expect(JSON.parse((await get(`${base}/api/users/7`)).body)).toEqual({ path: '/api/users/7', rootPath: '/api', route: '/users/7' });
    expect(JSON.parse((await get(`${base}/apix`)).body)).toEqual({ path: '/apix', rootPath: '', route: '/apix' });
  }],
  'extensions.ts': [extensions, async (base) => {
    const file = await get(`${base}/file`);
    expect(file.body).toBe(readFileSync(join(DOCS, 'samples/extensions.ts'), 'utf8'));
    expect(file.informational).toEqual([103]);
    const report = await get(`${base}/report`, { headers: { te: 'trailers' } });
    expect(report.body).toBe('report body\n');
    expect(report.trailers['x-checksum']).toMatch(/^\d+$/);
  }],
  'fetch-adapter.ts': [fetchAdapter, async (base) => {
    const reply = await get(`${base}/greet`, { method: 'POST', body: '{"name":"Ada"}', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(reply.body)).toEqual({ greeting: 'hello Ada', path: '/greet' });
  }],
  'node-http-after.ts': [nodeAfter, async (base) => {
    expect((await get(`${base}/?name=Ada`, { method: 'POST', body: 'abc' })).body).toBe('hello Ada, 3 bytes\n');
  }],
  'no-content.ts': [noContent, async (base) => {
    const reply = await get(`${base}/`);
    expect([reply.status, reply.body, reply.headers['content-length']]).toEqual([204, '', undefined]);
    // The same over h2c, where the Flask app's response was a PROTOCOL_ERROR: a clean 204, no DATA.
    const session = connect(base);
    try {
      const h2 = await new Promise<{ status: number; length: unknown; body: string }>((resolve, reject) => {
        const req = session.request({ ':path': '/' });
        let status = 0;
        let length: unknown;
        let body = '';
        req.on('response', (h) => ((status = Number(h[':status'])), (length = h['content-length'])));
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => resolve({ status, length, body }));
        req.on('error', reject);
        req.end();
      });
      expect(h2).toEqual({ status: 204, length: undefined, body: '' });
    } finally {
      session.close();
    }
  }],
};

/** Samples run by a test of their own below, not by {@link APPS}. */
const OTHERS = ['conformance-target.ts', 'deploy-tls.ts', 'node-http-before.ts'];

describe('docs samples', () => {
  it('type-check (tsc -p docs/tsconfig.json)', { timeout: 60_000 }, () => {
    const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
    const run = spawnSync(process.execPath, [tsc, '-p', join(DOCS, 'tsconfig.json')], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('are each run by this file and included by a page', () => {
    const samples = readdirSync(join(DOCS, 'samples')).filter((f) => f.endsWith('.ts')).sort();
    expect([...Object.keys(APPS), ...OTHERS].sort()).toEqual(samples);
    const pages = [join(DOCS, 'index.md'), join(DOCS, 'getting-started.md'), ...readdirSync(join(DOCS, 'guides')).map((f) => join(DOCS, 'guides', f))];
    const text = pages.map((p) => readFileSync(p, 'utf8')).join('\n');
    for (const sample of samples) expect(text, sample).toContain(`<!-- include: samples/${sample} -->`);
  });

  for (const [name, serve] of Object.entries(SERVERS)) {
    describe(`on the ${name} server`, () => {
      for (const [file, [app, check]] of Object.entries(APPS)) {
        it(file, async () => {
          const { server, base } = await start(serve, app);
          try {
            await check(base);
          } finally {
            await server.close();
          }
        });
      }
    });
  }

  it('node-http-before.ts answers like its TSGI version', async () => {
    const { createServer } = await import('node:http');
    const server = createServer(nodeBefore).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    try {
      expect((await get(`http://127.0.0.1:${port}/?name=Ada`, { method: 'POST', body: 'abc' })).body).toBe('hello Ada, 3 bytes\n');
    } finally {
      server.close();
    }
  });

  it('deploy-tls.ts serves h2 over TLS and HTTP/1.1 in clear', async () => {
    const { cert, key } = testCredentials();
    const server = await startTls(cert, key);
    try {
      const [clear, tls] = server.addresses;
      expect((await get(`http://127.0.0.1:${clear!.port}/`)).body).toBe('Hello, World\n');
      const session = connect(`https://localhost:${tls!.port}`, { ca: cert });
      const body = await new Promise<string>((resolve, reject) => {
        const req = session.request({ ':path': '/' });
        let text = '';
        req.on('data', (c: Buffer) => (text += c.toString()));
        req.on('end', () => resolve(text));
        req.on('error', reject);
        req.end();
      });
      session.close();
      expect(body).toBe('Hello, World\n');
    } finally {
      await server.close();
    }
  });

  it('conformance-target.ts runs a scenario of the suite', { timeout: 30_000 }, async () => {
    const results = await runScenarios(target, { only: ['HTTP-RESP-NOBODY'], protocols: ['h1', 'h2c'] });
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
  });
});
