import { describe, expect, it } from 'vitest';
import type { Application, HttpScope, SendMessage } from '@tsgi/spec';
import { mount } from '../src/mount.js';

function scope(path: string, rootPath = ''): HttpScope {
  return {
    type: 'http', tsgi: { version: '1.0', specVersion: '1.1' }, httpVersion: '1.1', method: 'GET', scheme: 'http',
    path, rawPath: path, queryString: '', rootPath, headers: [], client: null, server: null, extensions: {}, state: {},
  };
}

/** An app that answers with the rootPath and route it was given. */
const probe = (name: string): Application => async (s, _r, send) => {
  if (s.type !== 'http') throw new Error('http only');
  const body = new TextEncoder().encode(`${name} root=${s.rootPath} route=${s.path.slice(s.rootPath.length)} path=${s.path}`);
  await send({ type: 'http.response.start', status: 200 });
  await send({ type: 'http.response.body', body });
};

async function call(app: Application, s: HttpScope): Promise<string> {
  const sent: SendMessage[] = [];
  await app(s, async () => ({ type: 'http.request', body: new Uint8Array(0), moreBody: false }), async (m) => void sent.push(m));
  const body = sent.find((m) => m.type === 'http.response.body') as { body: Uint8Array } | undefined;
  return body ? new TextDecoder().decode(body.body) : `status ${(sent[0] as { status: number }).status}`;
}

describe('mount (spec HTTP-SCOPE-PATH-ROOT)', () => {
  const app = mount([{ prefix: '/static', app: probe('static') }, { prefix: '/static/v2', app: probe('v2') }, { prefix: '', app: probe('root') }]);

  it('extends rootPath and leaves path alone', async () => {
    expect(await call(app, scope('/static/a/b.css'))).toBe('static root=/static route=/a/b.css path=/static/a/b.css');
  });
  it('prefers the longest prefix', async () => {
    expect(await call(app, scope('/static/v2/x'))).toBe('v2 root=/static/v2 route=/x path=/static/v2/x');
  });
  it('matches at segment boundaries only', async () => {
    expect(await call(app, scope('/staticky'))).toBe('root root= route=/staticky path=/staticky');
    expect(await call(app, scope('/static'))).toBe('static root=/static route= path=/static');
  });
  it('nests under the server\'s own rootPath', async () => {
    expect(await call(app, scope('/api/static/x', '/api'))).toBe('static root=/api/static route=/x path=/api/static/x');
  });
  it('answers 404 when nothing matches and there is no fallback', async () => {
    expect(await call(mount([{ prefix: '/a', app: probe('a') }]), scope('/b'))).toBe('Not Found\n');
  });
  it('rejects malformed prefixes and the lifespan scope', async () => {
    expect(() => mount([{ prefix: 'static', app: probe('x') }])).toThrow(TypeError);
    await expect(app({ type: 'lifespan', tsgi: { version: '1.0', specVersion: '1.0' }, state: {}, extensions: {} }, async () => ({ type: 'lifespan.startup' }), async () => {})).rejects.toThrow();
  });
});
