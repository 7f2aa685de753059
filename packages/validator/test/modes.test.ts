import type { Application, ReceiveMessage, SendMessage } from '@tsgi/spec';
import { describe, expect, it } from 'vitest';
import { isValidationError, requirementLink, validate, validateScopeRejection, ValidationError } from '../src/index.js';
import { body, expectViolation, fakeServer, httpScope, request, runReporting, runThrowing, sending, start } from './helpers.js';

describe('pass-through: the validator adds no behaviour', () => {
  it('messages go both ways unchanged, as the same objects, bodies included', async () => {
    const incoming = [request('ab', true), request('c')];
    const server = fakeServer(incoming);
    const got: ReceiveMessage[] = [];
    const outgoing = [start(200, [['content-length', '3']]), body('x', true), body('yz')] as SendMessage[];
    const app: Application = async (_s, receive, send) => {
      got.push(await receive(), await receive());
      for (const m of outgoing) await send(m);
    };
    await validate(app)(httpScope(), server.receive, server.send);
    expect(got).toHaveLength(2);
    got.forEach((m, i) => expect(m).toBe(incoming[i]));
    expect((got[0] as { body: Uint8Array }).body).toBe((incoming[0] as { body: Uint8Array }).body);
    expect(server.sent).toHaveLength(3);
    server.sent.forEach((m, i) => expect(m).toBe(outgoing[i]));
    expect((server.sent[2] as { body: Uint8Array }).body).toBe((outgoing[2] as { body: Uint8Array }).body);
  });

  it('the scope object reaches the app unchanged (same object)', async () => {
    const scope = httpScope();
    let seen: unknown;
    await validate(async (s, r, send) => { seen = s; await sending(start(), body())(s, r, send); })(scope, fakeServer().receive, fakeServer().send);
    expect(seen).toBe(scope);
  });

  it('an error the app throws passes through unchanged in both modes (throwing before start is allowed)', async () => {
    const error = new Error('boom');
    const app: Application = async () => { throw error; };
    expect(await runThrowing(app)).toBe(error);
    const out = await runReporting(app);
    expect(out.thrown).toBe(error);
    expect(out.violations).toEqual([]);
  });

  it('a synchronous throw from the app becomes a rejection (as a server treats it, APP-CALLABLE)', async () => {
    const error = new Error('sync');
    const app = ((): Promise<void> => { throw error; }) as Application;
    await expect(validate(app)(httpScope(), fakeServer().receive, fakeServer().send)).rejects.toBe(error);
  });
});

describe('throw mode (default): the violation surfaces where it happens', () => {
  it('an app-side violation is thrown from send(), and the message does not reach the server', async () => {
    const server = fakeServer();
    let fromSend: unknown;
    const bad = start(204, [['content-length', '5']]) as SendMessage;
    const app: Application = async (_s, receive, send) => {
      await receive();
      try { await send(bad); } catch (e) { fromSend = e; }
    };
    const result = await validate(app)(httpScope(), server.receive, server.send).catch((e: unknown) => e);
    expectViolation(fromSend, 'HTTP-RESP-NOBODY', 'app');
    expect(fromSend).toBeInstanceOf(ValidationError);
    expect(server.sent).toEqual([]);
    expect(result).toBe(fromSend); // caught by the app, it still fails the call
  });

  it('a server-side violation is thrown from receive(), with the message it yielded not returned', async () => {
    const server = fakeServer([{ type: 'http.request', body: 'text', moreBody: false }]);
    let fromReceive: unknown;
    const app: Application = async (_s, receive) => {
      try { await receive(); } catch (e) { fromReceive = e; }
    };
    await validate(app)(httpScope(), server.receive, server.send).catch(() => undefined);
    expectViolation(fromReceive, 'HTTP-REQUEST-BODY', 'server');
  });

  it('a second pending receive() rejects at once, the first still resolves', async () => {
    const server = fakeServer();
    const app: Application = async (_s, receive, send) => {
      const first = receive();
      await expect(receive()).rejects.toMatchObject({ requirement: 'FLOW-RECEIVE-PULL', side: 'app' });
      await first;
      await send(start() as SendMessage);
      await send(body() as SendMessage);
    };
    expectViolation(await runThrowing(app, httpScope(), server), 'FLOW-RECEIVE-PULL', 'app');
  });

  it('the error: name, stable code, requirement, side, message with the spec link', () => {
    const error = new ValidationError('HTTP-RESP-NOBODY', 'app', 'sent 4 bytes on a 204');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ValidationError');
    expect(error.code).toBe('TSGI_VALIDATION');
    expect(error.message).toBe('the app broke HTTP-RESP-NOBODY (spec/http.md#HTTP-RESP-NOBODY): sent 4 bytes on a 204');
    expect(isValidationError(error)).toBe(true);
    expect(isValidationError({ code: 'TSGI_VALIDATION' })).toBe(true);
    expect(isValidationError(new Error('x'))).toBe(false);
    expect(requirementLink('MSG-INVALID')).toBe('gateway.md#MSG-INVALID');
    expect(requirementLink('LIFESPAN-SHUTDOWN')).toBe('lifespan.md#LIFESPAN-SHUTDOWN');
    expect(requirementLink('SERVER-CONTINUE')).toBe('http.md#SERVER-CONTINUE');
  });
});

describe('report mode (onViolation function): report and pass through unchanged', () => {
  it('a bad message is reported and still sent to the server, and send() resolves', async () => {
    const server = fakeServer();
    const reported: ValidationError[] = [];
    const bad = body('null') as SendMessage;
    const app: Application = async (_s, receive, send) => {
      await receive();
      await send(start(204) as SendMessage);
      await send(bad);
    };
    await validate(app, { onViolation: (v) => reported.push(v) })(httpScope(), server.receive, server.send);
    expect(reported.map((v) => [v.requirement, v.side])).toEqual([['HTTP-RESP-NOBODY', 'app']]);
    expect(reported[0]).toBeInstanceOf(ValidationError);
    expect(server.sent[1]).toBe(bad);
  });

  it('a bad message from the server is reported and still returned to the app', async () => {
    const odd = { type: 'http.request', body: new Uint8Array(), moreBody: 'no' };
    const server = fakeServer([odd]);
    const reported: string[] = [];
    let got: unknown;
    const app: Application = async (_s, receive, send) => {
      got = await receive();
      await send(start() as SendMessage);
      await send(body() as SendMessage);
    };
    await validate(app, { onViolation: (v) => reported.push(`${v.side}:${v.requirement}`) })(httpScope(), server.receive, server.send);
    expect(got).toBe(odd);
    expect(reported).toEqual(['server:HTTP-REQUEST-BODY']);
  });

  it('an app that returns incomplete is reported, and its promise resolves', async () => {
    const out = await runReporting(sending(start()));
    expect(out.thrown).toBeUndefined();
    expect(out.violations).toEqual([{ requirement: 'APP-ERROR-BEFORE-START', side: 'app' }]);
    expect(out.errors[0]?.message).toContain('gateway.md#APP-ERROR-BEFORE-START');
  });
});

describe('validateScopeRejection (APP-UNKNOWN-SCOPE)', () => {
  it('passes an app that throws for an unknown scope type, also when the app is validated', async () => {
    const app: Application = async (scope) => { if (scope.type !== 'http') throw new Error(`unsupported ${scope.type}`); };
    await expect(validateScopeRejection(app)).resolves.toBeUndefined();
    await expect(validateScopeRejection(validate(app))).resolves.toBeUndefined();
    const sync = ((): Promise<void> => { throw new Error('sync'); }) as Application;
    await expect(validateScopeRejection(sync)).resolves.toBeUndefined();
  });

  it('reports an app that returns normally', async () => {
    const error = await validateScopeRejection(async () => undefined).catch((e: unknown) => e);
    expectViolation(error, 'APP-UNKNOWN-SCOPE', 'app');
  });

  it('reports an app that uses receive() or send() on the unknown scope, even if it then throws', async () => {
    const app: Application = async (_s, receive) => { await receive(); };
    expectViolation(await validateScopeRejection(app).catch((e: unknown) => e), 'APP-UNKNOWN-SCOPE', 'app');
  });

  it('report mode hands the violation to the function and resolves', async () => {
    const reported: string[] = [];
    await validateScopeRejection(async () => undefined, { onViolation: (v) => reported.push(v.requirement) });
    expect(reported).toEqual(['APP-UNKNOWN-SCOPE']);
  });
});
