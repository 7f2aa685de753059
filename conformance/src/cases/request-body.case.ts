/** @module Scenarios on request bodies: framing, splitting, size, and who owns the bytes. */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { bodyEchoApp, digestApp, httpOnly, respond, type BodyMessageShape } from '../probes/basic.js';
import { Recorder } from '../recorder.js';
import { isH2, type CaseGroup, type ConformanceCase } from '../types.js';
import { byteString, patternBytes, sleep, text, withTimeout } from '../util.js';
import { ALL, H1, json, rawRequest } from './helpers.js';

function expectWellFormed(messages: readonly BodyMessageShape[]): void {
  expect(messages.length).toBeGreaterThan(0);
  expect(messages.every((m) => m.type === 'http.request' && m.isUint8Array)).toBe(true);
  expect(messages.slice(0, -1).every((m) => m.moreBody)).toBe(true);
  expect(messages.at(-1)!.moreBody).toBe(false);
}

const cases: ConformanceCase[] = [
  {
    name: 'a body with content-length (HTTP/2: DATA frames) arrives in order; the last message has moreBody false',
    ids: ['HTTP-REQUEST-BODY'],
    protocols: ALL,
    async run(ctx) {
      const seen = new Recorder<BodyMessageShape[]>();
      const server = await ctx.start(bodyEchoApp(seen));
      const body = patternBytes(100_000, 7);
      const response = await server.fetch({ method: 'POST', path: '/echo', body });
      expect(response.status).toBe(200);
      expect(byteString(response.body) === byteString(body), 'the echo equals the body sent').toBe(true);
      expectWellFormed(seen.events[0]!);
    },
  },
  {
    name: 'chunked body is de-chunked (extensions and trailers dropped from the content)',
    ids: ['HTTP-REQUEST-BODY'],
    protocols: H1,
    async run(ctx) {
      const seen = new Recorder<BodyMessageShape[]>();
      const server = await ctx.start(bodyEchoApp(seen));
      const raw = rawRequest('POST', '/echo', { headers: [['Transfer-Encoding', 'chunked']] }) +
        '5\r\nhello\r\n1;ext=1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n';
      const response = await server.request(raw);
      expect(response.status).toBe(200);
      expect(text(response.body)).toBe('hello 0123456789');
      expectWellFormed(seen.events[0]!);
    },
  },
  {
    name: 'a request without a body yields exactly one empty message with moreBody false',
    ids: ['HTTP-REQUEST-BODY'],
    protocols: ALL,
    async run(ctx) {
      const seen = new Recorder<BodyMessageShape[]>();
      const server = await ctx.start(bodyEchoApp(seen));
      // HTTP/2: HEADERS with END_STREAM, then HEADERS plus an empty DATA frame with END_STREAM
      expect((await server.fetch({ method: 'GET' })).status).toBe(200);
      expect((await server.fetch({ method: 'POST', body: '' })).status).toBe(200);
      if (!isH2(ctx.protocol)) {
        const chunked = rawRequest('POST', '/', { headers: [['Transfer-Encoding', 'chunked']] }) + '0\r\n\r\n';
        expect((await server.request(chunked)).status).toBe(200);
      }
      expect(seen.events.length).toBe(isH2(ctx.protocol) ? 2 : 3);
      for (const messages of seen.events) {
        expect(messages).toEqual([{ type: 'http.request', length: 0, moreBody: false, isUint8Array: true }]);
      }
    },
  },
  {
    name: 'a body split across many writes (head split mid-line too) is reassembled',
    ids: ['HTTP-REQUEST-BODY'],
    protocols: H1,
    async run(ctx) {
      const server = await ctx.start(bodyEchoApp());
      const client = await server.connect();
      const raw = rawRequest('POST', '/split', { body: 'abcdefghij-klmnopqrst' });
      const cut = raw.indexOf('Host') + 2;
      const parts = [raw.slice(0, cut), raw.slice(cut, raw.length - 15), raw.slice(-15, -8), raw.slice(-8)];
      for (const part of parts) {
        await client.write(part);
        await sleep(30);
      }
      const response = await client.readResponse();
      expect(text(response.body)).toBe('abcdefghij-klmnopqrst');
    },
  },
  {
    name: 'a body sent in pieces with pauses (HTTP/2: several DATA frames) is reassembled in order',
    ids: ['HTTP-REQUEST-BODY'],
    protocols: ALL,
    async run(ctx) {
      const seen = new Recorder<BodyMessageShape[]>();
      const server = await ctx.start(bodyEchoApp(seen));
      const parts = ['abcdefghij', '-', 'klmnop', 'qrst'];
      const exchange = await server.open({ method: 'POST', path: '/split' }, { contentLength: parts.join('').length });
      for (const part of parts) {
        await exchange.write(new TextEncoder().encode(part));
        await sleep(30);
      }
      await exchange.end();
      expect(text((await exchange.reply()).body)).toBe('abcdefghij-klmnopqrst');
      expectWellFormed(seen.events[0]!);
    },
  },
  {
    name: 'a chunked body whose chunks are split across writes is reassembled',
    ids: ['HTTP-REQUEST-BODY'],
    protocols: H1,
    async run(ctx) {
      const server = await ctx.start(bodyEchoApp());
      const client = await server.connect();
      await client.write(rawRequest('POST', '/', { headers: [['Transfer-Encoding', 'chunked']] }));
      for (const part of ['4\r\nwi', 'ki\r', '\n5\r\npedia\r\n', '0\r', '\n\r\n']) {
        await sleep(20);
        await client.write(part);
      }
      expect(text((await client.readResponse()).body)).toBe('wikipedia');
    },
  },
  {
    name: 'a large body (8 MiB, content-length; HTTP/2: crossing many flow-control windows) arrives intact in several messages',
    ids: ['HTTP-REQUEST-BODY', 'FLOW-RECEIVE-PULL'],
    protocols: ALL,
    async run(ctx) {
      const server = await ctx.start(digestApp());
      const body = patternBytes(8 * 1024 * 1024, 3);
      const exchange = await server.open({ method: 'POST', path: '/big' }, { contentLength: body.length });
      await withTimeout(exchange.write(body), 10_000, 'the server to take the 8 MiB body');
      await exchange.end();
      const result = json<{ length: number; sha256: string; messages: number }>(await exchange.reply(10_000));
      expect(result.length).toBe(body.length);
      expect(result.sha256).toBe(createHash('sha256').update(body).digest('hex'));
      expect(result.messages).toBeGreaterThan(1);
    },
  },
  {
    name: 'a large chunked body (4 MiB in 64 KiB chunks) arrives intact',
    ids: ['HTTP-REQUEST-BODY'],
    protocols: H1,
    async run(ctx) {
      const server = await ctx.start(digestApp());
      const body = patternBytes(4 * 1024 * 1024, 5);
      const client = await server.connect();
      client.writeNoWait(rawRequest('POST', '/big', { headers: [['Transfer-Encoding', 'chunked']] }));
      for (let at = 0; at < body.length; at += 65_536) {
        const piece = body.subarray(at, at + 65_536);
        client.writeNoWait(`${piece.length.toString(16)}\r\n`);
        client.writeNoWait(piece);
        client.writeNoWait('\r\n');
      }
      client.writeNoWait('0\r\n\r\n');
      const result = json<{ length: number; sha256: string }>(await client.readResponse({ timeoutMs: 10_000 }));
      expect(result).toMatchObject({ length: body.length, sha256: createHash('sha256').update(body).digest('hex') });
    },
  },
  {
    name: 'body bytes the app received are never overwritten by the server later',
    ids: ['MSG-BODY-OWNERSHIP'],
    protocols: ALL,
    async run(ctx) {
      const verdict = new Recorder<string>();
      const app = httpOnly(async (_scope, receive, send) => {
        const kept: Array<{ view: Uint8Array; copy: Uint8Array }> = [];
        for (;;) {
          const m = await receive();
          if (m.type !== 'http.request') break;
          kept.push({ view: m.body, copy: m.body.slice() });
          await sleep(0); // let the server read more into whatever buffers it uses
          if (!m.moreBody) break;
        }
        const changed = kept.filter(({ view, copy }) => Buffer.compare(view, copy) !== 0).length;
        verdict.push(`${kept.length} messages, ${changed} changed`);
        await respond(send, 200, String(changed));
      });
      const server = await ctx.start(app);
      const body = patternBytes(2 * 1024 * 1024, 11);
      const exchange = await server.open({ method: 'POST' }, { contentLength: body.length });
      for (let at = 0; at < body.length; at += 16_384) await exchange.write(body.subarray(at, at + 16_384));
      await exchange.end();
      const response = await exchange.reply(10_000);
      expect(text(response.body), verdict.describe()).toBe('0');
    },
  },
];

/** Scenarios on request bodies. */
export const requestBodyCases: CaseGroup = { topic: 'request body', cases };
