import { describe, expect, it } from 'vitest';
import { h2RequestHead } from '../src/headers.js';

describe('h2RequestHead', () => {
  it('drops the pseudo-headers and puts :authority first as host when the request has no host', () => {
    const head = h2RequestHead([
      ':method', 'GET', ':scheme', 'https', ':authority', 'example.test', ':path', '/a?b',
      'user-agent', 'x', 'accept', '*/*',
    ]);
    expect(head).toEqual({
      method: 'GET',
      path: '/a?b',
      headers: [['host', 'example.test'], ['user-agent', 'x'], ['accept', '*/*']],
    });
  });

  it('keeps a host field where it is and adds none from :authority', () => {
    const head = h2RequestHead([':method', 'GET', ':authority', 'a.test', ':path', '/', 'accept', '*/*', 'host', 'b.test']);
    expect(head.headers).toEqual([['accept', '*/*'], ['host', 'b.test']]);
  });

  it('makes a list with no holes, in order, repeats kept, values trimmed', () => {
    const head = h2RequestHead([':method', 'POST', ':path', '/', 'x', ' 1 ', 'x', '2', 'cookie', 'a=1']);
    expect(head.headers).toHaveLength(3);
    expect(Object.keys(head.headers)).toEqual(['0', '1', '2']);
    expect(head.headers).toEqual([['x', '1'], ['x', '2'], ['cookie', 'a=1']]);
  });

  it('CONNECT: no :path gives a null path; no fields give an empty list', () => {
    expect(h2RequestHead([':method', 'CONNECT', ':authority', 'a.test:443'])).toEqual({
      method: 'CONNECT',
      path: null,
      headers: [['host', 'a.test:443']],
    });
    expect(h2RequestHead([':method', 'GET', ':path', '/']).headers).toEqual([]);
  });
});
