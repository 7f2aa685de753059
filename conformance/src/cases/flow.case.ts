/** @module Scenarios on flow: pull-based receive, send backpressure, and what happens when the client goes. */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { isClientDisconnected, type Application } from '@tsgi/spec';
import { digestApp, httpOnly, readBody, respond } from '../probes/basic.js';
import { streamUntilRejected } from '../probes/streaming.js';
import { Recorder } from '../recorder.js';
import type { CaseGroup, ConformanceCase } from '../types.js';
import { Gate, patternBytes, sleep, waitUntil, withTimeout } from '../util.js';
import { ALL, get, json, rawRequest } from './helpers.js';

const MiB = 1024 * 1024;

const cases: ConformanceCase[] = [
  {
    name: 'after the last body message, receive() waits for the response to complete, then yields http.disconnect',
    ids: ['FLOW-RECEIVE-WAIT', 'FLOW-RECEIVE-AFTER-END'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const app = httpOnly(async (_scope, receive, send) => {
        await readBody(receive);
        let settled = false;
        const waiting = receive().then((m) => ((settled = true), m));
        await sleep(200);
        rec.push(settled ? 'settled before the response' : 'pending before the response');
        await respond(send, 200, 'done');
        rec.push(`after response: ${(await withTimeout(waiting, 3_000, 'receive() after the response')).type}`);
        for (let i = 0; i < 3; i++) rec.push(`again: ${(await withTimeout(receive(), 1_000, 'receive() again')).type}`);
      });
      const server = await ctx.start(app);
      expect((await server.fetch()).status).toBe(200);
      await rec.waitFor((e) => e.startsWith('again') && rec.events.length === 5, 5_000, 'five receive() results');
      expect(rec.events).toEqual([
        'pending before the response',
        'after response: http.disconnect',
        'again: http.disconnect',
        'again: http.disconnect',
        'again: http.disconnect',
      ]);
    },
  },
  {
    name: 'receive() yields http.disconnect when the client goes (TCP reset; HTTP/2: RST_STREAM), and every time after',
    ids: ['FLOW-RECEIVE-WAIT', 'FLOW-RECEIVE-AFTER-END', 'APP-NO-DEADLINE'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const app = httpOnly(async (_scope, receive) => {
        await readBody(receive);
        rec.push('body read');
        for (let i = 0; i < 3; i++) rec.push((await withTimeout(receive(), 5_000, 'receive() after disconnect')).type);
      });
      const server = await ctx.start(app);
      const exchange = await server.open({ method: 'POST' }, { contentLength: 0 });
      await exchange.end();
      await rec.waitFor((e) => e === 'body read');
      exchange.abort();
      await rec.waitFor(() => rec.events.length === 4, 5_000, 'three receive() results');
      expect(rec.events.slice(1)).toEqual(['http.disconnect', 'http.disconnect', 'http.disconnect']);
    },
  },
  {
    name: 'a FIN from the client while its request is in flight is a disconnect (HTTP/1.x)',
    ids: ['SERVER-CLIENT-EOF', 'FLOW-RECEIVE-WAIT'],
    async run(ctx) {
      const rec = new Recorder<string>();
      const app = httpOnly(async (_scope, receive) => {
        await readBody(receive);
        rec.push('body read');
        rec.push((await withTimeout(receive(), 5_000, 'receive() after the FIN')).type);
      });
      const server = await ctx.start(app);
      const client = await server.connect();
      await client.write(get('/'));
      await rec.waitFor((e) => e === 'body read');
      client.end(); // half-close: FIN only
      await rec.waitFor(() => rec.events.length === 2, 5_000, 'receive() to yield');
      expect(rec.events[1]).toBe('http.disconnect');
      expect(await client.waitForClose(5_000)).toBe(true);
    },
  },
  {
    name: 'a client that goes mid-body ends the app\'s receive loop with http.disconnect',
    ids: ['FLOW-RECEIVE-AFTER-END', 'HTTP-REQUEST-BODY'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const app = httpOnly(async (_scope, receive) => {
        for (;;) {
          const m = await withTimeout(receive(), 5_000, 'receive() while the client goes');
          rec.push(m.type === 'http.request' ? `request ${m.body.length} more=${m.moreBody}` : m.type);
          if (m.type !== 'http.request' || !m.moreBody) break;
        }
        rec.push(`then: ${(await receive()).type}`);
      });
      const server = await ctx.start(app);
      const exchange = await server.open({ method: 'POST' }, { contentLength: 100 });
      await exchange.write(new TextEncoder().encode('0123456789'));
      await rec.waitFor((e) => e.startsWith('request'));
      exchange.abort();
      await rec.waitFor((e) => e.startsWith('then'), 5_000, 'the app to see the disconnect');
      expect(rec.events.at(-2)).toBe('http.disconnect');
      expect(rec.events.at(-1)).toBe('then: http.disconnect');
      expect(rec.events.some((e) => e.endsWith('more=false'))).toBe(false);
    },
  },
  {
    name: 'an app that does not call receive() holds the client: the server stops reading the body',
    ids: ['FLOW-RECEIVE-PULL'],
    timeoutMs: 20_000,
    async run(ctx) {
      const gate = new Gate();
      const inner = digestApp();
      const app: Application = async (scope, receive, send) => {
        if (scope.type === 'http') await gate.wait();
        return inner(scope, receive, send);
      };
      const server = await ctx.start(app);
      const client = await server.connect();
      const body = patternBytes(48 * MiB, 9);
      await client.write(rawRequest('POST', '/', { headers: [['Content-Length', String(body.length)]] }));
      // Write in 64 KiB pieces, each awaited: `sent` counts what the kernel took (the server's buffer plus the
      // socket buffers on both ends), not what waits in this process.
      let sent = 0;
      const pump = (async () => {
        for (let at = 0; at < body.length; at += 65_536) {
          await client.write(body.subarray(at, at + 65_536));
          sent += Math.min(65_536, body.length - at);
        }
      })();
      await sleep(1_000);
      expect(sent, `the server let ${sent} bytes in while the app read nothing`).toBeLessThan(16 * MiB);
      gate.open();
      await withTimeout(pump, 15_000, 'the rest of the body to be taken once the app reads');
      const result = json<{ length: number; sha256: string }>(await client.readResponse({ timeoutMs: 15_000 }));
      expect(result.length).toBe(body.length);
      expect(result.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    },
  },
  {
    name: 'send() applies backpressure: a client that does not read holds the app',
    ids: ['FLOW-SEND-BACKPRESSURE'],
    timeoutMs: 20_000,
    async run(ctx) {
      const total = 48 * MiB;
      let accepted = 0;
      const chunk = patternBytes(64 * 1024, 13);
      const app = httpOnly(async (_scope, _receive, send) => {
        await send({ type: 'http.response.start', status: 200, headers: [['content-length', String(total)]] });
        while (accepted < total) {
          await send({ type: 'http.response.body', body: chunk.slice(), moreBody: accepted + chunk.length < total });
          accepted += chunk.length;
        }
      });
      const server = await ctx.start(app);
      const client = await server.connect();
      client.socket.pause();
      await client.write(get('/'));
      await sleep(1_000);
      expect(accepted, `send() accepted ${accepted} bytes while the client read nothing`).toBeLessThan(16 * MiB);
      client.socket.resume();
      const response = await client.readResponse({ timeoutMs: 15_000 });
      expect(response.complete).toBe(true);
      expect(response.body.length).toBe(total);
    },
  },
  {
    name: 'send() after the client went rejects with TSGI_CLIENT_DISCONNECTED; escaping it is not logged',
    ids: ['FLOW-SEND-AFTER-DISCONNECT', 'FLOW-DISCONNECT-NOT-LOGGED'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(streamUntilRejected(rec, { rethrow: true }));
      const exchange = await server.open({ method: 'GET' }, { contentLength: 0 });
      await waitUntil(() => exchange.receivedBytes > 0, 3_000, 'the streamed response to start');
      exchange.abort();
      const rejected = await rec.waitFor((e) => e.startsWith('rejected'), 5_000, 'send() to reject');
      expect(rejected).toBe('rejected code=TSGI_CLIENT_DISCONNECTED name=ClientDisconnectedError isClientDisconnected=true');
      await rec.waitFor((e) => e.startsWith('again'), 5_000, 'the second send()');
      expect(rec.events).toContain('again code=TSGI_CLIENT_DISCONNECTED');
      await sleep(200);
      const failures = server.log.entries.filter((e) => e.level === 'error' || e.level === 'warn');
      expect(failures, 'a client disconnect escaping the app is not an app failure').toEqual([]);
    },
  },
  {
    name: 'a send() pending on backpressure rejects with TSGI_CLIENT_DISCONNECTED when the client goes',
    ids: ['FLOW-SEND-AFTER-DISCONNECT', 'FLOW-SEND-BACKPRESSURE'],
    timeoutMs: 20_000,
    async run(ctx) {
      const rec = new Recorder<string>();
      const chunk = patternBytes(256 * 1024, 17);
      const app = httpOnly(async (_scope, _receive, send) => {
        await send({ type: 'http.response.start', status: 200 });
        for (;;) {
          const started = Date.now();
          try {
            await send({ type: 'http.response.body', body: chunk.slice(), moreBody: true });
          } catch (error) {
            rec.push(`rejected after ${Date.now() - started}ms: ${isClientDisconnected(error)}`);
            return;
          }
          if (Date.now() - started > 300) rec.push('a send was pending');
        }
      });
      const server = await ctx.start(app);
      const client = await server.connect();
      client.socket.pause();
      await client.write(get('/'));
      await sleep(1_000);
      client.destroy();
      const rejected = await rec.waitFor((e) => e.startsWith('rejected'), 5_000, 'the pending send() to reject');
      expect(rejected.endsWith(': true')).toBe(true);
      expect(Number(/after (\d+)ms/.exec(rejected)![1])).toBeGreaterThan(300);
    },
  },
  {
    name: 'an invalid message after the client went still rejects with TSGI_INVALID_MESSAGE',
    ids: ['MSG-INVALID', 'FLOW-SEND-AFTER-DISCONNECT'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(streamUntilRejected(rec, { rethrow: false, thenInvalid: true }));
      const exchange = await server.open({ method: 'GET' }, { contentLength: 0 });
      await waitUntil(() => exchange.receivedBytes > 0, 3_000, 'the streamed response to start');
      exchange.abort();
      const invalid = await rec.waitFor((e) => e.startsWith('invalid'), 5_000, 'the invalid send() to reject');
      expect(invalid).toBe('invalid code=TSGI_INVALID_MESSAGE');
    },
  },
];

/** Scenarios on flow control and disconnects. */
export const flowCases: CaseGroup = { topic: 'flow and disconnect', cases };
