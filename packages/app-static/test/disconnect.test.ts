/**
 * A client that leaves mid-file: reading stops and the file handle is closed. `node:fs/promises` is wrapped so the
 * test sees every FileHandle the app opens, its reads and its close.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isClientDisconnected } from '@tsgi/spec';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { staticFiles } from '../src/index.js';
import { runApp } from './fake-server.js';

const tracker = vi.hoisted(() => ({ handles: [] as { path: string; reads: number; closed: boolean }[] }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof actual.open = async (path, ...rest) => {
    const handle = await actual.open(path, ...rest);
    const record = { path: String(path), reads: 0, closed: false };
    tracker.handles.push(record);
    const read = handle.read.bind(handle) as (...args: unknown[]) => ReturnType<typeof handle.read>;
    const close = handle.close.bind(handle);
    Object.assign(handle, {
      read: (...args: unknown[]) => {
        record.reads++;
        return read(...args);
      },
      close: async () => {
        record.closed = true;
        return close();
      },
    });
    return handle;
  };
  return { ...actual, open, default: { ...actual, open } };
});

const KiB = 1024;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'app-static-disconnect-'));
  writeFileSync(join(dir, 'ten.bin'), Buffer.alloc(10 * 1024 * KiB, 7));
  writeFileSync(join(dir, 'small.txt'), 'small\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  tracker.handles.length = 0;
});

describe('client disconnect', () => {
  it('stops reading after the rejected send and closes the handle', async () => {
    const res = await runApp(staticFiles(dir), { rawPath: '/ten.bin', disconnectAfterBodyMessages: 3, sendDelay: 'immediate' });
    expect(isClientDisconnected(res.error)).toBe(true); // the error escapes; servers do not log it (FLOW-DISCONNECT-NOT-LOGGED)
    expect(res.bodyMessages).toBe(3);
    expect(res.bodyLength).toBe(3 * 64 * KiB);
    expect(tracker.handles).toHaveLength(1);
    expect(tracker.handles[0]!.reads).toBe(4); // three chunks sent, the fourth read but refused; nothing after
    expect(tracker.handles[0]!.closed).toBe(true);
  });

  it('closes the handle when the client is gone before the response starts', async () => {
    const res = await runApp(staticFiles(dir), { rawPath: '/ten.bin', disconnectAfterBodyMessages: 0 });
    expect(isClientDisconnected(res.error)).toBe(true);
    expect(res.bodyMessages).toBe(0);
    expect(tracker.handles[0]!.reads).toBe(0);
    expect(tracker.handles[0]!.closed).toBe(true);
  });

  it('stops after a send that was pending when the client left', async () => {
    // The client leaves while the send of the second chunk is pending; that send rejects.
    const res = await runApp(staticFiles(dir), { rawPath: '/ten.bin', disconnectWhilePending: 1, sendDelay: 5 });
    expect(isClientDisconnected(res.error)).toBe(true);
    expect(res.bodyMessages).toBe(2);
    expect(res.types.filter((t) => t === 'http.response.body')).toHaveLength(2);
    expect(tracker.handles[0]!.reads).toBe(2);
    expect(tracker.handles[0]!.closed).toBe(true);
  });

  it('ends in an error, and closes the handle, when the file shrinks while it is sent', async () => {
    const path = join(dir, 'shrinking.bin');
    writeFileSync(path, Buffer.alloc(1024 * KiB, 1));
    const res = await runApp(staticFiles(dir), {
      rawPath: '/shrinking.bin',
      onBodyChunk: (_chunk, index) => {
        if (index === 0) truncateSync(path, 100 * KiB);
      },
    });
    expect(res.error).toBeInstanceOf(Error);
    expect(String(res.error)).toMatch(/shrank/);
    expect(res.complete).toBe(false);
    expect(tracker.handles[0]!.closed).toBe(true);
  });

  it('closes every handle it opens: complete responses, 304, 412, 416, 404', async () => {
    const app = staticFiles(dir);
    const full = await runApp(app, { rawPath: '/small.txt' });
    const etag = full.header('etag')!;
    await runApp(app, { rawPath: '/small.txt', headers: [['if-none-match', etag]] });
    await runApp(app, { rawPath: '/small.txt', headers: [['if-match', '"x"']] });
    await runApp(app, { rawPath: '/small.txt', headers: [['range', 'bytes=100-']] });
    await runApp(app, { rawPath: '/missing.txt' });
    await runApp(app, { rawPath: '/small.txt', method: 'HEAD' });
    await runApp(app, { rawPath: '/small.txt', pathsend: true });
    expect(tracker.handles).toHaveLength(4); // HEAD, pathsend and 404 open nothing
    expect(tracker.handles.every((h) => h.closed)).toBe(true);
  });
});
