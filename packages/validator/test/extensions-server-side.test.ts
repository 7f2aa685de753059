import { describe, expect, it } from 'vitest';
import { ALL_EXTENSIONS, body, expectViolation, httpScope, runReporting, runThrowing, sending, start } from './helpers.js';

const ok = sending(start(), body());
const host: [string, string] = ['host', 'example.com'];
const TRAILERS = { 'http.response.trailers': {} };
const HINTS = { 'http.response.earlyHints': {} };

/** [requirement, name, a good scope (overrides), a bad scope (overrides)]: where a server may advertise an extension. */
const CASES: ReadonlyArray<readonly [string, string, Record<string, unknown>, Record<string, unknown>]> = [
  ['EXT-TRAILERS-ADVERTISED', 'on every HTTP/2 request, never on HTTP/1.0',
    { httpVersion: '2', extensions: TRAILERS }, { httpVersion: '1.0', extensions: TRAILERS, headers: [host, ['te', 'trailers']] }],
  ['EXT-TRAILERS-ADVERTISED', 'on HTTP/1.1 only with a te field listing trailers',
    { extensions: TRAILERS, headers: [host, ['te', 'trailers']] }, { extensions: TRAILERS, headers: [host] }],
  ['EXT-TRAILERS-ADVERTISED', 'te lists trailers among other codings, in any case',
    { extensions: TRAILERS, headers: [host, ['te', 'gzip;q=0.5, Trailers']] }, { extensions: TRAILERS, headers: [host, ['te', 'gzip, deflate']] }],
  ['EXT-TRAILERS-ADVERTISED', 'a second te field counts too; a coding named like it does not',
    { extensions: TRAILERS, headers: [host, ['te', 'gzip'], ['te', 'trailers']] }, { extensions: TRAILERS, headers: [host, ['te', 'x-trailers']] }],
  ['EXT-EARLYHINTS-ADVERTISED', 'on HTTP/1.1, never on HTTP/1.0',
    { httpVersion: '1.1', extensions: HINTS }, { httpVersion: '1.0', extensions: HINTS }],
  ['EXT-EARLYHINTS-ADVERTISED', 'on HTTP/2, never on HTTP/1.0 (path send is fine there)',
    { httpVersion: '2', extensions: ALL_EXTENSIONS }, { httpVersion: '1.0', extensions: { 'http.response.pathsend': {}, ...HINTS } }],
  ['HTTP-SCOPE-EXTENSIONS', 'each extension value is an object',
    { httpVersion: '1.0', extensions: { 'http.response.pathsend': {} } }, { extensions: { 'http.response.pathsend': true } }],
  ['HTTP-SCOPE-EXTENSIONS', 'an object, not an array',
    { extensions: { 'http.response.earlyHints': { v: 1 } } }, { extensions: { 'http.response.earlyHints': [] } }],
];

describe('server side: which extensions a request may be given', () => {
  it.each(CASES)('%s: %s', async (requirement, _name, good, bad) => {
    expect((await runReporting(ok, httpScope(good))).violations).toEqual([]);
    expect((await runReporting(ok, httpScope(bad))).violations).toEqual([{ requirement, side: 'server' }]);
    expectViolation(await runThrowing(ok, httpScope(bad)), requirement, 'server');
  });

  it('EXT-TRAILERS-ADVERTISED and EXT-EARLYHINTS-ADVERTISED are both named on an HTTP/1.0 request with everything', async () => {
    const out = await runReporting(ok, httpScope({ httpVersion: '1.0', extensions: ALL_EXTENSIONS }));
    expect(out.violations).toEqual([
      { requirement: 'EXT-TRAILERS-ADVERTISED', side: 'server' },
      { requirement: 'EXT-EARLYHINTS-ADVERTISED', side: 'server' },
    ]);
  });
});
