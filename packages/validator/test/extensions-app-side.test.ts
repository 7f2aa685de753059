import type { Application, SendMessage } from '@tsgi/spec';
import { describe, expect, it } from 'vitest';
import { requirementLink } from '../src/index.js';
import { body, DISCONNECT, earlyHints, expectViolation, fakeServer, H2_EXTENSIONS, httpScope, request, runReporting, runThrowing, sending, start, trailers } from './helpers.js';

/** One app-side check of an extension: an app that keeps the rule and one that breaks it, on the same scope. */
interface Case {
  readonly name: string;
  readonly requirement: string;
  readonly good: Application;
  readonly bad: Application;
  /** Overrides of the scope; default: HTTP/2 with all three extensions. */
  readonly scope?: Record<string, unknown>;
}

/** A start that announces trailers. */
const startT = (status = 200, headers: ReadonlyArray<readonly [string, string]> = []): unknown => start(status, headers, { trailers: true });
const sum: [string, string] = ['x-checksum', 'sha256=abc'];

const TRAILER_CASES: Case[] = [
  { name: 'trailers after a start with trailers: true and the final body', requirement: 'EXT-TRAILERS-ORDER',
    good: sending(startT(), body('a'), trailers([sum])), bad: sending(start(), body('a'), trailers([sum])) },
  { name: 'no trailers before the final body', requirement: 'EXT-TRAILERS-ORDER',
    good: sending(startT(), body('a', true), body('b'), trailers()), bad: sending(startT(), body('a', true), trailers(), body('b')) },
  { name: 'no trailers before the start', requirement: 'EXT-TRAILERS-ORDER',
    good: sending(startT(), body(), trailers()), bad: sending(trailers(), startT(), body()) },
  { name: 'no trailers between start and body', requirement: 'EXT-TRAILERS-ORDER',
    good: sending(startT(), body(), trailers()), bad: sending(startT(), trailers(), body()) },
  { name: 'complete at moreTrailers false: no trailers after it', requirement: 'EXT-TRAILERS-ORDER',
    good: sending(startT(), body(), trailers([sum], true), trailers([['x-b', '1']])), bad: sending(startT(), body(), trailers([sum]), trailers([['x-b', '1']])) },
  { name: 'only trailers after the final body of a response with trailers', requirement: 'EXT-TRAILERS-ORDER',
    good: sending(startT(), body('a'), trailers()), bad: sending(startT(), body('a'), body('b'), trailers()) },
  { name: 'announced trailers are sent before the app returns', requirement: 'APP-RETURN-INCOMPLETE',
    good: sending(startT(), body('a'), trailers()), bad: sending(startT(), body('a')) },
  { name: 'the trailers are completed (moreTrailers false) before the app returns', requirement: 'APP-RETURN-INCOMPLETE',
    good: sending(startT(), body(), trailers([sum], true), trailers()), bad: sending(startT(), body(), trailers([sum], true)) },
  { name: 'moreTrailers is a boolean', requirement: 'MSG-INVALID',
    good: sending(startT(), body(), { type: 'http.response.trailers' }), bad: sending(startT(), body(), { type: 'http.response.trailers', moreTrailers: 'no' }) },
  { name: 'trailers only when advertised', requirement: 'EXT-ADVERTISED', scope: { extensions: {} },
    good: sending(start(), body()), bad: sending(start(), body(), trailers()) },
  { name: 'no undefined message type under the extension name', requirement: 'MSG-INVALID',
    good: sending(startT(), body(), trailers()), bad: sending(startT(), body(), { type: 'http.response.trailers.more' }) },
  { name: 'trailer field names are lowercase tokens', requirement: 'EXT-TRAILERS-FIELDS',
    good: sending(startT(), body(), trailers([['grpc-status', '0']])), bad: sending(startT(), body(), trailers([['Grpc-Status', '0']])) },
  { name: 'no pseudo-header in trailers', requirement: 'EXT-TRAILERS-FIELDS',
    good: sending(startT(), body(), trailers([['server-timing', 'db;dur=53']])), bad: sending(startT(), body(), trailers([[':status', '200']])) },
  { name: 'trailer values without CR, LF or NUL', requirement: 'EXT-TRAILERS-FIELDS',
    good: sending(startT(), body(), trailers([['x-a', 'a b']])), bad: sending(startT(), body(), trailers([['x-a', 'a\r\nx-b: 1']])) },
  { name: 'trailer values are byte strings', requirement: 'EXT-TRAILERS-FIELDS',
    good: sending(startT(), body(), trailers([['x-a', 'caf\u00e9']])), bad: sending(startT(), body(), trailers([['x-a', '\u20ac']])) },
  { name: 'trailer headers are [name, value] pairs in an array', requirement: 'EXT-TRAILERS-FIELDS',
    good: sending(startT(), body(), trailers([])), bad: sending(startT(), body(), { type: 'http.response.trailers', headers: { 'x-a': '1' } }) },
];

/** RFC 9110 §6.5.1 and the connection-specific fields: never in trailers (EXT-TRAILERS-FIELDS). */
const FORBIDDEN = ['content-length', 'content-type', 'content-encoding', 'content-range', 'transfer-encoding', 'host',
  'authorization', 'set-cookie', 'connection', 'keep-alive', 'proxy-connection', 'upgrade'];

const HINT_CASES: Case[] = [
  { name: 'early hints before the start, as often as the app likes', requirement: 'EXT-EARLYHINTS-ORDER',
    good: sending(earlyHints(), earlyHints(), start(), body()), bad: sending(start(), earlyHints(), body()) },
  { name: 'no early hints after the response is complete', requirement: 'EXT-EARLYHINTS-ORDER',
    good: sending(earlyHints(), start(), body()), bad: sending(start(), body(), earlyHints()) },
  { name: 'early-hint names are lowercase tokens', requirement: 'EXT-EARLYHINTS-ORDER',
    good: sending(earlyHints([['link', '</a.js>; rel=preload']]), start(), body()), bad: sending(earlyHints([['Link', '</a.js>; rel=preload']]), start(), body()) },
  { name: 'early-hint values without CR, LF or NUL', requirement: 'EXT-EARLYHINTS-ORDER',
    good: sending(earlyHints([['link', '</a.js>']]), start(), body()), bad: sending(earlyHints([['link', '</a.js>\n']]), start(), body()) },
  { name: 'early-hint headers are required', requirement: 'EXT-EARLYHINTS-ORDER',
    good: sending(earlyHints([]), start(), body()), bad: sending({ type: 'http.response.earlyHints' }, start(), body()) },
  { name: 'no connection-specific field in a 103 (connection: close included)', requirement: 'EXT-EARLYHINTS-ORDER',
    good: sending(earlyHints([['link', '</a.js>'], ['x-hint', '1']]), start(), body()), bad: sending(earlyHints([['connection', 'close']]), start(), body()) },
  { name: 'no content-length in a 103', requirement: 'EXT-EARLYHINTS-ORDER',
    good: sending(earlyHints(), start(200, [['content-length', '0']]), body()), bad: sending(earlyHints([['content-length', '0']]), start(), body()) },
  { name: 'early hints only when advertised', requirement: 'EXT-ADVERTISED', scope: { extensions: {} },
    good: sending(start(), body()), bad: sending(earlyHints(), start(), body()) },
];

describe.each([['trailers', TRAILER_CASES], ['early hints', HINT_CASES]] as const)('app side of the %s extension', (_name, cases) => {
  describe.each(cases)('$requirement: $name', ({ requirement, good, bad, scope }) => {
    it('good app: no violation in either mode', async () => {
      expect((await runReporting(good, httpScope({ ...H2_EXTENSIONS, ...scope }))).violations).toEqual([]);
      expect(await runThrowing(good, httpScope({ ...H2_EXTENSIONS, ...scope }))).toBeUndefined();
    });
    it('bad app: throws the violation (side app), and reports it', async () => {
      expectViolation(await runThrowing(bad, httpScope({ ...H2_EXTENSIONS, ...scope })), requirement, 'app');
      expect((await runReporting(bad, httpScope({ ...H2_EXTENSIONS, ...scope }))).violations).toContainEqual({ requirement, side: 'app' });
    });
  });
});

describe('EXT-TRAILERS-FIELDS: fields that frame, route or authenticate the message are not trailers', () => {
  it.each(FORBIDDEN)('%s is refused (side app)', async (name) => {
    const bad = sending(start(200, [], { trailers: true }), body(), trailers([[name, '1']]));
    expectViolation(await runThrowing(bad, httpScope(H2_EXTENSIONS)), 'EXT-TRAILERS-FIELDS', 'app');
    const out = await runReporting(bad, httpScope(H2_EXTENSIONS));
    expect(out.violations.slice(0, 2)).toEqual([{ requirement: 'EXT-TRAILERS-FIELDS', side: 'app' }, { requirement: 'MSG-INVALID', side: 'server' }]);
    const good = sending(start(200, [], { trailers: true }), body(), trailers([[`x-${name}`, '1']]));
    expect((await runReporting(good, httpScope(H2_EXTENSIONS))).violations).toEqual([]);
  });
});

describe('trailers and early hints: what is not a violation', () => {
  it('EXT-TRAILERS-ORDER: until the trailers, the response is not complete, so a disconnect then means the client went', async () => {
    const app: Application = async (_s, receive, send) => {
      await receive();
      await send(start(200, [], { trailers: true }) as SendMessage);
      await send(body('a') as SendMessage);
      await receive(); // http.disconnect before the trailers: the client went, and the app may return
    };
    expect((await runReporting(app, httpScope(H2_EXTENSIONS), fakeServer([request(), DISCONNECT]))).violations).toEqual([]);
  });

  it('EXT-TRAILERS-WIRE: trailers on a 204 or for HEAD are still sent by the app; the server drops them', async () => {
    expect((await runReporting(sending(start(204, [], { trailers: true }), body(), trailers([sum])), httpScope(H2_EXTENSIONS))).violations).toEqual([]);
    const head = httpScope({ ...H2_EXTENSIONS, method: 'HEAD' });
    expect((await runReporting(sending(start(200, [], { trailers: true }), body('x'), trailers([sum])), head)).violations).toEqual([]);
  });

  it('EXT-TRAILERS-ADVERTISED: an HTTP/1.1 request with te: trailers may use trailers', async () => {
    const scope = httpScope({ extensions: { 'http.response.trailers': {} }, headers: [['host', 'h'], ['te', 'trailers']] });
    expect((await runReporting(sending(start(200, [], { trailers: true }), body(), trailers([sum])), scope)).violations).toEqual([]);
  });

  it('the extension ids link to extensions.md, the mechanism to gateway.md', async () => {
    expect(requirementLink('EXT-TRAILERS-ORDER')).toBe('extensions.md#EXT-TRAILERS-ORDER');
    expect(requirementLink('EXT-PATHSEND-FAIL')).toBe('extensions.md#EXT-PATHSEND-FAIL');
    expect(requirementLink('EXT-EARLYHINTS-ADVERTISED')).toBe('extensions.md#EXT-EARLYHINTS-ADVERTISED');
    expect(requirementLink('EXT-ADVERTISED')).toBe('gateway.md#EXT-ADVERTISED');
    const error = await runThrowing(sending(start(), earlyHints(), body()), httpScope(H2_EXTENSIONS));
    expect((error as Error).message).toContain('spec/extensions.md#EXT-EARLYHINTS-ORDER');
  });
});
