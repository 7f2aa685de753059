/** @module Scenarios on app failures and invalid messages. */
import { expect } from 'vitest';
import { header } from '../clients/response-parser.js';
import { FAILURE_MARKER, failingApp, type FailurePoint } from '../probes/failing.js';
import { INVALID_SENDS, invalidMessageApp } from '../probes/invalid.js';
import { CaptureLogger } from '../logger.js';
import { Recorder } from '../recorder.js';
import { isH2, type CaseGroup, type ConformanceCase } from '../types.js';
import { byteString, sleep, text } from '../util.js';
import { ALL, get } from './helpers.js';

function before(point: FailurePoint, description: string, ids: string[]): ConformanceCase {
  const throws = point.startsWith('throw');
  return {
    name: `${description}: clean 500 text/plain "Internal Server Error", no error text on the wire, logged`,
    ids: ['APP-ERROR-BEFORE-START', ...ids],
    protocols: ALL,
    async run(ctx) {
      const server = await ctx.start(failingApp(point));
      const response = await server.fetch();
      expect(response.status).toBe(500);
      expect(header(response, 'content-type')).toBe('text/plain; charset=utf-8');
      expect(text(response.body)).toBe('Internal Server Error');
      expect(response.complete).toBe(true);
      const wire = `${response.headers.map(([n, v]) => `${n}: ${v}`).join('\n')}\n${byteString(response.body)}`;
      expect(wire).not.toContain(FAILURE_MARKER);
      expect(wire).not.toMatch(/\n\s+at /);
      await sleep(50);
      const errors = server.log.at('error');
      expect(errors.length, 'the failure is logged at error level').toBeGreaterThanOrEqual(1);
      if (throws) {
        const logged = errors.map((e) => CaptureLogger.textOf(e)).join('\n');
        expect(logged).toContain(FAILURE_MARKER);
        expect(logged, 'the log carries the stack').toMatch(/\n\s+at /);
      }
    },
  };
}

function truncated(point: FailurePoint, description: string, ids: string[], level: 'error' | 'warn', needle: string): ConformanceCase {
  return {
    name: `${description}: the response is cut off (HTTP/1.x: the connection closed; HTTP/2: RST_STREAM), never a hang`,
    ids,
    protocols: ALL,
    async run(ctx) {
      const server = await ctx.start(failingApp(point));
      if (isH2(ctx.protocol)) {
        const connection = await server.connection();
        const response = await connection.fetch();
        expect(response.status).toBe(200);
        expect(response.complete, 'the client sees an incomplete response').toBe(false);
        expect(response.resetCode, 'RST_STREAM INTERNAL_ERROR').toBe(0x2);
        expect(text(response.body)).toBe('partial-');
        expect((await connection.fetch()).status, 'the connection goes on').toBe(200);
        await sleep(50);
        expect(server.log.has(level, needle), `a ${level} mentioning "${needle}"`).toBe(true);
        return;
      }
      const client = await server.connect();
      await client.write(get('/'));
      const response = await client.readResponse({ timeoutMs: 5_000 });
      expect(response.status).toBe(200);
      expect(response.complete, 'the client sees an incomplete response').toBe(false);
      expect(text(response.body)).toBe('partial-');
      expect(client.closedByPeer).toBe(true);
      await sleep(50);
      expect(server.log.has(level, needle), `a ${level} mentioning "${needle}"`).toBe(true);
    },
  };
}

const INVALID_IDS: Record<string, string[]> = {
  'body before start': ['HTTP-START-FIRST'],
  'second start': ['HTTP-START-FIRST'],
  'message of an extension not advertised': ['EXT-ADVERTISED'],
  'body after the response is complete': ['HTTP-BODY-END'],
  'start after the response is complete': ['HTTP-BODY-END'],
};

function invalidCase(name: string): ConformanceCase {
  const kind = INVALID_SENDS[name]!;
  const ids = ['MSG-INVALID', ...(INVALID_IDS[name] ??
    (name.startsWith('status') ? ['HTTP-START-STATUS'] : name.includes('header') ? ['HTTP-START-HEADERS'] : []))];
  return {
    name: `invalid message (${name}): send() rejects with TSGI_INVALID_MESSAGE and nothing reaches the wire`,
    ids,
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(invalidMessageApp(rec));
      const client = await server.connect();
      await client.write(get(`/${encodeURIComponent(name)}`) + get('/body%20before%20start'));
      const response = await client.readResponse();
      const outcome = await rec.waitFor((e) => e.startsWith(`${name}:`), 3_000, 'the probe to record the outcome');
      expect(outcome).toBe(`${name}: code=TSGI_INVALID_MESSAGE name=InvalidMessageError`);
      if (kind.before === 'nothing') {
        expect(response.status, 'the app recovered with a valid start').toBe(200);
        expect(header(response, 'x-recovered')).toBe('yes');
        expect(text(response.body)).toBe('recovered');
      } else {
        expect(response.status, 'the first start still stands').toBe(202);
        expect(header(response, 'x-first')).toBe('stands');
        expect(text(response.body)).toBe(kind.before === 'complete' ? 'done' : 'recovered');
      }
      // the pipelined follow-up proves no stray bytes of the invalid message were written
      const next = await client.readResponse();
      expect(text(next.body)).toBe('recovered');
      const wire = client.receivedText().toLowerCase();
      expect(wire).not.toContain('x-bad');
      expect(wire).not.toContain('x-injected');
    },
  };
}

const cases: ConformanceCase[] = [
  before('throw-before-start', 'app throws before the start', []),
  before('throw-sync', 'app throws synchronously', ['APP-CALLABLE']),
  before('throw-after-start', 'app throws after the start, before any body', ['HTTP-START-DEFER']),
  before('return-without-response', 'app returns without a response', []),
  before('return-after-start', 'app returns after the start, before any body', ['HTTP-START-DEFER']),
  truncated('throw-mid-body', 'app throws mid-body', ['APP-ERROR-AFTER-START'], 'error', FAILURE_MARKER),
  truncated('return-mid-body', 'app returns mid-body', ['APP-RETURN-INCOMPLETE'], 'warn', 'app returned before completing the response'),
  {
    name: 'app throws after the response is complete: the response is unaffected, the error is logged',
    ids: ['APP-ERROR-AFTER-START'],
    protocols: ALL,
    async run(ctx) {
      const server = await ctx.start(failingApp('throw-after-complete'));
      const response = await server.fetch();
      expect(response.complete).toBe(true);
      expect(text(response.body)).toBe('partial-complete');
      await sleep(50);
      expect(server.log.has('error', FAILURE_MARKER)).toBe(true);
    },
  },
  ...Object.keys(INVALID_SENDS).map(invalidCase),
];

/** Scenarios on app failures and invalid messages. */
export const errorCases: CaseGroup = { topic: 'app errors and invalid messages', cases };
