/**
 * @module HTTP/2 flow control and shutdown, frame by frame: a slow reader holds only its own stream, a slow app
 * holds the uploader to the advertised window, RST_STREAM is a disconnect, close() sends GOAWAY and lets the open
 * stream finish.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { isClientDisconnected } from '@tsgi/spec';
import { ErrorCode, FrameType, Setting, type RawH2Client } from '../clients/raw-h2.js';
import { digestApp, httpOnly, respond } from '../probes/basic.js';
import { Recorder } from '../recorder.js';
import type { CaseGroup, ConformanceCase } from '../types.js';
import { Gate, patternBytes, sleep, text, withTimeout } from '../util.js';
import { H2, json } from './helpers.js';
import { h2Request } from './h2.case.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Credit the server granted for `streamId` so far (initial window plus WINDOW_UPDATEs). */
function credit(client: RawH2Client, streamId: number, initial: number): number {
  return client.frames
    .filter((f) => f.type === FrameType.WINDOW_UPDATE && f.streamId === streamId)
    .reduce((n, f) => n + (f.payload.readUInt32BE(0) & 0x7fffffff), initial);
}

/** The server's SETTINGS_INITIAL_WINDOW_SIZE (65535 when it sends none). */
async function serverInitialWindow(client: RawH2Client): Promise<number> {
  const settings = await client.waitFor((f) => f.type === FrameType.SETTINGS && (f.flags & 0x1) === 0, 3_000, 'the server SETTINGS');
  let window = 65_535;
  for (let at = 0; at + 6 <= settings.payload.length; at += 6) {
    if (settings.payload.readUInt16BE(at) === Setting.INITIAL_WINDOW_SIZE) window = settings.payload.readUInt32BE(at + 2);
  }
  return window;
}

/** Answers `done <path>` to every request, holding `/slow` until `gate` opens; `calls` records each path. */
function slowPathApp(gate: Gate, calls: Recorder<string>) {
  return httpOnly(async (scope, _receive, send) => {
    calls.push(scope.path);
    if (scope.path === '/slow') await gate.wait();
    await respond(send, 200, `done ${scope.path}`);
  });
}

const cases: ConformanceCase[] = [
  {
    name: 'HTTP/2: a client that does not read one stream holds only that stream\'s send(); other streams go on',
    ids: ['FLOW-SEND-BACKPRESSURE'],
    protocols: H2,
    timeoutMs: 20_000,
    async run(ctx) {
      const accepted = { big: 0 };
      const total = 4 * MiB;
      const chunk = patternBytes(64 * KiB, 21);
      const server = await ctx.start(httpOnly(async (scope, _receive, send) => {
        if (scope.path === '/small') return respond(send, 200, patternBytes(256 * KiB, 22));
        await send({ type: 'http.response.start', status: 200, headers: [['content-length', String(total)]] });
        while (accepted.big < total) {
          await send({ type: 'http.response.body', body: chunk.slice(), moreBody: accepted.big + chunk.length < total });
          accepted.big += chunk.length;
        }
      }));
      const client = await server.rawH2({ settings: [[Setting.INITIAL_WINDOW_SIZE, 16 * KiB]], autoWindow: false });
      client.windowUpdate(0, 16 * MiB);
      client.request(1, h2Request(ctx.protocol, '/big'));
      await sleep(500);
      expect(accepted.big, `send() accepted ${accepted.big} bytes of a stream whose window is 16 KiB`).toBeLessThan(1 * MiB);
      client.request(3, h2Request(ctx.protocol, '/small'));
      client.windowUpdate(3, 1 * MiB);
      const small = await client.response(3);
      expect(small.body.length, 'the other stream completes while the first is held').toBe(256 * KiB);
      expect(client.ended(1)).toBe(false);
      client.windowUpdate(1, 8 * MiB);
      const big = await client.response(1, 10_000);
      expect(big.resetCode).toBeNull();
      expect(big.body.length).toBe(total);
    },
  },
  {
    name: 'HTTP/2: an app that does not receive() holds the uploader to the advertised stream window; the body then arrives intact',
    ids: ['FLOW-RECEIVE-PULL', 'HTTP-REQUEST-BODY'],
    protocols: H2,
    timeoutMs: 20_000,
    async run(ctx) {
      const gate = new Gate();
      const inner = digestApp();
      const server = await ctx.start(async (scope, receive, send) => {
        if (scope.type === 'http') await gate.wait();
        return inner(scope, receive, send);
      });
      const client = await server.rawH2();
      const window = await serverInitialWindow(client);
      const body = patternBytes(1 * MiB, 23);
      client.request(1, h2Request(ctx.protocol, '/upload', [], 'POST'), false);
      let sent = 0;
      const pump = async (until: number): Promise<void> => {
        while (sent < body.length && Date.now() < until) {
          const room = Math.min(credit(client, 1, window), credit(client, 0, 65_535)) - sent;
          const n = Math.min(room, 16 * KiB, body.length - sent);
          if (n <= 0) {
            await sleep(5);
            continue;
          }
          client.data(1, body.subarray(sent, sent + n), sent + n === body.length);
          sent += n;
        }
      };
      await pump(Date.now() + 800);
      expect(sent, `the server let ${sent} bytes in (window ${window}) while the app read nothing`).toBeLessThanOrEqual(window);
      expect(credit(client, 1, window), 'no stream credit given back before the app reads').toBe(window);
      gate.open();
      await pump(Date.now() + 10_000);
      expect(sent).toBe(body.length);
      const r = await client.response(1, 10_000);
      const result = json<{ length: number; sha256: string }>({ status: 200, body: r.body });
      expect(result).toMatchObject({ length: body.length, sha256: createHash('sha256').update(body).digest('hex') });
    },
  },
  {
    name: 'HTTP/2: a send() pending on flow control rejects with TSGI_CLIENT_DISCONNECTED when the client resets the stream',
    ids: ['FLOW-SEND-AFTER-DISCONNECT', 'FLOW-SEND-BACKPRESSURE'],
    protocols: H2,
    async run(ctx) {
      const rec = new Recorder<string>();
      const chunk = patternBytes(256 * KiB, 24);
      const server = await ctx.start(httpOnly(async (scope, _receive, send) => {
        if (scope.path === '/next') return respond(send, 200, 'next');
        await send({ type: 'http.response.start', status: 200 });
        for (;;) {
          const began = Date.now();
          try {
            await send({ type: 'http.response.body', body: chunk.slice(), moreBody: true });
          } catch (error) {
            rec.push(`rejected after ${Date.now() - began}ms: ${isClientDisconnected(error)}`);
            return;
          }
        }
      }));
      const client = await server.rawH2({ autoWindow: false });
      client.windowUpdate(0, 4 * MiB);
      client.request(1, h2Request(ctx.protocol, '/stream'));
      await sleep(600);
      client.reset(1, ErrorCode.CANCEL);
      const rejected = await rec.waitFor((e) => e.startsWith('rejected'), 5_000, 'the pending send() to reject');
      expect(rejected.endsWith(': true'), rejected).toBe(true);
      expect(Number(/after (\d+)ms/.exec(rejected)![1]), 'the send was pending until the reset').toBeGreaterThan(300);
      client.request(3, h2Request(ctx.protocol, '/next'));
      expect(text((await client.response(3)).body), 'the connection goes on').toBe('next');
    },
  },
  {
    name: 'HTTP/2 close(): GOAWAY (NO_ERROR, last stream id); the open stream finishes; a new stream is not served',
    ids: ['SERVER-SHUTDOWN-GRACEFUL'],
    protocols: H2,
    async run(ctx) {
      const gate = new Gate();
      const calls = new Recorder<string>();
      const server = await ctx.start(slowPathApp(gate, calls), { shutdownTimeout: 5_000 });
      const client = await server.rawH2();
      client.request(1, h2Request(ctx.protocol, '/slow'));
      await calls.waitFor((p) => p === '/slow');
      const closing = server.close();
      const goaway = await client.waitFor((f) => f.type === FrameType.GOAWAY, 3_000, 'GOAWAY');
      expect(goaway.payload.readUInt32BE(4), 'GOAWAY error code').toBe(ErrorCode.NO_ERROR);
      await sleep(100);
      const last = client.frames.filter((f) => f.type === FrameType.GOAWAY).at(-1)!;
      expect(last.payload.readUInt32BE(0) & 0x7fffffff, 'last stream id').toBe(1);
      client.request(3, h2Request(ctx.protocol, '/late'));
      await sleep(200);
      expect(calls.events, 'a stream opened after GOAWAY is not served').toEqual(['/slow']);
      gate.open();
      const r = await client.response(1);
      expect(r.resetCode).toBeNull();
      expect(text(r.body)).toBe('done /slow');
      await withTimeout(closing, 5_000, 'close()');
      expect(await client.waitForClose(3_000), 'the connection is closed after the last stream').toBe(true);
    },
  },
  {
    name: 'HTTP/2 keep-alive: an open stream keeps the session; with none open it is closed after keepAliveTimeout',
    ids: ['SERVER-TIMEOUTS'],
    protocols: H2,
    async run(ctx) {
      const keepAliveTimeout = 400;
      const gate = new Gate();
      const calls = new Recorder<string>();
      const server = await ctx.start(slowPathApp(gate, calls), { keepAliveTimeout });
      const client = await server.rawH2();
      client.request(1, h2Request(ctx.protocol, '/slow'));
      await calls.waitFor((p) => p === '/slow');
      await sleep(3 * keepAliveTimeout); // the app is slow, not the session idle
      expect(client.frames.some((f) => f.type === FrameType.GOAWAY), 'no GOAWAY while a stream is open').toBe(false);
      gate.open();
      expect(text((await client.response(1)).body)).toBe('done /slow');
      await sleep(keepAliveTimeout / 2);
      client.request(3, h2Request(ctx.protocol, '/again')); // a stream within the idle time is served...
      expect(text((await client.response(3)).body)).toBe('done /again');
      const idleFrom = Date.now(); // ...and the idle time starts again when it closes
      const goaway = await client.waitFor((f) => f.type === FrameType.GOAWAY, 4_000, 'GOAWAY after the idle time');
      // Timers may fire a little early against this clock; well short of the timeout would be a bug.
      expect(Date.now() - idleFrom, 'idle time before GOAWAY (ms)').toBeGreaterThanOrEqual(keepAliveTimeout - 100);
      expect(goaway.payload.readUInt32BE(4), 'GOAWAY error code').toBe(ErrorCode.NO_ERROR);
      expect(goaway.payload.readUInt32BE(0) & 0x7fffffff, 'last stream id').toBe(3);
      expect(await client.waitForClose(3_000), 'the connection is closed').toBe(true);
    },
  },
];

/** HTTP/2 flow-control and shutdown scenarios. */
export const h2FlowCases: CaseGroup = { topic: 'HTTP/2 flow control and shutdown', cases };
