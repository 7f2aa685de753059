/**
 * @module Scenarios on the extensions (spec extensions.md §3–5): what is advertised where, and trailers, early
 * hints and path send on the wire of every protocol.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingHttpHeaders } from 'node:http2';
import { expect } from 'vitest';
import type { HttpScope, Receive, Send } from '@tsgi/spec';
import { header } from '../clients/response-parser.js';
import { httpOnly, respond } from '../probes/basic.js';
import { Recorder } from '../recorder.js';
import { isH2, type CaseGroup, type ConformanceCase, type Started } from '../types.js';
import { text } from '../util.js';
import { ALL, H1, H2, get, rawRequest, recordError } from './helpers.js';

const enc = new TextEncoder();

/** A file with a known pattern, made once per process. */
let sample: { path: string; bytes: Buffer } | null = null;
function sampleFile(size = 200_000): { path: string; bytes: Buffer } {
  if (sample !== null && sample.bytes.length === size) return sample;
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) % 256;
  const path = join(mkdtempSync(join(tmpdir(), 'tsgi-conformance-')), `sample-${size}.bin`);
  writeFileSync(path, bytes);
  sample = { path, bytes };
  return sample;
}

async function drain(receive: Receive): Promise<void> {
  for (;;) {
    const m = await receive();
    if (m.type !== 'http.request' || !m.moreBody) return;
  }
}

/** Runs `step`, recording `label ok` or `label <code>`. */
async function attempt(rec: Recorder<string>, label: string, step: () => Promise<void>): Promise<void> {
  try {
    await step();
    rec.push(`${label} ok`);
  } catch (error) {
    rec.push(`${label} ${String(recordError(error).code)}`);
  }
}

/** The probe app: routes by path; records what `send()` did with each extension message. */
function extensionApp(rec: Recorder<string>): ReturnType<typeof httpOnly> {
  return httpOnly(async (scope: HttpScope, receive: Receive, send: Send) => {
    await drain(receive);
    const q = new URLSearchParams(scope.queryString);
    switch (scope.path) {
      case '/ext':
        return respond(send, 200, JSON.stringify(Object.keys(scope.extensions).sort()));
      case '/trailers':
        await send({ type: 'http.response.start', status: 200, trailers: true });
        await attempt(rec, 'trailers before the final body', () => send({ type: 'http.response.trailers', headers: [['x-a', '1']] }));
        await send({ type: 'http.response.body', body: enc.encode('body'), moreBody: true });
        await send({ type: 'http.response.body' });
        await attempt(rec, 'forbidden trailer', () => send({ type: 'http.response.trailers', headers: [['content-length', '4']] }));
        await send({ type: 'http.response.trailers', headers: [['x-digest', 'abc']], moreTrailers: true });
        await send({ type: 'http.response.trailers', headers: [['x-count', '1']] });
        rec.push('trailers sent');
        return;
      case '/hints':
        await send({ type: 'http.response.earlyHints', headers: [['link', '</a.css>; rel=preload; as=style']] });
        await send({ type: 'http.response.start', status: 200, headers: [['content-length', '5']] });
        await attempt(rec, 'hints after start', () => send({ type: 'http.response.earlyHints', headers: [['link', '</b.js>']] }));
        await send({ type: 'http.response.body', body: enc.encode('hints') });
        return;
      case '/file': {
        const { path, bytes } = sampleFile(Number(q.get('size') ?? 200_000));
        const offset = Number(q.get('offset') ?? 0);
        const length = q.has('length') ? Number(q.get('length')) : bytes.length - offset;
        await send({ type: 'http.response.start', status: 200, headers: [['content-length', String(length)]] });
        await attempt(rec, 'pathsend', () => send({ type: 'http.response.pathsend', path: q.get('path') ?? path, offset, length }));
        return;
      }
      case '/file-missing':
        await send({ type: 'http.response.start', status: 200, headers: [['content-length', '1']] });
        await attempt(rec, 'pathsend', () => send({ type: 'http.response.pathsend', path: join(tmpdir(), 'tsgi-no-such-file') }));
        throw new Error('the file is gone'); // nothing on the wire yet: a clean 500 (APP-ERROR-BEFORE-START)
      case '/file-after-body':
        await send({ type: 'http.response.start', status: 200 });
        await send({ type: 'http.response.body', body: enc.encode('x'), moreBody: true });
        await attempt(rec, 'pathsend', () => send({ type: 'http.response.pathsend', path: sampleFile().path }));
        await send({ type: 'http.response.body' });
        return;
      default:
        return respond(send, 404);
    }
  });
}

/** An HTTP/2 request through node's client, with informational headers and trailers. */
async function h2Exchange(server: Started, path: string): Promise<{ info: IncomingHttpHeaders[]; headers: IncomingHttpHeaders; trailers: IncomingHttpHeaders | null; body: Buffer }> {
  const session = await server.h2session();
  return new Promise((resolve, reject) => {
    const req = session.request({ ':path': path });
    const info: IncomingHttpHeaders[] = [];
    let headers: IncomingHttpHeaders = {};
    let trailers: IncomingHttpHeaders | null = null;
    const chunks: Buffer[] = [];
    req.on('headers', (h) => info.push(h));
    req.on('response', (h) => (headers = h));
    req.on('trailers', (t) => (trailers = t));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve({ info, headers, trailers, body: Buffer.concat(chunks) }));
    req.on('error', reject);
    req.end();
  });
}

/** Everything an HTTP/1.x server sent for one request on a connection it then closes. */
async function h1Raw(server: Started, request: string): Promise<string> {
  const client = await server.connect();
  await client.write(request);
  await client.waitForClose();
  return client.receivedText();
}

const cases: ConformanceCase[] = [
  {
    name: 'extensions are advertised where they can be delivered',
    ids: ['EXT-TRAILERS-ADVERTISED', 'EXT-EARLYHINTS-ADVERTISED', 'EXT-ADVERTISED'],
    protocols: ALL,
    async run(ctx) {
      const server = await ctx.start(extensionApp(new Recorder()));
      const all = ['http.response.earlyHints', 'http.response.pathsend', 'http.response.trailers'];
      if (isH2(ctx.protocol)) {
        expect(JSON.parse(text((await server.fetch({ path: '/ext' })).body))).toEqual(all);
        return;
      }
      const keys = async (raw: string) => JSON.parse(text((await server.request(raw)).body)) as string[];
      expect(await keys(get('/ext'))).toEqual(['http.response.earlyHints', 'http.response.pathsend']);
      expect(await keys(get('/ext', { headers: [['TE', 'trailers']] }))).toEqual(all);
      expect(await keys(rawRequest('GET', '/ext', { version: '1.0' }))).toEqual(['http.response.pathsend']);
    },
  },
  {
    name: 'trailers reach the client after the body; misplaced or forbidden trailers are rejected',
    ids: ['EXT-TRAILERS-WIRE', 'EXT-TRAILERS-ORDER', 'EXT-TRAILERS-FIELDS'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(extensionApp(rec));
      if (isH2(ctx.protocol)) {
        const reply = await h2Exchange(server, '/trailers');
        expect(reply.body.toString()).toBe('body');
        expect(reply.trailers).toMatchObject({ 'x-digest': 'abc', 'x-count': '1' });
      } else {
        const wire = await h1Raw(server, get('/trailers', { headers: [['TE', 'trailers'], ['Connection', 'close']] }));
        expect(wire.toLowerCase()).toContain('transfer-encoding: chunked');
        expect(wire.toLowerCase()).toMatch(/\r\n0\r\nx-digest: abc\r\nx-count: 1\r\n\r\n$/);
      }
      await rec.waitFor((e) => e === 'trailers sent');
      expect(rec.events).toEqual([
        'trailers before the final body TSGI_INVALID_MESSAGE',
        'forbidden trailer TSGI_INVALID_MESSAGE',
        'trailers sent',
      ]);
    },
  },
  {
    name: 'early hints: a 103 before the response; after the start they are rejected',
    ids: ['EXT-EARLYHINTS-WIRE', 'EXT-EARLYHINTS-ORDER'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(extensionApp(rec));
      if (isH2(ctx.protocol)) {
        const reply = await h2Exchange(server, '/hints');
        expect(reply.info[0]).toMatchObject({ ':status': 103, link: '</a.css>; rel=preload; as=style' });
        expect(reply.headers[':status']).toBe(200);
        expect(reply.body.toString()).toBe('hints');
      } else {
        const wire = await h1Raw(server, get('/hints', { headers: [['Connection', 'close']] }));
        expect(wire).toMatch(/^HTTP\/1\.1 103 [^\r]*\r\n/);
        expect(wire.toLowerCase()).toContain('\r\nlink: </a.css>; rel=preload; as=style\r\n\r\nhttp/1.1 200 ');
        expect(wire.endsWith('hints')).toBe(true);
      }
      await rec.waitFor((e) => e.startsWith('hints after start'));
      expect(rec.events).toEqual(['hints after start TSGI_INVALID_MESSAGE']);
    },
  },
  {
    name: 'path send: the file, a range of it, and nothing of it for HEAD',
    ids: ['EXT-PATHSEND-ORDER', 'EXT-PATHSEND-HEADERS'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(extensionApp(rec));
      const { bytes } = sampleFile();
      const whole = await server.fetch({ path: '/file' });
      expect(Buffer.from(whole.body).equals(bytes)).toBe(true);
      const range = await server.fetch({ path: '/file?offset=1000&length=70000' });
      expect(header(range, 'content-length')).toBe('70000');
      expect(Buffer.from(range.body).equals(bytes.subarray(1000, 71000))).toBe(true);
      const head = await server.fetch({ method: 'HEAD', path: '/file' });
      expect(header(head, 'content-length')).toBe(String(bytes.length));
      expect(head.body.length).toBe(0);
      const after = await server.fetch({ path: '/file-after-body' });
      expect(text(after.body)).toBe('x');
      expect(rec.events).toEqual(['pathsend ok', 'pathsend ok', 'pathsend ok', 'pathsend TSGI_INVALID_MESSAGE']);
    },
  },
  {
    name: 'path send of a file that cannot be opened rejects with nothing on the wire: a clean 500',
    ids: ['EXT-PATHSEND-FAIL', 'APP-ERROR-BEFORE-START'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(extensionApp(rec));
      const reply = await server.fetch({ path: '/file-missing' });
      expect(reply.status).toBe(500);
      expect(rec.events).toEqual(['pathsend TSGI_INVALID_MESSAGE']);
    },
  },
  {
    name: 'path send reads the file no faster than the client takes it',
    ids: ['EXT-PATHSEND-FLOW', 'FLOW-SEND-BACKPRESSURE'],
    protocols: [...H1, ...H2],
    timeoutMs: 30_000,
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(extensionApp(rec));
      const size = 48 * 1024 * 1024;
      sampleFile(size);
      const exchange = await server.open({ path: `/file?size=${size}` });
      exchange.pauseReading();
      await exchange.end();
      await new Promise((r) => setTimeout(r, 600));
      expect(rec.events, 'send() of a 48 MiB file resolved while the client read nothing').toEqual([]);
      expect(exchange.receivedBytes).toBeLessThan(size / 2);
      exchange.resumeReading();
      const reply = await exchange.reply(20_000);
      expect(reply.body.length).toBe(size);
      await rec.waitFor((e) => e.startsWith('pathsend'));
      expect(rec.events).toEqual(['pathsend ok']);
    },
  },
];

/** The extension scenarios. */
export const extensionCases: CaseGroup = { topic: 'extensions', cases };
