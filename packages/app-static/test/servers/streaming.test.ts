/**
 * A 50 MiB file to a slow reader, on both servers and every protocol, sent by the server (pathsend) and by the
 * app's own chunks: the client pauses for a second after the first bytes, then reads everything. The body must
 * arrive whole (sha256), and memory must stay far below the file size: the servers run in this process, so its
 * RSS is theirs (plus the client's, which keeps nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIG_SIZE, MODES, MiB, PROTOCOLS, SERVERS, gc, makeTree, openFds, startStatic, streamGet, waitFor, type Running, type Tree } from './helpers.js';

let tree: Tree;
beforeAll(async () => {
  tree = makeTree({ big: true });
  // Warm-up: the first large transfers in a process grow V8's young generation and the malloc arenas that hold
  // freed 64 KiB chunks until a GC (about 35 MiB of RSS that stays, whichever server sends; measured). One full
  // transfer through a throwaway server pays that before any measurement, so each test measures its own growth.
  // (What the server holds while the client is slow is measured apart, with a GC, during the pause.)
  const warm = await startStatic(SERVERS[0][1], tree.root, { pathsend: false });
  try {
    const reply = await streamGet('HTTP/1.1', warm, '/big.bin');
    expect(reply.sha256).toBe(tree.bigHash);
  } finally {
    await warm.close();
  }
});
afterAll(() => tree?.cleanup());

/** Memory the transfer may add: the file is 50 MiB, a bounded pipeline needs a few chunks and socket buffers. */
const RSS_LIMIT = 32 * MiB;
/** Buffers still alive (after a GC) while the client is paused: a few chunks and write buffers, not the file. */
const HELD_LIMIT = 8 * MiB;

describe.each(SERVERS)('a 50 MiB file on the %s server', (_name, serve) => {
  describe.each(MODES)('sent by %s', (mode, options) => {
    let running: Running;
    beforeAll(async () => {
      running = await startStatic(serve, tree.root, options);
    });
    afterAll(async () => {
      await running?.close();
      expect(running.violations.map((v) => v.message)).toEqual([]);
      expect(running.logger.errors).toEqual([]);
      expect(running.appErrors).toEqual([]);
      // The pathsend mode tests the server's path only if the server offered it.
      if (mode === 'pathsend') expect(running.scopes.pathsend).toBe(running.scopes.http);
    });

    it.each(PROTOCOLS)('over %s: a slow reader gets every byte, and memory stays bounded', async (protocol) => {
      gc();
      const before = process.memoryUsage();
      let duringPause: NodeJS.MemoryUsage | undefined;
      let openDuringPause = -1;
      const reply = await streamGet(protocol, running, '/big.bin', {
        pauseMs: 1000,
        duringPause: () => {
          gc(); // what is still held while the client does not read: what the server buffered
          duringPause = process.memoryUsage();
          openDuringPause = openFds('/big.bin');
        },
        timeoutMs: 30_000,
      });
      await waitFor(() => openFds('/big.bin') === 0, 5_000, 'big.bin to be closed after the response');
      expect(reply.status).toBe(200);
      expect(reply.headers['content-length']).toBe(String(BIG_SIZE));
      expect(reply.bytes).toBe(BIG_SIZE);
      expect(reply.sha256).toBe(tree.bigHash);
      expect(duringPause, 'the pause came before the end of the body').toBeDefined();
      expect(openDuringPause, 'big.bin is open once (by the app or the server) while it is sent').toBe(1);
      const mib = (n: number) => `${(n / MiB).toFixed(1)} MiB`;
      const held = duringPause!.arrayBuffers - before.arrayBuffers;
      expect(held, `buffers held during the pause: ${mib(held)}`).toBeLessThan(HELD_LIMIT);
      // While the client is stalled a server without backpressure would have read the whole file by now; RSS after
      // the transfer also counts freed chunks not yet given back to the OS, so the pause is the moment to measure.
      const grew = duringPause!.rss - before.rss;
      expect(grew, `RSS grew from ${mib(before.rss)} to ${mib(duringPause!.rss)} during the pause`).toBeLessThan(RSS_LIMIT);
    }, 40_000);
  });
});
