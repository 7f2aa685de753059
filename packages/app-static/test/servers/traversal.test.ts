/**
 * Hostile request targets against the static files app on both servers and every protocol: each is answered 400
 * or 404, and no response carries a byte of a file outside the root (or the dotfile inside it). The targets are
 * sent as given: raw bytes on an HTTP/1.1 socket, `:path` unchanged on h2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOT_MARKER, MARKER, PROTOCOLS, SERVERS, makeTree, request, startStatic, type Running, type Tree } from './helpers.js';

/** Targets in origin-form, sent on every protocol. */
const HOSTILE: readonly string[] = [
  '/../outside.txt',
  '/../../../../../../etc/passwd',
  '/%2e%2e/outside.txt',
  '/%2E%2E/outside.txt',
  '/%2E%2E%2Foutside.txt',
  '/..%2foutside.txt',
  '/..%2Foutside.txt',
  '/..%5coutside.txt',
  '/..\\outside.txt',
  '/%2e%2e%5c%2e%2e%5coutside.txt',
  '/sub/../../outside.txt',
  '/sub/%2e%2e/%2e%2e/outside.txt',
  '/./../outside.txt',
  '/.%2e/outside.txt',
  '/%2e./outside.txt',
  '/sub/..',
  '/..',
  '/../rootx/outside.txt',
  '/%00',
  '/index.html%00.txt',
  '/sub/..%00/outside.txt',
  '/%0d%0aset-cookie:%20x=1',
  '/.secret',
  '/%2esecret',
  '/%2Esecret',
  '/sub/../.secret',
  '/sub/%2e%2e/.secret',
  '/link-out/x',
  '/link-out/outside.txt',
  '/link-out/',
  '/link-file',
  '/link-abs',
  '/link-rootx',
  '//etc/passwd',
  '///outside.txt',
  '/sub//../../outside.txt',
  '/C:/Windows/win.ini',
  '/c:%5cwindows%5cwin.ini',
  '/sub%2f..%2f..%2foutside.txt',
  '/link-out%2fx',
  '/%c0%ae%c0%ae/outside.txt',
  '/%e0%80%ae%e0%80%ae/outside.txt',
  '/%c0%af..%c0%afoutside.txt',
  '/%252e%252e/outside.txt',
  '/%u002e%u002e/outside.txt',
  '/%ef%bc%8e%ef%bc%8e/outside.txt',
  '/..;/outside.txt',
  '/....//outside.txt',
  '/sub/../../outside.txt?x=1',
  '/%2e%2e/outside.txt#frag',
];

/** Absolute-form targets (RFC 9112 §3.2.2), meaningful on HTTP/1.1 only. */
const HOSTILE_H1_ONLY: readonly string[] = [
  'http://127.0.0.1/../outside.txt',
  'http://127.0.0.1/%2e%2e/outside.txt',
  'http://127.0.0.1/link-out/x',
];

const FORBIDDEN_TEXT = [MARKER, DOT_MARKER, 'root:x:0:0'];

/** `server protocol target` → status, to check that the app answers the same everywhere. */
const statuses = new Map<string, number>();

describe.each(SERVERS)('traversal on the %s server', (name, serve) => {
  let tree: Tree;
  let running: Running;
  beforeAll(async () => {
    tree = makeTree();
    running = await startStatic(serve, tree.root);
  });
  afterAll(async () => {
    await running?.close();
    tree?.cleanup();
    expect(running.violations.map((v) => v.message)).toEqual([]);
    expect(running.logger.errors).toEqual([]);
  });

  describe.each(PROTOCOLS)('over %s', (protocol) => {
    const targets = protocol === 'HTTP/1.1' ? [...HOSTILE, ...HOSTILE_H1_ONLY] : HOSTILE;
    it.each(targets)('%s: 400 or 404, nothing from outside the root', async (target) => {
      const reply = await request(protocol, running, { target });
      statuses.set(`${name} ${protocol} ${target}`, reply.status);
      expect([400, 404], `status for ${target}`).toContain(reply.status);
      const body = reply.body.toString('latin1');
      for (const text of FORBIDDEN_TEXT) expect(body).not.toContain(text);
      expect(JSON.stringify(reply.headers)).not.toContain(MARKER);
      expect(reply.headers['set-cookie']).toBeUndefined();
    });

    it('a legitimate file next to them is served (the table does not pass by refusing everything)', async () => {
      const reply = await request(protocol, running, { target: '/sub/inner.txt' });
      expect(reply.status).toBe(200);
      expect(reply.body.toString()).toBe('inner\n');
    });
  });
});

describe('the same answers everywhere', () => {
  it('each target gets the same status on both servers and every protocol (the app decides, not the server)', () => {
    expect(statuses.size).toBe(SERVERS.length * (PROTOCOLS.length * HOSTILE.length + HOSTILE_H1_ONLY.length));
    const differing: string[] = [];
    for (const target of HOSTILE) {
      const seen = SERVERS.flatMap(([name]) => PROTOCOLS.map((protocol) => `${name} ${protocol}: ${statuses.get(`${name} ${protocol} ${target}`)}`));
      if (new Set(seen.map((s) => s.split(': ')[1])).size !== 1) differing.push(`${target} -> ${seen.join(', ')}`);
    }
    for (const target of HOSTILE_H1_ONLY) {
      const seen = SERVERS.map(([name]) => `${name}: ${statuses.get(`${name} HTTP/1.1 ${target}`)}`);
      if (new Set(seen.map((s) => s.split(': ')[1])).size !== 1) differing.push(`${target} -> ${seen.join(', ')}`);
    }
    expect(differing).toEqual([]);
  });
});
