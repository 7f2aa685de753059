import { app } from '@tsgi/app-hello';
import { describe, expect, it } from 'vitest';
import { validate, validateScopeRejection } from '../src/index.js';
import { fakeServer, httpScope, request } from './helpers.js';

describe('the hello app under the validator', () => {
  it.each(['GET', 'HEAD'])('%s: no violation in either mode, and the response is as without the validator', async (method) => {
    const reported: unknown[] = [];
    for (const wrapped of [validate(app), validate(app, { onViolation: (v) => reported.push(v) })]) {
      const server = fakeServer([request('upload', true), request('ed')]);
      await wrapped(httpScope({ method }), server.receive, server.send);
      const bare = fakeServer([request('upload', true), request('ed')]);
      await app(httpScope({ method }), bare.receive, bare.send);
      expect(server.sent).toEqual(bare.sent);
      expect(server.sent[0]).toMatchObject({ type: 'http.response.start', status: 200 });
      expect(server.yielded).toHaveLength(2);
    }
    expect(reported).toEqual([]);
  });

  it('rejects an unknown scope type (APP-UNKNOWN-SCOPE)', async () => {
    await expect(validateScopeRejection(app)).resolves.toBeUndefined();
  });
});
