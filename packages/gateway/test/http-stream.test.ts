import { describe, expect, it } from 'vitest';
import { RuleWarnings } from '../src/app/rule-warnings.js';
import type { Logger } from '../src/logger.js';
import { HttpStream } from '../src/stream/http-stream.js';
import type { ResponseHead, StreamPort } from '../src/stream/port.js';

/** A port that records what the stream puts on the "wire". */
class FakePort implements StreamPort {
  head: ResponseHead | null = null;
  chunks: Uint8Array[] = [];
  ended = false;
  aborted: string | null = null;
  pulls = 0;
  flowing = true;
  pullBody(): void {
    this.pulls++;
  }
  start(head: ResponseHead, chunk: Uint8Array, end: boolean): boolean {
    this.head = head;
    return this.write(chunk, end);
  }
  write(chunk: Uint8Array, end: boolean): boolean {
    if (chunk.byteLength) this.chunks.push(chunk);
    if (end) this.ended = true;
    return this.flowing;
  }
  abort(reason: string): void {
    this.aborted = reason;
  }
  get body(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }
}

function setup(isHead = false) {
  const logs: string[] = [];
  const logger: Logger = {
    error: (m) => logs.push(`error ${m}`),
    warn: (m) => logs.push(`warn ${m}`),
    info: () => {},
    debug: () => {},
  };
  const port = new FakePort();
  const done: boolean[] = [];
  const stream = new HttpStream(port, { onResponseDone: (s) => done.push(s.aborted) }, { logger, warnings: new RuleWarnings(logger) }, isHead);
  return { port, stream, logs, done };
}

const bytes = (s: string) => new TextEncoder().encode(s);

describe('HttpStream receive (spec FLOW-RECEIVE-PULL, HTTP-REQUEST-BODY, FLOW-RECEIVE-WAIT)', () => {
  it('asks the protocol for body only when the app calls receive()', async () => {
    const { port, stream } = setup();
    expect(port.pulls).toBe(0);
    const first = stream.receive();
    expect(port.pulls).toBe(1);
    stream.onBody(bytes('ab'), true);
    expect(await first).toEqual({ type: 'http.request', body: bytes('ab'), moreBody: true });
    stream.onBody(bytes(''), false);
    expect(await stream.receive()).toEqual({ type: 'http.request', body: bytes(''), moreBody: false });
    expect(port.pulls).toBe(1);
  });

  it('after the body, receive() waits for the response to complete, then yields http.disconnect', async () => {
    const { stream } = setup();
    stream.onBody(new Uint8Array(0), false);
    await stream.receive();
    let settled = false;
    const waiting = stream.receive().then((m) => ((settled = true), m));
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    await stream.send({ type: 'http.response.start', status: 200 });
    await stream.send({ type: 'http.response.body' });
    expect(await waiting).toEqual({ type: 'http.disconnect' });
    expect(await stream.receive()).toEqual({ type: 'http.disconnect' });
  });
});

describe('HttpStream send (spec HTTP-START-DEFER, HTTP-RESP-*, FLOW-*)', () => {
  it('defers the head until the first body message', async () => {
    const { port, stream } = setup();
    await stream.send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain']] });
    expect(port.head).toBeNull();
    await stream.send({ type: 'http.response.body', body: bytes('hi') });
    expect(port.head?.status).toBe(200);
    expect(port.body).toBe('hi');
    expect(port.ended).toBe(true);
  });

  it('drops a 204 body and warns once per app and rule (HTTP-RESP-NOBODY, HTTP-RESP-RULE-POLICY)', async () => {
    const { port, stream, logs } = setup();
    await stream.send({ type: 'http.response.start', status: 204, headers: [['content-length', '4']] });
    await stream.send({ type: 'http.response.body', body: bytes('null') });
    expect(port.body).toBe('');
    expect(port.head?.headers.some(([n]) => n === 'content-length')).toBe(false);
    expect(logs.filter((l) => l.includes('HTTP-RESP-NOBODY'))).toHaveLength(1);
  });

  it('cuts a body past content-length (HTTP-RESP-LENGTH-OVER)', async () => {
    const { port, stream } = setup();
    await stream.send({ type: 'http.response.start', status: 200, headers: [['content-length', '3']] });
    await stream.send({ type: 'http.response.body', body: bytes('abcdef') });
    expect(port.body).toBe('abc');
    expect(port.aborted).toBeNull();
  });

  it('aborts a body shorter than content-length (HTTP-RESP-LENGTH-UNDER)', async () => {
    const { port, stream, done } = setup();
    await stream.send({ type: 'http.response.start', status: 200, headers: [['content-length', '10']] });
    await stream.send({ type: 'http.response.body', body: bytes('abc') });
    expect(port.aborted).not.toBeNull();
    expect(port.ended).toBe(false);
    expect(done).toEqual([true]);
  });

  it('rejects invalid sequences with TSGI_INVALID_MESSAGE (MSG-INVALID)', async () => {
    const { stream } = setup();
    await expect(stream.send({ type: 'http.response.body' })).rejects.toMatchObject({ code: 'TSGI_INVALID_MESSAGE' });
    await stream.send({ type: 'http.response.start', status: 200 });
    await expect(stream.send({ type: 'http.response.start', status: 200 })).rejects.toMatchObject({
      code: 'TSGI_INVALID_MESSAGE',
    });
    await stream.send({ type: 'http.response.body' });
    await expect(stream.send({ type: 'http.response.body' })).rejects.toMatchObject({ code: 'TSGI_INVALID_MESSAGE' });
    // @ts-expect-error an unknown message type
    await expect(stream.send({ type: 'http.response.push' })).rejects.toMatchObject({ code: 'TSGI_INVALID_MESSAGE' });
  });

  it('waits for drain when the port is full (FLOW-SEND-BACKPRESSURE)', async () => {
    const { port, stream } = setup();
    port.flowing = false;
    await stream.send({ type: 'http.response.start', status: 200 });
    let resolved = false;
    const sending = stream.send({ type: 'http.response.body', body: bytes('x'), moreBody: true }).then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(resolved).toBe(false);
    stream.onDrain();
    await sending;
    expect(resolved).toBe(true);
  });

  it('rejects a send waiting for drain, and every later send, once the client is gone (FLOW-SEND-AFTER-DISCONNECT)', async () => {
    const { port, stream } = setup();
    port.flowing = false;
    await stream.send({ type: 'http.response.start', status: 200 });
    const sending = stream.send({ type: 'http.response.body', body: bytes('x'), moreBody: true });
    stream.onDisconnect();
    await expect(sending).rejects.toMatchObject({ name: 'ClientDisconnectedError', code: 'TSGI_CLIENT_DISCONNECTED' });
    await expect(stream.send({ type: 'http.response.body' })).rejects.toMatchObject({ code: 'TSGI_CLIENT_DISCONNECTED' });
    expect(await stream.receive()).toEqual({ type: 'http.disconnect' });
  });
});

describe('HttpStream app outcome (spec APP-ERROR-*, APP-RETURN-INCOMPLETE, FLOW-DISCONNECT-NOT-LOGGED)', () => {
  it('answers 500 when the app fails before the head went out', async () => {
    const { port, stream, logs } = setup();
    await stream.send({ type: 'http.response.start', status: 200 });
    stream.appFailed(new Error('boom'));
    expect(port.head?.status).toBe(500);
    expect(port.body).toBe('Internal Server Error');
    expect(port.body).not.toContain('boom');
    expect(logs.some((l) => l.startsWith('error'))).toBe(true);
  });

  it('aborts when the app fails or returns after the head went out', async () => {
    for (const end of ['fail', 'return'] as const) {
      const { port, stream } = setup();
      await stream.send({ type: 'http.response.start', status: 200 });
      await stream.send({ type: 'http.response.body', body: bytes('part'), moreBody: true });
      if (end === 'fail') stream.appFailed(new Error('late'));
      else stream.appReturned();
      expect(port.aborted).not.toBeNull();
    }
  });

  it('answers 500 when the app returns without a response', () => {
    const { port, stream } = setup();
    stream.appReturned();
    expect(port.head?.status).toBe(500);
  });

  it('does not log a ClientDisconnectedError that escapes the app', async () => {
    const { stream, logs } = setup();
    stream.onDisconnect();
    const error = await stream.send({ type: 'http.response.start', status: 200 }).catch((e: unknown) => e);
    stream.appFailed(error);
    expect(logs).toEqual([]);
  });
});
