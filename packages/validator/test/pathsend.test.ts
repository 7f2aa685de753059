import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Application, SendMessage } from '@tsgi/spec';
import { ClientDisconnectedError, InvalidMessageError } from '@tsgi/spec';
import { describe, expect, it } from 'vitest';
import { body, expectViolation, fakeServer, H2_EXTENSIONS, httpScope, pathsend, request, runReporting, runThrowing, sending, start, trailers } from './helpers.js';

/** A regular file that exists: this test file. */
const FILE = fileURLToPath(import.meta.url);
/** A path that cannot be opened. */
const MISSING = join(tmpdir(), 'tsgi-validator-no-such-file-7f3a9c');
const CL = (n: number): [string, string] => ['content-length', String(n)];

/** [name, requirement, good app, bad app] on an HTTP/2 scope with all three extensions. */
const CASES: ReadonlyArray<readonly [string, string, Application, Application]> = [
  ['after the start', 'EXT-PATHSEND-ORDER', sending(start(), pathsend(FILE)), sending(pathsend(FILE), start())],
  ['before any body', 'EXT-PATHSEND-ORDER', sending(start(), pathsend(FILE)), sending(start(), body('a', true), pathsend(FILE))],
  ['not after the final body', 'EXT-PATHSEND-ORDER', sending(start(), pathsend(FILE)), sending(start(), body(), pathsend(FILE))],
  ['once', 'EXT-PATHSEND-ORDER', sending(start(), pathsend(FILE)), sending(start(), pathsend(FILE), pathsend(FILE))],
  ['it completes the response: no body after it', 'EXT-PATHSEND-ORDER', sending(start(), pathsend(FILE)), sending(start(), pathsend(FILE), body())],
  ['with trailers: true only trailers after it', 'EXT-PATHSEND-ORDER',
    sending(start(200, [], { trailers: true }), pathsend(FILE), trailers()), sending(start(200, [], { trailers: true }), pathsend(FILE), body('x'), trailers())],
  ['an absolute path', 'EXT-PATHSEND-ORDER', sending(start(), pathsend(FILE)), sending(start(), pathsend('static/index.html'))],
  ['a string path', 'EXT-PATHSEND-ORDER', sending(start(), pathsend(FILE)), sending(start(), { type: 'http.response.pathsend' })],
  ['offset an integer >= 0', 'EXT-PATHSEND-ORDER', sending(start(), pathsend(FILE, { offset: 0 })), sending(start(), pathsend(FILE, { offset: -1 }))],
  ['offset an integer', 'EXT-PATHSEND-ORDER', sending(start(), pathsend(FILE, { offset: 10 })), sending(start(), pathsend(FILE, { offset: 1.5 }))],
  ['length an integer >= 0', 'EXT-PATHSEND-ORDER', sending(start(), pathsend(FILE, { length: 0 })), sending(start(), pathsend(FILE, { length: -5 }))],
  ['length a number', 'EXT-PATHSEND-ORDER', sending(start(), pathsend(FILE, { length: 3 })), sending(start(), pathsend(FILE, { length: '3' }))],
  ['content-length equals the length asked for', 'EXT-PATHSEND-HEADERS',
    sending(start(200, [CL(10)]), pathsend(FILE, { offset: 5, length: 10 })), sending(start(200, [CL(11)]), pathsend(FILE, { length: 10 }))],
  ['content-length equals the length asked for (HEAD too)', 'EXT-PATHSEND-HEADERS',
    sending(start(200, [CL(0)]), pathsend(FILE, { length: 0 })), sending(start(200, [CL(0)]), pathsend(FILE, { length: 1 }))],
  ['pathsend only when advertised', 'EXT-ADVERTISED', sending(start(), body()), sending(start(), pathsend(FILE))],
  ['the body rules apply to the file: none on a 204', 'HTTP-RESP-NOBODY', sending(start(204), pathsend(FILE, { length: 0 })), sending(start(204), pathsend(FILE, { length: 4 }))],
  ['announced trailers follow the pathsend before the app returns', 'APP-RETURN-INCOMPLETE',
    sending(start(200, [], { trailers: true }), pathsend(FILE), trailers()), sending(start(200, [], { trailers: true }), pathsend(FILE))],
];

describe('app side of path send', () => {
  describe.each(CASES)('%s (%s)', (_name, requirement, good, bad) => {
    const scope = (): Record<string, unknown> => (requirement === 'EXT-ADVERTISED'
      ? httpScope({ extensions: {} })
      : httpScope({ ...H2_EXTENSIONS, method: _name.includes('HEAD') ? 'HEAD' : 'GET' })) as unknown as Record<string, unknown>;
    it('good app: no violation in either mode', async () => {
      expect((await runReporting(good, scope())).violations).toEqual([]);
      expect(await runThrowing(good, scope())).toBeUndefined();
    });
    it('bad app: throws the violation (side app), and reports it', async () => {
      expectViolation(await runThrowing(bad, scope()), requirement, 'app');
      expect((await runReporting(bad, scope())).violations).toContainEqual({ requirement, side: 'app' });
    });
  });

  it('EXT-PATHSEND-HEADERS applies only when length is given: content-length with a pathsend to the end of the file is not checked', async () => {
    expect((await runReporting(sending(start(200, [CL(999)]), pathsend(FILE)), httpScope(H2_EXTENSIONS))).violations).toEqual([]);
    expect((await runReporting(sending(start(200), pathsend(FILE, { length: 4 })), httpScope(H2_EXTENSIONS))).violations).toEqual([]);
  });

  it('EXT-PATHSEND-HEADERS is corrected, not rejected: the server accepting the message is no violation', async () => {
    const out = await runReporting(sending(start(200, [CL(2)]), pathsend(FILE, { length: 1 })), httpScope(H2_EXTENSIONS));
    expect(out.violations).toEqual([{ requirement: 'EXT-PATHSEND-HEADERS', side: 'app' }]);
  });
});

/** Sends a start, then a pathsend of `path`; if it is refused, answers with a body instead (as EXT-PATHSEND-FAIL allows). */
function pathsendOr500(path: string): Application {
  return async (_s, receive, send) => {
    await receive();
    await send(start() as SendMessage);
    try {
      await send(pathsend(path) as SendMessage);
    } catch {
      await send(body('Internal Server Error') as SendMessage);
    }
  };
}

/** A server whose send() rejects every pathsend with `error`. */
function refusing(error: unknown): ReturnType<typeof fakeServer> {
  return fakeServer([request()], { answer: async (m) => { if ((m as { type: string }).type === 'http.response.pathsend') throw error; } });
}

describe('server side of path send: how send() refuses a file (EXT-PATHSEND-FAIL)', () => {
  it('a missing file rejected with TSGI_INVALID_MESSAGE: no violation, and the response is as before the pathsend', async () => {
    const out = await runReporting(pathsendOr500(MISSING), httpScope(H2_EXTENSIONS), refusing(new InvalidMessageError('cannot open')));
    expect(out.violations).toEqual([]);
    // nothing of the response went: an app that then returns without a body is one that returned before the body
    const gaveUp: Application = async (s, r, send) => { await sending(start())(s, r, send); await send(pathsend(MISSING) as SendMessage).catch(() => undefined); };
    const after = await runReporting(gaveUp, httpScope(H2_EXTENSIONS), refusing(new InvalidMessageError('cannot open')));
    expect(after.violations).toEqual([{ requirement: 'APP-ERROR-BEFORE-START', side: 'app' }]);
  });

  it('a missing file rejected with another error: the server broke EXT-PATHSEND-FAIL', async () => {
    const enoent = Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
    const out = await runReporting(pathsendOr500(MISSING), httpScope(H2_EXTENSIONS), refusing(enoent));
    expect(out.violations).toEqual([{ requirement: 'EXT-PATHSEND-FAIL', side: 'server' }]);
    expectViolation(await runThrowing(pathsendOr500(MISSING), httpScope(H2_EXTENSIONS), refusing(enoent)), 'EXT-PATHSEND-FAIL', 'server');
  });

  it('a directory is not a regular file: the same rule', async () => {
    const out = await runReporting(pathsendOr500(tmpdir()), httpScope(H2_EXTENSIONS), refusing(new Error('EISDIR')));
    expect(out.violations).toEqual([{ requirement: 'EXT-PATHSEND-FAIL', side: 'server' }]);
    const good = await runReporting(pathsendOr500(tmpdir()), httpScope(H2_EXTENSIONS), refusing(new InvalidMessageError('not a file')));
    expect(good.violations).toEqual([]);
  });

  it('a file that opens, rejected with another error, is a server failure of another kind: passed through, no violation', async () => {
    const failure = new Error('socket write failed');
    const out = await runReporting(sending(start(), pathsend(FILE)), httpScope(H2_EXTENSIONS), refusing(failure));
    expect(out.thrown).toBe(failure);
    expect(out.violations).toEqual([]);
  });

  it('a client-disconnected rejection is left to FLOW-SEND-AFTER-DISCONNECT', async () => {
    const app: Application = async (s, r, send) => { await sending(start(), pathsend(MISSING))(s, r, send).catch(() => undefined); };
    const out = await runReporting(app, httpScope(H2_EXTENSIONS), refusing(new ClientDisconnectedError()));
    expect(out.violations).toEqual([]);
  });
});
