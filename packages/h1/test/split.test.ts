import { describe, expect, it } from 'vitest';
import { enc, runClient, runServer, splits } from './helpers.js';
import { REJECTIONS, VALID } from './vectors.js';

describe('input split at every byte boundary gives identical results', () => {
  it.each(VALID.map((v) => [v]))('valid stream %j', (raw) => {
    const bytes = enc(raw);
    const whole = runServer([bytes]);
    expect(whole.recs.some((r) => r.type === 'error')).toBe(false);
    for (const chunks of splits(bytes)) {
      const run = runServer(chunks);
      expect(run.recs).toEqual(whole.recs);
      expect(run.wire).toBe(whole.wire);
    }
  });

  it.each(REJECTIONS)('rejection: %s', (_name, raw, statusHint, code) => {
    const bytes = enc(raw);
    for (const chunks of splits(bytes)) {
      const err = runServer(chunks).recs.find((r) => r.type === 'error');
      expect(err).toEqual({ type: 'error', statusHint, code });
    }
  });

  it('a response (client role) split anywhere', () => {
    const raw =
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: b\r\n\r\n' +
      '4;e=1\r\nwiki\r\n5\r\npedia\r\n0\r\nx-t: 1\r\n\r\n';
    const bytes = enc(raw);
    const whole = runClient([bytes]);
    expect(whole.map((r) => r.type)).toEqual(['informational', 'response', 'body', 'end-of-message', 'connection-closed']);
    for (const chunks of splits(bytes)) expect(runClient(chunks)).toEqual(whole);
  });
});
