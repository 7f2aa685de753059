/**
 * A client that leaves in the middle of a large file (after about 1 MiB), on both servers and every protocol, with
 * the file sent by the server (pathsend) and by the app's own chunks: the server stays healthy (the next request
 * succeeds), logs no error (FLOW-DISCONNECT-NOT-LOGGED), the app call ends, and the file is closed.
 */
import { isClientDisconnected } from '@tsgi/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIG_SIZE,
  MODES,
  MiB,
  PATTERN_SIZE,
  PROTOCOLS,
  SERVERS,
  makeTree,
  openFds,
  patternBytes,
  request,
  startStatic,
  streamGet,
  waitFor,
  type Running,
  type Tree,
} from './helpers.js';

let tree: Tree;
beforeAll(() => {
  tree = makeTree({ big: true });
});
afterAll(() => tree?.cleanup());

const PATTERN = patternBytes();

describe.each(SERVERS)('a client leaving mid-file on the %s server', (_name, serve) => {
  describe.each(MODES)('sent by %s', (mode, options) => {
    let running: Running;
    beforeAll(async () => {
      running = await startStatic(serve, tree.root, options);
    });
    afterAll(async () => {
      await running?.close();
      expect(running.violations.map((v) => v.message)).toEqual([]);
      if (mode === 'pathsend') expect(running.scopes.pathsend).toBe(running.scopes.http);
    });

    it.each(PROTOCOLS)('over %s: the server stays healthy and logs no error', async (protocol) => {
      const errorsBefore = running.appErrors.length;
      const left = await streamGet(protocol, running, '/big.bin', { abortAfter: MiB, timeoutMs: 10_000 });
      expect(left.status).toBe(200);
      expect(left.headers['content-length']).toBe(String(BIG_SIZE));
      expect(left.bytes).toBeGreaterThanOrEqual(MiB);
      expect(left.bytes).toBeLessThan(BIG_SIZE);

      // The app call ends (its send() rejects or the server's file send stops) and the file is closed.
      await waitFor(() => running.active() === 0, 5_000, 'the app call to end after the client left');
      await waitFor(() => openFds('/big.bin') === 0, 5_000, 'big.bin to be closed after the client left');

      // The server still answers, on a new connection, byte for byte.
      const next = await request(protocol, running, { target: '/pattern.bin' });
      expect(next.status).toBe(200);
      expect(next.body.equals(PATTERN)).toBe(true);
      expect(next.body.byteLength).toBe(PATTERN_SIZE);

      // A client that left is not an app failure: nothing at 'error' level (FLOW-DISCONNECT-NOT-LOGGED), and if the
      // app call ended in an error, it is the disconnect error that send() rejected with.
      expect(running.logger.errors).toEqual([]);
      const errors = running.appErrors.slice(errorsBefore);
      expect(errors.length).toBeLessThanOrEqual(1);
      for (const error of errors) expect(isClientDisconnected(error), String(error)).toBe(true);
    });
  });
});
